import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../knowledge/index.js";
import type { ArticleDraft, ReadEvent } from "../records.js";
import { htmlParagraphs, isHtml, readHtml } from "./html.js";

const book = loadKnowledge().outlets;
const only = (events: ReadEvent[]): ArticleDraft => {
  expect(events).toHaveLength(1);
  const [e] = events;
  if (e?.kind !== "article") throw new Error(`expected an article, got ${JSON.stringify(e)}`);
  return e.article;
};

const P1 =
  "Syrian government forces and their allies have pushed into the last Islamic State stronghold in the eastern province of Deir Ezzor, the Syrian Observatory for Human Rights said on Saturday.";
const P2 =
  "The advance, backed by Russian air strikes, comes days after the army broke a three-year siege of the government-held enclave in the provincial capital, residents told Al Jazeera.";
const P3 =
  "Activists said at least 30 civilians were killed in air strikes on boats crossing the Euphrates, a claim Moscow denied. The United Nations has called for safe corridors for those fleeing.";

const NEWS_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head>
  <meta charset="utf-8">
  <title>Syrian army pushes into Deir Ezzor | Syria News | Al Jazeera</title>
  <link rel="canonical" href="https://www.aljazeera.com/news/2017/9/9/syrian-army-pushes-into-deir-ezzor">
  <meta property="og:site_name" content="Al Jazeera English">
  <meta property="og:title" content="OG title should lose to JSON-LD">
  <meta property="og:url" content="https://www.aljazeera.com/og-url">
  <meta property="article:published_time" content="2017-09-01T00:00:00Z">
  <meta name="author" content="Meta Author">
  <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
    {"@type":"WebSite","name":"Al Jazeera","url":"https://www.aljazeera.com"},
    {"@type":"NewsArticle","@id":"https://www.aljazeera.com/news/2017/9/9/syrian-army-pushes-into-deir-ezzor#article",
     "headline":"Syrian army pushes into Deir Ezzor, monitor says","datePublished":"2017-09-09T14:20:05+03:00",
     "author":[{"@type":"Person","name":"Zena Tahhan"},{"@type":"Person","name":"Ali Younes"}],
     "publisher":{"@type":"Organization","name":"Aljazeera"},"articleSection":"News"}]}</script>
  <script>globalThis.__pwned = 1;</script>
  <style>.x { color: red }</style>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/features">Features</a></nav></header>
  <main>
    <article>
      <h1>Syrian army pushes into Deir Ezzor, monitor says</h1>
      <p>${P1}</p>
      <figure><img src=x onerror="globalThis.__pwned = 2"><figcaption>Smoke rises over Deir Ezzor after an air strike [Reuters]</figcaption></figure>
      <p>${P2}</p>
      <script>globalThis.__pwned = 3; document.write("INJECTED")</script>
      <p>${P3}</p>
    </article>
  </main>
  <footer><p>© 2017 Al Jazeera Media Network. All rights reserved.</p></footer>
</body>
</html>`;

describe("readHtml", () => {
  it("reads an article page with JSON-LD, Open Graph and meta tags, never running its scripts", () => {
    const events = readHtml(
      NEWS_PAGE,
      { file: "aj.html", url: "https://www.aljazeera.com/news/x?utm=1" },
      book,
    );
    const a = only(events);
    expect(a).toMatchObject({
      sourceId: "https://www.aljazeera.com/news/2017/9/9/syrian-army-pushes-into-deir-ezzor#article",
      outlet: "Al Jazeera",
      title: "Syrian army pushes into Deir Ezzor, monitor says",
      published: "2017-09-09T14:20:05+03:00",
      publishedPrecision: "second",
      byline: "Zena Tahhan, Ali Younes",
      url: "https://www.aljazeera.com/news/2017/9/9/syrian-army-pushes-into-deir-ezzor",
      language: "en",
      body: [P1, P2, P3],
      captions: ["Smoke rises over Deir Ezzor after an air strike [Reuters]"],
      origin: { format: "html", file: "aj.html", url: "https://www.aljazeera.com/news/x?utm=1", record: 1 },
    });
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    const json = JSON.stringify(events);
    for (const s of ["__pwned", "INJECTED", "onerror", "color: red", "All rights reserved", "Features"]) {
      expect(json).not.toContain(s);
    }
  });

  it("reads a page with only Open Graph and meta tags", () => {
    const page = `<!doctype html><html><head>
<meta property="og:site_name" content="Asharq Alawsat">
<meta property="og:title" content="Russia, Turkey Discuss Idlib De-escalation Zone">
<meta property="og:url" content="https://english.aawsat.com/home/article/1018436">
<meta property="article:published_time" content="2017-09-10">
<meta name="author" content="By Caroline Akoum">
<title>Russia, Turkey Discuss Idlib | ASHARQ AL-AWSAT English</title>
</head><body><div class="node">
<p>Beirut - Russian and Turkish officials met in Ankara to discuss the boundaries of a de-escalation zone in Syria's Idlib province, diplomatic sources said.</p>
<p>The talks come ahead of a new round of negotiations in Astana, where Iran is expected to join the two countries as a guarantor of the ceasefire.</p>
</div></body></html>`;
    const a = only(readHtml(page, { file: "aawsat.html" }, book));
    expect(a).toMatchObject({
      sourceId: null,
      outlet: "Asharq Al-Awsat",
      title: "Russia, Turkey Discuss Idlib De-escalation Zone",
      published: "2017-09-10",
      publishedPrecision: "day",
      byline: "Caroline Akoum",
      url: "https://english.aawsat.com/home/article/1018436",
      language: null,
      captions: [],
      body: [
        "Beirut - Russian and Turkish officials met in Ankara to discuss the boundaries of a de-escalation zone in Syria's Idlib province, diplomatic sources said.",
        "The talks come ahead of a new round of negotiations in Astana, where Iran is expected to join the two countries as a guarantor of the ceasefire.",
      ],
    });
    expect(a.origin).toEqual({ format: "html", file: "aawsat.html", record: 1 });
  });

  it("ignores malformed JSON-LD and names the outlet from the page's host", () => {
    const page = `<html lang="tr"><head><title>Turkish troops deploy to Idlib observation posts</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
<meta name="date" content="10/13/2017">
</head><body><article><p>Turkish troops have begun setting up observation posts in Syria's northwestern Idlib province as part of a de-escalation deal agreed with Russia and Iran.</p></article></body></html>`;
    const a = only(
      readHtml(
        page,
        { file: "trt.html", url: "https://www.trtworld.com/mea/turkish-troops-idlib-11234" },
        book,
      ),
    );
    expect(a).toMatchObject({
      outlet: "TRT World",
      title: "Turkish troops deploy to Idlib observation posts",
      published: "2017-10-13",
      publishedPrecision: "day",
      byline: null,
      url: "https://www.trtworld.com/mea/turkish-troops-idlib-11234",
      language: "tr",
      sourceId: null,
    });
    expect(a.body).toEqual([
      "Turkish troops have begun setting up observation posts in Syria's northwestern Idlib province as part of a de-escalation deal agreed with Russia and Iran.",
    ]);
  });

  it("reads a page without <html> or <body> tags", () => {
    const a = only(
      readHtml(
        `<title>Aleppo</title><p>Aid agencies said on Monday that convoys had reached eastern Aleppo for the first time in weeks.</p>`,
        { file: "frag.html" },
        book,
      ),
    );
    expect(a.title).toBe("Aleppo");
    expect(a.body).toEqual([
      "Aid agencies said on Monday that convoys had reached eastern Aleppo for the first time in weeks.",
    ]);
  });

  it("reads a pathologically nested page without handing it to Readability", () => {
    const deep = `${"<div>".repeat(2000)}Shelling hit Eastern Ghouta overnight.${"</div>".repeat(2000)}`;
    const a = only(
      readHtml(
        `<html><head><title>Ghouta</title></head><body>${deep}</body></html>`,
        { file: "deep.html" },
        book,
      ),
    );
    expect(a.title).toBe("Ghouta");
    expect(a.body).toEqual(["Shelling hit Eastern Ghouta overnight."]);
  });

  it("rejects a page with no readable text", () => {
    const page = `<!DOCTYPE html><html lang="en"><head><title>Page not found</title>
<script>globalThis.__pwned = 1</script></head><body><nav></nav><div> </div></body></html>`;
    expect(readHtml(page, { file: "404.html" }, book)).toEqual([
      { kind: "reject", where: { file: "404.html" }, reason: "HTML page has no readable article text" },
    ]);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  });
});

describe("htmlParagraphs", () => {
  it("splits blocks, keeps text around nested blocks, splits at double <br>, drops scripts", () => {
    expect(
      htmlParagraphs(
        "Lead text<div><p>One &amp; <i>only</i></p>tail</div><ul><li>Item</li></ul>A<br>B<br><br>C<script>x()</script>",
      ),
    ).toEqual({ body: ["Lead text", "One & only", "tail", "Item", "A B", "C"], captions: [] });
  });

  it("splits plain text without block elements as text", () => {
    expect(htmlParagraphs("First line &amp; more.\n\n<b>Second</b> line.")).toEqual({
      body: ["First line & more.", "Second line."],
      captions: [],
    });
  });
});

describe("isHtml", () => {
  it("recognises HTML documents and fragments", () => {
    expect(isHtml("<!DOCTYPE html>\n<html>")).toBe(true);
    expect(isHtml("\uFEFF  <html lang=en>")).toBe(true);
    expect(isHtml("<!-- saved page --><HEAD><title>x</title>")).toBe(true);
    expect(isHtml("<p>Damascus, Syria</p>")).toBe(true);
    expect(isHtml('<meta charset="utf-8"><article>')).toBe(true);
  });

  it("rejects feeds, JSON and text", () => {
    expect(
      isHtml('<?xml version="1.0"?><rss version="2.0"><channel><description>&lt;p&gt;x</description>'),
    ).toBe(false);
    expect(isHtml('<feed xmlns="http://www.w3.org/2005/Atom"><content type="html"><p>x</p>')).toBe(false);
    expect(isHtml('[{"body": "<p>Damascus</p>"}]')).toBe(false);
    expect(isHtml("DAMASCUS, Sept. 9 (Xinhua) -- <p>")).toBe(false);
  });
});
