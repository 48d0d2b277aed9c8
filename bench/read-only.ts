// The read path alone, in its own process so that its peak RSS is its own:
//   node dist/bench/read-only.js FILE [--prepare]
// Reads FILE with readInputs (no store), counts articles, and prints one JSON line:
//   {"articles", "rejected", "warnings", "seconds", "maxRssMB", "bytes"}
// With --prepare it also computes each article's id and MinHash signature (prepareArticle), as ingest does.
// With --store DB it runs the whole ingest job into DB instead (read + prepare + store).

import { statSync } from "node:fs";
import { prepareArticle, readInputs } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import { ingestInto } from "../src/pipeline/ingest-job.js";
import { openSqlite } from "../src/store/sqlite.js";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const prepare = args.includes("--prepare");
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--store");
  if (!file) {
    process.stderr.write("usage: node dist/bench/read-only.js FILE [--prepare]\n");
    process.exit(2);
  }
  const book = loadKnowledge().outlets;
  let articles = 0;
  let rejected = 0;
  let warnings = 0;
  let shingles = 0;
  const started = process.hrtime.bigint();
  const storeAt = args.indexOf("--store");
  if (storeAt >= 0) {
    const store = await openSqlite(args[storeAt + 1] as string);
    const counts = await ingestInto(store, [file], { book }, { analyze: false });
    await store.close();
    articles = counts.read;
    rejected = counts.rejected;
    warnings = counts.warnings;
  } else
    for await (const e of readInputs([file], { book })) {
      if (e.kind === "article") {
        articles++;
        if (prepare) shingles += prepareArticle(e.article).signature.size;
      } else if (e.kind === "reject") rejected++;
      else warnings++;
    }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const out = {
    articles,
    rejected,
    warnings,
    seconds: Number(seconds.toFixed(3)),
    maxRssMB: Number(maxRssMB.toFixed(1)),
    bytes: statSync(file).size,
    ...(prepare ? { shingles } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
