// Decides an input's format from its first bytes; the file name only breaks ties (a header line that could be CSV).

import type { InputFormat } from "../records.js";
import { isFeed } from "./feed.js";
import { fold } from "./fields.js";
import { isHtml } from "./html.js";

export type Sniffed = { format: InputFormat } | { reject: string };

const KNOWN_COLUMNS = new Set([
  "unitid",
  "id",
  "title",
  "articletitle",
  "headline",
  "text",
  "body",
  "content",
  "articlecontent",
  "source",
  "outlet",
  "date",
  "published",
  "url",
  "link",
  "author",
  "byline",
]);

/** Looks at up to the first 64 KB of an input. */
export function sniff(head: Buffer, name: string): Sniffed {
  if (head.length === 0) return { reject: "empty file" };
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (head[0] === 0xff && head[1] === 0xfe)
    return { reject: "UTF-16 text is not supported: convert it to UTF-8" };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { reject: "UTF-16 text is not supported: convert it to UTF-8" };
  const sample = head.subarray(start, Math.min(head.length, start + 8192));
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return { reject: "binary file (contains NUL bytes)" };
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  if (control > sample.length * 0.05) return { reject: "binary file (control characters)" };
  while (
    start < head.length &&
    (head[start] === 32 || head[start] === 9 || head[start] === 10 || head[start] === 13)
  ) {
    start++;
  }
  const text = head.subarray(start).toString("utf8");
  if (text.startsWith("<")) {
    const feed = isFeed(text.slice(0, 4096));
    if (feed) return { format: feed };
    if (isHtml(text.slice(0, 4096))) return { format: "html" };
    return { reject: "XML that is neither an RSS nor an Atom feed, nor HTML" };
  }
  if (text.startsWith("[")) return { format: "json" };
  if (text.startsWith("{")) {
    const nl = text.indexOf("\n");
    const first = (nl < 0 ? text : text.slice(0, nl)).trim();
    if (nl < 0 && head.length >= 65536) return { format: "jsonl" }; // one very long line
    try {
      JSON.parse(first);
      return { format: "jsonl" };
    } catch {
      return { format: "json" };
    }
  }
  if (looksLikeCsv(text, name)) return { format: "csv" };
  return { format: "text-stream" };
}

function looksLikeCsv(text: string, name: string): boolean {
  const nl = text.indexOf("\n");
  const header = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, "");
  const cells = header.split(/[,;\t]/).map((c) => fold(c.replace(/^"|"$/g, "")));
  if (cells.length < 2) return false;
  const known = cells.filter((c) => KNOWN_COLUMNS.has(c)).length;
  if (/\.(csv|tsv)$/i.test(name)) return true;
  return known >= 2 && header.length < 2000;
}
