// Finds knowledge-base names in tokenised text. Three indexes, built once per knowledge base:
// - names by transliteration key (keys.ts), walked token by token with a set of key prefixes so a span stops
//   growing as soon as no name can start that way;
// - case-sensitive acronyms ("IS", "US") and case-insensitive descriptors ("a monitor", "regime forces") in a
//   word trie;
// - a deletion index over the keys of Syrian places and actors, for misspellings no alias foresaw.

import type { ActorEntry, KnowledgeBase, PlaceEntry } from "../knowledge/index.js";
import {
  boundedDistance,
  isArabicArticle,
  joinKey,
  keyWords,
  nameKey,
  skeletonKey,
  wordKey,
} from "./keys.js";
import { isEnglishWord, type Tokens } from "./nlp.js";

/** What a name points to in the knowledge base. */
export type Target = { kind: "place"; entry: PlaceEntry } | { kind: "actor"; entry: ActorEntry };

/** A span of tokens that names one or more knowledge-base entries. */
export interface Candidate {
  first: number;
  last: number;
  targets: Target[];
  how: "name" | "key" | "skeleton" | "fuzzy" | "descriptor";
  confidence: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  targets?: Target[];
}

const MAX_SPAN = 8;

/** Words folded for the phrase tries: "U.S." → "us"; hyphens and punctuation vanish. */
function phraseWord(token: string, keepCase: boolean): string {
  const t = token.replace(/['’]s$/, "").replace(/[^\p{L}\p{N}]/gu, "");
  return keepCase ? t : t.toLowerCase();
}

function phraseWords(phrase: string, keepCase: boolean): string[] {
  return phrase
    .split(/[\s\-‐–]+/)
    .map((w) => phraseWord(w, keepCase))
    .filter(Boolean);
}

export class Gazetteer {
  private byKey = new Map<string, Target[]>();
  private prefixes = new Set<string>();
  private bySkeleton = new Map<string, Target[]>();
  private deletions = new Map<string, string[]>();
  private exactTrie: TrieNode = { next: new Map() };
  private phraseTrie: TrieNode = { next: new Map() };
  private readonly notPlaces: Set<string>;
  private readonly generics: Set<string>;
  private readonly fuzzyCache = new Map<string, Fuzzy | null>();

  constructor(kb: KnowledgeBase) {
    this.notPlaces = new Set(kb.cues.notPlaceNames);
    this.generics = new Set(kb.cues.toponymGenerics);
    for (const p of kb.places.values()) {
      const target: Target = { kind: "place", entry: p };
      if (p.country === "SY" || p.featureCode === null || p.kind === "country" || p.kind === "governorate") {
        this.addNames(target, [p.name, ...p.aliases], p.country === "SY" || p.kind === "country");
        continue;
      }
      // Outside Syria, GeoNames' alternate names of small places collide with English words and names ("June",
      // "Paris", "Ban" are spellings of Turkish and Israeli villages): only the larger places, by their own name.
      if (p.population >= 50_000 || /^PPL(A|C)$/.test(p.featureCode ?? "")) {
        const ascii = p.aliases.find((a) => /^[\x20-\x7e]+$/.test(a));
        this.addNames(target, ascii ? [p.name, ascii] : [p.name], false);
      }
    }
    for (const a of kb.actors.values()) {
      const target: Target = { kind: "actor", entry: a };
      this.addNames(target, [a.name, ...a.aliases], true);
      for (const alias of a.caseSensitiveAliases ?? [])
        this.addPhrase(this.exactTrie, phraseWords(alias, true), target);
      for (const d of a.descriptors ?? []) this.addPhrase(this.phraseTrie, phraseWords(d, false), target);
    }
  }

  private addNames(target: Target, names: string[], fuzzy: boolean): void {
    const seen = new Set<string>();
    for (const name of names) {
      // Only Latin-script names can match English text; other scripts would only fill memory. GeoNames' all-caps
      // alternates are airport and other codes ("DAM", "ALP"), not names news uses.
      if (target.kind === "place" && target.entry.id.startsWith("geonames:") && /^[A-Z]{2,4}$/.test(name))
        continue;
      if (!name || /[^\u0020-\u024f\u1e00-\u1eff'’‘`ʿʾ\s\-‐‑–.,()]/.test(name)) continue;
      // "al-Hamah village" is the village al-Hamah: the generic word is not part of the name's key.
      const words = keyWords(name.replace(/\s+(?:village|town|city)$/i, ""));
      let key = "";
      for (const w of words) {
        key = joinKey(key, w);
        this.prefixes.add(key);
      }
      if (key.length < 2 || seen.has(key)) continue;
      seen.add(key);
      push(this.byKey, key, target);
      // The fuzzy indexes hold only curated names: one edit away from a historical or foreign alternate
      // ("Khalab" for Aleppo) is too far from what the writer meant.
      if (fuzzy && key.length >= 5 && isCurated(target, name)) {
        push(this.bySkeleton, skeletonKey(key), target);
        for (let i = 0; i < key.length; i++) {
          const d = key.slice(0, i) + key.slice(i + 1);
          const list = this.deletions.get(d);
          if (!list) this.deletions.set(d, [key]);
          else if (!list.includes(key)) list.push(key);
        }
      }
    }
  }

  private addPhrase(root: TrieNode, words: string[], target: Target): void {
    if (words.length === 0) return;
    let node = root;
    for (const w of words) {
      let next = node.next.get(w);
      if (!next) {
        next = { next: new Map() };
        node.next.set(w, next);
      }
      node = next;
    }
    node.targets ??= [];
    if (!node.targets.some((t) => t.entry.id === target.entry.id)) node.targets.push(target);
  }

  /** Every knowledge-base name in the text, longest first where they overlap. */
  find(tokens: Tokens): Candidate[] {
    const found: Candidate[] = [];
    const n = tokens.length;
    // Token keys and phrase words are computed when a walk first needs them, once per token (most tokens are
    // lower-case words no name starts with).
    const memo: Memo = {
      first: new Array<string | undefined>(n),
      inner: new Array<string | undefined>(n),
      cs: new Array<string | undefined>(n),
      ci: new Array<string | undefined>(n),
    };
    for (let i = 0; i < n; i++) {
      const v = tokens.value[i] as string;
      const c0 = v.charCodeAt(0);
      const upper = c0 >= 65 && c0 <= 90;
      // A name may open with an Arabic article ("al-Bab", "al Qaeda"), but English "an", "as", "at" open nothing.
      const lower = tokens.lower[i] as string;
      const opensName =
        lower === "al" || lower === "el" || (isArabicArticle(lower) && tokens.value[i + 1] === "-");
      if (upper || opensName) this.walkKeys(tokens, memo, i, found);
      this.walkTrie(tokens, i, this.exactTrie, memo.cs, true, found);
      this.walkTrie(tokens, i, this.phraseTrie, memo.ci, false, found);
    }
    return pickLongest(found);
  }

  private walkKeys(tokens: Tokens, memo: Memo, i: number, out: Candidate[]): void {
    let key = "";
    let best: Candidate | null = null;
    const limit = Math.min(tokens.length, i + MAX_SPAN);
    for (let j = i; j < limit; j++) {
      const v = tokens.value[j] as string;
      if (tokens.pos[j] === "SPACE") break;
      const k = tokenKey(memo, tokens, j, key === "");
      if (!k) {
        const lower = tokens.lower[j] as string;
        // "As Syria", "At Tall": a capitalised article opens a name only as "Al"/"El" or hyphenated ("As-Suwayda").
        if (
          j === i &&
          isArabicArticle(lower) &&
          lower !== "al" &&
          lower !== "el" &&
          tokens.value[j + 1] !== "-"
        )
          break;
        if (v === "-" || v === "‐" || isArabicArticle(lower)) continue;
        break;
      }
      // A name ends at a lower-case word unless that word is part of it ("Deir al-Zor", "Tal Abyad").
      const next = key ? joinKey(key, k) : k;
      // "Syria a": a word that adds nothing to the key (folded into the last letter) is not part of the name.
      if (next === key) break;
      if (!this.prefixes.has(next)) {
        // "Aleppos", "Syrias": the source stripped apostrophes; try the key without the possessive s.
        if (next.endsWith("s") && this.byKey.has(next.slice(0, -1)) && /^[A-Z]/.test(v)) {
          best = this.candidate(i, j, this.byKey.get(next.slice(0, -1)) as Target[], "key", tokens);
        }
        break;
      }
      key = next;
      const targets = this.byKey.get(key);
      // The last word of a name is capitalised, except in sources that lower-case it ("Deir ezzor") after a
      // capitalised first word.
      if (
        targets &&
        (/^[A-Z0-9]/.test(tokens.value[j] as string) || (j > i && /^[A-Z]/.test(tokens.value[i] as string)))
      )
        best = this.candidate(i, j, targets, "key", tokens);
    }
    if (best && this.plausible(tokens, best) && !this.partOfLongerName(tokens, best)) out.push(best);
  }

  /** "Tel" of "Tel Hamis", "Ain" of "Ain Issa": a generic opener running on into a capitalised word is only its start. */
  private partOfLongerName(tokens: Tokens, c: Candidate): boolean {
    if (c.first !== c.last || !this.generics.has(tokens.value[c.first] as string)) return false;
    const next = tokens.value[c.last + 1];
    if (next === "-") return /^\p{Lu}/u.test(tokens.value[c.last + 2] ?? "");
    return (
      next !== undefined &&
      /^\p{Lu}/u.test(next) &&
      tokens.start[c.last + 1] === (tokens.end[c.last] ?? 0) + 1
    );
  }

  private candidate(first: number, last: number, targets: Target[], how: "key", tokens: Tokens): Candidate {
    // An exact spelling of a known name is certain; a transliteration-key match almost so.
    const surface = tokens.text.slice(tokens.start[first], tokens.end[last]);
    const exact = targets.some((t) => t.entry.name === surface || t.entry.aliases.includes(surface));
    return { first, last, targets, how: exact ? "name" : how, confidence: exact ? 1 : 0.95 };
  }

  /** One capitalised word at a sentence start that is not a proper noun ("Hit", "Side") is not a place. */
  private plausible(tokens: Tokens, c: Candidate): boolean {
    if (c.first !== c.last) return true;
    const value = tokens.value[c.first] as string;
    if (c.targets.some((t) => t.kind === "actor")) return true;
    if (this.notPlaces.has(value)) return false;
    // "War", "Get", "Law", "Sam" are GeoNames alternate names of some village (or of Damascus), and "Road" folds
    // to the key of "Ruad": an English word alone means a place only when written exactly as a curated name (a
    // Syrian place's or a country's own name, or a hand-written alias).
    if (isEnglishWord(value.toLowerCase())) {
      const written = value.replace(/['’]s$/, "").toLowerCase();
      return c.targets.some(
        (t) =>
          t.kind === "place" &&
          (t.entry.country === "SY" || t.entry.kind === "country") &&
          curatedNames(t.entry).has(written),
      );
    }
    // Big cities carry historical and foreign alternate names in GeoNames ("Berea" for Aleppo, "Cham" for
    // Damascus) that collide with people's names and TV channels: one word means such a city only by a curated name.
    const key = nameKey(value.replace(/['’]s$/, ""));
    const kept = c.targets.filter(
      (t) =>
        t.kind === "actor" ||
        !isBig(t.entry) ||
        curatedKeys(t.entry).has(key) ||
        (key.endsWith("s") && curatedKeys(t.entry).has(key.slice(0, -1))),
    );
    if (kept.length === 0) return false;
    c.targets = kept;
    const pos = tokens.pos[c.first];
    if (pos === "PROPN") return true;
    const sentenceStart = c.first === 0 || tokens.sentences[tokens.sentence[c.first] ?? 0]?.first === c.first;
    return (
      !sentenceStart && pos !== "VERB" && pos !== "ADP" && pos !== "DET" && pos !== "PRON" && pos !== "AUX"
    );
  }

  private walkTrie(
    tokens: Tokens,
    i: number,
    root: TrieNode,
    words: (string | undefined)[],
    keepCase: boolean,
    out: Candidate[],
  ): void {
    let node: TrieNode | undefined = root;
    let best: Candidate | null = null;
    for (let j = i; j < tokens.length && j < i + MAX_SPAN; j++) {
      if (tokens.pos[j] === "SPACE") break;
      let w = words[j];
      if (w === undefined) {
        w = phraseWord(tokens.value[j] as string, keepCase);
        words[j] = w;
      }
      if (!w) {
        if (j === i) return;
        continue;
      }
      node = node.next.get(w);
      if (!node) break;
      if (node.targets)
        best = {
          first: i,
          last: j,
          targets: node.targets,
          how: keepCase ? "name" : "descriptor",
          confidence: keepCase ? 1 : 0.8,
        };
    }
    if (best) out.push(best);
  }

  /** A name the indexes do not hold, matched by vowel skeleton or one edit: with a lower confidence. */
  fuzzy(name: string): Fuzzy | null {
    let hit = this.fuzzyCache.get(name);
    if (hit === undefined) {
      hit = this.fuzzyUncached(name);
      if (this.fuzzyCache.size > 20_000) this.fuzzyCache.clear();
      this.fuzzyCache.set(name, hit);
    }
    return hit;
  }

  private fuzzyUncached(name: string): Fuzzy | null {
    const key = nameKey(name);
    // "Daraas", "Hamas countryside": a possessive whose apostrophe the source dropped.
    const stem = key.endsWith("s") ? this.byKey.get(key.slice(0, -1)) : undefined;
    if (stem && !this.byKey.has(key)) return { targets: stem, how: "fuzzy", confidence: 0.9 };
    if (key.length < 5) return null;
    const exact = this.byKey.get(key);
    if (exact) return { targets: exact, how: "fuzzy", confidence: 0.9 };
    // The vowel skeleton is a weak signal: only for long names, and the skeleton itself must stay distinctive.
    const skeleton = skeletonKey(key);
    const sk = key.length >= 6 && skeleton.length >= 4 ? this.bySkeleton.get(skeleton) : undefined;
    if (sk) return { targets: sk, how: "skeleton", confidence: 0.8 };
    const seen = new Set<string>();
    const near: string[] = [];
    const probe = (k: string) => {
      for (const cand of this.deletions.get(k) ?? []) {
        if (!seen.has(cand) && boundedDistance(cand, key, 1) <= 1) near.push(cand);
        seen.add(cand);
      }
    };
    probe(key);
    for (let i = 0; i < key.length; i++) probe(key.slice(0, i) + key.slice(i + 1));
    if (this.byKey.has(key.slice(0, -1))) near.push(key.slice(0, -1));
    if (near.length === 0) return null;
    const targets = near.flatMap((k) => this.byKey.get(k) ?? []);
    return { targets, how: "fuzzy", confidence: near.length === 1 ? 0.7 : 0.6 };
  }
}

const curated = new WeakMap<PlaceEntry, Set<string>>();
const curatedKeySets = new WeakMap<PlaceEntry, Set<string>>();

/** Keys of a place's curated names (see curatedNames). */
function curatedKeys(p: PlaceEntry): Set<string> {
  let keys = curatedKeySets.get(p);
  if (!keys) {
    keys = new Set([...curatedNames(p)].map(nameKey));
    curatedKeySets.set(p, keys);
  }
  return keys;
}

function isBig(p: PlaceEntry): boolean {
  return p.kind === "city" || p.population >= 100_000 || p.featureCode === "PPLA" || p.featureCode === "PPLC";
}

/** True when a name is curated for its target: any actor name, a place's curated name. */
function isCurated(t: Target, name: string): boolean {
  return t.kind === "actor" || curatedNames(t.entry).has(name.toLowerCase());
}

/** The names someone chose for a place, lower-cased: its name, GeoNames' ASCII name, or every hand-written alias. */
function curatedNames(p: PlaceEntry): Set<string> {
  let names = curated.get(p);
  if (!names) {
    const fromGeonames = p.id.startsWith("geonames:");
    names = new Set(
      [p.name, ...(fromGeonames ? p.aliases.slice(0, 1) : p.aliases)].map((n) => n.toLowerCase()),
    );
    curated.set(p, names);
  }
  return names;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (!list) m.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

function isWord(v: string): boolean {
  const c = v.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
}

type Fuzzy = { targets: Target[]; how: "skeleton" | "fuzzy"; confidence: number };

/** Per-article caches of token keys (as a name's first word, and as a later word) and phrase words. */
interface Memo {
  first: (string | undefined)[];
  inner: (string | undefined)[];
  cs: (string | undefined)[];
  ci: (string | undefined)[];
}

function tokenKey(memo: Memo, tokens: Tokens, j: number, first: boolean): string {
  const cache = first ? memo.first : memo.inner;
  let k = cache[j];
  if (k === undefined) {
    const v = tokens.value[j] as string;
    k = isWord(v) ? wordKey(v.replace(/['’]s$/, ""), first) : "";
    cache[j] = k;
  }
  return k;
}

/** Keeps the longest candidate where candidates overlap (earlier wins a tie; names beat descriptors). */
function pickLongest(cands: Candidate[]): Candidate[] {
  cands.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first || rank(a) - rank(b));
  const taken: Candidate[] = [];
  const used = new Set<number>();
  for (const c of cands) {
    let free = true;
    for (let i = c.first; i <= c.last && free; i++) if (used.has(i)) free = false;
    if (!free) continue;
    for (let i = c.first; i <= c.last; i++) used.add(i);
    taken.push(c);
  }
  return taken.sort((a, b) => a.first - b.first);
}

/** On the same span: an exact case-sensitive name ("SANA", "IS") beats a key match, a descriptor loses to both. */
function rank(c: Candidate): number {
  if (c.how === "descriptor") return 2;
  return c.confidence === 1 && c.how === "name" ? 0 : 1;
}
