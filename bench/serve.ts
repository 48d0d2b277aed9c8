// The HTTP API benchmark (last part of `npm run bench`):
//   node dist/bench/serve.js [--articles N] [--seconds S] [--connections C] [--fresh] [--profile]
// 1. a database of N articles (default 100,000) built through the real pipeline: a corpus generated from the FA-KES
//    dev split (bench/corpus.ts), ingested with analysis and story linking on, as `parallax ingest` does; cached in
//    bench/out/serve-<N>.db (with its build time in serve-<N>.build.json) and reused while it holds N articles,
//    analysed and linked (--fresh rebuilds it);
// 2. the real server in a child process (`node dist/src/cli/main.js serve --db … --port 0`), so that the load
//    generator here does not share its event loop; started afresh for each latency phase (--profile runs it with
//    --cpu-prof into bench/out/serve-prof/). The stories' verdict counts are as the ingest leaves them (it
//    cross-checks the stories it changed); a cached database from before that is checked once, and timed;
// 3. latency, one request at a time: GET /api/stories/:id for 2,000 random stories (or all there are), each asked
//    twice (cold: a fresh process, nothing in its memory; warm), then /comparison and /articles for 500 random
//    stories each (cold /comparison compares the story);
// 4. load with autocannon over the mix of requests the web UI makes (story pages, story lists with filters, the
//    map's events, the timeline, search, the overview): a 10 s probe at 10 connections, then C connections
//    (default 200) for S seconds (default 30);
// 5. writes bench/out/serve.json and the "## API" section of bench/RESULTS.md.
// Floors (the issue's): GET /api/stories/:id p95 under 50 ms on 100,000 articles; zero errors under load.

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { loadKnowledge } from "../src/knowledge/index.js";
import { checkStories } from "../src/pipeline/compare-job.js";
import { type Counts, ingestInto } from "../src/pipeline/ingest-job.js";
import { openSqlite } from "../src/store/sqlite.js";
import { generateCorpus, mulberry32 } from "./corpus.js";
import { fmt, intOptions, projectRoot, table, writeSection } from "./results.js";

const FLOOR_P95_MS = 50;
const SEED = 20170405; // the corpus (the ingest bench's)
const SAMPLE_SEED = 20171010; // the story ids asked for
const DETAIL_IDS = 2000;
const SUB_IDS = 500;
const WARMUP_IDS = 100;
const PER_ENDPOINT = 20;
const PROBE_CONNECTIONS = 10;
const PROBE_SECONDS = 10;

const log = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mb = (bytes: number) => bytes / (1024 * 1024);
const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);
const dbFiles = (p: string) => [p, `${p}-wal`, `${p}-shm`];
const dbBytes = (p: string) => dbFiles(p).reduce((s, f) => s + fileSize(f), 0);

interface BuildInfo {
  date: string;
  articles: number;
  seed: number;
  seconds: number;
  articlesPerSecond: number;
  generateSeconds: number;
  counts: Counts;
  peakRssMB: number;
  machine: string;
}

interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a list of milliseconds. */
function percentiles(ms: readonly number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
  const r = (x: number) => Number(x.toFixed(2));
  return {
    n: s.length,
    p50: r(at(50)),
    p95: r(at(95)),
    p99: r(at(99)),
    max: r(s.at(-1) ?? 0),
    mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The database.

/** Builds (or reuses) bench/out/serve-<N>.db; returns how it was built. */
async function database(
  root: string,
  outDir: string,
  n: number,
  fresh: boolean,
): Promise<{ path: string; build: BuildInfo | null; reused: boolean }> {
  const path = join(outDir, `serve-${n}.db`);
  const infoPath = join(outDir, `serve-${n}.build.json`);
  const readInfo = (): BuildInfo | null =>
    existsSync(infoPath) ? (JSON.parse(readFileSync(infoPath, "utf8")) as BuildInfo) : null;
  if (!fresh && existsSync(path)) {
    const store = await openSqlite(path);
    const held = (store.sqlite.prepare("select count(*) as n from articles").get() as { n: number }).n;
    const analysed = (store.sqlite.prepare("select count(*) as n from analyses").get() as { n: number }).n;
    const linked = (store.sqlite.prepare("select count(*) as n from story_articles").get() as { n: number })
      .n;
    await store.close();
    if (held === n && analysed === n && linked >= n) {
      log(
        `reusing ${relative(root, path)}: ${fmt(held)} articles, analysed and linked (--fresh rebuilds it)`,
      );
      return { path, build: readInfo(), reused: true };
    }
    log(
      `${relative(root, path)} holds ${fmt(held)} articles (${fmt(analysed)} analysed, ${fmt(linked)} linked), ` +
        `not ${fmt(n)}: rebuilding it`,
    );
  }

  const source = join(root, "..", "shared", "data", "fakes", "fakes-dev.csv");
  const corpusPath = join(outDir, `serve-corpus-${n}.csv`);
  const building = join(outDir, `serve-${n}.building.db`);
  for (const f of [...dbFiles(building), corpusPath]) await rm(f, { force: true });
  log(`generating ${fmt(n)} articles (seed ${SEED}) → ${relative(root, corpusPath)}`);
  let t = process.hrtime.bigint();
  const corpus = await generateCorpus({ source, out: corpusPath, count: n, format: "csv", seed: SEED });
  const generateSeconds = seconds(t);
  log(
    `  ${fmt(corpus.articles)} articles, ${fmt(mb(corpus.bytes), 1)} MB in ${generateSeconds.toFixed(1)} s`,
  );

  log("ingesting with analysis and story linking (as `parallax ingest` does); this takes several minutes");
  const kb = loadKnowledge();
  const store = await openSqlite(building);
  let counts: Counts;
  t = process.hrtime.bigint();
  let lastLog = Date.now();
  try {
    counts = await ingestInto(
      store,
      [corpusPath],
      { book: kb.outlets },
      {
        analyze: {},
        onProblem: (e) =>
          log(`  ${e.kind}: ${e.kind === "reject" ? e.reason : e.message} (${JSON.stringify(e.where)})`),
        onBatch: (c) => {
          if (Date.now() - lastLog < 15_000) return;
          lastLog = Date.now();
          const s = seconds(t);
          log(
            `  ${s.toFixed(0)} s: ${fmt(c.stored)} stored, ${fmt(c.analyzed)} analysed, ${fmt(c.linked)} linked ` +
              `(${fmt(c.analyzed / s)} articles/s)`,
          );
        },
      },
    );
  } catch (e) {
    await rm(corpusPath, { force: true });
    throw e;
  } finally {
    await store.close();
  }
  const buildSeconds = seconds(t);
  for (const f of dbFiles(path)) await rm(f, { force: true });
  await rename(building, path);
  for (const suffix of ["-wal", "-shm"])
    if (existsSync(`${building}${suffix}`)) await rename(`${building}${suffix}`, `${path}${suffix}`);
  await rm(corpusPath, { force: true });
  const build: BuildInfo = {
    date: new Date().toISOString(),
    articles: n,
    seed: SEED,
    seconds: Number(buildSeconds.toFixed(1)),
    articlesPerSecond: Math.round(counts.read / buildSeconds),
    generateSeconds: Number(generateSeconds.toFixed(1)),
    counts,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    machine: machineLine(),
  };
  await writeFile(infoPath, `${JSON.stringify(build, null, 2)}\n`);
  log(
    `  built in ${buildSeconds.toFixed(0)} s (${build.articlesPerSecond} articles/s): ${fmt(counts.stored)} stored, ` +
      `${fmt(counts.analyzed)} analysed, ${fmt(counts.linked)} linked into ${fmt(counts.stories)} stories, ` +
      `${counts.rejected} rejected → ${relative(root, path)}`,
  );
  return { path, build, reused: false };
}

interface DbFacts {
  articles: number;
  analysed: number;
  stories: number;
  multiSource: number;
  events: number;
  bytes: number;
  storyIds: string[];
  /** Ids of the stories with 2+ independent sources (the ones whose first read runs the cross-check). */
  multiSourceIds: string[];
  /** Stories by article count: [articles, stories]. */
  sizes: [number, number][];
  largest: { id: string; articles: number; sources: number } | null;
  /** The middle story's event day, for a month-long from/to filter. */
  midDay: string | null;
}

/** What the database holds. */
async function facts(path: string): Promise<DbFacts> {
  const store = await openSqlite(path);
  try {
    const q = (sql: string) => (store.sqlite.prepare(sql).get() as { n: number }).n;
    const stories = q("select count(*) as n from stories");
    const mid = store.sqlite
      .prepare(
        "select event_day as d from stories where event_day is not null order by event_day limit 1 offset ?",
      )
      .get(Math.floor(stories / 2)) as { d: string } | undefined;
    return {
      articles: q("select count(*) as n from articles"),
      analysed: q("select count(*) as n from analyses"),
      stories,
      multiSource: q("select count(*) as n from stories where sources >= 2"),
      events: q("select count(*) as n from events"),
      bytes: 0,
      storyIds: (store.sqlite.prepare("select id from stories order by id").all() as { id: string }[]).map(
        (r) => r.id,
      ),
      multiSourceIds: (
        store.sqlite.prepare("select id from stories where sources >= 2 order by id").all() as {
          id: string;
        }[]
      ).map((r) => r.id),
      sizes: (
        store.sqlite
          .prepare("select articles as a, count(*) as n from stories group by articles order by articles")
          .all() as { a: number; n: number }[]
      ).map((r) => [r.a, r.n]),
      midDay: mid?.d ?? null,
      largest:
        (store.sqlite
          .prepare("select id, articles, sources from stories order by articles desc, id limit 1")
          .get() as DbFacts["largest"] | undefined) ?? null,
    };
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The server, in a child process.

interface Server {
  child: ChildProcess;
  base: string;
  /** Lines the server wrote to stderr (500s are logged there with their stack). */
  stderr: string[];
  stop(): Promise<void>;
}

async function startServer(root: string, db: string, profileDir: string | null): Promise<Server> {
  const cli = join(root, "dist", "src", "cli", "main.js");
  if (!existsSync(cli))
    throw new Error(`${relative(root, cli)} is missing: build first (tsc -p tsconfig.build.json)`);
  const node = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...node, cli, "serve", "--db", db, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PARALLAX_LOG: "0" },
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => {
    if (stderr.length < 5000) stderr.push(l);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the server did not start within 120 s"));
    }, 120_000);
    lines.on("line", (l) => {
      const m = /serving (http:\/\/\S+?)\/? \(/.exec(l);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ""));
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the server exited (${code ?? signal}) before listening: ${stderr.slice(-20).join("\n")}`),
      );
    });
  });
  let stopped = false;
  return {
    child,
    base,
    stderr,
    async stop() {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = true;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's CPU seconds (user + system) and peak RSS, from /proc (Linux); null elsewhere. */
function childUsage(pid: number | undefined): { cpuSeconds: number; peakRssMB: number } | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of the full line)
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return { cpuSeconds: ticks / 100, peakRssMB: Number(hwm ?? 0) / 1024 };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Latency, one request at a time.

interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: string;
}

async function timedGet(base: string, path: string): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`);
  const buf = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  return {
    ms,
    status: res.status,
    bytes: buf.byteLength,
    body: res.status === 200 ? "" : buf.toString("utf8"),
  };
}

interface Series extends Percentiles {
  /** Each request's time, in request order (not written out). */
  ms: number[];
  failures: { path: string; status: number; body: string }[];
  meanBytes: number;
}

async function series(base: string, paths: readonly string[]): Promise<Series> {
  const ms: number[] = [];
  const failures: Series["failures"] = [];
  let bytes = 0;
  for (const path of paths) {
    const r = await timedGet(base, path);
    ms.push(r.ms);
    bytes += r.bytes;
    if (r.status !== 200) failures.push({ path, status: r.status, body: r.body.slice(0, 300) });
  }
  return { ...percentiles(ms), ms, failures, meanBytes: Math.round(bytes / Math.max(1, paths.length)) };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Load.

interface MixEntry {
  kind: string;
  weight: number;
  path: () => string;
}

const SEARCH_WORDS = [
  "Aleppo",
  "airstrikes",
  "ceasefire",
  "Raqqa",
  "chemical",
  "rebels",
  "Damascus",
  "hospital",
];

function requestMix(storyIds: readonly string[], midDay: string | null, rnd: () => number): MixEntry[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const story = () => encodeURIComponent(pick(storyIds));
  const day = midDay ? new Date(`${midDay.slice(0, 10)}T00:00:00Z`) : new Date("2015-06-15T00:00:00Z");
  const to = day.toISOString().slice(0, 10);
  const from = new Date(day.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const lists = [
    "/api/stories?limit=50",
    "/api/stories?limit=50&place=SY-DY",
    "/api/stories?limit=50&order=sources",
    `/api/stories?limit=50&from=${from}&to=${to}`,
    `/api/stories?limit=50&place=SY-DY&order=sources&from=${from}&to=${to}`,
    "/api/stories?limit=50&order=deaths",
  ];
  return [
    { kind: "GET /api/stories/:id", weight: 30, path: () => `/api/stories/${story()}` },
    { kind: "GET /api/stories/:id/comparison", weight: 8, path: () => `/api/stories/${story()}/comparison` },
    { kind: "GET /api/stories/:id/articles", weight: 8, path: () => `/api/stories/${story()}/articles` },
    {
      kind: "GET /api/stories?limit=50 (filters, pages)",
      weight: 20,
      path: () =>
        rnd() < 0.2 ? `/api/stories?limit=50&offset=${50 * Math.floor(rnd() * 100)}` : pick(lists),
    },
    { kind: "GET /api/events?main=true&limit=500", weight: 8, path: () => "/api/events?main=true&limit=500" },
    {
      kind: "GET /api/timeline (main=true as the UI asks, or bare)",
      weight: 8,
      path: () => (rnd() < 0.5 ? "/api/timeline?main=true" : "/api/timeline"),
    },
    {
      kind: "GET /api/search?q=<word>",
      weight: 10,
      path: () => `/api/search?q=${encodeURIComponent(pick(SEARCH_WORDS))}`,
    },
    { kind: "GET /api/overview", weight: 8, path: () => "/api/overview" },
  ];
}

interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  failures: number;
  errorMessages: Record<string, number>;
  byKind: {
    kind: string;
    requests: number;
    non2xx: number;
    p50: number;
    p97_5: number;
    p99: number;
    max: number;
  }[];
  non2xxSamples: { kind: string; status: number; body: string }[];
  serverCpuSeconds: number | null;
}

async function load(
  base: string,
  mix: readonly MixEntry[],
  rnd: () => number,
  connections: number,
  duration: number,
  pid: number | undefined,
): Promise<LoadResult> {
  const totalWeight = mix.reduce((s, e) => s + e.weight, 0);
  const choose = (): MixEntry => {
    let x = rnd() * totalWeight;
    for (const e of mix) {
      x -= e.weight;
      if (x < 0) return e;
    }
    return mix.at(-1) as MixEntry;
  };
  const times = new Map<string, number[]>(mix.map((e) => [e.kind, []]));
  const bad = new Map<string, number>(mix.map((e) => [e.kind, 0]));
  const samples: LoadResult["non2xxSamples"] = [];
  const errorMessages: Record<string, number> = {};
  type Ctx = { kind?: string };
  const kindOf = (client: unknown): string =>
    (client as { requestIterator?: { context?: Ctx } }).requestIterator?.context?.kind ?? "(unknown)";

  const before = childUsage(pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        requests: [
          {
            method: "GET",
            setupRequest: (req, context) => {
              const e = choose();
              (context as Ctx).kind = e.kind;
              return { ...req, path: e.path() };
            },
            onResponse: (status, body, context) => {
              if (status >= 200 && status < 300) return;
              const kind = (context as Ctx).kind ?? "(unknown)";
              bad.set(kind, (bad.get(kind) ?? 0) + 1);
              if (samples.length < 20) samples.push({ kind, status, body: body.slice(0, 300) });
            },
          },
        ],
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", (client, _status, _bytes, responseTime) => {
      times.get(kindOf(client))?.push(responseTime);
    });
    instance.on("reqError", (e: Error) => {
      const k = e.message || String(e);
      errorMessages[k] = (errorMessages[k] ?? 0) + 1;
    });
    let ticks = 0;
    instance.on("tick", () => {
      if (++ticks % 10 === 0) log(`  ${ticks} s …`);
    });
  });
  const after = childUsage(pid);

  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = Number(v.count ?? 0);
  const r = (x: number) => Number(x.toFixed(2));
  return {
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: r(result.requests.total / result.duration),
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: r(result.latency.average),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    statusCodes,
    // autocannon counts timeouts among errors; non-2xx answers are counted apart.
    failures: result.errors + result.non2xx,
    errorMessages,
    byKind: mix.map((e) => {
      const p = percentiles(times.get(e.kind) ?? []);
      const s = [...(times.get(e.kind) ?? [])].sort((a, b) => a - b);
      const p975 = s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.975 * s.length) - 1))] ?? 0;
      return {
        kind: e.kind,
        requests: p.n,
        non2xx: bad.get(e.kind) ?? 0,
        p50: p.p50,
        p97_5: r(p975),
        p99: p.p99,
        max: p.max,
      };
    }),
    non2xxSamples: samples,
    serverCpuSeconds: before && after ? r(after.cpuSeconds - before.cpuSeconds) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------

function machineLine(): string {
  const cpus = os.cpus();
  return (
    `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ` +
    `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`
  );
}

/** Picks `k` distinct items (partial Fisher-Yates with the seeded PRNG). */
function sample<T>(xs: readonly T[], k: number, rnd: () => number): T[] {
  const a = [...xs];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (a.length - i));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

/** Cross-checks the stories the ingest left unchecked (a database built before ingest did it), timed. */
async function checkAll(path: string): Promise<{ seconds: number; stories: number }> {
  const store = await openSqlite(path);
  try {
    const t = process.hrtime.bigint();
    const stories = await checkStories(store, loadKnowledge());
    return { seconds: seconds(t), stories };
  } finally {
    await store.close();
  }
}

interface Phase {
  name: string;
  cold: Series;
  warm: Series;
  /** The same requests, for the stories with 2+ independent sources only. */
  multiCold: Percentiles | null;
  multiWarm: Percentiles | null;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flags = new Set<string>(argv.filter((a) => a === "--fresh" || a === "--profile"));
  const opts = intOptions(
    argv.filter((a) => !flags.has(a)),
    { articles: 100_000, seconds: 30, connections: 200 },
    "serve.js [--fresh] [--profile]",
  );
  const root = projectRoot();
  const outDir = join(root, "bench", "out");
  await mkdir(outDir, { recursive: true });
  const command =
    process.env.npm_lifecycle_event === "bench"
      ? `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`
      : `node ${relative(root, fileURLToPath(import.meta.url))}${argv.length ? ` ${argv.join(" ")}` : ""}`;

  // 1. The database.
  const db = await database(root, outDir, opts.articles, flags.has("--fresh"));
  const dbFacts = await facts(db.path);
  dbFacts.bytes = dbBytes(db.path);
  log(
    `database: ${fmt(dbFacts.articles)} articles (${fmt(dbFacts.analysed)} analysed), ${fmt(dbFacts.stories)} stories ` +
      `(${fmt(dbFacts.multiSource)} with 2+ sources), ${fmt(dbFacts.events)} events, ${fmt(mb(dbFacts.bytes), 1)} MB`,
  );
  if (dbFacts.stories === 0) throw new Error("the database holds no stories");

  const checks = await checkAll(db.path);
  if (checks.stories > 0)
    log(
      `cross-checked ${fmt(checks.stories)} stories the ingest had left unchecked in ${checks.seconds.toFixed(1)} s`,
    );

  // Story ids: a warm-up set, never measured; each measured phase draws its own stories among the others, on a
  // freshly started server, so that its first requests are cold.
  const rnd = mulberry32(SAMPLE_SEED);
  const multiSet = new Set(dbFacts.multiSourceIds);
  const warmupIds = sample(dbFacts.storyIds, Math.min(WARMUP_IDS, Math.floor(dbFacts.stories / 10)), rnd);
  const warmSet = new Set(warmupIds);
  const pool = dbFacts.storyIds.filter((id) => !warmSet.has(id));
  const detailIds = sample(pool, DETAIL_IDS, rnd);
  const comparisonIds = sample(pool, SUB_IDS, rnd);
  const articleIds = sample(pool, SUB_IDS, rnd);
  const largest = dbFacts.largest;
  const enc = encodeURIComponent;

  // 2. The server, restarted for each cold phase.
  const profileDir = flags.has("--profile") ? join(outDir, "serve-prof") : null;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  let server: Server | null = null;
  const onSignal = () => {
    server?.child.kill("SIGKILL");
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("exit", () => server?.child.kill("SIGKILL"));
  const startSeconds: number[] = [];
  const restart = async (): Promise<Server> => {
    await server?.stop();
    const t = process.hrtime.bigint();
    server = await startServer(root, db.path, profileDir);
    startSeconds.push(seconds(t));
    // Warm-up (JIT, SQLite's statement cache and pages) on stories that are not measured.
    await series(server.base, [
      "/api/overview",
      ...warmupIds.flatMap((id) => [
        `/api/stories/${enc(id)}`,
        `/api/stories/${enc(id)}/comparison`,
        `/api/stories/${enc(id)}/articles`,
      ]),
    ]);
    log(
      `server (pid ${server.child.pid}) on ${server.base}: started in ${(startSeconds.at(-1) ?? 0).toFixed(1)} s, ` +
        `warmed up on ${warmupIds.length} stories`,
    );
    return server;
  };

  try {
    // 3. Latency, one request at a time.
    const phases: Phase[] = [];
    const measure = async (name: string, ids: string[], path: (id: string) => string) => {
      if (ids.length === 0) return;
      const s = await restart();
      log(`${name}: ${fmt(ids.length)} stories, one request at a time, cold then warm`);
      const paths = ids.map(path);
      const cold = await series(s.base, paths);
      const warm = await series(s.base, paths);
      const multi = (x: Series) => {
        const ms = x.ms.filter((_, i) => multiSet.has(ids[i] as string));
        return ms.length ? percentiles(ms) : null;
      };
      const phase = { name, cold, warm, multiCold: multi(cold), multiWarm: multi(warm) };
      phases.push(phase);
      for (const [k, x] of [
        ["cold", cold],
        ["warm", warm],
        ["cold, 2+ sources", phase.multiCold],
        ["warm, 2+ sources", phase.multiWarm],
      ] as const)
        if (x)
          log(
            `  ${k}: ${x.n} requests, p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)}, p99 ${x.p99.toFixed(1)}, ` +
              `max ${x.max.toFixed(1)}${"failures" in x ? `; ${x.failures.length} not 200` : ""}`,
          );
    };
    await measure("GET /api/stories/:id", detailIds, (id) => `/api/stories/${enc(id)}`);
    await measure(
      "GET /api/stories/:id/comparison",
      comparisonIds,
      (id) => `/api/stories/${enc(id)}/comparison`,
    );
    await measure("GET /api/stories/:id/articles", articleIds, (id) => `/api/stories/${enc(id)}/articles`);
    const current = server ?? (await restart());

    // The other endpoints of the mix, one at a time (after a first call each), for reading the load figures.
    const mixRnd = mulberry32(SAMPLE_SEED + 1);
    const mix = requestMix(dbFacts.storyIds, dbFacts.midDay, mixRnd);
    const endpoints: Record<string, Series & { first: number }> = {};
    const fixed = [
      "/api/stories?limit=50",
      "/api/stories?limit=50&place=SY-DY&order=sources",
      "/api/events?main=true&limit=500",
      "/api/timeline?main=true",
      "/api/timeline",
      "/api/search?q=Aleppo",
      "/api/overview",
      ...(largest
        ? [
            `/api/stories/${enc(largest.id)}`,
            `/api/stories/${enc(largest.id)}/comparison`,
            `/api/stories/${enc(largest.id)}/articles`,
          ]
        : []),
    ];
    log(`other endpoints, ${PER_ENDPOINT} requests each, one at a time`);
    for (const path of fixed) {
      // The first answer is computed; the next ones come from the server's answer cache where the route has one.
      const first = (await timedGet(current.base, path)).ms;
      const s = await series(current.base, Array(PER_ENDPOINT).fill(path) as string[]);
      endpoints[path] = { ...s, first };
      log(
        `  ${path}: first ${first.toFixed(1)} ms, then p50 ${s.p50.toFixed(1)} ms, max ${s.max.toFixed(1)}, ` +
          `${fmt(s.meanBytes / 1024, 1)} KB`,
      );
    }

    // 4. Load: a short probe at low concurrency (what the server sustains without queueing), then the floor's run.
    const runLoad = async (connections: number, duration: number) => {
      log(
        `load: ${connections} connections for ${duration} s (autocannon), the mix of the web UI's requests`,
      );
      const r = await load(current.base, mix, mixRnd, connections, duration, current.child.pid);
      log(
        `  ${fmt(r.requests)} requests, ${fmt(r.requestsPerSecond, 1)}/s; latency p50 ${r.latency.p50} ms, p97.5 ` +
          `${r.latency.p97_5}, p99 ${r.latency.p99}, max ${r.latency.max}; errors ${r.errors} (timeouts ` +
          `${r.timeouts}), non-2xx ${r.non2xx}`,
      );
      for (const k of r.byKind)
        log(
          `    ${k.kind}: ${fmt(k.requests)}, p50 ${k.p50} ms, p97.5 ${k.p97_5}, p99 ${k.p99}, max ${k.max}` +
            `${k.non2xx ? `, ${k.non2xx} non-2xx` : ""}`,
        );
      return r;
    };
    const probe = await runLoad(PROBE_CONNECTIONS, PROBE_SECONDS);
    const loadResult = await runLoad(opts.connections, opts.seconds);
    // Requests the load generator gave up on are still worked through by the server: how long until it answers.
    const drainStart = performance.now();
    const alive = await fetch(`${current.base}/api/overview`, { signal: AbortSignal.timeout(300_000) })
      .then(async (r) => ({ status: r.status, body: await r.text() }))
      .catch((e: Error) => ({ status: 0, body: e.message }));
    const drainSeconds = (performance.now() - drainStart) / 1000;
    log(`  first answer after the load: ${alive.status} after ${drainSeconds.toFixed(1)} s`);
    const usage = childUsage(current.child.pid);
    const serverErrors = current.stderr.filter((l) => l.startsWith("parallax serve:"));

    // 5. Report.
    const detail = phases.find((p) => p.name === "GET /api/stories/:id") as Phase;
    const p95Met = detail.cold.p95 < FLOOR_P95_MS && detail.warm.p95 < FLOOR_P95_MS;
    const loadMet = loadResult.failures === 0;
    const build = db.build;
    const strip = (x: Series) => ({ ...x, ms: undefined });
    const figures = {
      date: new Date().toISOString(),
      command,
      machine: machineLine(),
      database: {
        file: relative(root, db.path),
        reused: db.reused,
        articles: dbFacts.articles,
        analysed: dbFacts.analysed,
        stories: dbFacts.stories,
        multiSourceStories: dbFacts.multiSource,
        events: dbFacts.events,
        bytes: dbFacts.bytes,
        storySizes: dbFacts.sizes,
        largestStory: largest,
        build,
      },
      sample: {
        seed: SAMPLE_SEED,
        warmupStories: warmupIds.length,
        detailStories: detailIds.length,
        detailStoriesWithTwoPlusSources: detailIds.filter((id) => multiSet.has(id)).length,
        comparisonStories: comparisonIds.length,
        articlesStories: articleIds.length,
      },
      server: {
        startSeconds: startSeconds.map((x) => Number(x.toFixed(2))),
        peakRssMB: usage ? Math.round(usage.peakRssMB) : null,
        cpuSeconds: usage?.cpuSeconds ?? null,
        stderrErrors: serverErrors.length,
        stderrSample: current.stderr.slice(0, 40),
        firstAnswerAfterLoad: { status: alive.status, seconds: Number(drainSeconds.toFixed(2)) },
      },
      latency: phases.map((p) => ({ ...p, cold: strip(p.cold), warm: strip(p.warm) })),
      endpoints: Object.fromEntries(Object.entries(endpoints).map(([k, v]) => [k, strip(v)])),
      probe,
      load: loadResult,
      floors: {
        storyDetailP95Ms: FLOOR_P95_MS,
        storyDetailP95Met: p95Met,
        zeroErrorsUnderLoad: loadMet,
      },
    };
    await writeFile(join(outDir, "serve.json"), `${JSON.stringify(figures, null, 2)}\n`);

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    let medianSize = 0;
    for (let i = 0, seen = 0; i < dbFacts.sizes.length; i++) {
      const [a, k] = dbFacts.sizes[i] as [number, number];
      seen += k;
      if (seen * 2 >= dbFacts.stories) {
        medianSize = a;
        break;
      }
    }
    const over100 = dbFacts.sizes.filter(([a]) => a > 100).reduce((s, [, k]) => s + k, 0);
    const latRow = (name: string, k: string, s: Percentiles, failures: number | null) =>
      `| ${name} | ${k} | ${fmt(s.n)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${failures ?? ""} |`;
    const buildLine = build
      ? `built ${build.date.slice(0, 10)} in ${fmt(build.seconds / 60, 1)} min (${fmt(build.articlesPerSecond)} ` +
        `articles/s, ingest + analysis + linking${db.reused ? "; reused by this run" : ""})`
      : "reused (its build time was not recorded)";
    const loadRows = (r: LoadResult): [string, string][] => [
      [
        "Requests",
        `${fmt(r.requests)} in ${r.seconds.toFixed(1)} s, **${fmt(r.requestsPerSecond, 1)} requests/s**`,
      ],
      [
        "Latency (all requests answered)",
        `p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p97.5 ${r.latency.p97_5} ms, p99 ${r.latency.p99} ms, ` +
          `max ${r.latency.max} ms`,
      ],
      [
        "Errors",
        `**${r.failures}**: ${r.errors} connection errors (of which ${r.timeouts} timeouts), ${r.non2xx} non-2xx; ` +
          `status codes ${JSON.stringify(r.statusCodes)}`,
      ],
      [
        "Server CPU",
        r.serverCpuSeconds !== null
          ? `${fmt(r.serverCpuSeconds / r.seconds, 2)} cores busy`
          : "(not measured)",
      ],
    ];
    const kindTable = (r: LoadResult) => [
      "| request | answered | p50 | p97.5 | p99 | max | non-2xx |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...r.byKind.map((k) =>
        k.requests === 0
          ? `| ${k.kind} | 0 | – | – | – | – | ${k.non2xx} |`
          : `| ${k.kind} | ${fmt(k.requests)} | ${fmt(k.p50)} ms | ${fmt(k.p97_5)} ms | ${fmt(k.p99)} ms | ` +
            `${fmt(k.max)} ms | ${k.non2xx} |`,
      ),
    ];
    const section = [
      "## API",
      "",
      `Measured ${figures.date.slice(0, 10)} with \`${command}\` (after \`tsc -p tsconfig.build.json\`). ` +
        `Machine: ${figures.machine}.`,
      "",
      `Database: ${fmt(dbFacts.articles)} articles generated from the FA-KES dev split (seed ${SEED}, as the ingest ` +
        "bench) and ingested through the real pipeline with analysis and story linking, as `parallax ingest` does; " +
        `${buildLine}. It holds ${fmt(dbFacts.stories)} stories (${fmt(dbFacts.multiSource)} with 2+ independent ` +
        `sources; a median of ${medianSize} articles a story, ${fmt(over100)} stories of more than 100, the largest ` +
        `${fmt(largest?.articles ?? 0)}), ${fmt(dbFacts.events)} events, ${fmt(mb(dbFacts.bytes))} MB. (The ` +
        "generator, bench/corpus.ts, re-tells each FA-KES dev article as stories of 1-6 independent reports with " +
        "their own places, figures and dates, ~5% of them wire reprints; a database cached from the earlier " +
        "near-copy generator, whose stories were few and large, is rebuilt with --fresh.)",
      "",
      "The server runs in its own process (`node dist/src/cli/main.js serve --db … --port 0`). Each latency row " +
        "below starts a fresh server, warms it up on " +
        `${warmupIds.length} other stories, then asks each story once (cold: nothing of it in the server's memory; ` +
        "the first /comparison compares the story) and once more (warm). The verdict counts lists show are computed " +
        "by the ingest, as it ends (they are not computed on a read). One request at a time, `fetch`, whole body read; " +
        `stories at random (seed ${SAMPLE_SEED})` +
        (detailIds.length < DETAIL_IDS
          ? `; /api/stories/:id asks all ${fmt(detailIds.length)} stories left after the warm-up (the database ` +
            `holds fewer than ${fmt(DETAIL_IDS)}).`
          : "."),
      "",
      "| endpoint | | requests | p50 | p95 | p99 | max | not 200 |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...phases.flatMap((p) => [
        latRow(p.name, "cold", p.cold, p.cold.failures.length),
        latRow(p.name, "warm", p.warm, p.warm.failures.length),
        ...(p.multiCold ? [latRow(`${p.name}, stories with 2+ sources`, "cold", p.multiCold, null)] : []),
        ...(p.multiWarm ? [latRow(`${p.name}, stories with 2+ sources`, "warm", p.multiWarm, null)] : []),
      ]),
      "",
      `Other endpoints, one at a time: the first request (computed), then ${PER_ENDPOINT} more (p50, max; ` +
        "lists, map points, timeline, search, overview and story texts are answered from the server's cache " +
        "until the data changes), and the body size:",
      "",
      "| request | first | then p50 | then max | body |",
      "| --- | --- | --- | --- | --- |",
      ...Object.entries(endpoints).map(
        ([p, s]) =>
          `| \`${largest ? p.replace(largest.id, `<largest story, ${fmt(largest.articles)} articles>`) : p}\` | ` +
          `${ms(s.first)} | ${ms(s.p50)} | ${ms(s.max)} | ${fmt(s.meanBytes / 1024)} KB |`,
      ),
      "",
      "Load, with autocannon (10 s timeout) on the server of the last row, every request drawn from the web UI's " +
        `mix: ${mix.map((e) => `${e.kind} ${e.weight}%`).join(", ")} (story ids at random among all ` +
        `${fmt(dbFacts.stories)}; list filters place=SY-DY, order=sources/deaths, a month's from/to, pages; search ` +
        `words ${SEARCH_WORDS.join(", ")}). First a ${PROBE_SECONDS} s probe at ${PROBE_CONNECTIONS} connections ` +
        `(a light load), then the floor's run, ${loadResult.connections} connections ` +
        `for ${opts.seconds} s:`,
      "",
      ...table([
        ...loadRows(probe).map(([k, v]): [string, string] => [`${PROBE_CONNECTIONS} connections: ${k}`, v]),
        ...loadRows(loadResult).map(([k, v]): [string, string] => [
          `${loadResult.connections} connections: ${k}`,
          v,
        ]),
        [
          "Server process",
          `${usage ? `peak RSS ${fmt(usage.peakRssMB)} MB; ` : ""}${serverErrors.length} errors logged; first answer ` +
            `after the load: ${alive.status === 200 ? "200" : `**${alive.status || "none"}**`} after ` +
            `${drainSeconds.toFixed(1)} s`,
        ],
      ]),
      "",
      `By request kind, ${loadResult.connections} connections (autocannon's response times; timed-out requests ` +
        "are not in them):",
      "",
      ...kindTable(loadResult),
      "",
      `By request kind, ${PROBE_CONNECTIONS} connections:`,
      "",
      ...kindTable(probe),
      "",
      "Floors:",
      "",
      `- GET /api/stories/:id p95 under ${FLOOR_P95_MS} ms on ${fmt(dbFacts.articles)} articles: cold ` +
        `${ms(detail.cold.p95)}, warm ${ms(detail.warm.p95)} — ${p95Met ? "**met**" : "**NOT met**"}` +
        (detail.multiCold
          ? ` (stories with 2+ sources alone, cold: p95 ${ms(detail.multiCold.p95)}, ` +
            `${detail.multiCold.p95 < FLOOR_P95_MS ? "under" : "**over**"} ${FLOOR_P95_MS} ms).`
          : "."),
      `- Zero errors under load (${loadResult.connections} connections, ${opts.seconds} s): ${loadResult.failures} ` +
        `(${loadResult.errors} errors incl. ${loadResult.timeouts} timeouts, ${loadResult.non2xx} non-2xx) — ` +
        `${loadMet ? "**met**" : "**NOT met**"}.`,
      "",
      "Raw figures: `bench/out/serve.json` (not committed).",
      "",
    ].join("\n");
    const resultsPath = await writeSection(root, "API", section);
    log("");
    log(
      `GET /api/stories/:id p95: cold ${ms(detail.cold.p95)}, warm ${ms(detail.warm.p95)} (floor ${FLOOR_P95_MS} ms: ` +
        `${p95Met ? "met" : "NOT MET"}); load: ${fmt(loadResult.requestsPerSecond, 1)} requests/s, ` +
        `${loadResult.failures} failures (floor 0: ${loadMet ? "met" : "NOT MET"})`,
    );
    if (serverErrors.length) log(`server errors (first 5):\n${serverErrors.slice(0, 5).join("\n")}`);
    log(`wrote ${relative(root, resultsPath)} and ${relative(root, join(outDir, "serve.json"))}`);
  } finally {
    await (server as Server | null)?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
