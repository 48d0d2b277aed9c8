// The bundled knowledge base holds together, and user files add and override entries as documented.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACLED_EVENT_TYPES,
  bundledKnowledgeFiles,
  type EventTypeEntry,
  KnowledgeError,
  loadKnowledge,
  loadKnowledgeFiles,
  PLOVER_MODES,
} from "./index.js";
import { knowledgeDir } from "./outlets.js";

const kb = loadKnowledge();

describe("the bundled knowledge base", () => {
  it("has the 14 Syrian governorates with their ISO 3166-2 codes", () => {
    const codes = [...kb.governorates.keys()].sort();
    expect(codes).toEqual(
      [
        "SY-DI",
        "SY-RD",
        "SY-HL",
        "SY-ID",
        "SY-DY",
        "SY-RA",
        "SY-HI",
        "SY-HA",
        "SY-HM",
        "SY-DR",
        "SY-LA",
        "SY-QU",
        "SY-TA",
        "SY-SU",
      ].sort(),
    );
    expect(kb.places.get("SY-DY")).toMatchObject({ kind: "governorate", admin1: "SY-DY", country: "SY" });
  });

  it("puts every GeoNames place in Syria into its governorate, and every place on the map", () => {
    let syrian = 0;
    for (const p of kb.places.values()) {
      expect(p.lat, p.id).toBeGreaterThanOrEqual(-90);
      expect(p.lat, p.id).toBeLessThanOrEqual(90);
      expect(p.lon, p.id).toBeGreaterThanOrEqual(-180);
      expect(p.lon, p.id).toBeLessThanOrEqual(180);
      if (p.admin1) expect(kb.governorates.has(p.admin1), `${p.id} admin1 ${p.admin1}`).toBe(true);
      if (p.id.startsWith("geonames:") && p.country === "SY") {
        syrian++;
        expect(p.admin1, p.id).not.toBeNull();
      }
    }
    expect(syrian).toBeGreaterThan(250);
    // Deir ez-Zor city, with the coordinates GeoNames gives.
    const deir = kb.places.get("geonames:170794");
    expect(deir).toMatchObject({ admin1: "SY-DY" });
    expect(deir?.aliases).toEqual(expect.arrayContaining(["Deir al-Zor", "Deir al-Zour"]));
  });

  it("has the actors' relations the issue names, and every relation points to a known actor", () => {
    const rel = (id: string) => kb.actors.get(id)?.relations ?? [];
    expect(rel("sdf")).toContainEqual({ type: "led-by", target: "ypg" });
    expect(rel("deir-ez-zor-military-council")).toContainEqual({ type: "part-of", target: "sdf" });
    expect(rel("hezbollah")).toContainEqual({ type: "backed-by", target: "iran" });
    expect(rel("us-led-coalition")).toContainEqual({ type: "led-by", target: "united-states" });
    for (const a of kb.actors.values())
      for (const r of a.relations ?? []) expect(kb.actors.has(r.target), `${a.id} → ${r.target}`).toBe(true);
    const is = kb.actors.get("is");
    expect([...(is?.aliases ?? []), ...(is?.caseSensitiveAliases ?? [])]).toEqual(
      expect.arrayContaining(["ISIS", "ISIL", "Daesh", "IS"]),
    );
    expect(kb.actors.get("sohr")?.descriptors).toEqual(expect.arrayContaining(["a monitor"]));
  });

  it("ships valid governorate and country outlines for the map", () => {
    type Ring = [number, number][];
    type Feature = {
      properties: { iso: string };
      geometry: { type: string; coordinates: Ring[] | Ring[][] };
    };
    const read = (f: string) =>
      JSON.parse(readFileSync(join(knowledgeDir(), "shapes", f), "utf8")) as { features: Feature[] };
    const admin1 = read("syria-admin1.geojson").features;
    expect(admin1.map((f) => f.properties.iso).sort()).toEqual([...kb.governorates.keys()].sort());
    const countries = read("countries.geojson").features.map((f) => f.properties.iso);
    expect(countries).toEqual(expect.arrayContaining(["SY", "IQ", "TR", "LB", "JO", "IL"]));
    for (const f of [...admin1, ...read("countries.geojson").features]) {
      const polygons = (
        f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates
      ) as Ring[][];
      for (const ring of polygons.flat()) {
        expect(ring.length, f.properties.iso).toBeGreaterThanOrEqual(4);
        expect(ring[0], f.properties.iso).toEqual(ring.at(-1)); // closed
      }
    }
  });

  it("knows the outlets and the cue words", () => {
    expect(kb.outlets.find("xinhua")?.kind).toBe("agency");
    expect(kb.cues.personTitles).toContain("commander");
    expect(kb.cues.orgWords).toContain("Council");
  });
});

describe("the bundled event taxonomy", () => {
  const { types, modes, lexicon } = kb.events;
  const byId = new Map(types.map((t) => [t.id, t]));
  const priority = (id: string) => byId.get(id)?.priority ?? Number.NaN;

  it("covers ACLED's 6 event types and 25 sub-event types, each mapping taken from the codebook", () => {
    const codebook = Object.entries(ACLED_EVENT_TYPES).flatMap(([t, subs]) => subs.map((s) => `${t} / ${s}`));
    expect(Object.keys(ACLED_EVENT_TYPES)).toHaveLength(6);
    expect(codebook).toHaveLength(25);
    const mapped = new Set(
      types
        .flatMap((t) => [t.acled, t.acledStateActor])
        .flatMap((a) => (a ? [`${a.eventType} / ${a.subEventType}`] : [])),
    );
    for (const m of mapped) expect(codebook, m).toContain(m);
    expect([...mapped].sort()).toEqual([...codebook].sort());
    // Territory taken by a state force is ACLED's "Government regains territory".
    expect(byId.get("territory-captured")?.acledStateActor?.subEventType).toBe(
      "Government regains territory",
    );
    expect(byId.get("talks")?.acled).toBeNull();
  });

  it("maps every type onto a PLOVER event type, with a mode PLOVER defines for it, and uses all 16", () => {
    for (const t of types) {
      expect(Object.keys(PLOVER_MODES), t.id).toContain(t.plover.eventType);
      if (t.plover.mode !== null) expect(PLOVER_MODES[t.plover.eventType], t.id).toContain(t.plover.mode);
    }
    expect(new Set(types.map((t) => t.plover.eventType)).size).toBe(16);
    expect(byId.get("air-strike")?.plover).toEqual({ eventType: "ASSAULT", mode: "aerial" });
  });

  it("has distinct ids and triggers, and each mode's words among its type's triggers", () => {
    expect(new Set(types.map((t) => t.id)).size).toBe(types.length);
    expect(new Set(modes.map((m) => m.id)).size).toBe(modes.length);
    const owner = new Map<string, string>();
    for (const t of types)
      for (const w of t.triggers) {
        expect(owner.get(w), `"${w}" in ${t.id} and ${owner.get(w)}`).toBeUndefined();
        owner.set(w, t.id);
      }
    for (const m of modes) for (const w of m.words) expect(owner.get(w), `${m.id}: "${w}"`).toBe(m.type);
    expect(owner.get("launched an offensive")).toBe("offensive");
    expect(owner.get("hell cannon")).toBe("shelling");
    expect(owner.get("were martyred")).toBe("death-report");
    expect(modes.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        "barrel-bomb",
        "car-bomb",
        "suicide-attack",
        "chlorine",
        "sniper-fire",
        "hell-cannon",
      ]),
    );
  });

  it("ranks specific types above general ones and statements low", () => {
    expect(priority("chemical-attack")).toBeGreaterThan(priority("air-strike"));
    expect(priority("air-strike")).toBeGreaterThan(priority("death-report"));
    expect(priority("suicide-bombing")).toBeGreaterThan(priority("bombing"));
    expect(priority("bombing")).toBeGreaterThan(priority("explosion"));
    expect(priority("siege-broken")).toBeGreaterThan(priority("siege"));
    expect(priority("territory-captured")).toBeGreaterThan(priority("offensive"));
    expect(priority("offensive")).toBeGreaterThan(priority("clash"));
    for (const id of ["talks", "accusation", "denial", "threat", "demand"])
      expect(priority(id), id).toBeLessThan(priority("attack"));
  });

  it("has the lexicon's five lists", () => {
    expect(lexicon.hedges).toEqual(expect.arrayContaining(["suspected", "reportedly", "allegedly"]));
    expect(lexicon.negations).toEqual(expect.arrayContaining(["did not", "no one was", "never"]));
    expect(lexicon.denials).toEqual(expect.arrayContaining(["denied", "rejected the claims"]));
    expect(lexicon.attributionVerbs).toEqual(expect.arrayContaining(["said", "according to"]));
    expect(lexicon.anonymousSources).toEqual(
      expect.arrayContaining(["activists", "a military source", "state media"]),
    );
  });
});

describe("user knowledge files (--kb)", () => {
  const dir = mkdtempSync(join(process.env.PARALLAX_TEST_TMP ?? tmpdir(), "kb-"));

  it("adds entries, replaces same-id entries whole, and appends cue words", () => {
    const file = join(dir, "mine.json");
    writeFileSync(
      file,
      JSON.stringify({
        actors: [{ id: "sdf", name: "QSD", type: "armed-group", aliases: ["QSD"] }],
        places: [
          { id: "area:my-village", name: "Tell Example", kind: "village", lat: 36, lon: 40, admin1: "SY-HA" },
        ],
        cues: { personTitles: ["Mukhtar"] },
      }),
    );
    const mine = loadKnowledge([dir]);
    expect(mine.actors.get("sdf")).toMatchObject({ name: "QSD", aliases: ["QSD"] });
    expect(mine.actors.get("sdf")?.relations).toBeUndefined(); // replaced, not merged
    expect(mine.places.get("area:my-village")).toMatchObject({
      admin1: "SY-HA",
      country: "SY",
      kind: "village",
    });
    expect(mine.cues.personTitles).toContain("Mukhtar");
    expect(mine.cues.personTitles).toContain("commander");
    // The bundled base is untouched.
    expect(loadKnowledge().actors.get("sdf")?.name).toBe("Syrian Democratic Forces");
  });

  it("appends casualty words, by victim class, and refuses unknown lists naming the file", () => {
    const file = join(dir, "tolls.json");
    writeFileSync(
      file,
      JSON.stringify({
        casualties: { victims: { civilians: ["farm workers"] }, background: ["since the revolution"] },
      }),
    );
    const mine = loadKnowledgeFiles([...bundledKnowledgeFiles(), file]);
    expect(mine.casualties.victims.civilians).toContain("farm workers");
    expect(mine.casualties.victims.civilians).toContain("civilians");
    expect(mine.casualties.background).toContain("since the revolution");
    expect(loadKnowledge().casualties.victims.civilians).not.toContain("farm workers");
    for (const [name, content, message] of [
      [
        "bad-class.json",
        { casualties: { victims: { pets: ["dogs"] } } },
        /bad-class\.json: casualties\.victims\.pets/,
      ],
      [
        "bad-list.json",
        { casualties: { rumours: ["they say"] } },
        /bad-list\.json: casualties\.rumours is not a known/,
      ],
      [
        "bad-case.json",
        { casualties: { killedAfter: ["Killed"] } },
        /bad-case\.json: casualties\.killedAfter/,
      ],
    ] as const) {
      const bad = join(dir, "bad", name);
      mkdirSync(join(dir, "bad"), { recursive: true });
      writeFileSync(bad, JSON.stringify(content));
      expect(() => loadKnowledgeFiles([...bundledKnowledgeFiles(), bad]), name).toThrow(message);
    }
  });

  it("reads GeoNames-style TSV files", () => {
    const file = join(dir, "extra.tsv");
    writeFileSync(
      file,
      "# my extract\ngeonameId\tname\tasciiName\talternateNames\tlat\tlon\tfeatureClass\tfeatureCode\tcountry\tadmin1\tpopulation\n" +
        "99999001\tQaryat Test\tQaryat Test\tQaryet Test\t35.1\t40.2\tP\tPPL\tSY\t07\t900\n",
    );
    const withTsv = loadKnowledge([file]);
    expect(withTsv.places.get("geonames:99999001")).toMatchObject({ admin1: "SY-DY", kind: "village" });
  });

  it("refuses a broken file, naming it and the entry", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ places: [{ id: "area:x", name: "X", lat: 1 }] }));
    expect(() => loadKnowledge([bad])).toThrow(KnowledgeError);
    expect(() => loadKnowledge([bad])).toThrow(/bad\.json: places\[0\] \(area:x\) has no lon/);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ nope");
    expect(() => loadKnowledge([notJson])).toThrow(/not\.json/);
    expect(() => loadKnowledge([join(dir, "missing.json")])).toThrow(/missing\.json: no such file/);
  });

  const eventsDir = join(dir, "events");
  mkdirSync(eventsDir);
  const type = (over: Partial<EventTypeEntry>) => ({
    id: "x",
    label: "X",
    description: "",
    acled: null,
    plover: { eventType: "ASSAULT", mode: null },
    priority: 1,
    triggers: ["x"],
    ...over,
  });

  it("adds and replaces event types and modes, and appends lexicon words", () => {
    const userDir = join(eventsDir, "kb");
    mkdirSync(userDir);
    // The mode names a type the next file adds: modes are checked once every file is read.
    writeFileSync(
      join(userDir, "a-modes.json"),
      JSON.stringify({
        modes: [
          { id: "barrel-bomb", label: "barrel bomb", type: "air-strike", words: ["barrel bombs", "barmeel"] },
          { id: "drone-downed", label: "drone downed", type: "drone-downing", words: ["downed a drone"] },
        ],
        lexicon: { hedges: ["so it is said", "suspected"] },
      }),
    );
    writeFileSync(
      join(userDir, "b-types.json"),
      JSON.stringify({
        types: [
          type({
            id: "clash",
            label: "Fighting",
            acled: { eventType: "Battles", subEventType: "Armed clash" },
            priority: 90,
            triggers: ["clashes", "fighting"],
          }),
          type({
            id: "drone-downing",
            label: "Drone downed",
            acled: { eventType: "Strategic developments", subEventType: "Disrupted weapons use" },
            plover: { eventType: "ASSAULT", mode: "drone" },
            priority: 85,
            triggers: ["downed a drone"],
          }),
        ],
      }),
    );
    const mine = loadKnowledge([userDir]).events;
    const bundled = loadKnowledge().events;
    const clash = mine.types.find((t) => t.id === "clash");
    expect(clash).toMatchObject({
      label: "Fighting",
      triggers: ["clashes", "fighting"],
      acledStateActor: null,
    });
    expect(mine.types.findIndex((t) => t.id === "clash")).toBe(
      bundled.types.findIndex((t) => t.id === "clash"),
    );
    expect(mine.types.at(-1)).toMatchObject({
      id: "drone-downing",
      plover: { eventType: "ASSAULT", mode: "drone" },
    });
    expect(mine.types).toHaveLength(bundled.types.length + 1);
    expect(mine.modes.find((m) => m.id === "barrel-bomb")?.words).toEqual(["barrel bombs", "barmeel"]);
    expect(mine.modes.find((m) => m.id === "drone-downed")?.type).toBe("drone-downing");
    expect(mine.lexicon.hedges).toEqual([...bundled.lexicon.hedges, "so it is said"]);
    expect(mine.lexicon.denials).toEqual(bundled.lexicon.denials);
    // The bundled taxonomy is untouched.
    expect(bundled.types.find((t) => t.id === "clash")?.label).toBe("Armed clash");
  });

  it("refuses a broken event entry, naming the file and the entry", () => {
    const cases: [string, object, RegExp][] = [
      [
        "bad-acled.json",
        { types: [type({ id: "airy", acled: { eventType: "Battles", subEventType: "Air/drone strike" } })] },
        /bad-acled\.json: types\[0\] \(airy\) acled subEventType "Air\/drone strike" is not an ACLED sub-event type of Battles/,
      ],
      [
        "bad-acled-type.json",
        { types: [type({ id: "wars", acled: { eventType: "Wars", subEventType: "Armed clash" } as never })] },
        /bad-acled-type\.json: types\[0\] \(wars\) acled eventType "Wars"/,
      ],
      [
        "bad-mode.json",
        { modes: [{ id: "orphan", label: "orphan", type: "no-such-type", words: ["orphan"] }] },
        /bad-mode\.json: modes\[0\] \(orphan\) names an unknown event type "no-such-type"/,
      ],
      [
        "bad-case.json",
        { types: [type({ id: "x" }), type({ id: "shouty", triggers: ["air strike", "Air Strike"] })] },
        /bad-case\.json: types\[1\] \(shouty\) triggers phrase "Air Strike" is not lower-case/,
      ],
      [
        "bad-plover.json",
        { types: [type({ id: "fight", plover: { eventType: "FIGHT", mode: null } as never })] },
        /bad-plover\.json: types\[0\] \(fight\) plover\.eventType "FIGHT"/,
      ],
      [
        "bad-plover-mode.json",
        { types: [type({ id: "bombs", plover: { eventType: "ASSAULT", mode: "bombs" } })] },
        /bad-plover-mode\.json: types\[0\] \(bombs\) plover\.mode "bombs" is not a PLOVER mode of ASSAULT/,
      ],
      [
        "bad-id.json",
        { types: [type({ id: "Air_Strike" })] },
        /bad-id\.json: types\[0\] \(Air_Strike\) needs a kebab-case id/,
      ],
      [
        "bad-dup.json",
        { types: [type({ id: "twice" }), type({ id: "twice" })] },
        /bad-dup\.json: types\[1\] \(twice\) repeats an id/,
      ],
      [
        "bad-priority.json",
        { types: [type({ id: "urgent", priority: 1.5 })] },
        /bad-priority\.json: types\[0\] \(urgent\) needs an integer priority/,
      ],
      [
        "bad-triggers.json",
        { types: [type({ id: "silent", triggers: [] })] },
        /bad-triggers\.json: types\[0\] \(silent\) triggers needs a non-empty list/,
      ],
      [
        "bad-lexicon.json",
        { lexicon: { rumours: ["they say"] } },
        /bad-lexicon\.json: lexicon\.rumours is not a known list/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(eventsDir, name);
      writeFileSync(file, JSON.stringify(content));
      let error: unknown;
      try {
        loadKnowledge([file]);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(KnowledgeError);
      expect((error as Error).message, name).toMatch(message);
    }
  });
});

describe("the framing lexicon and story words", () => {
  const dir = mkdtempSync(join(process.env.PARALLAX_TEST_TMP ?? tmpdir(), "kb-framing-"));

  it("loads the bundled concepts and terms, each term under a known concept and sides, no form twice", () => {
    const kb = loadKnowledge();
    expect(kb.framing.concepts.length).toBeGreaterThanOrEqual(10);
    expect(kb.framing.terms.length).toBeGreaterThanOrEqual(100);
    const forms = kb.framing.terms.flatMap((t) => t.forms);
    expect(new Set(forms).size).toBe(forms.length);
    const concept = (form: string) => kb.framing.terms.find((t) => t.forms.includes(form));
    expect(concept("terrorists")).toMatchObject({ concept: "armed-group-label", register: "delegitimising" });
    expect(concept("regime")?.concept).toBe("government-label");
    expect(concept("liberated")?.concept).toBe("territory-act");
    expect(concept("martyrs")?.concept).toBe("victims");
    expect(kb.stopwords.has("the")).toBe(true);
    expect(kb.stopwords.has("killed")).toBe(false);
  });

  it("adds a user's term and refuses one whose form another term has, or whose concept is unknown", () => {
    const good = join(dir, "good.json");
    writeFileSync(
      good,
      JSON.stringify({
        terms: [
          {
            id: "partisans",
            concept: "armed-group-label",
            label: "partisans",
            forms: ["partisans"],
            appliesTo: ["opposition"],
            register: "legitimising",
            note: "test",
          },
        ],
        stopwords: ["reportedly"],
      }),
    );
    const mine = loadKnowledgeFiles([...bundledKnowledgeFiles(), good]);
    expect(mine.framing.terms.find((t) => t.id === "partisans")?.register).toBe("legitimising");
    expect(mine.stopwords.has("reportedly")).toBe(true);
    for (const [name, term, message] of [
      [
        "twice.json",
        { id: "x", concept: "armed-group-label", forms: ["terrorists"] },
        /already belongs to the term/,
      ],
      [
        "concept.json",
        { id: "y", concept: "no-such-concept", forms: ["zzz"] },
        /unknown concept "no-such-concept"/,
      ],
      [
        "side.json",
        { id: "z", concept: "armed-group-label", forms: ["qqq"], appliesTo: ["martians"] },
        /unknown actor side/,
      ],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify({ terms: [term] }));
      expect(() => loadKnowledgeFiles([...bundledKnowledgeFiles(), file])).toThrow(message);
    }
  });
});
