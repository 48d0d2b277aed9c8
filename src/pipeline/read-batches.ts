// Reading and preparing articles in batches (ids, signatures): what the reader thread (read-worker.ts) runs, and
// what runs in place when there is no compiled thread file. Kept apart from the thread's entry so that importing it
// starts nothing.

import type { ArticleField } from "../ingest/fields.js";
import { prepareArticle, type ReadOptions, readInputs } from "../ingest/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article, ReadEvent } from "../records.js";

/** Read options as they cross to another thread: the field map as pairs, and no outlet book (a class: loaded again
 * in the thread from the same knowledge files). */
export interface PlainReadOptions {
  options: Omit<ReadOptions, "book" | "map">;
  map: [string, ArticleField][];
}

export function plainReadOptions(options: ReadOptions): PlainReadOptions {
  const { book: _book, map, ...rest } = options;
  return { options: rest, map: [...(map ?? new Map())] };
}

/** Read options again on the thread that got them, with the outlet book of the knowledge files `kbPaths`. */
export function readOptionsFrom(plain: PlainReadOptions, kbPaths: readonly string[]): ReadOptions {
  return { ...plain.options, book: loadKnowledge(kbPaths).outlets, map: new Map(plain.map) };
}

/** The reader's job: the inputs and every read option. */
export interface ReadJob extends PlainReadOptions {
  args: string[];
  batchSize: number;
  credits: number;
  /** The user's --kb files (their outlets rename what the reader sees). */
  kbPaths: string[];
}

/** What crosses from the reader thread: a prepared article (signature bins as a transferable buffer) or a problem. */
export type ReadItem =
  | { kind: "article"; article: Article; bins: Uint32Array; size: number }
  | Exclude<ReadEvent, { kind: "article" }>;

export type ReaderMessage =
  | { kind: "batch"; items: ReadItem[] }
  | { kind: "done" }
  | { kind: "error"; message: string };

/** Reads and prepares articles in batches of `batchSize` articles (problems ride along in input order). */
export async function* readBatches(
  args: readonly string[],
  options: ReadOptions,
  batchSize: number,
): AsyncGenerator<ReadItem[]> {
  let items: ReadItem[] = [];
  let articles = 0;
  for await (const e of readInputs(args, options)) {
    if (e.kind !== "article") {
      items.push(e);
      continue;
    }
    const p = prepareArticle(e.article);
    items.push({ kind: "article", article: p.article, bins: p.signature.bins, size: p.signature.size });
    if (++articles >= batchSize) {
      yield items;
      items = [];
      articles = 0;
    }
  }
  if (items.length > 0) yield items;
}
