// A crash mid-ingest loses and duplicates nothing: kill -9 the real process at several moments, re-run, and compare
// with an uninterrupted run.

import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { CsvParser } from "../src/ingest/csv.js";
import { CLI, cliAsync, FAKES, tempDir } from "./helpers.js";

/** 20,000 distinct articles made from FA-KES texts (sentence order varied, a numbered sentence appended). */
function corpus(path: string, count: number): void {
  const parser = new CsvParser(",", 1 << 24);
  const rows = [...parser.push(readFileSync(FAKES, "utf8")), ...parser.end()]
    .flatMap((r) => (r.ok ? [r.record.fields] : []))
    .slice(1);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const out = ["id,title,text,source"];
  for (let i = 0; i < count; i++) {
    const [, title, text, source] = rows[i % rows.length] as string[];
    const sentences = (text as string).split(". ");
    const k = Math.floor(i / rows.length) % sentences.length;
    const varied = [...sentences.slice(k), ...sentences.slice(0, k)].join(". ");
    out.push([`c${i}`, q(title as string), q(`${varied} Dispatch number ${i} was filed.`), source].join(","));
  }
  writeFileSync(path, `${out.join("\n")}\n`);
}

function ids(db: string): string[] {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare("select id from articles order by id").pluck().all() as string[];
  d.close();
  return rows;
}

/** Each article's analysed governorate, mention count and toll: the same input must give the same analysis. */
function analyses(db: string): string[] {
  const d = new Database(db, { readonly: true });
  const rows = d
    .prepare(
      "select article_id || ' ' || coalesce(admin1_code, '-') || ' ' || json_array_length(mentions) || ' ' || " +
        "coalesce(casualties, '-') from analyses order by article_id",
    )
    .pluck()
    .all() as string[];
  d.close();
  return rows;
}

/** Each stored event and claim, id and whole record: the same input must give the same rows, none twice. */
function eventsAndClaims(db: string): { events: string[]; claims: string[] } {
  const d = new Database(db, { readonly: true });
  const rows = (table: string) =>
    d.prepare(`select id || ' ' || record from ${table} order by id`).pluck().all() as string[];
  const r = { events: rows("events"), claims: rows("claims") };
  d.close();
  return r;
}

/** Every story with its profile, and which story each article is in: the same input must give the same stories. */
function stories(db: string): { stories: string[]; members: string[] } {
  const d = new Database(db, { readonly: true });
  const r = {
    stories: d
      .prepare("select id || ' ' || thread_id || ' ' || articles || ' ' || profile from stories order by id")
      .pluck()
      .all() as string[],
    members: d
      .prepare("select article_id || ' ' || story_id || ' ' || score from story_articles order by article_id")
      .pluck()
      .all() as string[],
  };
  d.close();
  return r;
}

function check(db: string): {
  articles: number;
  origins: number;
  fts: number;
  orphans: number;
  integrity: string;
} {
  const d = new Database(db, { readonly: true });
  const one = (sql: string) => d.prepare(sql).pluck().get();
  const r = {
    articles: one("select count(*) from articles") as number,
    origins: one("select count(*) from article_origins") as number,
    fts: one("select count(*) from articles_fts_docsize") as number,
    // analyses and entity links of articles that are not stored
    orphans: one(
      "select (select count(*) from analyses where article_id not in (select id from articles)) + " +
        "(select count(*) from article_entities where article_id not in (select article_id from analyses)) + " +
        "(select count(*) from events where article_id not in (select article_id from analyses)) + " +
        "(select count(*) from claims where article_id not in (select article_id from analyses))",
    ) as number,
    integrity: one("pragma integrity_check") as string,
  };
  d.close();
  return r;
}

async function ingestAndKill(input: string, db: string, afterArticles: number): Promise<boolean> {
  const child = spawn(process.execPath, [CLI, "ingest", input, "--db", db, "--quiet"], { stdio: "ignore" });
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  let killed = false;
  for (let i = 0; i < 2000; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (child.exitCode !== null) break;
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      const n = d.prepare("select count(*) from articles").pluck().get() as number;
      d.close();
      if (n >= afterArticles) {
        killed = child.kill("SIGKILL");
        break;
      }
    } catch {
      // not created yet
    }
  }
  await exited;
  return killed;
}

describe("crash safety", () => {
  it("kill -9 at any moment leaves whole batches only, and re-running finishes the job exactly", async () => {
    const dir = tempDir();
    const input = join(dir, "corpus.csv");
    corpus(input, 12_000);

    const clean = join(dir, "clean.db");
    // Asynchronous: a long synchronous child would stall the test worker's messages to vitest.
    expect((await cliAsync(["ingest", input, "--db", clean, "--quiet"])).code).toBe(0);
    const want = ids(clean);
    expect(want).toHaveLength(12_000);

    const db = join(dir, "killed.db");
    let kills = 0;
    for (const at of [1, 2500, 6000, 9500]) {
      if (await ingestAndKill(input, db, at)) kills++;
      const state = check(db);
      expect(state.integrity).toBe("ok");
      expect(state.origins).toBe(state.articles); // no article without its origin, no origin without its article
      expect(state.fts).toBe(state.articles); // the full-text index moved in the same transactions
      expect(state.orphans).toBe(0); // an analysis is written whole, after its article
      expect(state.articles % 500 === 0 || state.articles === 12_000).toBe(true); // whole batches only
    }
    expect(kills).toBeGreaterThanOrEqual(2);

    const rerun = await cliAsync(["ingest", input, "--db", db, "--quiet", "--format", "json"]);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.stored + summary.unchanged).toBe(12_000);
    expect(summary.duplicates).toBe(0);
    expect(ids(db)).toEqual(want);
    expect(check(db)).toEqual({
      articles: 12_000,
      origins: 12_000,
      fts: 12_000,
      orphans: 0,
      integrity: "ok",
    });
    // Articles stored before a kill but not yet analysed were analysed by the re-run, exactly as in the clean run.
    expect(summary.analyzed).toBeGreaterThan(0);
    expect(analyses(db)).toEqual(analyses(clean));
    expect(eventsAndClaims(db)).toEqual(eventsAndClaims(clean));
    // Stories are linked in storage order with merge passes at fixed points, so the crashes change nothing.
    const linked = stories(db);
    expect(linked.members).toHaveLength(12_000);
    expect(linked).toEqual(stories(clean));
  }, 400_000);
});
