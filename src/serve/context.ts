// What every route handler works with, and the small helpers that turn a parameter into what the store wants.

import type { KnowledgeBase } from "../knowledge/index.js";
import { findActor, findGovernorate } from "../knowledge/lookup.js";
import type { Store } from "../store/sqlite.js";
import type { Checks } from "./checks.js";
import type { IngestQueue } from "./ingest-jobs.js";

export interface ServeContext {
  store: Store;
  kb: KnowledgeBase;
  checks: Checks;
  ingest: IngestQueue;
}

/** An error the client caused: answered with its status and message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) =>
  new HttpError(404, `no ${what} with id ${JSON.stringify(id)}`);

/** `place` as a governorate's ISO code, or a 400 listing the known ones. */
export function governorate(kb: KnowledgeBase, place: string | undefined): string | undefined {
  if (place === undefined) return undefined;
  const code = findGovernorate(kb, place);
  if (code) return code;
  throw new HttpError(
    400,
    `querystring/place must name a Syrian governorate or give its ISO code (got ${JSON.stringify(place)}); known: ` +
      [...kb.governorates.values()].map((g) => `${g.name} (${g.iso})`).join(", "),
  );
}

/** `actor` as an entity id (`actor:sdf`), or a 400. */
export function actor(kb: KnowledgeBase, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const id = findActor(kb, name);
  if (id) return id;
  throw new HttpError(
    400,
    `querystring/actor must name an actor of the knowledge base (got ${JSON.stringify(name)}): its name, an alias or its id`,
  );
}

/** `from` must not come after `to`. */
export function dateRange(q: { from?: string; to?: string }): void {
  if (q.from && q.to && q.from.slice(0, q.to.length) > q.to)
    throw new HttpError(400, `querystring/from (${q.from}) comes after querystring/to (${q.to})`);
}
