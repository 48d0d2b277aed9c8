// The analyze stage: one Article in, one AnalyzedArticle out — who and where it names under whatever spelling,
// when things happened, the numbers it gives, and where its main event took place. Pure: no I/O, no database;
// the knowledge base is loaded by the caller and the indexes built from it once per analyzer.

import type { KnowledgeBase } from "../knowledge/index.js";
import type { AnalyzedArticle, Article, Mention, Quantity, TimeExpression } from "../records.js";
import { isBackground, mainCasualties, segmentsOf, sentenceTolls } from "./casualties.js";
import { findClaims } from "./claims.js";
import { linkEntities } from "./entities.js";
import { attributionIn, type EventInput, eventMatchers, findEvents } from "./events.js";
import { Gazetteer } from "./gazetteer.js";
import { rankLocations } from "./location.js";
import { tokenize } from "./nlp.js";
import { findNumbers } from "./numbers.js";
import { publishedDate } from "./published.js";
import { analysisText } from "./text.js";
import { findTimes, resolveTimePhrase } from "./time.js";

export { analysisText } from "./text.js";

export type Analyzer = (article: Article) => AnalyzedArticle;

/** Builds the indexes for a knowledge base once; the returned function analyses one article at a time. */
export function createAnalyzer(kb: KnowledgeBase): Analyzer {
  const gazetteer = new Gazetteer(kb);
  return (article) => analyzeWith(article, kb, gazetteer);
}

function analyzeWith(article: Article, kb: KnowledgeBase, gazetteer: Gazetteer): AnalyzedArticle {
  const { text, parts } = analysisText(article);
  const tokens = tokenize(text);
  const titleEnd = parts[0]?.kind === "title" ? parts[0].end : 0;
  const linked = linkEntities(tokens, gazetteer.find(tokens), gazetteer, kb, article, titleEnd);
  const published = publishedDate(article);
  const anchor = published ? published.value.slice(0, 10) : null;
  const times = timesIn(text, tokens, anchor);
  const numbers = numbersOutside(findNumbers(text), times);
  const locations = rankLocations(tokens, linked.mentions, linked.entities, parts, article.dateline, numbers);
  const segments = segmentsOf(text, tokens.sentences, parts);
  const tolls = sentenceTolls(text, segments, numbers, kb.casualties);
  const main = mainCasualties(text, segments, tolls);
  const eventInput: EventInput = {
    articleId: article.id,
    text,
    tokens,
    segments,
    mentions: linked.mentions,
    entities: linked.entities,
    times,
    tolls,
    location: locations[0] ?? null,
    published: published?.value ?? null,
    mainSegment: main?.segment ?? null,
    isBackground: (sentence) => isBackground(sentence, kb.casualties),
  };
  const matchers = eventMatchers(kb);
  const events = findEvents(eventInput, matchers);
  const claims = findClaims({
    ...eventInput,
    numbers,
    events,
    attributionOf: (segment) => attributionIn(eventInput, matchers, segment),
  });
  const mainEvent = events.find((e) => e.main);
  const casualties = main
    ? {
        ...main.casualties,
        eventId: mainEvent && mainEvent.sentence === main.segment ? mainEvent.id : null,
        attribution: mainEvent && mainEvent.sentence === main.segment ? mainEvent.attribution : null,
      }
    : null;
  const mentions: Mention[] = linked.mentions.map(({ first: _f, last: _l, ...m }) => m);
  return {
    ...article,
    published: published?.value ?? null,
    publishedPrecision: published ? (published.precision === "week" ? "day" : published.precision) : null,
    publishedSource: published?.source ?? null,
    location: locations[0] ?? null,
    secondaryLocations: locations.slice(1),
    entities: [...linked.entities.values()],
    mentions,
    times,
    numbers,
    events,
    claims,
    casualties,
  };
}

/** Our scanner's time expressions, plus any DATE/DURATION phrase wink's model found that the scanner missed. */
function timesIn(text: string, tokens: ReturnType<typeof tokenize>, anchor: string | null): TimeExpression[] {
  const times = findTimes(text, anchor);
  for (const e of tokens.entities) {
    if (e.type !== "DATE" && e.type !== "DURATION") continue;
    const start = tokens.start[e.first] ?? 0;
    const end = tokens.end[e.last] ?? 0;
    if (times.some((t) => t.start < end && start < t.end)) continue;
    const phrase = text.slice(start, end);
    const context = { before: text.slice(Math.max(0, start - 30), start), after: text.slice(end, end + 30) };
    const r = resolveTimePhrase(phrase, anchor, context);
    if (r) times.push({ start, end, text: phrase, ...r });
  }
  return times.sort((a, b) => a.start - b.start);
}

/** Numbers that are part of a date or duration ("Sept. 5", "three years") are time, not quantities. */
function numbersOutside(numbers: Quantity[], times: readonly TimeExpression[]): Quantity[] {
  return numbers.filter((q) => !times.some((t) => t.start < q.end && q.start < t.end));
}
