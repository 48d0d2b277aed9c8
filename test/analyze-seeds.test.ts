// The analyze stage on the canonical example: the two seed reports of 2017-09-09 (Al Arabiya and Xinhua).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/analyze/index.js";
import { prepareArticle } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { AnalyzedArticle, Article, Entity } from "../src/records.js";
import { articlesOf, readAll, SEEDS, tempDir } from "./helpers.js";

let alarabiya: AnalyzedArticle;
let xinhua: AnalyzedArticle;
let seeds: Article[];

/** The entity a surface form in the text was linked to. */
function entityOf(a: AnalyzedArticle, surface: string): Entity {
  const m = a.mentions.find((x) => x.text === surface);
  if (!m)
    throw new Error(`no mention "${surface}" in ${a.outlet}: ${a.mentions.map((x) => x.text).join(", ")}`);
  return a.entities.find((e) => e.id === m.entityId) as Entity;
}

function timeOf(a: AnalyzedArticle, text: string) {
  const t = a.times.find((x) => x.text === text);
  if (!t) throw new Error(`no time "${text}" in ${a.outlet}: ${a.times.map((x) => x.text).join(", ")}`);
  return t;
}

beforeAll(async () => {
  seeds = articlesOf(await readAll([SEEDS])).map((d) => prepareArticle(d).article);
  const analyze = createAnalyzer(loadKnowledge());
  const out = seeds.map(analyze);
  alarabiya = out.find((a) => a.outlet === "Al Arabiya") as AnalyzedArticle;
  xinhua = out.find((a) => a.outlet === "Xinhua") as AnalyzedArticle;
});

describe("entities across spellings", () => {
  it("links Deir al-Zor (Al Arabiya) and Deir al-Zour (Xinhua) to one city in Deir ez-Zor governorate", () => {
    const a = entityOf(alarabiya, "Deir al-Zor");
    const x = entityOf(xinhua, "Deir al-Zour");
    const cityA = alarabiya.mentions.find(
      (m) => m.text === "Deir al-Zor" && m.entityId.startsWith("geonames:"),
    );
    const cityX = xinhua.mentions.find(
      (m) => m.text === "Deir al-Zour" && m.entityId.startsWith("geonames:"),
    );
    expect(cityA?.entityId).toBeDefined();
    expect(cityA?.entityId).toBe(cityX?.entityId);
    for (const e of [a, x]) {
      expect(e.type).toBe("place");
      expect(e.geo?.admin1Code).toBe("SY-DY");
    }
    const city = xinhua.entities.find((e) => e.id === cityX?.entityId) as Entity;
    expect(city.geo?.lat).toBeCloseTo(35.33, 1);
    expect(city.geo?.lon).toBeCloseTo(40.14, 1);
    expect(city.surfaceForms).toContain("Deir al-Zour");
  });

  it("reads 'Deir al-Zor province' as the governorate", () => {
    const m = alarabiya.mentions.find((x) => x.text === "Deir al-Zor" && x.entityId === "SY-DY");
    expect(m).toBeDefined();
  });

  it("links ISIS and IS (Al Arabiya) and Islamic State (Xinhua) to one entity", () => {
    const ids = new Set([
      entityOf(alarabiya, "ISIS").id,
      entityOf(alarabiya, "IS").id,
      entityOf(xinhua, "Islamic State").id,
    ]);
    expect(ids.size).toBe(1);
    const is = xinhua.entities.find((e) => ids.has(e.id)) as Entity;
    expect(is.type).toBe("organization");
    expect(is.kind).toBe("armed-group");
  });

  it("links Hasaka (Al Arabiya) and Hasakah (Xinhua) to one place in Al-Hasakah governorate", () => {
    const a = entityOf(alarabiya, "Hasaka");
    const x = entityOf(xinhua, "Hasakah");
    expect(a.id).toBe(x.id);
    expect(a.geo?.admin1Code).toBe("SY-HA");
  });

  it("links the SDF, its long name and 'U.S.-backed Syrian militias' to one actor", () => {
    const ids = new Set([
      entityOf(alarabiya, "SDF").id,
      entityOf(xinhua, "Syrian Democratic Forces").id,
      entityOf(alarabiya, "U.S.-backed Syrian militias").id,
    ]);
    expect(ids.size).toBe(1);
    const descriptor = alarabiya.mentions.find((m) => m.text === "U.S.-backed Syrian militias");
    expect(descriptor?.confidence).toBeLessThan(1);
  });

  it("types Ahmad Abu Khawla, Lu Hui and Ammar Safarjalani as people, and no place or council as a person", () => {
    const people = xinhua.entities.filter((e) => e.type === "person").map((e) => e.name);
    expect(people).toEqual(expect.arrayContaining(["Ahmad Abu Khawla", "Lu Hui", "Ammar Safarjalani"]));
    for (const a of [alarabiya, xinhua]) {
      for (const e of a.entities.filter((x) => x.type === "person")) {
        expect(e.name).not.toMatch(/Deir|Council|Zor|Zour/);
      }
    }
    const lu = xinhua.entities.find((e) => e.name === "Lu Hui");
    expect(lu?.roles).toContain("editor");
  });

  it("gives every mention one entity with a confidence", () => {
    for (const a of [alarabiya, xinhua]) {
      const ids = new Set(a.entities.map((e) => e.id));
      for (const m of a.mentions) {
        expect(ids.has(m.entityId)).toBe(true);
        expect(m.confidence).toBeGreaterThan(0);
        expect(m.confidence).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("time", () => {
  it("resolves Al Arabiya's relative dates backwards from 2017-09-09", () => {
    expect(alarabiya.published).toBe("2017-09-09");
    expect(timeOf(alarabiya, "Saturday")).toMatchObject({
      value: "2017-09-09",
      precision: "day",
      relative: true,
    });
    expect(timeOf(alarabiya, "Friday")).toMatchObject({ value: "2017-09-08", precision: "day" });
    expect(timeOf(alarabiya, "this week")).toMatchObject({ value: "2017-09-04", precision: "week" });
    expect(timeOf(alarabiya, "three years")).toMatchObject({ kind: "duration", value: null });
  });

  it("resolves Xinhua's 'broke Tuesday the three-year siege' to 2017-09-05", () => {
    expect(timeOf(xinhua, "Tuesday")).toMatchObject({ value: "2017-09-05", precision: "day" });
    expect(xinhua.times.filter((t) => t.text === "three-year").every((t) => t.kind === "duration")).toBe(
      true,
    );
  });
});

describe("numbers and place", () => {
  it("keeps the Raqqa percentages with their qualifiers", () => {
    expect(alarabiya.numbers).toContainEqual(
      expect.objectContaining({ text: "65 percent", value: 65, unit: "percent", qualifier: null }),
    );
    expect(xinhua.numbers).toContainEqual(
      expect.objectContaining({
        text: "over 60 percent",
        value: 60,
        unit: "percent",
        qualifier: "more-than",
      }),
    );
  });

  it("places both reports' main event in Deir ez-Zor", () => {
    for (const a of [alarabiya, xinhua]) {
      expect(a.location).toMatchObject({ admin1: "Deir ez-Zor", admin1Code: "SY-DY", country: "SY" });
      expect(a.location?.lat).toBeCloseTo(35.3, 0);
    }
  });

  it("spans point at the text they quote", () => {
    for (const a of [alarabiya, xinhua]) {
      const text = [a.title, ...a.body, ...a.captions].filter(Boolean).join("\n\n");
      for (const s of [...a.mentions, ...a.times, ...a.numbers])
        expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });
});

describe("the user's knowledge (--kb)", () => {
  it("adds a place and overrides an actor by id", () => {
    const dir = tempDir();
    const file = join(dir, "extra.json");
    writeFileSync(
      file,
      JSON.stringify({
        places: [
          {
            id: "area:test-qaryat-zafran",
            name: "Qaryat Zafran",
            kind: "village",
            lat: 35.5,
            lon: 40.2,
            admin1: "SY-DY",
          },
        ],
        actors: [
          {
            id: "sdf",
            name: "SDF (user name)",
            type: "armed-group",
            aliases: ["Syrian Democratic Forces", "SDF"],
          },
        ],
      }),
    );
    const analyze = createAnalyzer(loadKnowledge([file]));
    const article = {
      ...(seeds[0] as Article),
      title: "Clashes in Qaryat Zafran",
      body: ["The SDF said fighting went on in Qaryat Zafran."],
      captions: [],
    };
    const out = analyze(article);
    expect(out.location).toMatchObject({ name: "Qaryat Zafran", admin1Code: "SY-DY" });
    expect(out.entities.find((e) => e.id === "actor:sdf")?.name).toBe("SDF (user name)");
  });

  it("matches a spelling no list holds with a lower confidence", () => {
    const analyze = createAnalyzer(loadKnowledge());
    const article = {
      ...(seeds[0] as Article),
      title: null,
      body: ["Shelling hit the town of Khan Shaikhoon on Monday."],
      captions: [],
    };
    const out = analyze(article);
    const m = out.mentions.find((x) => x.text.startsWith("Khan"));
    expect(out.entities.find((e) => e.id === m?.entityId)?.geo?.admin1Code).toBe("SY-ID");
    expect(m?.confidence).toBeLessThan(1);
  });
});

describe("main location", () => {
  const analyze = () => createAnalyzer(loadKnowledge());
  const article = (title: string | null, body: string[]): Article => ({
    ...(seeds[0] as Article),
    title,
    body,
    captions: [],
    dateline: null,
  });

  it("prefers the place of the lead over places named later as background", () => {
    const out = analyze()(
      article("Shelling kills 7 in Douma", [
        "Shelling killed seven people in Douma on Monday, a monitor said.",
        "The war, which began with protests in Daraa in 2011, has killed more than 300,000 people.",
        "Aleppo and Homs were quiet.",
      ]),
    );
    expect(out.location).toMatchObject({ admin1Code: "SY-RD" });
    expect(out.secondaryLocations.map((l) => l.admin1Code)).not.toContain("SY-RD");
  });

  it("lists every governorate of a round-up, the deadliest first", () => {
    const out = analyze()(
      article("Attacks in Hasaka and Aleppo", [
        "Three people were injured by a bomb in Hasaka city.",
        "In Aleppo, rocket shells killed 5 civilians and injured 9 others.",
      ]),
    );
    expect(out.location?.admin1Code).toBe("SY-HL");
    expect(out.secondaryLocations.map((l) => l.admin1Code)).toContain("SY-HA");
  });

  it("reads 'Damascus countryside' as Rif Dimashq and a dateline alone as weak evidence", () => {
    const out = analyze()({
      ...article(null, ["Mortar rounds hit a camp in the Damascus countryside, injuring nine people."]),
      dateline: "Beirut",
    });
    expect(out.location?.admin1Code).toBe("SY-RD");
  });
});

describe("false friends", () => {
  it("does not read English words, months or demonyms as places, whatever GeoNames spells that way", () => {
    const analyze = createAnalyzer(loadKnowledge());
    const out = analyze({
      ...(seeds[0] as Article),
      title: "US-Led Airstrikes Against IS Get Results, Syrian Officials Say; Road Reopens in June",
      body: [
        "The War Ministry said on Monday that the road to Aleppo reopened in June. A Russian envoy visited Paris.",
      ],
      captions: [],
    });
    const places = out.entities.filter((e) => e.type === "place").map((e) => e.surfaceForms.join("|"));
    expect(places).toEqual(expect.arrayContaining(["Aleppo"]));
    for (const word of ["Get", "Road", "June", "War", "Syrian", "Russian", "Paris"])
      expect(places).not.toContain(word);
    expect(out.location?.admin1Code).toBe("SY-HL");
    // "IS" in capitals is the group; "is" in lower case is a verb.
    expect(out.mentions.find((m) => m.text === "IS")?.entityId).toBe("actor:is");
  });
});
