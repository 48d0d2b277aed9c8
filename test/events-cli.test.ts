// `parallax events` and the events part of `show` through the built CLI, over a real ingested database. The
// extractor that fills events is not there yet: the content checks write hand-made events into the ingested
// articles' analyses with the store's own writer, as ingest would.

import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Casualties, Claim, Event } from "../src/records.js";
import { type Analysis, AnalysisWriter, getAnalysis } from "../src/store/analyses.js";
import { openSqlite } from "../src/store/sqlite.js";
import { cli, SEEDS, tempDir } from "./helpers.js";

const HEADER =
  "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,civilian_targeting,iso," +
  "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,injuries,parallax_type,mode," +
  "plover_event_type,plover_mode,attribution,hedged,negated,denied,article_id,url";

function event(articleId: string, n: number, over: Partial<Event> = {}): Event {
  return {
    id: `${articleId}:e${n}`,
    articleId,
    sentence: n,
    start: 0,
    end: 60,
    text: `The SDF, backed by U.S. air strikes, attacked "Islamic State" positions (${n}).\u001b[31m`,
    type: "clash",
    acled: { eventType: "Battles", subEventType: "Armed clash" },
    plover: { eventType: "FIGHT", mode: "small-arms" },
    trigger: { text: "attacked", start: 30, end: 38 },
    mode: null,
    actor: { entityId: "actor:sdf", name: "Syrian Democratic Forces", text: "The SDF" },
    target: { entityId: "actor:is", name: "Islamic State", text: "Islamic State" },
    location: {
      name: "Deir ez-Zor",
      entityId: "geonames:170794",
      kbId: "geonames:170794",
      geonameId: 170794,
      admin1: "Deir ez-Zor",
      admin1Code: "SY-DY",
      country: "SY",
      lat: 35.336,
      lon: 40.141,
      precision: "city",
      score: 1,
    },
    date: { value: "2017-09-08", precision: "day", text: "on Friday" },
    casualties: [
      {
        kind: "killed",
        victims: "fighters",
        side: null,
        count: 12,
        qualifier: "at-least",
        vague: false,
        role: "total",
        start: 0,
        end: 10,
        text: "at least 12 militants",
      },
    ],
    killed: 12,
    injured: null,
    attribution: null,
    hedges: [],
    negated: false,
    denied: false,
    main: n === 0,
    ...over,
  };
}

/** An air strike with no actor, place or date of its own (it takes its article's date). */
const E1 = (articleId: string) =>
  event(articleId, 1, {
    type: "air-strike",
    actor: null,
    location: null,
    date: null,
    casualties: [],
    killed: null,
  });

const casualties = (eventId: string): Casualties => ({
  killed: 12,
  civilians: null,
  children: null,
  women: null,
  fighters: 12,
  injured: null,
  qualifier: "at-least",
  sentence: "at least 12 militants were killed",
  start: 0,
  end: 30,
  eventId,
  attribution: null,
  note: null,
});

const claim = (articleId: string): Claim => ({
  id: `${articleId}:c0`,
  articleId,
  eventId: `${articleId}:e0`,
  subject: { entityId: "actor:sdf", name: "Syrian Democratic Forces", text: "The SDF" },
  predicate: "killed",
  object: null,
  value: 12,
  unit: "fighters",
  qualifier: "at-least",
  place: null,
  date: null,
  attribution: null,
  hedged: false,
  negated: false,
  start: 0,
  end: 30,
  text: "at least 12 militants were killed",
});

let db = "";
let ids: string[] = [];

beforeAll(async () => {
  db = join(tempDir(), "events.db");
  const r = cli(["ingest", "--db", db, "--format", "json", "--threads", "1", SEEDS]);
  expect(r.code).toBe(0);
  ids = cli(["articles", "--db", db, "--format", "jsonl"])
    .stdout.trim()
    .split("\n")
    .map((l) => JSON.parse(l).id as string)
    .sort();
});

describe("parallax events", () => {
  it("refuses an unknown type, actor or place with a usage error naming it", () => {
    const type = cli(["events", "--db", db, "--type", "nonsense-Type"]);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain("nonsense-Type");
    const actor = cli(["events", "--db", db, "--actor", "Nobody Known"]);
    expect(actor.code).toBe(2);
    expect(actor.stderr).toContain("Nobody Known");
    const place = cli(["events", "--db", db, "--place", "Narnia"]);
    expect(place.code).toBe(2);
    expect(place.stderr).toContain("Narnia");
    const format = cli(["events", "--db", db, "--format", "xml"]);
    expect(format.code).toBe(2);
    expect(cli(["events", "--db", db, "--from", "yesterday"]).code).toBe(2);
  });

  it("prints the CSV header on an ingested database", () => {
    const r = cli(["events", "--db", db, "--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\r\n")[0]).toBe(HEADER);
    for (const args of [
      ["--actor", "SDF"],
      ["--actor", "isis"],
      ["--place", "Deir al-Zour"],
      ["--type", "air-strike"],
    ])
      expect(cli(["events", "--db", db, ...args]).code).toBe(0);
  });

  it("lists, filters and exports stored events, and show prints them", async () => {
    const [first, second] = ids as [string, string];
    const store = await openSqlite(db);
    const analyses: Analysis[] = [];
    for (const [id, events] of [
      [first, [event(first, 0), E1(first)]],
      [second, [event(second, 0, { date: { value: "2017-09-10", precision: "day", text: "on Sunday" } })]],
    ] as const) {
      const stored = await getAnalysis(store, id);
      expect(stored).not.toBeNull();
      analyses.push({
        ...(stored as Analysis),
        events: [...events],
        claims: [claim(id)],
        casualties: casualties(`${id}:e0`),
      });
    }
    new AnalysisWriter(store).write(analyses);
    await store.close();

    const jsonl = (args: string[]) =>
      cli(["events", "--db", db, "--format", "jsonl", ...args])
        .stdout.trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const all = jsonl([]);
    expect(all.map((r) => r.event.id)).toEqual([`${first}:e0`, `${first}:e1`, `${second}:e0`]);
    expect(all[0]).toMatchObject({
      outlet: expect.any(String),
      published: expect.stringMatching(/^2017-09-09/),
    });
    expect(jsonl(["--type", "air-strike"]).map((r) => r.event.id)).toEqual([`${first}:e1`]);
    expect(jsonl(["--actor", "Syrian Democratic Forces"])).toHaveLength(2);
    expect(jsonl(["--actor", "QSD"])).toHaveLength(2);
    expect(jsonl(["--actor", "Islamic State"])).toHaveLength(0); // the target, not the actor
    expect(jsonl(["--place", "Deir al-Zour"])).toHaveLength(2);
    expect(jsonl(["--from", "2017-09-09"]).map((r) => r.event.id)).toEqual([`${first}:e1`, `${second}:e0`]);
    expect(jsonl(["--to", "2017-09-08"]).map((r) => r.event.id)).toEqual([`${first}:e0`]);
    expect(jsonl(["--limit", "1"])).toHaveLength(1);

    const csv = cli(["events", "--db", db, "--format", "csv", "--actor", "sdf"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\r\n");
    expect(lines).toHaveLength(4); // header, two events, the final line end
    expect(lines[1]).toContain(`${first}:e0,2017-09-08,2017,1,Battles,Armed clash,Syrian Democratic Forces,`);
    expect(lines[1]).toContain(
      '"The SDF, backed by U.S. air strikes, attacked ""Islamic State"" positions (0).',
    );

    const geo = JSON.parse(cli(["events", "--db", db, "--format", "geojson"]).stdout);
    expect(geo.features.map((f: { id: string }) => f.id)).toEqual([`${first}:e0`, `${second}:e0`]);
    expect(geo.features[0].geometry.coordinates).toEqual([40.141, 35.336]);

    const table = cli(["events", "--db", db]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/2017-09-08\s+clash\s+Syrian Democratic Forces → Islamic State/);
    expect(table.stdout).toContain("Deir ez-Zor (SY-DY)");
    expect(table.stdout).toContain("12/-");
    expect(table.stdout).not.toContain("\u001b"); // article text carries no terminal escapes to the terminal

    const shown = cli(["show", "--db", db, first]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/casualties\s+killed 12 \(at-least: fighters 12\)/);
    expect(shown.stdout.match(/^ {2}event /gm)).toHaveLength(2);
    expect(shown.stdout).toMatch(/claims\s+1/);
    expect(shown.stdout).not.toContain("\u001b");
    const json = JSON.parse(cli(["show", "--db", db, "--format", "json", first]).stdout);
    expect(json.analysis.events).toEqual([event(first, 0), E1(first)]);
  });
});
