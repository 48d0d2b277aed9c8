// Who died and who was hurt, sentence by sentence, and the main incident's toll. Finding numbers is easy; the
// work is deciding which figure is the incident's own: articles quote war-wide totals as background, name other
// incidents ("in another attack"), break a toll down ("including 5 children", "four were among eight killed")
// and revise it ("the death toll rose to 31"). Where reports of one incident inside an article differ, the lowest
// is kept, as ACLED does, and the toll says so.

import type { CasualtyLexicon } from "../knowledge/index.js";
import type { Casualties, CasualtyFigure, Quantity, VictimClass } from "../records.js";
import { wordNumber } from "./numbers.js";

/** A stretch of text the toll reader treats as one sentence (a sentence never crosses a title/paragraph break). */
export interface Segment {
  start: number;
  end: number;
  /** Title, body or caption. */
  part: "title" | "body" | "caption";
  /** The title repeated at the top of the body: counted as title, but not a second report of it. */
  echo?: boolean;
}

/** A sentence's toll: its figures summed up the way the sentence means them. */
export interface SentenceToll {
  segment: number;
  figures: CasualtyFigure[];
  killed: number | null;
  killedQualifier: Quantity["qualifier"];
  civilians: number | null;
  children: number | null;
  women: number | null;
  fighters: number | null;
  injured: number | null;
  /** Only vague counts ("dozens"): a toll that gives no exact number. */
  vague: boolean;
  /** The sentence revises an earlier toll ("the death toll rose to 31"). */
  update: boolean;
  /** War-wide or past totals, or another incident: not the main incident's toll. */
  background: boolean;
  elsewhere: boolean;
}

interface Phrases {
  /** Victim phrases as word arrays, longest first, with their class. */
  victims: { words: string[]; cls: VictimClass }[];
  killedAfter: RegExp;
  killedBefore: RegExp;
  tollBefore: RegExp;
  predicateOnly: RegExp;
  injuredAfter: RegExp;
  injuredBefore: RegExp;
  updates: RegExp;
  parts: RegExp;
  partsAfter: RegExp;
  supersets: RegExp;
  background: RegExp;
  elsewhere: RegExp;
  one: RegExp;
  /** The stems of every casualty word: a sentence without one has no figure. */
  mayCount: RegExp;
}

const cache = new WeakMap<CasualtyLexicon, Phrases>();

const escapePhrase = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
const alternation = (list: readonly string[]) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map(escapePhrase)
    .join("|");

function phrases(lex: CasualtyLexicon): Phrases {
  let p = cache.get(lex);
  if (p) return p;
  const victims: Phrases["victims"] = [];
  for (const [cls, words] of Object.entries(lex.victims) as [VictimClass, string[]][])
    for (const w of words) victims.push({ words: w.toLowerCase().split(/\s+/), cls });
  victims.sort((a, b) => b.words.length - a.words.length);
  const singular = [...lex.victims.women, ...lex.victims.children, ...lex.victims.civilians, "man", "person"]
    .filter((w) => !w.endsWith("s") && !w.includes(" "))
    .map(escapePhrase)
    .join("|");
  // "killing a woman", "a child was killed", "kills woman": one death with no number to read.
  const killVerb = "killing|killed|kills|kill|claimed the life of|claiming the life of|executed|executing";
  const stems = new Set<string>();
  for (const list of [lex.killedAfter, lex.killedBefore, lex.injuredAfter, lex.injuredBefore, lex.updates])
    for (const phrase of list)
      for (const w of phrase.toLowerCase().split(/\s+/))
        if (w.length >= 4 && !STOP.has(w) && !NOT_STEMS.has(w)) stems.add(w.slice(0, 4));
  p = {
    mayCount: new RegExp(`\\b(?:${[...stems].map(escapePhrase).join("|")})`, "i"),
    victims,
    killedAfter: new RegExp(`\\b(?:${alternation(lex.killedAfter)})\\b`, "i"),
    killedBefore: new RegExp(`\\b(?:${alternation(lex.killedBefore)})\\s*$`, "i"),
    tollBefore: new RegExp(`\\btoll\\b(?:\\s+\\S+){0,6}?\\s+(?:${alternation(lex.tollVerbs)})\\s*$`, "i"),
    predicateOnly: new RegExp(
      `^\\s*(?:(?:including|among them)\\s+\\S+(?:\\s+\\S+)?\\s+)?(?:(?:were|was|have been|had been|are|is)\\s+)?(?:${alternation([...lex.killedAfter, ...lex.injuredAfter])})\\s*,?\\s*(?:and\\s+|while\\s+)?$`,
      "i",
    ),
    injuredAfter: new RegExp(`\\b(?:${alternation(lex.injuredAfter)})\\b`, "i"),
    injuredBefore: new RegExp(`\\b(?:${alternation(lex.injuredBefore)})\\s*$`, "i"),
    updates: new RegExp(`\\b(?:${alternation(lex.updates)})\\s*$`, "i"),
    parts: new RegExp(`(?:^|\\W)(?:${alternation(lex.parts)})\\s*$`, "i"),
    partsAfter: new RegExp(`^\\s*(?:${alternation(lex.partsAfter)})\\b`, "i"),
    supersets: new RegExp(`\\b(?:${alternation(lex.supersets)})\\s*$`, "i"),
    background: new RegExp(`\\b(?:${alternation(lex.background)})\\b`, "i"),
    elsewhere: new RegExp(`^\\W*(?:${alternation(lex.elsewhere)})\\b`, "i"),
    one: new RegExp(
      `\\b(?:(?:${killVerb})\\s+(?:(?:a|an|one)\\s+)?(?:[a-z-]+\\s+)?(${singular})\\b(?!\\s+(?:of|and)\\b)|(?:a|an|one)\\s+(?:[a-z-]+\\s+)?(${singular})\\s+(?:was\\s+|has\\s+been\\s+|had\\s+been\\s+)?(?:killed|dead|died|martyred|executed|shot dead))\\b`,
      "gi",
    ),
  };
  cache.set(lex, p);
  return p;
}

// Words that end a victim noun phrase search: a figure is followed by modifiers ("27 pro-government fighters",
// "six Nusra Front fighters") and then its noun, never by these.
const STOP = new Set(
  "were was is are be been being have has had and or in on at by to from with who which that the a an as after before during when while for into near since than but of".split(
    " ",
  ),
);

// Common words inside casualty phrases ("lost their lives", "shot dead"): no sign of a count on their own.
const NOT_STEMS = new Set([
  "their",
  "lost",
  "shot",
  "bringing",
  "raising",
  "later",
  "from",
  "risen",
  "rose",
  "climbed",
]);

interface Reading {
  cls: VictimClass;
  /** End of the victim phrase (or of the number when there is none). */
  nounEnd: number;
}

/** The victim phrase after a figure: "27 pro-government fighters" → fighters; "12 others" → people. */
function victimAfter(text: string, from: number, limit: number, p: Phrases): Reading | null {
  const re = /[^\s]+/g;
  re.lastIndex = from;
  const words: { w: string; end: number }[] = [];
  for (let m = re.exec(text); m && m.index < limit && words.length < 6; m = re.exec(text)) {
    const raw = m[0];
    const w = raw.toLowerCase().replace(/^[("'“]+|[)"'”.,;:!?]+$/g, "");
    words.push({ w, end: m.index + raw.replace(/[)"'”.,;:!?]+$/, "").length });
    if (/[.,;:!?)]$/.test(raw)) break;
  }
  for (let i = 0; i < words.length; i++) {
    for (const v of p.victims) {
      if (v.words.every((vw, k) => words[i + k]?.w === vw)) {
        const last = words[i + v.words.length - 1] as { end: number };
        return { cls: v.cls, nounEnd: last.end };
      }
    }
    const w = words[i]?.w ?? "";
    if (!w || STOP.has(w) || wordNumber(w) !== undefined || /^\d/.test(w)) return null;
  }
  return null;
}

/**
 * Splits the analysis text's sentences at title/paragraph breaks. Many outlets repeat the title (after a date) at
 * the top of the body; that echo is counted as title, so the lead is the first sentence that adds to it.
 */
export function segmentsOf(
  text: string,
  sentences: readonly { start: number; end: number }[],
  parts: readonly { kind: Segment["part"]; start: number; end: number }[],
): Segment[] {
  const out: Segment[] = [];
  let pi = 0;
  for (const s of sentences) {
    let start = s.start;
    while (start < s.end) {
      while (pi < parts.length && (parts[pi]?.end ?? 0) <= start) pi++;
      const part = parts[pi];
      if (!part) break;
      const from = Math.max(start, part.start);
      const to = Math.min(s.end, part.end);
      if (to > from) out.push({ start: from, end: to, part: part.kind });
      start = Math.max(to, part.end);
    }
  }
  const title = parts[0]?.kind === "title" ? text.slice(parts[0].start, parts[0].end) : "";
  const echo = title.replace(/[\s.!?]+$/, "").toLowerCase();
  if (echo.length < 15) return out;
  for (let i = 0, seen = 0; i < out.length && seen < 3; i++) {
    const seg = out[i] as Segment;
    if (seg.part !== "body") continue;
    seen++;
    const at = text.slice(seg.start, seg.end).toLowerCase().indexOf(echo);
    if (at < 0 || at > 80) continue;
    const cut = seg.start + at + echo.length;
    const rest = text.slice(cut, seg.end).replace(/^[\s.!?|]+/, "");
    const echoSeg: Segment = { start: seg.start, end: cut, part: "title", echo: true };
    if (rest.length > 0)
      out.splice(i, 1, echoSeg, { start: seg.end - rest.length, end: seg.end, part: "body" });
    else out.splice(i, 1, echoSeg);
    break;
  }
  return out;
}

/** True when a sentence gives war-wide or past background ("since the conflict began"), not the incident. */
export function isBackground(sentence: string, lexicon: CasualtyLexicon): boolean {
  return phrases(lexicon).background.test(sentence);
}

/** The casualty figures of every segment, and each segment's toll (only segments that report any). */
export function sentenceTolls(
  text: string,
  segments: readonly Segment[],
  numbers: readonly Quantity[],
  lexicon: CasualtyLexicon,
): SentenceToll[] {
  const p = phrases(lexicon);
  const out: SentenceToll[] = [];
  let qi = 0;
  for (const [si, seg] of segments.entries()) {
    while (qi < numbers.length && (numbers[qi]?.start ?? 0) < seg.start) qi++;
    const inSeg: Quantity[] = [];
    for (let k = qi; k < numbers.length && (numbers[k]?.start ?? 0) < seg.end; k++) {
      const q = numbers[k] as Quantity;
      if (q.unit === null && q.value >= 1) inSeg.push(q);
    }
    // Most sentences count no one: skip them on a single test for the stems of the lexicon's casualty words.
    if (!p.mayCount.test(text.slice(seg.start, seg.end))) continue;
    const figures = figuresIn(text, seg, inSeg, p);
    if (figures.length === 0) continue;
    out.push(tollOf(si, text.slice(seg.start, seg.end), figures, p));
  }
  return out;
}

const JOINED =
  /^[\s,\-–—(]*(?:(?:including|among them|of whom)\b[^.;]*?|and|as well as)?\s*(?:(?:were|was|are|is)\s+among\s*)?$/i;

interface Draft {
  q: Quantity;
  victim: Reading | null;
  nounEnd: number;
  role: CasualtyFigure["role"];
  kind: CasualtyFigure["kind"] | null;
  /** The kind came from a verb before the figure ("killing 5"), which a figure joined by "and" shares. */
  byVerb: boolean;
}

function figuresIn(
  text: string,
  seg: Segment,
  quantities: readonly Quantity[],
  p: Phrases,
): CasualtyFigure[] {
  // What each figure's own words say: its victims and the death or injury word after them. The words that describe a
  // figure end where the next figure begins, and within eight words.
  const readings = quantities.map((q, i) => {
    const next = quantities[i + 1]?.start ?? seg.end;
    // "13 of them civilians": the class comes after "of them".
    let from = q.end;
    const afterRaw = text.slice(q.end, seg.end);
    const ofThem = p.partsAfter.exec(afterRaw);
    let part = false;
    if (ofThem) {
      from = q.end + ofThem[0].length;
      part = true;
    } else if (/^\s+of\s+(?:the\s+)?(?:\d|[a-z]+\s+(?:people|civilians|killed|dead))/i.test(afterRaw)) {
      part = true; // "10 of 48 people executed"
    }
    const victim = victimAfter(text, from, seg.end, p);
    const nounEnd = victim?.nounEnd ?? q.end;
    const rest = text.slice(nounEnd, Math.max(nounEnd, Math.min(next, nounEnd + 90)));
    const clause = rest.split(/[;:]|,\s+(?:while|but)\s|\s(?:while|but|whereas)\s/)[0] ?? rest;
    const own = /^(?:\s*\S+){0,8}/.exec(clause)?.[0] ?? "";
    const k = p.killedAfter.exec(own);
    const inj = p.injuredAfter.exec(own);
    const hit = k && (!inj || k.index <= inj.index) ? k : inj;
    const kind: CasualtyFigure["kind"] | null = hit ? (hit === k ? "killed" : "injured") : null;
    // The word ends the figure's words and the next figure follows at once: "… 900 Executed 18 People".
    const lastWord = hit !== null && next < seg.end && rest.slice(hit.index + hit[0].length).trim() === "";
    return { victim, nounEnd, part, rest, kind, lastWord };
  });
  const drafts: Draft[] = [];
  let prevTookVerb = false;
  for (const [i, q] of quantities.entries()) {
    if (q.value >= 1_000_000) continue;
    const r = readings[i] as (typeof readings)[number];
    const before = text.slice(Math.max(seg.start, q.start - 60), q.start);
    let role: CasualtyFigure["role"] = r.part ? "part" : "total";
    const { victim, nounEnd, rest } = r;
    // A death word between two figures belongs to the first when the second has its own ("8 persons killed 58
    // others injured"), to the second when it has none ("kidnapped 900 Executed 18 People").
    const nextHasOwn = readings[i + 1]?.kind != null;
    const afterKind = r.lastWord && !nextHasOwn ? null : r.kind;
    const prev = drafts[drafts.length - 1];
    const verbIsPrevious =
      prev !== undefined && prevTookVerb && p.predicateOnly.test(text.slice(prev.nounEnd, q.start));
    let kind: CasualtyFigure["kind"] | null = null;
    let byVerb = false;
    if (p.updates.test(before) && /toll|death|dead|killed|lives/i.test(before + rest.slice(0, 40))) {
      kind = "killed";
      role = "update";
    } else if (!verbIsPrevious && (p.killedBefore.test(before) || p.tollBefore.test(before))) {
      kind = "killed";
      byVerb = true;
    } else if (!verbIsPrevious && p.injuredBefore.test(before)) {
      kind = "injured";
      byVerb = true;
    }
    prevTookVerb = false;
    if (!kind && afterKind) {
      kind = afterKind;
      prevTookVerb = true;
    }
    // "killed 50 militants and eight civilians": a figure joined to a verb-led one shares its verb.
    if (!kind && prev?.byVerb && prev.kind) {
      const between = text.slice(prev.nounEnd, q.start);
      if (/^\s*(?:,|and|,\s*and|as well as|plus)\s*$/i.test(between)) {
        kind = prev.kind;
        byVerb = true;
      }
    }
    if (role === "total" && p.parts.test(before)) role = "part";
    drafts.push({ q, victim, nounEnd, role, kind, byVerb });
  }
  // "72 people including nine children were killed", "six civilians including a child were among 22 killed": a
  // figure takes the kind of the next one when only a breakdown, "and" or "were among" stands between them.
  for (let i = drafts.length - 2; i >= 0; i--) {
    const d = drafts[i] as Draft;
    const n = drafts[i + 1] as Draft;
    const between = text.slice(d.nounEnd, n.q.start);
    if (!d.kind && n.kind && between.trim() !== "" && JOINED.test(between)) d.kind = n.kind;
  }
  // "including 84 children and 35 women": the figure joined to a part is a part too, and a part with no verb of its
  // own counts the same dead or wounded as the total it breaks down.
  for (let i = 1; i < drafts.length; i++) {
    const d = drafts[i] as Draft;
    const prev = drafts[i - 1] as Draft;
    if (
      d.role === "total" &&
      prev.role === "part" &&
      /^\s*(?:,|and|,\s*and)\s*$/i.test(text.slice(prev.nounEnd, d.q.start))
    )
      d.role = "part";
    if (d.role === "part" && !d.kind)
      d.kind = [...drafts.slice(0, i)].reverse().find((x) => x.kind)?.kind ?? null;
  }
  const figures: CasualtyFigure[] = [];
  for (const d of drafts) {
    if (!d.kind) continue;
    const before = text.slice(Math.max(seg.start, d.q.start - 60), d.q.start);
    if (d.role === "total" && p.supersets.test(before)) {
      // "four schoolchildren were among eight people killed": what came before is part of this total.
      for (const f of figures) if (f.kind === d.kind && f.role === "total") f.role = "part";
    }
    figures.push({
      kind: d.kind,
      victims: d.victim?.cls ?? "people",
      side: null,
      count: d.q.value,
      qualifier: d.q.qualifier,
      vague: d.q.vague,
      role: d.role,
      start: d.q.start,
      end: d.nounEnd,
      text: text.slice(d.q.start, d.nounEnd),
    });
  }
  // One death with no number ("kills woman", "a child was killed"), when no figure covers it.
  const s = text.slice(seg.start, seg.end);
  p.one.lastIndex = 0;
  for (let m = p.one.exec(s); m; m = p.one.exec(s)) {
    const start = seg.start + m.index;
    const end = start + m[0].length;
    if (figures.some((f) => f.start < end && start < f.end + 20)) continue;
    const noun = (m[1] ?? m[2] ?? "").toLowerCase();
    const cls = classOf(noun, p);
    const before = text.slice(Math.max(seg.start, start - 30), start);
    figures.push({
      kind: "killed",
      victims: cls,
      side: null,
      count: 1,
      qualifier: null,
      vague: false,
      role: p.parts.test(before) ? "part" : "total",
      start,
      end,
      text: m[0],
    });
  }
  return figures.sort((a, b) => a.start - b.start);
}

function classOf(noun: string, p: Phrases): VictimClass {
  for (const v of p.victims) if (v.words.length === 1 && v.words[0] === noun) return v.cls;
  return "people";
}

function tollOf(segment: number, sentence: string, figures: CasualtyFigure[], p: Phrases): SentenceToll {
  const exact = figures.filter((f) => !f.vague);
  const use = (kind: CasualtyFigure["kind"]) => {
    const own = exact.filter((f) => f.kind === kind);
    return own.length > 0 ? own : figures.filter((f) => f.kind === kind);
  };
  const killedFigures = use("killed");
  const totals = killedFigures.filter((f) => f.role === "total");
  const updates = killedFigures.filter((f) => f.role === "update");
  const maxOf = (fs: readonly CasualtyFigure[]) =>
    fs.length === 0 ? null : fs.reduce((m, f) => (f.count > m.count ? f : m));
  const byClass = (cls: VictimClass, fs: readonly CasualtyFigure[] = killedFigures) =>
    maxOf(fs.filter((f) => f.victims === cls))?.count ?? null;
  const civilians = byClass("civilians");
  const children = byClass("children");
  const women = byClass("women");
  const fightersTotal = totals.filter((f) => f.victims === "fighters").reduce((n, f) => n + f.count, 0);
  const fighters = fightersTotal > 0 ? fightersTotal : byClass("fighters");
  // The toll: the largest "people" total, or the classes added up when the sentence lists them apart
  // ("50 militants and eight civilians").
  // "crucifying two people and executing 23 others": "others" adds to the figure before it.
  let peopleTotal: CasualtyFigure | null = null;
  for (const f of totals) {
    if (f.victims !== "people") continue;
    if (peopleTotal && /\bothers?$/i.test(f.text))
      peopleTotal = { ...f, count: peopleTotal.count + f.count, qualifier: peopleTotal.qualifier };
    else if (!peopleTotal || f.count > peopleTotal.count) peopleTotal = f;
  }
  const civTotal = maxOf(totals.filter((f) => f.victims === "civilians"))?.count ?? null;
  const civSum =
    civTotal ??
    (totals.some((f) => f.victims === "children" || f.victims === "women")
      ? (maxOf(totals.filter((f) => f.victims === "children"))?.count ?? 0) +
        (maxOf(totals.filter((f) => f.victims === "women"))?.count ?? 0)
      : null);
  const classSum = civSum === null && fightersTotal === 0 ? null : (civSum ?? 0) + fightersTotal;
  let killed: number | null = null;
  let qualifier: Quantity["qualifier"] = null;
  if (peopleTotal && (classSum === null || peopleTotal.count >= classSum)) {
    killed = peopleTotal.count;
    qualifier = peopleTotal.qualifier;
  } else if (classSum !== null) {
    killed = classSum;
    qualifier = totals.find((f) => f.victims !== "people")?.qualifier ?? null;
  } else if (killedFigures.length > 0 && totals.length === 0 && updates.length === 0) {
    // Only parts: "10 of 48 people" with no total read — the largest figure.
    const m = maxOf(killedFigures);
    killed = m?.count ?? null;
    qualifier = m?.qualifier ?? null;
  }
  const update = maxOf(updates);
  if (update && (killed === null || update.count > killed)) {
    killed = update.count;
    qualifier = update.qualifier;
  }
  const injured = maxOf(use("injured").filter((f) => f.role !== "part"))?.count ?? null;
  return {
    segment,
    figures,
    killed,
    killedQualifier: qualifier,
    civilians,
    children,
    women,
    fighters,
    injured,
    vague: figures.every((f) => f.vague),
    update: updates.length > 0,
    background:
      p.background.test(sentence) || killedFigures.some((f) => f.count >= 10_000 && f.role !== "part"),
    elsewhere: p.elsewhere.test(sentence),
  };
}

// A sentence that refers back to the incident already told, and gives its own toll for it.
const SAME_INCIDENT =
  /\b(?:the|that|this|saturday's|sunday's|monday's|tuesday's|wednesday's|thursday's|friday's)\s+(?:attack|strike|strikes|air ?strikes?|raid|raids|blast|bombing|explosion|massacre|shelling|assault)\b[^.]*\b(?:killed|dead|toll)\b|\b(?:put|puts|gave|gives|put the death)\s+(?:the\s+)?(?:death\s+)?toll\b|\bother sources\b|\bputting the toll\b/i;

/** The main incident's toll from the sentence tolls, or null when the article reports none. */
export function mainCasualties(
  text: string,
  segments: readonly Segment[],
  tolls: readonly SentenceToll[],
): { casualties: Casualties; segment: number } | null {
  const usable = tolls.filter((t) => !t.background && (t.killed !== null || t.injured !== null));
  if (usable.length === 0) return null;
  const body = usable.filter((t) => segments[t.segment]?.part !== "title");
  const withDeaths = (ts: readonly SentenceToll[]) => ts.filter((t) => t.killed !== null && !t.vague);
  // The lead's toll is the incident's own: the first body sentence that counts the dead, not moved elsewhere.
  // Another incident ("In another attack …") is the toll only when the article tells none of its own.
  const lead =
    withDeaths(body).find((t) => !t.elsewhere) ??
    withDeaths(usable).find((t) => !t.elsewhere) ??
    body.find((t) => !t.elsewhere) ??
    withDeaths(usable)[0] ??
    usable[0];
  if (!lead) return null;
  let chosen = lead;
  let note: string | null = null;
  // The title's exact toll wins over a lead that tells a different figure: a round-up title adds up the incidents
  // its body lists one by one ("Four killed … in Aleppo and Quneitra"). A lead that repeats the title's figure
  // elaborates it, and a title that counts only children or women is a part of the lead's toll.
  const titleToll = usable.find(
    (t) => segments[t.segment]?.part === "title" && t.killed !== null && !t.vague && !t.background,
  );
  if (titleToll && titleToll !== lead && titleToll.killed !== null && lead.killed !== null) {
    const T = titleToll.killed;
    // "More than 50 civilians" in the title, "at least 51" in the lead: the same toll, the lead's exact.
    const bound = titleToll.killedQualifier === "more-than" || titleToll.killedQualifier === "at-least";
    const shared =
      lead.killed === T ||
      lead.figures.some((f) => f.kind === "killed" && f.count === T) ||
      (bound && lead.killed > T && lead.killed <= T * 1.2);
    const partOnly = titleToll.figures.every(
      (f) => f.kind !== "killed" || f.victims === "children" || f.victims === "women",
    );
    if (!shared && !(partOnly && lead.killed > T)) {
      chosen = titleToll;
      note = `the title gives ${T} killed, the first sentence of the body ${lead.killed}: the title's figure kept`;
    }
  }
  const seg = segments[chosen.segment] as Segment;
  const toll = { ...chosen };
  // Classes the lead leaves out, taken from the title when it tells the same toll ("30 children" killed among the
  // lead's 39).
  const title = usable.find((t) => segments[t.segment]?.part === "title");
  if (title && title !== chosen && toll.killed !== null) {
    for (const k of ["children", "women", "civilians"] as const) {
      const v = title[k];
      if (toll[k] === null && v !== null && v <= toll.killed) toll[k] = v;
    }
  }
  // Classes the lead leaves out, from the next sentences when they break the same toll down ("SOHR said four
  // civilians were among the dead").
  for (const t of usable) {
    if (t.segment <= chosen.segment || t.segment > lead.segment + 3 || t.elsewhere || t.update) continue;
    if (segments[t.segment]?.part !== "body" || toll.killed === null) continue;
    for (const k of ["civilians", "children", "women"] as const) {
      const v = t[k];
      if (toll[k] === null && v !== null && v <= toll.killed) toll[k] = v;
    }
  }
  // A later revision of the toll replaces it.
  for (const t of usable) {
    if (t.segment <= chosen.segment || !t.update || t.elsewhere || t.killed === null) continue;
    if (toll.killed !== null && t.killed > toll.killed) {
      note = `the toll was revised from ${toll.killed} to ${t.killed} later in the article`;
      toll.killed = t.killed;
      toll.killedQualifier = t.killedQualifier;
    }
  }
  // Another report of the same incident a few sentences on ("the attack killed 12, activists said" after "31 were
  // killed, state media said") that gives fewer dead: ACLED's habit is to keep the lowest, and say so.
  if (!toll.update && toll.killed !== null) {
    for (const t of usable) {
      if (t.segment <= lead.segment || t.segment > lead.segment + 4 || t.elsewhere || t.update || t.vague)
        continue;
      if (segments[t.segment]?.part !== "body" || t.killed === null || t.killed >= toll.killed) continue;
      const sentence = text.slice(segments[t.segment]?.start ?? 0, segments[t.segment]?.end ?? 0);
      if (!SAME_INCIDENT.test(sentence) || t.figures.some((f) => f.role === "part")) continue;
      // "at least 4" does not contradict 7; an earlier or initial toll was superseded, not contradicted; a sentence
      // that splits the dead by place or group is a breakdown.
      if (t.killedQualifier === "at-least" || t.killedQualifier === "more-than") continue;
      if (/\b(?:earlier|initial|initially|previous|previously|first)\b/i.test(sentence)) continue;
      if (t.figures.filter((f) => f.kind === "killed" && f.role === "total").length > 1) continue;
      if (toll.children !== null && toll.children > t.killed) continue;
      note = `reports in the article differ (${toll.killed} and ${t.killed} killed): the lowest is kept`;
      toll.killed = t.killed;
      toll.killedQualifier = t.killedQualifier;
      break;
    }
  }
  const casualties: Casualties = {
    killed: toll.killed,
    civilians: toll.civilians,
    children: toll.children,
    women: toll.women,
    fighters: toll.fighters,
    injured: toll.injured,
    qualifier: toll.killedQualifier,
    sentence: text.slice(seg.start, seg.end),
    start: seg.start,
    end: seg.end,
    eventId: null,
    attribution: null,
    note,
  };
  return { casualties, segment: chosen.segment };
}
