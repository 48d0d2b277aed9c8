// How alike two story profiles are (an article is a story of one): TF-IDF cosines of their words, agreement on
// place, the entities both name, the toll and the day, combined into one score in [0, 1].

import type { StoryProfile } from "./profile.js";
import { lookupOf, top } from "./profile.js";

export interface Similarity {
  /** How likely the two report one incident, in [0, 1]: the logistic combination of the parts below. */
  score: number;
  /** TF-IDF cosine of the whole text, of the title and lead, and of the titles. */
  text: number;
  lead: number;
  title: number;
  /** Same main place (1), a shared place or the same governorate (0.5), unknown (0.3). */
  place: number;
  /** The main events lie in different governorates. */
  placeConflict: boolean;
  /** IDF-weighted cosine of the places and actors named. */
  entities: number;
  /** The main events are of different ACLED event types (a battle and a statement, a bombing and a protest). */
  typeConflict: boolean;
  /** Both give the same death toll. */
  sameToll: boolean;
  /** 1 on the same day, 0.6 a day apart, 0.2 two days apart, 0 after. */
  date: number;
  /** Days between the closest days of the two (UNDATED_GAP when either has none). */
  dayGap: number;
}

/**
 * Weights of the logistic combination: fitted (logistic regression) on pairs of FA-KES dev articles labelled
 * same-incident or not by reading (eval/fakes-dev-incidents.tsv) and rounded; then two were set by hand against the
 * stories they give — an equal toll weighs half the fit (round tolls coincide: "kill 20" in Idlib and in Damascus),
 * and a different kind of event counts against. The day window and the place veto are rules, not weights.
 * `node dist/eval/stories.js --analyzed FILE --fit` refits them when the features change.
 */
export const WEIGHTS = {
  bias: -6.7,
  text: 2.0,
  lead: 1.5,
  title: 1.2,
  place: 1.8,
  placeConflict: -1.5,
  entities: 1.4,
  sameToll: 0.8,
  typeConflict: -1.0,
  date: 3.2,
} as const;

/** Days over which the date agreement falls from 1 to 0. */
const DATE_SPAN = 4;

/** Inverse document frequency of a word or entity key (smoothed: a word never seen weighs the most). */
export type Idf = (term: string) => number;

/**
 * A profile's vectors with their weights applied once (each entry times its IDF squared), as parallel arrays: the
 * linker scores one profile against up to 20 candidates, and looking up every shared word's IDF again for each
 * candidate was the largest single cost of linking.
 */
export interface WeightedProfile {
  norms: Norms;
  terms: Weighted;
  lead: Weighted;
  title: Weighted;
  entities: [Weighted, Weighted];
}

interface Weighted {
  keys: string[];
  values: number[];
}

export function weighProfile(p: StoryProfile, idf: Idf): WeightedProfile {
  return {
    norms: p.norms ?? normsOf(p, idf),
    terms: weighed(p.terms, idf),
    lead: weighed(p.lead, idf),
    title: weighed(p.title, idf),
    entities: [weighed(p.places, placeIdf(idf)), weighed(p.actors, actorIdf(idf))],
  };
}

function weighed(a: Record<string, number>, weight: Idf): Weighted {
  const keys: string[] = [];
  const values: number[] = [];
  for (const k in a) {
    const w = weight(k);
    keys.push(k);
    values.push((a[k] as number) * w * w);
  }
  return { keys, values };
}

function weightedDot(a: Weighted, b: Record<string, number>): number {
  let sum = 0;
  const { keys, values } = a;
  const other = lookupOf(b);
  for (let i = 0; i < keys.length; i++) {
    const o = other.get(keys[i] as string);
    if (o !== undefined) sum += (values[i] as number) * o;
  }
  return sum;
}

/** The text part of `similarity` alone (the same value as its `text`). */
export function textCosine(a: WeightedProfile, b: StoryProfile, idf: Idf): number {
  return ratio(weightedDot(a.terms, b.terms), a.norms.terms, (b.norms ?? normsOf(b, idf)).terms);
}

export function similarity(
  a: StoryProfile,
  b: StoryProfile,
  idf: Idf,
  weightedA: WeightedProfile = weighProfile(a, idf),
): Similarity {
  const na = weightedA.norms;
  const nb = b.norms ?? normsOf(b, idf);
  const text = ratio(weightedDot(weightedA.terms, b.terms), na.terms, nb.terms);
  const lead = ratio(weightedDot(weightedA.lead, b.lead), na.lead, nb.lead);
  const title = ratio(weightedDot(weightedA.title, b.title), na.title, nb.title);
  const places = dot(a.places, b.places);
  const topA = top(a.placeIds);
  const topB = top(b.placeIds);
  const admA = top(a.admin1);
  const admB = top(b.admin1);
  const sameAdmin1 = admA !== null && admA === admB;
  let place = topA !== null && topA === topB ? 1 : places > 0 || sameAdmin1 ? 0.5 : 0;
  if (admA === null || admB === null) place = Math.max(place, 0.3);
  const placeConflict = admA !== null && admB !== null && !sameAdmin1;
  const entities = ratio(
    weightedDot(weightedA.entities[0], b.places) + weightedDot(weightedA.entities[1], b.actors),
    na.entities,
    nb.entities,
  );
  const sameToll = a.killed.some((k) => b.killed.includes(k));
  const acledA = top(a.acled);
  const acledB = top(b.acled);
  const typeConflict = acledA !== null && acledB !== null && acledA !== acledB;
  const dayGap = closestGap(a.days, b.days);
  // Undated on either side: neither for nor against.
  const date = dayGap === UNDATED_GAP ? 0.5 : Math.max(0, 1 - dayGap / DATE_SPAN);
  const w = WEIGHTS;
  const z =
    w.bias +
    w.text * text +
    w.lead * lead +
    w.title * title +
    w.place * place +
    (placeConflict ? w.placeConflict : 0) +
    w.entities * entities +
    (sameToll ? w.sameToll : 0) +
    (typeConflict ? w.typeConflict : 0) +
    w.date * date;
  return {
    score: 1 / (1 + Math.exp(-z)),
    text,
    lead,
    title,
    place,
    placeConflict,
    entities,
    sameToll,
    typeConflict,
    date,
    dayGap,
  };
}

/** The lengths of a profile's weighted vectors: kept in a story's profile from its last save, so that matching an
 * article against a story costs the article's words, not the story's. */
export interface Norms {
  terms: number;
  lead: number;
  title: number;
  entities: number;
}

export function normsOf(p: StoryProfile, idf: Idf): Norms {
  const pi = placeIdf(idf);
  const ai = actorIdf(idf);
  return {
    terms: norm(p.terms, idf),
    lead: norm(p.lead, idf),
    title: norm(p.title, idf),
    entities: Math.sqrt(norm(p.places, pi) ** 2 + norm(p.actors, ai) ** 2),
  };
}

/** Places and actors weigh by how rare they are, counted as "p:…" and "a:…" in the document frequencies. */
const placeIdf = (idf: Idf) => (k: string) => idf(`p:${k}`);
const actorIdf = (idf: Idf) => (k: string) => idf(`a:${k}`);

/** Cosine of two sparse vectors, each entry scaled by `weight(key)` (1 when not given). */
export function cosine(a: Record<string, number>, b: Record<string, number>, weight?: Idf): number {
  return ratio(dot(a, b, weight), norm(a, weight), norm(b, weight));
}

function dot(a: Record<string, number>, b: Record<string, number>, weight?: Idf): number {
  let sum = 0;
  for (const k in a) {
    const o = b[k];
    if (o === undefined) continue;
    const w = weight ? weight(k) : 1;
    sum += (a[k] as number) * o * w * w;
  }
  return sum;
}

function norm(a: Record<string, number>, weight?: Idf): number {
  let sum = 0;
  for (const k in a) {
    const w = (a[k] as number) * (weight ? weight(k) : 1);
    sum += w * w;
  }
  return Math.sqrt(sum);
}

/** A cosine from a dot product and two lengths; lengths from an older save can make it overshoot, so it is capped. */
function ratio(dotProduct: number, na: number, nb: number): number {
  if (dotProduct === 0 || na === 0 || nb === 0) return 0;
  return Math.min(1, dotProduct / (na * nb));
}

/** The day gap of two profiles when either has no day at all: neither near nor far. */
export const UNDATED_GAP = Number.POSITIVE_INFINITY;

/** Days between the closest pair of days (UNDATED_GAP when either side has none). */
export function closestGap(a: Record<string, number>, b: Record<string, number>): number {
  let best = UNDATED_GAP;
  const bs = Object.keys(b).map(dayNumber);
  for (const d of Object.keys(a)) {
    const x = dayNumber(d);
    for (const y of bs) best = Math.min(best, Math.abs(x - y));
  }
  return best;
}

export function dayNumber(day: string): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    n = Math.round(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 86_400_000);
    // Bounded: the days of a few centuries at most in practice.
    if (dayNumbers.size >= 100_000) dayNumbers.clear();
    dayNumbers.set(day, n);
  }
  return n;
}

const dayNumbers = new Map<string, number>();

export function shiftDay(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * 86_400_000).toISOString().slice(0, 10);
}
