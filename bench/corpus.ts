// Synthetic benchmark corpus derived from the FA-KES dev split: deterministic (seeded PRNG), every article's text
// distinct, articles grouped into "stories" (2-6 variants of one base article, dated within 3 days of each other,
// carried by different outlets) so that reprint matching and a later clustering stage have real work to do.
// Written as a stream: only the ~400 base articles are held in memory, never the corpus.

import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { CsvParser } from "../src/ingest/csv.js";

export interface CorpusOptions {
  /** The FA-KES CSV (unit_id, article_title, article_content, source, date, location, labels). */
  source: string;
  /** Output file. */
  out: string;
  /** Number of articles to write. */
  count: number;
  format: "csv" | "jsonl";
  seed?: number;
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

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const TITLE_PREFIXES = ["", "", "", "", "UPDATE: ", "Syria: ", "Report: ", "Breaking: "];

const DAY_MS = 86_400_000;

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

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Writes `count` distinct articles derived from the FA-KES CSV. Fields: id (unique), title, text, source (an
 * FA-KES outlet code), published (ISO date). Returns the number of articles and bytes written.
 */
export async function generateCorpus(opts: CorpusOptions): Promise<{ articles: number; bytes: number }> {
  const bases = loadBases(opts.source);
  const seed = opts.seed ?? 20170405;
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

  await mkdir(dirname(opts.out), { recursive: true });
  const out = createWriteStream(opts.out, { highWaterMark: 1 << 20 });
  let failure: Error | null = null;
  out.on("error", (e) => {
    failure = e;
  });
  let bytes = 0;
  const write = async (s: string) => {
    if (failure) throw failure;
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, "drain");
  };
  if (opts.format === "csv") await write("id,title,text,source,published\n");

  // Numbers become a story's own figures (death tolls differ between stories); 4-digit years stay as they are.
  const renumber = (s: string, spread: number) =>
    s.replace(/\b\d+\b/g, (d) => {
      const n = Number(d);
      if (n === 0 || (d.length === 4 && n >= 1900 && n <= 2099)) return d;
      return String(Math.max(1, Math.round(n * (1 - spread + rnd() * 2 * spread))));
    });
  // Swaps a few sentences, keeping the lead in place.
  const shuffleSome = (xs: string[], swaps: number) => {
    if (xs.length < 3) return;
    for (let k = 0; k < swaps; k++) {
      const i = int(1, xs.length - 1);
      const j = int(1, xs.length - 1);
      [xs[i], xs[j]] = [xs[j] as string, xs[i] as string];
    }
  };

  let n = 0;
  let story = 0;
  while (n < opts.count) {
    story++;
    const base = pick(bases);
    const size = Math.min(int(2, 6), opts.count - n);
    // The story: its own date (the base's, shifted), figures and sentence order, shared by its members.
    const storyDay = base.day + int(-540, 540) * DAY_MS;
    // Each story keeps its own subset of the base's sentences (the lead always) and borrows 1-3 sentences of
    // background from another article, so stories from one base differ more than the members of one story do.
    const storySentences = base.sentences
      .filter((_, i) => i === 0 || rnd() < 0.85)
      .map((s) => renumber(s, 0.3));
    const other = pick(bases);
    for (let k = int(1, 3); k > 0; k--)
      storySentences.splice(int(1, storySentences.length), 0, renumber(pick(other.sentences), 0.3));
    shuffleSome(storySentences, int(0, 3));
    for (let m = 0; m < size; m++) {
      n++;
      const outlet = pick(OUTLETS);
      const day = new Date(storyDay + int(0, 3) * DAY_MS);
      const sentences = [...storySentences];
      shuffleSome(sentences, int(1, 3));
      // Some outlets cut the tail; some report one figure differently.
      if (sentences.length > 6 && rnd() < 0.3) sentences.length -= int(1, 3);
      if (rnd() < 0.4) {
        const i = int(0, sentences.length - 1);
        sentences[i] = renumber(sentences[i] as string, 0.5);
      }
      // A closing line that is this article's alone: the serial makes every text distinct.
      const weekday = WEEKDAYS[day.getUTCDay()] as string;
      const closing = pick([
        `Reporting by ${pick(REPORTERS)} for ${outlet.toUpperCase()}; dispatch ${story}-${m + 1} (${n}).`,
        `${outlet.toUpperCase()} filed this report on ${weekday} as item ${n} of its Syria coverage.`,
        `This story (${n}) was updated ${int(1, 9)} times on ${weekday} and may be revised as details emerge.`,
        `Additional reporting by ${pick(REPORTERS)} and ${pick(REPORTERS)}, ${outlet} desk, file ${n}.`,
      ]);
      sentences.push(closing);
      // Paragraphs of 2-5 sentences.
      const paragraphs: string[] = [];
      for (let i = 0; i < sentences.length; ) {
        const k = int(2, 5);
        paragraphs.push(sentences.slice(i, i + k).join(" "));
        i += k;
      }
      const record = {
        id: `px${seed.toString(36)}-${String(n).padStart(7, "0")}`,
        title: `${pick(TITLE_PREFIXES)}${base.title}`,
        text: paragraphs.join("\n\n"),
        source: outlet,
        published: day.toISOString().slice(0, 10),
      };
      await write(
        opts.format === "csv"
          ? `${[record.id, record.title, record.text, record.source, record.published].map(csvField).join(",")}\n`
          : `${JSON.stringify(record)}\n`,
      );
    }
  }
  out.end();
  await once(out, "finish");
  if (failure) throw failure;
  return { articles: n, bytes };
}
