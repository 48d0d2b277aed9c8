// Synthetic benchmark corpus derived from the FA-KES dev split: deterministic (seeded PRNG), every article's text
// distinct, written as a stream (only the base articles, the open stories and a hash per article are held).
//
// Each "story" is one synthetic real-world incident: one FA-KES base article re-told by 1-6 outlets (mostly 2-4).
// The reports are independent, not reprints: each keeps its own random 50-70% of the base's sentences in its own
// order, reworded (stop-word drops, "also"/"then" before past participles, reporting-verb variants) and followed by
// 2-4 background sentences of its own, so that two reports share well under half of their word 5-shingles (see
// `isReprint` in src/ingest/minhash.ts); each has its own title, outlet and a date within ±1 day of the story's.
// To make the many stories drawn from one base distinct incidents, a story substitutes the base's Syrian place names
// (matched loosely: case, hyphens, spaces) with gazetteer towns (consistently across its reports; a town is not given
// to another story within ~7 days), gets its own casualty figures and other numbers (consistently, with the odd
// outlet reporting one figure differently), and its own dates (date expressions, weekdays and years in the text
// follow the story's day). Stories advance through time like a feed (storiesPerDay new incidents a day, a few open
// at once so their reports interleave); a base is not re-used within ~8 days. Bases shorter than 6 sentences and
// FA-KES's own near-copies of one wire story are left out. About 5% of the reports are genuine wire reprints (a
// near-copy of an earlier report of the same story, by another outlet).
//
// With `truth` set, the ground truth (article id → story id → the article a reprint copies) goes to that side file
// as CSV, never into the articles.

import { once } from "node:events";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { CsvParser } from "../src/ingest/csv.js";
import { containment, jaccard, type Signature, signature } from "../src/ingest/minhash.js";
import { identityText } from "../src/ingest/normalize.js";
import { loadKnowledge } from "../src/knowledge/index.js";

export interface CorpusOptions {
  /** The FA-KES CSV (unit_id, article_title, article_content, source, date, location, labels). */
  source: string;
  /** Output file. */
  out: string;
  /** Number of articles to write. */
  count: number;
  format: "csv" | "jsonl";
  seed?: number;
  /** Optional side file for the ground truth: CSV `id,story,reprint_of` (reprint_of: the copied article's id). */
  truth?: string;
}

export interface CorpusSummary {
  articles: number;
  bytes: number;
  /** Stories (synthetic incidents) started. */
  stories: number;
  /** Reports written as near-copies of an earlier report. */
  reprints: number;
  /** First and last story day (ISO). */
  firstDay: string;
  lastDay: string;
}

/** The 15 FA-KES outlet codes. */
export const OUTLETS = [
  "ahram",
  "manar",
  "alalam",
  "alaraby",
  "dailysabah",
  "sana",
  "sputnik",
  "etilaf",
  "trt",
  "jordantimes",
  "reuters",
  "arabiya",
  "nna",
  "asharqalawsat",
  "tass",
] as const;

/** The generator's parameters, for the results. */
export const CORPUS_PARAMETERS = {
  /** Reports per story: weights of 1..6 (mean ~3.0). */
  storySizes: [0.1, 0.28, 0.3, 0.2, 0.08, 0.04],
  /** Share of the base's sentences a report keeps. */
  keep: [0.5, 0.7] as const,
  /** Share of the base's sentences a story tells (its reports' sentences are drawn from those). */
  storyShare: 1,
  /** Bases of fewer sentences are left out (any two subsets of a short text are nearly the same text). */
  minSentences: 6,
  /** Background sentences (from any base) a report adds. */
  background: [2, 4] as const,
  /** Share of reports that are wire reprints of an earlier report of their story. */
  reprintShare: 0.05,
  /** New incidents a day; stories open at once (their reports interleave). */
  storiesPerDay: 45,
  openStories: 12,
  /** Stories started before a base may be used again (~8 days at 45 a day). */
  baseGap: 360,
  /** Stories started before a town is given to another story (~7 days). */
  placeGap: 300,
  /** The first story day. */
  start: "2000-01-03",
};

const REPORTERS = [
  "Leila Haddad",
  "Omar Khatib",
  "Sami Nasser",
  "Rania Aziz",
  "Yusuf Demir",
  "Anna Petrova",
  "Karim Mansour",
  "Huda Saleh",
  "Tom Miles",
  "Nour Issa",
];

const DAY_MS = 86_400_000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Base {
  title: string;
  sentences: string[];
  /** Gold publication day, UTC milliseconds. */
  day: number;
}

/** Reads the base articles (title, text split into sentences, date); the gold location and labels are ignored. */
export function loadBases(source: string): Base[] {
  const parser = new CsvParser(",", 16 * 1024 * 1024);
  const items = [...parser.push(readFileSync(source, "utf8")), ...parser.end()];
  let header: string[] | null = null;
  const bases: Base[] = [];
  for (const item of items) {
    if (!item.ok) continue;
    const fields = item.record.fields;
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase());
      continue;
    }
    const col = (name: string) => fields[(header as string[]).indexOf(name)] ?? "";
    const content = col("article_content").replace(/\s+/g, " ").trim();
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(col("date").trim());
    if (!content || !m) continue;
    const sentences = content.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);
    bases.push({
      title: col("article_title").trim(),
      sentences,
      day: Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])),
    });
  }
  if (bases.length === 0) throw new Error(`no usable articles in ${source}`);
  return bases;
}

// ---- Templates: a base's sentences cut into literal text and slots (places, numbers, dates) -------------------

type Slot =
  | { k: "place"; i: number } // the base's i-th distinct place
  | { k: "num"; i: number; comma: boolean } // the base's i-th distinct number
  | { k: "year" }
  | { k: "weekday"; short: boolean }
  | { k: "date"; weekday: 0 | 1 | 2; order: "dm" | "md"; monthStyle: "full" | "abbr"; year: boolean };
type Part = string | Slot;

interface Template {
  title: Part[];
  sentences: Part[][];
  places: number; // distinct places
  numbers: number[]; // distinct number values
}

const MONTH_RE =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
const WEEKDAY_RE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\\.?";

/** Names of Syrian places the templates substitute, and the places substituted in. */
function placeLexicon(): { names: string[]; pool: string[] } {
  const kb = loadKnowledge();
  const skip = new Set(["country", "river", "lake", "sea", "mountain", "plain", "valley", "desert", "road"]);
  const common = new Set([
    "Army",
    "Free",
    "State",
    "Islamic",
    "Front",
    "Center",
    "Centre",
    "Media",
    "North",
    "South",
  ]);
  const ascii = (s: string) => /^[A-Z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)*$/.test(s);
  const names = new Set<string>();
  const pool: string[] = [];
  for (const p of kb.places.values()) {
    if (p.country !== "SY" || skip.has(p.kind)) continue;
    for (const n of [p.name, ...p.aliases])
      if (ascii(n) && n.length >= 4 && !common.has(n) && n.toUpperCase() !== n) names.add(n);
    if (p.kind === "town" || p.kind === "city" || p.kind === "village") {
      const name = [p.name, ...p.aliases].find((n) => ascii(n) && n.length >= 4 && n.toUpperCase() !== n);
      if (name && !pool.includes(name)) pool.push(name);
    }
  }
  return { names: [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)), pool: pool.sort() };
}

function buildTemplates(bases: Base[], placeNames: string[]): Template[] {
  // Spellings vary in case, hyphens and spaces ("Deir ez-Zor", "Deir Ezzor"): matched loosely, kept when capitalised.
  const escaped = [
    ...new Set(
      placeNames.map((n) =>
        n
          .toLowerCase()
          .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace(/[\s-]+/g, "[\\s-]?"),
      ),
    ),
  ];
  const re = new RegExp(
    [
      // 1-4: [weekday] DD Month [YYYY]
      `\\b(?:${WEEKDAY_RE},?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}(?:,?\\s+((?:19|20)\\d\\d))?\\b`,
      // 5-8: [weekday] Month DD[, YYYY]
      `\\b(?:${WEEKDAY_RE},?\\s+)?${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+((?:19|20)\\d\\d))?\\b`,
      // 9: weekday alone
      `\\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b`,
      // 10: year
      "\\b((?:19[5-9]|20[0-4])\\d)\\b",
      // 11: number (1,234 or 1234)
      "\\b(\\d{1,3}(?:,\\d{3})+|\\d+)\\b",
      // 12: place
      `\\b(${escaped.join("|")})(?=s?\\b)`,
    ].join("|"),
    "gi",
  );
  return bases.map((base) => {
    const places = new Map<string, number>();
    const numbers = new Map<number, number>();
    const cut = (s: string): Part[] => {
      const parts: Part[] = [];
      let at = 0;
      for (const m of s.matchAll(re)) {
        const idx = m.index ?? 0;
        if (idx > at) parts.push(s.slice(at, idx));
        at = idx + m[0].length;
        const g = (i: number) => m[i];
        let slot: Slot;
        if (g(2) !== undefined)
          slot = {
            k: "date",
            weekday: g(1) === undefined ? 0 : (g(1) as string).length > 4 ? 2 : 1,
            order: "dm",
            monthStyle: (g(3) as string).length > 3 && g(3) !== "May" ? "full" : "abbr",
            year: g(4) !== undefined,
          };
        else if (g(6) !== undefined)
          slot = {
            k: "date",
            weekday: g(5) === undefined ? 0 : (g(5) as string).length > 4 ? 2 : 1,
            order: "md",
            monthStyle: (g(6) as string).length > 3 && g(6) !== "May" ? "full" : "abbr",
            year: g(8) !== undefined,
          };
        else if (g(12) !== undefined && !/^[A-Z]/.test(g(12) as string)) {
          parts.push(m[0]); // a lower-case word that spells a place: not a name
          continue;
        } else if (g(9) !== undefined) slot = { k: "weekday", short: false };
        else if (g(10) !== undefined) slot = { k: "year" };
        else if (g(11) !== undefined) {
          const raw = g(11) as string;
          const v = Number(raw.replace(/,/g, ""));
          if (v <= 1 || raw.length > 7) {
            parts.push(raw); // 0, 1 (grammar) and long codes stay as they are
            continue;
          }
          const i = numbers.get(v) ?? numbers.size;
          numbers.set(v, i);
          slot = { k: "num", i, comma: raw.includes(",") };
        } else {
          const name = (g(12) as string).toLowerCase().replace(/[\s-]+/g, "");
          const i = places.get(name) ?? places.size;
          places.set(name, i);
          slot = { k: "place", i };
        }
        parts.push(slot);
      }
      if (at < s.length) parts.push(s.slice(at));
      return parts;
    };
    const title = cut(base.title);
    const sentences = base.sentences.map(cut);
    return { title, sentences, places: places.size, numbers: [...numbers.keys()] };
  });
}

// ---- Rewording: what makes two independent reports of one base differ in their word shingles ------------------

// Link stop words ("the", "that", "also": knowledge/link.json) are dropped or added freely; reporting verbs and a few
// words swap with near-synonyms that the analysis reads alike.
const SWAPS: Record<string, string[]> = {
  the: ["the", ""],
  and: ["and", "and", "and also"],
  also: ["also", ""],
  said: ["said", "stated", "added", "noted"],
  "said that": ["said", "said that", "stated that", "added that"],
  after: ["after", "following"],
  during: ["during", "amid", "throughout"],
  about: ["about", "around", "some"],
  "more than": ["more than", "over"],
  began: ["began", "started"],
  many: ["many", "numerous"],
  large: ["large", "big"],
  which: ["which", "that"],
  while: ["while", "whereas"],
  however: ["however", "but"],
};
for (const aux of ["was", "were", "has", "had", "have", "is", "are", "will", "would"])
  SWAPS[aux] = [aux, `${aux} also`, `${aux} already`];
const REWORD_RE = new RegExp(
  `\\b(${Object.keys(SWAPS)
    .sort((a, b) => b.length - a.length)
    .join("|")})\\b`,
  "g",
);

function reword(s: string, rnd: () => number): string {
  return s
    .replace(REWORD_RE, (w) => {
      const options = SWAPS[w] as string[];
      return options[Math.floor(rnd() * options.length)] as string;
    })
    .replace(/ ([a-z]{3,}ed)\b/g, (m, w: string) => {
      // "were killed" / "were also killed" / "were then killed": adverbs from the link stop words
      const r = rnd();
      return r < 0.3 ? ` also ${w}` : r < 0.5 ? ` then ${w}` : m;
    })
    .replace(/\b(also|already|then) (?:also|already|then)\b/g, "$1");
}

// ---- The generator --------------------------------------------------------------------------------------------

interface Report {
  id: string;
  title: string;
  /** Sentences, before paragraphing. */
  sentences: string[];
  outlet: string;
  day: number;
}

interface Story {
  id: number;
  template: Template;
  /** The base's sentences this story tells (its reports choose among them). */
  told: number[];
  day: number;
  places: string[];
  numbers: number[];
  /** Outlets in the order they report. */
  outlets: string[];
  /** Reports written so far. */
  reports: Report[];
  size: number;
}

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** 53-bit FNV-style hash of a string (two 32-bit lanes): article texts must be distinct. */
function hash53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * Writes `count` distinct articles derived from the FA-KES CSV. Fields: id (unique), title, text, source (an
 * FA-KES outlet code), published (ISO date). Returns what was written.
 */
export async function generateCorpus(opts: CorpusOptions): Promise<CorpusSummary> {
  const P = CORPUS_PARAMETERS;
  const allBases = loadBases(opts.source);
  // FA-KES holds near-copies of one wire story under several outlets: one of them is kept, or stories of two such
  // bases would read as reprints of each other.
  const bases: Base[] = [];
  const kept: Signature[] = [];
  for (const b of allBases) {
    if (b.sentences.length < P.minSentences) continue;
    const sig = signature(identityText([b.sentences.join(" ")]));
    if (
      kept.some((k) => {
        const j = jaccard(sig, k);
        return j >= 0.1 && containment(j, sig, k) >= 0.3;
      })
    )
      continue;
    kept.push(sig);
    bases.push(b);
  }
  const lexicon = placeLexicon();
  const templates = buildTemplates(bases, lexicon.names);
  // Background sentences (no place, number or date in them: "The conflict started in ..."), which reports add
  // after their own account, as outlets do: 2-4 per report, each report its own.
  const background = templates.flatMap((t) =>
    t.sentences
      .filter(
        (p) =>
          p.length === 1 &&
          typeof p[0] === "string" &&
          /^[A-Z][^|]*[a-z]\.$/.test(p[0]) &&
          !/\b(?:TRT|Watch|URL|Related|Twitter|Facebook|Copyright|Reuters|AFP)\b/.test(p[0]) &&
          p[0].split(" ").length >= 10 &&
          p[0].split(" ").length <= 45,
      )
      .map((p) => p[0] as string),
  );
  const seed = opts.seed ?? 20170405;
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const start = Date.parse(`${P.start}T00:00:00Z`);
  // Probability that a report after a story's first is a reprint, so that ~reprintShare of all reports are.
  const meanSize = P.storySizes.reduce((s, w, i) => s + w * (i + 1), 0);
  const reprintP = (P.reprintShare * meanSize) / (meanSize - 1);

  await mkdir(dirname(opts.out), { recursive: true });
  const open = (path: string): { stream: WriteStream; failure: () => Error | null } => {
    const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    let failure: Error | null = null;
    stream.on("error", (e) => {
      failure = e;
    });
    return { stream, failure: () => failure };
  };
  const out = open(opts.out);
  const truth = opts.truth ? open(opts.truth) : null;
  let bytes = 0;
  const write = async (s: string) => {
    const f = out.failure() ?? truth?.failure();
    if (f) throw f;
    bytes += Buffer.byteLength(s);
    if (!out.stream.write(s)) await once(out.stream, "drain");
  };
  if (opts.format === "csv") await write("id,title,text,source,published\n");
  if (truth) truth.stream.write("id,story,reprint_of\n");

  const lastUse = new Int32Array(templates.length).fill(-1_000_000);
  const placeUse = new Int32Array(lexicon.pool.length).fill(-1_000_000);
  const seen = new Set<number>();
  let storyCount = 0;
  let reprints = 0;
  let n = 0;

  const newStory = (): Story => {
    const id = storyCount++;
    // A base not used in the last baseGap stories (the least recently used one if none is free).
    let t = -1;
    for (let k = 0; k < 64 && t < 0; k++) {
      const c = Math.floor(rnd() * templates.length);
      if (id - (lastUse[c] as number) > P.baseGap) t = c;
    }
    if (t < 0) {
      t = 0;
      for (let c = 1; c < templates.length; c++) if ((lastUse[c] as number) < (lastUse[t] as number)) t = c;
    }
    lastUse[t] = id;
    const template = templates[t] as Template;
    // Towns not given to another story in the last placeGap stories (so that two incidents of one week rarely
    // happen in one town), falling back to any town.
    // The story's share of the base (storyShare of its sentences): stories of one base differ in what they tell.
    const told = template.sentences.map((_, i) => i).filter(() => rnd() < P.storyShare);
    while (told.length < 3) {
      const i = int(0, template.sentences.length - 1);
      if (!told.includes(i)) told.push(i);
    }
    const places: string[] = [];
    for (let tries = 0; places.length < template.places; tries++) {
      const p = Math.floor(rnd() * lexicon.pool.length);
      const name = lexicon.pool[p] as string;
      if (places.includes(name) || (tries < 64 && id - (placeUse[p] as number) <= P.placeGap)) continue;
      placeUse[p] = id;
      places.push(name);
    }
    const numbers = template.numbers.map((v) =>
      v < 10 ? int(2, 12) : Math.max(2, Math.round(v * (0.4 + rnd() * 1.4))),
    );
    let r = rnd();
    let size = 1;
    for (const w of P.storySizes) {
      r -= w;
      if (r < 0) break;
      size++;
    }
    size = Math.min(size, P.storySizes.length);
    const outlets = [...OUTLETS];
    for (let i = outlets.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [outlets[i], outlets[j]] = [
        outlets[j] as (typeof OUTLETS)[number],
        outlets[i] as (typeof OUTLETS)[number],
      ];
    }
    return {
      id,
      template,
      told,
      day: start + Math.floor(id / P.storiesPerDay) * DAY_MS,
      places,
      numbers,
      outlets: outlets.slice(0, size + 2),
      reports: [],
      size,
    };
  };

  const render = (parts: Part[], story: Story, numbers: number[]): string => {
    const d = new Date(story.day);
    let s = "";
    for (const p of parts) {
      if (typeof p === "string") {
        s += p;
        continue;
      }
      switch (p.k) {
        case "place":
          s += story.places[p.i] as string;
          break;
        case "num": {
          const v = numbers[p.i] as number;
          s += p.comma ? v.toLocaleString("en-US") : String(v);
          break;
        }
        case "year":
          s += String(d.getUTCFullYear());
          break;
        case "weekday":
          s += WEEKDAYS[d.getUTCDay()] as string;
          break;
        case "date": {
          const wd = WEEKDAYS[d.getUTCDay()] as string;
          const month = MONTHS[d.getUTCMonth()] as string;
          const m = p.monthStyle === "full" ? month : month.slice(0, 3);
          const day = String(d.getUTCDate()).padStart(p.order === "dm" && p.weekday === 1 ? 2 : 1, "0");
          const prefix = p.weekday === 0 ? "" : p.weekday === 1 ? `${wd.slice(0, 3)} ` : `${wd}, `;
          const core = p.order === "dm" ? `${day} ${m}` : `${m} ${day}`;
          s += `${prefix}${core}${p.year ? `${p.order === "md" ? "," : ""} ${d.getUTCFullYear()}` : ""}`;
          break;
        }
      }
    }
    return s;
  };

  const independentReport = (story: Story, outlet: string): Report => {
    const t = story.template;
    // The story's figures, one of them reported differently by this outlet now and then.
    let numbers = story.numbers;
    if (numbers.length > 0 && rnd() < 0.25) {
      numbers = [...numbers];
      const i = int(0, numbers.length - 1);
      const v = numbers[i] as number;
      numbers[i] =
        v < 10 ? Math.max(2, v + pick([-2, -1, 1, 2])) : Math.round(v * (rnd() < 0.5 ? 0.8 : 1.25));
    }
    // keep is a share of the base's sentences, taken from the story's share of them.
    const keep = (P.keep[0] + rnd() * (P.keep[1] - P.keep[0])) / P.storyShare;
    const order = [...story.told];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const k = Math.max(2, Math.min(order.length, Math.round(order.length * keep)));
    const sentences = order
      .slice(0, k)
      .map((i) => reword(render(t.sentences[i] as Part[], story, numbers), rnd).replace(/ {2,}/g, " "));
    for (let b = int(P.background[0], P.background[1]); b > 0; b--)
      sentences.splice(
        int(Math.ceil(sentences.length / 2), sentences.length),
        0,
        reword(pick(background), rnd),
      );
    const baseTitle = reword(render(t.title, story, numbers), rnd).replace(/ {2,}/g, " ");
    const lead = (sentences[0] as string).split(" ");
    const title = pick([
      () => baseTitle,
      () => baseTitle,
      () => `${story.places[0] ?? "Syria"}: ${baseTitle}`,
      () => `Syria: ${baseTitle}`,
      () =>
        lead
          .slice(0, Math.min(lead.length, int(8, 14)))
          .join(" ")
          .replace(/[.,;:]$/, ""),
    ])();
    const day = story.day + (rnd() < 0.6 ? 0 : rnd() < 0.6 ? 1 : -1) * DAY_MS;
    return { id: "", title, sentences, outlet, day };
  };

  const reprintOf = (original: Report, outlet: string): Report => {
    const sentences = [...original.sentences];
    if (sentences.length > 4 && rnd() < 0.3) sentences.length -= 1; // a cut tail
    return {
      id: "",
      title: pick(["", "", "UPDATE 1-", `${outlet.toUpperCase()}: `]) + original.title,
      sentences,
      outlet,
      day: original.day + (rnd() < 0.7 ? 0 : DAY_MS),
    };
  };

  const openStories: Story[] = [];
  while (n < opts.count) {
    while (openStories.length < P.openStories) openStories.push(newStory());
    const slot = Math.floor(rnd() * openStories.length);
    const story = openStories[slot] as Story;
    const outlet = story.outlets[story.reports.length] as string;
    let original: Report | null = null;
    if (story.reports.length > 0 && rnd() < reprintP) original = pick(story.reports);
    let report = original ? reprintOf(original, outlet) : independentReport(story, outlet);
    let text = "";
    for (let attempt = 0; ; attempt++) {
      // Paragraphs of 2-4 sentences, then a credit line now and then.
      const paragraphs: string[] = [];
      for (let i = 0; i < report.sentences.length; ) {
        const k = int(2, 4);
        paragraphs.push(report.sentences.slice(i, i + k).join(" "));
        i += k;
      }
      if (rnd() < 0.3 || attempt > 0 || original)
        paragraphs.push(
          `(Reporting by ${pick(REPORTERS)}; editing by ${pick(REPORTERS)}${attempt > 1 ? `, ${attempt}` : ""})`,
        );
      text = paragraphs.join("\n\n");
      const h = hash53(text.toLowerCase().replace(/[^a-z0-9]+/g, ""));
      if (!seen.has(h)) {
        seen.add(h);
        break;
      }
      if (attempt > 0 && !original) report = independentReport(story, outlet);
    }
    n++;
    report.id = `px${seed.toString(36)}-${String(n).padStart(7, "0")}`;
    story.reports.push(report);
    if (original) reprints++;
    const published = new Date(report.day).toISOString().slice(0, 10);
    await write(
      opts.format === "csv"
        ? `${[report.id, report.title, text, report.outlet, published].map(csvField).join(",")}\n`
        : `${JSON.stringify({ id: report.id, title: report.title, text, source: report.outlet, published })}\n`,
    );
    if (truth && !truth.stream.write(`${report.id},s${story.id},${original ? original.id : ""}\n`))
      await once(truth.stream, "drain");
    if (story.reports.length >= story.size) openStories.splice(slot, 1);
  }
  const lastDay = new Date(start + Math.floor(Math.max(0, storyCount - 1) / P.storiesPerDay) * DAY_MS);
  for (const s of truth ? [out.stream, truth.stream] : [out.stream]) {
    s.end();
    await once(s, "finish");
  }
  const f = out.failure() ?? truth?.failure();
  if (f) throw f;
  return {
    articles: n,
    bytes,
    stories: storyCount - openStories.length + openStories.filter((s) => s.reports.length > 0).length,
    reprints,
    firstDay: P.start,
    lastDay: lastDay.toISOString().slice(0, 10),
  };
}
