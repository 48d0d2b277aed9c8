// The story commands: `stories` lists them, `story` shows one, `compare` cross-checks one, `link` (re)links the
// stored articles into stories.

import { compareStored } from "../pipeline/compare-job.js";
import { type LinkCounts, StoryLinking } from "../pipeline/link-job.js";
import type { Comparison, Story } from "../records.js";
import type { Store } from "../store/sqlite.js";
import { openStore, resolveDbPath } from "../store/sqlite.js";
import { clearStories, countStories, getStory, listStories, threadOf } from "../store/stories.js";
import { checkDate, governorateCode, knowledge, positiveInt, print, printRows, type Values } from "./args.js";
import { cut, parseFormat, table, UsageError } from "./output.js";

export async function cmdStories(v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json", "jsonl"], "table");
  const limit = positiveInt("limit", v.limit) ?? (format === "table" ? 50 : undefined);
  const store = await openStore(resolveDbPath(v.db));
  try {
    const stories = await listStories(store, {
      from: checkDate("from", v.from),
      to: checkDate("to", v.to),
      admin1: v.place === undefined ? undefined : governorateCode(v),
      outlet: v.outlet,
      limit,
    });
    printRows(
      format,
      stories,
      ["id", "date", "place", "type", "articles", "outlets", "killed", "title"],
      (s) => [
        s.id,
        s.dates.event ?? "",
        placeName(s),
        s.eventType ?? "",
        articleCount(s),
        s.outlets.join(", "),
        killedRange(s),
        cut(s.title ?? "", 70),
      ],
    );
    return 0;
  } finally {
    await store.close();
  }
}

export async function cmdStory(ids: string[], v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json"], "table");
  const store = await openStore(resolveDbPath(v.db));
  try {
    const story = await findStory(store, ids);
    const thread = await threadOf(store, story);
    if (format === "json") {
      print(JSON.stringify({ ...story, thread }, null, 2));
      return 0;
    }
    print(storyHeader(story));
    if (thread.length > 0) {
      print(`\nSame campaign thread (${story.threadId}):`);
      print(
        table(
          ["id", "date", "title"],
          thread.map((t) => [t.id, t.day ?? "", cut(t.title ?? "", 80)]),
        ),
      );
    }
    print(`\nCross-check: parallax compare ${story.id}`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function cmdCompare(ids: string[], v: Values): Promise<number> {
  const format = parseFormat(v.format, ["table", "json"], "table");
  const kb = knowledge(v);
  const store = await openStore(resolveDbPath(v.db));
  try {
    const story = await findStory(store, ids);
    const comparison = await compareStored(store, story, kb);
    if (format === "json") print(JSON.stringify(comparison, null, 2));
    else print(comparisonReport(story, comparison));
    return 0;
  } finally {
    await store.close();
  }
}

export async function cmdLink(v: Values): Promise<number> {
  const store = await openStore(resolveDbPath(v.db));
  try {
    let c: LinkCounts;
    if (store.kind === "postgres") {
      const { linkPostgres } = await import("../pipeline/pg-ingest.js");
      c = await linkPostgres(store, !!v.rebuild, v.kb ?? []);
    } else {
      // --rebuild: everything is linked again from the first article, in storage order, as a fresh ingest would.
      if (v.rebuild) clearStories(store);
      c = await new StoryLinking(store, knowledge(v)).finish();
    }
    const n = await countStories(store);
    print(
      `${c.linked} articles linked (${c.created} new stories, ${c.merged} merged); ` +
        `${n.stories} stories of ${n.linked} articles in the database`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function findStory(store: Store, ids: string[]): Promise<Story> {
  if (ids.length !== 1) throw new UsageError("give one story id (parallax stories lists them)");
  const story = await getStory(store, ids[0] as string);
  if (!story) throw new UsageError(`no story ${ids[0]} in ${store.path} (parallax stories lists them)`);
  return story;
}

function storyHeader(s: Story): string {
  const lines = [
    `Story ${s.id}: ${s.title ?? "(untitled)"}`,
    [
      s.dates.event ?? "undated",
      s.dates.first !== s.dates.last ? `(reports ${s.dates.first} … ${s.dates.last})` : "",
      placeName(s),
      s.eventType ?? "",
      `${articleCount(s)} articles, ${s.outlets.length} outlets, ${s.sources} independent sources`,
      s.killed ? `killed ${killedRange(s)}` : "",
    ]
      .filter(Boolean)
      .join(" · "),
    "",
    table(
      ["#", "article", "outlet", "published", "title"],
      s.articles.map((a, i) => [
        i + 1,
        a.id,
        `${a.outlet ?? "(unknown)"}${a.reprintOf ? ` (reprint of ${a.reprintOf})` : ""}`,
        a.published?.slice(0, 10) ?? "",
        cut(a.title ?? "(no title)", 70),
      ]),
    ),
  ];
  return lines.join("\n");
}

/** The cross-check as a terminal report: agreed, compatible, conflicting, only in X, sources cited, words used. */
export function comparisonReport(s: Story, c: Comparison): string {
  const out: string[] = [storyHeader(s), ""];
  if (c.omitted > 0)
    out.push(
      `(the cross-check read ${c.articles.length} of ${c.articles.length + c.omitted} articles: each outlet's ` +
        "first report, then its others, wire reprints last)",
      "",
    );
  const outletOf = new Map(c.articles.map((a) => [a.id, a.outlet ?? a.source]));
  const byId = new Map(c.groups.map((g) => [g.id, g]));
  const inStory = new Set(c.articles.map((a) => a.id));
  const reprinted = new Set(
    c.articles.filter((a) => a.reprintOf && inStory.has(a.reprintOf)).map((a) => a.id),
  );
  const section = (title: string, groups: typeof c.groups, withNote: boolean) => {
    out.push(`${title} (${groups.length})`);
    if (groups.length === 0) out.push("  (none)");
    for (const g of groups) {
      out.push(`  • [${g.id}] ${g.summary}${withNote && g.note ? ` — ${g.note}` : ""}`);
      // A reprint repeats its original's sentences: quoted once.
      for (const r of g.claims.filter((x) => !reprinted.has(x.articleId)))
        out.push(
          `      ${r.outlet ?? r.source}: "${cut(r.text, 110)}"${r.attribution ? ` (per ${r.attribution})` : ""}`,
        );
    }
    out.push("");
  };
  section(
    "AGREED",
    c.groups.filter((g) => g.verdict === "agreed"),
    false,
  );
  section(
    "COMPATIBLE",
    c.groups.filter((g) => g.verdict === "compatible"),
    true,
  );
  section(
    "CONFLICTING",
    c.groups.filter((g) => g.verdict === "conflicting"),
    true,
  );
  for (const only of c.onlyIn) {
    out.push(`ONLY IN ${only.source} (${only.groups.length})`);
    if (only.groups.length === 0) out.push("  (nothing the others leave out)");
    for (const id of only.groups) out.push(`  • [${id}] ${byId.get(id)?.summary ?? id}`);
    out.push("");
  }
  out.push("SOURCES CITED");
  for (const a of c.attribution) {
    const cites = a.cites.map((x) => `${x.source} (${x.claims.length})`).join(", ");
    out.push(
      `  ${a.outlet ?? outletOf.get(a.articleId) ?? a.articleId}: ${cites || "no one"}` +
        `${a.unattributed.length ? `; ${a.unattributed.length} claims on its own authority` : ""}`,
    );
  }
  out.push("", "WORDS USED");
  for (const n of c.naming) {
    const uses = n.byOutlet
      .map(
        (o) =>
          `${o.outlet}: ${o.words
            .map(
              (w) =>
                `${w.text}${w.count > 1 ? ` ×${w.count}` : ""}${w.register && w.register !== "neutral" ? ` (${w.register})` : ""}`,
            )
            .join(", ")}`,
      )
      .join(" | ");
    out.push(`  ${n.name}: ${uses}`);
  }
  out.push(
    "",
    "CORROBORATION (claims confirmed / contradicted by other independent sources / reported alone)",
  );
  for (const o of c.corroboration.outlets)
    out.push(
      `  ${o.outlet}: ${o.claims} claims — ${o.corroborated} corroborated [${o.groups.corroborated.join(" ")}], ` +
        `${o.contradicted} contradicted [${o.groups.contradicted.join(" ")}], ${o.alone} alone`,
    );
  return out.join("\n");
}

/** Articles, not input records (an article the input held twice is listed twice). */
function articleCount(s: Story): number {
  return new Set(s.articles.map((a) => a.id)).size;
}

function placeName(s: Story): string {
  const l = s.location;
  if (!l) return "";
  return l.admin1 && l.admin1 !== l.name ? `${l.name}, ${l.admin1}` : l.name;
}

function killedRange(s: Story): string {
  if (!s.killed) return "";
  return s.killed.min === s.killed.max ? String(s.killed.min) : `${s.killed.min}–${s.killed.max}`;
}
