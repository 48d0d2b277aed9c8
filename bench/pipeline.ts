// The full pipeline at scale, through the real CLI in a child process: `parallax ingest` reads, stores, analyses
// (thread pool), links into stories and cross-checks a corpus made by bench/corpus.ts. Per run (10,000 and 100,000
// articles by default; 1,000,000 with BENCH_MILLION=1; any size with --count N):
//
// - wall time and articles/s of the whole ingest, CPU cores busy, peak memory of the whole process (all threads:
//   VmHWM in /proc/<pid>/status, polled);
// - per-article clustering cost as the database grows: the link job's time per batch (PARALLAX_LINK_STATS, an opt-in
//   hook in src/pipeline/link-job.ts), averaged over windows of articles, compared at 10k / 100k / 1M;
// - the cross-check's cost: the tail of the run after the last link batch (final merge pass + verdict counts of the
//   stories that changed), and compareStored timed on a sample of stories of 2+ sources;
// - the stories' quality against the generator's ground truth: pairwise precision, recall and F1.
//
// Results: the "Pipeline" section of bench/RESULTS.md (all sizes measured so far, from bench/out/pipeline.json).
// Usage: node dist/bench/pipeline.js [--count N …] [--keep]     BENCH_MILLION=1 node dist/bench/pipeline.js
// (--keep keeps the corpus, truth, link statistics and database in bench/out/: ~4.7 GB of database per 100,000
// articles; --report only rewrites the section from bench/out/pipeline.json.)

import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { loadKnowledge } from "../src/knowledge/index.js";
import { compareStored } from "../src/pipeline/compare-job.js";
import { openStore } from "../src/store/sqlite.js";
import { getStory } from "../src/store/stories.js";
import { CORPUS_PARAMETERS, generateCorpus } from "./corpus.js";
import { fmt, projectRoot, writeSection } from "./results.js";

const SEED = 20170405;
const FLOOR_RATE = 1000; // articles/s, the full pipeline
const FLOOR_MILLION_SECONDS = 20 * 60;
const FLOOR_PEAK_MB = 2048;
const FLOOR_LINK_RATIO = 2;
const WINDOW = 5000; // articles per clustering-cost window
const COMPARE_SAMPLE = 500;

interface LinkLine {
  linked: number;
  ms: number;
  total: number;
  at: number;
}

interface Run {
  date: string;
  command: string;
  count: number;
  loadBefore: number[];
  corpus: { file: string; bytes: number; stories: number; reprints: number; days: string; seconds: number };
  ingest: {
    seconds: number;
    rate: number;
    cores: number;
    peakMB: number;
    counts: Record<string, number>;
    dbMB: number;
  };
  link: {
    seconds: number;
    /** ms per article over the WINDOW articles up to each point. */
    at: { articles: number; msPerArticle: number }[];
    series: { articles: number; msPerArticle: number }[];
  };
  compare: { tailSeconds: number; sampled: number; msPerStory: number; p95: number };
  quality: {
    articles: number;
    truthStories: number;
    stories: number;
    precision: number;
    recall: number;
    f1: number;
  };
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const mb = (bytes: number) => bytes / 1024 ** 2;

function options(argv: string[]): { counts: number[]; keep: boolean; report: boolean } {
  const counts: number[] = [];
  let keep = false;
  let report = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--keep") keep = true;
    else if (a === "--report") report = true;
    else if (a === "--count") {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1000) throw new Error("--count needs an integer of at least 1000");
      counts.push(v);
    } else
      throw new Error(
        `unknown argument ${a} (usage: pipeline.js [--count N …] [--keep] [--report]; BENCH_MILLION=1)`,
      );
  }
  if (counts.length === 0 && !report)
    counts.push(...(process.env.BENCH_MILLION === "1" ? [1_000_000] : [10_000, 100_000]));
  return { counts, keep, report };
}

/** Runs the CLI ingest in a child process, polling its memory (all threads) and CPU time. */
async function runIngest(
  root: string,
  corpus: string,
  db: string,
  statsFile: string,
): Promise<{ seconds: number; cores: number; peakMB: number; counts: Record<string, number>; end: number }> {
  const cli = join(root, "dist", "src", "cli", "main.js");
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "ingest", corpus, "--db", db, "--format", "json"], {
    env: { ...process.env, PARALLAX_LINK_STATS: statsFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let lastProgress = "";
  let stderrTail = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d: Buffer) => {
    const s = d.toString();
    stderrTail = (stderrTail + s).slice(-4000);
    const lines = s.split(/[\r\n]+/).filter((l) => l.startsWith("progress"));
    if (lines.length > 0) lastProgress = lines[lines.length - 1] as string;
  });
  const tick = Number(100); // clock ticks a second (USER_HZ)
  let peakKB = 0;
  let cpuTicks = 0;
  const poll = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      peakKB = Math.max(peakKB, Number(hwm?.[1] ?? 0), Number(rss?.[1] ?? 0));
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process has ended
    }
  };
  const timer = setInterval(poll, 200);
  const progressTimer = setInterval(() => {
    if (lastProgress) log(`  ${lastProgress}`);
  }, 30_000);
  const code: number = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c) => resolve(c ?? 1));
  });
  const end = Date.now();
  clearInterval(timer);
  clearInterval(progressTimer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 && code !== 1) throw new Error(`ingest exited with ${code}:\n${stderrTail}`);
  const json = stdout.trim().split("\n").pop() ?? "{}";
  const counts = JSON.parse(json) as Record<string, number>;
  return { seconds, cores: cpuTicks / tick / seconds, peakMB: peakKB / 1024, counts, end };
}

/** Clustering cost: ms per article over the WINDOW articles before each point, and a series over the run. */
function linkCost(lines: LinkLine[], count: number): Run["link"] {
  const over = (from: number, to: number) => {
    let ms = 0;
    let n = 0;
    for (const l of lines)
      if (l.total > from && l.total <= to) {
        ms += l.ms;
        n += l.linked;
      }
    return n > 0 ? ms / n : Number.NaN;
  };
  const last = lines.length > 0 ? (lines[lines.length - 1] as LinkLine).total : 0;
  const points = [10_000, 100_000, 1_000_000].filter((p) => p <= last);
  if (points[points.length - 1] !== last && last > 0) points.push(last);
  const step = Math.max(WINDOW, Math.round(count / 10 / WINDOW) * WINDOW);
  const series: Run["link"]["series"] = [];
  for (let p = step; p <= last; p += step)
    series.push({ articles: p, msPerArticle: over(Math.max(0, p - WINDOW), p) });
  return {
    seconds: lines.reduce((s, l) => s + l.ms, 0) / 1000,
    at: points.map((p) => ({ articles: p, msPerArticle: over(Math.max(0, p - WINDOW), p) })),
    series,
  };
}

/** Pairwise precision / recall / F1 of the stored stories against the generator's truth. */
function quality(db: string, truthFile: string): Run["quality"] {
  const truth = new Map<string, string>();
  const text = readFileSync(truthFile, "utf8");
  let at = text.indexOf("\n") + 1;
  while (at < text.length) {
    const end = text.indexOf("\n", at);
    const line = text.slice(at, end < 0 ? text.length : end);
    at = end < 0 ? text.length : end + 1;
    const [id, story] = line.split(",");
    if (id && story) truth.set(id, story);
  }
  const sqlite = new Database(db, { readonly: true });
  const joint = new Map<string, number>();
  const truthSizes = new Map<string, number>();
  const predSizes = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let articles = 0;
  const rows = sqlite
    .prepare(
      `select a.source_id as sid, coalesce(s.story_id, 'single:' || a.id) as story
       from articles a left join story_articles s on s.article_id = a.id`,
    )
    .raw()
    .iterate() as IterableIterator<[string | null, string]>;
  for (const [sid, story] of rows) {
    const t = sid ? truth.get(sid) : undefined;
    if (!t) continue;
    articles++;
    inc(truthSizes, t);
    inc(predSizes, story);
    inc(joint, `${t}\u0000${story}`);
  }
  sqlite.close();
  const pairs = (m: Map<string, number>) => {
    let s = 0;
    for (const n of m.values()) s += (n * (n - 1)) / 2;
    return s;
  };
  const tp = pairs(joint);
  const precision = tp / Math.max(1, pairs(predSizes));
  const recall = tp / Math.max(1, pairs(truthSizes));
  return {
    articles,
    truthStories: truthSizes.size,
    stories: predSizes.size,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-9, precision + recall),
  };
}

/** compareStored on a sample of stories of 2+ sources (the cross-check a reader's first /comparison runs). */
async function compareCost(db: string): Promise<{ sampled: number; msPerStory: number; p95: number }> {
  const sqlite = new Database(db, { readonly: true });
  const ids = (
    sqlite.prepare("select id from stories where sources >= 2 order by id").pluck().all() as string[]
  ).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / COMPARE_SAMPLE)) === 0);
  sqlite.close();
  const kb = loadKnowledge();
  const store = await openStore(db);
  const times: number[] = [];
  try {
    for (const id of ids.slice(0, COMPARE_SAMPLE)) {
      const story = await getStory(store, id);
      if (!story) continue;
      const t0 = performance.now();
      await compareStored(store, story, kb);
      times.push(performance.now() - t0);
    }
  } finally {
    await store.close();
  }
  times.sort((a, b) => a - b);
  return {
    sampled: times.length,
    msPerStory: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    p95: times[Math.floor(times.length * 0.95)] ?? 0,
  };
}

const dbFiles = (db: string) => [db, `${db}-wal`, `${db}-shm`];

async function measure(root: string, count: number, keep: boolean, command: string): Promise<Run> {
  const outDir = join(root, "bench", "out");
  const corpusPath = join(outDir, `pipeline-${count}.csv`);
  const truthPath = join(outDir, `pipeline-${count}.truth.csv`);
  const db = join(outDir, `pipeline-${count}.db`);
  const statsFile = join(outDir, `pipeline-${count}.link.jsonl`);
  for (const f of [...dbFiles(db), statsFile]) await rm(f, { force: true });
  const source = join(root, "..", "shared", "data", "fakes", "fakes-dev.csv");

  log(`generating ${fmt(count)} articles (seed ${SEED}) → ${relative(root, corpusPath)}`);
  const g0 = performance.now();
  const corpus = await generateCorpus({
    source,
    out: corpusPath,
    count,
    format: "csv",
    seed: SEED,
    truth: truthPath,
  });
  const genSeconds = (performance.now() - g0) / 1000;
  log(
    `  ${fmt(corpus.stories)} stories, ${fmt(corpus.reprints)} reprints, ${fmt(mb(corpus.bytes), 1)} MB in ${genSeconds.toFixed(1)} s`,
  );

  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  log(`ingesting through the CLI (load average ${loadBefore.join(" ")}) …`);
  const ingest = await runIngest(root, corpusPath, db, statsFile);
  log(
    `  ${ingest.seconds.toFixed(1)} s, ${fmt(count / ingest.seconds)} articles/s, peak ${fmt(ingest.peakMB)} MB, ` +
      `${ingest.cores.toFixed(2)} cores busy`,
  );
  const lines = existsSync(statsFile)
    ? readFileSync(statsFile, "utf8")
        .trim()
        .split("\n")
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as LinkLine)
    : [];
  if (lines.length === 0)
    log("  no link statistics (is dist/src/pipeline/link-job.js built with PARALLAX_LINK_STATS?)");
  const link = linkCost(lines, count);
  const tailSeconds =
    lines.length > 0 ? (ingest.end - (lines[lines.length - 1] as LinkLine).at) / 1000 : Number.NaN;
  log("measuring story quality and the cross-check …");
  const q = quality(db, truthPath);
  const cmp = await compareCost(db);
  const dbMB = dbFiles(db)
    .filter((f) => existsSync(f))
    .reduce((s, f) => s + mb(statSync(f).size), 0);
  if (!keep) for (const f of [...dbFiles(db), corpusPath, truthPath, statsFile]) await rm(f, { force: true });
  return {
    date: new Date().toISOString(),
    command,
    count,
    loadBefore,
    corpus: {
      file: relative(root, corpusPath),
      bytes: corpus.bytes,
      stories: corpus.stories,
      reprints: corpus.reprints,
      days: `${corpus.firstDay} – ${corpus.lastDay}`,
      seconds: Number(genSeconds.toFixed(2)),
    },
    ingest: {
      seconds: Number(ingest.seconds.toFixed(2)),
      rate: Math.round(count / ingest.seconds),
      cores: Number(ingest.cores.toFixed(2)),
      peakMB: Math.round(ingest.peakMB),
      counts: ingest.counts,
      dbMB: Math.round(dbMB),
    },
    link,
    compare: { tailSeconds: Number(tailSeconds.toFixed(2)), ...cmp },
    quality: q,
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(3)} ms` : "n/a");
const met = (ok: boolean) => (ok ? "met" : "**not met**");

function section(runs: Run[]): string {
  const m = machine();
  const P = CORPUS_PARAMETERS;
  const out: string[] = [
    "## Pipeline",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, Node ${m.node}, ${m.platform}.`,
    "",
    "Command: `npm run build && node dist/bench/pipeline.js` (10,000 and 100,000 articles), " +
      "`BENCH_MILLION=1 node dist/bench/pipeline.js` (`npm run bench:million`) for 1,000,000. Each run generates its " +
      "corpus, then times `parallax ingest <corpus.csv> --db <fresh.db> --format json` in a child process: read → store " +
      "→ analyse (thread pool) → link → cross-check, all of it. Each column is the latest run of that size; the load " +
      "average row shows whether other work shared the 2 cores during it (figures taken at a load above ~1 are " +
      "slowed by that sharing).",
    "",
    `Corpus (bench/corpus.ts, seed ${SEED}): each story is one FA-KES dev article (of ${P.minSentences}+ sentences, ` +
      "near-copies among them dropped) re-told by 1-6 outlets " +
      `(weights ${P.storySizes.join("/")}, mean ~3.0) as independent reports: each keeps its own ` +
      `${P.keep[0] * 100}-${P.keep[1] * 100}% of the base's sentences in its own order, reworded (stop-word ` +
      `and adverb edits, reporting verbs), plus ${P.background[0]}-${P.background[1]} background sentences, its own title and a date within ` +
      `±1 day; the story substitutes the base's Syrian places with gazetteer towns (a town given to one story in ` +
      `${P.placeGap} stories), has its own figures (an outlet ` +
      `now and then reports one differently) and its own dates (${P.storiesPerDay} new stories a day from ${P.start}, ` +
      `${P.openStories} open at once, a base not re-used within ${P.baseGap} stories); ~${P.reprintShare * 100}% of ` +
      "reports are wire reprints of an earlier report of their story. The ground truth goes to a side file; F1 is " +
      "pairwise (pairs of articles in one story) over the store's story membership.",
    "",
  ];
  const cols = runs.map((r) => fmt(r.count));
  const row = (name: string, f: (r: Run) => string) => `| ${name} | ${runs.map(f).join(" | ")} |`;
  out.push(`| Figure | ${cols.join(" | ")} |`, `| --- | ${runs.map(() => "---").join(" | ")} |`);
  out.push(
    row("Measured", (r) => r.date.slice(0, 16).replace("T", " ")),
    row("Load average before the run (1/5/15 min)", (r) => r.loadBefore.join(" / ")),
    row(
      "Corpus",
      (r) => `${fmt(mb(r.corpus.bytes), 1)} MB, ${fmt(r.corpus.stories)} stories, ${r.corpus.days}`,
    ),
    row("Full pipeline, wall time", (r) => `${fmt(r.ingest.seconds, 1)} s`),
    row(
      `Full pipeline, articles/s (floor ${fmt(FLOOR_RATE)})`,
      (r) => `**${fmt(r.ingest.rate)}** — ${met(r.ingest.rate >= FLOOR_RATE)}`,
    ),
    row("CPU cores busy (of 2)", (r) => r.ingest.cores.toFixed(2)),
    row("Peak memory, whole process (VmHWM, all threads)", (r) => `**${fmt(r.ingest.peakMB)} MB**`),
    row("Stored / analysed / linked", (r) => {
      const c = r.ingest.counts;
      return `${fmt(c.stored ?? 0)} / ${fmt(c.analyzed ?? 0)} / ${fmt(c.linked ?? 0)}`;
    }),
    row("Reprints detected (generated)", (r) => {
      const c = r.ingest.counts;
      return `${fmt(c.reprints ?? 0)} (${fmt(r.corpus.reprints)}), ${(((c.reprints ?? 0) / r.count) * 100).toFixed(1)}%`;
    }),
    row("Database size", (r) => `${fmt(r.ingest.dbMB)} MB`),
    row("Linking, total (link job's batches)", (r) => `${fmt(r.link.seconds, 1)} s`),
    ...[10_000, 100_000, 1_000_000].map((p) =>
      row(`Clustering cost per article at ${fmt(p)} (window of ${fmt(WINDOW)})`, (r) => {
        const a = r.link.at.find((x) => x.articles === p);
        return a ? ms(a.msPerArticle) : "";
      }),
    ),
    row(`Clustering cost, last window ÷ at 10,000 (floor ${FLOOR_LINK_RATIO}×)`, (r) => {
      const first = r.link.at.find((x) => x.articles === 10_000);
      const last = r.link.at[r.link.at.length - 1];
      if (!first || !last || last === first) return "";
      const ratio = last.msPerArticle / first.msPerArticle;
      return `${ratio.toFixed(2)}× at ${fmt(last.articles)} — ${met(ratio <= FLOOR_LINK_RATIO)}`;
    }),
    row(
      "Cross-check at the end of the run (final merge + verdict counts)",
      (r) =>
        `${fmt(r.compare.tailSeconds, 1)} s (${fmt(r.ingest.counts.stories ?? 0)} stories in the database)`,
    ),
    row(
      "Cross-check of one story of 2+ sources (compareStored, sample)",
      (r) => `${ms(r.compare.msPerStory)} mean, p95 ${ms(r.compare.p95)} (${r.compare.sampled} stories)`,
    ),
    row("Stories made / in the truth", (r) => `${fmt(r.quality.stories)} / ${fmt(r.quality.truthStories)}`),
    row(
      "Pairwise precision / recall / **F1**",
      (r) =>
        `${r.quality.precision.toFixed(3)} / ${r.quality.recall.toFixed(3)} / **${r.quality.f1.toFixed(3)}**`,
    ),
  );
  const million = runs.find((r) => r.count === 1_000_000);
  out.push("", "Floors:", "");
  for (const r of runs)
    out.push(
      `- ${fmt(r.count)} articles: ${fmt(r.ingest.rate)} articles/s — ${met(r.ingest.rate >= FLOOR_RATE)} (floor ${fmt(FLOOR_RATE)}).`,
    );
  if (million) {
    const ok = million.ingest.seconds < FLOOR_MILLION_SECONDS && million.ingest.peakMB < FLOOR_PEAK_MB;
    out.push(
      `- 1,000,000 articles in ${fmt(million.ingest.seconds / 60, 1)} min with peak ${fmt(million.ingest.peakMB)} MB ` +
        `(floors: under 20 min, under ${fmt(FLOOR_PEAK_MB)} MB) — ${met(ok)}.`,
    );
  } else
    out.push(
      "- 1,000,000 articles (under 20 min, peak under 2 GB): not measured yet (`npm run bench:million`).",
    );
  for (const r of runs) {
    if (r.link.series.length === 0) continue;
    out.push(
      "",
      `Clustering cost per article through the ${fmt(r.count)} run (ms, window of ${fmt(WINDOW)} articles up to the point): ` +
        r.link.series
          .map(
            (s) =>
              `${fmt(s.articles)}: ${Number.isFinite(s.msPerArticle) ? s.msPerArticle.toFixed(3) : "n/a"}`,
          )
          .join(" · "),
    );
  }
  out.push("", "Raw figures: `bench/out/pipeline.json` (not committed).", "");
  return out.join("\n");
}

async function main(): Promise<void> {
  const root = projectRoot();
  const { counts, keep, report } = options(process.argv.slice(2));
  const command =
    `${process.env.BENCH_MILLION === "1" ? "BENCH_MILLION=1 " : ""}node dist/bench/pipeline.js ${process.argv.slice(2).join(" ")}`.trim();
  const rawPath = join(root, "bench", "out", "pipeline.json");
  const previous: Run[] = existsSync(rawPath)
    ? (JSON.parse(readFileSync(rawPath, "utf8")) as { runs: Run[] }).runs
    : [];
  const byCount = new Map(previous.map((r) => [r.count, r]));
  if (report) {
    const path = await writeSection(
      root,
      "Pipeline",
      section([...byCount.values()].sort((a, b) => a.count - b.count)),
    );
    log(`rewrote the Pipeline section of ${relative(root, path)} from ${relative(root, rawPath)}`);
    return;
  }
  for (const count of counts) {
    const run = await measure(root, count, keep, command);
    byCount.set(count, run);
    const runs = [...byCount.values()].sort((a, b) => a.count - b.count);
    await writeFile(rawPath, `${JSON.stringify({ machine: machine(), runs }, null, 2)}\n`);
    const path = await writeSection(root, "Pipeline", section(runs));
    log(
      `${fmt(count)}: ${fmt(run.ingest.rate)} articles/s, peak ${fmt(run.ingest.peakMB)} MB, F1 ${run.quality.f1.toFixed(3)}, ` +
        `${fmt(run.quality.stories)} stories (truth ${fmt(run.quality.truthStories)}) → ${relative(root, path)}`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
