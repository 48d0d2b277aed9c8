// Screen-space clustering for the map: points are binned on a pixel grid at the current zoom, then neighbouring
// bins whose circles would overlap are merged, so no two drawn circles cover each other much. Pure.

export interface Placed<T> {
  item: T;
  x: number;
  y: number;
  /** The radius the point is drawn with when alone. */
  r: number;
}

export interface Cluster<T> {
  items: T[];
  /** Pixel centre (the mean of the members) and drawn radius. */
  x: number;
  y: number;
  r: number;
}

/** Drawn radius of a cluster of n points: grows with log n, within [13, 24] px. */
export function clusterRadius(n: number): number {
  return Math.min(13 + 2.6 * Math.log2(n), 24);
}

export function clusterPoints<T>(points: Placed<T>[], cell: number, overlap = 0.85): Cluster<T>[] {
  const bins = new Map<string, Placed<T>[]>();
  for (const p of points) {
    const key = `${Math.floor(p.x / cell)},${Math.floor(p.y / cell)}`;
    const list = bins.get(key);
    if (list) list.push(p);
    else bins.set(key, [p]);
  }
  const make = (members: Placed<T>[]): Cluster<T> & { members: Placed<T>[] } => {
    const x = members.reduce((s, p) => s + p.x, 0) / members.length;
    const y = members.reduce((s, p) => s + p.y, 0) / members.length;
    const r = members.length === 1 ? (members[0] as Placed<T>).r : clusterRadius(members.length);
    return { members, items: members.map((m) => m.item), x, y, r };
  };
  const groups = [...bins.values()].map(make);
  // Merge overlapping neighbours until none overlap (each merge lowers the count, so this ends).
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const a = groups[i] as (typeof groups)[number];
        const b = groups[j] as (typeof groups)[number];
        if (Math.hypot(a.x - b.x, a.y - b.y) < (a.r + b.r) * overlap) {
          groups[i] = make([...a.members, ...b.members]);
          groups.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return groups.map(({ items, x, y, r }) => ({ items, x, y, r }));
}
