// Figures and dates as ranges, so two outlets' versions can be checked for whether both can be true: "more than 60
// percent" and "65 percent" can; exact tolls 12 and 31 cannot; a week contains a day of that week.

import type { Claim, EventDate } from "../records.js";

export type Qualifier = Claim["qualifier"];

/** How two versions of one fact relate, best to worst. */
export type Relation = "agreed" | "compatible" | "conflicting";

export const RELATION_RANK: Record<Relation, number> = { agreed: 0, compatible: 1, conflicting: 2 };

/** A figure as a claim gives it; fractions are read as percent before they get here. */
export interface Figure {
  value: number;
  qualifier: Qualifier;
  unit: string | null;
}

export interface Interval {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/** The values a figure allows: "more than 60" → (60, ∞), "about 100" → [90, 110], "nearly 100" → [90, 100]. */
export function intervalOf(value: number, qualifier: Qualifier): Interval {
  switch (qualifier) {
    case "at-least":
      return { lo: value, hi: Number.POSITIVE_INFINITY, loOpen: false, hiOpen: true };
    case "more-than":
      return { lo: value, hi: Number.POSITIVE_INFINITY, loOpen: true, hiOpen: true };
    case "fewer-than":
      return { lo: 0, hi: value, loOpen: false, hiOpen: true };
    case "up-to":
      return { lo: 0, hi: value, loOpen: false, hiOpen: false };
    case "about":
      return { lo: value * 0.9, hi: value * 1.1, loOpen: false, hiOpen: false };
    case "nearly":
      return { lo: value * 0.9, hi: value, loOpen: false, hiOpen: false };
    default:
      return { lo: value, hi: value, loOpen: false, hiOpen: false };
  }
}

/** True when some value lies in both ranges (an open end excludes the bound itself). */
export function overlaps(a: Interval, b: Interval): boolean {
  return below(a, b) && below(b, a);
}

// a's lower end is not above b's upper end.
function below(a: Interval, b: Interval): boolean {
  if (a.lo < b.hi) return true;
  return a.lo === b.hi && !a.loOpen && !b.hiOpen;
}

function contains(outer: Interval, x: number): boolean {
  return overlaps(outer, { lo: x, hi: x, loOpen: false, hiOpen: false });
}

/** Whole numbers as given; others (fractions read as percent) to one decimal. */
function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
}

/** "more than 60 percent": the record's qualifier spelled with spaces, the number, the unit. */
export function formatFigure(f: Figure): string {
  return [f.qualifier?.replace("-", " "), num(f.value), f.unit].filter(Boolean).join(" ");
}

/** Whether two figures can both be true, and why. */
export function compareFigures(a: Figure, b: Figure): { relation: Relation; note: string | null } {
  if (a.value === b.value && a.qualifier === b.qualifier) return { relation: "agreed", note: null };
  const ia = intervalOf(a.value, a.qualifier);
  const ib = intervalOf(b.value, b.qualifier);
  if (overlaps(ia, ib)) {
    let note: string;
    if (a.qualifier === null && contains(ib, a.value))
      note = `${formatFigure(a)} lies within ${formatFigure(b)}`;
    else if (b.qualifier === null && contains(ia, b.value))
      note = `${formatFigure(b)} lies within ${formatFigure(a)}`;
    else note = `${formatFigure(a)} and ${formatFigure(b)} overlap`;
    return { relation: "compatible", note };
  }
  const unit = a.unit === b.unit && a.unit ? ` ${a.unit}` : "";
  const bare = (f: Figure) => (unit ? formatFigure({ ...f, unit: null }) : formatFigure(f));
  return { relation: "conflicting", note: `${bare(a)} vs ${bare(b)}${unit}` };
}

const DAY = 86_400_000;

/** The day number of a date's first day; a month ("2013-08") or year ("2013") value starts on its first day. */
function dayNumber(iso: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)) / DAY;
}

/** The days a date covers: one day, the week from its Monday, the month, the year. */
export function daySpan(d: EventDate): [number, number] | null {
  const first = dayNumber(d.value);
  if (first === null) return null;
  const y = Number(d.value.slice(0, 4));
  const mo = Number(d.value.slice(5, 7));
  switch (d.precision) {
    case "week":
      return [first, first + 6];
    case "month":
      return [Date.UTC(y, mo - 1, 1) / DAY, Date.UTC(y, mo, 0) / DAY];
    case "year":
      return [Date.UTC(y, 0, 1) / DAY, Date.UTC(y, 11, 31) / DAY];
    default:
      return [first, first];
  }
}

/** "2017-09-09", "week of 2017-09-04", "2017-09", "2017". */
export function formatDate(d: EventDate): string {
  switch (d.precision) {
    case "week":
      return `week of ${d.value.slice(0, 10)}`;
    case "month":
      return d.value.slice(0, 7);
    case "year":
      return d.value.slice(0, 4);
    default:
      return d.value.slice(0, 10);
  }
}

/** Dates agree when their spans come within a day of each other (so a week contains its days); unknown agrees. */
export function compareDates(
  a: EventDate | null,
  b: EventDate | null,
): { agree: boolean; note: string | null } {
  if (!a || !b) return { agree: true, note: null };
  const sa = daySpan(a);
  const sb = daySpan(b);
  if (!sa || !sb) return { agree: true, note: null };
  if (sa[0] - 1 <= sb[1] && sb[0] - 1 <= sa[1]) return { agree: true, note: null };
  return { agree: false, note: `${formatDate(a)} vs ${formatDate(b)}` };
}
