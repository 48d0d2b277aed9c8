// wink-nlp, read once into flat arrays: tokens with character offsets, parts of speech, sentences and the
// model's number/date entities. Later steps walk these arrays instead of asking wink for objects per token.

import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";

export interface Tokens {
  text: string;
  length: number;
  value: string[];
  /** Lower-cased value. */
  lower: string[];
  pos: string[];
  start: Int32Array;
  end: Int32Array;
  /** Sentence number of each token. */
  sentence: Int32Array;
  /** Sentences as character ranges and token ranges (inclusive). */
  sentences: { start: number; end: number; first: number; last: number }[];
  /** wink's entities: DATE, DURATION, CARDINAL, PERCENT, ORDINAL, TIME … as token ranges (inclusive). */
  entities: { type: string; first: number; last: number }[];
}

let nlp: ReturnType<typeof winkNLP> | undefined;
/** Size of the model's lexicon: words it has never seen get ids from here up. */
let lexiconSize = 0;
const englishCache = new Map<string, boolean>();

function engine(): ReturnType<typeof winkNLP> {
  if (!nlp) {
    // Sentence boundaries, parts of speech and number/date entities; no sentiment or negation passes.
    nlp = winkNLP(model, ["sbd", "pos", "ner"]);
    lexiconSize = nlp.readDoc("qxzjvkwq").tokens().out(nlp.its.uniqueId)[0] as unknown as number;
    forgetBetweenDocuments(nlp);
  }
  return nlp;
}

/** wink's lexicon cache, as its tokenizer sees it. */
interface WinkCache {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
  intrinsicSize(): number;
}

/** Words first seen in the document being read; reset before each document. */
const seenInDocument = new Set<string>();

/**
 * Makes each document's reading independent of the documents read before it. wink adds every unknown word to its
 * lexicon, and its tokenizer splits text differently once a word is known ("U.N.." reads as "U.N" + ".." on
 * first sight, as "U.N." + "." after "U.N." was seen in another article), so sentence boundaries, and everything
 * read from them, drifted with the order articles were analysed in. The tokenizer now finds only the model's own
 * words and those met earlier in the same document: the lexicon a fresh engine would have.
 *
 * wink does not expose its cache; the one way to it is an `its` mapper, which receives the document's data.
 */
function forgetBetweenDocuments(engine: ReturnType<typeof winkNLP>): void {
  const its = engine.its as unknown as Record<string, (...args: unknown[]) => unknown>;
  const value = its.value as (...args: unknown[]) => unknown;
  let cache: WinkCache | undefined;
  its.value = (i: unknown, rdd: unknown, ...rest: unknown[]) => {
    cache = (rdd as { cache: WinkCache }).cache;
    return value(i, rdd, ...rest);
  };
  try {
    engine.readDoc("x").tokens().out();
  } finally {
    its.value = value;
  }
  if (!cache) throw new Error("wink-nlp: could not reach the lexicon cache (has its API changed?)");
  const c = cache;
  const intrinsic = c.intrinsicSize();
  const lookup = c.lookup.bind(c);
  const add = c.add.bind(c);
  c.lookup = (text) => {
    const found = lookup(text);
    if (found && found.length === 1 && (found[0] as number) >= intrinsic && !seenInDocument.has(text))
      return null;
    return found;
  };
  c.add = (text, category) => {
    seenInDocument.add(text);
    seenInDocument.add(text.toLowerCase());
    return add(text, category);
  };
}

/** Reads a document as a fresh engine would (see forgetBetweenDocuments). */
function readDoc(engine: ReturnType<typeof winkNLP>, text: string) {
  seenInDocument.clear();
  return engine.readDoc(text);
}

/**
 * True when a lower-case word is in the English model's lexicon ("war", "get", "face"), false for words it has never
 * seen ("homs", "raqqa"): a gazetteer village that shares its name with an English word needs more evidence.
 */
export function isEnglishWord(lower: string): boolean {
  let known = englishCache.get(lower);
  if (known === undefined) {
    const e = engine();
    const id = readDoc(e, lower).tokens().out(e.its.uniqueId)[0] as unknown as number;
    known = id < lexiconSize;
    if (englishCache.size < 50_000) englishCache.set(lower, known);
  }
  return known;
}

export function tokenize(text: string): Tokens {
  const nlp = engine();
  const its = nlp.its;
  const doc = readDoc(nlp, text);
  const tokens = doc.tokens();
  const value = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const pos = tokens.out(its.pos) as string[];
  const n = value.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const lower = new Array<string>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const v = value[i] as string;
    at += (spaces[i] as string).length;
    // wink keeps the text verbatim; if it ever did not, find the token instead of drifting.
    if (text.startsWith(v, at) === false) {
      const found = text.indexOf(v, at);
      if (found >= 0) at = found;
    }
    start[i] = at;
    at += v.length;
    end[i] = at;
    lower[i] = v.toLowerCase();
  }
  const sentence = new Int32Array(n);
  const sentences: Tokens["sentences"] = [];
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  for (const [first, last] of spans) {
    for (let i = first; i <= last; i++) sentence[i] = sentences.length;
    sentences.push({ start: start[first] ?? 0, end: end[last] ?? 0, first, last });
  }
  const entities: Tokens["entities"] = [];
  const es = doc.entities();
  const eSpans = es.out(its.span) as unknown as [number, number][];
  const eTypes = es.out(its.type) as string[];
  eSpans.forEach(([first, last], i) => {
    entities.push({ type: eTypes[i] as string, first, last });
  });
  return { text, length: n, value, lower, pos, start, end, sentence, sentences, entities };
}
