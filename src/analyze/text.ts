import type { Article } from "../records.js";

/** A part of the analysis text: which field of the article a range of offsets belongs to. */
export interface TextPart {
  kind: "title" | "body" | "caption";
  /** Paragraph or caption number (0-based); 0 for the title. */
  index: number;
  start: number;
  end: number;
}

/** The text the analysis reads, and where each field sits in it. */
export interface AnalysisText {
  text: string;
  parts: TextPart[];
}

/**
 * The article as one string: title, body paragraphs, captions, separated by blank lines. Every span the analysis
 * reports (mentions, times, numbers, later events and claims) is an offset into this string.
 */
export function analysisText(article: Pick<Article, "title" | "body" | "captions">): AnalysisText {
  const parts: TextPart[] = [];
  let text = "";
  const add = (kind: TextPart["kind"], index: number, s: string) => {
    if (!s) return;
    if (text) text += "\n\n";
    parts.push({ kind, index, start: text.length, end: text.length + s.length });
    text += s;
  };
  if (article.title) add("title", 0, article.title);
  for (const [i, p] of article.body.entries()) add("body", i, p);
  for (const [i, c] of article.captions.entries()) add("caption", i, c);
  return { text, parts };
}

/** The part a character offset falls in. */
export function partAt(parts: readonly TextPart[], offset: number): TextPart | undefined {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = parts[mid] as TextPart;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}
