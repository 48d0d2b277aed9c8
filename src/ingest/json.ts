// JSON inputs: JSON Lines (one object a line, streamed line by line) and JSON documents (an array of objects, an
// object holding such an array, or one article object). Arrays are split into elements by a small scanner, so a
// huge array streams and one malformed element is one rejected record.

import type { OutletBook } from "../knowledge/outlets.js";
import type { ReadEvent } from "../records.js";
import { type ArticleField, objectToArticle } from "./fields.js";
import type { Line } from "./lines.js";

export interface JsonOptions {
  map: Map<string, ArticleField>;
  book: OutletBook;
  maxRecordChars: number;
}

function* fromValue(
  value: unknown,
  file: string,
  record: number,
  byteOffset: number | undefined,
  format: "json" | "jsonl",
  opts: JsonOptions,
): Generator<ReadEvent> {
  const where = byteOffset === undefined ? { file, record } : { file, record, byteOffset };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    yield {
      kind: "reject",
      where,
      reason: `expected an object, got ${Array.isArray(value) ? "an array" : typeof value}`,
    };
    return;
  }
  const origin =
    byteOffset === undefined ? { format, file, record } : { format, file, record, byteStart: byteOffset };
  const mapped = objectToArticle(value as Record<string, unknown>, opts.map, origin, opts.book);
  if (mapped.ok) yield { kind: "article", article: mapped.article };
  else yield { kind: "reject", where, reason: mapped.reason };
}

/** JSON Lines: every non-blank line is one record. */
export async function* readJsonLines(
  lines: AsyncIterable<Line>,
  file: string,
  opts: JsonOptions,
): AsyncGenerator<ReadEvent> {
  let n = 0;
  for await (const line of lines) {
    if (!line.tooLong && !line.text.trim()) continue;
    n++;
    const where = { file, record: n, byteOffset: line.byteStart };
    if (line.tooLong) {
      yield {
        kind: "reject",
        where,
        reason: `line ${line.number} is ${line.length} bytes, over the ${opts.maxRecordChars}-byte record limit`,
      };
      continue;
    }
    if (line.replaced)
      yield {
        kind: "warning",
        where,
        message: `invalid UTF-8 on line ${line.number}: bytes replaced with U+FFFD`,
      };
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (e) {
      yield { kind: "reject", where, reason: `line ${line.number}: invalid JSON (${(e as Error).message})` };
      continue;
    }
    yield* fromValue(value, file, n, line.byteStart, "jsonl", opts);
  }
}

/**
 * Splits a JSON document's top-level array into element texts without parsing the whole document. Also accepts an
 * object whose "articles"/"items"/"data"/"results" member is that array, and a single object.
 */
type Scanned = { text: string; record: number } | { error: string; record: number };

export class JsonArrayScanner {
  private buf = "";
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private elementStart = -1;
  private mode: "start" | "array" | "single" | "done" = "start";
  private count = 0;
  private singleText = "";

  constructor(private readonly maxElementChars: number) {}

  /** Returns complete elements (text) or errors. */
  push(text: string): Scanned[] {
    const out: Scanned[] = [];
    if (this.elementStart >= 0) {
      this.buf = this.buf.slice(this.elementStart) + text;
      this.pos -= this.elementStart;
      this.elementStart = 0;
    } else {
      this.buf = text;
      this.pos = 0;
    }
    const b = this.buf;
    while (this.pos < b.length && this.mode !== "done") {
      const c = b[this.pos] as string;
      if (this.mode === "start") {
        if (c === "[") {
          this.mode = "array";
          this.depth = 1;
        } else if (c === "{") {
          // Either one article or a wrapper object: decided at the end.
          this.mode = "single";
          this.singleText = b.slice(this.pos);
          this.pos = b.length;
          return out;
        } else if (!/\s/.test(c)) {
          out.push({
            error: `expected [ or { at the start of the document, found ${JSON.stringify(c)}`,
            record: 0,
          });
          this.mode = "done";
        }
        this.pos++;
        continue;
      }
      if (this.mode === "single") {
        this.singleText += b.slice(this.pos);
        if (this.singleText.length > this.maxElementChars * 8) {
          out.push({ error: "a single JSON object larger than the record limit", record: 1 });
          this.mode = "done";
        }
        this.pos = b.length;
        return out;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === "\\") this.escape = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') {
        this.inString = true;
        if (this.depth === 1 && this.elementStart < 0) this.elementStart = this.pos;
      } else if (c === "{" || c === "[") {
        if (this.depth === 1 && this.elementStart < 0) this.elementStart = this.pos;
        this.depth++;
      } else if (c === "}" || c === "]") {
        this.depth--;
        if (this.depth === 0) {
          this.flush(out, this.pos);
          this.mode = "done";
        } else if (this.depth === 1 && this.elementStart >= 0) this.flush(out, this.pos + 1);
      } else if (c === "," && this.depth === 1) {
        this.flush(out, this.pos);
      } else if (this.depth === 1 && this.elementStart < 0 && !/\s/.test(c)) {
        this.elementStart = this.pos;
      }
      if (this.elementStart >= 0 && this.pos - this.elementStart > this.maxElementChars) {
        this.count++;
        out.push({ error: `element longer than ${this.maxElementChars} characters`, record: this.count });
        this.mode = "done";
      }
      this.pos++;
    }
    if (this.elementStart < 0) {
      this.buf = "";
      this.pos = 0;
    }
    return out;
  }

  private flush(out: Scanned[], end: number): void {
    if (this.elementStart < 0) return;
    const text = this.buf.slice(this.elementStart, end).trim();
    this.elementStart = -1;
    if (text) {
      this.count++;
      out.push({ text, record: this.count });
    }
  }

  /** At the end: the single-object case, or an error for an unterminated array. */
  end(): ({ value: unknown } | { error: string })[] {
    if (this.mode === "single") {
      try {
        const v = JSON.parse(this.singleText) as Record<string, unknown>;
        for (const k of ["articles", "items", "data", "results", "docs", "documents"]) {
          if (Array.isArray(v[k])) return (v[k] as unknown[]).map((value) => ({ value }));
        }
        return [{ value: v }];
      } catch (e) {
        return [{ error: `invalid JSON (${(e as Error).message})` }];
      }
    }
    if (this.mode === "array") return [{ error: "the JSON array is not closed (file truncated?)" }];
    return [];
  }
}

/** A JSON document streamed as text chunks. */
export async function* readJsonDocument(
  chunks: AsyncIterable<string>,
  file: string,
  opts: JsonOptions,
): AsyncGenerator<ReadEvent> {
  const scanner = new JsonArrayScanner(opts.maxRecordChars);
  for await (const text of chunks) {
    for (const item of scanner.push(text)) {
      if ("error" in item) {
        yield { kind: "reject", where: { file, record: item.record }, reason: item.error };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch (e) {
        yield {
          kind: "reject",
          where: { file, record: item.record },
          reason: `invalid JSON (${(e as Error).message})`,
        };
        continue;
      }
      yield* fromValue(value, file, item.record, undefined, "json", opts);
    }
  }
  let n = 0;
  for (const item of scanner.end()) {
    n++;
    if ("error" in item) yield { kind: "reject", where: { file, record: n }, reason: item.error };
    else yield* fromValue(item.value, file, n, undefined, "json", opts);
  }
}
