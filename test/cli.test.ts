// The CLI as users run it: the built program, a real SQLite file, real input files.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli, FAKES, SEEDS, tempDir } from "./helpers.js";

describe("parallax analyze", () => {
  it("prints exactly the two seed articles as JSON Lines, without a database", () => {
    const dir = tempDir();
    const r = cli(["analyze", "--format", "jsonl", SEEDS], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({
      outlet: "Al Arabiya",
      via: "Muslimchronicle",
      dateline: "Beirut",
      published: "2017-09-09",
    });
    expect(b).toMatchObject({
      outlet: "Xinhua",
      published: "2017-09-09T19:03:53",
      editor: "Lu Hui",
      dateline: "Damascus",
    });
    expect(b.captions).toHaveLength(1);
    expect(a.id).toMatch(/^a[0-9a-f]{16}$/);
    expect(existsSync(join(dir, "parallax.db"))).toBe(false);
  });

  it("gives the same ids on every run", () => {
    const one = cli(["analyze", SEEDS]).stdout;
    const two = cli(["analyze", SEEDS]).stdout;
    expect(one).toBe(two);
  });

  it("keeps FA-KES unit_id as sourceId (the scorer's join key)", () => {
    const r = cli(["analyze", "--format", "jsonl", FAKES]);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(381);
    expect(rows[0].sourceId).toBe("1914947530");
  });
});

describe("parallax ingest / articles / show", () => {
  it("stores every unique FA-KES article, reports duplicates and reprints, and stores nothing on a re-run", () => {
    const db = join(tempDir(), "fakes.db");
    const first = cli(["ingest", FAKES, "--db", db, "--format", "json"]);
    expect(first.code).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1).toMatchObject({ read: 381, stored: 372, duplicates: 9, unchanged: 0, rejected: 0 });
    expect(s1.reprints).toBeGreaterThanOrEqual(10);
    const second = JSON.parse(cli(["ingest", FAKES, "--db", db, "--format", "json"]).stdout);
    expect(second).toMatchObject({ read: 381, stored: 0, duplicates: 0, unchanged: 381, reprints: 0 });

    const list = cli(["articles", "--db", db, "--q", "Deir", "--outlet", "sputnik", "--format", "jsonl"]);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { outlet: string }) => r.outlet === "Sputnik")).toBe(true);

    const shown = cli(["show", rows[0].id, "--db", db, "--format", "json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: rows[0].id,
      outlet: "Sputnik",
      origins: [expect.objectContaining({ format: "csv" })],
    });
    const table = cli(["show", rows[0].id.slice(0, 8), "--db", db]);
    expect(table.stdout).toContain("outlet        Sputnik");
  });

  it("reads the database path from PARALLAX_DB", () => {
    const db = join(tempDir(), "env.db");
    expect(cli(["ingest", SEEDS], { env: { PARALLAX_DB: db } }).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    const r = cli(["articles", "--format", "json"], { env: { PARALLAX_DB: db } });
    expect(
      JSON.parse(r.stdout)
        .map((a: { outlet: string }) => a.outlet)
        .sort(),
    ).toEqual(["Al Arabiya", "Xinhua"]);
  });

  it("exits 2 on usage errors with a message", () => {
    expect(cli(["frobnicate"]).code).toBe(2);
    expect(cli(["ingest"]).stderr).toMatch(/ingest needs at least one path/);
    expect(cli(["articles", "--from", "yesterday", "--db", join(tempDir(), "x.db")]).code).toBe(2);
    expect(cli(["analyze", SEEDS, "--map", "nonsense"]).code).toBe(2);
    const bad = cli(["articles", "--q", '"unterminated', "--db", join(tempDir(), "y.db")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot parse the search query/);
  });

  it("start: ingests the bundled sample corpus into an empty database, then shows it", () => {
    const dir = tempDir();
    const r = cli(["start", "--no-serve"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ingesting the sample corpus/);
    expect(r.stdout).toMatch(/374 articles from 16 outlets/);
    const again = cli(["start", "--no-serve"], { cwd: dir });
    expect(again.stdout).not.toMatch(/ingesting/);
  });

  it("start (npm start) serves the web UI and the API once the corpus is in, prints the URL, and stops on SIGTERM", async () => {
    const dir = tempDir();
    expect(cli(["start", "--no-serve"], { cwd: dir }).code).toBe(0);
    const child = spawn(process.execPath, [CLI, "start", "--port", "0"], { cwd: dir });
    let out = "";
    const url = await new Promise<string>((res, rej) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /Parallax is serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) res(m[1] as string);
      });
      child.on("exit", (code) => rej(new Error(`start exited with ${code}: ${out}`)));
    });
    const stories = (await (await fetch(`${url}/api/stories?limit=1`)).json()) as { total: number };
    expect(stories.total).toBeGreaterThan(100);
    expect((await fetch(`${url}/`)).headers.get("content-type")).toContain("text/html");
    const exited = new Promise<number | null>((res) => child.on("exit", res));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
