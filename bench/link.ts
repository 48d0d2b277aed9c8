// The story-linking benchmark (third part of `npm run bench`):
//   node dist/bench/link.js [--articles N] [--per-day N]
// Links N articles (default 100,000) into stories in a fresh SQLite database through the real linker and store, and
// measures the cost per article as the database grows: the mean over each window of 1,000 articles, and in
// particular at 10,000 and at 100,000 stored articles (the floor: within 2x).
// The articles are the FA-KES dev split and the seeds, analysed once, then re-issued on a moving calendar: each
// base article comes back as 1-4 reports (different outlets, a fifth of the words dropped) on one day, `--per-day`
// articles a day (default 100), so stories of several outlets form and the database grows over time the way a
// monitoring feed does. Writes bench/out/link.json and the "## Link" section of bench/RESULTS.md.

import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { createAnalyzer } from "../src/analyze/index.js";
import { prepareArticle, readInputs } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import { type LinkFeatures, linkFeatures } from "../src/link/features.js";
import { StreamLinker } from "../src/link/linker.js";
import { shiftDay } from "../src/link/similarity.js";
import { openSqlite } from "../src/store/sqlite.js";
import { StoryStore } from "../src/store/stories.js";
import { mulberry32 } from "./corpus.js";
import { fmt, intOptions, projectRoot, table, writeSection } from "./results.js";

const FLOOR_RATIO = 2;
const BATCH = 200;
const WINDOW = 1000;

async function main(): Promise<void> {
  const { articles: total, perDay } = intOptions(
    process.argv.slice(2),
    { articles: 100_000, perDay: 100 },
    "link.js",
  );
  const root = projectRoot();
  const outDir = join(root, "bench", "out");
  await mkdir(outDir, { recursive: true });
  const log = (s: string) => process.stdout.write(`${s}\n`);

  const kb = loadKnowledge();
  const analyze = createAnalyzer(kb);
  const bases: LinkFeatures[] = [];
  for await (const e of readInputs([join(root, "data", "samples", "corpus")], { book: kb.outlets }))
    if (e.kind === "article") bases.push(linkFeatures(analyze(prepareArticle(e.article).article), kb));
  const outlets = [...new Set(bases.map((b) => b.outlet).filter((o): o is string => o !== null))];
  log(`${bases.length} base articles analysed; linking ${fmt(total)} derived articles, ${perDay} a day`);

  const dbPath = join(outDir, "link-bench.db");
  for (const suffix of ["", "-wal", "-shm"]) await rm(`${dbPath}${suffix}`, { force: true });
  const store = await openSqlite(dbPath);
  const insertArticle = store.sqlite.prepare(
    `insert into articles (seq, id, outlet, credits, body, captions, flags, origin, shingles, ingested_at)
     values (?, ?, ?, '[]', '[]', '[]', '[]', '{}', 0, '')`,
  );
  const port = new StoryStore(store);
  const linker = new StreamLinker(port);
  const rnd = mulberry32(20170909);
  const windows: { upTo: number; msPerArticle: number }[] = [];
  let produced = 0;
  let windowMs = 0;
  let windowCount = 0;
  let created = 0;
  let merged = 0;
  const start = "2015-01-01";
  let base = 0;
  const pending: LinkFeatures[] = [];
  const startedAll = process.hrtime.bigint();
  while (produced < total) {
    // One base article, re-issued as 1-4 reports of one day.
    const b = bases[base++ % bases.length] as LinkFeatures;
    const copies = 1 + Math.floor(rnd() * 4);
    for (let c = 0; c < copies && produced + pending.length < total; c++) {
      const i = produced + pending.length;
      const day = shiftDay(start, Math.floor(i / perDay));
      const terms = new Map([...b.terms].filter(() => rnd() > 0.2));
      pending.push({
        ...b,
        articleId: `b${i.toString(16).padStart(8, "0")}`,
        sourceId: String(i),
        outlet: outlets[Math.floor(rnd() * outlets.length)] ?? null,
        sourceKey: `outlet${Math.floor(rnd() * 15)}`,
        reprintOf: null,
        days: [day],
        terms,
        lead: new Map([...b.lead].filter(([t]) => terms.has(t))),
      });
    }
    if (pending.length < BATCH && produced + pending.length < total) continue;
    const t0 = process.hrtime.bigint();
    store.sqlite.transaction(() => {
      for (const f of pending) {
        insertArticle.run(produced + 1, f.articleId, f.outlet);
        const a = linker.link(f);
        if (a.created) created++;
        produced++;
      }
      merged += linker.mergePass();
    })();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    windowMs += ms;
    windowCount += pending.length;
    pending.length = 0;
    if (windowCount >= WINDOW) {
      windows.push({ upTo: produced, msPerArticle: windowMs / windowCount });
      windowMs = 0;
      windowCount = 0;
      if (windows.length % 10 === 0)
        log(`  ${fmt(produced)} linked, ${windows.at(-1)?.msPerArticle.toFixed(3)} ms/article`);
    }
  }
  const totalSeconds = Number(process.hrtime.bigint() - startedAll) / 1e9;
  const at = (n: number) =>
    windows.reduce(
      (best, w) => (Math.abs(w.upTo - n) < Math.abs(best.upTo - n) ? w : best),
      windows[0] ?? { upTo: 0, msPerArticle: Number.NaN },
    );
  const at10k = at(10_000);
  const atEnd = at(total);
  const ratio = atEnd.msPerArticle / at10k.msPerArticle;
  const stories = (store.sqlite.prepare("select count(*) as n from stories").get() as { n: number }).n;
  const keys = (store.sqlite.prepare("select count(*) as n from story_keys").get() as { n: number }).n;
  await store.close();
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus()[0]?.model ?? "cpu"}, ${os.cpus().length} cores, Node ${process.version}`,
    articles: total,
    perDay,
    baseArticles: bases.length,
    totalSeconds,
    articlesPerSecond: total / totalSeconds,
    msPerArticleAt10k: at10k.msPerArticle,
    msPerArticleAtEnd: atEnd.msPerArticle,
    ratio,
    stories,
    created,
    merged,
    indexKeys: keys,
    peakRssMb: peakRss / 1e6,
    windows,
  };
  await writeFile(join(outDir, "link.json"), `${JSON.stringify(result, null, 2)}\n`);
  const section = [
    "## Link",
    "",
    `Measured ${result.date} with \`node dist/bench/link.js\` (part of \`npm run bench\`), ${result.machine}.`,
    "",
    `${fmt(total)} articles derived from the ${bases.length} analysed sample articles (each re-issued as 1-4 reports of ` +
      `one day by different outlets with a fifth of its words dropped, ${perDay} articles a day), linked one by one ` +
      "through the real linker into a fresh SQLite database, 200 articles a transaction with a merge pass after each.",
    "",
    ...table([
      ["Linking cost per article at 10,000 stored articles", `${at10k.msPerArticle.toFixed(3)} ms`],
      [`Linking cost per article at ${fmt(total)} stored articles`, `${atEnd.msPerArticle.toFixed(3)} ms`],
      ["Ratio (floor: within 2x)", `**${ratio.toFixed(2)}x** — ${ratio <= FLOOR_RATIO ? "met" : "NOT met"}`],
      ["Whole run", `${totalSeconds.toFixed(1)} s, ${fmt(result.articlesPerSecond)} articles/s`],
      [
        "Stories",
        `${fmt(stories)} (${fmt(created)} started, ${fmt(merged)} merged); ${fmt(keys)} index keys`,
      ],
      ["Peak RSS", `${fmt(result.peakRssMb)} MB`],
    ]),
    "",
    "The cost per article, each window of 1,000 articles (ms): " +
      windows
        .filter((_, i) => i % 10 === 9 || i === 0)
        .map((w) => `${fmt(w.upTo)}: ${w.msPerArticle.toFixed(3)}`)
        .join(" · "),
    "",
    "Raw figures: `bench/out/link.json` (not committed).",
    "",
  ].join("\n");
  await writeSection(root, "Link", section);
  log(
    `linking: ${at10k.msPerArticle.toFixed(3)} ms/article at 10k, ${atEnd.msPerArticle.toFixed(3)} at ${fmt(total)} ` +
      `(${ratio.toFixed(2)}x); ${fmt(stories)} stories; ${totalSeconds.toFixed(1)} s`,
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
