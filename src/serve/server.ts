// The HTTP server: the JSON API under /api (every request validated by its schema, errors as JSON with a status
// and message), the OpenAPI document built from the same schemas, the governorate shapes, and the built web UI.
// Loopback by default; on any other host the write endpoints need PARALLAX_TOKEN.

import { timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { KnowledgeBase } from "../knowledge/index.js";
import { knowledgeDir } from "../knowledge/outlets.js";
import { QuerySyntaxError } from "../store/articles.js";
import type { Store } from "../store/sqlite.js";
import { AnswerCache } from "./cache.js";
import { Checks } from "./checks.js";
import { HttpError, type ServeContext } from "./context.js";
import { IngestQueue } from "./ingest-jobs.js";
import { withAnswerTypes } from "./openapi.js";
import { ingestRoutes } from "./routes-ingest.js";
import { libraryRoutes } from "./routes-library.js";
import { storyRoutes } from "./routes-stories.js";

export interface ServeOptions {
  store: Store;
  kb: KnowledgeBase;
  /** The user's --kb files, for the analysis threads of API ingests. */
  kbPaths?: string[];
  host?: string;
  /** Required for writes when set; required to be set when `host` is not loopback. */
  token?: string;
  /** Largest uploaded file and largest JSON body, in bytes. */
  maxUploadBytes?: number;
  /** Analysis threads for API ingests (default: one per core). */
  threads?: number;
  /** Log requests (pino, one JSON line each). */
  logger?: boolean;
}

export const DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024;

// No inline scripts or styles, nothing from elsewhere: article text is untrusted, and a script smuggled into it
// must not run even if some rendering path forgot to escape it.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

export const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);

/** The built UI: dist/web next to dist/src (compiled) or under the repository's dist/ (run from sources). */
export function webDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  return here.includes("/dist/") ? join(here, "../../web") : join(here, "../../dist/web");
}

export async function createServer(options: ServeOptions): Promise<FastifyInstance> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token || undefined;
  if (!isLoopback(host) && !token)
    throw new Error(
      `serving on ${host} (not loopback) needs a token for writes: set PARALLAX_TOKEN (clients send ` +
        "Authorization: Bearer <token>)",
    );
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: maxUpload,
    // Long ids reach the schema (a 400 naming the parameter) instead of the router's own error.
    routerOptions: { maxParamLength: 2000 },
    // Unknown parameters are refused, not silently dropped: a typo in a filter should not return everything.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  const ctx: ServeContext = {
    store: options.store,
    kb: options.kb,
    checks: new Checks(options.store, options.kb),
    ingest: new IngestQueue(options.store, options.kb, {
      kbPaths: options.kbPaths ?? [],
      threads: options.threads,
    }),
  };

  // Routes marked `config: { cache: true }` answer a repeated GET from the cache while the data is unchanged.
  const cache = new AnswerCache(options.store);
  ctx.ingest.onWrite(() => cache.bump());
  const generations = new WeakMap<FastifyRequest, string>();
  app.addHook("onRequest", async (req, reply) => {
    if (req.method !== "GET" || !req.routeOptions.config?.cache) return;
    generations.set(req, cache.generation());
    const hit = cache.get(req.url);
    if (hit) {
      reply.header("x-cache", "hit").type(hit.type).send(hit.body);
      return reply;
    }
  });
  app.addHook("onSend", async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    const generation = generations.get(req);
    if (
      generation !== undefined &&
      reply.statusCode === 200 &&
      typeof payload === "string" &&
      !reply.hasHeader("x-cache")
    )
      cache.set(req.url, String(reply.getHeader("content-type") ?? "application/json"), payload, generation);
    return payload;
  });

  app.setErrorHandler(
    (error: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
      let status = error.statusCode ?? 500;
      let message = error.message;
      if (error instanceof QuerySyntaxError) status = 400;
      else if (error instanceof HttpError) status = error.statusCode;
      if (status >= 500) {
        req.log.error(error);
        message = "internal error (the server log has the details)";
        if (!options.logger)
          process.stderr.write(`parallax serve: ${req.method} ${req.url}: ${error.stack}\n`);
      }
      reply.code(status).send({ statusCode: status, error: reasonOf(status), message });
    },
  );
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith("/api/") || req.url === "/api" || req.method !== "GET") {
      reply
        .code(404)
        .send({ statusCode: 404, error: "Not Found", message: `no route ${req.method} ${req.url}` });
      return;
    }
    // A missing file is a 404; any other GET is the UI's (its router reads the hash): the page itself.
    if (/\.[a-z0-9]+$/i.test(req.url.split("?")[0] ?? "") || req.url.startsWith("/assets/")) {
      reply.code(404).type("text/plain").send("not found");
      return;
    }
    if (existsSync(join(webDir(), "index.html"))) reply.type("text/html").sendFile("index.html");
    else reply.code(404).type("text/plain").send("The web UI is not built: run `npm run build`.");
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Parallax API",
        version: "0.1.0",
        description:
          "Read a war through many outlets at once: articles, entities, events, stories and a claim-by-claim " +
          "cross-check. Article text is untrusted: render it as text.",
      },
      components: token
        ? { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "PARALLAX_TOKEN" } } }
        : {},
    },
  });
  await app.register(multipart, {
    limits: { fileSize: maxUpload, files: 100, fields: 10, fieldSize: 1024 * 1024, parts: 120 },
  });
  await app.register(fastifyStatic, {
    root: existsSync(webDir()) ? webDir() : process.cwd(),
    serve: existsSync(webDir()),
    // Files are looked up per request (not listed at start), so a rebuilt UI is served without a restart.
    wildcard: true,
    index: ["index.html"],
    // Built assets carry a content hash in their names: cached for good. The page itself is always revalidated.
    setHeaders(res, path) {
      res.setHeader(
        "cache-control",
        path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });

  const guard = async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!token) return;
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new HttpError(
        401,
        "this server needs a token for writes: send Authorization: Bearer <PARALLAX_TOKEN>",
      );
  };

  let document: unknown = null;
  const openApi = () => {
    document ??= withAnswerTypes(app.swagger() as Parameters<typeof withAnswerTypes>[0]);
    return document;
  };

  app.register(async (api) => {
    storyRoutes(api, ctx);
    libraryRoutes(api, ctx, token !== undefined);
    ingestRoutes(api, ctx, guard);

    const shapes = new Map(
      ["syria-admin1", "countries"].map((n) => [
        n,
        readFileSync(join(knowledgeDir(), "shapes", `${n}.geojson`)),
      ]),
    );
    api.get<{ Params: { name: string } }>(
      "/api/shapes/:name",
      {
        schema: {
          tags: ["meta"],
          summary:
            "Outlines for offline maps: Syria's governorates and neighbouring countries (Natural Earth)",
          params: {
            type: "object",
            properties: { name: { type: "string", enum: ["syria-admin1.geojson", "countries.geojson"] } },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
      async (req, reply) => {
        reply.type("application/geo+json").header("cache-control", "public, max-age=86400");
        return shapes.get(req.params.name.replace(/\.geojson$/, ""));
      },
    );

    api.get(
      "/api/openapi.json",
      { schema: { tags: ["meta"], summary: "This API's OpenAPI document (browsable in the UI at /#/api)" } },
      async () => openApi(),
    );
  });

  app.addHook("onClose", async () => {
    cache.close();
    await ctx.ingest.idle();
  });
  return app;
}

function reasonOf(status: number): string {
  const names: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
  };
  return names[status] ?? (status >= 500 ? "Server Error" : "Client Error");
}
