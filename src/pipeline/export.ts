// Exports of stored events: CSV with ACLED's columns (plus Parallax's own), and GeoJSON for maps. Pure functions of
// the rows `listEvents` returns.

import type { VictimClass } from "../records.js";
import type { EventRow } from "../store/events.js";

/** The CSV columns: ACLED's names and codings first, then what Parallax adds. */
export const EVENT_CSV_COLUMNS = [
  "event_id_cnty",
  "event_date",
  "year",
  "time_precision",
  "event_type",
  "sub_event_type",
  "actor1",
  "actor2",
  "civilian_targeting",
  "iso",
  "country",
  "admin1",
  "location",
  "latitude",
  "longitude",
  "geo_precision",
  "source",
  "notes",
  "fatalities",
  "injuries",
  "parallax_type",
  "mode",
  "plover_event_type",
  "plover_mode",
  "attribution",
  "hedged",
  "negated",
  "denied",
  "article_id",
  "url",
] as const;

export type EventCsvColumn = (typeof EVENT_CSV_COLUMNS)[number];
export type EventRecord = Record<EventCsvColumn, string | number | null>;

const CIVILIANS: ReadonlySet<VictimClass> = new Set(["civilians", "children", "women"]);

/** ACLED's time precision: 1 the day is known, 2 the week, 3 only the month or year. */
function timePrecision(precision: string | null): number | null {
  if (precision === null) return null;
  if (precision === "week") return 2;
  if (precision === "month" || precision === "year") return 3;
  return 1;
}

/** ACLED's geo precision: 1 a point or town, 2 a region (governorate), 3 only the country. */
function geoPrecision(precision: string | undefined): number | null {
  if (precision === "point" || precision === "city") return 1;
  if (precision === "governorate") return 2;
  if (precision === "country") return 3;
  return null;
}

/**
 * One event as ACLED codes it. Without a date of its own the event takes its article's date, at week precision
 * (what a report tells happened in the days before it). Fatalities are 0 when the sentence gives no toll.
 */
export function eventRecord(row: EventRow): EventRecord {
  const e = row.event;
  const date = e.date?.value.slice(0, 10) ?? row.published?.slice(0, 10) ?? null;
  const precision = e.date ? timePrecision(e.date.precision) : date ? 2 : null;
  const loc = e.location;
  const syria = loc?.admin1Code?.startsWith("SY-") || loc?.country === "SY";
  const { killed, injured } = e;
  return {
    event_id_cnty: e.id,
    event_date: date,
    year: date ? Number(date.slice(0, 4)) : null,
    time_precision: precision,
    event_type: e.acled?.eventType ?? null,
    sub_event_type: e.acled?.subEventType ?? null,
    actor1: e.actor?.name ?? null,
    actor2: e.target?.name ?? null,
    civilian_targeting: e.casualties.some((f) => CIVILIANS.has(f.victims)) ? "Civilian targeting" : null,
    iso: syria ? 760 : null,
    country: syria ? "Syria" : (loc?.country ?? null),
    admin1: loc?.admin1 ?? null,
    location: loc?.name ?? null,
    latitude: loc?.lat ?? null,
    longitude: loc?.lon ?? null,
    geo_precision: geoPrecision(loc?.precision),
    source: row.outlet,
    notes: e.text,
    fatalities: killed ?? 0,
    injuries: injured,
    parallax_type: e.type,
    mode: e.mode,
    plover_event_type: e.plover?.eventType ?? null,
    plover_mode: e.plover?.mode ?? null,
    attribution: e.attribution?.source ?? null,
    hedged: e.hedges.length > 0 ? 1 : 0,
    negated: e.negated ? 1 : 0,
    denied: e.denied ? 1 : 0,
    article_id: e.articleId,
    url: row.url,
  };
}

/** One CSV field, quoted per RFC 4180 when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CRLF = "\r\n";

/** The events as RFC 4180 CSV (CRLF line ends), header row first unless `header` is false. */
export function eventsToCsv(rows: readonly EventRow[], header = true): string {
  const lines = header ? [EVENT_CSV_COLUMNS.join(",")] : [];
  for (const row of rows) {
    const r = eventRecord(row);
    lines.push(EVENT_CSV_COLUMNS.map((c) => csvField(r[c])).join(","));
  }
  return lines.length === 0 ? "" : lines.join(CRLF) + CRLF;
}

export interface GeoJsonFeature {
  type: "Feature";
  id: string;
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: Omit<EventRecord, "latitude" | "longitude">;
}

export interface GeoJsonFeatureCollection {
  type: "FeatureCollection";
  features: GeoJsonFeature[];
}

/** The events that have coordinates, as GeoJSON Point features ([lon, lat]) with the CSV's fields. */
export function eventsToFeatures(rows: readonly EventRow[]): GeoJsonFeatureCollection {
  const features: GeoJsonFeature[] = [];
  for (const row of rows) {
    const loc = row.event.location;
    if (typeof loc?.lat !== "number" || typeof loc.lon !== "number") continue;
    const { latitude: _lat, longitude: _lon, ...properties } = eventRecord(row);
    features.push({
      type: "Feature",
      id: row.event.id,
      geometry: { type: "Point", coordinates: [loc.lon, loc.lat] },
      properties,
    });
  }
  return { type: "FeatureCollection", features };
}

/** The GeoJSON FeatureCollection as text. */
export function eventsToGeoJson(rows: readonly EventRow[]): string {
  return JSON.stringify(eventsToFeatures(rows));
}
