// Articles, full-text search, entities, outlets and the overview the filters are built from.

import type { FastifyInstance } from "fastify";
import { analysisText } from "../analyze/text.js";
import { countAnalyses, entitiesOf, getAnalysis, getEntity, listEntities } from "../store/analyses.js";
import { countArticles, getArticle, listArticles, outletCounts } from "../store/articles.js";
import { countEvents, eventsOf, listClaims, listEventPoints } from "../store/events.js";
import { countStories, storiesOfArticles, storyFacets, storyOfArticle } from "../store/stories.js";
import type {
  ArticleDetail,
  ArticleList,
  EntityDetail,
  EntityList,
  OutletList,
  Overview,
} from "./api-types.js";
import { dateRange, governorate, notFound, type ServeContext } from "./context.js";
import {
  articleDetailSchema,
  articleListSchema,
  entityDetailSchema,
  entityListSchema,
  errors,
  idParams,
  outletListSchema,
  overviewSchema,
  params,
  query,
} from "./schemas.js";

interface ArticleFilters {
  q?: string;
  outlet?: string;
  from?: string;
  to?: string;
  place?: string;
  limit?: number;
  offset?: number;
}

export function libraryRoutes(app: FastifyInstance, ctx: ServeContext, writeNeedsToken: boolean): void {
  const { store, kb, checks } = ctx;
  const p = params(kb);

  app.get(
    "/api/overview",
    {
      config: { cache: true },
      schema: {
        tags: ["meta"],
        summary: "What the database holds, and the values the filters offer",
        response: { 200: overviewSchema },
      },
    },
    async (): Promise<Overview> => {
      const articles = await countArticles(store);
      const analyses = await countAnalyses(store);
      const stories = await countStories(store);
      const facets = await storyFacets(store);
      const label = new Map(kb.events.types.map((t) => [t.id, t.label]));
      return {
        articles: articles.articles,
        outlets: articles.outlets,
        analyzed: analyses.analyzed,
        stories: stories.stories,
        events: await countEvents(store),
        days: { first: facets.first, last: facets.last },
        types: facets.types.map((t) => ({
          type: t.type,
          label: label.get(t.type) ?? t.type,
          count: t.stories,
        })),
        typeLabels: Object.fromEntries(label),
        governorates: facets.admin1.map((g) => ({
          code: g.code,
          name: kb.governorates.get(g.code)?.name ?? g.code,
          stories: g.stories,
        })),
        outletNames: (await outletCounts(store)).flatMap((o) => (o.outlet ? [o.outlet] : [])).sort(),
        writeNeedsToken,
      };
    },
  );

  const withStories = async (items: Awaited<ReturnType<typeof listArticles>>): Promise<ArticleList> => {
    const stories = await storiesOfArticles(
      store,
      items.map((i) => i.id),
    );
    return { items: items.map((i) => ({ ...i, storyId: stories.get(i.id) ?? null })) };
  };

  app.get<{ Querystring: ArticleFilters }>(
    "/api/articles",
    {
      schema: {
        tags: ["articles"],
        summary: "Articles, newest first (best match first with q)",
        querystring: query({
          q: p.q,
          outlet: p.outlet,
          from: p.from,
          to: p.to,
          place: { ...p.place, description: "Governorate of the article's main event" },
          limit: { ...p.limit, default: 50 },
          offset: { ...p.offset, default: 0 },
        }),
        response: { 200: articleListSchema, ...errors },
      },
    },
    async (req): Promise<ArticleList> => {
      dateRange(req.query);
      return withStories(
        await listArticles(store, { ...req.query, admin1: governorate(kb, req.query.place) }),
      );
    },
  );

  app.get<{ Querystring: { q: string; limit?: number } }>(
    "/api/search",
    {
      config: { cache: true },
      schema: {
        tags: ["articles"],
        summary: "Full-text search over titles and bodies (FTS5 syntax; a malformed query is a 400)",
        querystring: {
          ...query({ q: p.q, limit: { ...p.limit, default: 50 } }),
          required: ["q"],
        },
        response: { 200: articleListSchema, ...errors },
      },
    },
    async (req): Promise<ArticleList> =>
      withStories(await listArticles(store, { q: req.query.q, limit: req.query.limit })),
  );

  app.get<{ Params: { id: string } }>(
    "/api/articles/:id",
    {
      schema: {
        tags: ["articles"],
        summary: "One article with its text, analysis, events, claims and story",
        params: idParams("Article id (or a prefix of 6+ characters)"),
        response: { 200: articleDetailSchema, ...errors },
      },
    },
    async (req): Promise<ArticleDetail> => {
      const a = await getArticle(store, req.params.id);
      if (!a) throw notFound("article", req.params.id);
      const analysis = await getAnalysis(store, a.id);
      const t = analysisText(a);
      const { origins: _o, reprintOf, reprintedBy: _r, ...article } = a;
      return {
        article,
        text: t.text,
        parts: t.parts,
        storyId: await storyOfArticle(store, a.id),
        location: analysis?.location ?? null,
        casualties: analysis?.casualties ?? null,
        entities: await entitiesOf(store, a.id),
        events: await eventsOf(store, a.id),
        claims: await listClaims(store, { article: a.id }),
        reprintOf: reprintOf ? { articleId: reprintOf.originalId, outlet: null } : null,
      };
    },
  );

  app.get<{ Querystring: { q?: string; type?: string; limit?: number } }>(
    "/api/entities",
    {
      config: { cache: true },
      schema: {
        tags: ["entities"],
        summary: "Entities by the number of articles naming them, with the spellings seen",
        querystring: query({
          q: { type: "string", minLength: 1, maxLength: 120, description: "Part of a name or spelling" },
          type: { type: "string", enum: ["place", "person", "organization"] },
          limit: { ...p.limit, default: 50 },
        }),
        response: { 200: entityListSchema, ...errors },
      },
    },
    async (req): Promise<EntityList> => ({ items: await listEntities(store, req.query) }),
  );

  app.get<{ Params: { id: string } }>(
    "/api/entities/:id",
    {
      schema: {
        tags: ["entities"],
        summary: "One entity: spellings seen, mentions by outlet, co-occurring entities, its events",
        params: idParams("Entity id (actor:sdf, geonames:170794 …)"),
        response: { 200: entityDetailSchema, ...errors },
      },
    },
    async (req): Promise<EntityDetail> => {
      const e = await getEntity(store, req.params.id);
      if (!e) throw notFound("entity", req.params.id);
      const { kbId: _kb, ...rest } = e;
      return { ...rest, events: await listEventPoints(store, { entity: e.id, limit: 500 }) };
    },
  );

  app.get(
    "/api/outlets",
    {
      config: { cache: true },
      schema: {
        tags: ["outlets"],
        summary:
          "Per outlet: articles, and over the latest multi-source stories its corroboration, whom it cites and " +
          "its framing words",
        response: { 200: outletListSchema },
      },
    },
    async (): Promise<OutletList> => checks.outletFigures(),
  );
}
