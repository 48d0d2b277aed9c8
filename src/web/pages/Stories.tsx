// The home page: filters, the timeline (a brush sets the dates), the compact map and the story list.

import type { StoryList, Timeline as TimelineData } from "../../serve/api-types.js";
import { EXPORT_PARAMS, pick, qs, useApi } from "../api.js";
import { CheckBar, ErrorBox, Loading, TableHead, useOverview, useTitle } from "../components/common.js";
import { FilterBar, type FilterField, type Filters } from "../components/FilterBar.js";
import { MapView } from "../components/MapView.js";
import { Timeline } from "../components/Timeline.js";
import { fmtDay, fmtKilled, fmtNumber, fmtSpan, plural } from "../format.js";
import { go, href, queryObject, type Route } from "../router.js";

const PAGE = 50;
const FIELDS: FilterField[] = ["from", "to", "place", "outlet", "type", "q", "order"];

export function filtersOf(route: Route, fields: FilterField[]): Filters {
  const f: Filters = {};
  for (const k of fields) {
    const v = route.query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function StoriesPage(props: { route: Route }) {
  useTitle("Stories");
  const { types, overview } = useOverview();
  const f = filtersOf(props.route, FIELDS);
  const page = Math.max(0, Number.parseInt(props.route.query.get("page") ?? "0", 10) || 0);

  const update = (patch: Filters & { page?: string }) => {
    const next: Record<string, string> = { ...queryObject(props.route.query), ...patch };
    if (!("page" in patch)) delete next.page;
    go(href("stories", next));
  };

  const listUrl = `/api/stories${qs({ ...f, limit: PAGE, offset: page * PAGE })}`;
  const list = useApi<StoryList>(listUrl);
  // The timeline keeps every day of the other filters (it is where dates are picked); the map follows them all.
  const timeline = useApi<TimelineData>(
    `/api/timeline${qs({ place: f.place, type: f.type, outlet: f.outlet, q: f.q, main: "true" })}`,
  );
  const mapQuery = { from: f.from, to: f.to, place: f.place, type: f.type, outlet: f.outlet, q: f.q };
  const storiesExport = qs(pick(f, EXPORT_PARAMS.stories));
  const eventsExport = qs(pick({ main: "true", ...f }, EXPORT_PARAMS.events));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const govName = new Map((overview?.governorates ?? []).map((g) => [g.code, g.name]));

  return (
    <>
      <div class="page-head">
        <h1>Stories</h1>
        <p class="muted">
          {overview
            ? `${plural(overview.stories, "story", "stories")} from ${plural(overview.articles, "article")} by ${plural(
                overview.outlets,
                "outlet",
              )}${overview.days.first ? `, ${fmtDay(overview.days.first)} to ${fmtDay(overview.days.last)}` : ""}.`
            : ""}
        </p>
      </div>
      <FilterBar fields={FIELDS} values={f} onChange={update} idPrefix="stories" />
      <div class="overview-grid">
        <div>
          <ErrorBox message={timeline.error} />
          <Timeline
            data={timeline.data}
            from={f.from ?? null}
            to={f.to ?? null}
            onBrush={(from, to) => update({ from, to })}
            onClear={() => update({ from: "", to: "" })}
          />
        </div>
        <div>
          <MapView compact query={mapQuery} label="Map of the events for these filters" />
        </div>
      </div>
      <section aria-labelledby="list-h" class="story-list">
        <div class="list-head">
          <h2 id="list-h">
            {list.data ? `${fmtNumber(total)} ${total === 1 ? "story" : "stories"}` : "Stories"}
            {list.loading ? <span class="muted small"> (loading…)</span> : null}
          </h2>
          <p class="downloads">
            Download:{" "}
            <a href={`/api/export/stories.json${storiesExport}`} download>
              stories (JSON)
            </a>{" "}
            ·{" "}
            <a href={`/api/export/events.csv${eventsExport}`} download>
              events (CSV)
            </a>{" "}
            ·{" "}
            <a href={`/api/export/events.geojson${eventsExport}`} download>
              events (GeoJSON)
            </a>
          </p>
        </div>
        <ErrorBox message={list.error} />
        {!list.data && list.loading ? <Loading what="stories" /> : null}
        {list.data && list.data.items.length === 0 ? (
          <p class="empty" role="status">
            No stories match these filters.
          </p>
        ) : null}
        {list.data && list.data.items.length > 0 ? (
          <table class="stories" aria-busy={list.loading}>
            <TableHead
              columns={[
                "Story",
                "Date",
                "Place",
                "Outlets",
                { label: "Sources", num: true },
                { label: "Deaths", num: true },
                "Agreement",
              ]}
            />
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id} data-story={s.id}>
                  <td class="story-title">
                    <a href={href(["story", s.id])}>{s.title ?? "Untitled story"}</a>
                    {s.eventType ? <span class="type-tag">{types.labelOf(s.eventType)}</span> : null}
                  </td>
                  <td class="nowrap">
                    {fmtDay(s.dates.event)}
                    {s.dates.first !== s.dates.last || (s.dates.first && s.dates.first !== s.dates.event) ? (
                      <div class="muted small">{fmtSpan(s.dates.first, s.dates.last)}</div>
                    ) : null}
                  </td>
                  <td>
                    {s.location?.name ?? "—"}
                    {s.location?.admin1 && s.location.admin1 !== s.location.name ? (
                      <div class="muted small">{s.location.admin1}</div>
                    ) : s.location?.admin1Code && govName.get(s.location.admin1Code) !== s.location.name ? (
                      <div class="muted small">{govName.get(s.location.admin1Code)}</div>
                    ) : null}
                  </td>
                  <td class="outlets">{s.outlets.join(", ") || "—"}</td>
                  <td class="num">{s.sources}</td>
                  <td class="num">{fmtKilled(s.killed)}</td>
                  <td>
                    <CheckBar check={s.check} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {list.data && pages > 1 ? (
          <nav class="pager" aria-label="Pages">
            {page > 0 ? (
              <a
                href={href("stories", { ...queryObject(props.route.query), page: page - 1 || null })}
                rel="prev"
              >
                ← Previous
              </a>
            ) : (
              <span class="muted">← Previous</span>
            )}
            <span>
              Page {page + 1} of {pages}
            </span>
            {page + 1 < pages ? (
              <a href={href("stories", { ...queryObject(props.route.query), page: page + 1 })} rel="next">
                Next →
              </a>
            ) : (
              <span class="muted">Next →</span>
            )}
          </nav>
        ) : null}
      </section>
    </>
  );
}
