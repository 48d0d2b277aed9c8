// The full-size map with its filters (the same map component as the stories page's).

import { useTitle } from "../components/common.js";
import { FilterBar, type FilterField, type Filters } from "../components/FilterBar.js";
import { MapView } from "../components/MapView.js";
import { go, href, queryObject, type Route } from "../router.js";
import { filtersOf } from "./Stories.js";

const FIELDS: FilterField[] = ["from", "to", "place", "type", "main"];

export function MapPage(props: { route: Route }) {
  useTitle("Map");
  const f = filtersOf(props.route, FIELDS);
  const update = (patch: Filters) => go(href("map", { ...queryObject(props.route.query), ...patch }));
  return (
    <>
      <div class="page-head">
        <h1>Map of events</h1>
        <p class="muted">
          Circles are events (sized by deaths, coloured by type); numbered circles group nearby events: click
          to zoom in.{" "}
          <a href={href("stories", { from: f.from, to: f.to, place: f.place, type: f.type })}>
            Stories for these filters
          </a>
        </p>
      </div>
      <FilterBar fields={FIELDS} values={f} onChange={update} idPrefix="map" />
      <MapView
        query={{
          from: f.from,
          to: f.to,
          place: f.place,
          type: f.type,
          main: f.main === "false" ? "false" : "true",
        }}
        label="Map of the events for these filters"
      />
    </>
  );
}
