// The analysis benchmark (second half of `npm run bench`):
//   node dist/bench/analyze.js [--articles N] [--ingest N]
// 1. analysis alone, on one core: the FA-KES dev split and the seeds (bundled sample corpus), cycled to N articles
//    (default 5,000), through createAnalyzer — articles/s, and the cost of loading the knowledge base;
// 2. ingest with analysis on every core: an N-article corpus (default 20,000) generated from FA-KES, ingested into a
//    fresh database with one analysis thread per core — articles/s, and CPU time over wall time (cores kept busy);
// 3. writes bench/out/analyze.json and the "## Analyze" section of bench/RESULTS.md.

import { statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative } from "node:path";
import { createAnalyzer } from "../src/analyze/index.js";
import { prepareArticle, readInputs } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import { defaultThreads } from "../src/pipeline/analyze-pool.js";
import { ingestInto } from "../src/pipeline/ingest-job.js";
import type { Article } from "../src/records.js";
import { openSqlite } from "../src/store/sqlite.js";
import { generateCorpus } from "./corpus.js";
import { fmt, intOptions, projectRoot, table, writeSection } from "./results.js";

const FLOOR_ONE_CORE = 500; // articles/s of analysis on one core

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
async function main(): Promise<void> {
  const { articles: target, ingest: ingestCount } = intOptions(
    process.argv.slice(2),
    { articles: 5000, ingest: 20_000 },
    "analyze.js",
  );
  const root = projectRoot();
  const outDir = join(root, "bench", "out");
  await mkdir(outDir, { recursive: true });
  const log = (s: string) => process.stdout.write(`${s}\n`);

  // 1. One core: the analyze stage alone.
  let t = process.hrtime.bigint();
  const kb = loadKnowledge();
  const analyze = createAnalyzer(kb);
  const loadSeconds = seconds(t);
  const sample: Article[] = [];
  const corpusDir = join(root, "data", "samples", "corpus");
  for await (const e of readInputs([corpusDir], { book: kb.outlets }))
    if (e.kind === "article") sample.push(prepareArticle(e.article).article);
  const totalChars = sample.reduce((s, a) => s + a.body.join("\n\n").length + (a.title?.length ?? 0), 0);
  for (const a of sample.slice(0, 100)) analyze(a); // warm-up: JIT and wink's lazy tables
  t = process.hrtime.bigint();
  let mentions = 0;
  for (let i = 0; i < target; i++) mentions += analyze(sample[i % sample.length] as Article).mentions.length;
  const oneCoreSeconds = seconds(t);
  const oneCoreRate = target / oneCoreSeconds;
  log(
    `analysis on one core: ${fmt(target)} articles in ${oneCoreSeconds.toFixed(2)} s = ${fmt(oneCoreRate)} articles/s ` +
      `(knowledge base + indexes loaded in ${loadSeconds.toFixed(2)} s; ${fmt(mentions / target, 1)} mentions/article)`,
  );

  // 2. Every core: ingest with analysis threads.
  // The generator takes dates from the FA-KES date column, so it reads the shared copy (as the ingest bench does).
  const source = join(root, "..", "shared", "data", "fakes", "fakes-dev.csv");
  const corpusPath = join(outDir, "analyze-corpus.csv");
  const dbPath = join(outDir, "analyze-bench.db");
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) await rm(f, { force: true });
  await generateCorpus({ source, out: corpusPath, count: ingestCount, format: "csv", seed: 20170909 });
  const threads = defaultThreads();
  const store = await openSqlite(dbPath);
  const cpu0 = cpuSeconds();
  t = process.hrtime.bigint();
  const counts = await ingestInto(store, [corpusPath], { book: kb.outlets }, { analyze: { threads } });
  const ingestSeconds = seconds(t);
  const cpu = cpuSeconds() - cpu0;
  await store.close();
  const ingestRate = counts.read / ingestSeconds;
  const peakRssMB = process.resourceUsage().maxRSS / 1024; // KiB → MiB; every thread of this process
  const coresBusy = cpu / ingestSeconds;
  log(
    `ingest + analysis, ${threads} analysis threads: ${fmt(counts.read)} articles (${fmt(counts.analyzed)} analysed) in ` +
      `${ingestSeconds.toFixed(1)} s = ${fmt(ingestRate)} articles/s; CPU ${cpu.toFixed(1)} s = ${coresBusy.toFixed(2)} cores busy`,
  );

  const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism()} cores, Node ${process.version}`;
  const figures = {
    machine,
    oneCore: {
      articles: target,
      seconds: oneCoreSeconds,
      rate: oneCoreRate,
      loadSeconds,
      avgChars: totalChars / sample.length,
    },
    ingest: {
      articles: counts.read,
      analyzed: counts.analyzed,
      threads,
      seconds: ingestSeconds,
      rate: ingestRate,
      cpuSeconds: cpu,
      coresBusy,
    },
    dbMB: statSync(dbPath).size / 2 ** 20,
    peakRssMB,
  };
  await writeFile(join(outDir, "analyze.json"), `${JSON.stringify(figures, null, 2)}\n`);
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, corpusPath]) await rm(f, { force: true });

  const section = [
    "## Analyze",
    "",
    `Command: \`npm run bench\` (second part: \`node dist/bench/analyze.js\`). Machine: ${machine}.`,
    "",
    ...table([
      [
        `Analysis, one core (FA-KES dev + seeds cycled, ${fmt(target)} articles, ~${fmt(totalChars / sample.length)} characters each)`,
        `**${fmt(oneCoreRate)} articles/s** (floor ${FLOOR_ONE_CORE})`,
      ],
      ["Knowledge base load + index build", `${loadSeconds.toFixed(2)} s`],
      [
        `Ingest with analysis, ${fmt(counts.read)} generated articles, ${threads} analysis threads`,
        `**${fmt(ingestRate)} articles/s** (${ingestSeconds.toFixed(1)} s)`,
      ],
      [
        "CPU time / wall time during that ingest",
        `${coresBusy.toFixed(2)} cores busy of ${os.availableParallelism()}`,
      ],
      ["Peak RSS of the bench process (all threads)", `${fmt(peakRssMB)} MB`],
    ]),
    "",
    "Raw figures: `bench/out/analyze.json` (not committed).",
    "",
  ].join("\n");
  const resultsPath = await writeSection(root, "Analyze", section);
  log(`analysis floor ${FLOOR_ONE_CORE}/s on one core: ${oneCoreRate >= FLOOR_ONE_CORE ? "met" : "NOT MET"}`);
  log(`wrote ${relative(root, resultsPath)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
