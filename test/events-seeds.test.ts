// Events and claims on the canonical example: the two seed reports of 2017-09-09 (Al Arabiya and Xinhua) tell
// the SDF / Deir al-Zor Military Council offensive against IS, the Syrian army's breaking of the siege of Deir
// ez-Zor, and the SDF's share of Raqqa — each in its own words.

import { beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/analyze/index.js";
import { prepareArticle } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { AnalyzedArticle, Claim, Event } from "../src/records.js";
import { articlesOf, readAll, SEEDS } from "./helpers.js";

let alarabiya: AnalyzedArticle;
let xinhua: AnalyzedArticle;

beforeAll(async () => {
  const seeds = articlesOf(await readAll([SEEDS])).map((d) => prepareArticle(d).article);
  const analyze = createAnalyzer(loadKnowledge());
  const out = seeds.map(analyze);
  alarabiya = out.find((a) => a.outlet === "Al Arabiya") as AnalyzedArticle;
  xinhua = out.find((a) => a.outlet === "Xinhua") as AnalyzedArticle;
});

const OFFENSIVE_ACTORS = ["actor:sdf", "actor:deir-ez-zor-military-council"];

function eventsOf(a: AnalyzedArticle, type: string): Event[] {
  return a.events.filter((e) => e.type === type);
}

describe("the offensive launched against IS in Deir ez-Zor province on 2017-09-09", () => {
  for (const outlet of ["Al Arabiya", "Xinhua"]) {
    it(`is ${outlet}'s main event: SDF/Deir al-Zor Military Council against IS, Deir ez-Zor, 2017-09-09`, () => {
      const a = outlet === "Al Arabiya" ? alarabiya : xinhua;
      const main = a.events.find((e) => e.main) as Event;
      expect(main, a.events.map((e) => `${e.type}: ${e.text}`).join("\n")).toBeDefined();
      expect(main.type).toBe("offensive");
      expect(OFFENSIVE_ACTORS).toContain(main.actor?.entityId);
      expect(main.target?.entityId).toBe("actor:is");
      expect(main.location?.admin1Code).toBe("SY-DY");
      expect(main.date).toMatchObject({ value: "2017-09-09", precision: "day" });
      expect(main.acled).toEqual({ eventType: "Battles", subEventType: "Armed clash" });
      expect(main.plover?.eventType).toBe("ASSAULT");
      expect(main.negated).toBe(false);
    });
  }

  it("credits Al Arabiya's report to a statement, and carries the actor's own words", () => {
    const main = alarabiya.events.find((e) => e.main) as Event;
    expect(main.attribution?.source).toBe("a statement");
    expect(main.actor?.text).toBe("U.S.-backed Syrian militias");
    expect(main.trigger.text).toBe("launched an operation");
  });

  it("marks an intention as such: the SDF 'would push towards the Euphrates'", () => {
    const push = alarabiya.events.find((e) => e.trigger.text === "push towards") as Event;
    expect(push.hedges).toContain("would");
  });
});

describe("the siege of Deir ez-Zor broken by the Syrian army", () => {
  it("dates Xinhua's caption 'broke Tuesday the three-year siege' to 2017-09-05, actor the army, target IS", () => {
    const broken = eventsOf(xinhua, "siege-broken");
    const dated = broken.find((e) => e.date?.value === "2017-09-05") as Event;
    expect(dated, broken.map((e) => `${e.date?.value}: ${e.text}`).join("\n")).toBeDefined();
    expect(dated.actor?.entityId).toBe("actor:syrian-army");
    expect(dated.target?.entityId).toBe("actor:is");
    expect(dated.location?.admin1Code).toBe("SY-DY");
    expect(dated.acled).toEqual({ eventType: "Battles", subEventType: "Government regains territory" });
  });

  it("finds Al Arabiya's 'breaching an ISIS siege' in the week of 2017-09-04 ('this week')", () => {
    const [e] = eventsOf(alarabiya, "siege-broken");
    expect(e?.actor?.entityId).toBe("actor:syrian-army");
    expect(e?.target?.entityId).toBe("actor:is");
    expect(e?.date).toMatchObject({ value: "2017-09-04", precision: "week" });
  });

  it("states it as a claim: the Syrian army broke the IS siege of Deir ez-Zor on 2017-09-05", () => {
    const c = xinhua.claims.find(
      (x) => x.predicate === "siege-broken" && x.date?.value === "2017-09-05",
    ) as Claim;
    expect(c).toBeDefined();
    expect(c.subject.entityId).toBe("actor:syrian-army");
    expect(c.object?.entityId).toBe("actor:is");
    expect(c.place?.admin1Code).toBe("SY-DY");
    expect(c.articleId).toBe(xinhua.id);
  });
});

describe("helpers are not doers", () => {
  it("does not make 'Iran-backed militias' the actor of 'With the help of Russian air power and Iran-backed militias, the advance …'", () => {
    const advance = alarabiya.events.find((e) => e.text.startsWith("With the help of Russian air power"));
    expect(advance?.actor?.entityId ?? null).not.toBe("actor:iran-backed-militias");
    expect(advance?.actor?.entityId ?? null).not.toBe("actor:russian-aerospace-forces");
  });
});

describe("the Raqqa percentage claims", () => {
  const raqqa = (c: Claim) => c.unit === "percent" && c.object?.name === "Ar Raqqah";

  it("Al Arabiya: the SDF has taken 65 percent of Raqqa city, per the SDF, with no qualifier", () => {
    const c = alarabiya.claims.find(raqqa) as Claim;
    expect(c, JSON.stringify(alarabiya.claims.filter((x) => x.value !== null))).toBeDefined();
    expect(c).toMatchObject({ predicate: "captured", value: 65, qualifier: null });
    expect(c.subject.entityId).toBe("actor:sdf");
    expect(c.attribution).toMatchObject({ entityId: "actor:sdf", kind: "named" });
    expect(c.object?.entityId).toBe("geonames:172955");
  });

  it("Xinhua: the SDF captured over 60 percent of Raqqa, in the outlet's own voice", () => {
    const c = xinhua.claims.find(raqqa) as Claim;
    expect(c).toMatchObject({ predicate: "captured", value: 60, qualifier: "more-than", attribution: null });
    expect(c.subject.entityId).toBe("actor:sdf");
    expect(c.text).toContain("capturing over 60 percent of the city");
  });
});

describe("no toll where none is reported", () => {
  it("gives neither seed a casualty count: neither reports deaths", () => {
    expect(alarabiya.casualties).toBeNull();
    expect(xinhua.casualties).toBeNull();
    for (const e of [...alarabiya.events, ...xinhua.events]) expect(e.casualties).toEqual([]);
  });
});
