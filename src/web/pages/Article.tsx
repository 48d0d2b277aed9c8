// One article: metadata, its text (as text), the places and names it mentions, its events and claims.

import { useMemo } from "preact/hooks";
import type { ArticleDetail } from "../../serve/api-types.js";
import { useApi } from "../api.js";
import { ArticleTextView } from "../components/ArticleText.js";
import {
  ErrorBox,
  Fact,
  Loading,
  PlaceName,
  TableHead,
  useOverview,
  useTitle,
} from "../components/common.js";
import { fmtDate, fmtDay, fmtValue, safeUrl } from "../format.js";
import type { Span } from "../highlight.js";
import { href } from "../router.js";

const NO_SPANS: Span[] = [];

export function ArticlePage(props: { id: string }) {
  const a = useApi<ArticleDetail>(`/api/articles/${encodeURIComponent(props.id)}`);
  const { types } = useOverview();
  const d = a.data;
  useTitle(d?.article.title ?? "Article");
  const claimSpans = useMemo(
    () =>
      (d?.claims ?? []).map((c) => ({
        key: c.id,
        start: c.start,
        end: c.end,
        group: c.id,
        verdict: "plain",
        rank: 0,
      })),
    [d],
  );
  if (a.error && !d) return <ErrorBox message={a.error} />;
  if (!d) return <Loading what="the article" />;
  const art = d.article;
  const url = safeUrl(art.url);
  return (
    <>
      <p class="crumbs">
        {d.storyId ? (
          <>
            <a href={href(["story", d.storyId])}>Its story</a> ›
          </>
        ) : (
          <a href="#/stories">Stories</a>
        )}
      </p>
      <h1>{art.title ?? "Untitled article"}</h1>
      <dl class="facts">
        <Fact term="Outlet">
          {art.outlet ?? "—"}
          {art.via ? ` (via ${art.via})` : ""}
        </Fact>
        <Fact term="Published">{fmtDate(art.published)}</Fact>
        {art.dateline ? <Fact term="Dateline">{art.dateline}</Fact> : null}
        {art.byline ? <Fact term="By">{art.byline}</Fact> : null}
        {art.credits.length ? <Fact term="Credits">{art.credits.join(", ")}</Fact> : null}
        {art.editor ? <Fact term="Editor">{art.editor}</Fact> : null}
        <Fact term="Main place">
          <PlaceName location={d.location} />
        </Fact>
        {d.casualties ? (
          <Fact term="Toll">
            {d.casualties.killed !== null
              ? `${fmtValue(d.casualties.killed, null, d.casualties.qualifier)} killed`
              : ""}
            {d.casualties.injured !== null ? `, ${d.casualties.injured} injured` : ""}
          </Fact>
        ) : null}
        {url ? (
          <Fact term="Link">
            <a href={url} rel="noopener noreferrer nofollow" target="_blank">
              {url}
            </a>
          </Fact>
        ) : art.url ? (
          <Fact term="Link">{art.url}</Fact>
        ) : null}
        {d.reprintOf ? (
          <Fact term="Reprint of">
            <a href={href(["article", d.reprintOf.articleId])}>
              {d.reprintOf.outlet ?? d.reprintOf.articleId}
            </a>
          </Fact>
        ) : null}
        {art.flags.length ? <Fact term="Flags">{art.flags.join(", ")}</Fact> : null}
      </dl>
      <div class="article-layout">
        <section aria-labelledby="text-h" class="article-body">
          <h2 id="text-h" class="sr-only">
            Text
          </h2>
          <ArticleTextView
            text={d.text}
            parts={d.parts}
            spans={claimSpans.length ? claimSpans : NO_SPANS}
            active={null}
            hideTitle
          />
        </section>
        <aside aria-labelledby="names-h">
          <h2 id="names-h" class="h3">
            Names in it
          </h2>
          <ul class="inline-list">
            {d.entities.map((e) => (
              <li key={e.id}>
                <a href={href(["entity", e.id])}>{e.name}</a> <span class="muted small">{e.type}</span>
                {e.mentions > 1 ? <span class="muted"> ×{e.mentions}</span> : null}
              </li>
            ))}
          </ul>
        </aside>
      </div>
      <section aria-labelledby="events-h">
        <h2 id="events-h">Events ({d.events.length})</h2>
        {d.events.length === 0 ? <p class="muted">None read.</p> : null}
        {d.events.length > 0 ? (
          <div class="table-wrap">
            <table class="compact">
              <TableHead
                columns={[
                  "Type",
                  "Date",
                  "Place",
                  "Actor",
                  "Target",
                  { label: "Killed", num: true },
                  "Sentence",
                ]}
              />
              <tbody>
                {d.events.map((e) => (
                  <tr key={e.id} class={e.main ? "main-event" : undefined}>
                    <td>
                      {types.labelOf(e.type)}
                      {e.main ? <span class="type-tag">main</span> : null}
                      {e.negated ? <span class="muted small"> (negated)</span> : null}
                    </td>
                    <td class="nowrap">{e.date ? fmtDay(e.date.value) : "—"}</td>
                    <td>{e.location?.name ?? "—"}</td>
                    <td>{e.actor?.name ?? "—"}</td>
                    <td>{e.target?.name ?? "—"}</td>
                    <td class="num">{e.killed ?? "—"}</td>
                    <td class="small">{e.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="aclaims-h">
        <h2 id="aclaims-h">Claims ({d.claims.length})</h2>
        {d.claims.length > 0 ? (
          <div class="table-wrap">
            <table class="compact">
              <TableHead columns={["Subject", "Claim", "Value", "Place", "Date", "Per", "Sentence"]} />
              <tbody>
                {d.claims.map((c) => (
                  <tr key={c.id}>
                    <td>{c.subject.name}</td>
                    <td>
                      {c.negated ? "not " : ""}
                      {c.predicate}
                      {c.object ? ` ${c.object.name}` : ""}
                      {c.hedged ? <span class="muted small"> (hedged)</span> : null}
                    </td>
                    <td>{fmtValue(c.value, c.unit, c.qualifier) || "—"}</td>
                    <td>{c.place?.name ?? "—"}</td>
                    <td class="nowrap">{c.date ? fmtDay(c.date.value) : "—"}</td>
                    <td>{c.attribution?.source ?? "—"}</td>
                    <td class="small">{c.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">None read.</p>
        )}
      </section>
    </>
  );
}
