// The analysis through the built CLI: `analyze` output fields, analysis stored on ingest (and caught up after an
// interrupted or analysis-free run), and --kb errors that name the file.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cli, FAKES, SEEDS, tempDir } from "./helpers.js";

describe("parallax analyze", () => {
  it("adds location, resolved date, entities, mentions, times and numbers to each article", () => {
    const r = cli(["analyze", "--format", "jsonl", SEEDS]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    for (const a of rows) {
      expect(a.location).toMatchObject({
        admin1: "Deir ez-Zor",
        admin1Code: "SY-DY",
        precision: expect.any(String),
      });
      expect(a.published).toMatch(/^2017-09-09/);
      expect(a.entities.length).toBeGreaterThan(5);
      expect(a.mentions.length).toBeGreaterThan(10);
      expect(a.times.length).toBeGreaterThan(0);
      expect(a.numbers.length).toBeGreaterThan(0);
      for (const e of a.entities)
        expect(e).toMatchObject({ name: expect.any(String), type: expect.any(String) });
      // The events stage's fields, on every record (empty until the extractor fills them).
      expect(a).toHaveProperty("casualties");
      expect(a.events).toEqual(expect.any(Array));
      expect(a.claims).toEqual(expect.any(Array));
    }
  });

  it("analyses a long input on several threads in input order, with the same result as one thread", () => {
    const one = cli(["analyze", "--threads", "1", FAKES]);
    const two = cli(["analyze", "--threads", "2", FAKES]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const rows = one.stdout.trim().split("\n");
    expect(rows).toHaveLength(381);
    expect(JSON.parse(rows[0] as string).sourceId).toBe("1914947530");
    // Events, claims and casualties cross the thread boundary with the rest of the analysis.
    for (const line of rows) {
      const a = JSON.parse(line);
      expect(a).toHaveProperty("casualties");
      expect(a.events).toEqual(expect.any(Array));
      expect(a.claims).toEqual(expect.any(Array));
    }
  });

  it("names the file when a --kb file cannot be read", () => {
    const dir = tempDir();
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{ "actors": [ { "id": "x" } ] }');
    const r = cli(["analyze", "--kb", broken, SEEDS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(broken);
    expect(r.stderr).toMatch(/actors\[0\].*has no name/);
    const missing = cli(["analyze", "--kb", join(dir, "nope.json"), SEEDS]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json");
  });

  it("uses a --kb folder's places", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "places.json"),
      JSON.stringify({
        places: [
          { id: "area:zz-test", name: "Tall Zarzur", kind: "village", lat: 35.1, lon: 40.3, admin1: "SY-DY" },
        ],
      }),
    );
    const input = join(dir, "one.jsonl");
    writeFileSync(
      input,
      `${JSON.stringify({ id: "t1", title: "Shelling on Tall Zarzur", text: "Shelling hit Tall Zarzur on Monday, killing 3 people." })}\n`,
    );
    const r = cli(["analyze", "--kb", dir, input]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).location).toMatchObject({ name: "Tall Zarzur", kbId: "area:zz-test" });
  });
});

describe("ingest stores the analysis", () => {
  it("analyses every stored article, a later run analyses what an earlier one left out, and lists filter by place", () => {
    const db = join(tempDir(), "a.db");
    const first = cli(["ingest", "--db", db, "--no-analyze", "--format", "json", SEEDS]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ stored: 2, analyzed: 0 });
    const second = cli(["ingest", "--db", db, "--format", "json", "--threads", "2", SEEDS]);
    expect(JSON.parse(second.stdout)).toMatchObject({ stored: 0, unchanged: 2, analyzed: 2 });
    const third = cli(["ingest", "--db", db, "--format", "json", SEEDS]);
    expect(JSON.parse(third.stdout)).toMatchObject({ analyzed: 0 });

    const sqlite = new Database(db, { readonly: true });
    const rows = sqlite.prepare("select admin1_code, published from analyses").all() as {
      admin1_code: string;
    }[];
    expect(rows.map((r) => r.admin1_code)).toEqual(["SY-DY", "SY-DY"]);
    const people = sqlite
      .prepare("select name from entities where type = 'person' order by name")
      .pluck()
      .all() as string[];
    expect(people).toEqual(expect.arrayContaining(["Ahmad Abu Khawla", "Lu Hui"]));
    sqlite.close();

    const list = cli(["articles", "--db", db, "--format", "jsonl"]);
    const id = JSON.parse(list.stdout.trim().split("\n")[0] as string).id as string;
    const shown = cli(["show", "--db", db, "--format", "json", id]);
    expect(JSON.parse(shown.stdout).analysis.location.admin1Code).toBe("SY-DY");
    const text = cli(["show", "--db", db, id]);
    expect(text.stdout).toMatch(/location\s+Deir ez-Zor/);

    const count = (args: string[]) =>
      cli(["articles", "--db", db, "--format", "jsonl", ...args])
        .stdout.trim()
        .split("\n")
        .filter(Boolean).length;
    expect(count(["--place", "Deir al-Zour"])).toBe(2);
    expect(count(["--place", "SY-DY"])).toBe(2);
    expect(count(["--place", "Idleb"])).toBe(0);
    const unknown = cli(["articles", "--db", db, "--place", "Narnia"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Narnia");
  });

  it("start analyses the sample corpus with the user's --kb files", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "kb.json"),
      JSON.stringify({
        actors: [{ id: "sdf", name: "QSD (user name)", type: "armed-group", aliases: ["SDF"] }],
      }),
    );
    const db = join(dir, "s.db");
    expect(cli(["start", "--no-serve", "--db", db, "--kb", join(dir, "kb.json")]).code).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare("select name from entities where id = 'actor:sdf'").pluck().get()).toBe(
      "QSD (user name)",
    );
    sqlite.close();
  });

  it("rejects a bad --threads value", () => {
    const r = cli(["ingest", "--db", join(tempDir(), "b.db"), "--threads", "0", SEEDS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--threads");
  });
});
