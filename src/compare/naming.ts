// The words each outlet uses for the same actors and acts: the surface forms of its actor mentions, and every word of
// the framing lexicon (knowledge/framing.json) in its text. A framing word for an actor concept is credited to the
// actor it is said of: the mention it sits in; else the mention it directly qualifies ("U.S.-backed SDF"), as the
// lexicon's notes ask; else the nearest preceding actor mention, in the same or the previous sentence, whose side the
// word is used for ("the jihadist militants" after "ISIS").

import { type Tokens, tokenize } from "../analyze/nlp.js";
import { PhraseIndex } from "../analyze/phrases.js";
// text.js rather than analyze/index.js: the same analysisText without loading the whole analyzer.
import { analysisText } from "../analyze/text.js";
import type { FramingConcept, FramingLexicon, FramingTerm } from "../knowledge/index.js";
import type { AnalyzedArticle, Mention, Naming, WordUse } from "../records.js";
import { actorKey, type CompareKnowledge, compareStrings, type StoryItem } from "./types.js";

/** How far back (characters) a framing word looks for the actor it names. */
const REACH = 300;

/** A framing word found in a text. */
export interface FramingHit {
  start: number;
  end: number;
  /** The words as the article writes them. */
  text: string;
  term: FramingTerm;
}

// Lexicon forms are matched like event triggers: on the article's tokens, case-insensitively, whole words, the
// longest form at each position. Tokenising the forms is the costly part, so one index per lexicon.
const indexes = new WeakMap<FramingLexicon, PhraseIndex<FramingTerm>>();

function indexOf(lexicon: FramingLexicon): PhraseIndex<FramingTerm> {
  let index = indexes.get(lexicon);
  if (!index) {
    index = new PhraseIndex(
      lexicon.terms.flatMap((term) => term.forms.map((phrase) => ({ phrase, value: term }))),
    );
    indexes.set(lexicon, index);
  }
  return index;
}

/** Every lexicon form in a tokenised text, left to right, without overlaps. */
export function findFraming(tokens: Tokens, lexicon: FramingLexicon): FramingHit[] {
  if (tokens.length === 0) return [];
  return indexOf(lexicon)
    .findAll(tokens, 0, tokens.length - 1)
    .map((m) => {
      const start = tokens.start[m.first] as number;
      const end = tokens.end[m.last] as number;
      return { start, end, text: tokens.text.slice(start, end), term: m.value };
    });
}

/** Sentence number of a character offset. */
export function sentenceAt(tokens: Tokens, offset: number): number {
  let lo = 0;
  let hi = tokens.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tokens.sentences[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The mention's words without a leading article: "The Syrian army" and "the Syrian army" are one choice. */
function bare(m: Mention): { text: string; start: number } {
  const lead = /^the\s+/i.exec(m.text);
  return lead ? { text: m.text.slice(lead[0].length), start: m.start + lead[0].length } : m;
}

/** The actor a framing word for an actor concept is said of, or null when none fits. */
export function resolveActor(
  hit: FramingHit,
  actorMentions: readonly Mention[],
  tokens: Tokens,
  kb: CompareKnowledge,
): string | null {
  const inside = actorMentions.find((m) => m.start < hit.end && hit.start < m.end);
  if (inside) return inside.entityId;
  const fits = (m: Mention) => {
    if (!hit.term.appliesTo.length) return true;
    const side = kb.actors.get(actorKey(m.entityId) as string)?.side;
    return side ? hit.term.appliesTo.includes(side) : false;
  };
  // A modifier right before a name: only spaces or an opening quote between them.
  const next = actorMentions.find((m) => m.start >= hit.end);
  if (next && /^[\s"'\u201c\u2018]{0,3}$/.test(tokens.text.slice(hit.end, next.start)) && fits(next))
    return next.entityId;
  const sentence = sentenceAt(tokens, hit.start);
  let best: Mention | null = null;
  for (const m of actorMentions) {
    if (m.end > hit.start || hit.start - m.end > REACH || sentenceAt(tokens, m.start) < sentence - 1)
      continue;
    if (fits(m) && (!best || m.end > best.end)) best = m;
  }
  return best?.entityId ?? null;
}

interface Draft {
  about: string;
  name: string;
  kind: Naming["kind"];
  mentions: number;
  byOutlet: Map<string, Map<string, WordUse>>;
}

/** Namings for the articles given (a story's articles minus reprints of articles it holds). */
export function namingsOf(items: readonly StoryItem[], kb: CompareKnowledge): Naming[] {
  const drafts = new Map<string, Draft>();
  const concepts = new Map<string, FramingConcept>(kb.framing.concepts.map((c) => [c.id, c]));
  const draft = (about: string, name: string, kind: Naming["kind"]) => {
    const d = drafts.get(about) ?? { about, name, kind, mentions: 0, byOutlet: new Map() };
    drafts.set(about, d);
    return d;
  };
  const use = (d: Draft, outlet: string, key: string, text: string, term: FramingTerm | null) => {
    const words = d.byOutlet.get(outlet) ?? new Map<string, WordUse>();
    d.byOutlet.set(outlet, words);
    const w = words.get(key) ?? {
      text,
      count: 0,
      term: term?.id ?? null,
      register: term?.register ?? null,
      at: [],
    };
    words.set(key, w);
    return w;
  };
  for (const { article, source } of items) {
    const actorMentions = article.mentions
      .filter((m) => actorKey(m.entityId) !== null)
      .sort((a, b) => a.start - b.start);
    // Mention words by their span, so a framing word that is the whole mention marks it instead of repeating it.
    const bySpan = new Map<string, WordUse>();
    for (const m of actorMentions) {
      const d = draft(m.entityId, actorName(m.entityId, article, kb), "actor");
      d.mentions++;
      const b = bare(m);
      const w = use(d, source, `mention|${b.text}`, b.text, null);
      w.count++;
      w.at.push({ articleId: article.id, start: b.start, end: m.end });
      bySpan.set(`${b.start}:${m.end}`, w);
    }
    const tokens = tokenize(analysisText(article).text);
    for (const hit of findFraming(tokens, kb.framing)) {
      const concept = concepts.get(hit.term.concept);
      if (!concept) continue;
      let d: Draft;
      if (concept.refersTo === "actor") {
        const actor = resolveActor(hit, actorMentions, tokens, kb);
        const same = actor ? bySpan.get(`${hit.start}:${hit.end}`) : undefined;
        if (same) {
          same.term = hit.term.id;
          same.register = hit.term.register;
          continue;
        }
        d = actor
          ? draft(actor, actorName(actor, article, kb), "actor")
          : draft(concept.id, concept.name, "actor");
      } else d = draft(concept.id, concept.name, concept.refersTo);
      // Told apart case-insensitively; shown as first written.
      const w = use(d, source, `term|${hit.term.id}|${hit.text.toLowerCase()}`, hit.text, hit.term);
      w.count++;
      w.at.push({ articleId: article.id, start: hit.start, end: hit.end });
    }
  }
  const actorFirst = (a: Draft, b: Draft) =>
    Number(!a.about.startsWith("actor:")) - Number(!b.about.startsWith("actor:"));
  return [...drafts.values()]
    .filter((d) => d.byOutlet.size > 0)
    .sort((a, b) => actorFirst(a, b) || b.mentions - a.mentions || compareStrings(a.about, b.about))
    .map((d) => ({
      about: d.about,
      name: d.name,
      kind: d.kind,
      byOutlet: [...d.byOutlet.entries()]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([outlet, words]) => ({
          outlet,
          words: [...words.values()]
            .map((w) => ({
              ...w,
              at: w.at.sort((x, y) => compareStrings(x.articleId, y.articleId) || x.start - y.start),
            }))
            .sort(
              (x, y) =>
                y.count - x.count ||
                compareStrings(x.text, y.text) ||
                compareStrings(x.term ?? "", y.term ?? ""),
            ),
        })),
    }));
}

function actorName(entityId: string, article: AnalyzedArticle, kb: CompareKnowledge): string {
  return (
    kb.actors.get(actorKey(entityId) as string)?.name ??
    article.entities.find((e) => e.id === entityId)?.name ??
    entityId
  );
}
