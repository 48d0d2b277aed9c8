// Claim spans laid over an article's text. The text is the title, paragraphs and captions joined by blank lines;
// spans (claim offsets) may nest or overlap (two claims read from one sentence). The text is cut into pieces at
// every span boundary inside each part, each piece carrying the spans that cover it, outermost first in one total
// order, so the view can nest <mark>s consistently. Pure: strings and numbers in, plain objects out.

import type { TextPart } from "../serve/api-types.js";

export interface Span {
  /** A key unique among the spans (group + claim). */
  key: string;
  start: number;
  end: number;
  /** What the mark stands for (a claim group id), and how the view colours it. */
  group: string;
  verdict: string;
  /** Higher nests inside lower when two spans cover the same text. */
  rank: number;
}

export interface Piece {
  text: string;
  start: number;
  end: number;
  /** The spans covering the piece, outermost first. */
  spans: Span[];
}

export interface Block {
  kind: TextPart["kind"];
  index: number;
  pieces: Piece[];
}

/** Outer before inner: earlier start, then longer, then lower rank, then key. A total order. */
export function compareSpans(a: Span, b: Span): number {
  return (
    a.start - b.start || b.end - a.end || a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** The text's parts; when the server gave none, paragraphs split at blank lines. */
export function partsOf(text: string, parts: TextPart[] | null | undefined): TextPart[] {
  if (parts && parts.length > 0) return [...parts].sort((a, b) => a.start - b.start);
  const out: TextPart[] = [];
  let i = 0;
  let index = 0;
  for (const para of text.split("\n\n")) {
    if (para.trim()) out.push({ kind: "body", index: index++, start: i, end: i + para.length });
    i += para.length + 2;
  }
  return out;
}

/** Cuts one stretch [from, to) of `text` into pieces at span boundaries. */
export function piecesOf(text: string, from: number, to: number, spans: Span[]): Piece[] {
  const inside = spans
    .map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set<number>([from, to]);
  for (const s of inside) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Keep the original span objects' order (by their unclipped extent) so nesting is the same in every piece.
  const ordered = spans.filter((s) => s.end > from && s.start < to).sort(compareSpans);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    if (b <= a) continue;
    pieces.push({
      text: text.slice(a, b),
      start: a,
      end: b,
      spans: ordered.filter((s) => s.start < b && s.end > a),
    });
  }
  return pieces;
}

/** The article as blocks (title, paragraphs, captions), each cut into pieces. */
export function blocksOf(text: string, parts: TextPart[] | null | undefined, spans: Span[]): Block[] {
  const valid = spans.filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  return partsOf(text, parts).map((p) => ({
    kind: p.kind,
    index: p.index,
    pieces: piecesOf(text, p.start, Math.min(p.end, text.length), valid),
  }));
}

export interface MarkTree {
  span: Span | null;
  /** True when this mark starts its span (the first of its pieces): where its keyboard handle goes. */
  first: boolean;
  children: (MarkTree | string)[];
}

/**
 * Nests a block's pieces into marks: consecutive pieces covered by the same span at one depth share one mark.
 * A span that overlaps another partly is split into two marks, the second with `first` false.
 */
export function treeOf(pieces: Piece[], depth = 0, seen: Set<string> = new Set()): (MarkTree | string)[] {
  const out: (MarkTree | string)[] = [];
  let i = 0;
  while (i < pieces.length) {
    const p = pieces[i] as Piece;
    const span = p.spans[depth];
    if (!span) {
      out.push(p.text);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < pieces.length && (pieces[j] as Piece).spans[depth]?.key === span.key) j++;
    const first = !seen.has(span.key);
    seen.add(span.key);
    out.push({ span, first, children: treeOf(pieces.slice(i, j), depth + 1, seen) });
    i = j;
  }
  return out;
}
