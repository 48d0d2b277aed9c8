// The knowledge base: places, actors, outlets, cue words and the event taxonomy, read from the data files in
// knowledge/ plus any the user adds with --kb (a file or a folder). Later files override earlier entries with the
// same id, the whole entry replaced; word lists are appended to.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { knowledgeDir, OutletBook, type OutletEntry } from "./outlets.js";
import type {
  AcledEventType,
  AcledMapping,
  ActorEntry,
  CasualtyLexicon,
  CountryEntry,
  Cues,
  EventLexicon,
  EventModeEntry,
  EventTaxonomy,
  EventTypeEntry,
  FramingConcept,
  FramingLexicon,
  FramingTerm,
  GovernorateEntry,
  KnowledgeFile,
  PlaceEntry,
  PloverEventType,
  PloverMapping,
  VictimClassName,
} from "./types.js";

export type * from "./types.js";

/** A knowledge file that could not be read, with the file and the reason. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface KnowledgeBase {
  places: Map<string, PlaceEntry>;
  actors: Map<string, ActorEntry>;
  /** By ISO 3166-2 code. */
  governorates: Map<string, GovernorateEntry>;
  outlets: OutletBook;
  cues: Cues;
  /** Words for a country's people ("Syrian", "Turkish"): never a place mention on their own. */
  demonyms: Set<string>;
  /** The country (ISO code) of each demonym, by lower-case demonym ("russian" → "RU"). */
  demonymCountry: Map<string, string>;
  /** Event types with their triggers and ACLED/PLOVER mappings, modes, and the hedge/negation/source lexicon. */
  events: EventTaxonomy;
  /** The words that make a number a toll, and a toll the incident's own. */
  casualties: CasualtyLexicon;
  /** Words left out of the word vectors that group articles into stories. */
  stopwords: Set<string>;
  /** The words outlets choose for the same actors and acts, for the cross-check. */
  framing: FramingLexicon;
  /** The files read, in order (bundled first). */
  files: string[];
}

/** The bundled files, in load order. */
export function bundledKnowledgeFiles(): string[] {
  const dir = knowledgeDir();
  return [
    join(dir, "places/governorates.json"),
    join(dir, "places/geonames.tsv"),
    join(dir, "places/areas.json"),
    join(dir, "actors.json"),
    join(dir, "outlets.json"),
    join(dir, "cues.json"),
    join(dir, "events.json"),
    join(dir, "casualties.json"),
    join(dir, "link.json"),
    join(dir, "framing.json"),
  ];
}

/** ACLED's event types and the sub-event types of each, in the codebook's order (ACLED Codebook). This is the
 * codebook the event taxonomy maps onto, not Parallax knowledge, so it lives here and not in knowledge/. */
export const ACLED_EVENT_TYPES: Readonly<Record<AcledEventType, readonly string[]>> = {
  Battles: ["Government regains territory", "Non-state actor overtakes territory", "Armed clash"],
  Protests: ["Excessive force against protesters", "Protest with intervention", "Peaceful protest"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Explosions/Remote violence": [
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
  ],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  "Strategic developments": [
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
  ],
};

/** PLOVER's event types and the modes it defines for each (none for AGREE, SUPPORT, CONCEDE, COOPERATE, AID).
 * PLOVER (Halterman et al.), the sixteen-category version POLECAT is coded in. */
export const PLOVER_MODES: Readonly<Record<PloverEventType, readonly string[]>> = {
  AGREE: [],
  CONSULT: ["visit", "third-party", "multilateral", "phone"],
  SUPPORT: [],
  CONCEDE: [],
  COOPERATE: [],
  AID: [],
  RETREAT: ["withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"],
  REQUEST: ["assist", "change", "yield", "meet"],
  ACCUSE: ["disapprove", "investigate", "allege"],
  REJECT: ["assist", "change", "yield", "meet"],
  THREATEN: ["restrict", "ban", "arrest", "relations", "expel", "territory", "violence"],
  PROTEST: ["demo", "riot", "strike", "hunger", "boycott", "obstruct"],
  SANCTION: ["convict", "expel", "withdraw", "discontinue"],
  MOBILIZE: ["troops", "weapons", "police", "militia"],
  COERCE: [
    "seize",
    "restrict",
    "ban",
    "censor",
    "curfew",
    "martial-law",
    "arrest",
    "deport",
    "withhold",
    "misinformation",
    "cyber",
  ],
  ASSAULT: [
    "abduct",
    "beat",
    "torture",
    "execute",
    "sexual",
    "assassinate",
    "destroy",
    "primitive",
    "firearms",
    "explosives",
    "suicide-attack",
    "aerial",
    "drone",
    "heavy-weapons",
    "crowd-control",
    "cleansing",
    "massacre",
    "unconventional",
    "sideAB",
  ],
};

/** Expands --kb paths: a folder gives its .json and .tsv files (sorted, recursively). */
export function expandKnowledgePaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new KnowledgeError(p, "no such file or folder");
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).sort();
      out.push(...expandKnowledgePaths(names.filter((n) => !n.startsWith(".")).map((n) => join(p, n))));
    } else if (/\.(json|tsv)$/i.test(p) || paths.includes(p)) {
      out.push(p);
    }
  }
  return out;
}

const cache = new Map<string, KnowledgeBase>();

/** Loads the bundled knowledge plus the user's files (later ones win). Cached per list of paths. */
export function loadKnowledge(userPaths: readonly string[] = []): KnowledgeBase {
  return loadKnowledgeFiles([...bundledKnowledgeFiles(), ...expandKnowledgePaths(userPaths)]);
}

/** Loads exactly these files, in order (later entries override earlier ones with the same id). */
export function loadKnowledgeFiles(files: readonly string[]): KnowledgeBase {
  const cacheKey = files.join("\n");
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const kb: KnowledgeBase = {
    places: new Map(),
    actors: new Map(),
    governorates: new Map(),
    outlets: new OutletBook([]),
    files: [...files],
    stopwords: new Set(),
    framing: { concepts: [], terms: [] },
    demonyms: new Set(),
    demonymCountry: new Map(),
    events: {
      types: [],
      modes: [],
      lexicon: { hedges: [], negations: [], denials: [], attributionVerbs: [], anonymousSources: [] },
    },
    casualties: {
      victims: { people: [], civilians: [], children: [], women: [], fighters: [] },
      killedAfter: [],
      killedBefore: [],
      tollVerbs: [],
      injuredAfter: [],
      injuredBefore: [],
      updates: [],
      parts: [],
      partsAfter: [],
      supersets: [],
      background: [],
      elsewhere: [],
    },
    cues: {
      personTitles: [],
      orgWords: [],
      orgPrefixes: [],
      placeWords: [],
      placeSuffixes: [],
      reportingVerbs: [],
      nameParticles: [],
      givenNames: [],
      notPlaceNames: [],
      toponymGenerics: [],
    },
  };
  const admin1ByGeonames = new Map<string, string>();
  const eventTypes = new Map<string, EventTypeEntry>();
  const eventModes = new Map<string, { mode: EventModeEntry; file: string; i: number }>();
  /** The file each framing term came from, for errors found once every file is in. */
  const termFiles = new Map<string, string>();
  const lexicon = kb.events.lexicon;
  for (const file of files) {
    if (file.endsWith(".tsv")) {
      for (const p of parseGeonamesTsv(file, admin1ByGeonames)) kb.places.set(p.id, p);
      continue;
    }
    let data: KnowledgeFile & { outlets?: OutletEntry[] };
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new KnowledgeError(file, (e as Error).message);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data))
      throw new KnowledgeError(
        file,
        "expected a JSON object with places, actors, governorates, countries, outlets, cues, types, modes or lexicon",
      );
    for (const [i, g] of (data.governorates ?? []).entries()) {
      need(file, "governorates", i, g, ["iso", "name", "lat", "lon"]);
      const entry = { ...g, id: g.id ?? g.iso, aliases: g.aliases ?? [] };
      kb.governorates.set(entry.iso, entry);
      if (entry.geonamesAdmin1) admin1ByGeonames.set(entry.geonamesAdmin1, entry.iso);
      kb.places.set(entry.iso, governoratePlace(entry));
    }
    for (const [i, c] of (data.countries ?? []).entries()) {
      need(file, "countries", i, c, ["iso", "name", "lat", "lon"]);
      kb.places.set(`country:${c.iso}`, countryPlace(c));
      for (const d of c.demonyms ?? []) {
        kb.demonyms.add(d);
        kb.demonymCountry.set(d.toLowerCase(), c.iso);
      }
    }
    for (const [i, p] of (data.places ?? []).entries()) {
      need(file, "places", i, p, ["id", "name", "lat", "lon"]);
      kb.places.set(p.id, areaPlace(p));
    }
    for (const [i, a] of (data.actors ?? []).entries()) {
      need(file, "actors", i, a, ["id", "name", "type"]);
      kb.actors.set(a.id, { ...a, aliases: a.aliases ?? [] });
    }
    for (const [i, o] of (data.outlets ?? []).entries()) {
      need(file, "outlets", i, o, ["id", "name"]);
      kb.outlets.add({
        ...o,
        kind: o.kind ?? "outlet",
        country: o.country ?? null,
        aliases: o.aliases ?? [],
        domains: o.domains ?? [],
      });
    }
    for (const [list, words] of Object.entries(data.cues ?? {})) {
      if (!(list in kb.cues) || !Array.isArray(words))
        throw new KnowledgeError(file, `cues.${list} is not a known list of words`);
      kb.cues[list as keyof Cues].push(...words.map(String));
    }
    const typeIds = new Set<string>();
    for (const [i, t] of entryList(file, "types", data.types).entries()) {
      const entry = eventType(file, i, t);
      if (typeIds.has(entry.id))
        throw new KnowledgeError(file, `types[${i}] (${entry.id}) repeats an id used earlier in the file`);
      typeIds.add(entry.id);
      eventTypes.set(entry.id, entry);
    }
    const modeIds = new Set<string>();
    for (const [i, m] of entryList(file, "modes", data.modes).entries()) {
      const mode = eventMode(file, i, m);
      if (modeIds.has(mode.id))
        throw new KnowledgeError(file, `modes[${i}] (${mode.id}) repeats an id used earlier in the file`);
      modeIds.add(mode.id);
      eventModes.set(mode.id, { mode, file, i });
    }
    if (data.lexicon !== undefined && (typeof data.lexicon !== "object" || data.lexicon === null))
      throw new KnowledgeError(file, "lexicon is not an object of word lists");
    for (const [list, words] of Object.entries(data.lexicon ?? {})) {
      if (!Object.hasOwn(lexicon, list))
        throw new KnowledgeError(file, `lexicon.${list} is not a known list of words`);
      const why = phraseListError(words);
      if (why) throw new KnowledgeError(file, `lexicon.${list}: ${why}`);
      const have = lexicon[list as keyof EventLexicon];
      for (const w of words as string[]) if (!have.includes(w)) have.push(w);
    }
    mergeCasualties(file, kb.casualties, data.casualties);
    if (data.stopwords !== undefined) {
      const why = phraseListError(data.stopwords);
      if (why) throw new KnowledgeError(file, `stopwords: ${why}`);
      for (const w of data.stopwords) kb.stopwords.add(w.toLowerCase());
    }
    mergeFraming(file, kb.framing, data, termFiles);
  }
  // Like modes, terms may name a concept from a later file, so they are checked once every file is in.
  checkFraming(kb.framing, sides(kb), termFiles);
  // A mode may name a type from a later file, so modes are checked once every file is in.
  for (const { mode, file, i } of eventModes.values())
    if (!eventTypes.has(mode.type))
      throw new KnowledgeError(file, `modes[${i}] (${mode.id}) names an unknown event type "${mode.type}"`);
  kb.events.types = [...eventTypes.values()];
  kb.events.modes = [...eventModes.values()].map((m) => m.mode);
  cache.set(cacheKey, kb);
  return kb;
}

const REGISTERS = new Set(["neutral", "loaded", "delegitimising", "legitimising", "euphemism", "technical"]);
const REFERS_TO = new Set(["actor", "act", "victims"]);

/** Adds a file's framing concepts and terms; an entry with the id of an earlier one replaces it. */
function mergeFraming(
  file: string,
  lex: FramingLexicon,
  data: KnowledgeFile,
  termFiles: Map<string, string>,
): void {
  for (const [i, c] of entryList(file, "concepts", data.concepts).entries()) {
    need(file, "concepts", i, c, ["id", "name", "refersTo"]);
    const concept = c as FramingConcept;
    if (!REFERS_TO.has(concept.refersTo))
      throw new KnowledgeError(
        file,
        `concepts[${i}] (${concept.id}): refersTo must be actor, act or victims`,
      );
    const entry = { ...concept, question: concept.question ?? "" };
    const at = lex.concepts.findIndex((x) => x.id === entry.id);
    if (at >= 0) lex.concepts[at] = entry;
    else lex.concepts.push(entry);
  }
  for (const [i, t] of entryList(file, "terms", data.terms).entries()) {
    need(file, "terms", i, t, ["id", "concept", "forms"]);
    const term = t as FramingTerm;
    const why = phraseListError(term.forms);
    if (why) throw new KnowledgeError(file, `terms[${i}] (${term.id}).forms: ${why}`);
    const register = term.register ?? "neutral";
    if (!REGISTERS.has(register))
      throw new KnowledgeError(
        file,
        `terms[${i}] (${term.id}): register "${register}" is not one of ${[...REGISTERS].join(", ")}`,
      );
    const entry: FramingTerm = {
      ...term,
      label: term.label ?? term.forms[0] ?? term.id,
      appliesTo: term.appliesTo ?? [],
      register,
      note: term.note ?? "",
    };
    termFiles.set(entry.id, file);
    const at = lex.terms.findIndex((x) => x.id === entry.id);
    if (at >= 0) lex.terms[at] = entry;
    else lex.terms.push(entry);
  }
}

/** The actor sides the knowledge base uses (actors' `side`). */
function sides(kb: KnowledgeBase): Set<string> {
  const out = new Set<string>();
  for (const a of kb.actors.values()) if (a.side) out.add(a.side);
  return out;
}

/** Every term names a known concept and known sides, and no surface form belongs to two terms. */
function checkFraming(lex: FramingLexicon, knownSides: Set<string>, termFiles: Map<string, string>): void {
  const concepts = new Set(lex.concepts.map((c) => c.id));
  const owner = new Map<string, string>();
  for (const t of lex.terms) {
    const file = termFiles.get(t.id) ?? "framing";
    if (!concepts.has(t.concept))
      throw new KnowledgeError(file, `terms (${t.id}) names an unknown concept "${t.concept}"`);
    for (const s of t.appliesTo)
      if (!knownSides.has(s))
        throw new KnowledgeError(file, `terms (${t.id}) applies to an unknown actor side "${s}"`);
    for (const f of t.forms) {
      const key = f.toLowerCase();
      const other = owner.get(key);
      if (other && other !== t.id)
        throw new KnowledgeError(
          file,
          `terms (${t.id}): the form "${f}" already belongs to the term ${other}`,
        );
      owner.set(key, t.id);
    }
  }
}

/** Appends a file's casualty words to the lexicon; an unknown list or a bad word names the file and the list. */
function mergeCasualties(file: string, lex: CasualtyLexicon, data: KnowledgeFile["casualties"]): void {
  if (data === undefined) return;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new KnowledgeError(file, "casualties is not an object of word lists");
  for (const [list, words] of Object.entries(data)) {
    if (list === "victims") {
      if (typeof words !== "object" || words === null || Array.isArray(words))
        throw new KnowledgeError(file, "casualties.victims is not an object of word lists by class");
      for (const [cls, nouns] of Object.entries(words)) {
        if (!Object.hasOwn(lex.victims, cls))
          throw new KnowledgeError(
            file,
            `casualties.victims.${cls} is not a victim class (people, civilians, children, women, fighters)`,
          );
        const why = phraseListError(nouns);
        if (why) throw new KnowledgeError(file, `casualties.victims.${cls}: ${why}`);
        lex.victims[cls as VictimClassName].push(...(nouns as string[]));
      }
      continue;
    }
    if (!Object.hasOwn(lex, list))
      throw new KnowledgeError(file, `casualties.${list} is not a known list of words`);
    const why = phraseListError(words);
    if (why) throw new KnowledgeError(file, `casualties.${list}: ${why}`);
    (lex[list as Exclude<keyof CasualtyLexicon, "victims">] as string[]).push(...(words as string[]));
  }
}

function need(file: string, list: string, i: number, entry: unknown, fields: string[]): void {
  const e = entry as Record<string, unknown>;
  for (const f of fields) {
    if (e?.[f] === undefined || e[f] === null || e[f] === "")
      throw new KnowledgeError(file, `${list}[${i}] (${String(e?.id ?? e?.name ?? "?")}) has no ${f}`);
  }
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A file's list of entries under `key` (none when the key is absent). */
function entryList(file: string, key: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new KnowledgeError(file, `${key} is not a list`);
  return value;
}

/** Why a list of phrases is unusable (triggers, mode words, lexicon lists), or null when it is fine. */
function phraseListError(words: unknown): string | null {
  if (!Array.isArray(words) || words.length === 0) return "needs a non-empty list of phrases";
  for (const w of words) {
    if (typeof w !== "string" || w.trim() === "")
      return `has an empty or non-text phrase (${JSON.stringify(w)})`;
    if (w !== w.toLowerCase()) return `phrase "${w}" is not lower-case`;
  }
  return null;
}

/** Why an ACLED mapping is not in the codebook, or null when it is. */
function acledError(value: unknown): string | null {
  const a = value as Partial<AcledMapping> | null;
  if (typeof a !== "object" || a === null) return "is not { eventType, subEventType } or null";
  if (typeof a.eventType !== "string" || !Object.hasOwn(ACLED_EVENT_TYPES, a.eventType))
    return `eventType "${String(a.eventType)}" is not one of ACLED's event types`;
  if (!ACLED_EVENT_TYPES[a.eventType].includes(String(a.subEventType)))
    return `subEventType "${String(a.subEventType)}" is not an ACLED sub-event type of ${a.eventType}`;
  return null;
}

/** A `types` entry, checked; `acledStateActor` defaults to null and `description` to "". */
function eventType(file: string, i: number, raw: unknown): EventTypeEntry {
  const t = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const bad = (why: string) => new KnowledgeError(file, `types[${i}] (${String(t.id ?? "?")}) ${why}`);
  if (typeof t.id !== "string" || !KEBAB.test(t.id)) throw bad("needs a kebab-case id (air-strike)");
  if (typeof t.label !== "string" || t.label.trim() === "") throw bad("has no label");
  if (t.description !== undefined && typeof t.description !== "string")
    throw bad("has a description that is not text");
  if (!Number.isInteger(t.priority)) throw bad("needs an integer priority");
  const triggers = phraseListError(t.triggers);
  if (triggers) throw bad(`triggers ${triggers}`);
  if (t.acled === undefined) throw bad("has no acled mapping (null when ACLED does not code it)");
  const acled = t.acled === null ? null : acledError(t.acled);
  if (acled) throw bad(`acled ${acled}`);
  const state =
    t.acledStateActor === undefined || t.acledStateActor === null ? null : acledError(t.acledStateActor);
  if (state) throw bad(`acledStateActor ${state}`);
  const p = t.plover as Partial<PloverMapping> | null | undefined;
  if (typeof p !== "object" || p === null) throw bad("has no plover mapping { eventType, mode }");
  if (typeof p.eventType !== "string" || !Object.hasOwn(PLOVER_MODES, p.eventType))
    throw bad(`plover.eventType "${String(p.eventType)}" is not one of PLOVER's event types`);
  const modes = PLOVER_MODES[p.eventType];
  if (p.mode !== undefined && p.mode !== null && !modes.includes(p.mode))
    throw bad(
      `plover.mode "${String(p.mode)}" is not a PLOVER mode of ${p.eventType} (${modes.join(", ") || "it has none"})`,
    );
  return {
    id: t.id,
    label: t.label,
    description: t.description ?? "",
    acled: t.acled as AcledMapping | null,
    acledStateActor: (t.acledStateActor ?? null) as AcledMapping | null,
    plover: { eventType: p.eventType, mode: p.mode ?? null },
    priority: t.priority as number,
    triggers: t.triggers as string[],
  };
}

/** A `modes` entry, checked (its type is checked once all files are read). */
function eventMode(file: string, i: number, raw: unknown): EventModeEntry {
  const m = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const bad = (why: string) => new KnowledgeError(file, `modes[${i}] (${String(m.id ?? "?")}) ${why}`);
  if (typeof m.id !== "string" || !KEBAB.test(m.id)) throw bad("needs a kebab-case id (barrel-bomb)");
  if (typeof m.label !== "string" || m.label.trim() === "") throw bad("has no label");
  if (typeof m.type !== "string" || m.type === "") throw bad("names no event type");
  const words = phraseListError(m.words);
  if (words) throw bad(`words ${words}`);
  return { id: m.id, label: m.label, type: m.type, words: m.words as string[] };
}

function governoratePlace(g: GovernorateEntry): PlaceEntry {
  return {
    id: g.iso,
    name: g.name,
    kind: "governorate",
    aliases: g.aliases,
    lat: g.lat,
    lon: g.lon,
    admin1: g.iso,
    country: g.iso.slice(0, 2),
    population: 0,
    featureCode: "ADM1",
  };
}

function countryPlace(c: CountryEntry): PlaceEntry {
  return {
    id: `country:${c.iso}`,
    name: c.name,
    kind: "country",
    aliases: c.aliases ?? [],
    lat: c.lat,
    lon: c.lon,
    admin1: null,
    country: c.iso,
    population: 0,
    featureCode: "PCLI",
  };
}

/** Hand-written places say `type` or `kind`; fill in the defaults. */
function areaPlace(p: PlaceEntry & { type?: string }): PlaceEntry {
  return {
    ...p,
    kind: p.kind ?? p.type ?? "place",
    aliases: p.aliases ?? [],
    admin1: p.admin1 ?? null,
    country: p.country ?? (p.admin1 ? p.admin1.slice(0, 2) : null),
    population: p.population ?? 0,
    featureCode: p.featureCode ?? null,
    partOf: p.partOf ?? null,
  };
}

/** GeoNames' feature codes to the kinds the analysis ranks by. */
function geonamesKind(code: string, population: number): string {
  if (code === "PPLC" || code === "PPLA") return "city";
  if (population >= 100_000) return "city";
  if (population >= 10_000 || code.startsWith("PPLA")) return "town";
  return code.startsWith("PPL") ? "village" : "place";
}

/** Parses a GeoNames-style TSV (knowledge/places/geonames.tsv, or a user's file of the same columns). */
export function parseGeonamesTsv(file: string, admin1ByGeonames: Map<string, string>): PlaceEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new KnowledgeError(file, (e as Error).message);
  }
  const lines = text.split("\n");
  let header: string[] | null = null;
  const out: PlaceEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]?.replace(/\r$/, "");
    if (!line || line.startsWith("#")) continue;
    const cols = line.split("\t");
    if (!header) {
      header = cols;
      for (const c of ["geonameId", "name", "lat", "lon", "country"])
        if (!header.includes(c)) throw new KnowledgeError(file, `header has no ${c} column`);
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = cols[i] ?? "";
    });
    const lat = Number(row.lat);
    const lon = Number(row.lon);
    if (!row.geonameId || !row.name || !Number.isFinite(lat) || !Number.isFinite(lon))
      throw new KnowledgeError(`${basename(file)} line ${n + 1}`, "needs geonameId, name, lat and lon");
    const population = Number(row.population) || 0;
    const country = row.country || null;
    // aliases[0] is always GeoNames' ASCII name (the analysis trusts it like the name itself).
    const aliases = [
      row.asciiName || row.name,
      ...(row.alternateNames ?? "").split(",").filter((a) => a && a !== row.name),
    ];
    out.push({
      id: `geonames:${row.geonameId}`,
      name: row.name,
      kind: geonamesKind(row.featureCode ?? "", population),
      aliases,
      lat,
      lon,
      admin1: country === "SY" ? (admin1ByGeonames.get(row.admin1 ?? "") ?? null) : null,
      country,
      population,
      featureCode: row.featureCode || null,
    });
  }
  return out;
}
