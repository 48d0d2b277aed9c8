import { createHash } from "node:crypto";
import type { ArticleDraft } from "../records.js";

/** Cleans one paragraph: NFC, no control characters, single spaces. */
export function cleanText(s: string): string {
  return (
    s
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, "")
      .replace(/[ \t\u00a0\r\n]+/g, " ")
      .trim()
  );
}

/** Splits text into paragraphs at blank lines, or at every line when the text uses one line a paragraph. */
export function toParagraphs(text: string): string[] {
  const unix = text.replace(/\r\n?/g, "\n");
  const byBlank = unix.split(/\n[ \t]*\n+/);
  const blocks = byBlank.length > 1 ? byBlank : unix.split("\n");
  return blocks.map(cleanText).filter((p) => p.length > 0);
}

/**
 * The text that decides identity: the body folded to lower-case letters and digits. Punctuation and spacing are
 * dropped because copies of one text differ in them (FA-KES strips apostrophes: "Assads", "Syrias").
 */
export function identityText(body: readonly string[]): string {
  const joined = body.join(" ");
  // Fast path, same result: ASCII text needs no Unicode folding (most English news is ASCII).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant
  if (/^[\u0000-\u007f]*$/.test(joined))
    return joined
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return joined
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Stable article id: "a" + 16 hex digits of the SHA-256 of the identity text. */
export function articleIdFromIdentity(identity: string): string {
  return `a${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
}

const ENGLISH = new Set(
  "the of and to in a is that for on was with said by as at from were it has have are be an which who had been not they their".split(
    " ",
  ),
);

/** "en" when an identity text reads as English (a fifth of its first words are common English words), else null. */
export function guessLanguage(identity: string): string | null {
  const words = identity.slice(0, 3000).split(" ");
  if (words.length < 8) return null;
  let hits = 0;
  for (const w of words) if (ENGLISH.has(w)) hits++;
  return hits / words.length >= 0.2 ? "en" : null;
}

/** An empty draft with every field present, for readers to fill. */
export function emptyDraft(origin: ArticleDraft["origin"]): ArticleDraft {
  return {
    sourceId: null,
    outlet: null,
    via: null,
    published: null,
    publishedPrecision: null,
    dateline: null,
    byline: null,
    editor: null,
    credits: [],
    title: null,
    body: [],
    captions: [],
    url: null,
    language: null,
    flags: [],
    origin,
  };
}
