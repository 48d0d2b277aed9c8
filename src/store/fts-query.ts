// The FTS5 query language on PostgreSQL: parses what users type into the search box (words, "phrases", AND/OR/NOT,
// parentheses, prefix `*`, `+`, `title:`/`{title body}:`/`-title:` column filters, NEAR(…, N)) exactly as FTS5 does,
// rejecting the same malformed queries, and writes the tsquery that matches the same articles in the tsvectors of
// migrations-pg.ts (title words weigh A, body words D). Also the «»-marked snippet, made here from the text so that it
// reads like FTS5's (ts_headline would drop anything that looks like an HTML tag).

import { FTS_DROPPED, ftsFolds, ftsWordRanges } from "./fts-words.js";

/** A query FTS5 would refuse: the caller turns it into a QuerySyntaxError. */
export class Fts5SyntaxError extends Error {}

const COLUMNS = ["title", "body"] as const;
type Column = (typeof COLUMNS)[number];
const WEIGHT: Record<Column, string> = { title: "A", body: "D" };

// ---- words, as the index has them (parallax_fts_words in migrations-pg.ts)

const jsChar = (c: number) => `\\u{${c.toString(16)}}`;
const jsRanges = (ranges: readonly (readonly [number, number])[]) =>
  ranges.map(([lo, hi]) => (lo === hi ? jsChar(lo) : `${jsChar(lo)}-${jsChar(hi)}`)).join("");
let words: { run: RegExp; dropped: RegExp; foldOf: Map<string, string> } | undefined;
/** Built on first use: the tables take a few milliseconds, and only PostgreSQL searches need them. */
function wordTables() {
  if (words) return words;
  const { from, to } = ftsFolds();
  const toChars = [...to];
  words = {
    // A word: a run of word characters and the diacritics dropped from it ("cafe\u0301s" is one word).
    run: new RegExp(`[${jsRanges([...ftsWordRanges(), FTS_DROPPED])}]+`, "gu"),
    dropped: new RegExp(`[${jsRanges([FTS_DROPPED])}]`, "gu"),
    foldOf: new Map([...from].map((c, i) => [c, toChars[i] as string])),
  };
  return words;
}

function fold(word: string): string {
  const { dropped, foldOf } = wordTables();
  return word
    .replace(dropped, "")
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[^ -~]/gu, (c) => foldOf.get(c) ?? c);
}

/** A text's words, where they are, and as the full-text index holds them. */
function tokensOf(text: string): Token[] {
  return [...text.matchAll(wordTables().run)].flatMap((m) => {
    const word = fold(m[0]);
    return word ? [{ at: m.index, end: m.index + m[0].length, word }] : [];
  });
}

/** The words of a text as the full-text index holds them. */
export function ftsWords(text: string): string[] {
  return tokensOf(text).map((t) => t.word);
}

// ---- the query language (FTS5's fts5ExprGetToken and fts5parse.y)

type Tok =
  | { t: "STRING"; v: string; at: number }
  | {
      t: "LP" | "RP" | "LCP" | "RCP" | "COLON" | "COMMA" | "PLUS" | "STAR" | "MINUS" | "CARET" | "EOF";
      at: number;
    }
  | { t: "AND" | "OR" | "NOT"; at: number };

const PUNCT: Record<string, Tok["t"]> = {
  "(": "LP",
  ")": "RP",
  "{": "LCP",
  "}": "RCP",
  ":": "COLON",
  ",": "COMMA",
  "+": "PLUS",
  "*": "STAR",
  "-": "MINUS",
  "^": "CARET",
};
const isSpace = (c: string) =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
// FTS5's barewords: ASCII letters, digits, "_", 0x1A, and anything beyond ASCII.
const isBareword = (c: string) => /[A-Za-z0-9_]/.test(c) || c === "\u001a" || c.charCodeAt(0) >= 0x80;

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  for (;;) {
    while (i < q.length && isSpace(q[i] as string)) i++;
    if (i >= q.length) {
      out.push({ t: "EOF", at: i });
      return out;
    }
    const c = q[i] as string;
    const punct = PUNCT[c];
    if (punct) {
      out.push({ t: punct, at: i } as Tok);
      i++;
    } else if (c === '"') {
      let v = "";
      let j = i + 1;
      for (;;) {
        if (j >= q.length) throw new Fts5SyntaxError("unterminated string");
        if (q[j] === '"') {
          if (q[j + 1] !== '"') break;
          j++;
        }
        v += q[j];
        j++;
      }
      out.push({ t: "STRING", v, at: i });
      i = j + 1;
    } else if (isBareword(c)) {
      let j = i;
      while (j < q.length && isBareword(q[j] as string)) j++;
      const v = q.slice(i, j);
      out.push(v === "AND" || v === "OR" || v === "NOT" ? { t: v, at: i } : { t: "STRING", v, at: i });
      i = j;
    } else throw new Fts5SyntaxError(`syntax error near "${c}"`);
  }
}

/** A run of a phrase's words from one string: `abc*` makes its last word a prefix. */
interface Segment {
  words: string[];
  prefix: boolean;
}
/** The columns a part of the query may match in (null: any). */
type Columns = readonly Column[] | null;

type Node =
  | { k: "phrase"; segments: Segment[]; columns: Columns }
  | { k: "near"; phrases: Segment[][]; distance: number; columns: Columns }
  | { k: "and" | "or" | "not"; a: Node; b: Node };

class Parser {
  private i = 0;
  constructor(
    private readonly q: string,
    private readonly toks: Tok[],
  ) {}

  private peek(n = 0): Tok {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)] as Tok;
  }
  private next(): Tok {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private fail(t: Tok = this.peek()): never {
    const near =
      t.t === "EOF" ? "" : t.t === "STRING" ? this.q.slice(t.at).match(/^"?[^"]*/)?.[0] : this.q[t.at];
    throw new Fts5SyntaxError(`syntax error near "${near ?? ""}"`);
  }
  private expect(t: Tok["t"]): Tok {
    if (this.peek().t !== t) this.fail();
    return this.next();
  }

  parse(): Node {
    const e = this.expr(0);
    if (this.peek().t !== "EOF") this.fail();
    return e;
  }

  /** Binary operators, loosest first: OR, AND, NOT, all left-associative. */
  private expr(minLevel: number): Node {
    let left = this.primary();
    for (;;) {
      const t = this.peek().t;
      const level = t === "OR" ? 1 : t === "AND" ? 2 : t === "NOT" ? 3 : 0;
      if (level === 0 || level <= minLevel) return left;
      this.next();
      const right = this.expr(level);
      left = { k: (t as string).toLowerCase() as "and" | "or" | "not", a: left, b: right };
    }
  }

  private startsColset(): boolean {
    const t = this.peek().t;
    return t === "LCP" || t === "MINUS" || (t === "STRING" && this.peek(1).t === "COLON");
  }

  private primary(): Node {
    if (this.peek().t === "LP") {
      this.next();
      const e = this.expr(0);
      this.expect("RP");
      return e;
    }
    if (this.startsColset()) {
      const at = this.i;
      const columns = this.colset();
      this.expect("COLON");
      if (this.peek().t === "LP") {
        this.next();
        const e = this.expr(0);
        this.expect("RP");
        return restrict(e, columns);
      }
      this.i = at;
    }
    // An implicit AND of phrases, NEAR groups and column-filtered ones: binds tighter than any operator.
    let list = this.cnearset();
    for (;;) {
      const t = this.peek().t;
      if (t !== "STRING" && t !== "LCP" && t !== "MINUS" && t !== "CARET") return list;
      list = { k: "and", a: list, b: this.cnearset() };
    }
  }

  private cnearset(): Node {
    if (this.startsColset()) {
      const columns = this.colset();
      this.expect("COLON");
      return restrict(this.nearset(), columns);
    }
    return this.nearset();
  }

  private colset(): Column[] {
    const negate = this.peek().t === "MINUS";
    if (negate) this.next();
    const names: string[] = [];
    if (this.peek().t === "LCP") {
      this.next();
      while (this.peek().t === "STRING") names.push((this.next() as { v: string }).v);
      if (names.length === 0) this.fail();
      this.expect("RCP");
    } else names.push((this.expect("STRING") as { v: string }).v);
    const picked = names.map((n) => {
      const c = COLUMNS.find((col) => col === n.toLowerCase());
      if (!c) throw new Fts5SyntaxError(`no such column: ${n}`);
      return c;
    });
    return COLUMNS.filter((c) => picked.includes(c) !== negate);
  }

  private nearset(): Node {
    const t = this.peek();
    if (t.t === "CARET") {
      this.next();
      this.phrase();
      throw new Fts5SyntaxError("^ (a phrase at the start of a column) is not supported on PostgreSQL");
    }
    if (t.t === "STRING" && this.peek(1).t === "LP") {
      if (t.v !== "NEAR") this.fail();
      this.next();
      this.next();
      const phrases = [this.phrase()];
      while (this.peek().t === "STRING") phrases.push(this.phrase());
      let distance = 10;
      if (this.peek().t === "COMMA") {
        this.next();
        const n = this.expect("STRING") as { v: string };
        if (!/^[0-9]+$/.test(n.v)) throw new Fts5SyntaxError(`expected integer, got "${n.v}"`);
        distance = Number(n.v);
      }
      this.expect("RP");
      return { k: "near", phrases, distance, columns: null };
    }
    return { k: "phrase", segments: this.phrase(), columns: null };
  }

  private phrase(): Segment[] {
    const segments: Segment[] = [];
    for (;;) {
      const s = this.expect("STRING") as { v: string };
      const prefix = this.peek().t === "STAR";
      if (prefix) this.next();
      segments.push({ words: ftsWords(s.v), prefix });
      if (this.peek().t !== "PLUS") return segments;
      this.next();
    }
  }
}

/** A column filter over a part of the query: nested filters intersect, as in FTS5. */
function restrict(n: Node, columns: Columns): Node {
  if (n.k === "phrase" || n.k === "near") {
    const inner = n.columns;
    const both =
      inner === null ? columns : columns === null ? inner : inner.filter((c) => columns.includes(c));
    return { ...n, columns: both };
  }
  return { ...n, a: restrict(n.a, columns), b: restrict(n.b, columns) };
}

// ---- the tsquery

/** What a part of the query comes to: a tsquery, nothing to look for (FTS5 drops it), or no possible match. */
type Out = { tsquery: string } | "empty" | "none";

const quoteLexeme = (w: string) => `'${w.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

function phraseQuery(segments: Segment[], weight: string): string | null {
  const lexemes = segments.flatMap((s) =>
    s.words.map((w, i) => {
      const prefix = s.prefix && i === s.words.length - 1 ? "*" : "";
      return `${quoteLexeme(w)}${prefix || weight ? `:${prefix}${weight}` : ""}`;
    }),
  );
  if (lexemes.length === 0) return null;
  return lexemes.length === 1 ? (lexemes[0] as string) : `(${lexemes.join(" <-> ")})`;
}

/** The weights a phrase is tried in (none: no column left to match in): several words must match in one column. */
function weightsFor(columns: Columns, words: number): string[] {
  const cols = columns ?? COLUMNS;
  if (cols.length === 0) return [];
  if (words <= 1) return [cols.length === COLUMNS.length ? "" : cols.map((c) => WEIGHT[c]).join("")];
  return cols.map((c) => WEIGHT[c]);
}

function compile(n: Node): Out {
  switch (n.k) {
    case "phrase": {
      const words = n.segments.reduce((s, x) => s + x.words.length, 0);
      if (words === 0) return "empty";
      const alts = weightsFor(n.columns, words).flatMap((w) => phraseQuery(n.segments, w) ?? []);
      if (alts.length === 0) return "none";
      return { tsquery: alts.length === 1 ? (alts[0] as string) : `(${alts.join(" | ")})` };
    }
    case "near":
      return near(n);
    case "and":
    case "or":
    case "not": {
      const a = compile(n.a);
      const b = compile(n.b);
      if (b === "empty") return a;
      if (a === "empty") return n.k === "not" ? "empty" : b;
      if (n.k === "or")
        return a === "none" ? b : b === "none" ? a : { tsquery: `(${a.tsquery} | ${b.tsquery})` };
      if (a === "none") return "none";
      if (b === "none") return n.k === "and" ? "none" : a;
      return { tsquery: n.k === "and" ? `(${a.tsquery} & ${b.tsquery})` : `(${a.tsquery} & !${b.tsquery})` };
    }
  }
}

/**
 * NEAR(p1 p2, N): the phrases within N words of each other, in either order, in one column. tsquery's `<k>` is an
 * exact distance, so every distance up to N is spelled out: supported for one or two phrases and N up to 50.
 */
function near(n: Extract<Node, { k: "near" }>): Out {
  const phrases = n.phrases.filter((p) => p.some((s) => s.words.length > 0));
  if (phrases.length === 0) return "empty";
  if (phrases.length === 1)
    return compile({ k: "phrase", segments: phrases[0] as Segment[], columns: n.columns });
  if (phrases.length > 2 || n.distance > 50)
    throw new Fts5SyntaxError(
      "NEAR of more than two phrases, or over more than 50 words, is not supported on PostgreSQL",
    );
  const cols = n.columns ?? COLUMNS;
  if (cols.length === 0) return "none";
  const [p, q] = phrases as [Segment[], Segment[]];
  const alts: string[] = [];
  for (const c of cols)
    for (const [x, y] of [
      [p, q],
      [q, p],
    ] as const) {
      const left = phraseQuery(x, WEIGHT[c]) as string;
      const right = phraseQuery(y, WEIGHT[c]) as string;
      for (let d = 1; d <= n.distance + 1; d++) alts.push(`(${left} <${d}> ${right})`);
    }
  return { tsquery: `(${alts.join(" | ")})` };
}

/** A phrase of the query, for snippets: its words, and the columns it may be found in. */
export interface FtsPhrase {
  words: { word: string; prefix: boolean }[];
  columns: Columns;
  /** In a NEAR group: the group's other phrase (its index in FtsPlan.phrases) and the distance. */
  near?: { other: number; distance: number };
}

export interface FtsPlan {
  /** The tsquery text (cast with ::tsquery, not parsed again), or null when nothing can match. */
  tsquery: string | null;
  /** The phrases snippets mark (those not under a NOT). */
  phrases: FtsPhrase[];
}

/** Translates an FTS5 query; throws Fts5SyntaxError where FTS5 would refuse it. */
export function fts5ToTsquery(query: string): FtsPlan {
  // FTS5 reads a query that starts with `*` as a "special query" (`*reads` …) and refuses any other.
  if (query.startsWith("*")) throw new Fts5SyntaxError(`unknown special query: ${query.slice(1)}`);
  const tree = new Parser(query, tokenize(query)).parse();
  const out = compile(tree);
  return { tsquery: typeof out === "string" ? null : out.tsquery, phrases: snippetPhrases(tree) };
}

function positivePhrases(n: Node): FtsPhrase[] {
  switch (n.k) {
    case "phrase": {
      const words = n.segments.flatMap((s) =>
        s.words.map((word, i) => ({ word, prefix: s.prefix && i === s.words.length - 1 })),
      );
      return words.length ? [{ words, columns: n.columns }] : [];
    }
    case "near":
      return n.phrases.flatMap((p) => positivePhrases({ k: "phrase", segments: p, columns: n.columns }));
    case "not":
      return positivePhrases(n.a);
    default:
      return [...positivePhrases(n.a), ...positivePhrases(n.b)];
  }
}

/** The phrases, with each pair of a NEAR group pointing at each other (snippets mark only instances near enough). */
function snippetPhrases(n: Node, into: FtsPhrase[] = []): FtsPhrase[] {
  switch (n.k) {
    case "near": {
      const group = positivePhrases(n);
      const first = into.length;
      into.push(...group);
      if (group.length === 2) {
        (into[first] as FtsPhrase).near = { other: first + 1, distance: n.distance };
        (into[first + 1] as FtsPhrase).near = { other: first, distance: n.distance };
      }
      return into;
    }
    case "phrase":
      into.push(...positivePhrases(n));
      return into;
    case "not":
      return snippetPhrases(n.a, into);
    default:
      snippetPhrases(n.a, into);
      return snippetPhrases(n.b, into);
  }
}

// ---- snippets: FTS5's snippet(-1, '«', '»', '…', 16) (fts5SnippetFunction), over the same words

const SNIPPET_TOKENS = 16;

interface Token {
  at: number;
  end: number;
  word: string;
}
interface Instance {
  pos: number;
  phrase: number;
  size: number;
}

/** Where the query's phrases occur in a column, by position. */
function instancesIn(tokens: Token[], phrases: FtsPhrase[], column: Column): Instance[] {
  const out: Instance[] = [];
  for (let pos = 0; pos < tokens.length; pos++)
    phrases.forEach((p, phrase) => {
      if (p.columns && !p.columns.includes(column)) return;
      const hit = p.words.every((w, i) => {
        const t = tokens[pos + i]?.word;
        return t !== undefined && (w.prefix ? t.startsWith(w.word) : t === w.word);
      });
      if (hit) out.push({ pos, phrase, size: p.words.length });
    });
  // An instance of a NEAR group's phrase counts only near one of the other phrase.
  return out.filter((a) => {
    const near = phrases[a.phrase]?.near;
    if (!near) return true;
    return out.some(
      (b) =>
        b.phrase === near.other &&
        (b.pos >= a.pos ? b.pos - (a.pos + a.size) : a.pos - (b.pos + b.size)) <= near.distance,
    );
  });
}

/** A window's score (1000 per phrase found in it, 1 per repeat) and its start moved to centre what it holds. */
function windowScore(insts: Instance[], size: number, from: number): { score: number; start: number } {
  let score = 0;
  let first = -1;
  let last = 0;
  const seen = new Set<number>();
  for (const i of insts) {
    if (i.pos < from || i.pos >= from + SNIPPET_TOKENS) continue;
    score += seen.has(i.phrase) ? 1 : 1000;
    seen.add(i.phrase);
    if (first < 0) first = i.pos;
    last = i.pos + i.size;
  }
  let start = first - Math.trunc((SNIPPET_TOKENS - (last - first)) / 2);
  if (start + SNIPPET_TOKENS > size) start = size - SNIPPET_TOKENS;
  return { score, start: Math.max(0, start) };
}

/** The tokens that start a sentence: the first, and any after a "." or ":" and white space. */
function sentenceStarts(text: string, tokens: Token[]): number[] {
  return tokens.flatMap((t, pos) => {
    if (pos === 0) return [0];
    const before = text.slice(0, t.at);
    const trimmed = before.replace(/[ \t\n\r]+$/, "");
    return trimmed.length < before.length && /[.:]$/.test(trimmed) ? [pos] : [];
  });
}

/** The best 16-word window of the best column (title, body), the query's phrases marked «», "…" where cut. */
export function ftsSnippet(columns: readonly [string | null, string | null], plan: FtsPlan): string {
  const cols = columns.map((text, i) => {
    const t = text ?? "";
    const tokens = tokensOf(t);
    return { text: t, tokens, insts: instancesIn(tokens, plan.phrases, COLUMNS[i] as Column) };
  });
  let best = { score: 0, col: 0, start: 0 };
  cols.forEach(({ text, tokens, insts }, col) => {
    const starts = sentenceStarts(text, tokens);
    for (const inst of insts) {
      const w = windowScore(insts, tokens.length, inst.pos);
      if (w.score > best.score) best = { score: w.score, col, start: w.start };
      if (starts.length === 0 || tokens.length <= SNIPPET_TOKENS) continue;
      let jj = 0;
      while (jj < starts.length - 1 && (starts[jj + 1] as number) <= inst.pos) jj++;
      const sentence = starts[jj] as number;
      if (sentence >= inst.pos) continue;
      const score = windowScore(insts, tokens.length, sentence).score + (sentence === 0 ? 120 : 100);
      if (score > best.score) best = { score, col, start: sentence };
    }
  });
  return highlight(cols[best.col] as (typeof cols)[number], best.start);
}

/** The window's text with each run of overlapping phrase instances marked (fts5HighlightCb in range mode). */
function highlight(c: { text: string; tokens: Token[]; insts: Instance[] }, start: number): string {
  const spans: { start: number; end: number }[] = [];
  for (const i of c.insts) {
    const last = spans.at(-1);
    if (last && i.pos <= last.end) last.end = Math.max(last.end, i.pos + i.size - 1);
    else spans.push({ start: i.pos, end: i.pos + i.size - 1 });
  }
  let s = spans.findIndex((x) => x.start >= start);
  if (s < 0) s = spans.length;
  const end = start + SNIPPET_TOKENS - 1;
  let out = start > 0 ? "…" : "";
  let off = 0;
  c.tokens.forEach((t, pos) => {
    if (pos < start || pos > end) return;
    if (start > 0 && pos === start) off = t.at;
    if (spans[s]?.start === pos) {
      out += `${c.text.slice(off, t.at)}«`;
      off = t.at;
    }
    if (spans[s]?.end === pos) {
      out += `${c.text.slice(off, t.end)}»`;
      off = t.end;
      s++;
    }
    if (pos === end) {
      out += c.text.slice(off, t.end);
      off = t.end;
      const open = spans[s];
      if (open && pos >= open.start && pos < open.end) out += "»";
    }
  });
  return out + (end >= c.tokens.length - 1 ? c.text.slice(off) : "…");
}
