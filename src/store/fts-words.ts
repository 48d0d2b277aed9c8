// The words of FTS5's unicode61 tokenizer (remove_diacritics 2), as tables: PostgreSQL's index is built from them
// (parallax_fts_words in migrations-pg.ts) and so are the query's words (fts-query.ts). No imports: both use it.
// Computed from Node's Unicode data: a database migrated under an older Unicode differs only in letters added since.

const isWordChar = (ch: string) => /[\p{L}\p{N}\p{Co}]/u.test(ch);
/** Latin combining diacritics (U+0300–U+036F): unicode61 drops them from words (any other mark separates words). */
export const FTS_DROPPED: readonly [number, number] = [0x300, 0x36f];

let wordRanges: [number, number][] | undefined;
/** The code points unicode61 keeps in words (letters, numbers, private use), as runs: the rest separate words. */
export function ftsWordRanges(): [number, number][] {
  if (wordRanges) return wordRanges;
  const out: [number, number][] = [];
  // The Basic and Supplementary Multilingual Planes by category; the ideographic planes are all letters.
  for (let c = 0; c <= 0x1ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (!isWordChar(String.fromCodePoint(c))) continue;
    const last = out.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  out.push([0x20000, 0x3ffff]);
  wordRanges = out;
  return out;
}

let folds: { from: string; to: string } | undefined;
/**
 * What unicode61 folds: case, everywhere; and Latin letters with diacritics to their base letters (not Greek or
 * Cyrillic ones: ή and ё stay). One table, so that the index (translate() in SQL) and the query's words
 * (store/fts-query.ts) fold alike whatever the database's locale.
 */
export function ftsFolds(): { from: string; to: string } {
  if (folds) return folds;
  let from = "";
  let to = "";
  for (let c = 0x80; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    if (!isWordChar(ch)) continue;
    const latin = (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff);
    const folded = ch === "ſ" ? "s" : (latin ? ch.normalize("NFD").replace(/\p{M}/gu, "") : ch).toLowerCase();
    if (folded !== ch && [...folded].length === 1) {
      from += ch;
      to += folded;
    }
  }
  folds = { from, to };
  return folds;
}
