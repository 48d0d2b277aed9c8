// The filters of the stories and map pages. Every change goes to the URL hash (so Back works and a view can be
// linked); the search box applies on submit.

import { useEffect, useState } from "preact/hooks";
import { useOverview } from "./common.js";

export type FilterField = "from" | "to" | "place" | "outlet" | "type" | "q" | "order" | "main";

export type Filters = Partial<Record<FilterField, string>>;

/** A filter picked from a list, "All …" first; a value the list lacks (from a linked URL) stays as an option. */
function ChoiceFilter(props: {
  id: string;
  label: string;
  all: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  /** The label of a value the list lacks; the value itself without this. */
  labelOf?: (value: string) => string;
  onChange(value: string): void;
}) {
  const value = props.value ?? "";
  return (
    <label for={props.id}>
      {props.label}
      <select id={props.id} value={value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {value && !props.options.some((o) => o.value === value) ? (
          <option value={value}>{props.labelOf ? props.labelOf(value) : value}</option>
        ) : null}
      </select>
    </label>
  );
}

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
        <ChoiceFilter
          id={id("place")}
          label="Place"
          all="All governorates"
          value={v.place}
          options={(overview?.governorates ?? []).map((g) => ({ value: g.code, label: g.name }))}
          onChange={(place) => props.onChange({ place })}
        />
      ) : null}
      {has("outlet") ? (
        <ChoiceFilter
          id={id("outlet")}
          label="Outlet"
          all="All outlets"
          value={v.outlet}
          options={(overview?.outletNames ?? []).map((o) => ({ value: o, label: o }))}
          onChange={(outlet) => props.onChange({ outlet })}
        />
      ) : null}
      {has("type") ? (
        <ChoiceFilter
          id={id("type")}
          label="Event type"
          all="All types"
          value={v.type}
          options={(overview?.types ?? []).map((t) => ({ value: t.type, label: `${t.label} (${t.count})` }))}
          labelOf={types.labelOf}
          onChange={(type) => props.onChange({ type })}
        />
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
