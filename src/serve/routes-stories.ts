// Stories, their comparison and their articles side by side; events, the timeline and the exports.

import type { FastifyInstance } from "fastify";
import { analysisText } from "../analyze/text.js";
import { eventsToCsv, eventsToFeatures } from "../pipeline/export.js";
import { getArticle } from "../store/articles.js";
import { countEventPoints, eventTimeline, listEventPoints, listEvents } from "../store/events.js";
import {
  countMatchingStories,
  getStoryRow,
  listStoryRows,
  type StoryQuery,
  threadOf,
} from "../store/stories.js";
import type { ArticleText, EventList, StoryArticles, StoryDetail, StoryList, Timeline } from "./api-types.js";
import { actor, dateRange, governorate, notFound, type ServeContext } from "./context.js";
import {
  errors,
  eventListSchema,
  idParams,
  params,
  query,
  record,
  storyArticlesSchema,
  storyDetailSchema,
  storyListSchema,
  timelineSchema,
} from "./schemas.js";

/** A listed story carries its first few articles; GET /api/stories/:id has them all. */
const LISTED_ARTICLES = 10;

interface StoryFilters {
  from?: string;
  to?: string;
  place?: string;
  outlet?: string;
  type?: string;
  q?: string;
  order?: "recent" | "sources" | "deaths";
  limit?: number;
  offset?: number;
}

interface EventFilters {
  from?: string;
  to?: string;
  place?: string;
  type?: string;
  actor?: string;
  entity?: string;
  story?: string;
  main?: boolean;
  outlet?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export function storyRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const { store, kb, checks } = ctx;
  const p = params(kb);
  const storyFilters = {
    from: p.from,
    to: p.to,
    place: p.place,
    outlet: p.outlet,
    type: { ...p.type, description: "The story's main event type" },
    q: { ...p.q, description: "Stories with an article matching this full-text query (FTS5 syntax)" },
  };
  const storyQuery = (q: StoryFilters): StoryQuery => {
    dateRange(q);
    return {
      from: q.from,
      to: q.to,
      admin1: governorate(kb, q.place),
      outlet: q.outlet,
      type: q.type,
      q: q.q,
    };
  };

  app.get<{ Querystring: StoryFilters }>(
    "/api/stories",
    {
      config: { cache: true },
      schema: {
        tags: ["stories"],
        summary: "Stories (the reports of one incident across outlets), filtered, with agreement at a glance",
        querystring: query({
          ...storyFilters,
          order: {
            type: "string",
            enum: ["recent", "sources", "deaths"],
            description: "recent: latest incident first (default); sources: most independent sources; deaths",
          },
          limit: { ...p.limit, default: 50 },
          offset: { ...p.offset, default: 0 },
        }),
        response: { 200: storyListSchema, ...errors },
      },
    },
    async (req): Promise<StoryList> => {
      const q = storyQuery(req.query);
      const rows = await listStoryRows(
        store,
        { ...q, order: req.query.order, limit: req.query.limit, offset: req.query.offset },
        LISTED_ARTICLES,
      );
      const items = [];
      for (const r of rows)
        items.push({ ...r.story, articleCount: r.articleCount, check: await checks.check(r) });
      return { total: await countMatchingStories(store, q), items };
    },
  );

  const story = async (id: string) => {
    const row = await getStoryRow(store, id);
    if (!row) throw notFound("story", id);
    return row;
  };

  app.get<{ Params: { id: string } }>(
    "/api/stories/:id",
    {
      schema: {
        tags: ["stories"],
        summary: "One story: its articles, place, days, toll, cross-check at a glance and campaign thread",
        params: idParams("Story id (or a prefix of 6+ characters)"),
        response: { 200: storyDetailSchema, ...errors },
      },
    },
    async (req): Promise<StoryDetail> => {
      const row = await story(req.params.id);
      return { story: row.story, check: await checks.check(row), thread: await threadOf(store, row.story) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/stories/:id/comparison",
    {
      schema: {
        tags: ["stories"],
        summary:
          "The story's cross-check: claims aligned across outlets (agreed, compatible, conflicting, single), " +
          "whom each cites, the words each uses, corroboration",
        params: idParams("Story id (or a prefix of 6+ characters)"),
        response: { 200: record("Comparison"), ...errors },
      },
    },
    async (req) => checks.comparison((await story(req.params.id)).story),
  );

  app.get<{ Params: { id: string } }>(
    "/api/stories/:id/articles",
    {
      config: { cache: true },
      schema: {
        tags: ["stories"],
        summary:
          "The story's articles with their text, for reading side by side (claim offsets point into text)",
        params: idParams("Story id (or a prefix of 6+ characters)"),
        response: { 200: storyArticlesSchema, ...errors },
      },
    },
    async (req): Promise<StoryArticles> => {
      const s = (await story(req.params.id)).story;
      const articles: ArticleText[] = [];
      const seen = new Set<string>();
      for (const m of s.articles) {
        if (seen.has(m.id)) continue; // an article held under two input ids is read once
        seen.add(m.id);
        const a = await getArticle(store, m.id);
        if (!a) continue;
        const t = analysisText(a);
        articles.push({
          id: a.id,
          outlet: a.outlet,
          published: a.published,
          title: a.title,
          dateline: a.dateline,
          credits: a.credits,
          url: a.url,
          reprintOf: m.reprintOf,
          text: t.text,
          parts: t.parts,
        });
      }
      return { articles };
    },
  );

  const eventFilters = {
    from: p.from,
    to: p.to,
    place: p.place,
    type: p.type,
    actor: {
      type: "string",
      minLength: 1,
      maxLength: 120,
      description: "The acting party: actor id, name or alias",
    },
    entity: {
      type: "string",
      minLength: 1,
      maxLength: 200,
      description: "Events this entity acts in, is targeted by, or happens at (entity id)",
    },
    story: { type: "string", minLength: 1, maxLength: 100, description: "Events of this story's articles" },
    main: { type: "boolean", description: "Only articles' main incidents (true) or only the others (false)" },
    outlet: { ...p.outlet, description: "Events of articles from this outlet (part of its name, any case)" },
    q: { ...p.q, description: "Events of articles matching this full-text query (FTS5 syntax)" },
  };
  const eventQuery = (q: EventFilters) => {
    dateRange(q);
    return {
      from: q.from,
      to: q.to,
      admin1: governorate(kb, q.place),
      type: q.type,
      actor: actor(kb, q.actor),
      entity: q.entity,
      story: q.story,
      main: q.main,
      outlet: q.outlet,
      q: q.q,
    };
  };

  app.get<{ Querystring: EventFilters }>(
    "/api/events",
    {
      config: { cache: true },
      schema: {
        tags: ["events"],
        summary: "Events with place, day, toll and story: what the map draws",
        querystring: query({
          ...eventFilters,
          limit: { ...p.limit, maximum: 20_000, default: 2000 },
          offset: { ...p.offset, default: 0 },
        }),
        response: { 200: eventListSchema, ...errors },
      },
    },
    async (req): Promise<EventList> => {
      const q = eventQuery(req.query);
      const items = await listEventPoints(store, { ...q, limit: req.query.limit, offset: req.query.offset });
      return { total: await countEventPoints(store, q), items };
    },
  );

  app.get<{ Querystring: EventFilters }>(
    "/api/timeline",
    {
      config: { cache: true },
      schema: {
        tags: ["events"],
        summary: "Events per day and type (dated events)",
        querystring: query(eventFilters),
        response: { 200: timelineSchema, ...errors },
      },
    },
    async (req): Promise<Timeline> => ({ days: await eventTimeline(store, eventQuery(req.query)) }),
  );

  const exportFilters = query({
    from: p.from,
    to: p.to,
    place: p.place,
    type: p.type,
    actor: eventFilters.actor,
    main: eventFilters.main,
    outlet: eventFilters.outlet,
  });

  app.get<{ Querystring: EventFilters }>(
    "/api/export/events.csv",
    {
      schema: {
        tags: ["exports"],
        summary: "Events as ACLED-like CSV (one row per event)",
        querystring: exportFilters,
        produces: ["text/csv"],
        response: { 200: { type: "string", description: "CSV with a header row" }, ...errors },
      },
    },
    async (req, reply) => {
      const rows = await listEvents(store, eventQuery(req.query));
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="parallax-events.csv"');
      return eventsToCsv(rows);
    },
  );

  app.get<{ Querystring: EventFilters }>(
    "/api/export/events.geojson",
    {
      schema: {
        tags: ["exports"],
        summary: "Located events as a GeoJSON FeatureCollection",
        querystring: exportFilters,
        response: { 200: record("GeoJSON FeatureCollection"), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await listEvents(store, eventQuery(req.query));
      reply
        .type("application/geo+json; charset=utf-8")
        .header("content-disposition", 'attachment; filename="parallax-events.geojson"');
      return JSON.stringify(eventsToFeatures(rows));
    },
  );

  app.get<{ Querystring: StoryFilters }>(
    "/api/export/stories.json",
    {
      schema: {
        tags: ["exports"],
        summary: "Stories as a JSON array (the records of GET /api/stories, without paging)",
        querystring: query({ ...storyFilters, limit: { ...p.limit, maximum: 100_000, default: 10_000 } }),
        response: { 200: { type: "array", items: record("Story") }, ...errors },
      },
    },
    async (req, reply) => {
      const rows = await listStoryRows(store, { ...storyQuery(req.query), limit: req.query.limit });
      reply.header("content-disposition", 'attachment; filename="parallax-stories.json"');
      return rows.map((r) => r.story);
    },
  );
}
