import { describe, expect, it } from "vitest";
import { clusterPoints, type Placed } from "./cluster.js";

const pt = (id: string, x: number, y: number, r = 4): Placed<string> => ({ item: id, x, y, r });

describe("map clustering", () => {
  it("keeps distant points apart and bins close ones", () => {
    const out = clusterPoints([pt("a", 5, 5), pt("b", 10, 8), pt("c", 300, 300)], 40);
    expect(out.map((c) => c.items.sort()).sort()).toEqual([["a", "b"], ["c"]]);
  });

  it("merges neighbouring bins whose circles would overlap", () => {
    // Either side of a grid line, 4 px apart: two bins, one cluster.
    const out = clusterPoints([pt("a", 38, 10), pt("b", 42, 10)], 40);
    expect(out).toHaveLength(1);
    expect(out[0]?.items.sort()).toEqual(["a", "b"]);
  });

  it("leaves no two circles overlapping", () => {
    const pts = Array.from({ length: 200 }, (_, i) =>
      pt(String(i), (i * 37) % 500, (i * 91) % 400, 4 + (i % 7)),
    );
    const out = clusterPoints(pts, 44);
    expect(out.reduce((s, c) => s + c.items.length, 0)).toBe(200);
    for (const [i, a] of out.entries())
      for (const b of out.slice(i + 1))
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual((a.r + b.r) * 0.85);
  });
});
