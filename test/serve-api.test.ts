// The HTTP API over a real SQLite file and a real listening server: the seeds' story and its cross-check, filters,
// search, exports, ingest by paste and by upload, validation (never a 500), security headers, the write token,
// upload limits, and the OpenAPI document.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { Comparison } from "../src/records.js";
import type {
  ArticleDetail,
  EventList,
  IngestJob,
  Overview,
  StoryArticles,
  StoryDetail,
  StoryList,
  Timeline,
} from "../src/serve/api-types.js";
import { createServer } from "../src/serve/server.js";
import { openSqlite, type Store } from "../src/store/sqlite.js";
import { cli, ROOT, SEEDS, tempDir } from "./helpers.js";

const SEED_STORY = "s9068c947fd5be4c2";
const kb = loadKnowledge();

let store: Store;
let app: FastifyInstance;
let base: string;

const get = async <T>(path: string): Promise<{ status: number; body: T; headers: Headers }> => {
  const r = await fetch(`${base}${path}`);
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: r.status, body: body as T, headers: r.headers };
};

async function waitForJob(url: string, id: string, headers: Record<string, string> = {}): Promise<IngestJob> {
  for (;;) {
    const job = (await (await fetch(`${url}/api/ingest/${id}`, { headers })).json()) as IngestJob;
    if (job.state === "done" || job.state === "failed") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const dir = tempDir();
  const db = join(dir, "api.db");
  expect(cli(["ingest", "--db", db, SEEDS, "--quiet"]).code).toBe(0);
  store = await openSqlite(db);
  app = await createServer({ store, kb, threads: 1 });
  base = (await app.listen({ host: "127.0.0.1", port: 0 })).replace(/\/$/, "");
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe("reading stories", () => {
  it("lists the seeds' story with both outlets, its toll range and agreement at a glance", async () => {
    const { status, body } = await get<StoryList>("/api/stories");
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    const s = body.items[0];
    expect(s?.id).toBe(SEED_STORY);
    expect(s?.outlets).toEqual(["Al Arabiya", "Xinhua"]);
    expect(s?.check?.compatible).toBeGreaterThanOrEqual(1);
    expect(s?.check?.conflicting).toBe(0);
    expect(s?.check?.agreed).toBeGreaterThanOrEqual(3);
  });

  it("filters by place (code or spelling), outlet, type, dates and full text", async () => {
    const count = async (q: string) => (await get<StoryList>(`/api/stories?${q}`)).body.total;
    expect(await count("place=SY-DY")).toBe(1);
    expect(await count(`place=${encodeURIComponent("Deir al-Zour")}`)).toBe(1);
    expect(await count("place=SY-ID")).toBe(0);
    expect(await count("outlet=xinhua")).toBe(1);
    expect(await count("outlet=reuters")).toBe(0);
    expect(await count("from=2017-09-09&to=2017-09-09")).toBe(1);
    expect(await count("from=2017-09-10")).toBe(0);
    expect(await count("q=Raqqa")).toBe(1);
    expect(await count("q=Aleppo")).toBe(0);
    const type = (await get<StoryDetail>(`/api/stories/${SEED_STORY}`)).body.story.eventType as string;
    expect(await count(`type=${type}`)).toBe(1);
    expect(await count(`type=${type === "air-strike" ? "shelling" : "air-strike"}`)).toBe(0);
  });

  it("serves a story by id or prefix, and 404s an unknown one", async () => {
    const full = await get<StoryDetail>(`/api/stories/${SEED_STORY}`);
    expect(full.status).toBe(200);
    expect(full.body.story.articles.map((a) => a.outlet).sort()).toEqual(["Al Arabiya", "Xinhua"]);
    expect((await get<StoryDetail>(`/api/stories/${SEED_STORY.slice(0, 8)}`)).body.story.id).toBe(SEED_STORY);
    const missing = await get<{ statusCode: number; message: string }>("/api/stories/s000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain("no story");
  });

  it("gives the comparison: the Raqqa shares compatible, with offsets into the side-by-side texts", async () => {
    const c = (await get<Comparison>(`/api/stories/${SEED_STORY}/comparison`)).body;
    const texts = (await get<StoryArticles>(`/api/stories/${SEED_STORY}/articles`)).body.articles;
    expect(texts).toHaveLength(2);
    const raqqa = c.groups.find(
      (g) => g.verdict === "compatible" && g.claims.some((r) => r.unit === "percent"),
    );
    expect(raqqa).toBeDefined();
    const quoted = (raqqa?.claims ?? []).map((r) => {
      const t = texts.find((a) => a.id === r.articleId)?.text ?? "";
      return `${r.outlet}: ${t.slice(r.start, r.end)}`;
    });
    expect(quoted.join(" | ")).toMatch(/Al Arabiya: .*65 percent/);
    expect(quoted.join(" | ")).toMatch(/Xinhua: .*over 60 percent/);
  });

  it("gives an article with its text, analysis, events, claims and story", async () => {
    const story = (await get<StoryDetail>(`/api/stories/${SEED_STORY}`)).body.story;
    const id = story.articles.find((a) => a.outlet === "Xinhua")?.id as string;
    const { body } = await get<ArticleDetail>(`/api/articles/${id}`);
    expect(body.storyId).toBe(SEED_STORY);
    expect(body.location?.admin1Code).toBe("SY-DY");
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.claims.length).toBeGreaterThan(0);
    expect(body.entities.some((e) => e.id === "actor:sdf")).toBe(true);
    for (const cl of body.claims)
      expect(body.text.slice(cl.start, cl.end)).toBe(cl.text.slice(0, cl.end - cl.start));
  });

  it("draws events in Deir ez-Zor on the map and by day on the timeline", async () => {
    const ev = (await get<EventList>("/api/events?main=true")).body;
    expect(ev.total).toBeGreaterThan(0);
    const dy = ev.items.filter((e) => e.admin1Code === "SY-DY" && e.lat !== null);
    expect(dy.length).toBeGreaterThan(0);
    expect(dy.every((e) => e.storyId === SEED_STORY)).toBe(true);
    const tl = (await get<Timeline>("/api/timeline?main=true")).body;
    expect(tl.days.map((d) => d.day)).toContain("2017-09-09");
    const sum = tl.days.reduce((n, d) => n + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
    expect(sum).toBeLessThanOrEqual(ev.total);
  });

  it("filters map points and the timeline by outlet and text as the story list does", async () => {
    const n = async (q: string) => (await get<EventList>(`/api/events?main=true&${q}`)).body.total;
    const all = await n("");
    expect(await n("outlet=xinhua")).toBeGreaterThan(0);
    expect(await n("outlet=xinhua")).toBeLessThan(all);
    expect(await n("outlet=reuters")).toBe(0);
    expect(await n("q=Raqqa")).toBe(all);
    expect(await n("q=Aleppo")).toBe(0);
    expect((await get("/api/events?q=%22Raqqa")).status).toBe(400);
    const tl = (await get<Timeline>("/api/timeline?main=true&outlet=arabiya")).body.days;
    expect(tl.map((d) => d.day)).toEqual(["2017-09-09"]);
    const csv = await (await fetch(`${base}/api/export/events.csv?main=true&outlet=xinhua`)).text();
    expect(csv.trim().split("\n").length - 1).toBe(await n("outlet=xinhua"));
  });

  it("lists entities, an entity's spellings, outlets and events, and the outlets' figures", async () => {
    const sdf = await get<{
      spellings: { text: string }[];
      byOutlet: { outlet: string }[];
      events: unknown[];
    }>(`/api/entities/${encodeURIComponent("actor:sdf")}`);
    expect(sdf.status).toBe(200);
    expect(sdf.body.spellings.map((s) => s.text)).toContain("SDF");
    expect(sdf.body.byOutlet.map((o) => o.outlet).sort()).toEqual(["Al Arabiya", "Xinhua"]);
    expect(sdf.body.events.length).toBeGreaterThan(0);
    const outlets = await get<{ storiesCompared: number; items: { outlet: string; stories: number }[] }>(
      "/api/outlets",
    );
    expect(outlets.body.storiesCompared).toBe(1);
    expect(outlets.body.items.map((o) => o.outlet).sort()).toEqual(["Al Arabiya", "Xinhua"]);
  });

  it("sums up the database for the filters", async () => {
    const o = (await get<Overview>("/api/overview")).body;
    expect(o).toMatchObject({ articles: 2, stories: 1, writeNeedsToken: false });
    expect(o.governorates.map((g) => g.code)).toContain("SY-DY");
    expect(o.outletNames).toEqual(["Al Arabiya", "Xinhua"]);
  });
});

describe("search and exports", () => {
  it("searches with FTS5 and answers a malformed query with a 400 naming it", async () => {
    const hit = await get<{ items: { snippet?: string; storyId: string | null }[] }>("/api/search?q=Raqqa");
    expect(hit.body.items.length).toBeGreaterThan(0);
    expect(hit.body.items[0]?.snippet).toContain("«");
    expect(hit.body.items[0]?.storyId).toBe(SEED_STORY);
    for (const q of ['"Raqqa', "*", "NOT", "a:b", "AND OR", "(Raqqa"]) {
      const r = await get<{ message: string }>(`/api/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(400);
      expect(r.body.message).toContain("search query");
    }
  });

  it("exports events as ACLED-like CSV and GeoJSON, and stories as JSON", async () => {
    const csv = await fetch(`${base}/api/export/events.csv?place=SY-DY`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toContain("event_type");
    expect(lines.length).toBeGreaterThan(1);
    const geo = (await get<{ type: string; features: unknown[] }>("/api/export/events.geojson")).body;
    expect(geo.type).toBe("FeatureCollection");
    expect(geo.features.length).toBeGreaterThan(0);
    const stories = (await get<{ id: string }[]>("/api/export/stories.json")).body;
    expect(stories.map((s) => s.id)).toEqual([SEED_STORY]);
  });
});

describe("validation: bad parameters are 4xx with a message, never a 500", () => {
  const bad = [
    "/api/stories?limit=abc",
    "/api/stories?limit=0",
    "/api/stories?limit=100000",
    "/api/stories?offset=-1",
    "/api/stories?from=2017-13-01",
    "/api/stories?from=yesterday",
    "/api/stories?from=2018-01-01&to=2017-01-01",
    "/api/stories?place=Narnia",
    "/api/stories?type=picnic",
    "/api/stories?order=random",
    "/api/stories?unknown=1",
    "/api/stories?q=",
    '/api/stories?q="',
    "/api/events?main=maybe",
    "/api/events?actor=Nobody%20at%20all",
    "/api/events?limit=-5",
    "/api/timeline?to=2017-02-30x",
    "/api/entities?type=animal",
    "/api/search",
    "/api/search?q=*",
    "/api/shapes/secrets.geojson",
    `/api/stories/${"x".repeat(500)}`,
    "/api/stories/%00",
    "/api/articles/nope",
    "/api/entities/nope",
    "/api/ingest/nope",
    "/api/nope",
  ];
  for (const path of bad) {
    it(path.slice(0, 60), async () => {
      const r = await get<{ statusCode: number; message: string }>(path);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.statusCode).toBe(r.status);
      expect(r.body.message.length).toBeGreaterThan(5);
    });
  }

  it("every GET route of the OpenAPI document answers garbage in any parameter without a 500", async () => {
    const doc = (
      await get<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }>(
        "/api/openapi.json",
      )
    ).body;
    const garbage = [
      "",
      "x".repeat(3000),
      "-1",
      "\u0000",
      "'; drop table stories; --",
      "2017-99-99",
      "{}",
      "[]",
      "NaN",
      "ظ",
    ];
    let requests = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const params = methods.get?.parameters ?? [];
      for (const value of garbage) {
        const url = path.replace(/\{(\w+)\}/g, () => encodeURIComponent(value || "_"));
        const queries = params
          .filter((p) => p.in === "query")
          .map((p) => `${p.name}=${encodeURIComponent(value)}`);
        for (const q of ["", ...queries]) {
          const r = await fetch(`${base}${url}${q ? `?${q}` : ""}`);
          await r.arrayBuffer();
          requests++;
          expect(r.status, `${url}?${q}`).toBeLessThan(500);
        }
      }
    }
    expect(requests).toBeGreaterThan(300);
  });

  it("refuses a bad ingest body with a 400", async () => {
    for (const body of [
      "{}",
      '{"text":""}',
      '{"text":"x","format":"pdf"}',
      '{"text":"x","name":"../../etc/x"}',
      "[1",
    ]) {
      const r = await fetch(`${base}/api/ingest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(r.status, body).toBe(400);
    }
  });
});

describe("headers, token and limits", () => {
  it("sends a Content-Security-Policy without inline scripts, and the other security headers", async () => {
    for (const path of ["/api/overview", "/", "/api/nope"]) {
      const { headers } = await get(path);
      const csp = headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("object-src 'none'");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("answers a missing asset with a 404, and any other page path with the UI's page", async () => {
    expect((await get("/assets/nope.js")).status).toBe(404);
    expect((await get("/favicon.ico")).status).toBe(404);
    const page = await get<string>("/stories");
    if (page.status === 200) expect(page.headers.get("content-type")).toContain("text/html");
    else expect(page.body).toContain("npm run build"); // the UI not built: says so
  });

  it("refuses to serve a non-loopback host without PARALLAX_TOKEN", async () => {
    await expect(createServer({ store, kb, host: "0.0.0.0" })).rejects.toThrow(/PARALLAX_TOKEN/);
    const r = cli(["serve", "--db", store.path, "--host", "0.0.0.0", "--port", "0"], {
      env: { PARALLAX_TOKEN: "" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PARALLAX_TOKEN");
  });

  it("with a token, writes need it and reads stay open", async () => {
    const guarded = await createServer({ store, kb, host: "0.0.0.0", token: "s3cret-token", threads: 1 });
    const url = (await guarded.listen({ host: "127.0.0.1", port: 0 })).replace(/\/$/, "");
    try {
      expect((await fetch(`${url}/api/stories`)).status).toBe(200);
      expect((await (await fetch(`${url}/api/overview`)).json()).writeNeedsToken).toBe(true);
      const post = (auth?: string) =>
        fetch(`${url}/api/ingest`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify({ text: "nothing to see", name: "note.txt" }),
        });
      expect((await post()).status).toBe(401);
      expect((await post("Bearer wrong-token!")).status).toBe(401);
      const ok = await post("Bearer s3cret-token");
      expect(ok.status).toBe(202);
      await waitForJob(url, ((await ok.json()) as IngestJob).id);
    } finally {
      await guarded.close();
    }
  });

  it("refuses an upload over the size limit with a 413", async () => {
    const small = await createServer({ store, kb, maxUploadBytes: 1000, threads: 1 });
    const url = (await small.listen({ host: "127.0.0.1", port: 0 })).replace(/\/$/, "");
    try {
      const form = new FormData();
      form.append("files", new Blob(["x".repeat(5000)]), "big.txt");
      expect((await fetch(`${url}/api/ingest`, { method: "POST", body: form })).status).toBe(413);
      const json = await fetch(`${url}/api/ingest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "y".repeat(5000) }),
      });
      expect(json.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe("ingest through the API", () => {
  it("ingests pasted JSON Lines, reports progress counts and the stories touched, and names bad records", async () => {
    const lines = [
      JSON.stringify({
        id: "paste-1",
        outlet: "Reuters",
        published: "2016-05-02",
        title: "Air strikes hit hospital in Aleppo",
        body: "ALEPPO (Reuters) - Air strikes hit a hospital in Aleppo on Monday, killing 14 people, a monitor said.",
      }),
      "{not json",
    ].join("\n");
    const r = await fetch(`${base}/api/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: lines, format: "jsonl" }),
    });
    expect(r.status).toBe(202);
    const job = await waitForJob(base, ((await r.json()) as IngestJob).id);
    expect(job.state).toBe("done");
    expect(job.inputs).toEqual(["pasted.jsonl"]);
    expect(job.counts).toMatchObject({ stored: 1, analyzed: 1, linked: 1, rejected: 1 });
    expect(job.problems[0]).toMatchObject({ kind: "reject", file: "pasted.jsonl", record: 2 });
    expect(job.stories).toHaveLength(1);
    const aleppo = (await get<StoryList>("/api/stories?place=Aleppo")).body;
    expect(aleppo.items[0]?.id).toBe(job.stories[0]?.id);
    expect((await get<{ items: IngestJob[] }>("/api/ingest")).body.items.map((j) => j.id)).toContain(job.id);
  });

  it("ingests uploaded files: the seeds again, as two chunks of one stream, are recognised as stored", async () => {
    const form = new FormData();
    for (const f of readdirSync(SEEDS).sort())
      form.append("files", new Blob([readFileSync(join(SEEDS, f))]), f);
    const r = await fetch(`${base}/api/ingest`, { method: "POST", body: form });
    expect(r.status).toBe(202);
    const job = await waitForJob(base, ((await r.json()) as IngestJob).id);
    expect(job.state).toBe("done");
    expect(job.inputs).toEqual(readdirSync(SEEDS).sort());
    expect(job.counts.read).toBe(2);
    expect(job.counts.stored).toBe(0);
    expect(job.counts.unchanged + job.counts.duplicates).toBe(2);
  });
});

describe("cached answers", () => {
  it("answers a repeated read from the cache, and never a stale one after a write by the API or another process", async () => {
    const first = await fetch(`${base}/api/overview`);
    const before = ((await first.json()) as Overview).articles;
    const again = await fetch(`${base}/api/overview`);
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(((await again.json()) as Overview).articles).toBe(before);

    // Another process writes to the same file: SQLite's data_version moves.
    const dir = tempDir();
    const file = join(dir, "other.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ id: "cli-1", outlet: "AFP", published: "2016-02-01", title: "Shelling in Daraa kills 5", body: "Government shelling killed five civilians in Daraa on Monday, activists said." })}\n`,
    );
    expect(cli(["ingest", "--db", store.path, file, "--quiet"]).code).toBe(0);
    const after = await fetch(`${base}/api/overview`);
    expect(after.headers.get("x-cache")).toBeNull();
    expect(((await after.json()) as Overview).articles).toBe(before + 1);

    // The API's own ingest.
    const r = await fetch(`${base}/api/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: JSON.stringify({
          id: "api-2",
          outlet: "AFP",
          published: "2016-02-03",
          title: "Car bomb in Azaz kills 8",
          body: "A car bomb killed eight people in Azaz on Wednesday, a monitor said.",
        }),
        format: "jsonl",
      }),
    });
    await waitForJob(base, ((await r.json()) as IngestJob).id);
    expect(((await (await fetch(`${base}/api/overview`)).json()) as Overview).articles).toBe(before + 2);
  });
});

describe("the OpenAPI document", () => {
  it("describes every answer with its full type, generated from the types the UI uses (and kept fresh)", async () => {
    type Doc = {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }
        >
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const doc = (await get<Doc>("/api/openapi.json")).body;
    const answer = (path: string, method = "get", status = "200") =>
      doc.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema.$ref;
    expect(answer("/api/stories")).toBe("#/components/schemas/StoryList");
    expect(answer("/api/stories/{id}/comparison")).toBe("#/components/schemas/Comparison");
    expect(answer("/api/ingest", "post", "202")).toBe("#/components/schemas/IngestJob");
    expect(answer("/api/stories", "get", "400")).toBe("#/components/schemas/ApiError");
    expect(Object.keys(doc.components.schemas.ClaimGroup?.properties ?? {})).toContain("verdict");
    // Every reference resolves.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of new Set(refs))
      expect(doc.components.schemas[r.split("/").pop() as string], r).toBeDefined();

    // The committed schemas are what `npm run schemas` makes of api-types.ts today.
    const { createGenerator } = await import("ts-json-schema-generator");
    const fresh = createGenerator({
      path: join(ROOT, "src/serve/api-types.ts"),
      tsconfig: join(ROOT, "tsconfig.json"),
      type: "*",
      skipTypeCheck: true,
      expose: "export",
    }).createSchema("*");
    const committed = JSON.parse(readFileSync(join(ROOT, "src/serve/api-schemas.json"), "utf8"));
    expect(committed.definitions, "src/serve/api-schemas.json is stale: run npm run schemas").toEqual(
      fresh.definitions,
    );
  });

  it("is generated from the route schemas and lists every route with its parameters", async () => {
    const doc = (
      await get<{
        openapi: string;
        paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      }>("/api/openapi.json")
    ).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      "/api/stories",
      "/api/stories/{id}",
      "/api/stories/{id}/comparison",
      "/api/stories/{id}/articles",
      "/api/articles",
      "/api/articles/{id}",
      "/api/entities",
      "/api/entities/{id}",
      "/api/events",
      "/api/timeline",
      "/api/outlets",
      "/api/search",
      "/api/ingest",
      "/api/ingest/{id}",
      "/api/export/events.csv",
      "/api/export/events.geojson",
      "/api/export/stories.json",
      "/api/overview",
    ])
      expect(doc.paths[path], path).toBeDefined();
    const names = (doc.paths["/api/stories"]?.get?.parameters ?? []).map((p) => p.name).sort();
    expect(names).toEqual(["from", "limit", "offset", "order", "outlet", "place", "q", "to", "type"]);
  });
});
