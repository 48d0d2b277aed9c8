// The entity list (searchable) and one entity's page.

import { useEffect, useState } from "preact/hooks";
import type { EntityDetail, EntityList } from "../../serve/api-types.js";
import { qs, useApi } from "../api.js";
import { ErrorBox, Loading, TableHead, useOverview, useTitle } from "../components/common.js";
import { MapView } from "../components/MapView.js";
import { fmtDay, fmtNumber } from "../format.js";
import { go, href, type Route } from "../router.js";

export function EntitiesPage(props: { route: Route }) {
  useTitle("Entities");
  const q = props.route.query.get("q") ?? "";
  const type = props.route.query.get("type") ?? "";
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const list = useApi<EntityList>(`/api/entities${qs({ q, type, limit: 200 })}`);
  return (
    <>
      <h1>Entities</h1>
      <form
        class="filters"
        aria-label="Find entities"
        onSubmit={(e) => {
          e.preventDefault();
          go(href("entities", { q: text.trim(), type }));
        }}
      >
        <label for="ent-q">
          Name or spelling
          <input id="ent-q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label for="ent-type">
          Type
          <select
            id="ent-type"
            value={type}
            onChange={(e) => go(href("entities", { q, type: e.currentTarget.value }))}
          >
            <option value="">All</option>
            <option value="place">Places</option>
            <option value="person">People</option>
            <option value="organization">Organisations</option>
          </select>
        </label>
        <button type="submit">Find</button>
      </form>
      <ErrorBox message={list.error} />
      {!list.data && list.loading ? <Loading what="entities" /> : null}
      {list.data && list.data.items.length === 0 ? <p class="empty">No entities match.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table>
          <TableHead
            columns={[
              "Name",
              "Type",
              { label: "Articles", num: true },
              { label: "Mentions", num: true },
              "Spellings seen",
            ]}
          />
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={href(["entity", e.id])}>{e.name}</a>
                </td>
                <td>
                  {e.type}
                  {e.kind && e.kind !== e.type ? <span class="muted"> · {e.kind}</span> : null}
                </td>
                <td class="num">{fmtNumber(e.articles)}</td>
                <td class="num">{fmtNumber(e.mentions)}</td>
                <td class="small">{e.surfaceForms.slice(0, 8).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

export function EntityPage(props: { id: string }) {
  const e = useApi<EntityDetail>(`/api/entities/${encodeURIComponent(props.id)}`);
  const { types, overview } = useOverview();
  useTitle(e.data?.name ?? "Entity");
  if (e.error && !e.data) return <ErrorBox message={e.error} />;
  if (!e.data) return <Loading what="the entity" />;
  const d = e.data;
  const maxMentions = Math.max(1, ...d.byOutlet.map((o) => o.mentions));
  const gov = d.admin1Code ? overview?.governorates.find((g) => g.code === d.admin1Code)?.name : null;
  const located = d.events.filter((p) => p.lat !== null && p.lon !== null);
  return (
    <>
      <p class="crumbs">
        <a href="#/entities">Entities</a> ›
      </p>
      <h1>{d.name}</h1>
      <p class="facts-line">
        <span>{d.type}</span>
        {d.kind ? <span>{d.kind}</span> : null}
        {gov ? <span>in {gov}</span> : null}
        {d.lat !== null && d.lon !== null ? (
          <span>
            {d.lat.toFixed(3)}, {d.lon.toFixed(3)}
          </span>
        ) : null}
        <span class="muted">{d.id}</span>
      </p>
      <div class="two-col">
        <section aria-labelledby="sp-h">
          <h2 id="sp-h">Spellings seen</h2>
          {d.spellings.length === 0 ? <p class="muted">None.</p> : null}
          <ul class="inline-list">
            {d.spellings.map((s) => (
              <li key={s.text}>
                <span class="word">{s.text}</span> <span class="muted">×{s.count}</span>
              </li>
            ))}
          </ul>
          <h2 id="out-h">Mentions by outlet</h2>
          <table class="compact">
            <TableHead
              columns={[
                "Outlet",
                { label: "Articles", num: true },
                { label: "Mentions", num: true },
                { label: "Bar", srOnly: true },
              ]}
            />
            <tbody>
              {d.byOutlet.map((o) => (
                <tr key={o.outlet}>
                  <th scope="row">{o.outlet}</th>
                  <td class="num">{o.articles}</td>
                  <td class="num">{o.mentions}</td>
                  <td class="bar-cell">
                    <span class="hbar" style={{ width: `${(100 * o.mentions) / maxMentions}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="co-h">
          <h2 id="co-h">Named in the same articles</h2>
          {d.cooccurring.length === 0 ? <p class="muted">None.</p> : null}
          <ul class="cooc">
            {d.cooccurring.map((c) => (
              <li key={c.id}>
                <a href={href(["entity", c.id])}>{c.name}</a> <span class="muted small">{c.type}</span>{" "}
                <span class="muted">({c.articles})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="ev-h">
        <h2 id="ev-h">Events ({d.events.length})</h2>
        {located.length > 0 ? (
          <MapView compact points={located} label={`Map of the events of ${d.name}`} />
        ) : null}
        {d.events.length === 0 ? <p class="muted">No events.</p> : null}
        {d.events.length > 0 ? (
          <table>
            <TableHead
              columns={[
                "Date",
                "Type",
                "Place",
                { label: "Deaths", num: true },
                "Outlet",
                "Sentence",
                "Story",
              ]}
            />
            <tbody>
              {d.events.map((p) => (
                <tr key={p.id}>
                  <td class="nowrap">{fmtDay(p.day)}</td>
                  <td>{types.labelOf(p.type)}</td>
                  <td>{p.place ?? "—"}</td>
                  <td class="num">{p.killed ?? "—"}</td>
                  <td>{p.outlet ?? "—"}</td>
                  <td class="small">{p.text}</td>
                  <td>
                    {p.storyId ? (
                      <a href={href(["story", p.storyId])}>Story</a>
                    ) : (
                      <a href={href(["article", p.articleId])}>Article</a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
