// The records that flow between Parallax's stages. Every stage takes and returns these plain objects:
// ingest → Article, analyze → AnalyzedArticle (later), link → Story (later), compare → Comparison (later).

/** How precisely a date is known: "2017-09-09" is day precision, "2017-09-09T19:03:53" second precision. */
export type DatePrecision = "year" | "month" | "day" | "minute" | "second";

/** The input formats the readers recognise, by sniffing content. */
export type InputFormat = "text-stream" | "csv" | "json" | "jsonl" | "rss" | "atom" | "html";

/** Where a record came from: enough to find it again in the input. */
export interface Origin {
  format: InputFormat;
  /** File path (as given, or inside a folder) for file inputs. */
  file?: string;
  /** The URL for fetched inputs, or the article's own link from a feed or CSV. */
  url?: string;
  /** 1-based record number inside the file (CSV row, JSON element, feed item, article in a stream). */
  record?: number;
  /** Byte range inside the file (stream and line formats); for a folder stream, of the first file it touches. */
  byteStart?: number;
  byteEnd?: number;
  /** For a text stream spread over several files: every file the article's text came from. */
  files?: string[];
}

/** Quality flags a reader sets when it had to guess. */
export type ArticleFlag =
  | "truncated-start" // a missing chunk before: the article's beginning is lost
  | "truncated-end" // a missing chunk after: the article's end is lost
  | "no-trailer" // a stream article that ended with the stream, without its `source: X date Y` trailer
  | "decode-replaced"; // invalid UTF-8 bytes were replaced by U+FFFD

/** One news article, cleanly split out of whatever input held it. */
export interface Article {
  /** Stable id from the normalised body text: the same text gives the same id on every machine. */
  id: string;
  /** The input's own id for the record (CSV unit_id/id, JSON id, feed guid). */
  sourceId: string | null;
  /** The publishing outlet (display name when known to the knowledge base). */
  outlet: string | null;
  /** A re-poster that carried the outlet's article (e.g. Muslimchronicle re-posting Alarabiya). */
  via: string | null;
  /** ISO date or date-time, as precise as the input says (no invented time zone). */
  published: string | null;
  publishedPrecision: DatePrecision | null;
  /** Place named in the dateline ("Damascus" from "DAMASCUS, Sept. 9 (Xinhua) --"). */
  dateline: string | null;
  byline: string | null;
  editor: string | null;
  /** Wire agencies and photographers credited: "Xinhua", "Xinhua/Ammar Safarjalani", "AFP". */
  credits: string[];
  title: string | null;
  /** Paragraphs of the article's own text, without headers, trailers or captions. */
  body: string[];
  /** Photo captions, kept apart from the body. */
  captions: string[];
  url: string | null;
  /** ISO 639-1 code when known or guessed ("en"). */
  language: string | null;
  flags: ArticleFlag[];
  origin: Origin;
}

/** An article as a reader produces it: everything but the id, which ingest derives from the text. */
export type ArticleDraft = Omit<Article, "id">;

/** Where a problem is: the file (or URL), the record number and/or the byte offset. */
export interface Where {
  file: string;
  record?: number;
  byteOffset?: number;
}

/** What readers emit, in input order. */
export type ReadEvent =
  | { kind: "article"; article: ArticleDraft }
  | { kind: "reject"; where: Where; reason: string }
  | { kind: "warning"; where: Where; message: string };

/** A near-duplicate link: `articleId` reprints the same copy as `originalId` (the earlier-stored one). */
export interface Reprint {
  articleId: string;
  originalId: string;
  /** Estimated Jaccard similarity of word 5-shingles. */
  similarity: number;
  /** Estimated share of the shorter text's shingles found in the other. */
  containment: number;
}
