// A streaming CSV reader (RFC 4180: quoted fields may hold delimiters, quotes doubled, newlines). Written here rather
// than taken from a library because of one need: an unbalanced quote must cost one record, not the rest of the
// file. On a broken record the parser reports it and starts again at the line after the record's first line.

import type { OutletBook } from "../knowledge/outlets.js";
import type { ReadEvent } from "../records.js";
import { type ArticleField, planColumns, toArticle } from "./fields.js";

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export type CsvItem = { ok: true; record: CsvRecord } | { ok: false; line: number; reason: string };

type Attempt = { fields: string[]; end: number; lines: number } | { incomplete: true } | { error: string };

/** Incremental parser: push text, take complete records. */
export class CsvParser {
  private buf = "";
  private pos = 0;
  private line = 1;

  constructor(
    private delimiter: string,
    private readonly maxRecordChars: number,
  ) {}

  setDelimiter(d: string): void {
    this.delimiter = d;
  }

  push(text: string): CsvItem[] {
    this.buf = this.buf.slice(this.pos) + text;
    this.pos = 0;
    return this.take(false);
  }

  end(): CsvItem[] {
    return this.take(true);
  }

  private take(final: boolean): CsvItem[] {
    const out: CsvItem[] = [];
    while (this.pos < this.buf.length) {
      const r = this.parseOne(this.pos, final);
      if ("incomplete" in r) {
        if (!final && this.buf.length - this.pos <= this.maxRecordChars) break;
        out.push(
          this.resync(
            final
              ? "unbalanced quote: the quoted field is never closed"
              : `record longer than ${this.maxRecordChars} characters (unbalanced quote?)`,
          ),
        );
        continue;
      }
      if ("error" in r) {
        out.push(this.resync(r.error));
        continue;
      }
      const startLine = this.line;
      this.line += r.lines;
      this.pos = r.end;
      // A blank line is not a record.
      if (r.fields.length === 1 && r.fields[0] === "") continue;
      out.push({ ok: true, record: { fields: r.fields, line: startLine } });
    }
    return out;
  }

  /** Skips the broken record's first line and reports it. */
  private resync(reason: string): CsvItem {
    const line = this.line;
    const nl = this.buf.indexOf("\n", this.pos);
    this.pos = nl < 0 ? this.buf.length : nl + 1;
    this.line++;
    return { ok: false, line, reason };
  }

  private parseOne(start: number, final: boolean): Attempt {
    const b = this.buf;
    const d = this.delimiter;
    const fields: string[] = [];
    let i = start;
    let lines = 0;
    for (;;) {
      if (b[i] === '"') {
        let value = "";
        let j = i + 1;
        for (;;) {
          const q = b.indexOf('"', j);
          if (q < 0) return { incomplete: true };
          value += b.slice(j, q);
          if (b[q + 1] === '"') {
            value += '"';
            j = q + 2;
            continue;
          }
          if (q + 1 >= b.length && !final) return { incomplete: true };
          for (let k = j; k < q; k++) if (b.charCodeAt(k) === 10) lines++;
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = b[i];
        if (c === d) {
          i++;
          continue;
        }
        if (c === "\r" && i + 1 >= b.length && !final) return { incomplete: true };
        if (c === "\r" && b[i + 1] === "\n") i++;
        if (b[i] === "\n") return { fields, end: i + 1, lines: lines + 1 };
        if (i >= b.length) return final ? { fields, end: i, lines } : { incomplete: true };
        return { error: `unbalanced quote: unexpected ${JSON.stringify(c)} after a closing quote` };
      }
      let j = i;
      while (j < b.length) {
        const c = b[j];
        if (c === d || c === "\n") break;
        if (c === '"') return { error: "unbalanced quote: a quote inside an unquoted field" };
        j++;
      }
      if (j >= b.length && !final) return { incomplete: true };
      let value = b.slice(i, j);
      if (value.endsWith("\r")) value = value.slice(0, -1);
      fields.push(value);
      if (b[j] === d) {
        i = j + 1;
        continue;
      }
      return { fields, end: j < b.length ? j + 1 : j, lines: j < b.length ? lines + 1 : lines };
    }
  }
}

/** Guesses the delimiter from the header line: the most frequent of comma, semicolon and tab outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c] = (counts[c] as number) + 1;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] as [string, number];
  return count > 0 ? best : ",";
}

export interface CsvOptions {
  map: Map<string, ArticleField>;
  book: OutletBook;
  maxRecordChars: number;
}

/** Reads articles from CSV text chunks. The first record is the header. */
export async function* readCsv(
  chunks: AsyncIterable<string>,
  file: string,
  opts: CsvOptions,
): AsyncGenerator<ReadEvent> {
  const parser = new CsvParser(",", opts.maxRecordChars);
  let header: string[] | null = null;
  let plan: Map<number, ArticleField> | null = null;
  let n = 0;
  const handle = function* (items: CsvItem[]): Generator<ReadEvent> {
    for (const item of items) {
      if (!item.ok) {
        n++;
        yield { kind: "reject", where: { file, record: n }, reason: `line ${item.line}: ${item.reason}` };
        continue;
      }
      const { fields, line } = item.record;
      if (!header) {
        header = fields.map((f) => f.trim());
        plan = planColumns(header, opts.map);
        if (![...plan.values()].includes("body")) {
          yield {
            kind: "reject",
            where: { file, record: 0 },
            reason: `line ${line}: no text column in the header (${header.join(", ")}); name one with --map COLUMN=body`,
          };
          return;
        }
        continue;
      }
      n++;
      if (fields.length !== header.length) {
        yield {
          kind: "reject",
          where: { file, record: n },
          reason: `line ${line}: ${fields.length} fields where the header has ${header.length}`,
        };
        continue;
      }
      const values: Partial<Record<ArticleField, unknown>> = {};
      for (const [i, field] of plan as Map<number, ArticleField>)
        if (field !== "ignore") values[field] = fields[i];
      const mapped = toArticle(values, { format: "csv", file, record: n }, opts.book);
      if (mapped.ok) yield { kind: "article", article: mapped.article };
      else yield { kind: "reject", where: { file, record: n }, reason: `line ${line}: ${mapped.reason}` };
    }
  };
  let first = true;
  for await (const text of chunks) {
    if (first) {
      first = false;
      const nl = text.indexOf("\n");
      parser.setDelimiter(sniffDelimiter(nl < 0 ? text : text.slice(0, nl)));
    }
    yield* handle(parser.push(text));
    if (header && plan && ![...(plan as Map<number, ArticleField>).values()].includes("body")) return;
  }
  yield* handle(parser.end());
}
