// Events per day as stacked SVG bars (by type), with a mouse brush that picks a date range. Keyboard users set the
// same range with the filter bar's date inputs; the brushed range is drawn from the current from/to.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Timeline as TimelineData } from "../../serve/api-types.js";
import { dayFromNumber, dayNumber, fmtNumber, plural } from "../format.js";
import { Swatch, useOverview } from "./common.js";

const HEIGHT = 180;
const PAD = { left: 34, right: 10, top: 8, bottom: 22 };

interface Bin {
  first: number;
  last: number;
  total: number;
  stacks: { type: string; n: number }[];
}

export interface TimelineProps {
  data: TimelineData | null;
  from: string | null;
  to: string | null;
  onBrush(from: string, to: string): void;
  onClear(): void;
}

export function Timeline(props: TimelineProps) {
  const { types } = useOverview();
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(240, Math.floor(box.clientWidth))));
    ro.observe(box);
    setWidth(Math.max(240, Math.floor(box.clientWidth)));
    return () => ro.disconnect();
  }, []);

  const days = props.data?.days ?? [];
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;

  const model = useMemo(() => {
    const valid = days.filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d.day));
    if (valid.length === 0) return null;
    const nums = valid.map((d) => dayNumber(d.day));
    let first = Math.min(...nums);
    let last = Math.max(...nums);
    // A little room on both sides so a lone day is not a full-width bar.
    const span0 = last - first + 1;
    const pad = Math.max(1, Math.round(span0 * 0.02));
    first -= pad;
    last += pad;
    const span = last - first + 1;
    const maxBins = Math.max(1, Math.floor(plotW / 3));
    const binDays = Math.max(1, Math.ceil(span / maxBins));
    const nBins = Math.ceil(span / binDays);
    const bins: Bin[] = Array.from({ length: nBins }, (_, i) => ({
      first: first + i * binDays,
      last: Math.min(first + (i + 1) * binDays - 1, last),
      total: 0,
      stacks: [],
    }));
    const allTypes = new Set<string>();
    for (const d of valid) {
      const bin = bins[Math.floor((dayNumber(d.day) - first) / binDays)];
      if (!bin) continue;
      for (const [type, n] of Object.entries(d.counts)) {
        if (!n) continue;
        allTypes.add(type);
        const s = bin.stacks.find((x) => x.type === type);
        if (s) s.n += n;
        else bin.stacks.push({ type, n });
        bin.total += n;
      }
    }
    const legend = types.legend(allTypes);
    const rank = new Map(legend.map((l, i) => [l.type, i]));
    for (const b of bins)
      b.stacks.sort(
        (x, y) => (rank.get(x.type) ?? 99) - (rank.get(y.type) ?? 99) || x.type.localeCompare(y.type),
      );
    const max = Math.max(1, ...bins.map((b) => b.total));
    const total = bins.reduce((s, b) => s + b.total, 0);
    return { first, last, span, binDays, bins, max, legend, total };
  }, [days, plotW, types]);

  const xOfDay = (n: number) => (model ? PAD.left + ((n - model.first) / model.span) * plotW : 0);
  const dayOfX = (x: number) => {
    if (!model) return 0;
    const f = Math.min(Math.max((x - PAD.left) / plotW, 0), 0.999999);
    return model.first + Math.floor(f * model.span);
  };

  // The brush: pointer events on the SVG (mouse and touch), listened to directly.
  const modelRef = useRef(model);
  modelRef.current = model;
  const onBrushRef = useRef(props.onBrush);
  onBrushRef.current = props.onBrush;
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    let start: number | null = null;
    const xOf = (e: PointerEvent) => {
      const r = svg.getBoundingClientRect();
      return ((e.clientX - r.left) / r.width) * width;
    };
    const down = (e: PointerEvent) => {
      if (!modelRef.current || e.button !== 0) return;
      start = xOf(e);
      svg.setPointerCapture?.(e.pointerId);
      setDrag({ a: start, b: start });
      e.preventDefault();
    };
    const move = (e: PointerEvent) => {
      if (start === null) return;
      setDrag({ a: start, b: xOf(e) });
    };
    const up = (e: PointerEvent) => {
      if (start === null) return;
      const m = modelRef.current;
      const end = xOf(e);
      const a = Math.min(start, end);
      const b = Math.max(start, end);
      start = null;
      setDrag(null);
      if (!m) return;
      let d1 = dayOfXWith(m, a);
      let d2 = dayOfXWith(m, b);
      if (b - a < 3) {
        // A click picks the bin under the pointer.
        const bin = m.bins[Math.floor((d1 - m.first) / m.binDays)];
        if (bin) {
          d1 = bin.first;
          d2 = bin.last;
        }
      }
      onBrushRef.current(dayFromNumber(d1), dayFromNumber(d2));
    };
    const cancel = () => {
      start = null;
      setDrag(null);
    };
    const dayOfXWith = (m: NonNullable<typeof model>, x: number) => {
      const f = Math.min(Math.max((x - PAD.left) / plotW, 0), 0.999999);
      return m.first + Math.floor(f * m.span);
    };
    svg.addEventListener("pointerdown", down);
    svg.addEventListener("pointermove", move);
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", cancel);
    return () => {
      svg.removeEventListener("pointerdown", down);
      svg.removeEventListener("pointermove", move);
      svg.removeEventListener("pointerup", up);
      svg.removeEventListener("pointercancel", cancel);
    };
  }, [width, plotW]);
  const empty = props.data !== null && model === null;

  const selFrom = props.from ? dayNumber(props.from) : null;
  const selTo = props.to ? dayNumber(props.to) : null;
  let selRect: { x: number; w: number } | null = null;
  if (model && (selFrom !== null || selTo !== null)) {
    const a = Math.max(selFrom ?? model.first, model.first);
    const b = Math.min(selTo ?? model.last, model.last);
    if (b >= a) selRect = { x: xOfDay(a), w: Math.max(2, xOfDay(b + 1) - xOfDay(a)) };
  }

  const ticks = model ? tickDays(model.first, model.last, plotW) : [];
  const barW = model
    ? Math.max(1, (plotW / model.span) * model.binDays - (plotW / model.span > 4 ? 1 : 0))
    : 0;
  const summary = model
    ? `${plural(model.total, "event")} from ${dayFromNumber(model.first)} to ${dayFromNumber(model.last)}${
        model.binDays > 1 ? `, ${model.binDays} days a bar` : ", one bar a day"
      }`
    : props.data
      ? "no dated events"
      : "loading";

  return (
    <section class="timeline" aria-label="Timeline">
      <div class="timeline-head">
        <h2 class="h3">Events by day</h2>
        <span class="muted small">
          Drag across the bars to pick dates{props.from || props.to ? "" : " (or use the date fields)"}
        </span>
        {props.from || props.to ? (
          <button type="button" class="small-btn" onClick={props.onClear}>
            Clear dates
          </button>
        ) : null}
      </div>
      {empty ? <p class="muted">No dated events for these filters.</p> : null}
      <div ref={boxRef} class={empty ? "timeline-box sr-only" : "timeline-box"}>
        <svg
          ref={svgRef}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-label={`Timeline: ${summary}`}
          class="timeline-svg"
        >
          <title>{summary}</title>
          {model ? (
            <>
              <line
                class="axis"
                x1={PAD.left}
                x2={width - PAD.right}
                y1={PAD.top + plotH}
                y2={PAD.top + plotH}
              />
              <text class="tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
                {fmtNumber(model.max)}
              </text>
              <text class="tick" x={PAD.left - 4} y={PAD.top + plotH} text-anchor="end">
                0
              </text>
              {model.bins.map((b) => {
                if (b.total === 0) return null;
                const x = xOfDay(b.first);
                let y = PAD.top + plotH;
                return (
                  <g key={b.first}>
                    <title>{`${dayFromNumber(b.first)}${b.last > b.first ? ` – ${dayFromNumber(b.last)}` : ""}: ${plural(b.total, "event")}`}</title>
                    {b.stacks.map((s) => {
                      const h = Math.max(1, (s.n / model.max) * plotH);
                      y -= h;
                      return <rect x={x} y={y} width={barW} height={h} fill={types.colorOf(s.type)} />;
                    })}
                  </g>
                );
              })}
              {ticks.map((t) => (
                <g key={t.n}>
                  <line
                    class="tickline"
                    x1={xOfDay(t.n)}
                    x2={xOfDay(t.n)}
                    y1={PAD.top + plotH}
                    y2={PAD.top + plotH + 4}
                  />
                  <text class="tick" x={xOfDay(t.n)} y={HEIGHT - 6} text-anchor="middle">
                    {t.label}
                  </text>
                </g>
              ))}
              {selRect ? (
                <rect class="brush-sel" x={selRect.x} y={PAD.top} width={selRect.w} height={plotH} />
              ) : null}
              {drag ? (
                <rect
                  class="brush-drag"
                  x={Math.min(drag.a, drag.b)}
                  y={PAD.top}
                  width={Math.max(1, Math.abs(drag.b - drag.a))}
                  height={plotH}
                />
              ) : null}
              {drag ? (
                <text class="brush-label" x={Math.min(drag.a, drag.b)} y={PAD.top + 10}>
                  {`${dayFromNumber(dayOfX(Math.min(drag.a, drag.b)))} – ${dayFromNumber(dayOfX(Math.max(drag.a, drag.b)))}`}
                </text>
              ) : null}
            </>
          ) : null}
        </svg>
      </div>
      {model ? (
        <ul class="legend" aria-label="Event types on the timeline">
          {model.legend.map((l) => (
            <li key={l.type || "other"}>
              <Swatch color={l.color} /> {l.label}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A few readable tick days: years, months or days depending on the span and width. */
function tickDays(first: number, last: number, plotW: number): { n: number; label: string }[] {
  const span = last - first + 1;
  const maxTicks = Math.max(2, Math.floor(plotW / 80));
  const out: { n: number; label: string }[] = [];
  const d0 = new Date(first * 86_400_000);
  if (span > 365 * 2) {
    const step = Math.max(1, Math.ceil(span / 365 / maxTicks));
    for (let y = d0.getUTCFullYear() + 1; ; y += step) {
      const n = Math.floor(Date.UTC(y, 0, 1) / 86_400_000);
      if (n > last) break;
      out.push({ n, label: String(y) });
    }
  } else if (span > 60) {
    const months = Math.ceil(span / 30);
    const step = Math.max(1, Math.ceil(months / maxTicks));
    for (let m = d0.getUTCMonth() + 1, y = d0.getUTCFullYear(); ; m += step) {
      const n = Math.floor(Date.UTC(y, m, 1) / 86_400_000);
      if (n > last) break;
      const d = new Date(n * 86_400_000);
      out.push({ n, label: d.toISOString().slice(0, 7) });
    }
  } else {
    const step = Math.max(1, Math.ceil(span / maxTicks));
    for (let n = first + Math.floor(step / 2); n <= last; n += step)
      out.push({ n, label: dayFromNumber(n).slice(5) });
  }
  return out;
}
