// Cardinal numbers in English news text: "at least 22", "1,500", "1.5 million", "twenty-two", "dozens",
// "tens of thousands", "two-thirds", "65 percent". One precompiled global regex finds where a number may start
// (a digit or a number word); a small hand parser reads the phrase forward from there, and a look at the few
// characters before it finds the qualifier ("at least", "nearly"). Left out on purpose: dates ("Sept. 5, 2017",
// "5 September", "2017-09-05"), years ("in 2011", "the 2011 uprising"), clock times ("19:03", "10 am"),
// ordinals ("5th", "second"), document numbers ("Resolution 2254", "No. 5"), glued tokens ("2m", "F-16",
// "1990s"), phone-like digit groups and hyphenated durations ("three-year siege": the time module reads those).

import type { Quantity } from "../records.js";

type Qualifier = Quantity["qualifier"];
type Unit = Quantity["unit"];

const SMALL = new Map<string, number>([
  ["zero", 0],
  ["one", 1],
  ["two", 2],
  ["three", 3],
  ["four", 4],
  ["five", 5],
  ["six", 6],
  ["seven", 7],
  ["eight", 8],
  ["nine", 9],
  ["ten", 10],
  ["eleven", 11],
  ["twelve", 12],
  ["thirteen", 13],
  ["fourteen", 14],
  ["fifteen", 15],
  ["sixteen", 16],
  ["seventeen", 17],
  ["eighteen", 18],
  ["nineteen", 19],
]);

const TENS = new Map<string, number>([
  ["twenty", 20],
  ["thirty", 30],
  ["forty", 40],
  ["fourty", 40],
  ["fifty", 50],
  ["sixty", 60],
  ["seventy", 70],
  ["eighty", 80],
  ["ninety", 90],
]);

const SCALES = new Map<string, number>([
  ["hundred", 100],
  ["thousand", 1e3],
  ["million", 1e6],
  ["billion", 1e9],
  ["trillion", 1e12],
]);

/** Fraction denominators, singular and plural: "a third", "two-thirds", "three quarters of". */
const DENOMINATORS = new Map<string, number>([
  ["half", 2],
  ["halves", 2],
  ["third", 3],
  ["thirds", 3],
  ["quarter", 4],
  ["quarters", 4],
  ["fourth", 4],
  ["fourths", 4],
  ["fifth", 5],
  ["fifths", 5],
  ["sixth", 6],
  ["sixths", 6],
  ["seventh", 7],
  ["sevenths", 7],
  ["eighth", 8],
  ["eighths", 8],
  ["ninth", 9],
  ["ninths", 9],
  ["tenth", 10],
  ["tenths", 10],
]);

/** Vague plurals turned into numbers ACLED's way ("dozens" = 12, "hundreds" = 100). */
const VAGUE_PLURALS = new Map<string, number>([
  ["dozens", 12],
  ["scores", 20],
  ["hundreds", 100],
  ["thousands", 1e3],
  ["millions", 1e6],
  ["billions", 1e9],
]);

/** The value of one number word: "twelve" → 12, "twenty-two" → 22, "hundred" → 100, "dozen" → 12. */
export function wordNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  const v = SMALL.get(w) ?? TENS.get(w) ?? SCALES.get(w);
  if (v !== undefined) return v;
  if (w === "dozen") return 12;
  const h = w.indexOf("-");
  if (h > 0) {
    const tens = TENS.get(w.slice(0, h));
    const unit = SMALL.get(w.slice(h + 1));
    if (tens !== undefined && unit !== undefined && unit >= 1 && unit <= 9) return tens + unit;
  }
  return undefined;
}

// ── Regexes (all precompiled; sticky ones are used with lastIndex set, the others on short slices) ────────────

const SP = String.raw`[ \t\u00a0]`;
const MONTH = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const FRACTION_WORDS = "third|quarter|fifth|sixth|seventh|eighth|ninth|tenth";
const STARTER_WORDS = [
  ...SMALL.keys(),
  ...TENS.keys(),
  "hundreds?",
  "thousands?",
  "millions?",
  "billions?",
  "trillions?",
  "dozens",
  "scores",
  "tens",
  "half",
].join("|");

/** Where a number may start: a digit, a number word, or "a"/"an"/"several"/"a few" before a scale or fraction. */
const STARTER = new RegExp(
  String.raw`\d|\b(?:(?:${STARTER_WORDS})\b|(?:an?|several|a${SP}+few)${SP}+(?=(?:hundred|thousand|million|billion|dozen|${FRACTION_WORDS})s?\b))`,
  "gi",
);

const LETTERS = /[A-Za-z]+/y;
const NUM_HEAD = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/;
const RANGE = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?-(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const CLOCK_DECIMAL = /^(?:[01]?\d|2[0-3])\.[0-5]\d$/;

const SCALE_AFTER = new RegExp(String.raw`${SP}+(hundred|thousand|million|billion|trillion)\b`, "iy");
const PERCENT_AFTER = new RegExp(String.raw`${SP}?%|${SP}+(?:per${SP}?cent|percent|pct)\b`, "iy");
const TIME_AFTER = new RegExp(
  String.raw`${SP}*(?:[ap]\.${SP}?m\b\.?|[ap]m\b|o['’]clock\b|(?:GMT|UTC)\b|hrs\b|local${SP}+time\b)`,
  "iy",
);
const MONTH_AFTER = new RegExp(String.raw`${SP}+(${MONTH})\b`, "iy");
const MONTH_BEFORE = new RegExp(String.raw`(?<![A-Za-z])(${MONTH})\.?${SP}+$`, "i");
const CLOCK_BEFORE = new RegExp(`(?<![A-Za-z])(?:at|from|until|till|before|after|by)${SP}+$`, "i");
const YEAR_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:in|since|until|till|by|from|of|during|before|after|early|late|mid|year|spring|summer|autumn|fall|winter|through)${SP}+$`,
  "i",
);
/** Nouns that make a year-like number a count: "2011 people". */
const COUNT_NOUN_AFTER = new RegExp(
  String.raw`${SP}+(?:people|persons|individuals|civilians|fighters|soldiers|troops|militants|rebels|insurgents|jihadists|gunmen|militiamen|children|kids|women|men|refugees|migrants|families|households|residents|prisoners|detainees|deaths|casualties|victims|bodies|dead|killed|wounded|injured|protesters|demonstrators|members|homes|houses|buildings|villages|shells|rockets|missiles|airstrikes|air${SP}+strikes|raids|barrels|tons|tonnes)\b`,
  "y", // lower case: "2013 Jihadists ..." starting a sentence is a year
);
/** Words after which a number is an identifier, not a count: "Resolution 2254", "No. 5", "Article 8". */
const ID_BEFORE = new RegExp(
  String.raw`(?:(?<![A-Za-z])(?:resolutions?|no\.|nos\.|number|articles?|decree|law|chapter|paragraph|section|clause|item|page|route|highway|flight|room|brigade|division|regiment|battalion)${SP}*|#${SP}*)$`,
  "i",
);
const QUALIFIER_BEFORE = new RegExp(
  `(?<![A-Za-z])(no${SP}+(?:fewer|less)${SP}+than|not${SP}+(?:fewer|less)${SP}+than|no${SP}+more${SP}+than|not${SP}+more${SP}+than|at${SP}+least|more${SP}+than|upwards${SP}+of|in${SP}+excess${SP}+of|over|above|less${SP}+than|fewer${SP}+than|under|up${SP}+to|as${SP}+many${SP}+as|about|around|approximately|roughly|some|an${SP}+estimated|estimated|nearly|almost|close${SP}+to)${SP}+$`,
  "i",
);
const QUALIFIERS = new Map<string, Qualifier>([
  ["no fewer than", "at-least"],
  ["no less than", "at-least"],
  ["not fewer than", "at-least"],
  ["not less than", "at-least"],
  ["no more than", "up-to"],
  ["not more than", "up-to"],
  ["at least", "at-least"],
  ["more than", "more-than"],
  ["upwards of", "more-than"],
  ["in excess of", "more-than"],
  ["over", "more-than"],
  ["above", "more-than"],
  ["less than", "fewer-than"],
  ["fewer than", "fewer-than"],
  ["under", "fewer-than"],
  ["up to", "up-to"],
  ["as many as", "up-to"],
  ["about", "about"],
  ["around", "about"],
  ["approximately", "about"],
  ["roughly", "about"],
  ["some", "about"],
  ["an estimated", "about"],
  ["estimated", "about"],
  ["nearly", "nearly"],
  ["almost", "nearly"],
  ["close to", "nearly"],
]);
/** "took over 60 villages": "over" is the verb's particle, not a qualifier. */
const PHRASAL_OVER = new RegExp(
  `(?<![A-Za-z])(?:t[ao]ke[ns]?|took|taking|hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|g[ai]ve[ns]?|giving|w[oi]n|wins|winning|fought|fight(?:s|ing)?|pass(?:es|ed|ing)?|go(?:es|ing)?|went|look(?:s|ed|ing)?|watch(?:es|ed|ing)?)${SP}+over${SP}+$`,
  "i",
);
/** "no one", "anyone else", "the one who": pronoun uses of a bare "one". */
const PRONOUN_ONE_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:no|any|every|each|this|that|which|the|such|only|another|little|loved|last|other)${SP}+$`,
  "i",
);
/** "an inverse one", "a rebel-held eastern one": "one" standing for a noun after an adjective. */
const ADJECTIVE_ONE_BEFORE = new RegExp(
  `(?<![A-Za-z])an?${SP}+(?:[A-Za-z-]+${SP}+)?(?!(?:and|or|of|than|to|by|with|for|in|at|on|from|about|just|only)${SP})[A-Za-z-]+${SP}+$`,
  "i",
);
const PRONOUN_ONE_AFTER = new RegExp(String.raw`${SP}+another\b|${SP}+by${SP}+one\b|['’]s\b`, "iy");
const HALF_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:a|an|one|and|the|first|second|third|fourth|last|latter|former|other)${SP}+$`,
  "i",
);
const AND_A_HALF = new RegExp(String.raw`${SP}+and${SP}+a${SP}+half\b`, "iy");
const OF_AFTER = new RegExp(String.raw`${SP}+of\b`, "iy");
const OF_A_SCALE = new RegExp(String.raw`${SP}+of${SP}+an?${SP}+(hundred|thousand|million|billion)\b`, "iy");
const DURATION = /^(?:year|month|week|day|hour|minute|second|decade|night)/;
const HALF_FOLLOWERS = new Set([
  "of",
  "the",
  "its",
  "their",
  "his",
  "her",
  "our",
  "your",
  "these",
  "those",
  "all",
  "them",
]);

// ── Character classes ──────────────────────────────────────────────────────────────────────────────────────────

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 160;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * `re` (anchored with `$`) matched against the `len` characters before `start`; a match that begins where the
 * slice cut a word in two does not count.
 */
function endsWith(re: RegExp, text: string, start: number, len: number): RegExpExecArray | null {
  const from = start > len ? start - len : 0;
  const m = re.exec(text.slice(from, start));
  if (m !== null && m.index === 0 && from > 0 && isAlnum(text.charCodeAt(from - 1))) return null;
  return m;
}

function stickyEnd(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  return re.test(text) ? re.lastIndex : -1;
}

function wordEnd(text: string, pos: number): number {
  LETTERS.lastIndex = pos;
  return LETTERS.test(text) ? LETTERS.lastIndex : pos;
}

function lowerWord(text: string, pos: number): string {
  return text.slice(pos, wordEnd(text, pos)).toLowerCase();
}

/** Start of the next word after one separator at pos (spaces, or a single hyphen), or -1. */
function nextWordStart(text: string, pos: number): number {
  let p = pos;
  let c = text.charCodeAt(p);
  if (c === 45) p++;
  else {
    if (!isSpace(c)) return -1;
    while (isSpace(c)) c = text.charCodeAt(++p);
  }
  return isLetter(text.charCodeAt(p)) ? p : -1;
}

/** A month name at the end of `s` (capitalised, so "may" and "march" stay verbs). */
function monthBefore(text: string, start: number): boolean {
  const m = endsWith(MONTH_BEFORE, text, start, 14);
  return m !== null && isUpper((m[1] ?? "").charCodeAt(0));
}

function monthAfter(text: string, pos: number): boolean {
  MONTH_AFTER.lastIndex = pos;
  const m = MONTH_AFTER.exec(text);
  return m !== null && isUpper((m[1] ?? "").charCodeAt(0));
}

// ── Cores: the number phrase without its qualifier ────────────────────────────────────────────────────────────

interface Core {
  start: number;
  end: number;
  value: number;
  unit: Unit;
  vague: boolean;
  /** A four-digit year-like number: a count only with a qualifier ("at least 2011"). */
  yearLike: boolean;
  /** "half" on its own: a number only with a qualifier ("nearly half"). */
  needsQualifier: boolean;
  /** A bare "one": "over"/"under"/"above" before it are prepositions ("under one roof"). */
  bareOne: boolean;
  /** Where scanning resumes (after the core, or inside a range "20-30"). */
  resume: number;
}

function core(start: number, end: number, value: number, unit: Unit = null, vague = false): Core {
  return {
    start,
    end,
    value,
    unit,
    vague,
    yearLike: false,
    needsQualifier: false,
    bareOne: false,
    resume: end,
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function withPercent(text: string, c: Core): Core {
  if (c.unit !== null) return c;
  const e = stickyEnd(PERCENT_AFTER, text, c.end);
  if (e >= 0) {
    c.unit = "percent";
    c.end = e;
    if (c.resume < e) c.resume = e;
  }
  return c;
}

/** Skip a run of digit groups (phone numbers, ids): "0933 123 456", "+963 11 2345678". */
function skipDigitGroups(text: string, pos: number): number {
  let p = pos;
  for (;;) {
    let q = p;
    while (isDigit(text.charCodeAt(q))) q++;
    if (q > p) p = q;
    const c = text.charCodeAt(p);
    if ((c === 32 || c === 45 || c === 41 || c === 40) && isDigit(text.charCodeAt(p + 1))) p++;
    else if (c === 41 && text.charCodeAt(p + 1) === 32 && isDigit(text.charCodeAt(p + 2))) p += 2;
    else return p;
  }
}

let rangeNext = -1;

function digitCore(text: string, at: number): Core | number {
  const n = text.length;
  // The whole glued token: digits, letters, and . , : / - between alphanumerics ("1,500", "24.08.2013", "F-16").
  let te = at;
  while (te < n) {
    const c = text.charCodeAt(te);
    if (isAlnum(c)) te++;
    else if ((c === 44 || c === 46 || c === 58 || c === 47) && isDigit(text.charCodeAt(te + 1))) te += 2;
    else if (c === 45 && isAlnum(text.charCodeAt(te + 1))) te += 2;
    else break;
  }
  const p1 = text.charCodeAt(at - 1);
  if (at !== rangeNext) {
    if (isAlnum(p1)) return te; // "A320", "Su24"
    if ((p1 === 45 || p1 === 46 || p1 === 47 || p1 === 58 || p1 === 44) && isAlnum(text.charCodeAt(at - 2)))
      return te; // "Su-24", "No.5"
    if (p1 === 43) return skipDigitGroups(text, at); // "+963 11 ..."
  }
  const tok = text.slice(at, te);
  const head = NUM_HEAD.exec(tok);
  if (head === null) return te;
  const h = head[0];
  if (h.length > 1 && h.charCodeAt(0) === 48 && isDigit(h.charCodeAt(1))) return skipDigitGroups(text, at); // "0933"
  const hasComma = h.includes(",");
  const hasDot = h.includes(".");
  if (!hasComma && !hasDot && h.length >= 7) return skipDigitGroups(text, at); // ids, phone numbers
  let numEnd = at + h.length;
  let resume = te;
  let unit: Unit = null;
  let scale = 1;
  let range = false;
  if (numEnd < te) {
    const c = text.charCodeAt(numEnd);
    if (c !== 45) return te; // glued letters or date/time punctuation: "5th", "2m", "19:03", "5/9/2017"
    const after = numEnd + 1;
    if (isDigit(text.charCodeAt(after))) {
      if (!RANGE.test(tok)) return te; // "2017-09-05"
      range = true;
      resume = after;
    } else {
      const w = lowerWord(text, after);
      if (DURATION.test(w)) return te; // "24-hour", "six-year"
      if (w === "percent") {
        unit = "percent";
        numEnd = after + w.length;
      } else {
        const s = SCALES.get(w);
        if (s !== undefined && s >= 1000) {
          scale = s;
          numEnd = after + w.length;
        }
      }
    }
  }
  const num = hasComma ? h.replace(/,/g, "") : h;
  let value = Number(num);
  if (!Number.isFinite(value)) return te;
  const integer = !hasDot && !hasComma;
  // Clock times and dates.
  if (!range && scale === 1 && unit === null) {
    if (stickyEnd(TIME_AFTER, text, numEnd) >= 0) return te;
    if (hasDot && CLOCK_DECIMAL.test(h) && endsWith(CLOCK_BEFORE, text, at, 8) !== null) return te;
  }
  // Days: "Sept. 5", "5 September", "5-6 September" (a range's second part was checked with its first).
  if (integer && value >= 1 && value <= 31 && scale === 1 && unit === null) {
    if (monthBefore(text, at) || monthAfter(text, range ? te : numEnd)) return te;
  }
  // Scale words and percent.
  if (scale === 1 && unit === null && !range) {
    SCALE_AFTER.lastIndex = numEnd;
    const sm = SCALE_AFTER.exec(text);
    if (sm !== null) {
      scale = SCALES.get((sm[1] ?? "").toLowerCase()) ?? 1;
      numEnd = SCALE_AFTER.lastIndex;
    }
  }
  if (scale !== 1) value = scale >= 1000 ? Math.round(value * scale) : round3(value * scale);
  const c = core(at, numEnd, value, unit);
  c.resume = Math.max(resume, numEnd);
  if (range) rangeNext = resume;
  if (!range) withPercent(text, c);
  // Years: "in 2011", "the 2011 uprising" (but "2011 people" is a count).
  if (integer && h.length === 4 && value >= 1900 && value <= 2039 && scale === 1 && c.unit === null) {
    if (endsWith(YEAR_BEFORE, text, at, 12) !== null || monthBefore(text, at)) return c.resume;
    if (range || stickyEnd(COUNT_NOUN_AFTER, text, numEnd) < 0) c.yearLike = true;
  }
  return c;
}

interface Cardinal {
  end: number;
  value: number;
  words: number;
}

type Kind = "none" | "unit" | "teen" | "tens" | "hundred" | "scale" | "and";

/** "two hundred and fifty thousand", "twenty-two", "hundred and fifty": a cardinal made of number words. */
function parseCardinal(text: string, pos: number): Cardinal | null {
  let total = 0;
  let current = 0;
  let last: Kind = "none";
  let lastScale = Number.POSITIVE_INFINITY;
  let words = 0;
  let end = pos;
  let p = pos;
  for (;;) {
    const we = wordEnd(text, p);
    const w = text.slice(p, we).toLowerCase();
    const small = SMALL.get(w);
    const tens = TENS.get(w);
    const scale = SCALES.get(w);
    if (small !== undefined) {
      const unitAfterTens = last === "tens" && small >= 1 && small <= 9;
      if (!(last === "none" || last === "hundred" || last === "scale" || last === "and" || unitAfterTens))
        break;
      current += small;
      last = small < 10 ? "unit" : "teen";
    } else if (tens !== undefined) {
      if (!(last === "none" || last === "hundred" || last === "scale" || last === "and")) break;
      current += tens;
      last = "tens";
    } else if (scale === 100) {
      if (last === "none") current = 100;
      else if ((last === "unit" || last === "teen" || last === "tens") && current > 0 && current < 100)
        current *= 100;
      else break;
      last = "hundred";
    } else if (scale !== undefined) {
      if (last === "and" || scale >= lastScale) break;
      total += (current || 1) * scale;
      current = 0;
      lastScale = scale;
      last = "scale";
    } else if (w === "and" && (last === "hundred" || last === "scale") && isSpace(text.charCodeAt(we))) {
      const np = nextWordStart(text, we);
      if (np < 0) break;
      const nw = lowerWord(text, np);
      const ns = SMALL.get(nw);
      if (!((ns !== undefined && ns > 0) || TENS.has(nw))) break;
      last = "and";
      p = np;
      continue;
    } else break;
    words++;
    end = we;
    const np = nextWordStart(text, we);
    if (np < 0) break;
    p = np;
  }
  return words === 0 ? null : { end, value: total + current, words };
}

/** "a few hundred", "several dozen", "several hundred thousand": vague counts from the word at pos. */
function vagueAfterFew(text: string, start: number, pos: number): Core | number {
  const we = wordEnd(text, pos);
  const w = text.slice(pos, we).toLowerCase();
  const base = w.endsWith("s") ? w.slice(0, -1) : w;
  let value = base === "dozen" ? 12 : (SCALES.get(base) ?? 0);
  if (value === 0) return we;
  let end = we;
  if (value === 100) {
    const np = nextWordStart(text, we);
    const nw = np >= 0 && isSpace(text.charCodeAt(we)) ? lowerWord(text, np) : "";
    const s = SCALES.get(nw.endsWith("s") ? nw.slice(0, -1) : nw);
    if (s !== undefined && s >= 1000) {
      value *= s;
      end = np + nw.length;
    }
  }
  return core(start, end, value, null, true);
}

/** "a quarter of a million" = 250000: a fraction of a scale word is a count. */
function ofAScale(text: string, c: Core, fraction: number): Core {
  OF_A_SCALE.lastIndex = c.end;
  const m = OF_A_SCALE.exec(text);
  if (m === null) return c;
  const s = SCALES.get((m[1] ?? "").toLowerCase()) ?? 1;
  return core(c.start, OF_A_SCALE.lastIndex, Math.round(fraction * s));
}

/** Fractions after a small cardinal: "two-thirds", "one third", "three quarters of". Null when none. */
function fractionAfter(text: string, start: number, card: Cardinal): Core | null {
  if (card.words !== 1 || card.value < 1 || card.value > 10) return null;
  const np = nextWordStart(text, card.end);
  if (np < 0) return null;
  const we = wordEnd(text, np);
  const w = text.slice(np, we).toLowerCase();
  const d = DENOMINATORS.get(w);
  if (d === undefined || card.value >= d) return null;
  const hyphen = text.charCodeAt(card.end) === 45;
  const plural = w.endsWith("s");
  if (plural !== card.value > 1) return null;
  if (!hyphen && d === 4 && stickyEnd(OF_AFTER, text, we) < 0) return null; // "three quarters" of a city
  return ofAScale(text, core(start, we, round3(card.value / d), "fraction"), card.value / d);
}

function wordCore(text: string, at: number): Core | number {
  const e1 = wordEnd(text, at);
  if (text.charCodeAt(at - 1) === 45 && isAlnum(text.charCodeAt(at - 2))) return e1; // "no-one", "Group-Five"
  const first = text.slice(at, e1).toLowerCase();

  if (first === "a" || first === "an" || first === "several") {
    const p2 = nextWordStart(text, e1);
    if (p2 < 0) return e1;
    const we2 = wordEnd(text, p2);
    const w2 = text.slice(p2, we2).toLowerCase();
    if (w2 === "few") {
      const p3 = nextWordStart(text, we2);
      return p3 < 0 ? we2 : vagueAfterFew(text, at, p3);
    }
    if (first === "several") return vagueAfterFew(text, at, p2);
    if (w2 === "dozen") return core(at, we2, 12, null, true);
    const s = SCALES.get(w2);
    if (s !== undefined) {
      const card = parseCardinal(text, p2);
      return card === null ? we2 : withPercent(text, core(at, card.end, card.value));
    }
    const d = DENOMINATORS.get(w2);
    if (d !== undefined && d > 2 && !w2.endsWith("s") && stickyEnd(OF_AFTER, text, we2) >= 0)
      return ofAScale(text, core(at, we2, round3(1 / d), "fraction"), 1 / d);
    return e1;
  }

  if (first === "half") {
    if (endsWith(HALF_BEFORE, text, at, 12) !== null) return e1;
    if (text.charCodeAt(e1) === 45) return wordEnd(text, e1 + 1); // "half-brother", "half-hour"
    const p2 = nextWordStart(text, e1);
    const w2 = p2 >= 0 ? lowerWord(text, p2) : "";
    if (w2 === "a" || w2 === "an") {
      const p3 = nextWordStart(text, p2 + w2.length);
      if (p3 < 0) return e1;
      const w3 = lowerWord(text, p3);
      const s = SCALES.get(w3);
      if (s !== undefined) return core(at, p3 + w3.length, s / 2);
      if (w3 === "dozen") return core(at, p3 + w3.length, 6, null, true);
      return e1; // "half an hour", "half a day"
    }
    const c = core(at, e1, 0.5, "fraction");
    if (!HALF_FOLLOWERS.has(w2)) c.needsQualifier = true; // "nearly half", but not "half" alone
    return c;
  }

  if (first === "tens" || first === "hundreds") {
    const base = first === "tens" ? 10 : 100;
    const ofEnd = stickyEnd(OF_AFTER, text, e1);
    if (ofEnd >= 0) {
      const p3 = nextWordStart(text, ofEnd);
      const w3 = p3 >= 0 ? lowerWord(text, p3) : "";
      const s = w3 === "thousands" ? 1e3 : w3 === "millions" ? 1e6 : w3 === "billions" ? 1e9 : 0;
      if (s > 0) return core(at, p3 + w3.length, base * s, null, true);
    }
    if (first === "tens" && ofEnd < 0) return e1; // "tens" only as "tens of ..."
    return core(at, e1, base, null, true);
  }

  const vague = VAGUE_PLURALS.get(first);
  if (vague !== undefined) {
    if (first === "scores" && stickyEnd(OF_AFTER, text, e1) < 0) return e1; // "settle scores"
    return core(at, e1, vague, null, true);
  }

  const card = parseCardinal(text, at);
  if (card === null) return e1;
  // Hyphenated compounds: "three-year siege" (a duration), "one-sided", "two-thirds", "five-percent".
  if (text.charCodeAt(card.end) === 45 && isLetter(text.charCodeAt(card.end + 1))) {
    const w = lowerWord(text, card.end + 1);
    if (DURATION.test(w)) return card.end + 1 + w.length;
    const frac = fractionAfter(text, at, card);
    if (frac !== null) return frac;
    if (w === "percent") return core(at, card.end + 1 + w.length, card.value, "percent");
    if (card.words === 1 && card.value === 1) return card.end + 1 + w.length; // "one-sided", "one-off"
    return core(at, card.end, card.value);
  }
  const frac = fractionAfter(text, at, card);
  if (frac !== null) return frac;
  const np = nextWordStart(text, card.end);
  if (np >= 0 && card.value >= 1 && card.value <= 20 && card.words === 1 && lowerWord(text, np) === "dozen")
    return core(at, np + 5, card.value * 12, null, true); // "two dozen"
  let value = card.value;
  let end = card.end;
  const halfEnd = stickyEnd(AND_A_HALF, text, end);
  if (halfEnd >= 0 && value > 0 && value < 100) {
    value += 0.5;
    end = halfEnd;
    SCALE_AFTER.lastIndex = end;
    const sm = SCALE_AFTER.exec(text);
    if (sm !== null) {
      value = Math.round(value * (SCALES.get((sm[1] ?? "").toLowerCase()) ?? 1));
      end = SCALE_AFTER.lastIndex;
    }
  }
  const c = withPercent(text, core(at, end, value));
  if (first === "one" && card.words === 1 && end === card.end && c.unit === null) {
    if (endsWith(PRONOUN_ONE_BEFORE, text, at, 10) !== null) return end; // "no one", "the one who"
    if (endsWith(ADJECTIVE_ONE_BEFORE, text, at, 40) !== null) return end; // "an inverse one"
    const pe = stickyEnd(PRONOUN_ONE_AFTER, text, end);
    if (pe >= 0) return pe; // "one another", "one by one", "one's"
    c.bareOne = true;
  }
  return c;
}

// ── Qualifiers ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The qualifier phrase ending right before `start`: its start and meaning, or null. */
function qualifierBefore(
  text: string,
  start: number,
  floor: number,
): { start: number; q: Qualifier; phrase: string } | null {
  const m = endsWith(QUALIFIER_BEFORE, text, start, 28);
  if (m === null) return null;
  const phrase = (m[1] ?? "").toLowerCase().replace(/\s+/g, " ");
  const q = QUALIFIERS.get(phrase);
  if (q === undefined) return null;
  const qStart = start - m.input.length + m.index;
  if (qStart < floor) return null;
  if (phrase === "over" && endsWith(PHRASAL_OVER, text, start, 24) !== null) return null; // "took over 60 villages"
  return { start: qStart, q, phrase };
}

// ── Entry point ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every cardinal number phrase in `text`, in order and without overlaps: digits ("1,500", "1.5 million"),
 * words ("twenty-two", "a hundred"), vague counts ("dozens" = 12), fractions ("two-thirds" = 0.667) and
 * percentages ("65 percent"), each with its qualifier ("at least 22") inside the span.
 */
export function findNumbers(text: string): Quantity[] {
  const out: Quantity[] = [];
  let prevEnd = 0;
  rangeNext = -1;
  const re = STARTER;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(text);
    if (m === null) break;
    const at = m.index;
    const got = isDigit(text.charCodeAt(at)) ? digitCore(text, at) : wordCore(text, at);
    if (typeof got === "number") {
      re.lastIndex = Math.max(got, at + 1);
      continue;
    }
    re.lastIndex = Math.max(got.resume, got.end, at + 1);
    if (endsWith(ID_BEFORE, text, got.start, 14) !== null) continue;
    let start = got.start;
    let qualifier: Qualifier = null;
    const q = qualifierBefore(text, got.start, prevEnd);
    // "under one roof", "over one": prepositions before a bare "one".
    if (
      q !== null &&
      !(got.bareOne && (q.phrase === "over" || q.phrase === "under" || q.phrase === "above"))
    ) {
      start = q.start;
      qualifier = q.q;
    }
    if ((got.yearLike || got.needsQualifier) && qualifier === null) continue;
    out.push({
      start,
      end: got.end,
      text: text.slice(start, got.end),
      value: got.value,
      qualifier,
      unit: got.unit,
      vague: got.vague,
    });
    prevEnd = got.end;
  }
  return out;
}
