// The only part of ingest that touches the file system and the network: it turns the paths and URLs a user gives
// into byte streams, sniffs each one's format, and hands the bytes to the pure readers.

import { createReadStream } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { OutletBook } from "../knowledge/outlets.js";
import type { InputFormat, ReadEvent } from "../records.js";
import { readCsv } from "./csv.js";
import { readFeed } from "./feed.js";
import type { ArticleField } from "./fields.js";
import { readHtml } from "./html.js";
import { readJsonDocument, readJsonLines } from "./json.js";
import { decodeUtf8, readLines } from "./lines.js";
import { sniff } from "./sniff.js";
import { readTextStream, type StreamFile } from "./text-stream.js";

export interface ReadOptions {
  book: OutletBook;
  map?: Map<string, ArticleField>;
  /** Time-out for a URL, in milliseconds. */
  timeoutMs?: number;
  maxLineBytes?: number;
  maxRecordBytes?: number;
  /** Largest whole document (feed, HTML page) read into memory. */
  maxDocumentBytes?: number;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  maxLineBytes: 16 * 1024 * 1024,
  maxRecordBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
};

/** One input to read: a file on disk or a URL. */
type Input =
  | { kind: "file"; path: string }
  | { kind: "url"; url: string }
  | { kind: "stream"; paths: string[] };

const HEAD_BYTES = 65536;

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT") return "no such file (or a broken link)";
  if (err?.code === "EACCES" || err?.code === "EPERM") return "permission denied";
  if (err?.code === "EISDIR") return "is a directory";
  return err?.message ?? String(e);
}

/**
 * Expands the user's arguments into inputs. A folder is walked in name order; its consecutive plain-text files
 * form ONE stream (they are chunks of a longer text); every other file is read on its own.
 */
async function* expand(
  args: readonly string[],
): AsyncGenerator<Input | { kind: "bad"; file: string; reason: string }> {
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      yield { kind: "url", url: arg };
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(arg);
    } catch (e) {
      yield { kind: "bad", file: arg, reason: reason(e) };
      continue;
    }
    if (info.isDirectory()) yield* walk(arg);
    else yield { kind: "file", path: arg };
  }
}

async function* walk(dir: string): AsyncGenerator<Input | { kind: "bad"; file: string; reason: string }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort();
  } catch (e) {
    yield { kind: "bad", file: dir, reason: reason(e) };
    return;
  }
  let stream: string[] = [];
  const flush = function* (): Generator<Input> {
    if (stream.length > 0) yield { kind: "stream", paths: stream };
    stream = [];
  };
  for (const name of names) {
    const path = join(dir, name);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (e) {
      yield* flush();
      yield { kind: "bad", file: path, reason: reason(e) };
      continue;
    }
    if (info.isDirectory()) {
      yield* flush();
      yield* walk(path);
      continue;
    }
    if (/\.(txt|text)$/i.test(name) || !/\.[a-z0-9]{1,5}$/i.test(name)) {
      // Plain text chunks join the folder's stream, unless sniffing says they are something else.
      let head: Buffer;
      try {
        head = await readHead(path);
      } catch (e) {
        yield* flush();
        yield { kind: "bad", file: path, reason: reason(e) };
        continue;
      }
      const s = sniff(head, name);
      if ("format" in s && s.format === "text-stream") {
        stream.push(path);
        continue;
      }
    }
    yield* flush();
    yield { kind: "file", path };
  }
  yield* flush();
}

async function* decodeChunks(
  bytes: AsyncIterable<Uint8Array>,
  onReplaced: () => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8"); // strips a BOM; replaces invalid bytes with U+FFFD
  let warned = false;
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (!warned && text.includes("\uFFFD") && !Buffer.from(chunk).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
      warned = true;
      onReplaced();
    }
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function readAll(bytes: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of bytes) {
    n += c.byteLength;
    if (n > limit) return null;
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}

/** Reads one sniffed input from its bytes. */
async function* readBytes(
  format: InputFormat,
  bytes: AsyncIterable<Uint8Array>,
  file: string,
  url: string | undefined,
  o: Required<Omit<ReadOptions, "map">> & { map: Map<string, ArticleField> },
): AsyncGenerator<ReadEvent> {
  const warnings: ReadEvent[] = [];
  const replaced = () =>
    warnings.push({ kind: "warning", where: { file }, message: "invalid UTF-8: bytes replaced with U+FFFD" });
  const records = { map: o.map, book: o.book, maxRecordChars: o.maxRecordBytes };
  let events: AsyncIterable<ReadEvent> | Iterable<ReadEvent>;
  if (format === "csv") events = readCsv(decodeChunks(bytes, replaced), file, records);
  else if (format === "json") events = readJsonDocument(decodeChunks(bytes, replaced), file, records);
  else if (format === "jsonl")
    events = readJsonLines(readLines(bytes, { maxLineBytes: o.maxRecordBytes }), file, records);
  else if (format === "text-stream") events = readTextStream([{ name: file, bytes }], streamOptions(o));
  else {
    // Feeds and pages are parsed whole (a DOM needs the whole document), up to a size limit.
    const all = await readAll(bytes, o.maxDocumentBytes);
    if (!all) {
      yield { kind: "reject", where: { file }, reason: `document larger than ${o.maxDocumentBytes} bytes` };
      return;
    }
    const hasBom = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf;
    const { text, replaced: bad } = decodeUtf8(hasBom ? all.subarray(3) : all);
    if (bad) replaced();
    const where = url ? { file, url } : { file };
    events = format === "html" ? readHtml(text, where, o.book) : readFeed(text, where, o.book);
  }
  for await (const e of events) {
    yield* warnings.splice(0);
    // An article read from a URL remembers it, unless its reader found a more precise one.
    if (e.kind === "article" && url && !e.article.origin.url) e.article.origin.url = url;
    yield e;
  }
  yield* warnings.splice(0);
}

function streamOptions(o: { book: OutletBook; maxLineBytes: number; maxRecordBytes: number }) {
  return {
    maxLineBytes: o.maxLineBytes,
    maxArticleBytes: o.maxRecordBytes,
    outletName: (n: string) => o.book.displayName(n) ?? n,
    sameOutlet: (a: string, b: string) =>
      (o.book.find(a)?.id ?? a.toLowerCase()) === (o.book.find(b)?.id ?? b.toLowerCase()),
  };
}

async function* fetchUrl(url: string, timeoutMs: number): AsyncGenerator<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "follow",
      headers: { "user-agent": "parallax/0.1" },
    });
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError")
      throw new Error(`no answer within ${timeoutMs / 1000} s (time-out)`);
    throw new Error(`cannot fetch: ${(err.cause as Error)?.message ?? err.message}`);
  }
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  if (!res.body) return;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError")
      throw new Error(`body not complete within ${timeoutMs / 1000} s (time-out)`);
    throw e;
  }
}

/** Prepends bytes already read (the sniffed head) to the rest of a stream. */
async function* withHead(head: Buffer, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  yield* rest;
}

async function takeHead(source: AsyncIterator<Uint8Array>): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let n = 0;
  while (n < HEAD_BYTES) {
    const r = await source.next();
    if (r.done) return { head: Buffer.concat(parts), done: true };
    parts.push(Buffer.from(r.value));
    n += r.value.byteLength;
  }
  return { head: Buffer.concat(parts), done: false };
}

/** Reads every input, yielding articles, rejects and warnings in input order. Never throws for bad input. */
export async function* readInputs(args: readonly string[], options: ReadOptions): AsyncGenerator<ReadEvent> {
  const o = { ...DEFAULTS, map: new Map<string, ArticleField>(), ...options } as Required<
    Omit<ReadOptions, "map">
  > & {
    map: Map<string, ArticleField>;
  };
  for await (const input of expand(args)) {
    if (input.kind === "bad") {
      yield { kind: "reject", where: { file: input.file }, reason: input.reason };
      continue;
    }
    if (input.kind === "stream") {
      const files: StreamFile[] = input.paths.map((p) => ({ name: p, bytes: createReadStream(p) }));
      try {
        yield* readTextStream(files, streamOptions(o));
      } catch (e) {
        yield { kind: "reject", where: { file: input.paths.join(", ") }, reason: `read error: ${reason(e)}` };
      }
      continue;
    }
    const file = input.kind === "file" ? input.path : input.url;
    const url = input.kind === "url" ? input.url : undefined;
    try {
      let head: Buffer;
      let bytes: AsyncIterable<Uint8Array>;
      if (input.kind === "file") {
        head = await readHead(input.path);
        bytes = createReadStream(input.path, { highWaterMark: 1 << 20 });
      } else {
        const it = fetchUrl(input.url, o.timeoutMs)[Symbol.asyncIterator]();
        const taken = await takeHead(it);
        head = taken.head;
        bytes = withHead(head, { [Symbol.asyncIterator]: () => it });
      }
      const s = sniff(head, file);
      if ("reject" in s) {
        yield { kind: "reject", where: { file }, reason: s.reject };
        continue;
      }
      yield* readBytes(s.format, bytes, file, url, o);
    } catch (e) {
      yield { kind: "reject", where: { file }, reason: reason(e) };
    }
  }
}
