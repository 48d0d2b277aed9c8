// Formatting and the shared colour keys (event types, verdicts). Everything here returns plain strings: the views
// render them as text.

import type { ClaimVerdict } from "../records.js";
import type { Overview } from "../serve/api-types.js";

/** "2017-09-09T19:03:53" → "2017-09-09 19:03"; a day stays a day. */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return "—";
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(d);
  if (!m) return d;
  return m[2] ? `${m[1]} ${m[2]}` : (m[1] ?? d);
}

export function fmtDay(d: string | null | undefined): string {
  if (!d) return "—";
  return d.slice(0, 10);
}

/** "2017-09-09", or "2017-09-08 – 2017-09-10" when the story's reports span several days. */
export function fmtSpan(first: string | null, last: string | null): string {
  if (!first && !last) return "—";
  if (!first || !last || first === last) return fmtDay(first ?? last);
  return `${fmtDay(first)} – ${fmtDay(last)}`;
}

export function fmtKilled(k: { min: number; max: number } | null | undefined): string {
  if (!k) return "—";
  return k.min === k.max ? String(k.min) : `${k.min}–${k.max}`;
}

export function fmtNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n.toLocaleString("en-US");
}

const QUALIFIER: Record<string, string> = {
  "at-least": "at least",
  "more-than": "more than",
  "fewer-than": "fewer than",
  "up-to": "up to",
  about: "about",
  nearly: "nearly",
};

/** "more than 60 percent", "at least 20 civilians". */
export function fmtValue(value: number | null, unit: string | null, qualifier: string | null): string {
  if (value === null) return "";
  const q = qualifier ? `${QUALIFIER[qualifier] ?? qualifier} ` : "";
  const v = unit === "fraction" ? `${Math.round(value * 100)}%` : fmtNumber(value);
  const u = unit && unit !== "fraction" ? ` ${unit}` : "";
  return `${q}${v}${u}`;
}

/** An http(s) URL, or null: anything else (javascript:, data:) is never made a link. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtNumber(n)} ${n === 1 ? one : many}`;
}

// ── Verdicts: colour AND a symbol and a word, never colour alone ───────────────────────────────────────────────
export const VERDICTS: ClaimVerdict[] = ["agreed", "compatible", "conflicting", "single"];

export const VERDICT_INFO: Record<ClaimVerdict, { label: string; symbol: string; help: string }> = {
  agreed: { label: "Agreed", symbol: "✓", help: "the same fact from two or more independent sources" },
  compatible: { label: "Compatible", symbol: "≈", help: "figures that differ but can both be true" },
  conflicting: { label: "Conflicting", symbol: "✗", help: "facts or figures that cannot both be true" },
  single: { label: "One outlet", symbol: "○", help: "reported by one source only" },
};

// ── Event types: the most frequent types get a colour each, the rest share grey ──────────────────────────────────
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#59a14f",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#9c755f",
  "#ff9da7",
];
export const OTHER_COLOR = "#8a8a8a";

export interface TypeKey {
  colorOf(type: string): string;
  labelOf(type: string): string;
  /** The coloured types in order, and whether an "other" bucket exists. */
  legend(types: Iterable<string>): { type: string; label: string; color: string }[];
}

export function typeKey(overview: Overview | null): TypeKey {
  const order = new Map<string, number>();
  const labels = new Map<string, string>(Object.entries(overview?.typeLabels ?? {}));
  for (const [i, t] of (overview?.types ?? []).entries()) {
    order.set(t.type, i);
    labels.set(t.type, t.label);
  }
  const colorOf = (type: string): string => {
    const i = order.get(type);
    return i !== undefined && i < PALETTE.length ? (PALETTE[i] as string) : OTHER_COLOR;
  };
  const labelOf = (type: string): string => {
    const l = labels.get(type);
    if (l) return l;
    const s = type.replace(/-/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  return {
    colorOf,
    labelOf,
    legend(types) {
      const seen = new Set(types);
      const out: { type: string; label: string; color: string }[] = [];
      let other = false;
      const sorted = [...seen].sort(
        (a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || a.localeCompare(b),
      );
      for (const t of sorted) {
        const c = colorOf(t);
        if (c === OTHER_COLOR) other = true;
        else out.push({ type: t, label: labelOf(t), color: c });
      }
      if (other) out.push({ type: "", label: "Other types", color: OTHER_COLOR });
      return out;
    },
  };
}

/** Days between two ISO days (UTC), and a day plus n days. */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

export function dayFromNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}
