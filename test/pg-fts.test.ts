// The FTS5 query language on PostgreSQL against FTS5 itself: the same small corpus in an SQLite store and a
// PostgreSQL store, the same queries (hand-picked and generated), the same matching articles and the same refusals.
// Also the snippets' shape.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlesMatching, listArticles, QuerySyntaxError, searchError } from "../src/store/articles.js";
import { fts5ToTsquery, ftsWords } from "../src/store/fts-query.js";
import { openPostgres } from "../src/store/postgres.js";
import { openSqlite, type Store } from "../src/store/sqlite.js";
import { createDatabase, dropDatabase, PG_SKIP, requirePg } from "./pg-helpers.js";

const DOCS: [string | null, string][] = [
  ["Raqqa falls", "The city of Raqqa fell to the SDF in Deir al-Zour.\n\nMore fighting was reported."],
  ["Air strikes on Idlib", "Warplanes struck Idlib and Aleppo; 12 civilians were killed, 30 injured."],
  [null, "An untitled dispatch: the café in Homs—Hama road reopened. ÉLAN Société."],
  [
    "Assad's forces advance",
    "Government forces, backed by Russian jets, advanced on the 7th day near Palmyra.",
  ],
  ["Reuters", "«Quoted» text with <b>tags</b> & entities &amp; 1,000 people; x_y e5 1e5."],
  ["ΑΘΗΝΑ report", "Привет from Moscow. Греция and ذكر التقرير in Arabic."],
  ["تقرير، عاجل", "قال المرصد؛ هل قتل ٣٠ مدنياً؟ نعم٪ «Ελλάδα·Αθήνα» Ёлка"],
  ["Marks", "cafe\u0301s مُدُن ab\u0483cd ǖber Ṩtrasse ſtraße Ⅻ ２０１７ ẞig x\u200Dy \u{1D400}bc 🚀rocket"],
  ["Deir ez-Zor", "Raqqa and Deir ez-Zor were shelled. Shelling continued for days in Deir ez-Zor."],
  ["falls city", "Body words: city of gold, falls of water."],
];

const QUERIES = [
  "raqqa",
  "Raqqa",
  "RAQQA",
  "raq*",
  "raq *",
  '"of raqqa"',
  '"raqqa fell"',
  '"falls city"',
  '"falls the"',
  "raqqa OR idlib",
  "raqqa AND idlib",
  "raqqa NOT idlib",
  "raqqa NOT deir",
  "raqqa deir",
  "(raqqa OR idlib) AND killed",
  "raqqa OR idlib AND killed",
  "raqqa NOT city NOT x",
  "title:raqqa",
  "Title:falls",
  "body:falls",
  "-title:falls",
  "{title body}:falls",
  "title:(raqqa OR air)",
  "title:(body:raqqa)",
  "cafe",
  "café",
  "CAFÉ",
  "elan societe",
  "homs hama",
  '"homs hama"',
  "1e5",
  "e5",
  "x_y",
  '"x y"',
  "1 000",
  '"1 000"',
  "7th",
  "assad",
  '"assad s"',
  "tags",
  "b",
  "amp",
  "привет",
  "ПРИВЕТ",
  "αθηνα",
  "ذكر",
  "تقرير",
  "المرصد",
  "هل",
  "مدنياً",
  "٣٠",
  "αθηνα",
  "ελλαδα",
  "елка",
  "cafes",
  "café*",
  "مدن",
  "م",
  "ab",
  "uber",
  "ǖber",
  "strasse",
  "straße",
  "ⅻ",
  "２０１７",
  "ßig",
  "y",
  "\u{1D400}bc",
  "rocket",
  '"د ن"',
  "مدنيا",
  "quoted",
  "NEAR(raqqa fell)",
  "NEAR(raqqa fell, 0)",
  "NEAR(city raqqa, 1)",
  "NEAR(city raqqa, 0)",
  "NEAR(raqqa deir, 2)",
  "NEAR(raqqa)",
  "NEAR",
  "raqqa NEAR",
  "of + raqqa",
  "raqqa + city",
  '"raqqa"*',
  '""',
  'raqqa ""',
  '"" OR idlib',
  '"" NOT raqqa',
  'raqqa NOT ""',
  '"."',
  "ANDx",
  "or",
  "x*y",
  "a^b",
  // malformed: FTS5 refuses all of these
  "",
  " ",
  '"Raqqa',
  "*",
  "*raqqa",
  " *x",
  "NOT",
  "AND",
  "OR",
  "a:b",
  "AND OR",
  "(Raqqa",
  "raqqa)",
  "()",
  "raqqa AND",
  "raqqa NOT",
  "NOT raqqa",
  "(raqqa) city",
  "city (raqqa)",
  "al-Zour",
  "-x",
  "x -y",
  "near(raqqa city)",
  "NEAR(raqqa city, x)",
  "NEAR(raqqa city,)",
  "NEAR()",
  "NEAR(raqqa OR city)",
  "raqqa**",
  "+raqqa",
  "raqqa+",
  "title:",
  ":x",
  "{title",
  "{}:x",
  "title:body:raqqa",
  "title:-body:x",
  "it's",
  "raqqa.",
  "sdf,",
  "^",
  "x^",
];

/** The operands and operators generated queries are made of. */
const PARTS = [
  "raqqa",
  "deir",
  "city",
  "of",
  "falls",
  "idlib",
  "zour",
  "r*",
  '"of raqqa"',
  '"city of"',
  "AND",
  "OR",
  "NOT",
  "(",
  ")",
  "title:",
  "body:",
  "-title:",
  "{title body}:",
  "+",
  "*",
  '"',
  "NEAR(",
  ", 3",
  "x",
];

function generated(n: number): string[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(rand() * 6);
    const parts: string[] = [];
    for (let j = 0; j < len; j++) parts.push(PARTS[Math.floor(rand() * PARTS.length)] as string);
    out.push(parts.join(rand() < 0.8 ? " " : ""));
  }
  return out;
}

/** What a query matches (sorted ids), or "error". */
async function matched(store: Store, q: string): Promise<string[] | "error"> {
  try {
    const rows = await articlesMatching(store, q).execute();
    return rows.map((r) => r.id).sort();
  } catch (e) {
    // (an empty query is SQLite's error without being a QuerySyntaxError: the API refuses it before)
    if (searchError(e, q) instanceof QuerySyntaxError || (e as { code?: string }).code === "SQLITE_ERROR")
      return "error";
    throw e;
  }
}

describe.skipIf(PG_SKIP)("FTS5 queries on PostgreSQL", () => {
  let url: string;
  let sqlite: Store;
  let pg: Store;

  beforeAll(async () => {
    requirePg();
    url = await createDatabase();
    sqlite = await openSqlite(":memory:");
    pg = await openPostgres(url);
    const rows = DOCS.map(([title, body], i) => ({
      id: `a${i}`,
      title,
      body,
      credits: "[]",
      captions: "[]",
      flags: "[]",
      origin: "{}",
      shingles: 0,
      ingested_at: "2024-01-01T00:00:00Z",
    }));
    for (const s of [sqlite, pg]) await s.db.insertInto("articles").values(rows).execute();
    if (sqlite.kind === "sqlite")
      sqlite.sqlite.exec(
        "insert into articles_fts(rowid, title, body) select seq, title, body from articles",
      );
  });

  afterAll(async () => {
    await sqlite?.close();
    await pg?.close();
    if (url) await dropDatabase(url);
  });

  it("tokenizes as the index does", async () => {
    if (pg.kind !== "postgres") throw new Error("unreachable");
    for (const [title, body] of DOCS) {
      const { rows } = await pg.pool.query<{ w: string }>(
        "select parallax_fts_words($1) || ' ' || parallax_fts_words($2) as w",
        [title, body],
      );
      expect(ftsWords(`${title ?? ""} ${body}`)).toEqual((rows[0]?.w ?? "").split(" ").filter(Boolean));
    }
  });

  it("matches what FTS5 matches and refuses what it refuses", async () => {
    const seen = { refused: 0, matching: 0, unsupported: 0 };
    for (const q of [...QUERIES, ...generated(400)]) {
      const want = await matched(sqlite, q);
      const got = await matched(pg, q);
      if (want === "error") seen.refused++;
      else if (want.length > 0) seen.matching++;
      if (want !== "error" && got === "error") {
        // The two things PostgreSQL cannot say are refused by name, never answered wrongly.
        expect(() => fts5ToTsquery(q), q).toThrow(/not supported on PostgreSQL/);
        seen.unsupported++;
        continue;
      }
      expect(got, q).toEqual(want);
    }
    // The generated queries are a fair mix, not all refused or all empty.
    expect(seen.refused).toBeGreaterThan(100);
    expect(seen.matching).toBeGreaterThan(100);
    expect(seen.unsupported).toBeLessThan(20);
  });

  it("refuses ^ and wide NEAR groups by name", async () => {
    for (const q of ["^raqqa", "NEAR(raqqa deir city)", "NEAR(raqqa deir, 51)"])
      await expect(listArticles(pg, { q })).rejects.toThrow(/not supported on PostgreSQL/);
  });

  it("makes FTS5's snippets: the best 16-word window, «marks», … where cut, the text left as it is", async () => {
    const extra: [string, string][] = [
      ["x", `${"word ".repeat(30)}Shelling continued ${"more ".repeat(30)}`],
      [
        "x",
        "One. Two three four five six. Seven eight nine Shelling ten eleven twelve. Thirteen fourteen fifteen x.",
      ],
      ["x", "Shelling at start then a b c d e f g h i j k l m n o p q r s"],
      ["x", "a b c d e f g h i j k l m n o p q r s t u v w shelling."],
      ["x", "a b c d e f g h i j k l m n o p q r s t u v w shelling x y z shelling"],
      ["Shelling title", "a b c shelling"],
      ["a", "..shelling!!"],
      ["the city", "of the city of Raqqa, the city of Raqqa again: the city"],
    ];
    const rows = extra.map(([title, body], i) => ({
      id: `s${i}`,
      title,
      body,
      credits: "[]",
      captions: "[]",
      flags: "[]",
      origin: "{}",
      shingles: 0,
      ingested_at: "2024-01-01T00:00:00Z",
    }));
    for (const s of [sqlite, pg]) await s.db.insertInto("articles").values(rows).execute();
    if (sqlite.kind === "sqlite")
      sqlite.sqlite.exec(
        "insert into articles_fts(rowid, title, body) select seq, title, body from articles where id like 's%'",
      );
    const snippets = async (store: Store, q: string) =>
      new Map((await listArticles(store, { q, limit: 100 })).map((a) => [a.id, a.snippet]));
    let compared = 0;
    for (const q of [
      ...QUERIES,
      "shelling",
      "shelling OR c",
      "shell*",
      '"city of raqqa"',
      "city raqqa",
      "tags",
    ]) {
      const want = await snippets(sqlite, q).catch(() => null);
      const got = await snippets(pg, q).catch(() => null);
      if (want === null || got === null) continue;
      expect(got, q).toEqual(want);
      compared += want.size;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
