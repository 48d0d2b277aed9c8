// Reads RSS 2.0, RSS 1.0 (RDF) and Atom feeds with saxes, a streaming, linear-time XML parser that neither fetches
// external entities nor expands DTD entities. Documents that declare entities are refused before parsing at all.
// Namespaces are not resolved (xmlns: false), so a feed that uses an undeclared prefix (dc:, content:) still reads;
// elements are told apart by their conventional names instead.

import { SaxesParser } from "saxes";
import type { OutletBook } from "../knowledge/outlets.js";
import type { ReadEvent } from "../records.js";
import { parseDate } from "./dates.js";
import { hostOf, htmlParagraphs, htmlText, languageCode } from "./html.js";
import { emptyDraft, toParagraphs } from "./normalize.js";

interface Frame {
  name: string; // as written, prefix included
  local: string;
  attrs: Record<string, string>;
  text: string;
  lang: string | undefined; // xml:lang in effect
}

interface Item {
  n: number;
  depth: number; // stack depth of the item element
  lang: string | undefined;
  about?: string; // RSS 1.0 rdf:about
  f: Map<string, { text: string; type?: string }>; // first occurrence of each field
  authors: string[];
  creators: string[];
  links: { href: string; rel: string }[];
}

/** HTML void elements: re-serialised inline XHTML must not close them (`</br>` is a second <br> in HTML). */
const VOID = new Set("area base br col embed hr img input link meta source track wbr".split(" "));

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const localName = (name: string) => name.slice(name.indexOf(":") + 1);
const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":")) : "");

/** "jdoe@example.com (John Doe)" → "John Doe" (the RSS 2.0 author form); other names as written. */
function authorName(s: string): string {
  const m = /^\S+@\S+\s*\(([^)]+)\)$/.exec(s.trim());
  return (m ? (m[1] as string) : s).trim();
}

/** Reads every item or entry of a feed. */
export function readFeed(text: string, where: { file: string; url?: string }, book: OutletBook): ReadEvent[] {
  // saxes skips DTDs without expanding them, but refusing any entity declaration up front keeps the guarantee
  // simple: nothing external is ever resolved and no expansion (billion laughs) can happen.
  if (/<!ENTITY/i.test(text)) {
    return [
      {
        kind: "reject",
        where: { file: where.file },
        reason:
          "XML declares entities in its DOCTYPE (possible external-entity or expansion attack); refused",
      },
    ];
  }

  let format: "rss" | "atom" = "rss";
  let atomPrefix = "";
  let channelTitle: { text: string; type?: string } | undefined;
  let channelLang: string | undefined;
  const stack: Frame[] = [];
  const items: Item[] = [];
  let item: Item | undefined;
  let count = 0;
  // Inside a content element, markup (inline XHTML, or stray HTML in a description) is re-serialised as HTML.
  let capture: { depth: number; html: string } | undefined;

  /** The field key of an element, or undefined when it is not one we read. */
  const fieldOf = (name: string): string | undefined => {
    if (format === "atom") return prefixOf(name) === atomPrefix ? localName(name) : undefined;
    return name; // RSS: "title", "content:encoded", "dc:creator"… as conventionally written
  };
  const isContent = (key: string | undefined) =>
    format === "atom"
      ? key === "content" || key === "summary" || key === "title"
      : key === "description" || key === "content:encoded";

  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on("opentag", (tag) => {
    const parent = stack[stack.length - 1];
    const local = localName(tag.name);
    if (!parent) {
      format = local === "feed" ? "atom" : "rss";
      atomPrefix = prefixOf(tag.name);
    }
    if (capture) {
      capture.html += `<${local}>`; // attributes are not needed for text and are safer dropped
      stack.push({ name: tag.name, local, attrs: {}, text: "", lang: parent?.lang });
      return;
    }
    const frame: Frame = {
      name: tag.name,
      local,
      attrs: tag.attributes,
      text: "",
      lang: tag.attributes["xml:lang"] ?? parent?.lang,
    };
    stack.push(frame);
    const key = fieldOf(tag.name);
    if (!item && (format === "atom" ? key === "entry" : local === "item" && !prefixOf(tag.name))) {
      item = {
        n: ++count,
        depth: stack.length,
        lang: frame.lang,
        f: new Map(),
        authors: [],
        creators: [],
        links: [],
      };
      if (tag.attributes["rdf:about"]) item.about = tag.attributes["rdf:about"];
    } else if (item && stack.length === item.depth + 1 && isContent(key)) {
      capture = { depth: stack.length, html: "" };
    }
  });

  const onText = (t: string, raw: boolean) => {
    if (capture) capture.html += raw || stack.length === capture.depth ? t : escapeHtml(t);
    else {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    }
  };
  parser.on("text", (t) => onText(t, false));
  parser.on("cdata", (t) => onText(t, true));

  parser.on("closetag", () => {
    const frame = stack.pop();
    if (!frame) return;
    if (capture && stack.length + 1 > capture.depth) {
      if (!VOID.has(frame.local)) capture.html += `</${frame.local}>`;
      return;
    }
    if (capture) {
      frame.text = capture.html;
      capture = undefined;
    }
    const parent = stack[stack.length - 1];
    const key = fieldOf(frame.name);
    const parentKey = parent ? fieldOf(parent.name) : undefined;
    const depth = stack.length + 1;
    if (item && depth === item.depth) {
      items.push(item);
      item = undefined;
    } else if (item && depth === item.depth + 1 && key) {
      if (key === "link" && format === "atom") {
        const href = frame.attrs.href?.trim();
        if (href) item.links.push({ href, rel: frame.attrs.rel?.trim() || "alternate" });
      } else if (key === "author" && format === "rss") item.authors.push(authorName(frame.text));
      else if (key === "dc:creator") item.creators.push(frame.text.trim());
      else if (!item.f.has(key)) {
        item.f.set(key, {
          text: frame.text,
          type: key === "guid" ? frame.attrs.isPermaLink : textType(frame, format),
        });
      }
    } else if (
      item &&
      key === "name" &&
      parentKey === "author" &&
      depth === item.depth + 2 &&
      format === "atom"
    ) {
      item.authors.push(frame.text.trim());
    } else if (!item && parent && (parentKey === "channel" || (format === "atom" && parentKey === "feed"))) {
      if (key === "title" && !channelTitle) {
        channelTitle = { text: frame.text, type: textType(frame, format) };
      }
      if ((key === "language" || key === "dc:language") && !channelLang) channelLang = frame.text;
    }
  });

  let failure: ReadEvent | undefined;
  try {
    parser.write(text.replace(/^\uFEFF/, "")).close();
  } catch (e) {
    const message = (e as Error).message.replace(/^\d+:\d+:\s*/, "");
    failure = {
      kind: "reject",
      where: { file: where.file },
      reason: `malformed XML at line ${parser.line} column ${parser.column + 1}: ${message}`,
    };
  }

  // Drafts are built after parsing: nothing obliges a channel's <title> to come before its items.
  const feedOutlet = book.displayName(channelTitle ? titleText(channelTitle) : null);
  const events: ReadEvent[] = items.map((it) =>
    toEvent(it, { format, where, book, feedOutlet, channelLang }),
  );
  if (failure) events.push(failure);
  return events;
}

/** How an Atom element's text is to be read, from type= (default text). RSS says nothing (descriptions are HTML). */
function textType(frame: Frame, format: "rss" | "atom"): "html" | "text" | "none" | undefined {
  if (format === "rss") return undefined;
  const t = frame.attrs.type ?? "text";
  return frame.attrs.src ? "none" : /html/i.test(t) ? "html" : /^text/i.test(t) ? "text" : "none";
}

/** A title as plain text: Atom html/xhtml titles and RSS titles carrying markup or entities are decoded. */
function titleText(t: { text: string; type?: string }): string {
  const markup = t.type === "html" || /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);|<\/?[a-z]/i.test(t.text);
  return markup ? htmlText(t.text) : toParagraphs(t.text).join(" ");
}

function toEvent(
  it: Item,
  ctx: {
    format: "rss" | "atom";
    where: { file: string; url?: string };
    book: OutletBook;
    feedOutlet: string | null;
    channelLang: string | undefined;
  },
): ReadEvent {
  const { format, where, book } = ctx;
  const get = (k: string) => it.f.get(k)?.text.trim() || undefined;
  const draft = emptyDraft({
    format,
    file: where.file,
    ...(where.url ? { url: where.url } : {}),
    record: it.n,
  });

  let link: string | undefined;
  if (format === "atom") {
    const alt = it.links.find((l) => l.rel === "alternate") ?? it.links[0];
    link = alt?.href;
    if (link && where.url) {
      try {
        link = new URL(link, where.url).href; // Atom links may be relative to the feed
      } catch {}
    }
  } else {
    const guid = it.f.get("guid");
    const permalink = guid && guid.type !== "false" && /^https?:\/\//i.test(guid.text.trim());
    link = get("link") ?? (permalink ? guid.text.trim() : undefined) ?? it.about;
  }
  draft.url = link ?? null;
  draft.sourceId = get("guid") ?? get("id") ?? link ?? null;

  const title = it.f.get("title");
  draft.title = (title && titleText(title)) || null;

  for (const key of ["pubDate", "dc:date", "published", "updated"]) {
    const d = parseDate(get(key));
    if (d) {
      draft.published = d.iso;
      draft.publishedPrecision = d.precision;
      break;
    }
  }

  const names = (it.authors.length ? it.authors : it.creators).filter((n) => n.length > 0);
  draft.byline = names.length ? [...new Set(names)].join(", ") : null;

  const known = book.findByHost(hostOf(link) ?? "");
  draft.outlet = known?.name ?? ctx.feedOutlet;
  draft.language = languageCode(ctx.channelLang) ?? languageCode(it.lang);

  // The fullest text first: content:encoded, then description (RSS); content, then summary (Atom).
  for (const key of format === "atom" ? ["content", "summary"] : ["content:encoded", "description"]) {
    const field = it.f.get(key);
    if (!field || field.type === "none") continue;
    const text =
      field.type === "text" ? { body: toParagraphs(field.text), captions: [] } : htmlParagraphs(field.text);
    if (text.body.length > 0) {
      draft.body = text.body;
      draft.captions = text.captions;
      break;
    }
  }

  if (draft.body.length === 0) {
    const reason = draft.title ? "feed item has a title but no text" : "feed item has no text";
    return { kind: "reject", where: { file: where.file, record: it.n }, reason };
  }
  return { kind: "article", article: draft };
}

/** Sniffs a feed from the start of a document: "rss" for RSS 2.0 and RDF, "atom" for Atom, otherwise null. */
export function isFeed(head: string): "rss" | "atom" | null {
  let h = head.slice(0, 2048).replace(/^\uFEFF/, "");
  // Skip the prolog: whitespace, XML declaration, processing instructions, comments, a DOCTYPE (with its subset).
  for (;;) {
    const m = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/i.exec(h);
    if (!m) break;
    h = h.slice(m[0].length);
  }
  const root = /^\s*<([\w.-]+:)?([\w.-]+)[\s>/]/.exec(h);
  if (!root) return null;
  const [, prefix, name] = root;
  if ((name === "rss" && !prefix) || name === "RDF") return "rss";
  return name === "feed" ? "atom" : null;
}
