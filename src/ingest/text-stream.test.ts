import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlesOf, readAll, rejectsOf, SEEDS, tempDir, warningsOf } from "../../test/helpers.js";

const ALARABIYA = `Beirut - Muslimchronicle
U.S.-backed Syrian militias have launched an operation against ISIS in the north of Deir al-Zor province, a statement said on Saturday.
Spearheaded by the YPG, the SDF says it has taken 65 percent of Raqqa city from ISIS.
The Syrian army reached its enclave in Deir al-Zor city this week, breaching an ISIS siege that had lasted three years.
source: Alarabiya date 2017-09-09`;

const XINHUA = ` Source: Xinhua| 2017-09-09 19:03:53|Editor: Lu Hui

Syrian military vehicles take position on the outskirts of Deir al-Zour city in eastern Syria on Sept. 5, 2017. (Xinhua/Ammar Safarjalani)

DAMASCUS, Sept. 9 (Xinhua) -- The U.S.-backed Syrian Democratic Forces (SDF) declared an offensive against the Islamic State (IS) in the Deir al-Zour province.

The U.S.-backed SDF is already advancing in the northern city of Raqqa, capturing over 60 percent of the city.
source: Xinhua date 2017-09-09`;

const SANA = `Damascus - SANA
Six civilians were killed and 22 others injured when terrorists fired rocket shells on residential neighborhoods in Damascus.
The shells hit al-Qassaa and Bab Touma, a source at Damascus Police Command told SANA.
source: SANA date 2017-10-02`;

function folder(chunks: string[]): string {
  const dir = tempDir();
  chunks.forEach((c, i) => {
    writeFileSync(join(dir, `${String(i).padStart(3, "0")}_chunk.txt`), c);
  });
  return dir;
}

describe("text streams: the seeds", () => {
  it("reads the seeds folder as one stream of exactly two articles", async () => {
    const events = await readAll([SEEDS]);
    expect(rejectsOf(events)).toEqual([]);
    const [a, b, ...rest] = articlesOf(events);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      outlet: "Al Arabiya",
      via: "Muslimchronicle",
      dateline: "Beirut",
      published: "2017-09-09",
      publishedPrecision: "day",
      captions: [],
    });
    expect(a?.body[0]).toMatch(/^U\.S\.-backed Syrian militias have launched an operation/);
    expect(a?.body.at(-1)).toMatch(/not seeking war with Damascus\.$/);
    expect(b).toMatchObject({
      outlet: "Xinhua",
      published: "2017-09-09T19:03:53",
      publishedPrecision: "second",
      editor: "Lu Hui",
      dateline: "Damascus",
    });
    expect(b?.captions).toHaveLength(1);
    expect(b?.captions[0]).toMatch(/^Syrian military vehicles take position.*\(Xinhua\/Ammar Safarjalani\)$/);
    expect(b?.credits).toContain("Xinhua/Ammar Safarjalani");
    expect(b?.body[0]).toMatch(/^The U\.S\.-backed Syrian Democratic Forces \(SDF\) declared an offensive/);
    expect(b?.body.at(-1)).toMatch(/de facto capital of IS\.$/);
    // No trailer, header, byline or caption text remains in either body.
    for (const art of [a, b]) {
      const text = art?.body.join("\n") ?? "";
      expect(text).not.toMatch(
        /source:|Source:|Editor:|Muslimchronicle|DAMASCUS, Sept|Safarjalani|date 2017/,
      );
    }
    expect(b?.origin.file).toMatch(/004_9c95fbc646466f30\.txt$/);
    expect(a?.origin.file).toMatch(/000_05e38e71e5fb72b9\.txt$/);
  });
});

describe("text streams: splitting", () => {
  it("splits one file of many articles at their trailers", async () => {
    const dir = folder([`${ALARABIYA}\n${XINHUA}\n${SANA}\n`]);
    const arts = articlesOf(await readAll([dir]));
    expect(arts.map((a) => a.outlet)).toEqual(["Al Arabiya", "Xinhua", "SANA"]);
    expect(arts.map((a) => a.published)).toEqual(["2017-09-09", "2017-09-09T19:03:53", "2017-10-02"]);
    expect(arts[2]?.dateline).toBe("Damascus");
    expect(arts[2]?.via).toBeNull(); // the byline names the outlet itself, not a re-poster
    expect(arts.every((a) => a.flags.length === 0)).toBe(true);
  });

  it("gives the same articles whatever the chunk cuts, even inside a multi-byte character", async () => {
    const text = `${ALARABIYA}\n${XINHUA.replaceAll("Deir al-Zour", "Dayr az‑Zawr")}\n${SANA}\n`;
    const whole = articlesOf(await readAll([folder([text])]));
    const bytes = Buffer.from(text);
    const cutInside = bytes.indexOf(Buffer.from("‑")) + 1; // inside the 3-byte non-breaking hyphen
    const cuts = [37, bytes.indexOf(Buffer.from("source: Alarabiya")) + 17, cutInside, bytes.length - 30];
    const dir = tempDir();
    let prev = 0;
    cuts.forEach((cut, i) => {
      writeFileSync(join(dir, `${i}.txt`), bytes.subarray(prev, cut));
      prev = cut;
    });
    writeFileSync(join(dir, `${cuts.length}.txt`), bytes.subarray(prev));
    const chunked = articlesOf(await readAll([dir]));
    expect(chunked.map((a) => a.body)).toEqual(whole.map((a) => a.body));
    expect(chunked.map((a) => [a.outlet, a.published, a.dateline])).toEqual(
      whole.map((a) => [a.outlet, a.published, a.dateline]),
    );
    expect(chunked[1]?.body.join(" ")).toContain("Dayr az‑Zawr");
  });

  it("flags articles around a missing chunk as truncated instead of merging them", async () => {
    const text = `${ALARABIYA}\n${SANA}\n${XINHUA}\n`;
    const bytes = Buffer.from(text);
    // Chunk 1 ends inside the first article; the lost chunk held its end and the second article's beginning.
    const cut1 = bytes.indexOf(Buffer.from("Spearheaded"));
    const cut2 = bytes.indexOf(Buffer.from("source: SANA")) + "source: SANA".length;
    const dir = tempDir();
    writeFileSync(join(dir, "000.txt"), bytes.subarray(0, cut1));
    writeFileSync(join(dir, "002.txt"), bytes.subarray(cut2)); // starts " date 2017-10-02\n Source: Xinhua|…"
    const events = await readAll([dir]);
    const arts = articlesOf(events);
    expect(arts).toHaveLength(2);
    expect(arts[0]?.outlet).toBe("Muslimchronicle"); // its trailer was lost: the byline's outlet is all we know
    expect(arts[0]?.flags).toContain("truncated-end");
    expect(arts[0]?.body.join(" ")).not.toContain("Xinhua");
    expect(arts[1]?.outlet).toBe("Xinhua");
    expect(arts[1]?.flags).not.toContain("truncated-start");
    expect(warningsOf(events).some((w) => /missing/.test(w.message))).toBe(true);
  });

  it("flags an article that begins mid-sentence after a lost chunk", async () => {
    const text = `${ALARABIYA}\n${SANA}\n`;
    const bytes = Buffer.from(text);
    const dir = tempDir();
    writeFileSync(join(dir, "000.txt"), bytes.subarray(0, bytes.indexOf(Buffer.from("Damascus - SANA"))));
    writeFileSync(join(dir, "002.txt"), bytes.subarray(bytes.indexOf(Buffer.from("others injured"))));
    const arts = articlesOf(await readAll([dir]));
    expect(arts).toHaveLength(2);
    expect(arts[0]?.flags).toEqual([]);
    expect(arts[1]?.flags).toContain("truncated-start");
    expect(arts[1]?.outlet).toBe("SANA");
  });

  it("marks the last article of a stream that ends without its trailer", async () => {
    const arts = articlesOf(
      await readAll([folder([`${ALARABIYA}\nBeirut - Muslimchronicle\nFierce clashes went on near the`])]),
    );
    expect(arts).toHaveLength(2);
    expect(arts[1]?.flags).toEqual(expect.arrayContaining(["no-trailer", "truncated-end"]));
  });

  it("splits a trailer-less stream at wire headers and datelines", async () => {
    const text = `BEIRUT (Reuters) - Air strikes killed 12 people in Idlib on Monday, a monitor said.
The Syrian Observatory for Human Rights said children were among the dead.

Photo of the aftermath in Idlib city. (AFP/Omar Haj Kadour)

IDLIB, Syria, Jan. 9 (AFP) - Rescue workers searched the rubble on Tuesday.
Residents said the strikes hit a market.
`;
    const arts = articlesOf(await readAll([folder([text])]));
    expect(arts.map((a) => a.outlet)).toEqual(["Reuters", "AFP"]);
    expect(arts[0]?.dateline).toBe("Beirut");
    expect(arts[1]?.captions).toEqual(["Photo of the aftermath in Idlib city. (AFP/Omar Haj Kadour)"]);
    expect(arts[1]?.credits).toEqual(["AFP", "AFP/Omar Haj Kadour"]);
    expect(arts[1]?.body[0]).toBe("Rescue workers searched the rubble on Tuesday.");
  });

  it("joins hard-wrapped lines into paragraphs", async () => {
    const text = `Damascus - SANA
Six civilians were killed and 22 others injured when terrorists
fired rocket shells on residential neighborhoods in Damascus.

The shells hit al-Qassaa and Bab Touma, a source at Damascus
Police Command told SANA.
source: SANA date 2017-10-02
`;
    const arts = articlesOf(await readAll([folder([text])]));
    expect(arts[0]?.body).toEqual([
      "Six civilians were killed and 22 others injured when terrorists fired rocket shells on residential neighborhoods in Damascus.",
      "The shells hit al-Qassaa and Bab Touma, a source at Damascus Police Command told SANA.",
    ]);
  });

  it("rejects an article holding an over-long line and keeps the others", async () => {
    const dir = folder([`${ALARABIYA}\n${"x".repeat(5000)}\nsource: Foo date 2017-01-01\n${SANA}\n`]);
    const events = await readAll([dir], { maxLineBytes: 1000 });
    expect(articlesOf(events).map((a) => a.outlet)).toEqual(["Al Arabiya", "SANA"]);
    const [reject] = rejectsOf(events);
    expect(reject?.reason).toMatch(/5000 bytes long, over the 1000-byte line limit/);
    expect(reject?.where.record).toBe(2);
  });

  it("reads each subfolder as its own stream", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a/000.txt"), `${ALARABIYA}\n`);
    writeFileSync(join(dir, "b/000.txt"), `${SANA}\n`);
    const arts = articlesOf(await readAll([dir]));
    expect(arts.map((a) => a.outlet)).toEqual(["Al Arabiya", "SANA"]);
  });
});
