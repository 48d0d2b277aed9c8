import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../knowledge/index.js";
import type { ArticleDraft, ReadEvent } from "../records.js";
import { isFeed, readFeed } from "./feed.js";

const book = loadKnowledge().outlets;
const articles = (events: ReadEvent[]): ArticleDraft[] =>
  events.flatMap((e) => (e.kind === "article" ? [e.article] : []));

const REUTERS_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Reuters</title>
    <link>https://www.reuters.com/news/world</link>
    <atom:link href="https://feeds.reuters.com/Reuters/worldNews" rel="self" type="application/rss+xml"/>
    <language>en-us</language>
    <image><title>Reuters World News</title><url>https://www.reuters.com/logo.png</url></image>
    <item>
      <title>Syrian army breaks Islamic State siege of Deir al-Zor</title>
      <link>https://www.reuters.com/article/us-mideast-crisis-syria-deirezzor-idUSKCN1BG0Z1</link>
      <guid isPermaLink="false">idUSKCN1BG0Z1</guid>
      <pubDate>Tue, 05 Sep 2017 14:03:53 GMT</pubDate>
      <dc:creator>Tom Perry</dc:creator>
      <description>Syrian government forces broke a years-long siege.</description>
      <content:encoded><![CDATA[<p>BEIRUT (Reuters) - Syrian government forces broke a years-long Islamic State siege of Deir al-Zor on Tuesday.</p>
<figure><img src="https://www.reuters.com/deir.jpg" alt=""><figcaption>Syrian army soldiers near Deir al-Zor, September 5, 2017. SANA/Handout via REUTERS</figcaption></figure>
<p>The city&#8217;s government-held enclave had been surrounded since 2014, a monitor said.</p>
<script>document.write("tracking")</script>]]></content:encoded>
    </item>
    <item>
      <title>Russia says strike killed Islamic State commanders near Deir al-Zor</title>
      <link>https://www.reuters.com/article/us-mideast-crisis-syria-russia-idUSKCN1BH1AB</link>
      <guid isPermaLink="false">idUSKCN1BH1AB</guid>
      <pubDate>Fri, 08 Sep 2017 09:15:00 +0300</pubDate>
      <author>newsroom@reuters.com (Jack Stubbs)</author>
      <description>&lt;p&gt;MOSCOW (Reuters) - Russia&amp;#8217;s defence ministry said on Friday an air strike killed four commanders.&lt;/p&gt;&lt;p&gt;The ministry gave no evidence.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>`;

describe("readFeed: RSS 2.0", () => {
  const events = readFeed(REUTERS_RSS, { file: "reuters.xml" }, book);
  const [first, second] = articles(events);

  it("reads every item as an article, in order", () => {
    expect(events.map((e) => e.kind)).toEqual(["article", "article"]);
    expect(first?.origin).toEqual({ format: "rss", file: "reuters.xml", record: 1 });
    expect(second?.origin.record).toBe(2);
  });

  it("takes the body from content:encoded, with figcaptions apart and scripts dropped", () => {
    expect(first?.body).toEqual([
      "BEIRUT (Reuters) - Syrian government forces broke a years-long Islamic State siege of Deir al-Zor on Tuesday.",
      "The city’s government-held enclave had been surrounded since 2014, a monitor said.",
    ]);
    expect(first?.captions).toEqual([
      "Syrian army soldiers near Deir al-Zor, September 5, 2017. SANA/Handout via REUTERS",
    ]);
    expect(JSON.stringify(events)).not.toContain("tracking");
  });

  it("reads metadata: guid, link, date, dc:creator, outlet, language", () => {
    expect(first).toMatchObject({
      sourceId: "idUSKCN1BG0Z1",
      url: "https://www.reuters.com/article/us-mideast-crisis-syria-deirezzor-idUSKCN1BG0Z1",
      title: "Syrian army breaks Islamic State siege of Deir al-Zor",
      published: "2017-09-05T14:03:53Z",
      publishedPrecision: "second",
      byline: "Tom Perry",
      outlet: "Reuters",
      language: "en",
    });
  });

  it("reads an entity-escaped description and the RSS author's name", () => {
    expect(second?.body).toEqual([
      "MOSCOW (Reuters) - Russia’s defence ministry said on Friday an air strike killed four commanders.",
      "The ministry gave no evidence.",
    ]);
    expect(second?.captions).toEqual([]);
    expect(second?.byline).toBe("Jack Stubbs");
    expect(second?.published).toBe("2017-09-08T09:15:00+03:00");
  });

  it("reads the same feed with CRLF line endings and a BOM", () => {
    const crlf = `\uFEFF${REUTERS_RSS.replace(/\n/g, "\r\n")}`;
    expect(isFeed(crlf)).toBe("rss");
    const again = articles(readFeed(crlf, { file: "reuters-crlf.xml" }, book));
    expect(again.map((a) => a.body)).toEqual([first?.body, second?.body]);
    expect(again[0]?.title).toBe(first?.title);
    expect(JSON.stringify(again)).not.toContain("\\r");
  });

  it("names the outlet from the item's link host when it is known", () => {
    const feed = `<rss version="2.0"><channel><title>Syria news digest</title>
      <item><title>Turkish troops enter Idlib</title><link>https://www.dailysabah.com/mideast/idlib</link>
      <description>Turkish troops entered Idlib province on Thursday.</description></item>
      <item><title>Aid convoy reaches Douma</title><link>https://example.org/douma</link>
      <description>An aid convoy reached Douma.</description></item></channel></rss>`;
    const [a, b] = articles(readFeed(feed, { file: "digest.xml" }, book));
    expect(a?.outlet).toBe("Daily Sabah");
    expect(b?.outlet).toBe("Syria news digest");
    expect(a?.language).toBeNull();
    expect(a?.sourceId).toBe("https://www.dailysabah.com/mideast/idlib");
  });

  it("rejects items without text", () => {
    const feed = `<rss version="2.0"><channel><title>TASS</title>
      <item><title>Headline only</title><link>https://tass.com/world/1</link></item>
      <item><link>https://tass.com/world/2</link><description>   </description></item>
      <item><title>Lavrov meets de Mistura</title><description>Russian Foreign Minister Sergei Lavrov met UN envoy Staffan de Mistura.</description></item>
      </channel></rss>`;
    const events = readFeed(feed, { file: "tass.xml" }, book);
    expect(events).toEqual([
      { kind: "reject", where: { file: "tass.xml", record: 1 }, reason: "feed item has a title but no text" },
      { kind: "reject", where: { file: "tass.xml", record: 2 }, reason: "feed item has no text" },
      expect.objectContaining({ kind: "article" }),
    ]);
    expect(articles(events)[0]?.outlet).toBe("TASS");
  });
});

describe("readFeed: Atom", () => {
  const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <title type="html">Al Jazeera English</title>
  <id>tag:aljazeera.com,2017:feed</id>
  <updated>2017-09-10T08:00:00Z</updated>
  <entry>
    <title>Syria's war: Idlib residents brace for offensive</title>
    <id>tag:aljazeera.com,2017:news/idlib-brace</id>
    <link rel="self" href="https://www.aljazeera.com/feeds/idlib-brace"/>
    <link rel="alternate" type="text/html" href="https://www.aljazeera.com/news/2017/09/idlib-brace.html"/>
    <published>2017-09-09T10:30:00+03:00</published>
    <updated>2017-09-09T12:00:00+03:00</updated>
    <author><name>Zena Tahhan</name></author>
    <author><name>Ali Younes</name></author>
    <source><title>Wire copy</title><id>tag:wire,2017:1</id><author><name>Wire Desk</name></author></source>
    <summary>Residents of Idlib fear a government offensive.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Residents of Idlib say they fear a government offensive <b>after</b> the fall of Aleppo.</p>
      <blockquote><p>"We have nowhere else to go," said Abu Mohammed.</p></blockquote>
    </div></content>
  </entry>
  <entry>
    <title type="html">Turkey &amp;amp; Russia agree on de-escalation zone</title>
    <id>tag:aljazeera.com,2017:news/astana</id>
    <link href="/news/2017/09/astana.html"/>
    <updated>2017-09-15</updated>
    <content type="html">&lt;p&gt;Turkey, Russia and Iran agreed in Astana on Friday.&lt;/p&gt;</content>
  </entry>
</feed>`;
  const events = readFeed(ATOM, { file: "aj.atom", url: "https://www.aljazeera.com/xml/rss/all.xml" }, book);
  const [a, b] = articles(events);

  it("reads entries with alternate links, authors, dates and language", () => {
    expect(events).toHaveLength(2);
    expect(a).toMatchObject({
      sourceId: "tag:aljazeera.com,2017:news/idlib-brace",
      url: "https://www.aljazeera.com/news/2017/09/idlib-brace.html",
      title: "Syria's war: Idlib residents brace for offensive",
      published: "2017-09-09T10:30:00+03:00",
      publishedPrecision: "second",
      byline: "Zena Tahhan, Ali Younes",
      outlet: "Al Jazeera",
      language: "en",
    });
    expect(a?.origin).toEqual({
      format: "atom",
      file: "aj.atom",
      url: "https://www.aljazeera.com/xml/rss/all.xml",
      record: 1,
    });
  });

  it("prefers content over summary and reads inline XHTML", () => {
    expect(a?.body).toEqual([
      "Residents of Idlib say they fear a government offensive after the fall of Aleppo.",
      '"We have nowhere else to go," said Abu Mohammed.',
    ]);
  });

  it("decodes HTML titles and content, resolves relative links, falls back to updated", () => {
    expect(b).toMatchObject({
      title: "Turkey & Russia agree on de-escalation zone",
      url: "https://www.aljazeera.com/news/2017/09/astana.html",
      published: "2017-09-15",
      publishedPrecision: "day",
      byline: null,
      body: ["Turkey, Russia and Iran agreed in Astana on Friday."],
    });
  });
});

describe("readFeed: RSS 1.0 (RDF)", () => {
  it("reads items that follow the channel, with dc:date and dc:creator", () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://sana.sy/en/">
    <title>Syrian Arab News Agency</title>
    <link>https://sana.sy/en/</link>
    <dc:language>en</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://sana.sy/en/?p=112233"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://sana.sy/en/?p=112233">
    <title>Army units restore security to new areas in Deir Ezzor countryside</title>
    <link>https://sana.sy/en/?p=112233</link>
    <dc:date>2017-09-09T19:03</dc:date>
    <dc:creator>Hazem Sabbagh</dc:creator>
    <description>Deir Ezzor, SANA- Army units restored security to several villages.

Engineering units dismantled explosive devices.</description>
  </item>
</rdf:RDF>`;
    expect(isFeed(rdf)).toBe("rss");
    const events = readFeed(rdf, { file: "sana.rdf" }, book);
    expect(events).toHaveLength(1);
    expect(articles(events)[0]).toMatchObject({
      sourceId: "https://sana.sy/en/?p=112233",
      url: "https://sana.sy/en/?p=112233",
      outlet: "SANA",
      published: "2017-09-09T19:03",
      publishedPrecision: "minute",
      byline: "Hazem Sabbagh",
      language: "en",
      body: [
        "Deir Ezzor, SANA- Army units restored security to several villages.",
        "Engineering units dismantled explosive devices.",
      ],
      origin: { format: "rss", file: "sana.rdf", record: 1 },
    });
  });
});

describe("readFeed: hostile and broken XML", () => {
  const ENTITY_REASON =
    "XML declares entities in its DOCTYPE (possible external-entity or expansion attack); refused";

  it("refuses a billion-laughs entity bomb", () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`;
    expect(readFeed(bomb, { file: "bomb.xml" }, book)).toEqual([
      { kind: "reject", where: { file: "bomb.xml" }, reason: ENTITY_REASON },
    ]);
  });

  it("refuses an external entity and never reads the file it names", () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE rss [ <!eNtItY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>x</title><item><title>Leak</title><description>&xxe;</description></item></channel></rss>`;
    const events = readFeed(xxe, { file: "xxe.xml" }, book);
    expect(events).toEqual([{ kind: "reject", where: { file: "xxe.xml" }, reason: ENTITY_REASON }]);
    expect(JSON.stringify(events)).not.toContain("root:");
  });

  it("does not fetch an external DTD; the undefined entity it would define is a parse error", () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>x</title><item><title>Leak</title><description>&passwd;</description></item></channel></rss>`;
    const events = readFeed(xxe, { file: "dtd.xml" }, book);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "reject", where: { file: "dtd.xml" } });
    expect((events[0] as { reason: string }).reason).toMatch(
      /^malformed XML at line 3 column \d+: undefined entity/,
    );
    expect(JSON.stringify(events)).not.toContain("root:");
  });

  it("keeps the items read before a syntax error, then rejects", () => {
    const broken = `<rss version="2.0"><channel><title>Anadolu Agency</title>
<item><title>Turkey sends reinforcements to Syria border</title><description>Turkey sent more troops to its border with Syria.</description></item>
<item><title>Second</title><description>Broken <b>markup</description></item>
</channel></rss>`;
    const events = readFeed(broken, { file: "aa.xml" }, book);
    expect(events.map((e) => e.kind)).toEqual(["article", "reject"]);
    expect(articles(events)[0]).toMatchObject({
      outlet: "Anadolu Agency",
      title: "Turkey sends reinforcements to Syria border",
      body: ["Turkey sent more troops to its border with Syria."],
    });
    expect(events[1]).toMatchObject({ kind: "reject", where: { file: "aa.xml" } });
    expect((events[1] as { reason: string }).reason).toMatch(/^malformed XML at line 3 column \d+: .+/);
  });

  it("rejects a document that is not XML at all", () => {
    const events = readFeed("not xml", { file: "junk.xml" }, book);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "reject", where: { file: "junk.xml" } });
  });
});

describe("isFeed", () => {
  it("sniffs RSS, RDF and Atom past the prolog", () => {
    expect(isFeed('<?xml version="1.0"?>\n<rss version="2.0">')).toBe("rss");
    expect(isFeed('\uFEFF<!-- generated --><rdf:RDF xmlns:rdf="x">')).toBe("rss");
    expect(
      isFeed(
        '<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
      ),
    ).toBe("atom");
    expect(isFeed('<!DOCTYPE feed [ <!ELEMENT feed ANY> ]>\r\n<atom:feed xmlns:atom="x">')).toBe("atom");
  });

  it("says null for anything else", () => {
    expect(isFeed("<!DOCTYPE html><html><body><p>Hi</p>")).toBeNull();
    expect(isFeed('{"feed": []}')).toBeNull();
    expect(isFeed("<rsss>")).toBeNull();
    expect(isFeed("")).toBeNull();
  });
});
