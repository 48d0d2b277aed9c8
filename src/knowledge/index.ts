// The knowledge base: places, actors and outlets, read from the data files in knowledge/ plus any the user adds
// with --kb (a file or a folder). Later files override earlier entries with the same id, field for field replaced.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { knowledgeDir, OutletBook, type OutletEntry } from "./outlets.js";
import type { ActorEntry, CountryEntry, Cues, GovernorateEntry, KnowledgeFile, PlaceEntry } from "./types.js";

export type * from "./types.js";

/** A knowledge file that could not be read, with the file and the reason. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface KnowledgeBase {
  places: Map<string, PlaceEntry>;
  actors: Map<string, ActorEntry>;
  /** By ISO 3166-2 code. */
  governorates: Map<string, GovernorateEntry>;
  outlets: OutletBook;
  cues: Cues;
  /** Words for a country's people ("Syrian", "Turkish"): never a place mention on their own. */
  demonyms: Set<string>;
  /** The files read, in order (bundled first). */
  files: string[];
}

/** The bundled files, in load order. */
export function bundledKnowledgeFiles(): string[] {
  const dir = knowledgeDir();
  return [
    join(dir, "places/governorates.json"),
    join(dir, "places/geonames.tsv"),
    join(dir, "places/areas.json"),
    join(dir, "actors.json"),
    join(dir, "outlets.json"),
    join(dir, "cues.json"),
  ];
}

/** Expands --kb paths: a folder gives its .json and .tsv files (sorted, recursively). */
export function expandKnowledgePaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new KnowledgeError(p, "no such file or folder");
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).sort();
      out.push(...expandKnowledgePaths(names.filter((n) => !n.startsWith(".")).map((n) => join(p, n))));
    } else if (/\.(json|tsv)$/i.test(p) || paths.includes(p)) {
      out.push(p);
    }
  }
  return out;
}

const cache = new Map<string, KnowledgeBase>();

/** Loads the bundled knowledge plus the user's files (later ones win). Cached per list of paths. */
export function loadKnowledge(userPaths: readonly string[] = []): KnowledgeBase {
  return loadKnowledgeFiles([...bundledKnowledgeFiles(), ...expandKnowledgePaths(userPaths)]);
}

/** Loads exactly these files, in order (later entries override earlier ones with the same id). */
export function loadKnowledgeFiles(files: readonly string[]): KnowledgeBase {
  const cacheKey = files.join("\n");
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const kb: KnowledgeBase = {
    places: new Map(),
    actors: new Map(),
    governorates: new Map(),
    outlets: new OutletBook([]),
    files: [...files],
    demonyms: new Set(),
    cues: {
      personTitles: [],
      orgWords: [],
      orgPrefixes: [],
      placeWords: [],
      placeSuffixes: [],
      reportingVerbs: [],
      nameParticles: [],
      givenNames: [],
      notPlaceNames: [],
      toponymGenerics: [],
    },
  };
  const admin1ByGeonames = new Map<string, string>();
  for (const file of files) {
    if (file.endsWith(".tsv")) {
      for (const p of parseGeonamesTsv(file, admin1ByGeonames)) kb.places.set(p.id, p);
      continue;
    }
    let data: KnowledgeFile & { outlets?: OutletEntry[] };
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new KnowledgeError(file, (e as Error).message);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data))
      throw new KnowledgeError(
        file,
        "expected a JSON object with places, actors, governorates, countries, outlets or cues",
      );
    for (const [i, g] of (data.governorates ?? []).entries()) {
      need(file, "governorates", i, g, ["iso", "name", "lat", "lon"]);
      const entry = { ...g, id: g.id ?? g.iso, aliases: g.aliases ?? [] };
      kb.governorates.set(entry.iso, entry);
      if (entry.geonamesAdmin1) admin1ByGeonames.set(entry.geonamesAdmin1, entry.iso);
      kb.places.set(entry.iso, governoratePlace(entry));
    }
    for (const [i, c] of (data.countries ?? []).entries()) {
      need(file, "countries", i, c, ["iso", "name", "lat", "lon"]);
      kb.places.set(`country:${c.iso}`, countryPlace(c));
      for (const d of c.demonyms ?? []) kb.demonyms.add(d);
    }
    for (const [i, p] of (data.places ?? []).entries()) {
      need(file, "places", i, p, ["id", "name", "lat", "lon"]);
      kb.places.set(p.id, areaPlace(p));
    }
    for (const [i, a] of (data.actors ?? []).entries()) {
      need(file, "actors", i, a, ["id", "name", "type"]);
      kb.actors.set(a.id, { ...a, aliases: a.aliases ?? [] });
    }
    for (const [i, o] of (data.outlets ?? []).entries()) {
      need(file, "outlets", i, o, ["id", "name"]);
      kb.outlets.add({
        ...o,
        kind: o.kind ?? "outlet",
        country: o.country ?? null,
        aliases: o.aliases ?? [],
        domains: o.domains ?? [],
      });
    }
    for (const [list, words] of Object.entries(data.cues ?? {})) {
      if (!(list in kb.cues) || !Array.isArray(words))
        throw new KnowledgeError(file, `cues.${list} is not a known list of words`);
      kb.cues[list as keyof Cues].push(...words.map(String));
    }
  }
  cache.set(cacheKey, kb);
  return kb;
}

function need(file: string, list: string, i: number, entry: unknown, fields: string[]): void {
  const e = entry as Record<string, unknown>;
  for (const f of fields) {
    if (e?.[f] === undefined || e[f] === null || e[f] === "")
      throw new KnowledgeError(file, `${list}[${i}] (${String(e?.id ?? e?.name ?? "?")}) has no ${f}`);
  }
}

function governoratePlace(g: GovernorateEntry): PlaceEntry {
  return {
    id: g.iso,
    name: g.name,
    kind: "governorate",
    aliases: g.aliases,
    lat: g.lat,
    lon: g.lon,
    admin1: g.iso,
    country: g.iso.slice(0, 2),
    population: 0,
    featureCode: "ADM1",
  };
}

function countryPlace(c: CountryEntry): PlaceEntry {
  return {
    id: `country:${c.iso}`,
    name: c.name,
    kind: "country",
    aliases: c.aliases ?? [],
    lat: c.lat,
    lon: c.lon,
    admin1: null,
    country: c.iso,
    population: 0,
    featureCode: "PCLI",
  };
}

/** Hand-written places say `type` or `kind`; fill in the defaults. */
function areaPlace(p: PlaceEntry & { type?: string }): PlaceEntry {
  return {
    ...p,
    kind: p.kind ?? p.type ?? "place",
    aliases: p.aliases ?? [],
    admin1: p.admin1 ?? null,
    country: p.country ?? (p.admin1 ? p.admin1.slice(0, 2) : null),
    population: p.population ?? 0,
    featureCode: p.featureCode ?? null,
    partOf: p.partOf ?? null,
  };
}

/** GeoNames' feature codes to the kinds the analysis ranks by. */
function geonamesKind(code: string, population: number): string {
  if (code === "PPLC" || code === "PPLA") return "city";
  if (population >= 100_000) return "city";
  if (population >= 10_000 || code.startsWith("PPLA")) return "town";
  return code.startsWith("PPL") ? "village" : "place";
}

/** Parses a GeoNames-style TSV (knowledge/places/geonames.tsv, or a user's file of the same columns). */
export function parseGeonamesTsv(file: string, admin1ByGeonames: Map<string, string>): PlaceEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new KnowledgeError(file, (e as Error).message);
  }
  const lines = text.split("\n");
  let header: string[] | null = null;
  const out: PlaceEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]?.replace(/\r$/, "");
    if (!line || line.startsWith("#")) continue;
    const cols = line.split("\t");
    if (!header) {
      header = cols;
      for (const c of ["geonameId", "name", "lat", "lon", "country"])
        if (!header.includes(c)) throw new KnowledgeError(file, `header has no ${c} column`);
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = cols[i] ?? "";
    });
    const lat = Number(row.lat);
    const lon = Number(row.lon);
    if (!row.geonameId || !row.name || !Number.isFinite(lat) || !Number.isFinite(lon))
      throw new KnowledgeError(`${basename(file)} line ${n + 1}`, "needs geonameId, name, lat and lon");
    const population = Number(row.population) || 0;
    const country = row.country || null;
    // aliases[0] is always GeoNames' ASCII name (the analysis trusts it like the name itself).
    const aliases = [
      row.asciiName || row.name,
      ...(row.alternateNames ?? "").split(",").filter((a) => a && a !== row.name),
    ];
    out.push({
      id: `geonames:${row.geonameId}`,
      name: row.name,
      kind: geonamesKind(row.featureCode ?? "", population),
      aliases,
      lat,
      lon,
      admin1: country === "SY" ? (admin1ByGeonames.get(row.admin1 ?? "") ?? null) : null,
      country,
      population,
      featureCode: row.featureCode || null,
    });
  }
  return out;
}
