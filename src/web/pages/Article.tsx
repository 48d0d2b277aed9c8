// One article: metadata, its text (as text), the places and names it mentions, its events and claims.

import { useMemo } from "preact/hooks";
import type { ArticleDetail } from "../../serve/api-types.js";
import { useApi } from "../api.js";
import { ArticleTextView } from "../components/ArticleText.js";
import { ErrorBox, Loading, useOverview, useTitle } from "../components/common.js";
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
        <div>
          <dt>Outlet</dt>
          <dd>
            {art.outlet ?? "—"}
            {art.via ? ` (via ${art.via})` : ""}
          </dd>
        </div>
        <div>
          <dt>Published</dt>
          <dd>{fmtDate(art.published)}</dd>
        </div>
        {art.dateline ? (
          <div>
            <dt>Dateline</dt>
            <dd>{art.dateline}</dd>
          </div>
        ) : null}
        {art.byline ? (
          <div>
            <dt>By</dt>
            <dd>{art.byline}</dd>
          </div>
        ) : null}
        {art.credits.length ? (
          <div>
            <dt>Credits</dt>
            <dd>{art.credits.join(", ")}</dd>
          </div>
        ) : null}
        {art.editor ? (
          <div>
            <dt>Editor</dt>
            <dd>{art.editor}</dd>
          </div>
        ) : null}
        <div>
          <dt>Main place</dt>
          <dd>
            {d.location ? <a href={href(["entity", d.location.entityId])}>{d.location.name}</a> : "—"}
            {d.location?.admin1 && d.location.admin1 !== d.location.name ? `, ${d.location.admin1}` : ""}
          </dd>
        </div>
        {d.casualties ? (
          <div>
            <dt>Toll</dt>
            <dd>
              {d.casualties.killed !== null
                ? `${fmtValue(d.casualties.killed, null, d.casualties.qualifier)} killed`
                : ""}
              {d.casualties.injured !== null ? `, ${d.casualties.injured} injured` : ""}
            </dd>
          </div>
        ) : null}
        {url ? (
          <div>
            <dt>Link</dt>
            <dd>
              <a href={url} rel="noopener noreferrer nofollow" target="_blank">
                {url}
              </a>
            </dd>
          </div>
        ) : art.url ? (
          <div>
            <dt>Link</dt>
            <dd>{art.url}</dd>
          </div>
        ) : null}
        {d.reprintOf ? (
          <div>
            <dt>Reprint of</dt>
            <dd>
              <a href={href(["article", d.reprintOf.articleId])}>
                {d.reprintOf.outlet ?? d.reprintOf.articleId}
              </a>
            </dd>
          </div>
        ) : null}
        {art.flags.length ? (
          <div>
            <dt>Flags</dt>
            <dd>{art.flags.join(", ")}</dd>
          </div>
        ) : null}
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
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Date</th>
                  <th scope="col">Place</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  <th scope="col" class="num">
                    Killed
                  </th>
                  <th scope="col">Sentence</th>
                </tr>
              </thead>
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
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Claim</th>
                  <th scope="col">Value</th>
                  <th scope="col">Place</th>
                  <th scope="col">Date</th>
                  <th scope="col">Per</th>
                  <th scope="col">Sentence</th>
                </tr>
              </thead>
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
