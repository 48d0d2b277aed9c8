// What the linker compares an article by: its content words, places, actors, main event type and dates. Computed
// once from the analysed article; everything the linker keeps about a story is built from these.

import type { KnowledgeBase } from "../knowledge/index.js";
import type { AnalyzedArticle } from "../records.js";
import { dayNumber } from "./similarity.js";

/** What the linker consults in the knowledge base. */
export type LinkKnowledge = Pick<KnowledgeBase, "stopwords" | "governorates">;

export interface LinkFeatures {
  articleId: string;
  sourceId: string | null;
  outlet: string | null;
  /** The title, or for an untitled article the start of its first paragraph: what a story is shown by. */
  title: string | null;
  published: string | null;
  /** The source of evidence: the outlet, or for a reprint its original's source (one wire copy is one source). */
  sourceKey: string;
  /** The article this one reprints, when the ingest recognised the copy. */
  reprintOf: string | null;
  /** Days (YYYY-MM-DD) the article is about: its main event's day (unless more than a week from the publication
   * day: then it is an incident the report recalls), and its publication day. */
  days: string[];
  /** Content words (light-stemmed) and their weights: the title counts twice, the lead more than the tail. */
  terms: Map<string, number>;
  /** The title's and first paragraph's words alone: what the article says happened, before the background. */
  lead: Map<string, number>;
  /** The title's words alone. */
  titleTerms: Map<string, number>;
  /** Specific places named (GeoNames and hand-written places; not countries or governorates), by mentions. */
  places: Map<string, number>;
  /** The main event's place (entity id) and governorate (ISO code, or the news area it shares with another). */
  placeId: string | null;
  admin1: string | null;
  /** Armed actors, states and governments named (not media, monitors or wire agencies), by mentions. */
  actors: Map<string, number>;
  /** The main event's type (knowledge/events.json id) and its ACLED event type. */
  eventType: string | null;
  acledType: string | null;
  /** The main incident's death toll, when the article gives one. */
  killed: number | null;
  /** The main location as the analysis resolved it, for the story's record. */
  location: AnalyzedArticle["location"];
}

/** Actor kinds that are parties to events; media, monitors and agencies are sources, not story content. */
const PARTY_KINDS = new Set([
  "armed-group",
  "army",
  "militia",
  "state",
  "government",
  "alliance",
  "political",
]);

/** Words the body contributes: the lead says what the story is; later paragraphs drift to background. */
const RECALLED_DAYS = 7;
const LEAD_WORDS = 120;
const FIRST_WORDS = 50;
const MAX_WORDS = 600;

export function linkFeatures(
  a: AnalyzedArticle,
  kb: LinkKnowledge,
  reprintOf: { articleId: string; sourceKey: string } | null = null,
): LinkFeatures {
  const stopwords = kb.stopwords;
  const main = a.events.find((e) => e.main) ?? null;
  const days: string[] = [];
  const eventDay =
    main?.date && ["day", "minute", "second"].includes(main.date.precision) ? main.date.value : null;
  const pubDay = a.published && a.published.length >= 10 ? a.published.slice(0, 10) : null;
  // A main event dated more than a week from the report is one it recalls (France's UN resolution recalling the
  // Ghouta attack): the report is placed by its own day, not by the incident it looks back on.
  const recalled = eventDay && pubDay && Math.abs(dayNumber(eventDay) - dayNumber(pubDay)) > RECALLED_DAYS;
  if (eventDay && !recalled) days.push(eventDay.slice(0, 10));
  if (pubDay && !days.includes(pubDay)) days.push(pubDay);

  const terms = new Map<string, number>();
  const lead = new Map<string, number>();
  const titleTerms = new Map<string, number>();
  const add = (m: Map<string, number>, w: string, weight: number) => m.set(w, (m.get(w) ?? 0) + weight);
  // An untitled report (a text stream's article) is headed by its first sentence, as its title would head it.
  const title = a.title ?? headlineOf(a.body);
  for (const w of contentWords(title ?? "", stopwords)) {
    add(terms, w, 2);
    add(lead, w, 2);
    add(titleTerms, w, 1);
  }
  let n = 0;
  for (const para of a.body) {
    for (const w of contentWords(para, stopwords)) {
      if (n >= MAX_WORDS) break;
      add(terms, w, n < LEAD_WORDS ? 1 : 0.5);
      if (n < FIRST_WORDS) add(lead, w, 1);
      n++;
    }
    if (n >= MAX_WORDS) break;
  }
  // Damped: a word said ten times is not ten times the evidence.
  for (const m of [terms, lead, titleTerms]) for (const [w, tf] of m) m.set(w, 1 + Math.log(tf));

  const kinds = new Map(a.entities.map((e) => [e.id, e]));
  const places = new Map<string, number>();
  const actors = new Map<string, number>();
  for (const m of a.mentions) {
    const e = kinds.get(m.entityId);
    if (!e) continue;
    if (e.type === "place") {
      if (e.kind === "country" || e.kind === "governorate") continue;
      places.set(e.id, (places.get(e.id) ?? 0) + 1);
    } else if (e.id.startsWith("actor:") && PARTY_KINDS.has(e.kind)) {
      actors.set(e.id, (actors.get(e.id) ?? 0) + 1);
    }
  }
  const outlet = a.outlet;
  return {
    articleId: a.id,
    sourceId: a.sourceId,
    outlet,
    title,
    published: a.published,
    sourceKey: reprintOf?.sourceKey ?? outlet ?? a.id,
    reprintOf: reprintOf?.articleId ?? null,
    days,
    terms,
    lead,
    titleTerms,
    places,
    placeId: a.location?.entityId ?? null,
    admin1: newsArea(a.location?.admin1Code ?? null, kb),
    actors,
    eventType: main?.type ?? null,
    acledType: main?.acled?.eventType ?? null,
    killed: a.casualties?.killed ?? null,
    location: a.location,
  };
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Lower-case content words with a light plural/possessive stem; numbers of two or more digits are kept. */
export function contentWords(text: string, stopwords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    let w = m[0].replace(/['’](s)?$/, "").replace(/-+$/, "");
    if (w.length < 2 || stopwords.has(w)) continue;
    if (/^\d+$/.test(w)) {
      // Years and small numbers are everywhere; tolls and other figures are worth matching.
      if (w.length < 2 || (w.length === 4 && /^(19|20)/.test(w))) continue;
    } else if (w.length < 3) continue;
    w = stem(w);
    if (!stopwords.has(w)) out.push(w);
  }
  return out;
}

/** Folds English plurals so "strikes"/"strike", "casualties"/"casualty" meet; leaves "us", "isis", "gas" alone. */
export function stem(w: string): string {
  if (w.length <= 4 || !w.endsWith("s")) return w;
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is|as|os)$/.test(w)) return w;
  if (/(ches|shes|xes|sses)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** A governorate as the linker compares it: governorates the news does not tell apart share their news area. */
function newsArea(iso: string | null, kb: LinkKnowledge): string | null {
  if (!iso) return null;
  const area = kb.governorates.get(iso)?.newsArea;
  return area ? `area:${area}` : iso;
}

/** The first sentence of the body (at most ~120 characters, cut at a word), for an article without a title. */
function headlineOf(body: readonly string[]): string | null {
  const first = body.find((p) => p.trim())?.trim();
  if (!first) return null;
  const sentence = first.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? first;
  if (sentence.length <= 120) return sentence;
  return `${sentence.slice(0, 120).replace(/\s+\S*$/, "")}…`;
}
