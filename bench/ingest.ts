// The ingest benchmark (`npm run bench`):
//   node dist/bench/ingest.js [--count N] [--seed S] [--keep]      env BENCH_JSONL_MB (default 1024; 0 skips)
// 1. generates an N-article CSV corpus (default 100,000) from the FA-KES dev split into bench/out/;
// 2. ingests it end to end (read + split + dedup + store) into a fresh SQLite file: wall time, articles/s, peak RSS,
//    database size, counts; then ingests the same file again into the same database (the idempotent re-run);
// 3. times the read path alone and read + prepare (ids, signatures) in child processes, for a cost breakdown;
// 4. streaming-memory check: a ~1 GB JSON Lines file read with readInputs in a child process (its own peak RSS);
// 5. writes bench/out/ingest.json and the "## Ingest" section of bench/RESULTS.md; deletes the big files unless
//    --keep.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { Counts } from "../src/pipeline/ingest-job.js";
import { ingestInto } from "../src/pipeline/ingest-job.js";
import { openSqlite } from "../src/store/sqlite.js";
import { generateCorpus } from "./corpus.js";
import { fmt, projectRoot, table, writeSection } from "./results.js";

const FLOOR = 5000; // articles/s, end to end, on the 2-core reference machine

interface ReadOnlyResult {
  articles: number;
  rejected: number;
  warnings: number;
  seconds: number;
  maxRssMB: number;
  bytes: number;
  shingles?: number;
}

function parseArgs(argv: string[]): { count: number; seed: number; keep: boolean } {
  let count = 100_000;
  let seed = 20170405;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === "--count") count = value();
    else if (a === "--seed") seed = value();
    else if (a === "--keep") keep = true;
    else throw new Error(`unknown argument ${a} (usage: ingest.js [--count N] [--seed S] [--keep])`);
  }
  return { count, seed, keep };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mb = (bytes: number) => bytes / (1024 * 1024);
const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);
const dbFiles = (p: string) => [p, `${p}-wal`, `${p}-shm`];
const dbBytes = (p: string) => dbFiles(p).reduce((s, f) => s + fileSize(f), 0);
const maxRssMB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
/** Runs read-only.js in a child process and returns its JSON line. */
async function readOnly(file: string, prepare: boolean, store?: string): Promise<ReadOnlyResult> {
  const script = fileURLToPath(new URL("./read-only.js", import.meta.url));
  const extra = [...(prepare ? ["--prepare"] : []), ...(store ? ["--store", store] : [])];
  const child = spawn(process.execPath, [script, file, ...extra], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    stdout += d;
  });
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`read-only.js ${file} exited with ${code}`);
  return JSON.parse(stdout.trim().split("\n").pop() as string) as ReadOnlyResult;
}

/**
 * Builds a JSON Lines file of about `targetBytes` by repeating the records of `seedFile` with fresh ids
 * ("r<k>-" prefixed), streaming: the seed file is re-read for every repetition.
 */
async function repeatJsonl(
  seedFile: string,
  out: string,
  targetBytes: number,
): Promise<{ records: number; bytes: number }> {
  const w = createWriteStream(out, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let records = 0;
  for (let rep = 0; bytes < targetBytes; rep++) {
    const lines = createInterface({ input: createReadStream(seedFile), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (bytes >= targetBytes) break;
      const o = JSON.parse(line) as { id: string; text: string };
      o.id = `r${rep}-${o.id}`;
      // Every copy distinct, so that a full ingest stores them all (a near-duplicate of its original).
      if (rep > 0) o.text += ` Copy ${rep} of this report.`;
      const s = `${JSON.stringify(o)}\n`;
      bytes += Buffer.byteLength(s);
      records++;
      if (!w.write(s)) await once(w, "drain");
    }
    lines.close();
  }
  w.end();
  await once(w, "finish");
  return { records, bytes };
}

async function main(): Promise<void> {
  const { count, seed, keep } = parseArgs(process.argv.slice(2));
  const big: string[] = [];
  try {
    await run(count, seed, big);
  } finally {
    if (!keep) {
      for (const f of big) await rm(f, { force: true });
      process.stdout.write(
        "deleted the generated corpus, database and JSON Lines files (--keep keeps them)\n",
      );
    }
  }
}

async function run(count: number, seed: number, big: string[]): Promise<void> {
  const jsonlMB = Number(process.env.BENCH_JSONL_MB ?? 1024);
  if (!Number.isFinite(jsonlMB) || jsonlMB < 0) throw new Error("BENCH_JSONL_MB must be a number ≥ 0");
  const root = projectRoot();
  const source = join(root, "..", "shared", "data", "fakes", "fakes-dev.csv");
  const outDir = join(root, "bench", "out");
  await mkdir(outDir, { recursive: true });
  const corpusPath = join(outDir, `corpus-${count}.csv`);
  const dbPath = join(outDir, "ingest-bench.db");
  const jsonlSeedPath = join(outDir, "jsonl-seed.jsonl");
  const jsonlPath = join(outDir, `big-${jsonlMB}MB.jsonl`);
  big.push(corpusPath, ...dbFiles(dbPath), jsonlSeedPath, jsonlPath);
  const argv = process.argv.slice(2).join(" ");
  const envPrefix = process.env.BENCH_JSONL_MB !== undefined ? `BENCH_JSONL_MB=${jsonlMB} ` : "";
  const command =
    process.env.npm_lifecycle_event === "bench"
      ? `${envPrefix}npm run bench${argv ? ` -- ${argv}` : ""}`
      : `${envPrefix}node ${relative(root, fileURLToPath(import.meta.url))}${argv ? ` ${argv}` : ""}`;
  const log = (s: string) => process.stdout.write(`${s}\n`);

  // 1. Corpus.
  for (const f of big) await rm(f, { force: true });
  log(`generating ${fmt(count)} articles (seed ${seed}) → ${relative(root, corpusPath)}`);
  let t = process.hrtime.bigint();
  const corpus = await generateCorpus({ source, out: corpusPath, count, format: "csv", seed });
  const generateSeconds = seconds(t);
  log(
    `  ${fmt(corpus.articles)} articles, ${fmt(mb(corpus.bytes), 1)} MB in ${generateSeconds.toFixed(1)} s`,
  );
  const rssBeforeIngestMB = maxRssMB();

  // 2. Ingest into a fresh database, then the same file again.
  const book = loadKnowledge().outlets;
  log("ingesting (read + split + dedup + store) into a fresh database");
  t = process.hrtime.bigint();
  let store = await openSqlite(dbPath);
  const openSeconds = seconds(t);
  t = process.hrtime.bigint();
  const first: Counts = await ingestInto(store, [corpusPath], { book }, { analyze: false });
  const ingestSeconds = seconds(t);
  const rssIngestMB = maxRssMB();
  const dbBytesOpen = dbBytes(dbPath);
  t = process.hrtime.bigint();
  await store.close();
  const closeSeconds = seconds(t);
  const dbBytesClosed = dbBytes(dbPath);
  const rate = first.read / ingestSeconds;
  log(
    `  ${fmt(first.read)} read in ${ingestSeconds.toFixed(2)} s = ${fmt(rate)} articles/s; ` +
      `${fmt(first.stored)} stored, ${fmt(first.duplicates)} duplicates, ${fmt(first.reprints)} reprints, ` +
      `${first.rejected} rejected; peak RSS ${fmt(rssIngestMB)} MB; DB ${fmt(mb(dbBytesClosed), 1)} MB`,
  );

  log("re-running the same ingest into the same database");
  t = process.hrtime.bigint();
  store = await openSqlite(dbPath);
  const reopenSeconds = seconds(t);
  t = process.hrtime.bigint();
  const second: Counts = await ingestInto(store, [corpusPath], { book }, { analyze: false });
  const rerunSeconds = seconds(t);
  await store.close();
  const rssRerunMB = maxRssMB();
  const idempotent = second.stored === 0 && second.duplicates === 0 && second.unchanged === second.read;
  log(
    `  ${fmt(second.read)} read in ${rerunSeconds.toFixed(2)} s (+ ${reopenSeconds.toFixed(2)} s to open): ` +
      `${second.stored} stored, ${fmt(second.unchanged)} unchanged — ${idempotent ? "idempotent" : "NOT IDEMPOTENT"}`,
  );

  // 3. Cost breakdown: the read path alone and read + prepare, each in its own process.
  log("read path alone, and read + prepare (ids, signatures), on the same CSV");
  const csvRead = await readOnly(corpusPath, false);
  const csvPrepare = await readOnly(corpusPath, true);
  log(
    `  read: ${csvRead.seconds.toFixed(2)} s (${fmt(csvRead.articles / csvRead.seconds)} articles/s); ` +
      `read + prepare: ${csvPrepare.seconds.toFixed(2)} s (${fmt(csvPrepare.articles / csvPrepare.seconds)} articles/s)`,
  );

  // 4. Streaming-memory check on a large JSON Lines file.
  let jsonl: (ReadOnlyResult & { generateSeconds: number; records: number }) | null = null;
  let jsonlIngest: ReadOnlyResult | null = null;
  if (jsonlMB > 0) {
    log(`generating a ~${fmt(jsonlMB)} MB JSON Lines file → ${relative(root, jsonlPath)}`);
    t = process.hrtime.bigint();
    await generateCorpus({
      source,
      out: jsonlSeedPath,
      count: Math.min(count, 20_000),
      format: "jsonl",
      seed: seed + 1,
    });
    const built = await repeatJsonl(jsonlSeedPath, jsonlPath, jsonlMB * 1024 * 1024);
    const jsonlGenerateSeconds = seconds(t);
    log(
      `  ${fmt(built.records)} records, ${fmt(mb(built.bytes))} MB in ${jsonlGenerateSeconds.toFixed(1)} s`,
    );
    log("reading it with readInputs only, in a child process");
    const r = await readOnly(jsonlPath, false);
    jsonl = { ...r, generateSeconds: jsonlGenerateSeconds, records: built.records };
    log(
      `  ${fmt(r.articles)} articles, ${fmt(mb(r.bytes))} MB in ${r.seconds.toFixed(1)} s ` +
        `(${fmt(r.articles / r.seconds)} articles/s, ${fmt(mb(r.bytes) / r.seconds, 1)} MB/s); peak RSS ${fmt(r.maxRssMB)} MB`,
    );
    log("ingesting it into a fresh database (read + split + dedup + store), in a child process");
    const jsonlDb = join(outDir, "jsonl-bench.db");
    big.push(...dbFiles(jsonlDb));
    const full = await readOnly(jsonlPath, false, jsonlDb);
    jsonlIngest = full;
    log(
      `  ${fmt(full.articles)} articles in ${full.seconds.toFixed(1)} s (${fmt(full.articles / full.seconds)} articles/s); peak RSS ${fmt(full.maxRssMB)} MB`,
    );
  }

  // 5. Report.
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
  const date = new Date().toISOString();
  const figures = {
    date,
    command,
    machine,
    corpus: {
      file: relative(root, corpusPath),
      articles: corpus.articles,
      bytes: corpus.bytes,
      seed,
      generateSeconds: Number(generateSeconds.toFixed(3)),
    },
    ingest: {
      seconds: Number(ingestSeconds.toFixed(3)),
      articlesPerSecond: Math.round(rate),
      mbPerSecond: Number((mb(corpus.bytes) / ingestSeconds).toFixed(2)),
      openSeconds: Number(openSeconds.toFixed(3)),
      closeSeconds: Number(closeSeconds.toFixed(3)),
      counts: first,
      peakRssMB: Math.round(rssIngestMB),
      peakRssBeforeIngestMB: Math.round(rssBeforeIngestMB),
      dbBytes: dbBytesClosed,
      dbBytesBeforeCheckpoint: dbBytesOpen,
      floorArticlesPerSecond: FLOOR,
      meetsFloor: rate >= FLOOR,
    },
    rerun: {
      seconds: Number(rerunSeconds.toFixed(3)),
      openSeconds: Number(reopenSeconds.toFixed(3)),
      articlesPerSecond: Math.round(second.read / rerunSeconds),
      counts: second,
      idempotent,
      peakRssMB: Math.round(rssRerunMB),
    },
    readPath: { csv: csvRead, csvWithPrepare: csvPrepare },
    jsonl,
    jsonlIngest,
  };
  await writeFile(join(outDir, "ingest.json"), `${JSON.stringify(figures, null, 2)}\n`);

  const row = (k: string, v: string): [string, string] => [k, v];
  const section = [
    "## Ingest",
    "",
    `Measured ${date.slice(0, 10)} with \`${command}\` (after \`npm run build\`).`,
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM, Node ${machine.node}, ${machine.platform}.`,
    "",
    `Corpus: ${fmt(corpus.articles)} distinct articles derived from the FA-KES dev split (seed ${seed}; bench/corpus.ts: ` +
      `stories of 1-6 independent reports of one base article, ~5% wire reprints, 15 outlets), CSV, ${fmt(mb(corpus.bytes), 1)} MB.`,
    "",
    ...table([
      row(
        "Ingest, end to end (read + split + dedup + store)",
        `${ingestSeconds.toFixed(2)} s, **${fmt(rate)} articles/s**, ${fmt(mb(corpus.bytes) / ingestSeconds, 1)} MB/s`,
      ),
      row("Floor", `${fmt(FLOOR)} articles/s — ${rate >= FLOOR ? "met" : "**NOT met**"}`),
      row(
        "Counts",
        `${fmt(first.read)} read, ${fmt(first.stored)} stored, ${fmt(first.duplicates)} duplicates, ` +
          `${fmt(first.reprints)} reprints, ${first.rejected} rejected, ${first.warnings} warnings`,
      ),
      row("Peak RSS (bench process, maxRSS)", `${fmt(rssIngestMB)} MB`),
      row(
        "Database size (after close)",
        `${fmt(mb(dbBytesClosed), 1)} MB (${fmt(mb(dbBytesOpen), 1)} MB with WAL)`,
      ),
      row(
        "Re-run, same file, same database",
        `${rerunSeconds.toFixed(2)} s (${fmt(second.read / rerunSeconds)} articles/s) + ${reopenSeconds.toFixed(2)} s ` +
          `open; ${second.stored} stored, ${fmt(second.unchanged)} unchanged — ${idempotent ? "idempotent" : "**NOT idempotent**"}`,
      ),
      row(
        "Read path alone (CSV, child process)",
        `${csvRead.seconds.toFixed(2)} s, ${fmt(csvRead.articles / csvRead.seconds)} articles/s, peak RSS ${fmt(csvRead.maxRssMB)} MB`,
      ),
      row(
        "Read + prepare (ids, MinHash; CSV, child process)",
        `${csvPrepare.seconds.toFixed(2)} s, ${fmt(csvPrepare.articles / csvPrepare.seconds)} articles/s, peak RSS ${fmt(csvPrepare.maxRssMB)} MB`,
      ),
      jsonl
        ? row(
            "Streaming memory: JSON Lines read with readInputs (child process)",
            `${fmt(mb(jsonl.bytes))} MB, ${fmt(jsonl.articles)} articles in ${jsonl.seconds.toFixed(1)} s ` +
              `(${fmt(jsonl.articles / jsonl.seconds)} articles/s, ${fmt(mb(jsonl.bytes) / jsonl.seconds, 1)} MB/s); ` +
              `**peak RSS ${fmt(jsonl.maxRssMB)} MB**`,
          )
        : row("Streaming memory: JSON Lines", "skipped (BENCH_JSONL_MB=0)"),
      ...(jsonlIngest
        ? [
            row(
              "Same JSON Lines file ingested into a fresh database (child process)",
              `${fmt(jsonlIngest.articles)} articles in ${jsonlIngest.seconds.toFixed(1)} s ` +
                `(${fmt(jsonlIngest.articles / jsonlIngest.seconds)} articles/s); **peak RSS ${fmt(jsonlIngest.maxRssMB)} MB**`,
            ),
          ]
        : []),
    ]),
    "",
    "Raw figures: `bench/out/ingest.json` (not committed).",
    "",
  ].join("\n");
  const resultsPath = await writeSection(root, "Ingest", section);

  log("");
  log(`ingest: ${fmt(rate)} articles/s (floor ${fmt(FLOOR)}: ${rate >= FLOOR ? "met" : "NOT MET"})`);
  log(`wrote ${relative(root, resultsPath)} and ${relative(root, join(outDir, "ingest.json"))}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
