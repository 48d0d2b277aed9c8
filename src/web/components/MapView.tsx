// The event map: Leaflet without a tile layer (offline), country and governorate outlines from /api/shapes, events
// as circles sized by deaths and coloured by type, clustered on a screen-space grid per zoom level. Popups are DOM
// nodes filled with textContent only. Under the map, the same points as a table for keyboard and screen readers.

import * as L from "leaflet";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { EventList, EventPoint } from "../../serve/api-types.js";
import { cached, EXPORT_PARAMS, pick, qs, useApi } from "../api.js";
import { clusterPoints } from "../cluster.js";
import { fmtDay, fmtNumber, plural } from "../format.js";
import { href } from "../router.js";
import { ErrorBox, Swatch, TableHead, useOverview } from "./common.js";

/** How many events one map asks for. */
export const MAP_LIMIT = 2000;
const SYRIA: L.LatLngBoundsExpression = [
  [32.3, 35.7],
  [37.35, 42.4],
];
const CELL = 40; // px: points closer than a grid cell at the current zoom are drawn as one cluster
const MAX_ZOOM = 13;
const TABLE_ROWS = 300;
const ADMIN_STYLE: L.PathOptions = {
  color: "#6b7280",
  weight: 1,
  dashArray: "3 3",
  fill: true,
  fillOpacity: 0,
};
const ADMIN_SELECTED: L.PathOptions = {
  color: "#1d4ed8",
  weight: 2.5,
  dashArray: "",
  fill: true,
  fillColor: "#dbe8f8",
  fillOpacity: 0.45,
};

type GeoJsonData = Parameters<typeof L.geoJSON>[0];

/** Radius from deaths: square-root scale (area ∝ deaths), at least 4 px. */
export function radiusOf(killed: number | null): number {
  if (!killed || killed <= 0) return 4;
  return Math.min(4 + 2.2 * Math.sqrt(killed), 34);
}

function node<K extends keyof HTMLElementTagNameMap>(
  parent: HTMLElement | null,
  tag: K,
  text?: string,
  cls?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent?.appendChild(e);
  return e;
}

interface Labels {
  typeLabel(type: string): string;
  placeLabel(p: EventPoint): string;
}

function popupOf(p: EventPoint, labels: Labels): HTMLElement {
  const root = node(null, "div", undefined, "map-popup");
  node(root, "strong", labels.placeLabel(p), "popup-place");
  const meta = node(root, "div", undefined, "popup-meta");
  node(meta, "span", fmtDay(p.day));
  node(meta, "span", labels.typeLabel(p.type));
  node(meta, "span", p.killed !== null ? `${fmtNumber(p.killed)} killed` : "no deaths reported");
  if (p.outlet) node(meta, "span", p.outlet);
  if (p.text) node(root, "p", p.text, "popup-text");
  if (p.storyId) {
    const a = node(root, "a", "Open story", "popup-link");
    a.href = href(["story", p.storyId]);
  } else {
    const a = node(root, "a", "Open article", "popup-link");
    a.href = href(["article", p.articleId]);
  }
  return root;
}

function clusterPopupOf(points: EventPoint[], labels: Labels): HTMLElement {
  const root = node(null, "div", undefined, "map-popup");
  node(root, "strong", `${points.length} events here`);
  const ul = node(root, "ul", undefined, "popup-list");
  for (const p of points.slice(0, 25)) {
    const li = node(ul, "li");
    const target = p.storyId ? href(["story", p.storyId]) : href(["article", p.articleId]);
    const a = node(li, "a", `${labels.placeLabel(p)}, ${fmtDay(p.day)}`);
    a.href = target;
    node(
      li,
      "span",
      ` — ${labels.typeLabel(p.type)}${p.killed !== null ? `, ${fmtNumber(p.killed)} killed` : ""}${p.outlet ? `, ${p.outlet}` : ""}`,
    );
  }
  if (points.length > 25) node(root, "p", `and ${points.length - 25} more: zoom in or use the table below.`);
  return root;
}

export interface MapViewProps {
  /** Filters for /api/events (from, to, place, type, outlet, q, main); ignored when `points` is given. */
  query?: Record<string, string | undefined>;
  points?: EventPoint[];
  compact?: boolean;
  /** The map's accessible name. */
  label: string;
}

export function MapView(props: MapViewProps) {
  const { overview, types } = useOverview();
  const url = props.points ? null : `/api/events${qs({ main: "true", ...props.query, limit: MAP_LIMIT })}`;
  const loaded = useApi<EventList>(url);
  const points = props.points ?? loaded.data?.items ?? null;
  const total = props.points ? props.points.length : (loaded.data?.total ?? 0);

  const boxRef = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const drawRef = useRef<() => void>(() => {});
  const adminRef = useRef<L.GeoJSON | null>(null);
  const [shapesReady, setShapesReady] = useState(false);
  const place = props.query?.place ?? "";
  const [shapeError, setShapeError] = useState<string | null>(null);

  const govName = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of overview?.governorates ?? []) m.set(g.code, g.name);
    return m;
  }, [overview]);

  const labels: Labels = useMemo(
    () => ({
      typeLabel: types.labelOf,
      placeLabel: (p) => {
        const gov = p.admin1Code ? govName.get(p.admin1Code) : undefined;
        const place = p.place ?? gov ?? "Unknown place";
        return gov && gov !== place ? `${place} (${gov})` : place;
      },
    }),
    [types, govName],
  );

  const located = useMemo(
    () => (points ?? []).filter((p) => typeof p.lat === "number" && typeof p.lon === "number"),
    [points],
  );

  // The map itself: made once, with the outlines.
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
    const map = L.map(box, {
      attributionControl: false,
      fadeAnimation: !still,
      zoomAnimation: !still,
      markerZoomAnimation: !still,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: MAX_ZOOM,
      scrollWheelZoom: !props.compact,
    });
    map.fitBounds(SYRIA);
    map.createPane("events").style.zIndex = "450";
    mapRef.current = map;
    const layer = L.layerGroup().addTo(map);
    layerRef.current = layer;
    let live = true;
    Promise.all([
      cached<GeoJsonData>("/api/shapes/countries.geojson"),
      cached<GeoJsonData>("/api/shapes/syria-admin1.geojson"),
    ]).then(
      ([countries, admin1]) => {
        if (!live) return;
        L.geoJSON(countries, {
          interactive: false,
          style: (f) =>
            f?.properties?.iso === "SY"
              ? { color: "#4b5563", weight: 2, fillColor: "#f8f6ef", fillOpacity: 1 }
              : { color: "#9ca3af", weight: 1, fillColor: "#e9e7e0", fillOpacity: 1 },
        }).addTo(map);
        adminRef.current = L.geoJSON(admin1, {
          style: ADMIN_STYLE,
          onEachFeature: (f, l) => {
            const name = typeof f.properties?.name === "string" ? f.properties.name : null;
            if (name) l.bindTooltip(node(null, "span", name), { sticky: true, direction: "top" });
          },
        }).addTo(map);
        setShapesReady(true);
      },
      (e: Error) => live && setShapeError(e.message),
    );
    const redraw = () => drawRef.current();
    map.on("zoomend", redraw);
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(box);
    return () => {
      live = false;
      adminRef.current = null;
      ro.disconnect();
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, [props.compact]);

  // A governorate filter: outline it and fit the map to it (back to all of Syria without one).
  useEffect(() => {
    const map = mapRef.current;
    const admin = adminRef.current;
    if (!map || !admin || !shapesReady) return;
    let target: L.Layer | null = null;
    admin.eachLayer((l) => {
      const iso = (l as L.GeoJSON & { feature?: { properties?: { iso?: string } } }).feature?.properties?.iso;
      const on = place !== "" && iso === place;
      (l as L.Path).setStyle(on ? ADMIN_SELECTED : ADMIN_STYLE);
      if (on) target = l;
    });
    if (target) map.fitBounds((target as L.Polygon).getBounds(), { padding: [12, 12], maxZoom: 9 });
    else if (!props.points) map.fitBounds(SYRIA);
  }, [place, shapesReady, props.points]);

  // The points: clustered again at every zoom.
  useEffect(() => {
    drawRef.current = () => {
      const map = mapRef.current;
      const layer = layerRef.current;
      if (!map || !layer) return;
      layer.clearLayers();
      const zoom = map.getZoom();
      const placed = located.map((p) => {
        const pt = map.project([p.lat as number, p.lon as number], zoom);
        return { item: p, x: pt.x, y: pt.y, r: radiusOf(p.killed) };
      });
      for (const group of clusterPoints(placed, CELL)) {
        const members = group.items;
        if (members.length === 1) {
          const p = members[0] as EventPoint;
          L.circleMarker([p.lat as number, p.lon as number], {
            pane: "events",
            radius: radiusOf(p.killed),
            color: "#1f2937",
            weight: 1,
            fillColor: types.colorOf(p.type),
            fillOpacity: 0.85,
            className: "event-marker",
          })
            .bindPopup(() => popupOf(p, labels), { maxWidth: 320 })
            .addTo(layer);
          continue;
        }
        const { lat, lng: lon } = map.unproject([group.x, group.y], zoom);
        const size = Math.round(group.r * 2);
        const face = node(null, "span", String(members.length), "event-cluster-count");
        const icon = L.divIcon({ className: "event-cluster", html: face, iconSize: [size, size] });
        const killed = members.reduce((s, p) => s + (p.killed ?? 0), 0);
        const bounds = L.latLngBounds(
          members.map((p) => [p.lat as number, p.lon as number] as [number, number]),
        );
        const samePlace = bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 50;
        const m = L.marker([lat, lon], {
          icon,
          keyboard: true,
          title: `${members.length} events${killed ? `, ${fmtNumber(killed)} killed` : ""}: activate to ${
            samePlace ? "list them" : "zoom in"
          }`,
          riseOnHover: true,
        }).addTo(layer);
        m.on("click", () => {
          if (samePlace || map.getZoom() >= MAX_ZOOM) {
            L.popup({ maxWidth: 340 })
              .setLatLng([lat, lon])
              .setContent(clusterPopupOf(members, labels))
              .openOn(map);
          } else {
            const target = Math.min(
              Math.max(map.getBoundsZoom(bounds.pad(0.2)), map.getZoom() + 1),
              MAX_ZOOM,
            );
            map.setView(bounds.getCenter(), target);
          }
        });
      }
    };
    drawRef.current();
  }, [located, types, labels]);

  const legend = useMemo(() => types.legend(located.map((p) => p.type)), [located, types]);
  // The exports take no `main`: they hold every event of the filters, not only the main ones the map shows.
  const exportQuery = qs(pick({ main: "true", ...props.query }, EXPORT_PARAMS.events));
  const legendList = (
    <ul class="legend" aria-label="Event types on the map">
      {legend.map((l) => (
        <li key={l.type || "other"}>
          <Swatch color={l.color} round /> {l.label}
        </li>
      ))}
      <li class="muted">Circle size: deaths reported · numbered circles: several events</li>
    </ul>
  );

  return (
    <div class={props.compact ? "mapview compact" : "mapview"}>
      <ErrorBox message={loaded.error ?? shapeError} />
      <section ref={boxRef} class="map" aria-label={props.label} aria-busy={loaded.loading} />
      <div class="map-foot">
        {props.compact ? (
          <details class="map-legend">
            <summary>Legend</summary>
            {legendList}
          </details>
        ) : (
          legendList
        )}
        <p class="muted map-count">
          {points === null
            ? "Loading events…"
            : `${plural(located.length, "event")} on the map${
                total > (points?.length ?? 0)
                  ? ` (the first ${fmtNumber(points.length)} of ${fmtNumber(total)})`
                  : ""
              }${points.length > located.length ? `; ${fmtNumber(points.length - located.length)} without a place` : ""}`}
          {props.points ? null : (
            <>
              {" · "}Outlines: Natural Earth · Download:{" "}
              <a href={`/api/export/events.csv${exportQuery}`} download>
                CSV
              </a>{" "}
              <a href={`/api/export/events.geojson${exportQuery}`} download>
                GeoJSON
              </a>
            </>
          )}
        </p>
      </div>
      <details class="map-table">
        <summary>Events on the map ({fmtNumber(located.length)})</summary>
        <table>
          <caption class="sr-only">Events on the map</caption>
          <TableHead columns={["Place", "Date", "Type", "Deaths", "Outlet", "Story"]} />
          <tbody>
            {located.slice(0, TABLE_ROWS).map((p) => (
              <tr key={p.id}>
                <td>{labels.placeLabel(p)}</td>
                <td>{fmtDay(p.day)}</td>
                <td>{types.labelOf(p.type)}</td>
                <td class="num">{p.killed ?? "—"}</td>
                <td>{p.outlet ?? "—"}</td>
                <td>
                  {p.storyId ? (
                    <a href={href(["story", p.storyId])}>Open story</a>
                  ) : (
                    <a href={href(["article", p.articleId])}>Article</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {located.length > TABLE_ROWS ? (
          <p class="muted">
            The first {TABLE_ROWS} of {fmtNumber(located.length)} are listed.
          </p>
        ) : null}
      </details>
    </div>
  );
}
