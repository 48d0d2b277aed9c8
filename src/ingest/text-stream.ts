// Reads article streams in plain text: one long text, possibly cut into chunk files at arbitrary points, in which
// articles follow each other and are told apart only by their markers:
//   trailers      "source: Alarabiya date 2017-09-09"              (ends an article)
//   wire headers  "Source: Xinhua| 2017-09-09 19:03:53|Editor: Lu Hui" (starts one)
//   bylines       "Beirut - Muslimchronicle"                        (a first line: dateline place - re-poster)
//   datelines     "DAMASCUS, Sept. 9 (Xinhua) -- The ..."           (opens the lead paragraph)
//   captions      "... (Xinhua/Ammar Safarjalani)"                  (a photo caption with its credit)
// A missing chunk cannot always be seen; where the markers show one (a trailer cut in two that does not join, an
// article that starts without its trailer closing the previous one), the articles on either side are flagged as
// truncated rather than merged.

import type { ArticleDraft, ArticleFlag, ReadEvent } from "../records.js";
import { parseDate } from "./dates.js";
import { decodeUtf8, type Line, readLines } from "./lines.js";
import { cleanText, emptyDraft } from "./normalize.js";

export interface StreamFile {
  name: string;
  bytes: AsyncIterable<Uint8Array>;
}

export interface StreamOptions {
  maxLineBytes: number;
  maxArticleBytes: number;
  /** Resolves an outlet name to its display name and tells agencies apart (from the knowledge base). */
  outletName: (name: string) => string;
  sameOutlet: (a: string, b: string) => boolean;
}

const TRAILER = /\bsource:\s*([^|\n]{1,80}?)\s+date\s+(\d{4}-\d{2}-\d{2})\b/i;
const TRAILER_HEAD = /(?:^|\s)source:\s*\S[^|]{0,80}$/i; // "source: Alarabiya" cut before its date
const TRAILER_TAIL = /^\s*date\s+\d{4}-\d{2}-\d{2}\b/i; // " date 2017-09-09" at the start of a chunk
const WIRE_HEADER =
  /^Source:\s*([^|]{1,60}?)\s*\|\s*(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:\|\s*Editor:\s*(.{1,80}?))?\s*$/i;
const BYLINE = /^([A-Z][A-Za-z'’. -]{1,30}?)\s+[-–—]\s+([A-Z][A-Za-z0-9'’.& -]{1,40}?)$/;
const DATELINE =
  /^([A-Z][A-Z'’. -]{1,40}?|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:,\s*[A-Z][A-Za-z]+)?,?\s+(?:([A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,\s*\d{4})?\s+)?\(([A-Za-z][A-Za-z .]{1,30})\)\s*(?:--|[-–—])\s*(.*)$/;
const CAPTION_CREDIT = /\(([A-Z][A-Za-z .]{1,30})\/([^()]{2,60})\)\s*$/;

type Kind = "body" | "caption" | "blank";

interface Pending {
  lines: { text: string; kind: Kind }[];
  bytes: number;
  hasBody: boolean;
  byline?: { place: string; outlet: string };
  header?: { outlet: string; date: string; editor?: string };
  dateline?: { place: string; agency: string };
  flags: ArticleFlag[];
  file: string;
  files: string[];
  byteStart: number;
  byteEnd: number;
  rejectReason?: string;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
}

const ENDS_SENTENCE = /[.!?"”’')\]]\s*$/;

/** The segmenter: fed lines in stream order, emits articles. Pure: no I/O. */
export class StreamSegmenter {
  private cur: Pending | null = null;
  private usesTrailers = false;
  /** Set after a missing chunk: the next text begins an article whose start is lost. */
  private afterGap = false;
  private record = 0;
  private readonly out: ReadEvent[] = [];
  private file = "";

  constructor(private readonly opts: StreamOptions) {}

  /** Takes the events produced so far. */
  drain(): ReadEvent[] {
    return this.out.splice(0, this.out.length);
  }

  startFile(name: string): void {
    this.file = name;
  }

  /** True when the joint between the end of one chunk and the start of the next shows a missing chunk. */
  isGap(prevTail: string | null, nextHead: string): boolean {
    if (prevTail !== null) {
      if (TRAILER_HEAD.test(prevTail) && !TRAILER.test(prevTail)) return !TRAILER_TAIL.test(nextHead);
      return TRAILER_TAIL.test(nextHead);
    }
    const last = this.cur?.lines.at(-1)?.text ?? "";
    if (TRAILER_TAIL.test(nextHead)) return !TRAILER_HEAD.test(last);
    const head = nextHead.trim();
    if (this.cur?.hasBody && this.usesTrailers && this.startsArticle(head)) return true;
    if (!this.cur?.hasBody && this.usesTrailers && /^[a-z,;:.)]/.test(head)) return true;
    return false;
  }

  /** A missing chunk: close what is open as truncated; the next text starts an article missing its beginning. */
  gap(nextFile: string): void {
    if (this.cur?.hasBody) {
      this.cur.flags.push("truncated-end");
      this.close();
    }
    this.cur = null;
    this.afterGap = true;
    this.out.push({
      kind: "warning",
      where: { file: nextFile, byteOffset: 0 },
      message:
        "a chunk seems to be missing before this file: the articles on either side are flagged as truncated",
    });
  }

  private startsArticle(text: string): boolean {
    return WIRE_HEADER.test(text) || (BYLINE.test(text) && text.length <= 70) || DATELINE.test(text);
  }

  line(line: Line, file: string = this.file): void {
    if (line.tooLong) {
      this.ensure(line, file).rejectReason =
        `line ${line.number} at byte ${line.byteStart} is ${line.length} bytes long, over the ${this.opts.maxLineBytes}-byte line limit`;
      return;
    }
    if (line.replaced) {
      this.ensure(line, file).flags.push("decode-replaced");
      this.out.push({
        kind: "warning",
        where: { file, byteOffset: line.byteStart },
        message: `invalid UTF-8 on line ${line.number}: bytes replaced with U+FFFD`,
      });
    }
    this.text(line.text, line, file);
  }

  /** Goes on with the rest of a line after a marker; past a chunk joint, it belongs to the second file. */
  private rest(after: string, line: Line, file: string): void {
    const at = line.text.length - after.length;
    const lead = after.length - after.trimStart().length;
    if (line.joined && at >= line.joined.charIndex) {
      const byteStart = Buffer.byteLength(line.text.slice(line.joined.charIndex, at + lead));
      this.text(after, { ...line, byteStart, joined: undefined }, line.joined.file);
    } else {
      const byteStart = line.byteStart + Buffer.byteLength(line.text.slice(0, at + lead));
      this.text(after, { ...line, byteStart }, file);
    }
  }

  private text(raw: string, line: Line, file: string): void {
    const trailer = TRAILER.exec(raw);
    if (trailer) {
      const before = raw.slice(0, trailer.index);
      const after = raw.slice(trailer.index + trailer[0].length);
      if (before.trim()) this.content(before, line, file);
      else if (this.cur?.rejectReason) {
        this.close();
        this.usesTrailers = true;
        if (after.trim()) this.rest(after, line, file);
        return;
      } else if (!this.cur?.hasBody) {
        // A trailer with no article before it: the tail of an article lost in a gap, or a stray marker.
        if (this.cur === null || this.afterGap) {
          this.out.push({
            kind: "warning",
            where: { file, byteOffset: line.byteStart },
            message: `trailer "${trailer[0].trim()}" closes no article text (its article is missing); skipped`,
          });
        }
        this.cur = null;
        this.usesTrailers = true;
        this.afterGap = false;
        if (after.trim()) this.rest(after, line, file);
        return;
      }
      this.usesTrailers = true;
      this.close({ outlet: (trailer[1] as string).trim(), date: trailer[2] as string });
      if (after.trim()) this.rest(after, line, file);
      return;
    }
    if (this.afterGap && !this.cur && TRAILER_TAIL.test(raw)) {
      const rest = raw.replace(TRAILER_TAIL, "");
      this.out.push({
        kind: "warning",
        where: { file, byteOffset: line.byteStart },
        message: "the tail of a trailer whose article is missing; skipped",
      });
      this.afterGap = false;
      if (rest.trim()) this.text(rest, line, file);
      return;
    }
    this.content(raw, line, file);
  }

  private content(raw: string, line: Line, file: string): void {
    const text = cleanText(raw);
    if (!text) {
      if (this.cur) this.cur.lines.push({ text: "", kind: "blank" });
      return;
    }
    const header = WIRE_HEADER.exec(text);
    if (header) {
      if (this.cur?.hasBody || this.cur?.header) this.closeUnterminated();
      const p = this.ensure(line, file);
      p.header = { outlet: (header[1] as string).trim(), date: header[2] as string };
      if (header[3]) p.header.editor = header[3].trim();
      return;
    }
    const byline = text.length <= 70 ? BYLINE.exec(text) : null;
    if (byline && !ENDS_SENTENCE.test(text)) {
      if (this.cur?.hasBody) this.closeUnterminated();
      const p = this.ensure(line, file);
      if (!p.hasBody && !p.byline) {
        p.byline = { place: titleCase(byline[1] as string), outlet: (byline[2] as string).trim() };
        return;
      }
    }
    const dateline = DATELINE.exec(text);
    if (dateline) {
      let carried: Pending["lines"] = [];
      if (this.cur?.hasBody && (this.cur.dateline || this.usesTrailers === false)) {
        // Captions right before a new dateline belong to the new article (a photo on top of the page).
        carried = this.trailingCaptions(this.cur);
        this.closeUnterminated();
      }
      const p = this.ensure(line, file);
      if (!p.dateline && !p.hasBody) {
        p.dateline = {
          place: titleCase((dateline[1] as string).trim()),
          agency: (dateline[3] as string).trim(),
        };
        for (const c of carried) this.pushLine(p, c.text, "caption");
        const lead = (dateline[4] as string).trim();
        if (lead) this.pushLine(p, lead, "body");
        this.touch(p, line, file);
        return;
      }
    }
    const p = this.ensure(line, file);
    if (this.afterGap && !p.hasBody && p.lines.length === 0 && !p.header && !p.byline) {
      p.flags.push("truncated-start");
    }
    this.afterGap = false;
    this.pushLine(p, text, CAPTION_CREDIT.test(text) ? "caption" : "body");
    this.touch(p, line, file);
  }

  private pushLine(p: Pending, text: string, kind: Kind): void {
    p.lines.push({ text, kind });
    p.bytes += text.length;
    if (kind === "body") p.hasBody = true;
    if (p.bytes > this.opts.maxArticleBytes && !p.rejectReason) {
      p.rejectReason = `no article marker within ${this.opts.maxArticleBytes} bytes; the text was not split`;
    }
  }

  private trailingCaptions(p: Pending): Pending["lines"] {
    const carried: Pending["lines"] = [];
    while (p.lines.length > 0) {
      const last = p.lines.at(-1) as Pending["lines"][number];
      if (last.kind === "caption") carried.unshift(last);
      else if (last.kind !== "blank") break;
      p.lines.pop();
    }
    return carried;
  }

  private touch(p: Pending, line: Line, file: string): void {
    if (!p.files.includes(file)) p.files.push(file);
    p.byteEnd = line.byteEnd;
  }

  private ensure(line: Line, file: string): Pending {
    if (!this.cur) {
      this.cur = {
        lines: [],
        bytes: 0,
        hasBody: false,
        flags: [],
        file,
        files: [file],
        byteStart: line.byteStart,
        byteEnd: line.byteEnd,
      };
      if (this.record === 0 && /^[a-z,;:.)]/.test(line.text.trim())) this.cur.flags.push("truncated-start");
    }
    return this.cur;
  }

  /** An article that ends where another begins, with no trailer between: in a trailer stream, that is a loss. */
  private closeUnterminated(): void {
    if (this.cur && this.usesTrailers) this.cur.flags.push("no-trailer");
    this.close();
  }

  /** End of the whole stream. */
  end(): void {
    if (this.cur?.hasBody) {
      if (this.usesTrailers) this.cur.flags.push("no-trailer");
      const last = this.cur.lines.filter((l) => l.kind === "body").at(-1)?.text ?? "";
      if (!ENDS_SENTENCE.test(last)) this.cur.flags.push("truncated-end");
      this.close();
    } else if (this.cur?.rejectReason) {
      this.close();
    }
    this.cur = null;
  }

  private close(trailer?: { outlet: string; date: string }): void {
    const p = this.cur;
    this.cur = null;
    if (!p) return;
    this.record++;
    const where = { file: p.file, record: this.record, byteOffset: p.byteStart };
    if (p.rejectReason) {
      this.out.push({ kind: "reject", where, reason: p.rejectReason });
      return;
    }
    if (!p.hasBody) {
      this.out.push({ kind: "reject", where, reason: "article markers with no article text" });
      return;
    }
    const a: ArticleDraft = emptyDraft({
      format: "text-stream",
      file: p.file,
      record: this.record,
      byteStart: p.byteStart,
      byteEnd: p.byteEnd,
    });
    if (p.files.length > 1) a.origin.files = p.files;
    a.body = paragraphs(p.lines.filter((l) => l.kind !== "caption"));
    a.captions = p.lines.filter((l) => l.kind === "caption").map((l) => l.text);
    const publisher = trailer?.outlet ?? p.header?.outlet ?? p.dateline?.agency ?? p.byline?.outlet ?? null;
    a.outlet = publisher ? this.opts.outletName(publisher) : null;
    if (p.byline && publisher && !this.opts.sameOutlet(p.byline.outlet, publisher)) {
      a.via = this.opts.outletName(p.byline.outlet);
    }
    a.dateline = p.dateline?.place ?? p.byline?.place ?? null;
    a.editor = p.header?.editor ?? null;
    const credits = new Set<string>();
    if (p.dateline) credits.add(this.opts.outletName(p.dateline.agency));
    for (const c of a.captions) {
      const credit = CAPTION_CREDIT.exec(c);
      if (credit) credits.add(`${(credit[1] as string).trim()}/${(credit[2] as string).trim()}`);
    }
    a.credits = [...credits];
    const fromHeader = parseDate(p.header?.date);
    const fromTrailer = parseDate(trailer?.date);
    // The header carries the time; the trailer only the day. Trust the header unless the two disagree on the day.
    const published =
      fromHeader && (!fromTrailer || fromHeader.iso.startsWith(fromTrailer.iso)) ? fromHeader : fromTrailer;
    if (published) {
      a.published = published.iso;
      a.publishedPrecision = published.precision;
    }
    a.language = "en";
    a.flags = [...new Set(p.flags)];
    this.out.push({ kind: "article", article: a });
  }
}

/** One paragraph a line, unless blank lines show that lines were hard-wrapped inside paragraphs. */
function paragraphs(lines: { text: string; kind: Kind }[]): string[] {
  const blocks: string[][] = [[]];
  for (const l of lines) {
    if (l.kind === "blank") {
      if ((blocks.at(-1) as string[]).length > 0) blocks.push([]);
    } else (blocks.at(-1) as string[]).push(l.text);
  }
  const real = blocks.filter((b) => b.length > 0);
  const wrapped = real.length > 1 && real.some((b) => b.length > 1 && b.every((t) => t.length < 100));
  return wrapped ? real.map((b) => b.join(" ")) : real.flat();
}

/**
 * Reads a text stream made of one or more chunk files, in the order given, as one text. A line cut by a chunk
 * boundary is joined again, unless the joint shows a missing chunk.
 */
export async function* readTextStream(
  files: Iterable<StreamFile> | AsyncIterable<StreamFile>,
  opts: StreamOptions,
) {
  const seg = new StreamSegmenter(opts);
  let held: { line: Line; file: string } | null = null; // an unterminated last line of the previous chunk
  let prevFile: string | null = null;
  for await (const f of files) {
    seg.startFile(f.name);
    let first = true;
    for await (const line of readLines(f.bytes, { maxLineBytes: opts.maxLineBytes })) {
      if (first && prevFile !== null) {
        first = false;
        const gap = seg.isGap(held ? held.line.text : null, line.text);
        if (held && !gap && held.line.raw && line.raw && !line.tooLong) {
          // Join the bytes, not the texts: the cut may have fallen inside a multi-byte character.
          const joined = decodeUtf8(Buffer.concat([held.line.raw, line.raw]));
          const merged: Line = {
            ...line,
            text: joined.text,
            byteStart: held.line.byteStart,
            joined: { file: f.name, charIndex: held.line.raw.toString("utf8").length },
          };
          if (joined.replaced) merged.replaced = true;
          if (line.terminated) seg.line(merged, held.file);
          else held = { line: { ...merged, raw: Buffer.concat([held.line.raw, line.raw]) }, file: held.file };
          if (line.terminated) held = null;
        } else {
          if (held) seg.line(held.line, held.file);
          held = null;
          if (gap) seg.gap(f.name);
          if (line.terminated) seg.line(line, f.name);
          else held = { line, file: f.name };
        }
      } else if (!line.terminated) {
        held = { line, file: f.name };
      } else {
        first = false;
        seg.line(line, f.name);
      }
      yield* seg.drain();
    }
    prevFile = f.name;
  }
  if (held) seg.line(held.line, held.file);
  seg.end();
  yield* seg.drain();
}
