import { describe, expect, it } from "vitest";
import { blocksOf, type MarkTree, type Span, treeOf } from "./highlight.js";

const span = (key: string, start: number, end: number, rank = 0): Span => ({
  key,
  start,
  end,
  group: key,
  verdict: "agreed",
  rank,
});

const flat = (nodes: (MarkTree | string)[]): string =>
  nodes
    .map((n) => (typeof n === "string" ? n : `[${n.span?.key}${n.first ? "" : "'"}:${flat(n.children)}]`))
    .join("");

describe("claim highlighting", () => {
  const text = "Title here\n\nOne two three four.\n\nCaption";
  const parts = [
    { kind: "title" as const, index: 0, start: 0, end: 10 },
    { kind: "body" as const, index: 0, start: 12, end: 31 },
    { kind: "caption" as const, index: 0, start: 33, end: 40 },
  ];

  it("keeps the text whole and splits it by part", () => {
    const blocks = blocksOf(text, parts, []);
    expect(blocks.map((b) => b.pieces.map((p) => p.text).join(""))).toEqual([
      "Title here",
      "One two three four.",
      "Caption",
    ]);
  });

  it("nests identical spans by rank, the higher inside", () => {
    const blocks = blocksOf(text, parts, [span("g5", 12, 31, 3), span("g4", 12, 31, 2)]);
    expect(flat(treeOf(blocks[1]?.pieces ?? []))).toBe("[g4:[g5:One two three four.]]");
  });

  it("splits partly overlapping spans and marks the continuation", () => {
    const blocks = blocksOf(text, parts, [span("a", 12, 19), span("b", 16, 25)]);
    expect(flat(treeOf(blocks[1]?.pieces ?? []))).toBe("[a:One [b:two]][b': three] four.");
  });

  it("clips a span that crosses a part boundary", () => {
    const blocks = blocksOf(text, parts, [span("x", 5, 16)]);
    const seen = new Set<string>();
    expect(flat(treeOf(blocks[0]?.pieces ?? [], 0, seen))).toBe("Title[x: here]");
    expect(flat(treeOf(blocks[1]?.pieces ?? [], 0, seen))).toBe("[x':One ]two three four.");
  });

  it("splits at blank lines when no parts are given", () => {
    expect(blocksOf("a\n\nb", [], []).map((b) => b.pieces[0]?.text)).toEqual(["a", "b"]);
  });
});
