// Mentions to entities: each knowledge-base candidate is resolved to one entry (place or actor, which town of
// that name), and proper-noun runs the knowledge base does not know become people, organisations or places,
// typed by the words around them (knowledge/cues.json).

import type { ActorEntry, Cues, KnowledgeBase, PlaceEntry } from "../knowledge/index.js";
import type { Article, Entity, Mention } from "../records.js";
import type { Candidate, Gazetteer, Target } from "./gazetteer.js";
import { isEnglishWord, type Tokens } from "./nlp.js";

/** A mention with the token range it covers, so later steps can look at its neighbours. */
export interface LinkedMention extends Mention {
  first: number;
  last: number;
}

export interface Linked {
  mentions: LinkedMention[];
  entities: Map<string, Entity>;
}

interface CueSets {
  titles: Set<string>;
  titlePhrases: string[][];
  orgWords: Set<string>;
  orgPrefixes: Set<string>;
  placeWords: Set<string>;
  placeSuffixes: Set<string>;
  reporting: Set<string>;
  particles: Set<string>;
  givenNames: Set<string>;
  notPlaces: Set<string>;
}

const cueCache = new WeakMap<Cues, CueSets>();

function cueSets(c: Cues): CueSets {
  let s = cueCache.get(c);
  if (!s) {
    s = {
      titles: new Set(c.personTitles.filter((t) => !t.includes(" "))),
      titlePhrases: c.personTitles.filter((t) => t.includes(" ")).map((t) => t.split(" ")),
      orgWords: new Set(c.orgWords.filter((t) => !t.includes(" "))),
      orgPrefixes: new Set(c.orgPrefixes),
      placeWords: new Set(c.placeWords.map((w) => w.split(" ").at(-1) as string)),
      placeSuffixes: new Set(c.placeSuffixes),
      reporting: new Set(c.reportingVerbs),
      particles: new Set(c.nameParticles),
      givenNames: new Set(c.givenNames),
      notPlaces: new Set(c.notPlaceNames),
    };
    cueCache.set(c, s);
  }
  return s;
}

const GOVERNORATE_WORDS = new Set(["province", "governorate", "countryside", "provinces"]);
const CITY_WORDS = new Set(["city", "town"]);
const PLACE_PREPS = new Set([
  "in",
  "into",
  "to",
  "from",
  "across",
  "inside",
  "near",
  "at",
  "of",
  "outside",
  "around",
]);

const KIND_RANK: Record<string, number> = {
  city: 6,
  governorate: 5,
  town: 5,
  country: 4,
  region: 4,
  village: 3,
  neighbourhood: 3,
  district: 3,
};

export function entityIdOf(t: Target): string {
  return t.kind === "place" ? t.entry.id : `actor:${t.entry.id}`;
}

/** Picks the one entry a name means here; `context` holds the governorates the article names unambiguously. */
function chooseTarget(c: Candidate, tokens: Tokens, context: ReadonlySet<string> = new Set()): Target {
  const targets = c.targets;
  if (targets.length === 1) return targets[0] as Target;
  const prev = c.first > 0 ? (tokens.lower[c.first - 1] as string) : "";
  const nextTok = c.last + 1 < tokens.length ? c.last + 1 : -1;
  const next = nextTok >= 0 ? (tokens.lower[nextTok] as string) : "";
  const nextPos = nextTok >= 0 ? (tokens.pos[nextTok] as string) : "";
  const places = targets.filter((t): t is Extract<Target, { kind: "place" }> => t.kind === "place");
  const actors = targets.filter((t) => t.kind === "actor");
  // A name that is both a place and an actor: "in Russia" is the place, "Russia said" the state acting; a
  // village that shares its name with an agency or a group ("SANA") is the actor unless introduced as a place.
  if (actors.length > 0) {
    if (places.length === 0) return actors[0] as Target;
    const acting = (nextPos === "VERB" || nextPos === "AUX") && !PLACE_PREPS.has(prev);
    const major = places.some(
      (t) => t.entry.kind === "country" || t.entry.kind === "governorate" || t.entry.kind === "city",
    );
    if (acting || (!major && !PLACE_PREPS.has(prev))) return actors[0] as Target;
  }
  if (places.length === 0) return targets[0] as Target;
  const wantGov = GOVERNORATE_WORDS.has(next) || (prev === "rural" && next !== "city");
  const wantCity = CITY_WORDS.has(next);
  const score = (p: PlaceEntry) =>
    (p.country === "SY" ? 100 : 0) +
    (p.admin1 && context.has(p.admin1) ? 10 : 0) +
    (wantGov && p.kind === "governorate" ? 50 : 0) +
    (wantCity && p.kind !== "governorate" ? 20 : 0) +
    (KIND_RANK[p.kind] ?? 2) * 3 +
    Math.log10(1 + p.population);
  let best = places[0] as Extract<Target, { kind: "place" }>;
  for (const t of places) if (score(t.entry) > score(best.entry)) best = t;
  return best;
}

function placeEntity(p: PlaceEntry, kb: KnowledgeBase): Entity {
  return {
    id: p.id,
    name: p.name,
    type: "place",
    kind: p.kind,
    kbId: p.id,
    surfaceForms: [],
    mentions: 0,
    geo: {
      lat: p.lat,
      lon: p.lon,
      admin1: p.admin1 ? (kb.governorates.get(p.admin1)?.name ?? null) : null,
      admin1Code: p.admin1,
      country: p.country,
    },
  };
}

function actorEntity(a: ActorEntry): Entity {
  return {
    id: `actor:${a.id}`,
    name: a.name,
    type: a.type === "person" ? "person" : "organization",
    kind: a.type,
    kbId: a.id,
    surfaceForms: [],
    mentions: 0,
  };
}

function slug(s: string): string {
  return (
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  );
}

/** Resolves knowledge-base candidates and types the remaining proper-noun runs. */
export function linkEntities(
  tokens: Tokens,
  candidates: Candidate[],
  gazetteer: Gazetteer,
  kb: KnowledgeBase,
  article: Pick<Article, "byline" | "editor" | "credits">,
  /** Where the title ends in the text (0 without a title). */
  titleEnd = 0,
): Linked {
  const cues = cueSets(kb.cues);
  // In a Title-Case Headline every word is capitalised: only known names count there, no guessed ones.
  const titleCased = titleEnd > 0 && isTitleCased(tokens, titleEnd);
  const entities = new Map<string, Entity>();
  const mentions: LinkedMention[] = [];
  const covered = new Uint8Array(tokens.length);

  const add = (entity: Entity, first: number, last: number, how: Mention["how"], confidence: number) => {
    let e = entities.get(entity.id);
    if (!e) {
      e = entity;
      entities.set(e.id, e);
    }
    const start = tokens.start[first] ?? 0;
    const end = tokens.end[last] ?? 0;
    const text = tokens.text.slice(start, end);
    e.mentions++;
    if (!e.surfaceForms.includes(text)) e.surfaceForms.push(text);
    mentions.push({ start, end, text, entityId: e.id, confidence, how, first, last });
    for (let i = first; i <= last; i++) covered[i] = 1;
  };

  // Governorates the article names without ambiguity decide between same-named villages ("Adra" near Damascus).
  const context = new Set<string>();
  for (const c of candidates) {
    const codes = new Set(c.targets.map((t) => (t.kind === "place" ? t.entry.admin1 : null)));
    const only = codes.size === 1 ? [...codes][0] : null;
    if (only) context.add(only);
  }
  /** The article's entity for a knowledge-base entry, created on first mention. */
  const entityFor = (t: Target): Entity =>
    entities.get(entityIdOf(t)) ?? (t.kind === "place" ? placeEntity(t.entry, kb) : actorEntity(t.entry));

  for (const c of candidates)
    add(entityFor(chooseTarget(c, tokens, context)), c.first, c.last, c.how, c.confidence);

  // Proper-noun runs nobody claimed: people, organisations, places by context; known names by fuzzy match.
  const people: Entity[] = [];
  for (const run of properNounRuns(tokens, covered, cues)) {
    const surface = tokens.text.slice(tokens.start[run.first], tokens.end[run.last]);
    if (kb.demonyms.has(surface)) continue;
    if (titleCased && (tokens.start[run.first] ?? 0) < titleEnd) continue;
    const kind = typeRun(tokens, run.first, run.last, cues);
    if (kind !== "person") {
      const fuzzy = gazetteer.fuzzy(surface);
      if (fuzzy && (kind === "place" || fuzzy.confidence >= 0.8)) {
        const t = chooseTarget({ ...run, ...fuzzy }, tokens, context);
        add(entityFor(t), run.first, run.last, fuzzy.how, fuzzy.confidence);
        continue;
      }
    }
    if (kind === null) {
      // A later "Abu Khawla" or "Khawla" for an earlier "Ahmad Abu Khawla".
      const person = people.find((p) => p.name.endsWith(` ${surface}`));
      if (person) add(person, run.first, run.last, "guess", 0.7);
      continue;
    }
    const type = kind === "person" ? "person" : kind === "place" ? "place" : "organization";
    const id = `new:${type}:${slug(surface)}`;
    const entity: Entity = entities.get(id) ?? {
      id,
      name: surface,
      type,
      kind: kind === "place" ? "unknown-place" : kind,
      kbId: null,
      surfaceForms: [],
      mentions: 0,
    };
    if (type === "person" && !people.includes(entity)) people.push(entity);
    add(entity, run.first, run.last, "guess", kind === "person" ? 0.75 : 0.6);
  }

  // People named only in the article's metadata: the editor, the byline, photographers in credits.
  const metaPeople: [string, string][] = [];
  if (article.editor) metaPeople.push([article.editor, "editor"]);
  if (article.byline)
    for (const b of article.byline.split(/\s*(?:,|\band\b)\s*/)) metaPeople.push([b, "byline"]);
  for (const credit of article.credits) {
    const name = credit.split("/")[1];
    if (name) metaPeople.push([name, "credit"]);
  }
  for (const [raw, role] of metaPeople) {
    const name = raw.replace(/^by\s+/i, "").trim();
    if (!/^\p{Lu}/u.test(name) || name.split(/\s+/).length > 5) continue;
    const id = `new:person:${slug(name)}`;
    const e: Entity = entities.get(id) ?? {
      id,
      name,
      type: "person",
      kind: "person",
      kbId: null,
      surfaceForms: [name],
      mentions: 0,
    };
    e.roles = [...new Set([...(e.roles ?? []), role])];
    entities.set(id, e);
  }
  return { mentions: mentions.sort((a, b) => a.start - b.start), entities };
}

interface Run {
  first: number;
  last: number;
}

function isCapitalised(v: string): boolean {
  return /^\p{Lu}/u.test(v);
}

/** True when most words of the title start with a capital ("Syrian Army Kills 33 Terrorists in Daraa"). */
function isTitleCased(tokens: Tokens, titleEnd: number): boolean {
  let words = 0;
  let capitalised = 0;
  for (let i = 0; i < tokens.length && (tokens.end[i] ?? 0) <= titleEnd; i++) {
    const v = tokens.value[i] as string;
    if (!/^\p{L}/u.test(v)) continue;
    words++;
    if (/^\p{Lu}/u.test(v)) capitalised++;
  }
  return words >= 4 && capitalised / words >= 0.6;
}

/** Maximal runs of capitalised proper nouns (with name particles inside: "Abu", "al-", "bin") not yet linked. */
function properNounRuns(tokens: Tokens, covered: Uint8Array, cues: CueSets): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (covered[i] || tokens.pos[i] !== "PROPN" || !isCapitalised(tokens.value[i] as string)) {
      i++;
      continue;
    }
    let last = i;
    let j = i + 1;
    while (j < tokens.length && !covered[j]) {
      const v = tokens.value[j] as string;
      const lower = tokens.lower[j] as string;
      if ((tokens.pos[j] === "PROPN" || tokens.pos[j] === "NOUN") && isCapitalised(v)) last = j;
      else if (!(cues.particles.has(lower) || v === "-")) break;
      j++;
    }
    // A sentence-initial title or function word is not part of the name ("President Bashar al-Assad").
    let first = i;
    while (first < last && cues.titles.has(tokens.value[first] as string)) first++;
    runs.push({ first, last });
    i = last + 1;
  }
  return runs;
}

/** What a run is, from its own words and its neighbours; null when the context does not say. */
function typeRun(tokens: Tokens, first: number, last: number, cues: CueSets): string | null {
  const words = tokens.value.slice(first, last + 1).filter((w) => w !== "-");
  const lastWord = words.at(-1) as string;
  const firstWord = words[0] as string;
  if (words.length === 1 && (cues.notPlaces.has(firstWord) || isEnglishWord(firstWord.toLowerCase())))
    return null;
  if (cues.orgWords.has(lastWord) || cues.orgPrefixes.has(firstWord)) return "organization";
  const prev = first > 0 ? (tokens.value[first - 1] as string) : "";
  const prevLower = prev.toLowerCase();
  const next = last + 1 < tokens.length ? (tokens.lower[last + 1] as string) : "";
  if (cues.placeSuffixes.has(next)) return "place";
  // "commander Ahmad …", "President Assad", "Lt. Gen. …"
  if (cues.titles.has(prev) || cues.titles.has(prevLower)) return words.length <= 4 ? "person" : null;
  for (const phrase of cues.titlePhrases) {
    const n = phrase.length;
    if (first >= n && phrase.every((w, k) => tokens.value[first - n + k] === w)) return "person";
  }
  // "Ahmad Abu Khawla, a commander of …" — an apposition naming a role.
  if (next === "," && last + 3 < tokens.length) {
    const a = tokens.lower[last + 2] as string;
    const b = tokens.value[last + 3] as string;
    if ((a === "a" || a === "an" || a === "the") && (cues.titles.has(b) || cues.titles.has(b.toLowerCase())))
      return "person";
    if (cues.titles.has(tokens.value[last + 2] as string)) return "person";
  }
  if (cues.givenNames.has(firstWord) && words.length >= 2 && words.length <= 4) return "person";
  if (words.length >= 2 && words.length <= 3 && cues.reporting.has(next)) return "person";
  if (
    cues.placeWords.has(prevLower) &&
    first > 0 &&
    tokens.pos[first - 1] === "ADP" &&
    !cues.notPlaces.has(firstWord)
  )
    return "place";
  return null;
}
