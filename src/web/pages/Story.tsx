// One story: its header, the articles side by side with every claim marked by verdict, the claims table, who cites
// whom, the words each outlet uses, and corroboration counts that filter the table.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ClaimGroup, ClaimVerdict, Comparison, CorroborationCount } from "../../records.js";
import type { ArticleText, StoryArticles, StoryDetail } from "../../serve/api-types.js";
import { useApi } from "../api.js";
import { ArticleTextView } from "../components/ArticleText.js";
import {
  CheckBar,
  CORROBORATION_COLUMNS,
  ErrorBox,
  Fact,
  isLoaded,
  Loading,
  PlaceName,
  RegisterTag,
  TableHead,
  useOverview,
  useTitle,
  VerdictTag,
} from "../components/common.js";
import { fmtDate, fmtDay, fmtKilled, fmtSpan, fmtValue, VERDICT_INFO, VERDICTS } from "../format.js";
import type { Span } from "../highlight.js";
import { href } from "../router.js";

const RANK: Record<ClaimVerdict, number> = { single: 0, agreed: 1, compatible: 2, conflicting: 3 };

interface GroupFilter {
  label: string;
  ids: string[];
}

export function StoryPage(props: { id: string }) {
  const id = encodeURIComponent(props.id);
  const detail = useApi<StoryDetail>(`/api/stories/${id}`);
  const comparison = useApi<Comparison>(`/api/stories/${id}/comparison`);
  const texts = useApi<StoryArticles>(`/api/stories/${id}/articles`);
  const story = detail.data?.story ?? null;
  useTitle(story?.title ?? "Story");
  const { types } = useOverview();

  const [active, setActive] = useState<string | null>(null);
  const [verdicts, setVerdicts] = useState<Set<ClaimVerdict>>(new Set());
  const [groupFilter, setGroupFilter] = useState<GroupFilter | null>(null);
  const [scrollTick, setScrollTick] = useState(0);
  const columnsRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLElement>(null);

  // A new story: nothing selected.
  useEffect(() => {
    setActive(null);
    setVerdicts(new Set());
    setGroupFilter(null);
  }, [props.id]);

  const cmp = comparison.data;
  const groups = cmp?.groups ?? [];
  const groupById = useMemo(() => new Map(groups.map((g) => [g.id, g])), [groups]);

  const spansByArticle = useMemo(() => {
    const m = new Map<string, Span[]>();
    for (const g of groups)
      for (const c of g.claims) {
        const list = m.get(c.articleId) ?? [];
        if (!list.some((s) => s.group === g.id && s.start === c.start && s.end === c.end))
          list.push({
            key: `${g.id}|${c.claimId}`,
            start: c.start,
            end: c.end,
            group: g.id,
            verdict: g.verdict,
            rank: RANK[g.verdict] ?? 0,
          });
        m.set(c.articleId, list);
      }
    return m;
  }, [groups]);

  // Clicking anywhere in a mark selects its (innermost) group.
  useEffect(() => {
    const box = columnsRef.current;
    if (!box) return;
    const on = (e: Event) => {
      const mark = (e.target as Element | null)?.closest?.("mark[data-group]");
      const g = mark?.getAttribute("data-group");
      if (g) setActive(g);
    };
    box.addEventListener("click", on);
    return () => box.removeEventListener("click", on);
  }, [texts.data, cmp, story]);

  // "Show in text": bring each column's first mark of the group into view.
  useEffect(() => {
    if (!scrollTick || !active) return;
    const box = columnsRef.current;
    if (!box) return;
    // Each column scrolls on its own: line every column up on the group's first mark, then bring the columns
    // into view.
    const sel = `mark[data-group="${CSS.escape(active)}"]`;
    for (const text of box.querySelectorAll<HTMLElement>(".column .article-text")) {
      const m = text.querySelector<HTMLElement>(sel);
      if (!m) continue;
      text.scrollTop += m.getBoundingClientRect().top - text.getBoundingClientRect().top - 24;
      m.classList.add("flash");
      setTimeout(() => m.classList.remove("flash"), 1200);
    }
    box.scrollIntoView({ block: "start" });
  }, [scrollTick]);

  const describe = (g: string) => groupById.get(g)?.summary ?? "";
  const showInTable = (f: GroupFilter) => {
    setGroupFilter(f);
    setVerdicts(new Set());
    requestAnimationFrame(() => tableRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLElement>("h2")?.focus());
  };

  if (detail.error && !story) return <ErrorBox message={detail.error} />;
  if (!story) return <Loading what="the story" />;

  const outletOfArticle = new Map<string, string | null>(story.articles.map((a) => [a.id, a.outlet]));
  const articles = texts.data?.articles ?? [];

  return (
    <>
      <header class="story-head">
        <p class="crumbs">
          <a href="#/stories">Stories</a> ›
        </p>
        <h1>{story.title ?? "Untitled story"}</h1>
        <dl class="facts">
          <Fact term="Date">{fmtDay(story.dates.event)}</Fact>
          <Fact term="Reports about">{fmtSpan(story.dates.first, story.dates.last)}</Fact>
          <Fact term="Place">
            <PlaceName location={story.location} />
          </Fact>
          <Fact term="Type">{story.eventType ? types.labelOf(story.eventType) : "—"}</Fact>
          <Fact term="Deaths reported">{fmtKilled(story.killed)}</Fact>
          <Fact term="Outlets">
            {story.outlets.length
              ? story.outlets.map((o, i) => (
                  <>
                    {i > 0 ? ", " : ""}
                    <a href={href("stories", { outlet: o })}>{o}</a>
                  </>
                ))
              : "—"}{" "}
            <span class="muted">
              ({story.sources} independent {story.sources === 1 ? "source" : "sources"})
            </span>
          </Fact>
          <Fact term="Agreement">
            <CheckBar check={detail.data?.check ?? null} />
          </Fact>
        </dl>
        {detail.data && detail.data.thread.length > 0 ? (
          <nav class="thread" aria-label="Other stories of this campaign">
            <h2 class="h3">Same campaign</h2>
            <ul>
              {detail.data.thread.map((t) => (
                <li key={t.id}>
                  <a href={href(["story", t.id])}>{t.title ?? "Untitled story"}</a>{" "}
                  <span class="muted">{fmtDay(t.day)}</span>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>

      <section aria-labelledby="side-h">
        <div class="section-head">
          <h2 id="side-h">
            The articles side by side
            {articles.length > 3 ? (
              <span class="muted small"> ({articles.length} articles: scroll sideways for more)</span>
            ) : null}
          </h2>
          <VerdictLegend />
        </div>
        <ErrorBox message={texts.error ?? comparison.error} />
        {!texts.data && texts.loading ? <Loading what="the articles" /> : null}
        <div class="columns" ref={columnsRef}>
          {articles.map((a) => (
            <Column
              key={a.id}
              article={a}
              spans={spansByArticle.get(a.id) ?? []}
              active={active}
              describe={describe}
              onActivate={setActive}
              originalOutlet={a.reprintOf ? (outletOfArticle.get(a.reprintOf) ?? null) : null}
            />
          ))}
        </div>
      </section>

      {cmp ? (
        <>
          <section aria-labelledby="claims-h" ref={tableRef} class="claims-section">
            {cmp.omitted > 0 ? (
              <p class="muted">
                The cross-check read {cmp.articles.length} of {cmp.articles.length + cmp.omitted} articles:
                each outlet's first report, then its others, wire reprints last.
              </p>
            ) : null}
            <ClaimsTable
              groups={groups}
              active={active}
              verdicts={verdicts}
              setVerdicts={(v) => {
                setVerdicts(v);
                setGroupFilter(null);
              }}
              groupFilter={groupFilter}
              clearGroupFilter={() => setGroupFilter(null)}
              onShow={(g) => {
                setActive(g);
                setScrollTick((t) => t + 1);
              }}
              onSelect={setActive}
            />
          </section>
          <div class="two-col">
            <section aria-labelledby="cites-h">
              <h2 id="cites-h">Who cites whom</h2>
              <Citations cmp={cmp} />
            </section>
            <section aria-labelledby="corr-h">
              <h2 id="corr-h">Corroboration</h2>
              <Corroboration cmp={cmp} onPick={showInTable} />
            </section>
          </div>
          <section aria-labelledby="words-h">
            <h2 id="words-h">Words used</h2>
            <Words cmp={cmp} />
          </section>
        </>
      ) : comparison.loading ? (
        <Loading what="the cross-check" />
      ) : null}
    </>
  );
}

export function VerdictLegend() {
  return (
    <ul class="legend verdict-legend" aria-label="Claim verdicts">
      {VERDICTS.map((v) => (
        <li key={v}>
          <mark class={`claim verdict-${v} sample`} data-legend={v}>
            <span class="claim-symbol" aria-hidden="true">
              {VERDICT_INFO[v].symbol}
            </span>{" "}
            {VERDICT_INFO[v].label}
          </mark>{" "}
          <span class="muted small">{VERDICT_INFO[v].help}</span>
        </li>
      ))}
    </ul>
  );
}

function Column(props: {
  article: ArticleText;
  spans: Span[];
  active: string | null;
  describe(g: string): string;
  onActivate(g: string): void;
  originalOutlet: string | null;
}) {
  const a = props.article;
  const headId = `col-${a.id}`;
  return (
    <article class="column" data-article={a.id} data-outlet={a.outlet ?? ""} aria-labelledby={headId}>
      <header class="column-head">
        <h3 id={headId}>{a.outlet ?? "Unknown outlet"}</h3>
        <p class="meta">
          <span>{fmtDate(a.published)}</span>
          {a.dateline ? <span>Dateline: {a.dateline}</span> : null}
          {a.credits.length ? <span>Credits: {a.credits.join(", ")}</span> : null}
          <a href={href(["article", a.id])}>Article page</a>
        </p>
        {a.reprintOf ? (
          <p class="reprint">
            Reprint of{" "}
            <a href={href(["article", a.reprintOf])}>
              {props.originalOutlet ? `the ${props.originalOutlet} copy` : "an earlier copy"}
            </a>{" "}
            (counts as one source with it)
          </p>
        ) : null}
      </header>
      <ArticleTextView
        text={a.text}
        parts={a.parts}
        spans={props.spans}
        active={props.active}
        describe={props.describe}
        onActivate={props.onActivate}
      />
    </article>
  );
}

function ClaimsTable(props: {
  groups: ClaimGroup[];
  active: string | null;
  verdicts: Set<ClaimVerdict>;
  setVerdicts(v: Set<ClaimVerdict>): void;
  groupFilter: GroupFilter | null;
  clearGroupFilter(): void;
  onShow(g: string): void;
  onSelect(g: string): void;
}) {
  const counts = new Map<ClaimVerdict, number>();
  for (const g of props.groups) counts.set(g.verdict, (counts.get(g.verdict) ?? 0) + 1);
  const shown = props.groups.filter((g) => {
    if (props.groupFilter) return props.groupFilter.ids.includes(g.id);
    return props.verdicts.size === 0 || props.verdicts.has(g.verdict);
  });
  const toggle = (v: ClaimVerdict) => {
    const next = new Set(props.verdicts);
    if (next.has(v)) next.delete(v);
    else next.add(v);
    props.setVerdicts(next);
  };
  return (
    <>
      <h2 id="claims-h" tabIndex={-1}>
        Claims compared
      </h2>
      <fieldset class="verdict-filter">
        <legend class="sr-only">Show claims by verdict</legend>
        <button
          type="button"
          aria-pressed={props.verdicts.size === 0 && !props.groupFilter}
          onClick={() => props.setVerdicts(new Set())}
        >
          All ({props.groups.length})
        </button>
        {VERDICTS.map((v) => (
          <button
            type="button"
            key={v}
            class={`verdict-btn verdict-${v}`}
            aria-pressed={props.verdicts.has(v)}
            data-filter={v}
            onClick={() => toggle(v)}
          >
            <span aria-hidden="true">{VERDICT_INFO[v].symbol}</span> {VERDICT_INFO[v].label} (
            {counts.get(v) ?? 0})
          </button>
        ))}
      </fieldset>
      {props.groupFilter ? (
        <p class="notice" role="status">
          Showing the {props.groupFilter.ids.length} claim{" "}
          {props.groupFilter.ids.length === 1 ? "group" : "groups"} behind:{" "}
          <strong>{props.groupFilter.label}</strong>.{" "}
          <button type="button" class="link-btn" onClick={props.clearGroupFilter}>
            Show all claims
          </button>
        </p>
      ) : null}
      {props.groups.length === 0 ? <p class="muted">No claims to compare.</p> : null}
      {shown.length > 0 ? (
        <div class="table-wrap">
          <table class="claims">
            <TableHead
              columns={[
                { label: "Verdict", class: "col-verdict" },
                { label: "Claim", class: "col-claim" },
                { label: "What each source says", class: "col-sources" },
                { label: "Note", class: "col-note" },
              ]}
            />
            <tbody>
              {shown.map((g) => (
                <tr
                  key={g.id}
                  data-verdict={g.verdict}
                  data-group={g.id}
                  class={props.active === g.id ? "active" : undefined}
                >
                  <td class="nowrap">
                    <VerdictTag verdict={g.verdict} />
                    <div class="muted small">{g.id}</div>
                  </td>
                  <td>
                    {g.summary}
                    <div>
                      <button type="button" class="link-btn small" onClick={() => props.onShow(g.id)}>
                        Show in the text
                      </button>
                    </div>
                  </td>
                  <td>
                    <ul class="refs">
                      {g.claims.map((c) => (
                        <li key={c.claimId} class="ref">
                          <strong>{c.outlet ?? c.source}</strong>
                          {c.source !== (c.outlet ?? c.source) ? ` (as ${c.source})` : ""}
                          {c.value !== null ? `: ${fmtValue(c.value, c.unit, c.qualifier)}` : ""}
                          {c.date
                            ? ` · ${fmtDay(c.date.value)}${c.date.precision === "week" ? " (week)" : ""}`
                            : ""}
                          {c.attribution ? ` · per ${c.attribution}` : ""}
                          <q class="quote" title={c.text}>
                            {c.text}
                          </q>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {g.note ?? ""}
                    {g.differs.length ? (
                      <div class="muted small">differs in: {g.differs.join(", ")}</div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : props.groups.length > 0 ? (
        <p class="muted">No claims with this verdict.</p>
      ) : null}
    </>
  );
}

function Citations(props: { cmp: Comparison }) {
  if (props.cmp.attribution.length === 0) return <p class="muted">No articles.</p>;
  return (
    <table class="compact">
      <TableHead columns={["Article", "Sources it cites (claims)", { label: "Own authority", num: true }]} />
      <tbody>
        {props.cmp.attribution.map((a) => (
          <tr key={a.articleId}>
            <th scope="row">
              <a href={href(["article", a.articleId])}>{a.outlet ?? "Unknown outlet"}</a>
            </th>
            <td>
              {a.cites.length === 0 ? (
                <span class="muted">nobody named</span>
              ) : (
                <ul class="inline-list">
                  {a.cites.map((c) => (
                    <li key={c.source}>
                      {c.entityId ? (
                        <a href={href(["entity", c.entityId])}>{c.source}</a>
                      ) : (
                        <em>{c.source}</em>
                      )}{" "}
                      ({c.claims.length})
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td class="num">
              {a.unattributed.length} {a.unattributed.length === 1 ? "claim" : "claims"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CountButton(props: { n: number; ids: string[]; label: string; onPick(f: GroupFilter): void }) {
  if (props.n === 0 || props.ids.length === 0) return <span>{props.n}</span>;
  return (
    <button
      type="button"
      class="count-btn"
      aria-label={`${props.n}: show the claims behind “${props.label}”`}
      onClick={() => props.onPick({ label: props.label, ids: props.ids })}
    >
      {props.n}
    </button>
  );
}

/** The counts behind which the claim groups are listed: each is a button. */
const COUNTED = ["corroborated", "contradicted", "alone"] as const;

function CorroborationRows(props: {
  rows: (CorroborationCount & { key: string; name: string; link?: string })[];
  onPick(f: GroupFilter): void;
}) {
  return (
    <tbody>
      {props.rows.map((r) => (
        <tr key={r.key}>
          <th scope="row">{r.link ? <a href={r.link}>{r.name}</a> : r.name}</th>
          <td class="num">{r.claims}</td>
          {COUNTED.map((k) => (
            <td class="num" key={k}>
              <CountButton n={r[k]} ids={r.groups[k]} label={`${r.name}: ${k}`} onPick={props.onPick} />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

function Corroboration(props: { cmp: Comparison; onPick(f: GroupFilter): void }) {
  const c = props.cmp.corroboration;
  return (
    <>
      <p class="muted small">Each number is a button: it shows the claims behind it in the table above.</p>
      <table class="compact">
        <caption>By outlet</caption>
        <TableHead columns={["Outlet", ...CORROBORATION_COLUMNS]} />
        <CorroborationRows
          rows={c.outlets.map((o) => ({ ...o, key: o.outlet, name: o.outlet }))}
          onPick={props.onPick}
        />
      </table>
      {c.articles.length > 0 ? (
        <table class="compact">
          <caption>By article</caption>
          <TableHead columns={["Article", ...CORROBORATION_COLUMNS]} />
          <CorroborationRows
            rows={c.articles.map((a, i) => ({
              ...a,
              key: a.articleId,
              name: `${a.outlet ?? "Unknown outlet"} #${i + 1}`,
              link: href(["article", a.articleId]),
            }))}
            onPick={props.onPick}
          />
        </table>
      ) : null}
    </>
  );
}

function Words(props: { cmp: Comparison }) {
  const outlets: string[] = [];
  for (const a of props.cmp.articles) if (a.outlet && !outlets.includes(a.outlet)) outlets.push(a.outlet);
  for (const n of props.cmp.naming)
    for (const b of n.byOutlet) if (!outlets.includes(b.outlet)) outlets.push(b.outlet);
  if (props.cmp.naming.length === 0) return <p class="muted">No actors named by more than one outlet.</p>;
  return (
    <div class="table-wrap">
      <table class="words">
        <TableHead columns={["About", ...outlets]} />
        <tbody>
          {props.cmp.naming.map((n) => (
            <tr key={n.about}>
              <th scope="row">
                {/* Concepts of the framing lexicon have plain ids; entities always have a prefix ("actor:sdf"). */}
                {n.kind === "actor" && n.about.includes(":") ? (
                  <a href={href(["entity", n.about])}>{n.name}</a>
                ) : (
                  n.name
                )}
                {n.kind !== "actor" || !n.about.includes(":") ? (
                  <div class="muted small">{n.kind === "actor" ? "concept" : n.kind}</div>
                ) : null}
              </th>
              {outlets.map((o) => {
                const words = n.byOutlet.find((b) => b.outlet === o)?.words ?? [];
                return (
                  <td key={o}>
                    {words.length === 0 ? (
                      <span class="muted">—</span>
                    ) : (
                      <ul class="word-list">
                        {words.map((w) => (
                          <li key={w.text} class={isLoaded(w.register) ? "loaded" : undefined}>
                            <span class="word">{w.text}</span>
                            {w.count > 1 ? <span class="muted"> ×{w.count}</span> : null}
                            {w.register ? <RegisterTag register={w.register} /> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
