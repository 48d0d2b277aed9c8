import type { DatePrecision } from "../records.js";

export interface ParsedDate {
  iso: string;
  precision: DatePrecision;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const pad = (n: number) => String(n).padStart(2, "0");

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Looks up a month by any English spelling or abbreviation ("Sept.", "September", "sep"). */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, "");
  return MONTHS[w] ?? MONTHS[w.slice(0, 3)];
}

function build(y: number, m: number, d: number, time?: string, zone?: string): ParsedDate | null {
  if (!validDay(y, m, d)) return null;
  const day = `${y}-${pad(m)}-${pad(d)}`;
  if (!time) return { iso: day, precision: "day" };
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(time);
  if (!t) return { iso: day, precision: "day" };
  const [hh, mm, ss] = [Number(t[1]), Number(t[2]), t[3] === undefined ? undefined : Number(t[3])];
  if (hh > 23 || mm > 59 || (ss !== undefined && ss > 59)) return { iso: day, precision: "day" };
  const clock = ss === undefined ? `${pad(hh)}:${pad(mm)}` : `${pad(hh)}:${pad(mm)}:${pad(ss)}`;
  const z = zone ? normalizeZone(zone) : "";
  return { iso: `${day}T${clock}${z}`, precision: ss === undefined ? "minute" : "second" };
}

function normalizeZone(zone: string): string {
  const z = zone.trim();
  if (/^(z|utc|gmt|ut)$/i.test(z)) return "Z";
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  return m ? `${m[1]}${m[2]}:${m[3]}` : "";
}

/**
 * Parses a publication date as metadata gives it: ISO 8601, "2017-09-09 19:03:53", RFC 822 ("Sat, 09 Sep 2017
 * 19:03:53 +0800"), "9/9/2017" (US order, as CSV exports write it), "Sept. 9, 2017", "09 Sep 2017".
 * The time is kept only when given; the zone only when stated.
 */
export function parseDate(input: string | null | undefined): ParsedDate | null {
  if (!input) return null;
  const s = input.trim();
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5]);
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { iso: `${m[1]}-${m[2]}`, precision: "month" };
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?/.exec(s);
  if (m) return build(Number(m[3]), Number(m[1]), Number(m[2]), m[4]);
  // RFC 822 and "09 Sep 2017": optional weekday, day, month name, year, optional time and zone.
  m =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*([A-Za-z]{1,4}|[+-]\d{4})?)?/.exec(
      s,
    );
  if (m) {
    const month = monthNumber(m[2] as string);
    if (month) return build(Number(m[3]), month, Number(m[1]), m[4], m[5]);
  }
  m =
    /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}:\d{2}(?::\d{2})?))?/.exec(
      s,
    );
  if (m) {
    const month = monthNumber(m[1] as string);
    if (month) return build(Number(m[3]), month, Number(m[2]), m[4]);
  }
  return null;
}
