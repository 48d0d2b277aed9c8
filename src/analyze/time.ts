// Date, time and duration phrases in news English, resolved against the article's publication date.
//
// A hand-written regex scanner rather than a library: date libraries resolve a bare weekday forwards ("Saturday" →
// next Saturday), which is right for calendars and wrong for news, where "said on Saturday" is almost always the
// most recent Saturday. Every rule below produces candidates; overlapping candidates are settled longest-first.
//
// Conventions (what a resolved value means):
// - day precision: the day; week: the Monday of that ISO week; month: the 1st; year: January 1st.
// - a bare weekday is the most recent such day on or before the anchor (the same day counts), unless the sentence
//   is in the future tense before it ("will meet on Monday"), then the next such day on or after the anchor.
// - "last Tuesday" is the most recent Tuesday strictly before the anchor; "next Monday" the first strictly after.
// - a month and day without a year ("Sept. 5") take the anchor's year, moved back a year when that would put them
//   more than ~2 months after the anchor, and forward a year when more than ~10 months before it (December
//   articles announcing "Jan. 5").
// - "in the past week", "over the last month", "over the past 24 hours", "in recent days" are durations (they measure a span ending at
//   the anchor; they do not name a point), as are "three years", "the three-year siege", "for two weeks".
// - "since 2011" is a date (the year the span starts).
// - relative phrases with no anchor keep `relative: true` and get `value: null`.
// - times of day ("at 10 am", "19:03") are ignored: they neither make a separate date nor change one.

import { monthNumber } from "../ingest/dates.js";
import type { TimeExpression, TimePrecision } from "../records.js";
import { wordNumber } from "./numbers.js";

/** A resolved time phrase without its position. */
export type ResolvedTime = Omit<TimeExpression, "start" | "end" | "text">;

// ── Calendar helpers (plain dates as UTC midnights) ─────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (date: Date, n: number) => new Date(date.getTime() + n * DAY_MS);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Monday of the ISO week holding `date`. */
const mondayOf = (date: Date) => addDays(date, -((date.getUTCDay() + 6) % 7));

function validDate(y: number, m: number, d: number): Date | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = utc(y, m, d);
  return date.getUTCMonth() === m - 1 ? date : null;
}

/** The anchor's calendar day: the date as written, ignoring any time or zone. */
function anchorDay(anchor: string | null): Date | null {
  const m = anchor ? /^(\d{4})-(\d{2})-(\d{2})/.exec(anchor) : null;
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The year for a month (and day) written without one: the anchor's, unless that lands implausibly far off. */
function inferYear(anchor: Date, month: number, day = 1): number {
  const y = anchor.getUTCFullYear();
  const candidate = utc(y, month, day).getTime();
  if (candidate > anchor.getTime() + 62 * DAY_MS) return y - 1; // "Dec. 30" in a January article
  if (candidate < anchor.getTime() - 305 * DAY_MS) return y + 1; // "Jan. 5" in a December article
  return y;
}

// ── Results ─────────────────────────────────────────────────────────────────────────────────────────────────────

const date = (value: Date | null, precision: TimePrecision | null, relative: boolean): ResolvedTime => {
  if (!value) return { kind: "date", value: null, precision, relative };
  const iso =
    precision === "year"
      ? `${value.getUTCFullYear()}-01-01`
      : precision === "month"
        ? `${isoDay(value).slice(0, 8)}01`
        : precision === "week"
          ? isoDay(mondayOf(value))
          : isoDay(value);
  return { kind: "date", value: iso, precision, relative };
};

const duration = (iso: string | null): ResolvedTime =>
  iso === null
    ? { kind: "duration", value: null, precision: null, relative: false }
    : { kind: "duration", value: null, precision: null, relative: false, duration: iso };

// ── Vocabulary ──────────────────────────────────────────────────────────────────────────────────────────────────

const MONTH =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const WEEKDAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
/** A weekday as headers print it before a date: "Wed 05 Apr 2017", "Saturday, Sept. 9, 2017". */
const WEEKDAY_PREFIX =
  "(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\\.?,?\\s+)?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const YEAR = "((?:19|20)\\d{2})(?!\\d)";

const UNITS = "one|two|three|four|five|six|seven|eight|nine";
/** A count of time units: digits, number words (with "twenty-four"), "a"/"an", or vague "several"/"a few". */
const COUNT = `(\\d+(?:\\.\\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:${UNITS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|${UNITS}|an?\\s+few|few|several|an?)`;

/** The value of a COUNT match; null for vague counts ("several", "a few"). */
function countValue(word: string): number | null {
  const w = word.toLowerCase().replace(/\s+/g, "-"); // "twenty four" reads as "twenty-four"
  if (/^\d/.test(w)) return Number(w);
  if (/few|several/.test(w)) return null;
  if (w === "a" || w === "an") return 1;
  return wordNumber(w) ?? Number.NaN;
}

/** Month words that are also everyday English in lower case ("may", "march"). */
function plausibleMonthWord(word: string): boolean {
  return !/^(may|march|mar|jan)$/.test(word.replace(/\.$/, ""));
}

// ── Context checks ──────────────────────────────────────────────────────────────────────────────────────────────

/** The text of the sentence holding `index`, up to `index`. */
function sentenceBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 300), index);
  const cut = Math.max(
    before.lastIndexOf("\n"),
    ...[...before.matchAll(/[.!?]["')]?\s/g)].map((m) => m.index),
  );
  return cut >= 0 ? before.slice(cut + 1) : before;
}

/**
 * True when the sentence announces something ahead ("will meet on Monday", "talks are scheduled for Monday"),
 * so a weekday in it points forwards. A reporting verb right before the weekday ("said on Friday") wins: the
 * saying is past even when the thing said is future.
 */
function futureContext(text: string, index: number): boolean {
  const before = sentenceBefore(text, index);
  if (
    /\b(said|says|told|announced|reported|added|stated|confirmed)\s+(?:(?!will\b|to\b)\S+\s+){0,3}$/i.test(
      before,
    )
  )
    return false;
  return /\b(will|shall|to be held|is due|are due|due to be|plans? to|planning to|scheduled|is set to|are set to|expected to)\b/i.test(
    before,
  );
}

/** True when a four-digit number reads as a count or a clock time, not a year ("some 2000 people", "2010 GMT"). */
function countLike(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 25), start);
  const after = text.slice(end, end + 30);
  if (/[\d,.]$/.test(before) || /^[,.]?\d/.test(after) || /^-[a-z]/i.test(after)) return true; // "2000-year-old"
  // "the war in 2011 killed …": after "in", "since", "during" a four-digit number is the year, whatever follows.
  if (/\b(?:in|since|during|until|till)\s+$/i.test(before)) return false;
  if (
    /\b(at least|more than|less than|fewer than|over|about|around|nearly|almost|some|up to|roughly|approximately|than|at|updated|killing|killed|No\.?|#)\s+$/i.test(
      before,
    )
  )
    return true;
  return /^\s*(\(?(?:UTC|GMT|hrs|hours|local|am|pm)\b|(people|persons|civilians|fighters|troops|soldiers|militants|rebels|refugees|children|women|men|families|residents|members|dead|deaths|killed|wounded|casualties|victims|km|kilometres|kilometers|metres|meters|miles|tons|tonnes|dollars|euros|pounds|barrels)\b)/i.test(
    after,
  );
}

// ── Rules ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface Context {
  text: string;
  anchor: Date | null;
}

/** A rule's match: the capture groups (absent ones as ""), the whole match first, and where it starts. */
interface Match {
  groups: string[];
  index: number;
}

interface Rule {
  re: RegExp;
  resolve: (m: Match, ctx: Context) => ResolvedTime | null;
}

const g = (source: string, flags = "gi") => new RegExp(source, flags);

/** A full date whose month is a word; the rule decides which groups hold the day and month. */
function wordDate(monthWord: string, day: string, year: string): ResolvedTime | null {
  if (!plausibleMonthWord(monthWord)) return null;
  const month = monthNumber(monthWord);
  const value = month ? validDate(Number(year), month, Number(day)) : null;
  return value ? date(value, "day", false) : null;
}

/** A month (and day) without a year, placed in the anchor's year. */
function yearless(monthWord: string, day: number | null, ctx: Context): ResolvedTime | null {
  if (!plausibleMonthWord(monthWord)) return null;
  const month = monthNumber(monthWord);
  if (!month || (day !== null && (day < 1 || day > 31))) return null;
  const precision = day === null ? "month" : "day";
  if (!ctx.anchor) return date(null, precision, true);
  const value = validDate(inferYear(ctx.anchor, month, day ?? 1), month, day ?? 1);
  return value ? date(value, precision, true) : null;
}

/** A numeric date: ISO order, dotted or dashed day-first (24.08.2013, 15-09-2013), or slashed US order (9/5/2017). */
function numericDate(a: number, b: number, y: number, monthFirst: boolean): ResolvedTime | null {
  let [month, day] = monthFirst ? [a, b] : [b, a];
  if (month > 12 && day <= 12) [month, day] = [day, month]; // the other order is the only one that parses
  const value = validDate(y, month, day);
  return value ? date(value, "day", false) : null;
}

/** The weekday `wd` (0 = Sunday) near the anchor, in the direction the phrase asks for. */
function weekdayNear(anchor: Date, wd: number, mode: string): Date {
  const back = (anchor.getUTCDay() - wd + 7) % 7;
  const ahead = (wd - anchor.getUTCDay() + 7) % 7;
  const inWeek = (wd + 6) % 7; // days after Monday
  switch (mode) {
    case "last":
      return addDays(anchor, -(back || 7));
    case "next":
      return addDays(anchor, ahead || 7);
    case "future":
      return addDays(anchor, ahead);
    case "this":
      return addDays(mondayOf(anchor), inWeek);
    case "last week":
      return addDays(mondayOf(anchor), inWeek - 7);
    case "next week":
      return addDays(mondayOf(anchor), inWeek + 7);
    default:
      return addDays(anchor, -back);
  }
}

function weekdayRule(m: Match, ctx: Context): ResolvedTime | null {
  const [, modifier = "", name = "", suffix = ""] = m.groups;
  if (!name || /^[a-z]/.test(name)) return null; // "monday" in lower case is not how news names a day
  if (!ctx.anchor) return date(null, "day", true);
  const wd = WEEKDAYS.indexOf(name.toLowerCase());
  const mod = modifier.toLowerCase();
  const suf = suffix.toLowerCase();
  let mode = "past";
  if (suf === "last week" || suf === "next week") mode = suf;
  else if (mod === "last" || mod === "next" || mod === "this") mode = mod;
  else if (futureContext(ctx.text, m.index)) mode = "future";
  return date(weekdayNear(ctx.anchor, wd, mode), "day", true);
}

const DAY_WORDS: Record<string, number> = {
  "the day before yesterday": -2,
  yesterday: -1,
  "last night": -1,
  today: 0,
  tonight: 0,
  "this morning": 0,
  "this afternoon": 0,
  "this evening": 0,
  tomorrow: 1,
  "the day after tomorrow": 2,
};

function dayWordRule({ groups: [, words = ""] }: Match, ctx: Context): ResolvedTime {
  const offset = DAY_WORDS[words.toLowerCase().replace(/\s+/g, " ")] ?? 0;
  return date(ctx.anchor ? addDays(ctx.anchor, offset) : null, "day", true);
}

/** "this week", "earlier this month", "last year", "next week"; "the past week" is a duration. */
function periodRule({ groups: [, the = "", w = "", u = ""] }: Match, ctx: Context): ResolvedTime | null {
  const which = w.toLowerCase();
  const unit = u.toLowerCase() as "week" | "month" | "year";
  // "the past week", "over the last month": the span up to the anchor, not the calendar week or month before it.
  if (which === "past" || (the && which === "last")) {
    return duration(unit === "week" ? "P1W" : unit === "month" ? "P1M" : "P1Y");
  }
  if (!ctx.anchor) return date(null, unit, true);
  const step = which === "last" || which === "previous" ? -1 : which === "next" || which === "coming" ? 1 : 0;
  const a = ctx.anchor;
  const value =
    unit === "week"
      ? addDays(mondayOf(a), 7 * step)
      : unit === "month"
        ? utc(a.getUTCFullYear(), a.getUTCMonth() + 1 + step, 1)
        : utc(a.getUTCFullYear() + step, 1, 1);
  return date(value, unit, true);
}

function agoRule({ groups: [, count = "", u = ""] }: Match, ctx: Context): ResolvedTime | null {
  const n = countValue(count);
  const unit = u.toLowerCase() as "day" | "week" | "month" | "year";
  if (n === null || !ctx.anchor) return date(null, n === null ? null : unit, true);
  if (!Number.isInteger(n)) return null;
  const a = ctx.anchor;
  const value =
    unit === "day"
      ? addDays(a, -n)
      : unit === "week"
        ? addDays(a, -7 * n)
        : unit === "month"
          ? utc(a.getUTCFullYear(), a.getUTCMonth() + 1 - n, 1)
          : utc(a.getUTCFullYear() - n, 1, 1);
  return date(value, unit, true);
}

const DURATION_UNITS: Record<string, [string, number]> = {
  minute: ["TM", 1],
  hour: ["TH", 1],
  day: ["D", 1],
  week: ["W", 1],
  month: ["M", 1],
  year: ["Y", 1],
  decade: ["Y", 10],
};

function durationRule({ groups: [whole = "", count = "", unit = ""] }: Match): ResolvedTime | null {
  const n = countValue(count);
  const [designator, factor] = DURATION_UNITS[unit.toLowerCase()] ?? ["", 0];
  // "a months-long siege" is long, not one month.
  const vaguePlural = /^an?$/i.test(count.trim()) && new RegExp(`${unit}s`, "i").test(whole);
  if (n === null || vaguePlural) return duration(null);
  if (!designator || !Number.isFinite(n) || n <= 0) return null;
  const amount = Number((n * factor).toFixed(3));
  return duration(designator.startsWith("T") ? `PT${amount}${designator[1]}` : `P${amount}${designator}`);
}

function yearRule(
  { groups: [whole = "", modifier = "", y = ""], index }: Match,
  ctx: Context,
): ResolvedTime | null {
  const year = Number(y);
  const start = index + whole.length - y.length;
  if (year < 1990 || year > 2030) return null;
  if (!modifier && countLike(ctx.text, start, start + 4)) return null;
  return date(utc(year, 1, 1), "year", false);
}

/** Prepositions that make a bare month name ("in March", "since June") a date; kept out of the span. */
const MONTH_PREPOSITION = "(?<=\\b(?:in|since|by|until|till|during|from|of|before|after|on)\\s+)";
const MONTH_MODIFIER =
  "(?:(early|mid|late|the end of|end of|the beginning of|beginning of|the middle of)[\\s-]*)";

const RULES: Rule[] = [
  // 2017-09-05
  {
    re: g("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)"),
    resolve: ({ groups: [, y, m, d] }) => numericDate(+(m ?? 0), +(d ?? 0), +(y ?? 0), true),
  },
  // 05.09.2017, 15-09-2013 (day first, as European and Arab outlets print them), 9/5/2017 (US order)
  {
    re: g("(?<![\\d.\\-/])(\\d{1,2})([./-])(\\d{1,2})\\2((?:19|20)\\d{2})(?!\\d)"),
    resolve: ({ groups: [, a, sep, b, y] }) => numericDate(+(a ?? 0), +(b ?? 0), +(y ?? 0), sep === "/"),
  },
  // Sept. 5, 2017 · Fri Sep 27 2013 · Apr 232017 (Jordan Times glues a two-digit day to the year)
  {
    re: g(`\\b${WEEKDAY_PREFIX}${MONTH}\\s*${DAY}(?:,?\\s+|(?<=\\d\\d))${YEAR}`),
    resolve: ({ groups: [, month = "", day = "", year = ""] }) => wordDate(month, day, year),
  },
  // 5 September 2017 · Wed 05 Apr 2017 · Saturday 17 September 2016
  {
    re: g(`\\b${WEEKDAY_PREFIX}${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}`),
    resolve: ({ groups: [, day = "", month = "", year = ""] }) => wordDate(month, day, year),
  },
  // September 2017 · mid-September 2017 · early March 2011
  {
    re: g(`\\b${MONTH_MODIFIER}?${MONTH},?\\s+${YEAR}`),
    resolve: ({ groups: [, , word = "", year = ""] }) => {
      const month = plausibleMonthWord(word) ? monthNumber(word) : undefined;
      return month ? date(utc(+year, month, 1), "month", false) : null;
    },
  },
  // Sept. 5 · September 5th (year from the anchor)
  {
    re: g(`\\b${WEEKDAY_PREFIX}${MONTH}\\s+${DAY}(?![\\d:])\\b`),
    resolve: ({ groups: [, month = "", day = ""] }, ctx) => yearless(month, +day, ctx),
  },
  // 5 September · the 5th of September
  {
    re: g(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b`),
    resolve: ({ groups: [, day = "", month = ""] }, ctx) => yearless(month, +day, ctx),
  },
  // mid-September · early March · last March · in March
  {
    re: g(`(?:\\b${MONTH_MODIFIER}|\\b(last|next|this)\\s+|${MONTH_PREPOSITION})${MONTH}\\b(?!\\s*\\d)`),
    resolve: ({ groups: [, , which = "", word = ""] }, ctx) => {
      const r = yearless(word, null, ctx);
      const month = monthNumber(word);
      if (!r?.value || !ctx.anchor || !which || !month) return r;
      // "last March": the most recent March before the anchor's month; "next March" the first after.
      const ay = ctx.anchor.getUTCFullYear();
      const am = ctx.anchor.getUTCMonth() + 1;
      const w = which.toLowerCase();
      const y = w === "last" ? (month < am ? ay : ay - 1) : w === "next" ? (month > am ? ay : ay + 1) : ay;
      return date(utc(y, month, 1), "month", true);
    },
  },
  // in 2016 · since 2011 · the 2011 uprising · early 2016 (bare counts like "some 2000 people" are refused)
  { re: g(`(?<![\\w,.])(?:(early|mid|late)[\\s-]+)?${YEAR}(?![,.]\\d)`), resolve: yearRule },
  // Saturday · on Saturday · last Tuesday · next Monday · Saturday night · on Saturday last week
  {
    re: g(
      `\\b(?:(last|next|this|early|late)\\s+)?${WEEKDAY}(?:\\s+(morning|afternoon|evening|night|last week|next week))?\\b`,
      "g",
    ),
    resolve: weekdayRule,
  },
  {
    re: g(
      "\\b(the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|evening))\\b",
    ),
    resolve: dayWordRule,
  },
  // this week · earlier this month · last year · the past week (a duration)
  {
    re: g(
      "\\b(?:(?:earlier|later)\\s+)?(?:(the)\\s+)?(this|last|next|past|previous|coming)\\s+(week|month|year)\\b(?!-)",
    ),
    resolve: periodRule,
  },
  // three days ago · a week ago
  { re: g(`\\b${COUNT}\\s+(day|week|month|year)s?\\s+ago\\b`), resolve: agoRule },
  // three years · the three-year siege · 24 hours · the past 24 hours · for two weeks (not "a 10-year-old")
  {
    re: g(
      `\\b(?:(?:the\\s+)?(?:past|last|previous|next|coming|first)\\s+)?${COUNT}(?:\\s+|-)(minute|hour|day|week|month|year|decade)s?(?:-long)?\\b(?!-old|\\s+old\\b)`,
    ),
    resolve: durationRule,
  },
  // in recent days · in recent weeks: a span ending at the anchor, of no stated length
  { re: g("\\brecent\\s+(?:days|weeks|months|years)\\b"), resolve: () => duration(null) },
];

// ── Scanning ────────────────────────────────────────────────────────────────────────────────────────────────────

interface Candidate {
  start: number;
  end: number;
  resolved: ResolvedTime;
}

function candidates(text: string, anchor: Date | null): Candidate[] {
  const ctx: Context = { text, anchor };
  const found: Candidate[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const resolved = rule.resolve({ groups: Array.from(m, (x) => x ?? ""), index: m.index }, ctx);
      if (resolved) found.push({ start: m.index, end: m.index + m[0].length, resolved });
    }
  }
  return found;
}

/** Keeps the longest of overlapping candidates (earlier first on ties), returned in text order. */
function settle(found: Candidate[]): Candidate[] {
  const byLength = [...found].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of byLength) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Every date, relative date and duration phrase in `text`, with offsets into it, sorted and non-overlapping.
 * `anchor` is the publication date (ISO date or date-time); relative phrases get `value: null` without it.
 */
export function findTimes(text: string, anchor: string | null): TimeExpression[] {
  return settle(candidates(text, anchorDay(anchor))).map((c) => ({
    start: c.start,
    end: c.end,
    text: text.slice(c.start, c.end),
    ...c.resolved,
  }));
}

/**
 * Resolves one phrase (such as a DATE or DURATION entity another tagger found): the expression covering most of
 * it, or null when nothing in it reads as a time. With the text around it, a number is judged in its context as
 * the scanner judges it: "(2000 GMT)" is a clock time and "some 2000 people" a count, not the year 2000.
 */
export function resolveTimePhrase(
  phrase: string,
  anchor: string | null,
  context: { before: string; after: string } = { before: "", after: "" },
): ResolvedTime | null {
  const from = context.before.length;
  const to = from + phrase.length;
  const found = settle(candidates(context.before + phrase + context.after, anchorDay(anchor))).filter(
    (c) => c.start >= from && c.end <= to,
  );
  const best = found.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  return best ? best.resolved : null;
}
