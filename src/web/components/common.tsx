// Small shared pieces: the error box, loading line, page title, the overview (filters' options, type colours), table
// headers, verdict tags, framing-word registers, facts lists and places.

import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useMemo } from "preact/hooks";
import type { ClaimVerdict, Location } from "../../records.js";
import type { Overview } from "../../serve/api-types.js";
import { type TypeKey, typeKey, VERDICT_INFO } from "../format.js";
import { href } from "../router.js";

export function ErrorBox(props: { message: string | null | undefined; title?: string }) {
  if (!props.message) return null;
  return (
    <div class="error" role="alert">
      <strong>{props.title ?? "The server answered with an error"}:</strong> {props.message}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return <p class="loading">Loading{props.what ? ` ${props.what}` : ""}…</p>;
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Parallax` : "Parallax";
  }, [title]);
}

export interface OverviewState {
  overview: Overview | null;
  types: TypeKey;
}

export const OverviewContext = createContext<OverviewState>({ overview: null, types: typeKey(null) });

export function useOverview(): OverviewState {
  return useContext(OverviewContext);
}

export function OverviewProvider(props: { overview: Overview | null; children: ComponentChildren }) {
  const value = useMemo(
    () => ({ overview: props.overview, types: typeKey(props.overview) }),
    [props.overview],
  );
  return <OverviewContext.Provider value={value}>{props.children}</OverviewContext.Provider>;
}

/** A verdict as a word with its symbol and colour: never colour alone. */
export function VerdictTag(props: { verdict: ClaimVerdict }) {
  const v = VERDICT_INFO[props.verdict];
  return (
    <span class={`verdict-tag verdict-${props.verdict}`}>
      <span aria-hidden="true" class="verdict-symbol">
        {v.symbol}
      </span>{" "}
      {v.label}
    </span>
  );
}

/** A column of a table header: a right-aligned number, a label read only by screen readers, or a class of its own. */
export interface Column {
  label: string;
  num?: boolean;
  srOnly?: boolean;
  class?: string;
}

/** A table's header row of `<th scope="col">` cells; a plain string is a plain column. */
export function TableHead(props: { columns: (string | Column)[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => {
          const col = typeof c === "string" ? { label: c } : c;
          const cls = [col.num ? "num" : "", col.class ?? ""].filter(Boolean).join(" ");
          return (
            <th scope="col" class={cls || undefined} key={col.label}>
              {col.srOnly ? <span class="sr-only">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** The counts of an outlet's or an article's claims by what the other sources say of them. */
export const CORROBORATION_COLUMNS: Column[] = [
  { label: "Claims", num: true },
  { label: "Corroborated", num: true },
  { label: "Contradicted", num: true },
  { label: "Alone", num: true },
];

const LOADED = new Set(["loaded", "delegitimising", "legitimising", "euphemism"]);

/** Whether a framing word's register marks it as loaded (what differs between outlets). */
export function isLoaded(register: string | null): boolean {
  return register !== null && LOADED.has(register);
}

/** A framing word's register, flagged when loaded. */
export function RegisterTag(props: { register: string }) {
  return (
    <span class={`register register-${props.register}`}>
      {isLoaded(props.register) ? "⚑ " : ""}
      {props.register}
    </span>
  );
}

/** One term and its description in a `dl.facts` list. */
export function Fact(props: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A main place: a link to its entity, with its governorate when that is another name; "—" without one. */
export function PlaceName(props: { location: Location | null }) {
  const l = props.location;
  return (
    <>
      {l ? <a href={href(["entity", l.entityId])}>{l.name}</a> : "—"}
      {l?.admin1 && l.admin1 !== l.name ? `, ${l.admin1}` : ""}
    </>
  );
}

/** A colour swatch next to a label (legend entries). */
export function Swatch(props: { color: string; round?: boolean }) {
  return (
    <span
      class={props.round ? "swatch round" : "swatch"}
      aria-hidden="true"
      style={{ backgroundColor: props.color }}
    />
  );
}

/** Coloured counts of a story's verdicts, with the words for screen readers; "one source" without a check. */
export function CheckBar(props: {
  check: { agreed: number; compatible: number; conflicting: number; single: number } | null;
}) {
  const c = props.check;
  if (!c) return <span class="muted">one source</span>;
  const total = c.agreed + c.compatible + c.conflicting + c.single;
  const label = `${c.agreed} agreed, ${c.compatible} compatible, ${c.conflicting} conflicting, ${c.single} in one outlet only`;
  return (
    <span class="checkbar" title={label}>
      <span class="bar" aria-hidden="true">
        {(["agreed", "compatible", "conflicting", "single"] as const).map((v) =>
          c[v] > 0 ? (
            <span class={`seg verdict-${v}`} style={{ width: `${(100 * c[v]) / (total || 1)}%` }} />
          ) : null,
        )}
      </span>
      <span class="counts" aria-hidden="true">
        {(["agreed", "compatible", "conflicting", "single"] as const).map((v) => (
          <span class={`count verdict-${v}${c[v] === 0 ? " zero" : ""}`}>
            {VERDICT_INFO[v].symbol}
            {c[v]}
          </span>
        ))}
      </span>
      <span class="sr-only">{label}</span>
    </span>
  );
}
