// Terminal output helpers: tables, JSON, and the one line a reject or warning gets.

import type { ReadEvent, Where } from "../records.js";

export type Format = "table" | "json" | "jsonl" | "csv" | "geojson";

export class UsageError extends Error {}

export function parseFormat(value: string | undefined, allowed: readonly Format[], fallback: Format): Format {
  const f = (value ?? fallback) as Format;
  if (!allowed.includes(f))
    throw new UsageError(`--format must be one of ${allowed.join(", ")} (got ${value})`);
  return f;
}

/** "file record 3 byte 120" — where a problem is. */
export function describeWhere(w: Where): string {
  const parts = [w.file];
  if (w.record !== undefined) parts.push(`record ${w.record}`);
  if (w.byteOffset !== undefined) parts.push(`byte ${w.byteOffset}`);
  return parts.join(" ");
}

/** Text on one line, cut to `n` characters with an ellipsis. */
export function cut(s: string, n: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

export function problemLine(e: Exclude<ReadEvent, { kind: "article" }>): string {
  return e.kind === "reject"
    ? `rejected: ${describeWhere(e.where)}: ${e.reason}`
    : `warning: ${describeWhere(e.where)}: ${e.message}`;
}

/** A plain fixed-width table; cells are cut to fit, control characters removed (article text is untrusted). */
export function table(
  headers: string[],
  rows: (string | number | null)[][],
  width = process.stdout.columns || 120,
): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes in article text must not reach the terminal
  const clean = (v: string | number | null) => String(v ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
  const cells = rows.map((r) => r.map(clean));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(10, Math.min(widths.at(-1) as number, width - fixed));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const w = widths[i] as number;
        const cut = c.length > w ? `${c.slice(0, w - 1)}…` : c;
        return i === r.length - 1 ? cut : cut.padEnd(w);
      })
      .join("  ");
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
