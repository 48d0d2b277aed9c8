// Ingest by upload (multipart `files`) or pasted text (JSON), answered at once with a job whose progress clients
// poll. Uploads are size-limited by the multipart plugin (a file over the limit is a 413) and the JSON body limit.

import { createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { IngestJob } from "./api-types.js";
import { HttpError, notFound, type ServeContext } from "./context.js";
import { safeName } from "./ingest-jobs.js";
import {
  errorSchema,
  errors,
  idParams,
  ingestBodySchema,
  ingestJobListSchema,
  ingestJobSchema,
} from "./schemas.js";

const EXTENSION: Record<string, string> = {
  "text-stream": ".txt",
  csv: ".csv",
  json: ".json",
  jsonl: ".jsonl",
  rss: ".xml",
  atom: ".xml",
  html: ".html",
};

export function ingestRoutes(
  app: FastifyInstance,
  ctx: ServeContext,
  guard: (req: FastifyRequest, reply: FastifyReply) => Promise<void>,
): void {
  const { ingest } = ctx;

  app.post<{ Body: { text: string; name?: string; format?: string } | undefined }>(
    "/api/ingest",
    {
      preHandler: guard,
      // Multipart parts are streamed by the handler, not parsed before it: the body validated is an empty form.
      preValidation: async (req) => {
        if (req.isMultipart()) req.body = {} as never;
      },
      schema: {
        tags: ["ingest"],
        summary:
          "Ingest uploaded files (multipart/form-data, `files` fields) or pasted text (JSON): answers 202 with " +
          "the job; poll GET /api/ingest/{id} for progress",
        consumes: ["application/json", "multipart/form-data"],
        body: {
          content: {
            "application/json": { schema: ingestBodySchema },
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { files: { type: "array", items: { type: "string", format: "binary" } } },
              },
            },
          },
        },
        response: { 202: ingestJobSchema, 401: errorSchema, 413: errorSchema, ...errors },
      },
    },
    async (req, reply): Promise<IngestJob> => {
      const dir = ingest.folder();
      const inputs: string[] = [];
      let bytes = 0;
      try {
        if (req.isMultipart()) {
          for await (const part of req.parts()) {
            if (part.type !== "file") continue;
            if (part.fieldname !== "files")
              throw new HttpError(
                400,
                `multipart field ${JSON.stringify(part.fieldname)}: files go in "files"`,
              );
            // Names are the client's: only the last path segment, and numbered so two "a.txt" never collide.
            const name = uniqueName(safeName(part.filename, `upload-${inputs.length + 1}`), inputs);
            await pipeline(part.file, createWriteStream(join(dir, name)));
            bytes += part.file.bytesRead;
            inputs.push(name);
          }
          if (inputs.length === 0) throw new HttpError(400, "multipart body has no `files` part");
        } else {
          const body = req.body;
          if (!body) throw new HttpError(400, "body must be JSON {text} or multipart/form-data with files");
          const ext = body.format ? (EXTENSION[body.format] ?? ".txt") : ".txt";
          const given = body.name ? safeName(body.name, "pasted") : `pasted${ext}`;
          const name = body.format && !given.endsWith(ext) ? `${given}${ext}` : given;
          await writeFile(join(dir, name), body.text);
          bytes = Buffer.byteLength(body.text);
          inputs.push(name);
        }
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      reply.code(202);
      return ingest.enqueue(dir, inputs, bytes);
    },
  );

  app.get(
    "/api/ingest",
    {
      schema: {
        tags: ["ingest"],
        summary: "Ingest jobs of this server run, newest first",
        response: { 200: ingestJobListSchema },
      },
    },
    async () => ({ items: ingest.list() }),
  );

  app.get<{ Params: { id: string } }>(
    "/api/ingest/:id",
    {
      schema: {
        tags: ["ingest"],
        summary:
          "One ingest job: its state, counts so far (read, stored, analysed, linked), problems, stories",
        params: idParams("Job id"),
        response: { 200: ingestJobSchema, ...errors },
      },
    },
    async (req): Promise<IngestJob> => {
      const job = ingest.get(req.params.id);
      if (!job) throw notFound("ingest job", req.params.id);
      return job;
    },
  );
}

function uniqueName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let i = 2; ; i++) if (!taken.includes(`${stem}-${i}${ext}`)) return `${stem}-${i}${ext}`;
}
