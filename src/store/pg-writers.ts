// The PostgreSQL writers of the job queue's workers: a job's articles (with their origins; the full-text index
// follows by trigger), analyses, entities, events and claims, and the job marked done, all in one transaction that
// commits only while the worker still holds the job. Rows are built by the same functions as SQLite's writers.
//
// Many workers write at once, so every insert is idempotent (`on conflict do nothing`) and an article seen in two
// jobs is kept in the version of the earlier job (the lower seq), whichever job commits first: what is stored never
// depends on which worker was faster.

import { type Kysely, sql, type Transaction } from "kysely";
import type { Signature } from "../ingest/minhash.js";
import type { Article } from "../records.js";
import { type Analysis, analysisRow, articleEntityRow, entityRow } from "./analyses.js";
import { articleRow, originRow } from "./articles.js";
import { claimRow, eventRow } from "./events.js";
import { completeJob, holdsJob, type JobOutcome } from "./queue.js";
import type { DB } from "./schema.js";
import type { PostgresStore } from "./sqlite.js";

/** An article of a job, at its place in the canonical order. */
export interface JobArticle {
  seq: number;
  article: Article;
  signature: Signature;
}

/** PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMS = 60_000;

/** Rows in chunks that each fit in one statement's parameters. */
export function chunked<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0] as object).length));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += per) out.push(rows.slice(i, i + per));
  return out;
}

/**
 * The stored seqs of those of `ids` already stored: an article stored at a lower seq than this job's will keep that
 * version, so the job need not analyse it.
 */
export async function storedSeqs(store: PostgresStore, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .selectFrom("articles")
    .innerJoin("analyses", "analyses.article_id", "articles.id")
    .select(["articles.id", "articles.seq"])
    .where("articles.id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.seq)]));
}

/** Transient conflicts between concurrent writers: the transaction is run again. */
const RETRIED = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

async function retrying<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= 5 || !RETRIED.has((e as { code?: string }).code ?? "")) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * Writes a job's results and marks it done, in one transaction; returns null (writing nothing) when the worker no
 * longer holds the job. `items` are the job's articles in order (an article the input held twice, twice);
 * `analyses` those analysed (an article stored earlier at a lower seq is not).
 */
export async function writeJob(
  store: PostgresStore,
  jobSeq: number,
  worker: string,
  items: readonly JobArticle[],
  analyses: ReadonlyMap<string, Analysis>,
): Promise<JobOutcome | null> {
  const at = new Date().toISOString();
  return retrying(() =>
    store.db.transaction().execute(async (trx) => {
      if (!(await holdsJob(trx, jobSeq, worker))) return null;
      const outcome = await writeArticles(trx, items, analyses, at);
      await completeJob(trx, jobSeq, worker, outcome);
      return outcome;
    }),
  );
}

async function writeArticles(
  trx: Transaction<DB>,
  items: readonly JobArticle[],
  analyses: ReadonlyMap<string, Analysis>,
  at: string,
): Promise<JobOutcome> {
  // Where each record was seen, every one of them (a re-run adds nothing).
  const origins = new Map<string, ReturnType<typeof originRow>>();
  for (const it of items) {
    const o = originRow(it.article);
    origins.set(`${o.article_id}\u0000${o.origin_key}`, o);
  }
  const newOrigins = new Set<string>();
  for (const rows of chunked([...origins.values()])) {
    const added = await trx
      .insertInto("article_origins")
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning(["article_id", "origin_key"])
      .execute();
    for (const r of added) newOrigins.add(`${r.article_id}\u0000${r.origin_key}`);
  }

  // The job's first record of each analysed text, in id order: concurrent jobs lock shared rows in the same order.
  const first = new Map<string, JobArticle>();
  for (const it of items) if (!first.has(it.article.id)) first.set(it.article.id, it);
  const candidates = [...first.values()]
    .filter((it) => analyses.has(it.article.id))
    .sort((a, b) => (a.article.id < b.article.id ? -1 : 1));
  const rowOf = (it: JobArticle) => ({ seq: it.seq, ...articleRow(it.article, it.signature, at) });
  const inserted = new Set<string>();
  for (const rows of chunked(candidates.map(rowOf))) {
    const done = await trx
      .insertInto("articles")
      .values(rows)
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .execute();
    for (const r of done) inserted.add(r.id);
  }
  // Stored already: by a later job (this job's version replaces it: its seq is lower) or by an earlier one (kept).
  const conflicting = candidates.filter((it) => !inserted.has(it.article.id));
  const replaced: JobArticle[] = [];
  if (conflicting.length > 0) {
    const stored = await trx
      .selectFrom("articles")
      .select(["id", "seq"])
      .where(
        "id",
        "in",
        conflicting.map((it) => it.article.id),
      )
      .orderBy("id")
      .forUpdate()
      .execute();
    const seqOf = new Map(stored.map((r) => [r.id, Number(r.seq)]));
    for (const it of conflicting) if ((seqOf.get(it.article.id) ?? 0) > it.seq) replaced.push(it);
  }
  if (replaced.length > 0) {
    const ids = replaced.map((it) => it.article.id);
    // Its events, claims, full text and story membership go with it (foreign keys); its analysis is replaced.
    await trx.deleteFrom("articles").where("id", "in", ids).execute();
    await trx.deleteFrom("analyses").where("article_id", "in", ids).execute();
    await trx.deleteFrom("article_entities").where("article_id", "in", ids).execute();
    for (const rows of chunked(replaced.map(rowOf))) await trx.insertInto("articles").values(rows).execute();
  }

  const won = [...inserted, ...replaced.map((it) => it.article.id)].sort();
  await writeAnalyses(
    trx,
    won.map((id) => ({ analysis: analyses.get(id) as Analysis, seq: (first.get(id) as JobArticle).seq })),
    at,
  );

  let stored = 0;
  let duplicates = 0;
  let unchanged = 0;
  const counted = new Set<string>();
  for (const it of items) {
    const o = originRow(it.article);
    const key = `${o.article_id}\u0000${o.origin_key}`;
    if (inserted.has(it.article.id) && !counted.has(it.article.id)) {
      counted.add(it.article.id);
      stored++;
    } else if (newOrigins.delete(key)) duplicates++;
    else unchanged++;
  }
  return { stored, duplicates, unchanged, analyzed: won.length };
}

/** Analyses with their entities, events and claims, for articles this transaction has just stored. */
async function writeAnalyses(
  trx: Kysely<DB>,
  written: readonly { analysis: Analysis; seq: number }[],
  at: string,
): Promise<void> {
  if (written.length === 0) return;
  const items = written.map((w) => w.analysis);
  const rows = items.map((a) => analysisRow(a, at));
  const columns = Object.keys(rows[0] as object).filter((c) => c !== "article_id");
  for (const chunk of chunked(rows))
    await trx
      .insertInto("analyses")
      .values(chunk)
      .onConflict((oc) =>
        oc
          .column("article_id")
          .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as never),
      )
      .execute();

  // Each entity as its earliest article here names it.
  const entities = new Map<string, { row: ReturnType<typeof entityRow>; seq: number }>();
  const links = [];
  const events = [];
  const claims = [];
  for (const { analysis: a, seq } of written) {
    for (const e of a.entities) {
      const known = entities.get(e.id);
      if (!known || known.seq > seq) entities.set(e.id, { row: entityRow(e), seq });
      links.push(articleEntityRow(a.id, e));
    }
    for (const e of a.events) events.push(eventRow(e, a.id, a.published));
    for (const c of a.claims) claims.push(claimRow(c, a.id));
  }
  await writeEntities(
    trx,
    [...entities.values()].sort((x, y) => (x.row.id < y.row.id ? -1 : 1)),
  );
  for (const chunk of chunked(links))
    await trx
      .insertInto("article_entities")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
  for (const chunk of chunked(events))
    await trx
      .insertInto("events")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
  for (const chunk of chunked(claims))
    await trx
      .insertInto("claims")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/**
 * Entities: a new one is inserted; one written before from a later article (another job committed first) is
 * rewritten from this earlier one; one written from an earlier article is left alone. The entity_first row, locked
 * by the upsert, orders concurrent writers of one entity.
 */
async function writeEntities(
  trx: Kysely<DB>,
  entities: readonly { row: ReturnType<typeof entityRow>; seq: number }[],
): Promise<void> {
  const rows = entities.map((e) => ({ entity_id: e.row.id, seq: e.seq }));
  const firstSeen = new Set<string>();
  const earlier = new Set<string>();
  for (const chunk of chunked(rows)) {
    const { rows: claimed } = await sql<{ entity_id: string; inserted: boolean }>`
      insert into entity_first (entity_id, seq)
      select * from unnest(${chunk.map((r) => r.entity_id)}::text[], ${chunk.map((r) => r.seq)}::bigint[])
      on conflict (entity_id) do update set seq = excluded.seq where entity_first.seq > excluded.seq
      returning entity_id, (xmax = 0) as inserted`.execute(trx);
    for (const c of claimed) (c.inserted ? firstSeen : earlier).add(c.entity_id);
  }
  const insert = entities.filter((e) => firstSeen.has(e.row.id)).map((e) => e.row);
  const replace = entities.filter((e) => earlier.has(e.row.id)).map((e) => e.row);
  // A first sighting may still meet a row copied in from elsewhere (no entity_first row): that row is kept.
  for (const chunk of chunked(insert))
    await trx
      .insertInto("entities")
      .values(chunk)
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  await replaceById(trx, "entities", replace);
}

/** Inserts rows in chunks; a row whose id is there already replaces every other column of it. */
export async function replaceById(
  trx: Kysely<DB>,
  table: "entities" | "stories",
  rows: readonly object[],
): Promise<void> {
  for (const chunk of chunked(rows))
    await trx
      .insertInto(table)
      .values(chunk as never)
      .onConflict((oc) =>
        oc.column("id").doUpdateSet(
          Object.fromEntries(
            Object.keys(chunk[0] as object)
              .filter((c) => c !== "id")
              .map((c) => [c, sql.ref(`excluded.${c}`)]),
          ) as never,
        ),
      )
      .execute();
}
