#!/usr/bin/env node
// The `parallax` command line. Exit codes: 0 all good, 1 some records rejected, 2 usage error.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createAnalyzer } from "../analyze/index.js";
import { parseFieldMap, prepareArticle, readInputs } from "../ingest/index.js";
import { AnalyzePool } from "../pipeline/analyze-pool.js";
import { eventsToCsv, eventsToGeoJson } from "../pipeline/export.js";
import { ingestInto } from "../pipeline/ingest-job.js";
import type { AnalyzedArticle, Article, Casualties, Event } from "../records.js";
import { countAnalyses, getAnalysis, listEntities } from "../store/analyses.js";
import {
  countArticles,
  getArticle,
  listArticles,
  outletCounts,
  QuerySyntaxError,
} from "../store/articles.js";
import { type EventQuery, type EventRow, listEvents } from "../store/events.js";
import { openStore, resolveDbPath } from "../store/sqlite.js";
import { listStories, storyOfArticle } from "../store/stories.js";
import {
  actorEntityId,
  checkDate,
  eventType,
  governorateCode,
  knowledge,
  OPTIONS,
  positiveInt,
  print,
  printRows,
  type Values,
} from "./args.js";
import { cmdCopy } from "./copy.js";
import { cut, type Format, parseFormat, problemLine, table, UsageError } from "./output.js";
import { Progress } from "./progress.js";
import { serveStore } from "./serve.js";
import { cmdCompare, cmdLink, cmdStories, cmdStory } from "./stories.js";
import { cmdWorker, queueFlags } from "./worker.js";

const USAGE = `parallax — read a war through many outlets at once

Usage:
  parallax ingest <paths or URLs…> [--db FILE] [--map COL=FIELD …] [--timeout SECONDS] [--format table|json]
                 [--kb PATH …] [--threads N] [--no-analyze] [--enqueue-only] [--lease SECONDS]
                  (PostgreSQL: the articles are queued in jobs, then worked here unless --enqueue-only)
  parallax articles [--outlet NAME] [--place GOVERNORATE] [--from DATE] [--to DATE] [--q TEXT] [--limit N] [--format table|json|jsonl]
  parallax show <id> [--format table|json]
  parallax entities [--type place|person|organization] [--q TEXT] [--limit N] [--format table|json|jsonl]
  parallax events [--db FILE] [--type TYPE] [--from DATE] [--to DATE] [--place GOVERNORATE] [--actor NAME]
                 [--limit N] [--format table|json|jsonl|csv|geojson]
                  (--format csv: ACLED's columns; geojson: the events with coordinates; --limit defaults to 50
                  for the table, to every event for the other formats)
  parallax stories [--from DATE] [--to DATE] [--place GOVERNORATE] [--outlet NAME] [--limit N]
                  [--format table|json|jsonl]   the reports of one incident, grouped across outlets
  parallax story <id> [--format table|json]     a story's articles and its campaign thread
  parallax compare <storyId> [--format table|json]
                  the cross-check: agreed, compatible, conflicting, only in one outlet, sources cited, words used
  parallax link [--rebuild]       link analysed articles into stories (ingest does it; --rebuild starts over)
  parallax worker --db postgres://… [--threads N] [--kb PATH …] [--until-idle] [--lease SECONDS]
                  work the ingest queue of a PostgreSQL database (any number of workers, on any machines;
                  --until-idle: stop once nothing is queued, running or left to link)
  parallax analyze <paths or URLs…> [--format jsonl|json] [--map COL=FIELD …] [--kb PATH …] [--threads N]
                  (no database; inputs of more than 200 articles are analysed on one thread per core)
  parallax serve [--db FILE] [--host 127.0.0.1] [--port 8787]
                  the HTTP API (/api, OpenAPI at /api/openapi.json) and the web UI; a host other than loopback
                  needs PARALLAX_TOKEN, which clients send as "Authorization: Bearer <token>" to write
  parallax copy --from FILE.db --to postgres://…
                  copy an SQLite database into an empty PostgreSQL one (every table, in one transaction)
  parallax start [--db FILE] [--host H] [--port N] [--no-serve]
                  ingest the bundled sample corpus if the database is empty, show it, then serve the web UI

Inputs: article streams in plain text (a folder of chunk files is one stream), CSV, JSON, JSON Lines,
RSS/Atom feeds and HTML pages, from files, folders or http(s) URLs. The format is sniffed from the content.
Database: --db FILE, else $PARALLAX_DB, else ./parallax.db.
Knowledge: --kb FILE or FOLDER (repeatable) adds to or overrides the bundled knowledge base (knowledge/README.md).
Exit codes: 0 all good, 1 some records rejected, 2 usage error.`;

function readOptions(v: Values) {
  const timeout = v.timeout === undefined ? 15 : Number(v.timeout);
  if (!(timeout > 0))
    throw new UsageError(`--timeout must be a positive number of seconds (got ${v.timeout})`);
  let map: ReturnType<typeof parseFieldMap>;
  try {
    map = parseFieldMap(v.map ?? []);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { book: knowledge(v).outlets, map, timeoutMs: timeout * 1000 };
}

function analyzeOption(v: Values): false | { threads?: number } {
  return v["no-analyze"] ? false : { threads: positiveInt("threads", v.threads) };
}

async function cmdIngest(paths: string[], v: Values): Promise<number> {
  if (paths.length === 0) throw new UsageError("ingest needs at least one path or URL");
  const format = parseFormat(v.format, ["table", "json"], "table");
  const store = await openStore(resolveDbPath(v.db));
  const progress = new Progress(process.stderr, !v.quiet);
  try {
    const counts = await ingestInto(store, paths, readOptions(v), {
      analyze: analyzeOption(v),
      kbPaths: v.kb ?? [],
      onProblem: (e) => {
        progress.clear();
        process.stderr.write(`${problemLine(e)}\n`);
      },
      onBatch: (c) => progress.update(c),
      ...queueFlags(v),
    });
    progress.clear();
    const secs = progress.seconds();
    if (format === "json")
      print(JSON.stringify({ ...counts, seconds: Number(secs.toFixed(3)), db: store.path }));
    else {
      print(
        `read ${counts.read} articles: stored ${counts.stored} new, ${counts.duplicates} exact duplicates (origin added), ` +
          `${counts.unchanged} already stored, ${counts.reprints} reprints linked, ${counts.analyzed} analysed, ${counts.linked} linked into stories, ` +
          `${counts.rejected} rejected` +
          ` — ${secs.toFixed(1)} s, ${Math.round(counts.read / Math.max(secs, 0.001))} articles/s → ${store.path}`,
      );
    }
    return counts.rejected > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

async function cmdArticles(v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json", "jsonl"], "table");
  const limit = positiveInt("limit", v.limit) ?? 50;
  const store = await openStore(resolveDbPath(v.db));
  try {
    const rows = await listArticles(store, {
      outlet: v.outlet,
      admin1: v.place === undefined ? undefined : governorateCode(v),
      from: checkDate("from", v.from),
      to: checkDate("to", v.to),
      q: v.q,
      limit,
    });
    printRows(format, rows, ["id", "published", "outlet", "title"], (r) => [
      r.id,
      r.published?.slice(0, 10) ?? "",
      r.outlet ?? "",
      r.title ?? r.lead,
    ]);
    return 0;
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw new UsageError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

async function cmdEntities(v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json", "jsonl"], "table");
  const limit = positiveInt("limit", v.limit) ?? 50;
  if (v.type !== undefined && !["place", "person", "organization"].includes(v.type))
    throw new UsageError(`--type must be place, person or organization (got ${v.type})`);
  const store = await openStore(resolveDbPath(v.db));
  try {
    const rows = await listEntities(store, { type: v.type, q: v.q, limit });
    printRows(format, rows, ["entity", "kind", "articles", "mentions", "spellings seen"], (r) => [
      r.name,
      r.kind,
      r.articles,
      r.mentions,
      r.surfaceForms.slice(0, 6).join(", ") + (r.surfaceForms.length > 6 ? " …" : ""),
    ]);
    return 0;
  } finally {
    await store.close();
  }
}

/** An event's date: its own, else its article's (day part). */
const eventDate = (e: Event, published: string | null) => (e.date?.value ?? published ?? "").slice(0, 10);

/** "Russia → Islamic State", "Islamic State", "? → civilians" or "". */
function parties(e: Event): string {
  if (e.target) return `${e.actor?.name ?? "?"} → ${e.target.name}`;
  return e.actor?.name ?? "";
}

function place(e: Event): string {
  const loc = e.location;
  if (!loc) return "";
  return loc.admin1Code && loc.admin1Code !== loc.name ? `${loc.name} (${loc.admin1Code})` : loc.name;
}

/** "20/3" killed/injured, "-" for a kind the sentence does not count, "" when it counts neither. */
function toll(e: Event): string {
  const { killed, injured } = e;
  return killed === null && injured === null ? "" : `${killed ?? "-"}/${injured ?? "-"}`;
}

/** The type, with what the sentence says against it. */
function typeWithFlags(e: Event): string {
  const flags = [e.negated && "negated", e.denied && "denied", e.hedges.length > 0 && "hedged"].filter(
    Boolean,
  );
  return flags.length > 0 ? `${e.type} (${flags.join(", ")})` : e.type;
}

async function cmdEvents(v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json", "jsonl", "csv", "geojson"], "table");
  const limit = positiveInt("limit", v.limit) ?? (format === "table" ? 50 : undefined);
  const query: EventQuery = {
    type: v.type === undefined ? undefined : eventType(v),
    from: checkDate("from", v.from),
    to: checkDate("to", v.to),
    admin1: v.place === undefined ? undefined : governorateCode(v),
    actor: v.actor === undefined ? undefined : actorEntityId(v),
  };
  const store = await openStore(resolveDbPath(v.db));
  try {
    if (format === "table") {
      const rows = await listEvents(store, { ...query, limit });
      printRows(
        format,
        rows,
        ["date", "type", "actor → target", "place", "killed/injured", "outlet", "sentence"],
        (r) => [
          eventDate(r.event, r.published),
          typeWithFlags(r.event),
          parties(r.event),
          place(r.event),
          toll(r.event),
          r.outlet ?? "",
          cut(r.event.text, 80),
        ],
      );
    } else if (format === "json" || format === "geojson") {
      const rows = await listEvents(store, { ...query, limit });
      print(format === "json" ? JSON.stringify(rows, null, 2) : eventsToGeoJson(rows));
    } else {
      // Line formats go out a page at a time, so an export of every event needs no more memory than a page.
      const page = 5000;
      let header = true;
      for (let offset = 0; limit === undefined || offset < limit; offset += page) {
        const rows: EventRow[] = await listEvents(store, {
          ...query,
          limit: limit === undefined ? page : Math.min(page, limit - offset),
          offset,
        });
        if (format === "csv") {
          if (rows.length > 0 || header) process.stdout.write(eventsToCsv(rows, header));
          header = false;
        } else for (const r of rows) print(JSON.stringify(r));
        if (rows.length < page) break;
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** "killed 20 (at-least: civilians 12, children 5), injured 30 — Syrian Observatory for Human Rights". */
function casualtiesLine(c: Casualties): string {
  const detail = (["civilians", "children", "women", "fighters"] as const)
    .flatMap((k) => (c[k] === null ? [] : [`${k} ${c[k]}`]))
    .join(", ");
  const killed =
    c.killed === null
      ? null
      : `killed ${c.killed}${c.qualifier || detail ? ` (${[c.qualifier, detail].filter(Boolean).join(": ")})` : ""}`;
  const parts = [killed, c.injured === null ? null : `injured ${c.injured}`].filter(Boolean).join(", ");
  return [parts || "no count", c.attribution && `— ${c.attribution.source}`, c.note && `[${c.note}]`]
    .filter(Boolean)
    .join(" ");
}

/** One line for an event: "2017-09-08 air-strike: Russia → civilians, Saraqeb (SY-ID), killed 20 — sentence…". */
function eventLine(e: Event, published: string | null): string {
  const { killed, injured } = e;
  const what = [
    parties(e),
    place(e),
    killed === null ? "" : `killed ${killed}`,
    injured === null ? "" : `injured ${injured}`,
  ].filter(Boolean);
  const head = `${eventDate(e, published)} ${typeWithFlags(e)}`.trim();
  return `${what.length > 0 ? `${head}: ${what.join(", ")}` : head} — ${cut(e.text, 80)}`;
}

async function cmdShow(ids: string[], v: Values): Promise<number> {
  if (ids.length !== 1) throw new UsageError("show needs exactly one article id");
  const format = parseFormat(v.format, ["table", "json"], "table");
  const store = await openStore(resolveDbPath(v.db));
  try {
    const a = await getArticle(store, ids[0] as string);
    if (!a) {
      process.stderr.write(`no article with id ${ids[0]}\n`);
      return 1;
    }
    const analysis = await getAnalysis(store, a.id);
    const storyId = await storyOfArticle(store, a.id);
    if (format === "json") {
      print(JSON.stringify({ ...a, storyId, analysis }, null, 2));
      return 0;
    }
    const meta: [string, string | null][] = [
      ["id", a.id],
      ["source id", a.sourceId],
      ["outlet", a.outlet],
      ["via", a.via],
      ["published", a.published ? `${a.published} (${a.publishedPrecision})` : null],
      ["dateline", a.dateline],
      ["byline", a.byline],
      ["editor", a.editor],
      ["credits", a.credits.join("; ") || null],
      ["url", a.url],
      ["flags", a.flags.join(", ") || null],
      [
        "reprint of",
        a.reprintOf ? `${a.reprintOf.originalId} (similarity ${a.reprintOf.similarity.toFixed(2)})` : null,
      ],
      ["reprinted by", a.reprintedBy.map((r) => r.articleId).join(", ") || null],
      ["story", storyId && `${storyId} (parallax compare ${storyId})`],
      [
        "seen at",
        a.origins
          .map((o) => [o.file ?? o.url, o.record && `record ${o.record}`].filter(Boolean).join(" "))
          .join("; "),
      ],
    ];
    // biome-ignore lint/suspicious/noControlCharactersInRegex: untrusted text must not carry terminal escapes
    const safe = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, " ");
    if (analysis) {
      const loc = analysis.location;
      meta.push(
        [
          "location",
          loc
            ? `${loc.name} (${[loc.admin1, loc.admin1Code, loc.country].filter(Boolean).join(", ")}; ${loc.precision}` +
              `${loc.lat !== null ? ` ${loc.lat.toFixed(3)}, ${loc.lon?.toFixed(3)}` : ""})`
            : null,
        ],
        ["also in", analysis.secondaryLocations.map((l) => l.name).join("; ") || null],
        [
          "date (text)",
          !a.published && analysis.published ? `${analysis.published} (${analysis.publishedSource})` : null,
        ],
        [
          "names",
          analysis.entities
            .filter((e) => e.mentions > 0)
            .sort((x, y) => y.mentions - x.mentions)
            .slice(0, 12)
            .map((e) => `${e.name} [${e.kind}]${e.mentions > 1 ? ` ×${e.mentions}` : ""}`)
            .join("; ") || null,
        ],
        [
          "times",
          analysis.times
            .filter((t) => t.kind === "date" && t.value)
            .map((t) => `${t.text} = ${t.value} (${t.precision})`)
            .join("; ") || null,
        ],
        ["casualties", analysis.casualties ? casualtiesLine(analysis.casualties) : null],
        ...analysis.events.map((e): [string, string] => [
          "event",
          eventLine(e, a.published ?? analysis.published),
        ]),
        ["claims", analysis.claims.length > 0 ? String(analysis.claims.length) : null],
      );
    }
    print(safe(a.title ?? "(untitled)"));
    for (const [k, val] of meta) if (val) print(`  ${k.padEnd(13)} ${safe(val)}`);
    print("");
    for (const p of a.body) print(`${safe(p)}\n`);
    for (const c of a.captions) print(`[caption] ${safe(c)}`);
    return 0;
  } finally {
    await store.close();
  }
}

async function cmdAnalyze(paths: string[], v: Values): Promise<number> {
  if (paths.length === 0) throw new UsageError("analyze needs at least one path or URL");
  const format: Format = parseFormat(v.format, ["jsonl", "json"], "jsonl");
  let rejected = 0;
  const all: unknown[] = [];
  const options = readOptions(v);
  const threads = positiveInt("threads", v.threads);
  const emit = (rows: AnalyzedArticle[]) => {
    for (const r of rows) {
      if (format === "jsonl") print(JSON.stringify(r));
      else all.push(r);
    }
  };
  // A short input is analysed in this process; a long one on a pool of threads (one per core), in input order.
  const batchSize = 200;
  let batch: Article[] = [];
  let pool = null as AnalyzePool | null;
  const inFlight: Promise<AnalyzedArticle[]>[] = [];
  const send = (articles: Article[]) => {
    pool ??= new AnalyzePool(threads, v.kb ?? []);
    inFlight.push(
      pool
        .analyze(articles)
        .then((done) => articles.map((a, i) => ({ ...a, ...done[i] }) as AnalyzedArticle)),
    );
  };
  try {
    for await (const e of readInputs(paths, options)) {
      if (e.kind !== "article") {
        if (e.kind === "reject") rejected++;
        process.stderr.write(`${problemLine(e)}\n`);
        continue;
      }
      batch.push(prepareArticle(e.article).article);
      if (batch.length < batchSize) continue;
      send(batch);
      batch = [];
      while (inFlight.length > (pool?.threads ?? 1) * 2)
        emit(await (inFlight.shift() as Promise<AnalyzedArticle[]>));
    }
    if (pool || batch.length >= batchSize) send(batch);
    else if (batch.length > 0) emit(batch.map(createAnalyzer(knowledge(v))));
    for (const p of inFlight) emit(await p);
  } finally {
    await pool?.close();
  }
  if (format === "json") print(JSON.stringify(all, null, 2));
  return rejected > 0 ? 1 : 0;
}

/** The bundled sample corpus: data/samples next to dist/ (or src/ when run from source). */
function samplesDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const up = here.includes("/dist/") ? "../../../" : "../../";
  return resolve(`${here}${up}data/samples/corpus`);
}

async function cmdStart(v: Values): Promise<number> {
  const path = resolveDbPath(v.db);
  const store = await openStore(path);
  let opened = true;
  try {
    let counts = await countArticles(store);
    if (counts.articles === 0) {
      const dir = samplesDir();
      if (!existsSync(dir)) throw new Error(`sample corpus not found at ${dir}`);
      print(`empty database ${path}: ingesting the sample corpus in ${dir} …`);
      const c = await ingestInto(store, [dir], readOptions(v), {
        kbPaths: v.kb ?? [],
        onProblem: (e) => process.stderr.write(`${problemLine(e)}\n`),
      });
      print(
        `stored ${c.stored} articles (${c.duplicates} exact duplicates, ${c.reprints} reprints, ${c.rejected} rejected)`,
      );
      counts = await countArticles(store);
    }
    const analysed = await countAnalyses(store);
    print(
      `\n${path}: ${counts.articles} articles from ${counts.outlets} outlets, ${counts.reprints} reprint links; ` +
        `${analysed.analyzed} analysed, ${analysed.located} located, ${analysed.entities} distinct entities\n`,
    );
    print(
      table(
        ["outlet", "articles"],
        (await outletCounts(store)).map((o) => [o.outlet ?? "(unknown)", o.articles]),
      ),
    );
    print("\nLatest articles:");
    const latest = await listArticles(store, { limit: 10 });
    print(
      table(
        ["id", "published", "outlet", "title"],
        latest.map((r) => [r.id, r.published?.slice(0, 10) ?? "", r.outlet ?? "", r.title ?? r.lead]),
      ),
    );
    const stories = await listStories(store, { order: "sources", limit: 8 });
    if (stories.length > 0) {
      print("\nStories told by the most outlets:");
      print(
        table(
          ["story", "date", "outlets", "", "title"],
          stories.map((st) => [
            st.id,
            st.dates.event ?? "",
            st.outlets.length,
            cut(st.outlets.join(", "), 40),
            cut(st.title ?? "", 60),
          ]),
        ),
      );
    }
    if (!v["no-serve"]) {
      print("\nStarting the web UI and API (parallax serve) …");
      opened = false; // the server owns the store from here, and closes it
      return await serveStore(v, store);
    }
    print(
      `\nNext: parallax articles --q "Deir ez-Zor" · parallax articles --place Idlib · parallax entities · ` +
        "parallax events --type air-strike · parallax stories · parallax compare <story id> · parallax show <id> · " +
        "parallax ingest <your files>",
    );
    return 0;
  } finally {
    if (opened) await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const v = parsed.values;
  if (v.help || !command || command === "help") {
    print(USAGE);
    return command || v.help ? 0 : 2;
  }
  try {
    switch (command) {
      case "ingest":
        return await cmdIngest(rest, v);
      case "articles":
        return await cmdArticles(v);
      case "show":
        return await cmdShow(rest, v);
      case "entities":
        return await cmdEntities(v);
      case "events":
        return await cmdEvents(v);
      case "analyze":
        return await cmdAnalyze(rest, v);
      case "stories":
        return await cmdStories(v);
      case "story":
        return await cmdStory(rest, v);
      case "compare":
        return await cmdCompare(rest, v);
      case "link":
        return await cmdLink(v);
      case "worker":
        return await cmdWorker(v);
      case "copy":
        return await cmdCopy(v);
      case "start":
        return await cmdStart(v);
      case "serve":
        return await serveStore(v);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`parallax: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`parallax: ${(e as Error).stack ?? e}\n`);
    return 3;
  }
}

// Stdout closed early (`parallax articles | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`parallax: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  },
);
