// Reads one news article out of an HTML page: metadata from JSON-LD, Open Graph and <meta> tags, the text from
// Mozilla Readability. The DOM is linkedom's, which never runs scripts or loads resources; scripts are removed anyway.

import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import type { OutletBook } from "../knowledge/outlets.js";
import type { ReadEvent } from "../records.js";
import { parseDate } from "./dates.js";
import { cleanText, emptyDraft, toParagraphs } from "./normalize.js";

/** Elements that start and end a paragraph. */
const BLOCK = new Set(
  "address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody thead tfoot tr ul".split(
    " ",
  ),
);
/** Elements whose text is never article text (page furniture Readability keeps on short pages included). */
const SKIP = new Set(
  "script style noscript template iframe object embed svg math nav aside footer form button select textarea".split(
    " ",
  ),
);
const DANGEROUS = "script, style, noscript, iframe, template, object, embed";
const MAX_DEPTH = 300;

/** Parses an HTML fragment into a detached body (linkedom does not build html/body around a bare fragment). */
function fragmentBody(html: string): HTMLElement {
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  return document.body;
}

/** The plain text of an HTML fragment (entities decoded, tags dropped), as one cleaned line. */
export function htmlText(html: string): string {
  const body = fragmentBody(html);
  for (const el of body.querySelectorAll(DANGEROUS)) el.remove();
  return cleanText(body.textContent ?? "");
}

/**
 * Splits HTML into paragraphs: the text of each block element (text around nested blocks becomes its own paragraph,
 * two <br> in a row split one), with <figcaption> text kept apart as captions. HTML with no block element and no
 * <br> is split as plain text.
 */
export function htmlParagraphs(html: string): { body: string[]; captions: string[] } {
  return blockText(fragmentBody(html));
}

function blockText(root: Element): { body: string[]; captions: string[] } {
  for (const el of root.querySelectorAll(DANGEROUS)) el.remove();
  const body: string[] = [];
  const captions: string[] = [];
  if (!root.querySelector([...BLOCK, "br"].join(", ")))
    return { body: toParagraphs(root.textContent ?? ""), captions };

  let buf = "";
  const flush = () => {
    for (const p of buf.split(/\n[ \t]*\n/)) {
      const c = cleanText(p);
      if (c) body.push(c);
    }
    buf = "";
  };
  const leave = (n: Node) => {
    const name = n.nodeType === 1 ? (n as Element).localName.toLowerCase() : "";
    if (BLOCK.has(name)) flush();
    else if (name === "td" || name === "th") buf += " ";
  };
  // Iterative walk (firstChild / nextSibling / parentNode), so deeply nested markup cannot overflow the stack.
  let node: Node | null = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === 3) buf += (node.textContent ?? "").replace(/\s+/g, " ");
    else if (node.nodeType === 1) {
      const name = (node as Element).localName.toLowerCase();
      if (BLOCK.has(name)) flush();
      if (name === "br") buf += "\n";
      else if (name === "figcaption") {
        const c = cleanText(node.textContent ?? "");
        if (c) captions.push(c);
      } else descend = !SKIP.has(name) && node.firstChild !== null;
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    let next: Node | null = null;
    for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
      leave(n);
      if (n.nextSibling) {
        next = n.nextSibling;
        break;
      }
    }
    node = next;
  }
  flush();
  return { body, captions };
}

/** True when elements nest deeper than `limit` under root (iterative, stops early). */
function nestsDeeper(root: Node, limit: number): boolean {
  let depth = 0;
  let node: Node | null = root.firstChild;
  while (node) {
    if (node.firstChild) {
      if (++depth > limit) return true;
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  return false;
}

/** "en-GB" → "en"; anything not starting with a two-letter code → null. */
export function languageCode(tag: string | null | undefined): string | null {
  const m = /^([a-z]{2})(?:[-_]|$)/i.exec(tag?.trim() ?? "");
  return m ? (m[1] as string).toLowerCase() : null;
}

/** The URL's host, or undefined when it does not parse. */
export function hostOf(url: string | null | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname : undefined;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL from a possibly relative one, or null. */
function absolute(href: string | null | undefined, base?: string): string | null {
  if (!href?.trim()) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

const ARTICLE_TYPES = new Set(["NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"]);
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : undefined;

/** Names from a schema.org value: "X", {name: "X"}, or an array of those. */
function names(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => str(x) ?? (isObj(x) ? str(x.name) : undefined)).filter((x): x is string => !!x);
}

/** The first article-typed JSON-LD object on the page (top level, in an array, or in @graph). */
function jsonLdArticle(document: Document): Json | undefined {
  for (const script of document.querySelectorAll("script")) {
    const type = (script.getAttribute("type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/ld+json") continue;
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue; // malformed JSON-LD is common; the other metadata still counts
    }
    const queue: unknown[] = [data];
    // Top level, arrays and @graph only (not every nested object: "author" can be typed too); bounded.
    for (let i = 0; i < queue.length && i < 1000; i++) {
      const v = queue[i];
      if (Array.isArray(v)) queue.push(...v);
      else if (isObj(v)) {
        const types = Array.isArray(v["@type"]) ? v["@type"] : [v["@type"]];
        if (types.some((t) => typeof t === "string" && ARTICLE_TYPES.has(t))) return v;
        if (Array.isArray(v["@graph"])) queue.push(...v["@graph"]);
      }
    }
  }
  return undefined;
}

/** Page metadata, read before Readability (which rewrites the DOM). */
function pageMeta(document: Document) {
  const meta = new Map<string, string>();
  for (const m of document.querySelectorAll("meta")) {
    const key = (m.getAttribute("property") ?? m.getAttribute("name") ?? "").trim().toLowerCase();
    const content = m.getAttribute("content")?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  let canonical: string | undefined;
  for (const l of document.querySelectorAll("link")) {
    const rel = (l.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("canonical") && l.getAttribute("href")) {
      canonical = l.getAttribute("href") ?? undefined;
      break;
    }
  }
  const ld = jsonLdArticle(document);
  const publisher = ld ? names(ld.publisher)[0] : undefined;
  const id = (Array.isArray(ld?.identifier) ? ld.identifier[0] : ld?.identifier) as unknown;
  return {
    meta,
    canonical,
    ldHeadline: ld ? (str(ld.headline) ?? str(ld.name)) : undefined,
    ldPublished: ld ? str(ld.datePublished) : undefined,
    ldAuthors: ld ? names(ld.author) : [],
    ldPublisher: publisher,
    ldId: ld ? (str(isObj(id) ? id.value : id) ?? str(ld["@id"])) : undefined,
    lang: document.querySelector("html[lang]")?.getAttribute("lang") ?? undefined,
    title: document.querySelector("title")?.textContent ?? undefined,
  };
}

const firstClean = (...xs: (string | null | undefined)[]): string | null => {
  for (const x of xs) {
    const c = x ? cleanText(x) : "";
    if (c) return c;
  }
  return null;
};

/** Reads the one article of an HTML page. */
export function readHtml(text: string, where: { file: string; url?: string }, book: OutletBook): ReadEvent[] {
  const reject = (reason: string): ReadEvent[] => [{ kind: "reject", where: { file: where.file }, reason }];
  let { document } = parseHTML(text);
  // linkedom does no HTML5 tree repair: without a <body> tag the content ends up outside document.body, where
  // Readability cannot see it. Re-parse such pages wrapped in a proper skeleton.
  if (!document.body?.firstChild)
    document = parseHTML(`<!DOCTYPE html><html><body>${text}</body></html>`).document;

  const m = pageMeta(document);
  for (const el of document.querySelectorAll(DANGEROUS)) el.remove();

  let parsed: ReturnType<Readability["parse"]> = null;
  let extracted: { body: string[]; captions: string[] } = { body: [], captions: [] };
  // Readability's cost grows with the square of the nesting depth (1,000 nested divs: seconds), so a page nested
  // far deeper than real pages ever are is read block by block instead.
  if (nestsDeeper(document.body, MAX_DEPTH)) extracted = blockText(document.body);
  else {
    try {
      parsed = new Readability(document).parse();
    } catch (e) {
      return reject(`HTML page could not be read: ${(e as Error).message}`);
    }
    if (parsed?.content) extracted = htmlParagraphs(parsed.content);
  }

  const title = firstClean(m.ldHeadline, m.meta.get("og:title"), parsed?.title, m.title);
  let { body, captions } = extracted;
  if (body.length === 0) body = toParagraphs(parsed?.textContent ?? "");
  // Readability keeps the page's own headline (as an <h2>) at the top of the content.
  if (title && body[0]?.toLowerCase() === title.toLowerCase()) body = body.slice(1);
  if (body.length === 0) return reject("HTML page has no readable article text");

  const url =
    absolute(m.canonical, where.url) ??
    absolute(m.meta.get("og:url"), where.url) ??
    absolute(where.url) ??
    null;
  const draft = emptyDraft({
    format: "html",
    file: where.file,
    ...(where.url ? { url: where.url } : {}),
    record: 1,
  });
  const siteName = m.ldPublisher ?? m.meta.get("og:site_name");
  const known = book.findByHost(
    hostOf(m.canonical && absolute(m.canonical, where.url)) ?? hostOf(where.url) ?? "",
  );
  const date =
    parseDate(m.ldPublished) ??
    parseDate(m.meta.get("article:published_time")) ??
    parseDate(m.meta.get("date")) ??
    parseDate(parsed?.publishedTime);
  const byline = firstClean(m.ldAuthors.join(", "), m.meta.get("author"), parsed?.byline);

  draft.sourceId = m.ldId ?? null;
  draft.outlet = book.displayName(siteName ?? known?.name);
  draft.title = title;
  draft.published = date?.iso ?? null;
  draft.publishedPrecision = date?.precision ?? null;
  draft.byline = byline?.replace(/^by\s+/i, "") ?? null;
  draft.url = url;
  draft.language = languageCode(m.lang) ?? languageCode(parsed?.lang);
  draft.body = body;
  draft.captions = captions;
  return [{ kind: "article", article: draft }];
}

/** True when the start of a document looks like HTML (a feed is never HTML). */
export function isHtml(head: string): boolean {
  const h = head.slice(0, 2048).replace(/^\uFEFF/, "");
  if (!/^\s*</.test(h)) return false; // JSON or text that merely quotes HTML
  if (/<(?:rss|(?:[\w-]+:)?rdf|(?:[\w-]+:)?feed)[\s>]/i.test(h) && !/<html[\s>]/i.test(h)) return false;
  return /<!doctype\s+html|<(?:html|head|body|meta|article)[\s>/]|<p>/i.test(h.slice(0, 1024));
}
