// compareStory on small hand-made stories: grouping, verdicts, reprints, attribution, framing and corroboration.

import { describe, expect, it } from "vitest";
import type { FramingLexicon } from "../knowledge/index.js";
import type {
  AnalyzedArticle,
  Attribution,
  Claim,
  Comparison,
  Location,
  Mention,
  Participant,
} from "../records.js";
import { type CompareInput, type CompareKnowledge, compareStory } from "./index.js";

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────────────────────

const actor = (
  id: string,
  name: string,
  side: string,
  relations: { type: string; target: string }[] = [],
) => ({
  id,
  name,
  side,
  relations,
});

const FRAMING: FramingLexicon = {
  concepts: [
    { id: "armed-group-label", name: "Words for armed groups", refersTo: "actor", question: "" },
    { id: "foreign-backing", name: "Words for patrons", refersTo: "actor", question: "" },
    { id: "territory-act", name: "Words for taking ground", refersTo: "act", question: "" },
    { id: "victims", name: "Words for the dead", refersTo: "victims", question: "" },
  ],
  terms: [
    term("militants", "armed-group-label", ["militant", "militants"], ["jihadist", "opposition"], "loaded"),
    term("jihadists", "armed-group-label", ["jihadist", "jihadists"], ["jihadist"], "loaded"),
    term(
      "terror-designated",
      "armed-group-label",
      ["terror-designated", "terror-designated group"],
      ["jihadist"],
    ),
    term("us-backed", "foreign-backing", ["u.s.-backed", "us-backed"], ["kurdish-led"], "neutral"),
    term("liberated", "territory-act", ["liberated"], [], "legitimising"),
    term("martyrs", "victims", ["martyrs"], [], "legitimising"),
  ],
};

function term(id: string, concept: string, forms: string[], appliesTo: string[], register = "technical") {
  return { id, concept, label: id, forms, appliesTo, register: register as "neutral", note: "" };
}

const KB: CompareKnowledge = {
  actors: new Map(
    [
      actor("sdf", "Syrian Democratic Forces", "kurdish-led"),
      actor("dmc", "Deir ez-Zor Military Council", "kurdish-led", [{ type: "part-of", target: "sdf" }]),
      actor("is", "Islamic State", "jihadist"),
      actor("syrian-army", "Syrian Arab Army", "government"),
      actor("russia", "Russia", "foreign-state"),
    ].map((a) => [a.id, a]),
  ),
  framing: FRAMING,
  events: {
    types: [
      { id: "offensive", label: "Offensive launched or advancing" },
      { id: "air-strike", label: "Air or drone strike" },
    ],
  },
};

const place = (entityId: string, name: string, admin1Code: string | null, precision: Location["precision"]) =>
  ({
    name,
    entityId,
    kbId: entityId,
    geonameId: null,
    admin1: null,
    admin1Code,
    country: "SY",
    lat: null,
    lon: null,
    precision,
    score: 1,
  }) satisfies Location;

const DEIR = place("geonames:170794", "Deir ez-Zor", "SY-DY", "city");
const MAYADIN = place("geonames:170017", "Al Mayadin", "SY-DY", "city");
const DEIR_GOV = place("SY-DY", "Deir ez-Zor", "SY-DY", "governorate");
const IDLIB = place("geonames:169388", "Idlib", "SY-ID", "city");
const RAQQA = place("geonames:172955", "Ar Raqqah", "SY-RA", "city");

const who = (id: string | null, name = id ?? "unstated"): Participant => ({
  entityId: id ? `actor:${id}` : null,
  name: id ? ((KB.actors.get(id)?.name as string) ?? name) : name,
  text: name,
});
const cited = (source: string, entityId: string | null = null): Attribution => ({
  source,
  entityId,
  kind: entityId ? "named" : "descriptor",
  text: source,
  start: 0,
  end: 0,
});

type ClaimSpec = Partial<Omit<Claim, "id" | "articleId">> & { predicate: string };

/** An analysed article with the given claims (and, for naming, body text and actor mentions by surface form). */
function article(
  id: string,
  outlet: string,
  claims: ClaimSpec[],
  text = "",
  names: [string, string][] = [],
): AnalyzedArticle {
  const mentions: Mention[] = [];
  let from = 0;
  for (const [surface, entityId] of names) {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`no "${surface}" in fixture text`);
    mentions.push({
      start,
      end: start + surface.length,
      text: surface,
      entityId,
      confidence: 1,
      how: "name",
    });
    from = start + surface.length;
  }
  return {
    id,
    sourceId: null,
    outlet,
    via: null,
    published: "2017-09-09",
    publishedPrecision: "day",
    publishedSource: "metadata",
    dateline: null,
    byline: null,
    editor: null,
    credits: [],
    title: null,
    body: text ? [text] : [],
    captions: [],
    url: null,
    language: "en",
    flags: [],
    origin: { format: "text-stream" },
    location: null,
    secondaryLocations: [],
    entities: [],
    mentions,
    times: [],
    numbers: [],
    events: [],
    claims: claims.map((c, n) => ({
      id: `${id}:c${n}`,
      articleId: id,
      eventId: null,
      subject: who(null),
      object: null,
      value: null,
      unit: null,
      qualifier: null,
      place: null,
      date: null,
      attribution: null,
      hedged: false,
      negated: false,
      start: 0,
      end: 10,
      text: `${c.predicate} claim`,
      ...c,
    })),
    casualties: null,
  };
}

const on = (value: string, precision: "day" | "week" = "day") => ({ value, precision, text: value });

function compare(...articles: (AnalyzedArticle | [AnalyzedArticle, string, string])[]): Comparison {
  const input: CompareInput = {
    storyId: "s1",
    articles: articles.map((a) =>
      Array.isArray(a)
        ? { article: a[0], source: a[1], reprintOf: a[2] }
        : { article: a, source: a.outlet as string, reprintOf: null },
    ),
  };
  return compareStory(input, KB);
}

const offensive = (subject: string | null, where: Location, extra: Partial<ClaimSpec> = {}): ClaimSpec => ({
  predicate: "offensive",
  subject: who(subject),
  object: who("is"),
  place: where,
  date: on("2017-09-09"),
  ...extra,
});

const killed = (
  value: number,
  qualifier: Claim["qualifier"] = null,
  subject: string | null = null,
): ClaimSpec => ({
  predicate: "killed",
  subject: who(subject),
  object: { entityId: null, name: "civilians", text: "civilians" },
  value,
  unit: "civilians",
  qualifier,
  place: IDLIB,
});

// ── Grouping and verdicts ───────────────────────────────────────────────────────────────────────────────────

describe("grouping claims that state one fact", () => {
  it("joins an event named at a governorate with the same event at a city in it: agreed", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("sdf", DEIR_GOV)]),
      article("a2", "Xinhua", [offensive("sdf", DEIR)]),
    );
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]).toMatchObject({
      id: "g1",
      key: "offensive|actor:sdf|actor:is|geonames:170794",
      verdict: "agreed",
      subject: "actor:sdf",
      place: "geonames:170794",
      sources: ["Al Arabiya", "Xinhua"],
      differs: [],
      note: null,
    });
    expect(c.groups[0]?.summary).toBe(
      "Offensive launched or advancing in Deir ez-Zor by Syrian Democratic Forces against Islamic State: " +
        "2017-09-09 (Al Arabiya) / 2017-09-09 (Xinhua)",
    );
  });

  it("keeps events at two different towns of one governorate apart", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("sdf", DEIR)]),
      article("a2", "Xinhua", [offensive("sdf", MAYADIN)]),
    );
    expect(c.groups.map((g) => g.verdict)).toEqual(["single", "single"]);
  });

  it("an unstated actor fits a named one", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive(null, DEIR)]),
      article("a2", "Xinhua", [offensive("sdf", DEIR)]),
    );
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]?.verdict).toBe("agreed");
  });

  it("different perpetrators of one strike: conflicting actor", () => {
    const strike = (by: string): ClaimSpec => ({
      predicate: "air-strike",
      subject: who(by),
      place: IDLIB,
      date: on("2017-09-09"),
    });
    const c = compare(
      article("a1", "Al Arabiya", [strike("russia")]),
      article("a2", "Xinhua", [strike("syrian-army")]),
    );
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]).toMatchObject({ verdict: "conflicting", differs: ["actor"], subject: null });
    expect(c.groups[0]?.note).toBe("Russia vs Syrian Arab Army");
    expect(c.groups[0]?.summary).toBe(
      "Air or drone strike in Idlib: Russia, 2017-09-09 (Al Arabiya) / Syrian Arab Army, 2017-09-09 (Xinhua)",
    );
  });

  it("an outlet that reports both actors tells two events apart: no conflict", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("sdf", DEIR), offensive("syrian-army", DEIR)]),
      article("a2", "Xinhua", [offensive("syrian-army", DEIR_GOV)]),
    );
    expect(c.groups.map((g) => [g.subject, g.verdict])).toEqual([
      ["actor:syrian-army", "agreed"],
      ["actor:sdf", "single"],
    ]);
  });

  it("a unit of an actor and the actor itself: compatible, differs actor", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("dmc", DEIR)]),
      article("a2", "Xinhua", [offensive("sdf", DEIR)]),
    );
    expect(c.groups[0]).toMatchObject({
      verdict: "compatible",
      differs: ["actor"],
      note: "Deir ez-Zor Military Council is part of Syrian Democratic Forces",
    });
  });

  it("a week-precision date agrees with a day in that week", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("sdf", DEIR, { date: on("2017-09-04", "week") })]),
      article("a2", "Xinhua", [offensive("sdf", DEIR, { date: on("2017-09-09") })]),
    );
    expect(c.groups[0]?.verdict).toBe("agreed");
    expect(c.groups[0]?.summary).toContain("week of 2017-09-04 (Al Arabiya) / 2017-09-09 (Xinhua)");
  });

  it("days more than one apart conflict on the date", () => {
    const c = compare(
      article("a1", "Al Arabiya", [offensive("sdf", DEIR, { date: on("2017-09-05") })]),
      article("a2", "Xinhua", [offensive("sdf", DEIR, { date: on("2017-09-09") })]),
    );
    expect(c.groups[0]).toMatchObject({
      verdict: "conflicting",
      differs: ["date"],
      note: "2017-09-05 vs 2017-09-09",
    });
  });

  it("figures: 65 percent vs more than 60 percent is compatible, with the summary a reader sees", () => {
    const share = (value: number, qualifier: Claim["qualifier"], attribution: Attribution | null) => ({
      predicate: "captured",
      subject: who("sdf"),
      object: { entityId: RAQQA.entityId, name: RAQQA.name, text: "Raqqa" },
      value,
      unit: "percent",
      qualifier,
      place: RAQQA,
      attribution,
    });
    const c = compare(
      article("a1", "Al Arabiya", [share(65, null, cited("Syrian Democratic Forces", "actor:sdf"))]),
      article("a2", "Xinhua", [share(60, "more-than", null)]),
    );
    expect(c.groups[0]).toMatchObject({
      key: "captured|percent|actor:sdf|geonames:172955",
      verdict: "compatible",
      differs: ["value"],
      note: "65 percent lies within more than 60 percent",
      summary:
        "Syrian Democratic Forces captured Ar Raqqah: 65 percent (Al Arabiya, per Syrian Democratic Forces) / " +
        "more than 60 percent (Xinhua)",
    });
  });

  it("tolls: 12 vs 31 conflict, at least 20 vs 22 is compatible, 20 vs 20 agrees", () => {
    const verdict = (a: ClaimSpec, b: ClaimSpec) =>
      compare(article("a1", "A", [a]), article("a2", "B", [b])).groups.map((g) => [g.verdict, g.note]);
    expect(verdict(killed(12), killed(31))).toEqual([["conflicting", "12 vs 31 civilians"]]);
    expect(verdict(killed(20, "at-least"), killed(22))).toEqual([
      ["compatible", "22 civilians lies within at least 20 civilians"],
    ]);
    expect(verdict(killed(20), killed(20))).toEqual([["agreed", null]]);
  });

  it("tolls of different victims are different facts", () => {
    const fighters = { ...killed(20), unit: "fighters" };
    const c = compare(article("a1", "A", [killed(20)]), article("a2", "B", [fighters]));
    expect(c.groups.map((g) => g.verdict)).toEqual(["single", "single"]);
  });

  it("a source giving two versions agrees with another through the one that fits", () => {
    const c = compare(
      article("a1", "A", [offensive("sdf", DEIR, { date: on("2017-09-05") })]),
      article("a2", "B", [
        offensive("sdf", DEIR, { date: on("2017-09-09") }),
        offensive("sdf", DEIR, { date: on("2017-09-05") }),
      ]),
    );
    expect(c.groups[0]?.verdict).toBe("agreed");
    const byClaim = Object.fromEntries(c.corroboration.claims.map((x) => [x.claimId, x]));
    expect(byClaim["a1:c0"]).toMatchObject({ confirmedBy: 1, contradictedBy: 0 });
    expect(byClaim["a2:c0"]).toMatchObject({ confirmedBy: 0, contradictedBy: 1 });
  });

  it("keeps negated claims as facts of their own", () => {
    const c = compare(
      article("a1", "A", [offensive("sdf", DEIR, { negated: true })]),
      article("a2", "B", [offensive("sdf", DEIR)]),
    );
    expect(c.groups.map((g) => [g.key, g.verdict])).toEqual([
      ["not-offensive|actor:sdf|actor:is|geonames:170794", "single"],
      ["offensive|actor:sdf|actor:is|geonames:170794", "single"],
    ]);
  });

  it("numbers groups by verdict, then key, and does not depend on input order", () => {
    const a = article("a1", "A", [killed(12), offensive("sdf", DEIR), offensive("is", RAQQA)]);
    const b = article("a2", "B", [killed(31), offensive("sdf", DEIR)]);
    const c = compare(a, b);
    expect(c.groups.map((g) => [g.id, g.verdict])).toEqual([
      ["g1", "agreed"],
      ["g2", "conflicting"],
      ["g3", "single"],
    ]);
    expect(compare(b, a)).toEqual(c);
    expect(c.onlyIn).toEqual([
      { source: "A", groups: ["g3"] },
      { source: "B", groups: [] },
    ]);
  });
});

// ── Reprints ────────────────────────────────────────────────────────────────────────────────────────────────

describe("reprints", () => {
  const original = article("a1", "Reuters", [killed(20)], "ISIS fighters attacked.", [["ISIS", "actor:is"]]);
  const reprint = article("a2", "Muslimchronicle", [killed(20)], "ISIS fighters attacked.", [
    ["ISIS", "actor:is"],
  ]);

  it("an original and its reprint are one source: no agreement between them", () => {
    const c = compare(original, [reprint, "Reuters", "a1"]);
    expect(c.sources).toEqual(["Reuters"]);
    expect(c.groups[0]).toMatchObject({ verdict: "single", sources: ["Reuters"] });
    expect(c.groups[0]?.claims).toHaveLength(2);
  });

  it("count once with a third outlet, and once in the source's totals and words", () => {
    const c = compare(original, [reprint, "Reuters", "a1"], article("a3", "AFP", [killed(20)]));
    expect(c.groups[0]).toMatchObject({ verdict: "agreed", sources: ["AFP", "Reuters"] });
    expect(c.corroboration.claims.map((x) => [x.claimId, x.confirmedBy])).toEqual([
      ["a1:c0", 1],
      ["a2:c0", 1],
      ["a3:c0", 1],
    ]);
    expect(c.corroboration.outlets.find((o) => o.outlet === "Reuters")).toMatchObject({
      claims: 1,
      corroborated: 1,
    });
    expect(c.corroboration.articles.find((a) => a.articleId === "a2")).toMatchObject({ claims: 1 });
    const is = c.naming.find((n) => n.about === "actor:is");
    expect(is?.byOutlet).toEqual([
      {
        outlet: "Reuters",
        words: [{ text: "ISIS", count: 1, term: null, register: null, at: expect.any(Array) }],
      },
    ]);
    expect(c.articles.map((a) => [a.id, a.source, a.reprintOf])).toEqual([
      ["a3", "AFP", null],
      ["a1", "Reuters", null],
      ["a2", "Reuters", "a1"],
    ]);
  });
});

// ── Attribution and corroboration ───────────────────────────────────────────────────────────────────────────

describe("attribution", () => {
  it("collects claim and event attributions by source, and the claims citing no one", () => {
    const a = article("a1", "A", [
      offensive("sdf", DEIR, {
        attribution: cited("Syrian Democratic Forces", "actor:sdf"),
        eventId: "a1:e0",
      }),
      killed(3),
      killed(2, null, null),
      { ...killed(5), unit: "fighters", eventId: "a1:e1" },
    ]);
    a.events = [
      { id: "a1:e1", attribution: cited("activists") } as AnalyzedArticle["events"][number],
      { id: "a1:e0", attribution: null } as AnalyzedArticle["events"][number],
    ];
    a.claims[1] = { ...(a.claims[1] as Claim), attribution: cited("Syrian Democratic Forces", "actor:sdf") };
    const [att] = compare(a).attribution;
    expect(att).toEqual({
      articleId: "a1",
      outlet: "A",
      cites: [
        {
          source: "Syrian Democratic Forces",
          entityId: "actor:sdf",
          kind: "named",
          claims: ["a1:c0", "a1:c1"],
        },
        { source: "activists", entityId: null, kind: "descriptor", claims: ["a1:c3"] },
      ],
      unattributed: ["a1:c2"],
    });
  });
});

describe("corroboration counts", () => {
  it("counts per article and per outlet, with the groups behind each count", () => {
    const c = compare(
      article("a1", "A", [killed(12), offensive("sdf", DEIR), offensive("is", RAQQA)]),
      article("a2", "B", [killed(31), offensive("sdf", DEIR)]),
      article("a3", "C", [killed(12)]),
    );
    const a = c.corroboration.outlets.find((o) => o.outlet === "A");
    expect(a).toEqual({
      outlet: "A",
      claims: 3,
      corroborated: 2,
      contradicted: 1,
      alone: 1,
      groups: { corroborated: ["g1", "g2"], contradicted: ["g2"], alone: ["g3"] },
    });
    const killedA = c.corroboration.claims.find((x) => x.claimId === "a1:c0");
    expect(killedA).toMatchObject({ confirmedBy: 1, contradictedBy: 1 });
  });
});

// ── Naming and framing ──────────────────────────────────────────────────────────────────────────────────────

describe("naming", () => {
  const words = (c: Comparison, about: string, outlet: string) =>
    c.naming
      .find((n) => n.about === about)
      ?.byOutlet.find((o) => o.outlet === outlet)
      ?.words.map((w) => [w.text, w.count, w.term]);

  it("lists each outlet's names for an actor, counted, without a leading 'the'", () => {
    const c = compare(
      article("a1", "A", [], "ISIS attacked. The Syrian army and the Syrian army replied. ISIS fled.", [
        ["ISIS", "actor:is"],
        ["The Syrian army", "actor:syrian-army"],
        ["the Syrian army", "actor:syrian-army"],
        ["ISIS", "actor:is"],
      ]),
      article("a2", "B", [], "Islamic State (IS) attacked.", [
        ["Islamic State", "actor:is"],
        ["IS", "actor:is"],
      ]),
    );
    expect(c.naming.map((n) => n.about)).toEqual(["actor:is", "actor:syrian-army"]);
    expect(words(c, "actor:is", "A")).toEqual([["ISIS", 2, null]]);
    expect(words(c, "actor:is", "B")).toEqual([
      ["IS", 1, null],
      ["Islamic State", 1, null],
    ]);
    expect(words(c, "actor:syrian-army", "A")).toEqual([["Syrian army", 2, null]]);
    const army = c.naming[1]?.byOutlet[0]?.words[0];
    expect(army?.at.map((x) => x.start)).toEqual([19, 39]);
  });

  it("credits a generic word to the nearest preceding actor of a side it is used for", () => {
    const text =
      "ISIS lost ground to the SDF near the river. Assaults would drive the jihadist militants out of the area.";
    const c = compare(
      article("a1", "A", [], text, [
        ["ISIS", "actor:is"],
        ["SDF", "actor:sdf"],
      ]),
    );
    // The SDF is nearer, but "militants" is not used for Kurdish-led forces.
    expect(words(c, "actor:is", "A")).toEqual([
      ["ISIS", 1, null],
      ["jihadist", 1, "jihadists"],
      ["militants", 1, "militants"],
    ]);
    expect(words(c, "actor:sdf", "A")).toEqual([["SDF", 1, null]]);
  });

  it("takes the longest form, whole words only, in any case", () => {
    const c = compare(
      article(
        "a1",
        "A",
        [],
        "IS advanced against the SDF. The Terror-Designated Group lost. Militantsville is calm.",
        [
          ["IS", "actor:is"],
          ["SDF", "actor:sdf"],
        ],
      ),
    );
    expect(words(c, "actor:is", "A")).toEqual([
      ["IS", 1, null],
      ["Terror-Designated Group", 1, "terror-designated"],
    ]);
  });

  it("gives a word inside a name, or right before it, to that name", () => {
    const c = compare(
      article("a1", "A", [], "IS fighters met U.S.-backed Syrian militias. Later IS met the US-backed SDF.", [
        ["IS", "actor:is"],
        ["U.S.-backed Syrian militias", "actor:sdf"],
        ["IS", "actor:is"],
        ["SDF", "actor:sdf"],
      ]),
    );
    expect(words(c, "actor:sdf", "A")).toEqual([
      ["SDF", 1, null],
      ["U.S.-backed", 1, "us-backed"],
      ["U.S.-backed Syrian militias", 1, null],
      ["US-backed", 1, "us-backed"],
    ]);
  });

  it("leaves a word with no fitting actor near it to its concept; acts and victims go to theirs", () => {
    const c = compare(
      article(
        "a1",
        "A",
        [],
        "The SDF advanced. Nothing else happened that day at all. The militants were seen. Fighters liberated the " +
          "town and buried their martyrs.",
        [["SDF", "actor:sdf"]],
      ),
    );
    expect(c.naming.map((n) => [n.about, n.kind, n.name])).toEqual([
      ["actor:sdf", "actor", "Syrian Democratic Forces"],
      ["armed-group-label", "actor", "Words for armed groups"],
      ["territory-act", "act", "Words for taking ground"],
      ["victims", "victims", "Words for the dead"],
    ]);
    expect(words(c, "armed-group-label", "A")).toEqual([["militants", 1, "militants"]]);
    expect(c.naming[2]?.byOutlet[0]?.words[0]).toMatchObject({ text: "liberated", register: "legitimising" });
  });
});

describe("background", () => {
  it("leaves out claims dated well away from the story's days (last year's attack an article recalls)", () => {
    const a = article("a1", "Al Arabiya", [
      offensive("sdf", DEIR, { date: on("2017-09-09") }),
      offensive("sdf", DEIR, { date: { value: "2013-08", precision: "month", text: "August 2013" } }),
      offensive("sdf", DEIR, { date: on("2017-09-04", "week") }),
    ]);
    const b = article("a2", "Xinhua", [offensive("sdf", DEIR, { date: on("2017-09-09") })]);
    const input: CompareInput = {
      storyId: "s1",
      days: { first: "2017-09-09", last: "2017-09-09" },
      articles: [a, b].map((x) => ({ article: x, source: x.outlet as string, reprintOf: null })),
    };
    const claims = compareStory(input, KB).groups.flatMap((g) => g.claims.map((r) => r.claimId));
    expect(claims).toContain("a1:c0");
    expect(claims).toContain("a1:c2"); // "this week": part of the story
    expect(claims).not.toContain("a1:c1");
    // Without the story's days every claim is compared.
    expect(compare(a, b).groups.flatMap((g) => g.claims.map((r) => r.claimId))).toContain("a1:c1");
  });
});

describe("tolls that rise", () => {
  const killed = (value: number, qualifier: Claim["qualifier"] = null): ClaimSpec => ({
    predicate: "killed",
    subject: who(null),
    value,
    unit: "people",
    qualifier,
    place: IDLIB,
  });
  it("reads a higher toll in a later day's report as the toll rising, not a conflict", () => {
    const early = { ...article("a1", "Al Arabiya", [killed(58)]), published: "2017-04-04" };
    const late = { ...article("a2", "Xinhua", [killed(86)]), published: "2017-04-05" };
    const g = compare(early, late).groups.find((x) => x.predicate === "killed");
    expect(g?.verdict).toBe("compatible");
    expect(g?.note).toContain("the toll rose");
  });
  it("still finds 12 vs 31 killed on the same day a conflict, and a lower later toll too", () => {
    const a = { ...article("a1", "Al Arabiya", [killed(12)]), published: "2017-04-04" };
    const b = { ...article("a2", "Xinhua", [killed(31)]), published: "2017-04-04" };
    expect(compare(a, b).groups.find((x) => x.predicate === "killed")?.verdict).toBe("conflicting");
    const later = { ...b, published: "2017-04-03" };
    expect(compare(a, later).groups.find((x) => x.predicate === "killed")?.verdict).toBe("conflicting");
  });
});
