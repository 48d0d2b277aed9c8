// Aligning claims: which claims of a story's articles state the same fact, and whether their versions agree. A fact
// is an event (predicate + place, who against whom) or a figure (predicate + unit + who/what). Unstated actors, objects
// and places fit any; a governorate fits the places inside it. When outlets that never mention each other's version
// name different perpetrators for the same event at the same place and time, that is one fact in conflict.

import type { Claim, ClaimGroup, ClaimRef, ClaimVerdict, Location } from "../records.js";
import {
  compareDates,
  compareFigures,
  daySpan,
  type Figure,
  formatDate,
  formatFigure,
  RELATION_RANK,
  type Relation,
} from "./intervals.js";
import { actorKey, byClaimId, type CompareKnowledge, compareStrings, type StoryItem } from "./types.js";

type Differ = ClaimGroup["differs"][number];
const DIFFER_ORDER: Differ[] = ["value", "actor", "date", "place"];

/** A claim as the alignment reads it. */
export interface Fact {
  claim: Claim;
  outlet: string | null;
  source: string;
  /** What must be equal for two claims to state one fact: negation, predicate and (figures) unit. */
  bucket: string;
  actor: string | null;
  object: string | null;
  place: Location | null;
  /** The figure, fractions read as percent; null for events. */
  figure: Figure | null;
  /** The day the report was published (YYYY-MM-DD), when known. */
  reported: string | null;
}

export interface AlignedGroup {
  group: Omit<ClaimGroup, "id">;
  facts: Fact[];
  /** Per claim: other sources whose version fits it, and other sources whose versions all conflict with it. */
  perClaim: Map<string, { confirmedBy: number; contradictedBy: number }>;
}

export function factOf(claim: Claim, item: StoryItem): Fact {
  let figure: Figure | null = null;
  if (claim.value !== null) {
    const fraction = claim.unit === "fraction";
    figure = {
      value: fraction ? claim.value * 100 : claim.value,
      qualifier: claim.qualifier,
      unit: fraction ? "percent" : claim.unit,
    };
  }
  const predicate = (claim.negated ? "not-" : "") + claim.predicate;
  return {
    claim,
    outlet: item.article.outlet,
    source: item.source,
    reported:
      item.article.published && item.article.published.length >= 10
        ? item.article.published.slice(0, 10)
        : null,
    bucket: figure ? `${predicate}|${figure.unit ?? ""}` : predicate,
    actor: claim.subject.entityId,
    object: claim.object?.entityId ?? null,
    place: claim.place,
    figure,
  };
}

// ── Actors that are one command ─────────────────────────────────────────────────────────────────────────────

/** Relations that make one actor a unit, member or leader of another: both names can be true of one act. */
const WITHIN = new Set(["part-of", "branch-of", "member-of", "head-of"]);

export class ActorTree {
  private readonly parents = new Map<string, string[]>();
  private readonly memo = new Map<string, Set<string>>();

  constructor(kb: CompareKnowledge) {
    const add = (child: string, parent: string) => {
      const list = this.parents.get(child) ?? [];
      list.push(parent);
      this.parents.set(child, list);
    };
    for (const a of kb.actors.values())
      for (const r of a.relations ?? []) {
        if (WITHIN.has(r.type)) add(a.id, r.target);
        // "SDF led-by YPG": the YPG is inside the SDF.
        else if (r.type === "led-by") add(r.target, a.id);
      }
  }

  private ancestors(id: string): Set<string> {
    const known = this.memo.get(id);
    if (known) return known;
    const out = new Set<string>();
    const stack = [...(this.parents.get(id) ?? [])];
    while (stack.length) {
      const p = stack.pop() as string;
      if (out.has(p) || p === id) continue;
      out.add(p);
      stack.push(...(this.parents.get(p) ?? []));
    }
    this.memo.set(id, out);
    return out;
  }

  /** For two entity ids: which one lies inside the other, or null when neither does (or either is no actor). */
  within(a: string, b: string): { inner: string; outer: string } | null {
    const ka = actorKey(a);
    const kb = actorKey(b);
    if (!ka || !kb) return null;
    if (this.ancestors(ka).has(kb)) return { inner: a, outer: b };
    if (this.ancestors(kb).has(ka)) return { inner: b, outer: a };
    return null;
  }

  /** Same actor, or one inside the other. */
  fits(a: string, b: string): boolean {
    return a === b || this.within(a, b) !== null;
  }
}

// ── Places ──────────────────────────────────────────────────────────────────────────────────────────────────

/** 0 a point or city, 1 a governorate, 2 a country, 3 no place. */
function placeRank(p: Location | null): number {
  if (!p) return 3;
  return p.precision === "country" ? 2 : p.precision === "governorate" ? 1 : 0;
}

/** Same place, or one only names the governorate (or country) the other lies in; an unknown place fits any. */
export function placesMatch(a: Location | null, b: Location | null): boolean {
  if (!a || !b || a.entityId === b.entityId) return true;
  const covers = (wide: Location, x: Location) =>
    wide.precision === "country"
      ? wide.country !== null && wide.country === x.country
      : wide.precision === "governorate" && wide.admin1Code !== null && wide.admin1Code === x.admin1Code;
  return covers(a, b) || covers(b, a);
}

// ── Clustering ──────────────────────────────────────────────────────────────────────────────────────────────

interface Cluster {
  bucket: string;
  facts: Fact[];
  /** Named actors and objects, in the order they joined. */
  actors: string[];
  objects: string[];
  /** The most specific place of its facts. */
  place: Location | null;
}

function sources(c: Cluster): Set<string> {
  return new Set(c.facts.map((f) => f.source));
}

function add(c: Cluster, f: Fact): void {
  c.facts.push(f);
  if (f.actor && !c.actors.includes(f.actor)) c.actors.push(f.actor);
  if (f.object && !c.objects.includes(f.object)) c.objects.push(f.object);
  if (placeRank(f.place) < placeRank(c.place)) c.place = f.place;
}

/** How well a fact fits a cluster (higher is better), or -1 when it states another fact. */
function fitScore(f: Fact, c: Cluster, tree: ActorTree): number {
  if (f.bucket !== c.bucket) return -1;
  if (f.actor && !c.actors.every((a) => tree.fits(a, f.actor as string))) return -1;
  if (f.object && !c.objects.every((o) => o === f.object)) return -1;
  if (!placesMatch(f.place, c.place)) return -1;
  return (
    (f.actor && c.actors.includes(f.actor) ? 4 : 0) +
    (f.place && f.place.entityId === c.place?.entityId ? 2 : 0) +
    (f.object && c.objects.includes(f.object) ? 1 : 0)
  );
}

/** Most specific first, so vaguer claims (no actor, only a governorate) join the fact they fit best. */
function factOrder(a: Fact, b: Fact): number {
  return (
    compareStrings(a.bucket, b.bucket) ||
    Number(a.actor === null) - Number(b.actor === null) ||
    placeRank(a.place) - placeRank(b.place) ||
    Number(a.object === null) - Number(b.object === null) ||
    compareStrings(a.source, b.source) ||
    byClaimId(a.claim.id, b.claim.id)
  );
}

function cluster(facts: Fact[], tree: ActorTree): Cluster[] {
  const clusters: Cluster[] = [];
  for (const f of [...facts].sort(factOrder)) {
    let best: Cluster | null = null;
    let bestScore = -1;
    for (const c of clusters) {
      const s = fitScore(f, c, tree);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best) add(best, f);
    else {
      const c: Cluster = { bucket: f.bucket, facts: [], actors: [], objects: [], place: null };
      add(c, f);
      clusters.push(c);
    }
  }
  return mergeRivalAccounts(clusters, tree);
}

/**
 * Clusters of one event with different perpetrators become one fact in conflict when no source reports both (a
 * source that names both actors tells two events apart), at a matching place, against the same target, at dates
 * that fit.
 */
function mergeRivalAccounts(clusters: Cluster[], tree: ActorTree): Cluster[] {
  const out: Cluster[] = [];
  for (const c of clusters) {
    const into = out.find((o) => rivals(o, c, tree));
    if (!into) {
      out.push(c);
      continue;
    }
    for (const f of c.facts) add(into, f);
  }
  return out;
}

function rivals(a: Cluster, b: Cluster, tree: ActorTree): boolean {
  if (a.bucket !== b.bucket || !a.actors.length || !b.actors.length) return false;
  if (a.actors.some((x) => b.actors.some((y) => tree.fits(x, y)))) return false;
  const sa = sources(a);
  if (b.facts.some((f) => sa.has(f.source))) return false;
  if (a.objects.length && b.objects.length && !b.objects.every((o) => a.objects.includes(o))) return false;
  if (!placesMatch(a.place, b.place)) return false;
  return a.facts.some((x) => b.facts.some((y) => compareDates(x.claim.date, y.claim.date).agree));
}

// ── Verdicts ────────────────────────────────────────────────────────────────────────────────────────────────

interface PairResult {
  relation: Relation;
  differs: Differ[];
  notes: string[];
}

function worse(a: Relation, b: Relation): Relation {
  return RELATION_RANK[a] >= RELATION_RANK[b] ? a : b;
}

/** How one source's claim relates to another source's claim of the same fact. */
export function comparePair(a: Fact, b: Fact, tree: ActorTree): PairResult {
  const r: PairResult = { relation: "agreed", differs: [], notes: [] };
  if (a.actor && b.actor && a.actor !== b.actor) {
    const w = tree.within(a.actor, b.actor);
    const name = (id: string) => (id === a.actor ? a.claim.subject.name : b.claim.subject.name);
    r.differs.push("actor");
    if (w) {
      r.relation = "compatible";
      r.notes.push(`${name(w.inner)} is part of ${name(w.outer)}`);
    } else {
      r.relation = "conflicting";
      r.notes.push(`${a.claim.subject.name} vs ${b.claim.subject.name}`);
    }
  }
  if (a.figure && b.figure) {
    const v = tollRose(a, b) ?? compareFigures(a.figure, b.figure);
    if (v.relation !== "agreed") {
      r.relation = worse(r.relation, v.relation);
      r.differs.push("value");
      if (v.note) r.notes.push(v.note);
    }
  }
  const d = compareDates(a.claim.date, b.claim.date);
  if (!d.agree) {
    r.relation = "conflicting";
    r.differs.push("date");
    if (d.note) r.notes.push(d.note);
  }
  return r;
}

/**
 * Death and injury tolls rise as the dead are counted: a higher toll in a report published on a later day is the
 * same fact counted later (compatible), not a contradiction. Null when that does not apply.
 */
function tollRose(a: Fact, b: Fact): { relation: Relation; note: string | null } | null {
  if (!a.figure || !b.figure || !TOLLS.has(a.claim.predicate) || !a.reported || !b.reported) return null;
  if (a.reported === b.reported) return null;
  const [early, late] = a.reported < b.reported ? [a, b] : [b, a];
  if (compareFigures(early.figure as Figure, late.figure as Figure).relation !== "conflicting") return null;
  if ((late.figure as Figure).value <= (early.figure as Figure).value) return null;
  return {
    relation: "compatible",
    note: `the toll rose: ${formatFigure(early.figure as Figure)} (${early.reported}) → ${formatFigure(late.figure as Figure)} (${late.reported})`,
  };
}

const TOLLS = new Set(["killed", "injured"]);

/** The version of source t that fits claim f best (a source that gives several versions holds the fitting one). */
function bestAgainst(f: Fact, others: Fact[], tree: ActorTree): PairResult {
  let best: PairResult | null = null;
  for (const o of others) {
    const r = comparePair(f, o, tree);
    if (
      !best ||
      RELATION_RANK[r.relation] < RELATION_RANK[best.relation] ||
      (r.relation === best.relation && r.differs.length < best.differs.length)
    )
      best = r;
  }
  return best as PairResult;
}

function verdictOf(
  bySource: Map<string, Fact[]>,
  tree: ActorTree,
): { verdict: ClaimVerdict; differs: Differ[]; note: string | null } {
  const names = [...bySource.keys()];
  if (names.length < 2) return { verdict: "single", differs: [], note: null };
  let verdict: Relation = "agreed";
  const differs = new Set<Differ>();
  const notes: string[] = [];
  for (const [i, s] of names.entries())
    for (const t of names.slice(i + 1)) {
      let best: PairResult | null = null;
      for (const f of bySource.get(s) ?? []) {
        const r = bestAgainst(f, bySource.get(t) ?? [], tree);
        if (!best || RELATION_RANK[r.relation] < RELATION_RANK[best.relation]) best = r;
      }
      if (!best || best.relation === "agreed") continue;
      verdict = worse(verdict, best.relation);
      for (const d of best.differs) differs.add(d);
      for (const n of best.notes) if (!notes.includes(n)) notes.push(n);
    }
  return {
    verdict,
    differs: DIFFER_ORDER.filter((d) => differs.has(d)),
    note: notes.length ? notes.join("; ") : null,
  };
}

// ── Output ──────────────────────────────────────────────────────────────────────────────────────────────────

function claimRef(f: Fact): ClaimRef {
  const c = f.claim;
  return {
    claimId: c.id,
    articleId: c.articleId,
    outlet: f.outlet,
    source: f.source,
    text: c.text,
    start: c.start,
    end: c.end,
    value: c.value,
    unit: c.unit,
    qualifier: c.qualifier,
    date: c.date,
    attribution: c.attribution?.source ?? null,
  };
}

/** The one line a reader takes in: the fact, then each source's version(s) and whom it credits. */
function summaryOf(c: Cluster, bySource: Map<string, Fact[]>, kb: CompareKnowledge): string {
  const first = c.facts[0] as Fact;
  const claim = first.claim;
  const nameOf = (id: string, pick: (f: Fact) => { entityId: string | null; name: string } | null) =>
    c.facts.map(pick).find((p) => p?.entityId === id)?.name ?? id;
  const actors = c.actors.map((id) => nameOf(id, (f) => f.claim.subject));
  const object = c.objects.length
    ? c.objects.map((id) => nameOf(id, (f) => f.claim.object)).join(" / ")
    : (c.facts.find((f) => f.claim.object)?.claim.object?.name ?? null);
  const label =
    kb.events.types.find((t) => t.id === claim.predicate)?.label.toLowerCase() ??
    claim.predicate.replace(/-/g, " ");
  const place = c.place && c.place.entityId !== c.objects[0] ? c.place.name : null;
  let head: string;
  if (first.figure) {
    const verb = claim.predicate === "count" || claim.predicate === "share" ? `${claim.predicate} of` : label;
    const what = object ?? (first.figure.unit === "percent" ? null : first.figure.unit);
    head = [actors.length === 1 ? actors[0] : null, verb, what, place ? `in ${place}` : null]
      .filter(Boolean)
      .join(" ");
  } else {
    head = [
      label.charAt(0).toUpperCase() + label.slice(1),
      place ? `in ${place}` : null,
      actors.length === 1 ? `by ${actors[0]}` : null,
      object ? `against ${object}` : null,
    ]
      .filter(Boolean)
      .join(" ");
  }
  if (claim.negated) head += " (negated or denied)";
  const versions = [...bySource.entries()].map(([source, facts]) => {
    const items: string[] = [];
    const per: string[] = [];
    for (const f of facts) {
      let v: string;
      if (f.figure) v = formatFigure(f.figure.unit === "percent" ? f.figure : { ...f.figure, unit: null });
      else v = f.claim.date ? formatDate(f.claim.date) : "undated";
      if (actors.length > 1) v = `${f.claim.subject.name}, ${v}`;
      if (!items.includes(v)) items.push(v);
      const a = f.claim.attribution?.source;
      if (a && !per.includes(a)) per.push(a);
    }
    return `${items.join("; ")} (${source}${per.length ? `, per ${per.join(", ")}` : ""})`;
  });
  return `${head}: ${versions.join(" / ")}`;
}

function keyOf(c: Cluster): string {
  const first = c.facts[0] as Fact;
  return [
    (first.claim.negated ? "not-" : "") + first.claim.predicate,
    first.figure?.unit ?? null,
    [...c.actors].sort().join("/") || null,
    [...c.objects].sort().join("/") || null,
    // "captured|percent|actor:sdf|geonames:172955": a share's place is already its object.
    c.place && !c.objects.includes(c.place.entityId) ? c.place.entityId : null,
  ]
    .filter(Boolean)
    .join("|");
}

/** Every claim of the story in exactly one group, each group with its verdict, summary and per-claim standing. */
export function alignClaims(
  items: readonly StoryItem[],
  kb: CompareKnowledge,
  days?: { first: string | null; last: string | null },
): AlignedGroup[] {
  const tree = new ActorTree(kb);
  const onStory = storyWindow(days);
  const facts = items.flatMap((item) =>
    item.article.claims.filter((c) => onStory(c.date)).map((c) => factOf(c, item)),
  );
  return cluster(facts, tree).map((c) => {
    const ordered = [...c.facts].sort(
      (a, b) => compareStrings(a.source, b.source) || byClaimId(a.claim.id, b.claim.id),
    );
    const bySource = new Map<string, Fact[]>();
    for (const f of ordered) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
    const { verdict, differs, note } = verdictOf(bySource, tree);
    const perClaim = new Map<string, { confirmedBy: number; contradictedBy: number }>();
    for (const f of ordered) {
      let confirmedBy = 0;
      let contradictedBy = 0;
      for (const [s, others] of bySource) {
        if (s === f.source) continue;
        if (bestAgainst(f, others, tree).relation === "conflicting") contradictedBy++;
        else confirmedBy++;
      }
      perClaim.set(f.claim.id, { confirmedBy, contradictedBy });
    }
    return {
      group: {
        key: keyOf(c),
        predicate: (ordered[0] as Fact).claim.predicate,
        subject: c.actors.length === 1 ? (c.actors[0] as string) : null,
        object: c.objects.length === 1 ? (c.objects[0] as string) : null,
        place: c.place?.entityId ?? null,
        verdict,
        summary: summaryOf(c, bySource, kb),
        differs,
        note,
        claims: ordered.map(claimRef),
        sources: [...bySource.keys()],
      },
      facts: ordered,
      perClaim,
    };
  });
}

/** Days of slack around the story's days before a dated claim counts as background: what happened "this week" is
 * part of the story, last year's attack is not. */
const BACKGROUND_SLACK = 7;

/** Whether a claim's date lies near the story's days (an undated claim, or one not understood, always does). */
function storyWindow(days?: { first: string | null; last: string | null }): (d: Claim["date"]) => boolean {
  const first = days?.first ? daySpan({ value: days.first, precision: "day", text: days.first }) : null;
  const last = days?.last ? daySpan({ value: days.last, precision: "day", text: days.last }) : null;
  if (!first || !last) return () => true;
  const from = first[0] - BACKGROUND_SLACK;
  const to = last[1] + BACKGROUND_SLACK;
  return (d) => {
    const span = d ? daySpan(d) : null;
    return !span || (span[1] >= from && span[0] <= to);
  };
}
