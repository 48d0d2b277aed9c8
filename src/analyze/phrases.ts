// Phrase lists from the knowledge base (event triggers, modes, hedges, sources) matched against an article's
// tokens. Phrases are tokenised by the same model as the article, so "air-strikes" and "U.S.-led" split the same
// way on both sides; a `*` in a phrase stands for up to six tokens ("broke * siege" matches "broke Tuesday the
// three-year siege"). Matching walks tokens through a first-word index: cost grows with the article, not with the
// size of the lists.

import { type Tokens, tokenize } from "./nlp.js";

export interface PhraseMatch<T> {
  value: T;
  /** First and last token of the match (inclusive). */
  first: number;
  last: number;
}

interface Entry<T> {
  words: string[];
  value: T;
  /** Number of non-wildcard words: longer phrases win. */
  weight: number;
}

const GAP = 6;

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();

  constructor(phrases: Iterable<{ phrase: string; value: T }>) {
    for (const { phrase, value } of phrases) {
      const words: string[] = [];
      for (const part of phrase.trim().split(/\s+/)) {
        if (part === "*") words.push("*");
        else if (part) words.push(...tokenize(part).lower);
      }
      if (words.length === 0 || words[0] === "*") continue;
      const entry = { words, value, weight: words.filter((w) => w !== "*").length };
      const list = this.byFirst.get(words[0] as string) ?? [];
      list.push(entry);
      this.byFirst.set(words[0] as string, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.weight - a.weight);
  }

  /** The longest phrase starting at token i and ending by token `limit`, or null. */
  matchAt(tokens: Tokens, i: number, limit: number): PhraseMatch<T> | null {
    const list = this.byFirst.get(tokens.lower[i] as string);
    if (!list) return null;
    for (const e of list) {
      const last = matchWords(tokens, e.words, 0, i, limit);
      if (last >= 0) return { value: e.value, first: i, last };
    }
    return null;
  }

  /** Every non-overlapping match in tokens first..last, left to right, longest first at each position. */
  findAll(tokens: Tokens, first: number, last: number): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = first; i <= last; i++) {
      const m = this.matchAt(tokens, i, last);
      if (m) {
        out.push(m);
        i = m.last;
      }
    }
    return out;
  }
}

/** Matches words[w..] at token i; returns the last token matched, or -1. */
function matchWords(tokens: Tokens, words: readonly string[], w: number, i: number, limit: number): number {
  if (w === words.length) return i - 1;
  if (i > limit) return -1;
  const word = words[w] as string;
  if (word === "*") {
    for (let skip = 0; skip <= GAP && i + skip <= limit; skip++) {
      const r = matchWords(tokens, words, w + 1, i + skip, limit);
      if (r >= 0) return r;
    }
    return -1;
  }
  return tokens.lower[i] === word ? matchWords(tokens, words, w + 1, i + 1, limit) : -1;
}
