import { describe, expect, it } from "vitest";
import type { LinkFeatures } from "./features.js";
import { contentWords, stem } from "./features.js";
import { StreamLinker } from "./linker.js";
import { MemoryStoryPort } from "./memory.js";
import { addArticle, mergeProfiles, profileOf } from "./profile.js";
import { similarity, UNDATED_GAP } from "./similarity.js";

const STOP = new Set(["the", "in", "of", "a", "on", "and", "said"]);

/** Link features written by hand: the words of a title and lead, a day, a place and a governorate. */
function report(
  id: string,
  text: string,
  opts: {
    day?: string;
    outlet?: string;
    place?: string | null;
    admin1?: string | null;
    type?: string;
    killed?: number | null;
    reprintOf?: string;
  } = {},
): LinkFeatures {
  const terms = new Map<string, number>();
  for (const w of contentWords(text, STOP)) terms.set(w, (terms.get(w) ?? 0) + 1);
  const place = opts.place === undefined ? "geonames:1" : opts.place;
  return {
    articleId: id,
    sourceId: id,
    outlet: opts.outlet ?? `outlet-${id}`,
    title: text.slice(0, 40),
    published: opts.day ?? "2017-09-09",
    sourceKey: opts.outlet ?? `outlet-${id}`,
    reprintOf: opts.reprintOf ?? null,
    days: opts.day === undefined ? ["2017-09-09"] : opts.day ? [opts.day] : [],
    terms,
    lead: new Map(terms),
    titleTerms: new Map(terms),
    places: new Map(place ? [[place, 2]] : []),
    placeId: place,
    admin1: opts.admin1 === undefined ? "SY-DY" : opts.admin1,
    actors: new Map([["actor:sdf", 2]]),
    eventType: opts.type ?? "offensive",
    acledType: "Battles",
    killed: opts.killed ?? null,
    location: null,
  };
}

const OFFENSIVE =
  "SDF launches offensive against Islamic State in Deir ez-Zor province north of the Euphrates river statement";
const OFFENSIVE_2 =
  "Syrian Democratic Forces declare offensive against Islamic State in Deir ez-Zor countryside Euphrates";
const MARKET =
  "Air strike on crowded market in Idlib kills dozens of civilians children among dead rescue workers";

describe("StreamLinker", () => {
  it("puts two outlets' reports of one incident in one story and a different incident in another", () => {
    const port = new MemoryStoryPort();
    const linker = new StreamLinker(port);
    const a = linker.link(report("a1", OFFENSIVE));
    const b = linker.link(report("a2", OFFENSIVE_2));
    const c = linker.link(report("a3", MARKET, { place: "geonames:2", admin1: "SY-ID", type: "air-strike" }));
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.storyId).toBe(a.storyId);
    expect(c.created).toBe(true);
    expect(port.members.get(a.storyId)?.map((m) => m.articleId)).toEqual(["a1", "a2"]);
  });

  it("keeps the same words apart when the days are far apart (a window of a few days)", () => {
    const linker = new StreamLinker(new MemoryStoryPort());
    const a = linker.link(report("a1", OFFENSIVE, { day: "2017-09-09" }));
    const b = linker.link(report("a2", OFFENSIVE, { day: "2017-09-20" }));
    expect(b.storyId).not.toBe(a.storyId);
  });

  it("keeps similar words apart when the governorates differ", () => {
    const linker = new StreamLinker(new MemoryStoryPort());
    const a = linker.link(report("a1", MARKET, { place: "geonames:2", admin1: "SY-ID" }));
    const b = linker.link(
      report("a2", "Air strike on market in Aleppo kills civilians children rescue workers", {
        place: "geonames:3",
        admin1: "SY-HL",
      }),
    );
    expect(b.storyId).not.toBe(a.storyId);
  });

  it("puts a reprint in its original's story, as the same source", () => {
    const port = new MemoryStoryPort();
    const linker = new StreamLinker(port);
    const a = linker.link(report("a1", OFFENSIVE, { outlet: "Reuters" }));
    const r = linker.link({ ...report("a9", MARKET, { outlet: "Reuters" }), reprintOf: "a1" });
    expect(r.storyId).toBe(a.storyId);
    const story = port.story(a.storyId);
    expect(story?.articles).toBe(2);
    expect(story?.sources).toEqual(["Reuters"]);
    expect(port.members.get(a.storyId)?.[1]).toMatchObject({ articleId: "a9", reprintOf: "a1" });
  });

  it("merges two stories once a later report shows they are one", () => {
    const port = new MemoryStoryPort();
    const linker = new StreamLinker(port, { join: 0.99, merge: 0.3 });
    linker.link(report("a1", OFFENSIVE));
    linker.link(report("a2", OFFENSIVE_2));
    expect(port.stories.size).toBe(2);
    expect(linker.mergePass()).toBe(1);
    expect(port.stories.size).toBe(1);
    const members = [...port.members.values()][0] ?? [];
    expect(members.map((m) => m.articleId).sort()).toEqual(["a1", "a2"]);
  });

  it("links a related story in the same campaign thread without merging it", () => {
    const port = new MemoryStoryPort();
    const linker = new StreamLinker(port, { thread: 0.2 });
    const a = linker.link(report("a1", OFFENSIVE, { day: "2017-09-09" }));
    const b = linker.link(report("a2", OFFENSIVE_2, { day: "2017-09-25" }));
    expect(b.storyId).not.toBe(a.storyId);
    expect(port.story(b.storyId)?.threadId).toBe(a.storyId);
    // The same words in another governorate are another campaign.
    const c = linker.link(
      report("a3", OFFENSIVE_2, { day: "2017-10-05", place: "geonames:9", admin1: "SY-RA" }),
    );
    expect(port.story(c.storyId)?.threadId).toBe(c.storyId);
  });

  it("gives the same stories on every run over the same articles", () => {
    const run = () => {
      const port = new MemoryStoryPort();
      const linker = new StreamLinker(port);
      const texts = [OFFENSIVE, MARKET, OFFENSIVE_2, `${MARKET} toll rises`, OFFENSIVE];
      texts.forEach((t, i) => {
        linker.link(report(`a${i}`, t, t.includes("market") ? { place: "geonames:2", admin1: "SY-ID" } : {}));
      });
      linker.mergePass();
      return [...port.members].map(([id, ms]) => [id, ms.map((m) => m.articleId)]);
    };
    expect(run()).toEqual(run());
  });
});

describe("similarity and days", () => {
  it("tells an undated report from one three years apart", () => {
    const a = profileOf(report("a1", OFFENSIVE, { day: "2014-09-09" }), "s1");
    const b = profileOf(report("a2", OFFENSIVE, { day: "2017-09-09" }), "s2");
    const undated = profileOf(report("a3", OFFENSIVE, { day: "" }), "s3");
    const idf = () => 1;
    expect(similarity(a, b, idf)).toMatchObject({ dayGap: 1096, date: 0 });
    expect(similarity(a, undated, idf)).toMatchObject({ dayGap: UNDATED_GAP, date: 0.5 });
  });

  it("scores a story by its vectors as they are now, after it took in an article or another story", () => {
    const idf = () => 1;
    const a = profileOf(report("a1", OFFENSIVE), "s1");
    const b = profileOf(report("a2", MARKET), "s2");
    const before = similarity(a, b, idf); // builds b's lookups
    addArticle(b, report("a3", OFFENSIVE_2));
    const copy = () => JSON.parse(JSON.stringify(b)) as typeof b; // a profile never scored before
    expect(similarity(a, b, idf)).toEqual(similarity(a, copy(), idf));
    expect(similarity(a, b, idf).text).toBeGreaterThan(before.text);
    mergeProfiles(b, profileOf(report("a4", OFFENSIVE), "s4"));
    expect(similarity(a, b, idf)).toEqual(similarity(a, copy(), idf));
  });
});

describe("content words", () => {
  it("drops stopwords, folds plurals and keeps tolls but not years", () => {
    expect(contentWords("The strikes killed 22 civilians in 2017 and the casualties rose", STOP)).toEqual([
      "strike",
      "killed",
      "22",
      "civilian",
      "casualty",
      "rose",
    ]);
    expect(stem("isis")).toBe("isis");
    expect(stem("gas")).toBe("gas");
  });
});
