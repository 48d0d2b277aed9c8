// `parallax stories`, `story`, `compare` and `link` through the built CLI over real SQLite databases: the seeds form
// one story and its cross-check reads as the issue asks; FA-KES stories are the same on every run and after a
// rebuild; filters and bad ids give clear answers.

import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../src/knowledge/index.js";
import { checkStories } from "../src/pipeline/compare-job.js";
import type { Comparison, Story } from "../src/records.js";
import { openSqlite } from "../src/store/sqlite.js";
import { cli, FAKES, SEEDS, tempDir } from "./helpers.js";

const storiesOf = (stdout: string): Story[] =>
  stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Story);

/** Stories as sets of article ids, in a canonical order: what "the same stories" means. */
const grouping = (stories: Story[]) =>
  stories
    .map((s) => ({ id: s.id, articles: s.articles.map((a) => a.id).sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe("stories of the seeds", () => {
  const db = join(tempDir(), "seeds.db");
  let story: Story;

  beforeAll(() => {
    const ingest = cli(["ingest", SEEDS, "--db", db]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const list = cli(["stories", "--db", db, "--format", "jsonl"]);
    expect(list.code, list.stderr).toBe(0);
    const stories = storiesOf(list.stdout);
    expect(stories).toHaveLength(1);
    story = stories[0] as Story;
  });

  it("puts Al Arabiya's and Xinhua's reports in one story with the fields the issue lists", () => {
    expect(story.articles.map((a) => a.outlet).sort()).toEqual(["Al Arabiya", "Xinhua"]);
    for (const a of story.articles) {
      expect(a.id).toMatch(/^a[0-9a-f]+$/);
      expect(a.published?.slice(0, 10)).toBe("2017-09-09");
      expect(a).toHaveProperty("sourceId");
    }
    expect(story.id).toMatch(/^s[0-9a-f]+$/);
    expect(story.title).toBeTruthy();
    expect(story.location?.admin1Code).toBe("SY-DY");
    expect(story.dates.event).toBe("2017-09-09");
    expect(story.eventType).toBe("offensive");
    expect(story.sources).toBe(2);
  });

  it("shows the story by id and by a prefix of it", () => {
    const shown = cli(["story", story.id, "--db", db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("Al Arabiya");
    expect(shown.stdout).toContain("Xinhua");
    expect(shown.stdout).toContain(`parallax compare ${story.id}`);
    const json = JSON.parse(
      cli(["story", story.id.slice(0, 8), "--db", db, "--format", "json"]).stdout,
    ) as Story;
    expect(json.id).toBe(story.id);
  });

  it("cross-checks the story: agreed, compatible, only in each outlet, sources cited, words used", () => {
    const report = cli(["compare", story.id, "--db", db]);
    expect(report.code, report.stderr).toBe(0);
    const text = report.stdout;
    for (const section of [
      "AGREED",
      "COMPATIBLE",
      "CONFLICTING",
      "ONLY IN Al Arabiya",
      "ONLY IN Xinhua",
      "SOURCES CITED",
      "WORDS USED",
    ])
      expect(text).toContain(section);

    const c = JSON.parse(cli(["compare", story.id, "--db", db, "--format", "json"]).stdout) as Comparison;
    const group = (predicate: string, subject: string) =>
      c.groups.find(
        (g) => g.predicate === predicate && g.claims.some((r) => r.text && g.subject === subject),
      );
    const offensive = c.groups.find(
      (g) => g.predicate === "offensive" && g.subject === "actor:sdf" && g.object === "actor:is",
    );
    expect(offensive?.verdict).toBe("agreed");
    expect(offensive?.sources.sort()).toEqual(["Al Arabiya", "Xinhua"]);
    expect(c.groups.find((g) => g.predicate === "siege-broken")?.verdict).toBe("agreed");
    const raqqa = c.groups.find(
      (g) => g.predicate === "captured" && g.claims.some((r) => r.unit === "percent"),
    );
    expect(raqqa?.verdict).toBe("compatible");
    expect(raqqa?.claims.map((r) => [r.outlet, r.value, r.qualifier]).sort()).toEqual([
      ["Al Arabiya", 65, null],
      ["Xinhua", 60, "more-than"],
    ]);
    expect(group("captured", "actor:sdf")).toBeDefined();
    for (const outlet of ["Al Arabiya", "Xinhua"])
      expect(c.onlyIn.find((o) => o.source === outlet)?.groups.length).toBeGreaterThanOrEqual(3);
    const cites = (outlet: string) =>
      c.attribution.filter((a) => a.outlet === outlet).flatMap((a) => a.cites.map((x) => x.source));
    expect(cites("Al Arabiya")).toEqual(expect.arrayContaining(["Syrian Observatory for Human Rights"]));
    expect(cites("Xinhua").length).toBeGreaterThan(0);
    const is = c.naming.find((n) => n.about === "actor:is");
    const words = (outlet: string) =>
      is?.byOutlet.find((o) => o.outlet === outlet)?.words.map((w) => w.text) ?? [];
    expect(words("Al Arabiya")).toEqual(expect.arrayContaining(["ISIS", "jihadist militants"]));
    expect(words("Xinhua")).toEqual(expect.arrayContaining(["Islamic State"]));
    expect(words("Al Arabiya")).not.toEqual(words("Xinhua"));
  });

  it("answers a story id that does not exist with a usage error", () => {
    const r = cli(["compare", "sdoesnotexist", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no story sdoesnotexist");
  });
});

describe("stories of the FA-KES dev split", () => {
  const dir = tempDir();
  const db = join(dir, "fakes.db");
  let first: Story[];

  beforeAll(() => {
    const ingest = cli(["ingest", FAKES, "--db", db]);
    expect(ingest.code, ingest.stderr).toBe(0);
    first = storiesOf(cli(["stories", "--db", db, "--format", "jsonl"]).stdout);
  }, 120_000);

  it("places every stored article in exactly one story, and every input record's id in it", () => {
    const ids = first.flatMap((s) => [...new Set(s.articles.map((a) => a.id))]);
    expect(new Set(ids).size).toBe(ids.length);
    // FA-KES rows 181 and 237 hold the same text under two unit_ids: stored once, both ids in its story.
    const both = first.find((s) => s.articles.some((a) => a.sourceId === "1926478913"));
    expect(both?.articles.map((a) => a.sourceId)).toContain("1926479251");
    const sourceIds = first.flatMap((s) => s.articles.map((a) => a.sourceId));
    expect(new Set(sourceIds).size).toBe(sourceIds.length);
    const stored = cli(["articles", "--db", db, "--format", "jsonl", "--limit", "100000"])
      .stdout.trim()
      .split("\n");
    expect(ids.length).toBe(stored.length);
    // Several outlets' reports of one incident do end up together.
    expect(first.filter((s) => s.outlets.length >= 3).length).toBeGreaterThan(0);
  });

  it("gives the same stories on a second database and after `link --rebuild`", () => {
    const again = join(dir, "again.db");
    expect(cli(["ingest", FAKES, "--db", again]).code).toBe(0);
    expect(grouping(storiesOf(cli(["stories", "--db", again, "--format", "jsonl"]).stdout))).toEqual(
      grouping(first),
    );
    const rebuilt = join(dir, "rebuilt.db");
    copyFileSync(db, rebuilt);
    const r = cli(["link", "--rebuild", "--db", rebuilt]);
    expect(r.code, r.stderr).toBe(0);
    expect(grouping(storiesOf(cli(["stories", "--db", rebuilt, "--format", "jsonl"]).stdout))).toEqual(
      grouping(first),
    );
  }, 120_000);

  it("saves the verdict counts the analysis threads computed, as a cross-check in one thread gives them", async () => {
    const counts = (path: string) => {
      const d = new Database(path, { readonly: true });
      const rows = d
        .prepare(
          "select id, checked, check_agreed, check_compatible, check_conflicting, check_single from stories order by id",
        )
        .all();
      d.close();
      return rows;
    };
    const threads = counts(db); // the ingest compared its stories on its analysis threads
    const serial = join(dir, "serial.db");
    copyFileSync(db, serial);
    const store = await openSqlite(serial);
    store.sqlite.exec(
      "update stories set checked = 0, check_agreed = null, check_compatible = null, check_conflicting = null, check_single = null",
    );
    expect(await checkStories(store, loadKnowledge([]))).toBeGreaterThan(10);
    await store.close();
    expect(counts(serial)).toEqual(threads);
    expect(
      threads.filter((r) => (r as { check_agreed: number | null }).check_agreed !== null).length,
    ).toBeGreaterThan(10);
  }, 120_000);

  it("keeps the two seed reports together among the FA-KES articles, as `npm start` ingests them", () => {
    const both = join(dir, "bundled.db");
    copyFileSync(db, both);
    expect(cli(["ingest", SEEDS, "--db", both]).code).toBe(0);
    const xinhua = storiesOf(
      cli(["stories", "--db", both, "--format", "jsonl", "--outlet", "xinhua"]).stdout,
    );
    expect(xinhua).toHaveLength(1);
    expect(xinhua[0]?.outlets).toEqual(["Al Arabiya", "Xinhua"]);
  });

  it("filters stories by date, governorate and outlet", () => {
    const inIdlib = storiesOf(cli(["stories", "--db", db, "--format", "jsonl", "--place", "Idleb"]).stdout);
    expect(inIdlib.length).toBeGreaterThan(0);
    expect(inIdlib.every((s) => s.location?.admin1Code === "SY-ID")).toBe(true);
    const april = storiesOf(
      cli(["stories", "--db", db, "--format", "jsonl", "--from", "2017-04-04", "--to", "2017-04-06"]).stdout,
    );
    expect(april.length).toBeGreaterThan(0);
    for (const s of april)
      expect((s.dates.last ?? "") >= "2017-04-04" && (s.dates.first ?? "") <= "2017-04-06").toBe(true);
    const sana = storiesOf(cli(["stories", "--db", db, "--format", "jsonl", "--outlet", "sana"]).stdout);
    expect(sana.length).toBeGreaterThan(0);
    expect(sana.every((s) => s.outlets.includes("SANA"))).toBe(true);
    const arabiya = storiesOf(
      cli(["stories", "--db", db, "--format", "jsonl", "--outlet", "arabiya"]).stdout,
    );
    expect(arabiya.length).toBeGreaterThan(0);
    expect(arabiya.every((s) => s.outlets.includes("Al Arabiya"))).toBe(true);
    const bad = cli(["stories", "--db", db, "--from", "April"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from must be a date");
  });
});
