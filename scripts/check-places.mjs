#!/usr/bin/env node
// Sanity check of the place knowledge files: node scripts/check-places.mjs
// Parses knowledge/places/{geonames.tsv,governorates.json,areas.json} and knowledge/shapes/*.geojson and
// checks ids, ISO codes, coordinates, references and polygon rings. Exits 1 on any error.

import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "knowledge");
const errors = [];
const err = (m) => errors.push(m);
const json = (rel) => JSON.parse(readFileSync(join(root, rel), "utf8"));
const ISO = [
  "SY-DI",
  "SY-RD",
  "SY-HL",
  "SY-ID",
  "SY-DY",
  "SY-RA",
  "SY-HI",
  "SY-HA",
  "SY-HM",
  "SY-DR",
  "SY-LA",
  "SY-QU",
  "SY-TA",
  "SY-SU",
];
/** GeoNames rows reach the Black Sea coast of Turkey and eastern Iraq. */
const inGeonamesBox = (lat, lon) => lat >= 29 && lat <= 42.5 && lon >= 25 && lon <= 49;
const inBox = (lat, lon) =>
  typeof lat === "number" && typeof lon === "number" && lat >= 29 && lat <= 42 && lon >= 25 && lon <= 50;

// geonames.tsv
const tsv = readFileSync(join(root, "places/geonames.tsv"), "utf8").split("\n");
if (!tsv[0].startsWith("# GeoNames")) err("geonames.tsv: first line is not the attribution comment");
const header = tsv[1].split("\t");
const gnIds = new Set();
const gnAdmin1ByCapital = new Map();
let prev = 0;
for (const [i, line] of tsv.slice(2).entries()) {
  if (!line) continue;
  const c = line.split("\t");
  if (c.length !== header.length) err(`geonames.tsv line ${i + 3}: ${c.length} columns`);
  const id = Number(c[0]);
  if (!(id > prev)) err(`geonames.tsv line ${i + 3}: ids not strictly increasing`);
  prev = id;
  gnIds.add(id);
  if (!inGeonamesBox(Number(c[4]), Number(c[5])))
    err(`geonames.tsv ${id}: coordinates ${c[4]},${c[5]} out of box`);
  if (c[8] === "SY" && (c[7] === "PPLA" || c[7] === "PPLC")) gnAdmin1ByCapital.set(id, c[9]);
}

// governorates.json
const gov = json("places/governorates.json");
const counts = new Map(ISO.map((k) => [k, 0]));
for (const g of gov.governorates) {
  if (!counts.has(g.iso)) err(`governorates: unknown iso ${g.iso}`);
  counts.set(g.iso, (counts.get(g.iso) ?? 0) + 1);
  if (g.id !== g.iso) err(`governorates: id ${g.id} != iso ${g.iso}`);
  if (!inBox(g.lat, g.lon)) err(`governorates ${g.iso}: lat/lon out of box`);
  if (!Array.isArray(g.aliases)) err(`governorates ${g.iso}: aliases not an array`);
  const capA1 = gnAdmin1ByCapital.get(g.capitalGeonameId);
  if (capA1 !== undefined && capA1 !== g.geonamesAdmin1)
    err(`governorates ${g.iso}: capital ${g.capitalGeonameId} has admin1 ${capA1}, not ${g.geonamesAdmin1}`);
  if (!gnIds.has(g.capitalGeonameId))
    err(`governorates ${g.iso}: capital ${g.capitalGeonameId} not in geonames.tsv`);
}
for (const [k, n] of counts) if (n !== 1) err(`governorates: ${k} appears ${n} times`);
const a1codes = gov.governorates.map((g) => g.geonamesAdmin1);
if (new Set(a1codes).size !== 14) err("governorates: geonamesAdmin1 codes not unique");
const countryIds = new Set();
for (const c of gov.countries) {
  if (countryIds.has(c.iso)) err(`countries: duplicate ${c.iso}`);
  countryIds.add(c.iso);
  if (typeof c.lat !== "number" || typeof c.lon !== "number") err(`countries ${c.iso}: lat/lon not numeric`);
  if (!Array.isArray(c.aliases) || !Array.isArray(c.demonyms))
    err(`countries ${c.iso}: aliases/demonyms not arrays`);
}

// areas.json
const areas = json("places/areas.json").places;
const areaIds = new Set();
for (const p of areas) {
  if (areaIds.has(p.id)) err(`areas: duplicate id ${p.id}`);
  areaIds.add(p.id);
}
for (const p of areas) {
  if (!/^area:[a-z0-9-]+$/.test(p.id)) err(`areas ${p.id}: bad id`);
  if (!p.name || !p.type) err(`areas ${p.id}: no name or type`);
  if (!inBox(p.lat, p.lon)) err(`areas ${p.id}: lat/lon ${p.lat},${p.lon} missing or out of box`);
  if (p.admin1 !== null && p.admin1 !== undefined && !ISO.includes(p.admin1))
    err(`areas ${p.id}: admin1 ${p.admin1}`);
  if (p.admin1 && p.country !== "SY") err(`areas ${p.id}: admin1 set outside Syria`);
  if (p.country !== null && !/^[A-Z]{2}$/.test(p.country)) err(`areas ${p.id}: country ${p.country}`);
  if (!Array.isArray(p.aliases)) err(`areas ${p.id}: aliases not an array`);
  const partOfGn = p.partOf?.startsWith("geonames:") && gnIds.has(Number(p.partOf.slice(9)));
  if (p.partOf && !ISO.includes(p.partOf) && !areaIds.has(p.partOf) && !partOfGn)
    err(`areas ${p.id}: partOf ${p.partOf} unknown`);
  if (p.sameAs && !gnIds.has(Number(p.sameAs.replace("geonames:", ""))))
    err(`areas ${p.id}: sameAs ${p.sameAs} unknown`);
}

// shapes
const ringOk = (r) => r.length >= 4 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1];
const polys = (g) =>
  g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : null;
for (const [rel, want] of [
  ["shapes/syria-admin1.geojson", ISO],
  ["shapes/countries.geojson", ["SY", "IQ", "TR", "LB", "JO", "IL", "PS"]],
]) {
  const fc = json(rel);
  if (fc.type !== "FeatureCollection") err(`${rel}: not a FeatureCollection`);
  const isos = fc.features.map((f) => f.properties?.iso);
  for (const w of want)
    if (isos.filter((x) => x === w).length !== 1) err(`${rel}: ${w} not present exactly once`);
  for (const f of fc.features) {
    if (!f.properties?.name) err(`${rel} ${f.properties?.iso}: no name`);
    const ps = polys(f.geometry);
    if (!ps) err(`${rel} ${f.properties?.iso}: geometry ${f.geometry?.type}`);
    for (const poly of ps ?? [])
      for (const r of poly) if (!ringOk(r)) err(`${rel} ${f.properties.iso}: bad ring`);
  }
}

const size = (rel) => `${(statSync(join(root, rel)).size / 1024).toFixed(1)} KB`;
console.log(
  [
    `geonames.tsv ${gnIds.size} rows (${size("places/geonames.tsv")})`,
    `governorates.json ${gov.governorates.length} governorates, ${gov.countries.length} countries (${size("places/governorates.json")})`,
    `areas.json ${areas.length} places (${size("places/areas.json")})`,
    `syria-admin1.geojson ${json("shapes/syria-admin1.geojson").features.length} features (${size("shapes/syria-admin1.geojson")})`,
    `countries.geojson ${json("shapes/countries.geojson").features.length} features (${size("shapes/countries.geojson")})`,
  ].join("\n"),
);
if (errors.length) {
  console.error(`${errors.length} problem(s):\n${errors.join("\n")}`);
  process.exit(1);
}
console.log("ok");
