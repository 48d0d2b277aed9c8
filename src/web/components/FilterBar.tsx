// The filters of the stories and map pages. Every change goes to the URL hash (so Back works and a view can be
// linked); the search box applies on submit.

import { useEffect, useState } from "preact/hooks";
import { useOverview } from "./common.js";

export type FilterField = "from" | "to" | "place" | "outlet" | "type" | "q" | "order" | "main";

export type Filters = Partial<Record<FilterField, string>>;

export function FilterBar(props: {
  fields: FilterField[];
  values: Filters;
  onChange(patch: Filters): void;
  idPrefix: string;
}) {
  const { overview, types } = useOverview();
  const v = props.values;
  const [q, setQ] = useState(v.q ?? "");
  useEffect(() => setQ(v.q ?? ""), [v.q]);
  const has = (f: FilterField) => props.fields.includes(f);
  const id = (f: string) => `${props.idPrefix}-${f}`;
  const anyFilter = props.fields.some((f) => f !== "order" && f !== "main" && v[f]);

  return (
    <form
      class="filters"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ q: q.trim() });
      }}
    >
      {has("from") ? (
        <label for={id("from")}>
          From
          <input
            id={id("from")}
            type="date"
            value={v.from ?? ""}
            max={v.to || undefined}
            onChange={(e) => props.onChange({ from: e.currentTarget.value })}
          />
        </label>
      ) : null}
      {has("to") ? (
        <label for={id("to")}>
          To
          <input
            id={id("to")}
            type="date"
            value={v.to ?? ""}
            min={v.from || undefined}
            onChange={(e) => props.onChange({ to: e.currentTarget.value })}
          />
        </label>
      ) : null}
      {has("place") ? (
        <label for={id("place")}>
          Place
          <select
            id={id("place")}
            value={v.place ?? ""}
            onChange={(e) => props.onChange({ place: e.currentTarget.value })}
          >
            <option value="">All governorates</option>
            {(overview?.governorates ?? []).map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
            {v.place && !overview?.governorates.some((g) => g.code === v.place) ? (
              <option value={v.place}>{v.place}</option>
            ) : null}
          </select>
        </label>
      ) : null}
      {has("outlet") ? (
        <label for={id("outlet")}>
          Outlet
          <select
            id={id("outlet")}
            value={v.outlet ?? ""}
            onChange={(e) => props.onChange({ outlet: e.currentTarget.value })}
          >
            <option value="">All outlets</option>
            {(overview?.outletNames ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
            {v.outlet && !overview?.outletNames.includes(v.outlet) ? (
              <option value={v.outlet}>{v.outlet}</option>
            ) : null}
          </select>
        </label>
      ) : null}
      {has("type") ? (
        <label for={id("type")}>
          Event type
          <select
            id={id("type")}
            value={v.type ?? ""}
            onChange={(e) => props.onChange({ type: e.currentTarget.value })}
          >
            <option value="">All types</option>
            {(overview?.types ?? []).map((t) => (
              <option key={t.type} value={t.type}>
                {t.label} ({t.count})
              </option>
            ))}
            {v.type && !overview?.types.some((t) => t.type === v.type) ? (
              <option value={v.type}>{types.labelOf(v.type)}</option>
            ) : null}
          </select>
        </label>
      ) : null}
      {has("main") ? (
        <label for={id("main")} class="check">
          <input
            id={id("main")}
            type="checkbox"
            checked={v.main !== "false"}
            onChange={(e) => props.onChange({ main: e.currentTarget.checked ? "" : "false" })}
          />
          Main events only
        </label>
      ) : null}
      {has("order") ? (
        <label for={id("order")}>
          Order
          <select
            id={id("order")}
            value={v.order ?? "recent"}
            onChange={(e) => props.onChange({ order: e.currentTarget.value })}
          >
            <option value="recent">Latest first</option>
            <option value="sources">Most sources</option>
            <option value="deaths">Most deaths</option>
          </select>
        </label>
      ) : null}
      {has("q") ? (
        <span class="search-field">
          <label for={id("q")}>
            Text search
            <input
              id={id("q")}
              type="search"
              value={q}
              placeholder="e.g. Raqqa AND siege"
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Search</button>
        </span>
      ) : null}
      {anyFilter ? (
        <button
          type="button"
          class="link-btn"
          onClick={() =>
            props.onChange(Object.fromEntries(props.fields.filter((f) => f !== "order").map((f) => [f, ""])))
          }
        >
          Reset filters
        </button>
      ) : null}
    </form>
  );
}
