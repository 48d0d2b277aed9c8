import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.js";
import { prepareArticle } from "../ingest/index.js";
import { emptyDraft } from "../ingest/normalize.js";
import type {
  AnalyzedArticle,
  Article,
  Casualties,
  CasualtyFigure,
  Claim,
  Event,
  Location,
  Participant,
} from "../records.js";
import { ANALYZER_VERSION, AnalysisWriter, analysisOf, getAnalysis, pendingArticles } from "./analyses.js";
import { ArticleWriter } from "./articles.js";
import { listClaims, listEvents } from "./events.js";
import { migrationProvider } from "./migrations.js";
import { openSqlite, type SqliteStore } from "./sqlite.js";

function prepared(n: number, published: string | null) {
  return prepareArticle({
    ...emptyDraft({ format: "csv", file: "/data/events.csv", record: n }),
    title: `Report ${n}`,
    body: [`Report number ${n} tells of air strikes and shelling in several towns of the north.`],
    outlet: n % 2 ? "AFP" : "SANA",
    published,
    publishedPrecision: published ? "day" : null,
    url: `https://example.org/${n}`,
  });
}

const article = (n: number, published: string | null): Article => prepared(n, published).article;

const party = (entityId: string | null, name: string): Participant => ({ entityId, name, text: name });

const place = (name: string, admin1Code: string, admin1: string, lat: number, lon: number): Location => ({
  name,
  entityId: `area:${name.toLowerCase()}`,
  kbId: `area:${name.toLowerCase()}`,
  geonameId: null,
  admin1,
  admin1Code,
  country: "SY",
  lat,
  lon,
  precision: "city",
  score: 1,
});

const figure = (over: Partial<CasualtyFigure>): CasualtyFigure => ({
  kind: "killed",
  victims: "people",
  side: null,
  count: 1,
  qualifier: null,
  vague: false,
  role: "total",
  start: 0,
  end: 1,
  text: "x",
  ...over,
});

function event(articleId: string, n: number, over: Partial<Event> = {}): Event {
  return {
    id: `${articleId}:e${n}`,
    articleId,
    sentence: n,
    start: 0,
    end: 80,
    text: `Sentence ${n}, with "quotes", commas\nand a line break.`,
    type: "air-strike",
    acled: { eventType: "Explosions/Remote violence", subEventType: "Air/drone strike" },
    plover: { eventType: "ASSAULT", mode: "aerial" },
    trigger: { text: "air strikes", start: 0, end: 11 },
    mode: "air strike",
    actor: party("actor:russia", "Russia"),
    target: party(null, "civilians"),
    location: place("Saraqeb", "SY-ID", "Idlib", 35.86, 36.8),
    date: { value: "2017-04-03", precision: "day", text: "on Monday" },
    casualties: [],
    killed: null,
    injured: null,
    attribution: null,
    hedges: [],
    negated: false,
    denied: false,
    main: n === 0,
    ...over,
  };
}

function claim(articleId: string, n: number, over: Partial<Claim> = {}): Claim {
  return {
    id: `${articleId}:c${n}`,
    articleId,
    eventId: `${articleId}:e0`,
    subject: party("actor:russia", "Russia"),
    predicate: "killed",
    object: party(null, "civilians"),
    value: 20 + n,
    unit: "civilians",
    qualifier: "at-least",
    place: place("Saraqeb", "SY-ID", "Idlib", 35.86, 36.8),
    date: { value: "2017-04-03", precision: "day", text: "on Monday" },
    attribution: {
      source: "Syrian Observatory for Human Rights",
      entityId: "actor:sohr",
      kind: "named",
      text: "the Observatory said",
      start: 0,
      end: 10,
    },
    hedged: false,
    negated: false,
    start: 0,
    end: 50,
    text: `Claim ${n}`,
    ...over,
  };
}

function analysed(
  a: Article,
  events: Event[],
  claims: Claim[],
  casualties: Casualties | null,
): AnalyzedArticle {
  return {
    ...a,
    publishedSource: a.published ? "metadata" : null,
    location: null,
    secondaryLocations: [],
    entities: [],
    mentions: [],
    times: [],
    numbers: [],
    events,
    claims,
    casualties,
  };
}

/** A store holding the articles (events refer to their article). */
async function storeWith(articles: Article[]): Promise<SqliteStore> {
  const store = await openSqlite(join(tempDir(), "events.db"));
  new ArticleWriter(store).write(articles.map((a) => prepareArticle(a)));
  return store;
}

describe("events and claims in the store", () => {
  it("round-trips an analysis with its events, claims and casualties, and a rewrite replaces them", async () => {
    const a = article(1, "2017-04-03");
    const store = await storeWith([a]);
    const events = [
      event(a.id, 0, {
        casualties: [
          figure({ count: 20, qualifier: "at-least" }),
          figure({ count: 5, victims: "children", role: "part" }),
          figure({ count: 31, role: "update" }),
          figure({ kind: "injured", count: 40 }),
        ],
        killed: 31,
        injured: 40,
        attribution: {
          source: "Syrian Observatory for Human Rights",
          entityId: "actor:sohr",
          kind: "named",
          text: "the monitor said",
          start: 0,
          end: 16,
        },
        hedges: ["reportedly"],
      }),
      event(a.id, 1, { type: "shelling", actor: null, location: null, date: null, main: false }),
    ];
    const claims = [claim(a.id, 0), claim(a.id, 1, { eventId: null, object: null }), claim(a.id, 2)];
    const casualties: Casualties = {
      killed: 31,
      civilians: null,
      children: 5,
      women: null,
      fighters: null,
      injured: 40,
      qualifier: "at-least",
      sentence: "Sentence 0",
      start: 0,
      end: 80,
      eventId: `${a.id}:e0`,
      attribution: null,
      note: "a revised toll",
    };
    const full = analysisOf(analysed(a, events, claims, casualties));
    const writer = new AnalysisWriter(store);
    writer.write([full]);
    expect(await getAnalysis(store, a.id)).toEqual(full);

    // The summary columns.
    const raw = new Database(store.path, { readonly: true });
    expect(
      raw
        .prepare("select killed, injured, hedged, main, attribution, admin1_code from events order by id")
        .all(),
    ).toEqual([
      {
        killed: 31,
        injured: 40,
        hedged: 1,
        main: 1,
        attribution: "Syrian Observatory for Human Rights",
        admin1_code: "SY-ID",
      },
      { killed: null, injured: null, hedged: 0, main: 0, attribution: null, admin1_code: null },
    ]);

    // Analysed again (a re-run or a newer analyzer): the old rows go, no duplicates stay.
    const fewer = analysisOf(analysed(a, [events[1] as Event], [claims[2] as Claim], null));
    writer.write([fewer]);
    expect(await getAnalysis(store, a.id)).toEqual(fewer);
    expect(raw.prepare("select count(*) from events").pluck().get()).toBe(1);
    expect(raw.prepare("select count(*) from claims").pluck().get()).toBe(1);
    writer.write([full]);
    expect(raw.prepare("select count(*) from events").pluck().get()).toBe(2);
    expect((await listClaims(store, { predicate: "killed" })).map((c) => c.id)).toEqual(
      claims.map((c) => c.id),
    );
    raw.close();
    await store.close();
  });

  it("lists events by type, date range, governorate, actor and article, in date order", async () => {
    const a1 = article(1, "2017-04-03");
    const a2 = article(2, "2017-05-10");
    const a3 = article(3, null);
    const store = await storeWith([a1, a2, a3]);
    const aleppo = place("Aleppo", "SY-HL", "Aleppo", 36.2, 37.16);
    new AnalysisWriter(store).write(
      [
        analysed(a1, [event(a1.id, 0), event(a1.id, 1, { type: "shelling", date: null })], [], null),
        analysed(
          a2,
          [
            event(a2.id, 0, {
              location: aleppo,
              actor: party("actor:sdf", "SDF"),
              date: { value: "2017-05-08", precision: "day", text: "Monday" },
            }),
          ],
          [],
          null,
        ),
        // No input date: the analysis read one in the text.
        {
          ...analysed(a3, [event(a3.id, 0, { date: null, type: "shelling" })], [], null),
          published: "2017-06-01",
        },
      ].map(analysisOf),
    );
    const ids = async (q: Parameters<typeof listEvents>[1]) =>
      (await listEvents(store, q)).map((r) => r.event.id);

    expect(await ids({})).toEqual([`${a1.id}:e0`, `${a1.id}:e1`, `${a2.id}:e0`, `${a3.id}:e0`]);
    expect(await ids({ type: "shelling" })).toEqual([`${a1.id}:e1`, `${a3.id}:e0`]);
    expect(await ids({ from: "2017-05-01", to: "2017-05-08" })).toEqual([`${a2.id}:e0`]);
    expect(await ids({ from: "2017-05-09" })).toEqual([`${a3.id}:e0`]);
    expect(await ids({ to: "2017-04-03" })).toEqual([`${a1.id}:e0`, `${a1.id}:e1`]);
    expect(await ids({ admin1: "SY-HL" })).toEqual([`${a2.id}:e0`]);
    expect(await ids({ actor: "actor:sdf" })).toEqual([`${a2.id}:e0`]);
    expect(await ids({ actor: "actor:russia", type: "shelling" })).toEqual([`${a1.id}:e1`, `${a3.id}:e0`]);
    expect(await ids({ article: a1.id, limit: 1, offset: 1 })).toEqual([`${a1.id}:e1`]);
    expect(await ids({ offset: 3 })).toEqual([`${a3.id}:e0`]);

    const [first] = await listEvents(store, { limit: 1 });
    expect(first).toEqual({
      event: event(a1.id, 0),
      outlet: "AFP",
      published: "2017-04-03",
      title: "Report 1",
      url: "https://example.org/1",
    });
    const [undated] = await listEvents(store, { article: a3.id });
    expect(undated?.published).toBe("2017-06-01");
    await store.close();
  });

  it("migrates a database of the previous schema and redoes its analyses", async () => {
    const path = join(tempDir(), "old.db");
    // A database at migration 0002, as the previous release left it, with an analysed article.
    const sqlite = new Database(path);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("0002_analyses");
    expect(error).toBeUndefined();
    const a = article(1, "2017-04-03");
    sqlite
      .prepare(
        "insert into articles (id, credits, body, captions, flags, origin, shingles, ingested_at) values (?, '[]', 'x', '[]', '[]', '{}', 0, '')",
      )
      .run(a.id);
    sqlite
      .prepare(
        "insert into analyses (article_id, version, secondary_locations, mentions, times, numbers, analyzed_at) values (?, 1, '[]', '[]', '[]', '[]', '')",
      )
      .run(a.id);
    await db.destroy();

    const store = await openSqlite(path);
    expect(ANALYZER_VERSION).toBeGreaterThan(1);
    expect(pendingArticles(store, 0, 10).map((r) => r.article.id)).toEqual([a.id]);
    expect((await getAnalysis(store, a.id))?.casualties).toBeNull();
    new AnalysisWriter(store).write([
      analysisOf(analysed({ ...a, body: ["x"] }, [event(a.id, 0)], [], null)),
    ]);
    expect(pendingArticles(store, 0, 10)).toEqual([]);
    expect((await listEvents(store)).map((r) => r.event.id)).toEqual([`${a.id}:e0`]);
    await store.close();
  });
});
