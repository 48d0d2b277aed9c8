// Events: for each sentence that reports something happening, who did what to whom, where, when, how, with what
// toll, and who says so. The event type comes from trigger phrases in the taxonomy (knowledge/events.json): the
// longest phrase at a position wins, then the type with the highest priority. Actor and target come from the
// sentence's entity mentions by their place around the trigger ("X launched an offensive against Y", "strikes by
// X"), attribution from reporting verbs and "according to".

import type { EventLexicon, EventTypeEntry, KnowledgeBase } from "../knowledge/index.js";
import type {
  Attribution,
  CasualtyFigure,
  Entity,
  Event,
  EventDate,
  Location,
  Participant,
  TimeExpression,
} from "../records.js";
import type { Segment, SentenceToll } from "./casualties.js";
import type { LinkedMention } from "./entities.js";
import { toLocation } from "./location.js";
import type { Tokens } from "./nlp.js";
import { PhraseIndex, type PhraseMatch } from "./phrases.js";

/** The taxonomy's phrase lists, indexed once per knowledge base. */
export interface EventMatchers {
  types: Map<string, EventTypeEntry>;
  triggers: PhraseIndex<EventTypeEntry>;
  modes: PhraseIndex<{ label: string; type: string }>;
  /** The first mode listed for each type: the type's own mode when the sentence names none. */
  defaultMode: Map<string, string>;
  hedges: PhraseIndex<string>;
  negations: PhraseIndex<string>;
  denials: PhraseIndex<string>;
  verbs: PhraseIndex<string>;
  anonymous: PhraseIndex<string>;
  deathType: EventTypeEntry | undefined;
  /** The state a demonym stands for when it qualifies a trigger ("Russian air strikes" → Russia). */
  demonymActor: Map<string, Participant>;
}

const matcherCache = new WeakMap<KnowledgeBase, EventMatchers>();

export function eventMatchers(kb: KnowledgeBase): EventMatchers {
  let m = matcherCache.get(kb);
  if (m) return m;
  const taxonomy = kb.events;
  const demonymActor = new Map<string, Participant>();
  for (const [demonym, iso] of kb.demonymCountry) {
    const actors = [...kb.actors.values()].filter((a) => a.country === iso);
    const state = actors.find((a) => a.type === "state") ?? actors.find((a) => a.type === "government");
    if (state) demonymActor.set(demonym, { entityId: `actor:${state.id}`, name: state.name, text: "" });
  }
  const types = new Map(taxonomy.types.map((t) => [t.id, t]));
  const list = (words: readonly string[]) => words.map((w) => ({ phrase: w, value: w }));
  const lex: EventLexicon = taxonomy.lexicon;
  const defaultMode = new Map<string, string>();
  for (const mode of taxonomy.modes) if (!defaultMode.has(mode.type)) defaultMode.set(mode.type, mode.label);
  m = {
    types,
    triggers: new PhraseIndex(
      taxonomy.types.flatMap((t) => t.triggers.map((phrase) => ({ phrase, value: t }))),
    ),
    modes: new PhraseIndex(
      taxonomy.modes.flatMap((mode) => mode.words.map((phrase) => ({ phrase, value: mode }))),
    ),
    defaultMode,
    hedges: new PhraseIndex(list(lex.hedges)),
    negations: new PhraseIndex(list(lex.negations)),
    denials: new PhraseIndex(list(lex.denials)),
    verbs: new PhraseIndex(list(lex.attributionVerbs)),
    anonymous: new PhraseIndex(list(lex.anonymousSources)),
    deathType: types.get("death-report"),
    demonymActor,
  };
  matcherCache.set(kb, m);
  return m;
}

export interface EventInput {
  articleId: string;
  text: string;
  tokens: Tokens;
  segments: readonly Segment[];
  mentions: readonly LinkedMention[];
  entities: ReadonlyMap<string, Entity>;
  times: readonly TimeExpression[];
  tolls: readonly SentenceToll[];
  /** The article's main place and its publication day: what an event without its own falls back to. */
  location: Location | null;
  published: string | null;
  /** The segment of the main incident's toll, when there is one. */
  mainSegment: number | null;
  /** War-wide or past background ("since the conflict began"): no event of its own. */
  isBackground: (sentence: string) => boolean;
}

// Words before a mention that make it the target, not the actor ("against IS", "targeting the SDF").
const TARGET_CUES = new Set([
  "against",
  "on",
  "targeting",
  "targeted",
  "target",
  "at",
  "of",
  "from",
  "hit",
  "struck",
  "pounded",
  "attacked",
  "besieged",
  "versus",
  "with",
]);
// Entity types that can act or be acted on (places cannot).
const ACTOR_TYPES = new Set(["organization", "person"]);

/** The events of an article, in text order, ids numbered from 0. */
export function findEvents(input: EventInput, m: EventMatchers): Event[] {
  const { tokens, segments, text } = input;
  const events: Event[] = [];
  const tollBySegment = new Map(input.tolls.map((t) => [t.segment, t]));
  let mi = 0;
  let ti = 0;
  let lastDate: EventDate | null = null;
  for (const [si, seg] of segments.entries()) {
    const [first, last] = tokenRange(tokens, seg.start, seg.end);
    if (first > last) continue;
    while (mi < input.mentions.length && (input.mentions[mi]?.start ?? 0) < seg.start) mi++;
    const mentions: LinkedMention[] = [];
    for (let k = mi; k < input.mentions.length && (input.mentions[k]?.start ?? 0) < seg.end; k++)
      mentions.push(input.mentions[k] as LinkedMention);
    while (ti < input.times.length && (input.times[ti]?.end ?? 0) <= seg.start) ti++;
    const times: TimeExpression[] = [];
    for (let k = ti; k < input.times.length && (input.times[k]?.start ?? 0) < seg.end; k++)
      times.push(input.times[k] as TimeExpression);

    // The title repeated atop the body is not a second report; background sentences report no event.
    if (seg.echo) continue;
    const sentence = text.slice(seg.start, seg.end);
    const toll = tollBySegment.get(si);
    // A sentence's toll already knows whether it is background; only sentences without one need the test.
    if (toll ? toll.background : input.isBackground(sentence)) continue;
    const hasToll = toll !== undefined && (toll.killed !== null || toll.injured !== null);
    const tollAt = toll?.figures.find((f) => f.kind === "killed")?.start;
    // A death or injury mentioned without a count ("hospitals overflowing with wounded") is no report of its own;
    // a trigger word used as a name ("Ban Ki-moon") is no trigger.
    const triggers = m.triggers
      .findAll(tokens, first, last)
      .filter(
        (x) =>
          !(REPORT_TYPES.has(x.value.id) && !hasToll) &&
          !(seg.part === "body" && x.first === x.last && x.first > first && inName(tokens, x.first)),
      );
    const chosen = chooseTypes(triggers, hasToll, tollAt, tokens);
    // Protesters killed: ACLED's excessive force against protesters, not a peaceful protest.
    const repressed = m.types.get("protest-repressed");
    if (chosen[0]?.value.id === "protest" && toll?.killed && repressed)
      chosen[0] = { ...chosen[0], value: repressed };
    if (chosen.length === 0 && hasToll && toll && m.deathType) {
      const f = toll.figures[0] as CasualtyFigure;
      const [ff, fl] = tokenRange(tokens, f.start, f.end);
      chosen.push({ value: m.deathType, first: ff, last: Math.max(ff, fl) });
    }
    if (chosen.length === 0) continue;
    const primary = chosen[0] as PhraseMatch<EventTypeEntry>;
    // Victims named in a toll ("8 White Helmets rescuers", "50 opposition fighters") are not the doers.
    const victimSpans = toll?.figures.map((f) => [f.start, f.end] as const) ?? [];
    const inToll = (x: LinkedMention) => victimSpans.some(([a, b]) => x.start >= a && x.end <= b);

    const sourced = findAttribution(input, m, mentions, first, last);
    const attribution = sourced?.attribution ?? null;
    const hedges = [...new Set(m.hedges.findAll(tokens, first, last).map((h) => h.value))];
    const denied = m.denials.findAll(tokens, first, last).length > 0;
    const negations = m.negations.findAll(tokens, first, last);
    const modes = m.modes.findAll(tokens, first, last);
    const place = placeOf(tokens, mentions, input.entities, primary.first);
    const sentenceDate = (at: number): EventDate | null =>
      dateOf(times, at) ?? (seg.part === "body" ? lastDate : null) ?? publishedDate(input.published);
    const ownDate = dateOf(times, tokens.start[primary.first] ?? seg.start);
    if (ownDate) lastDate = ownDate;

    for (const trig of [...chosen].sort((a, b) => a.first - b.first)) {
      const type = trig.value;
      // The source is not the doer when it speaks before the trigger ("SOHR said jets struck") or after it ("…,
      // said SOHR"); when its verb follows the trigger, it may be both ("Turkish forces shelled …, claiming …").
      const speaker =
        sourced && (sourced.verb < trig.first || sourced.attribution.start > (tokens.end[trig.last] ?? 0))
          ? sourced.attribution
          : null;
      const found = participants(tokens, mentions, input.entities, trig, speaker, inToll);
      let actor = found.actor;
      // "Russian air strikes", "Turkish shelling": a demonym before the trigger names the state.
      if (!actor) {
        for (let i = trig.first - 1; i >= Math.max(first, trig.first - 3); i--) {
          const state = m.demonymActor.get(tokens.lower[i] ?? "");
          if (state) {
            actor = { ...state, text: tokens.value[i] ?? "" };
            break;
          }
        }
      }
      // "DAESH said that it killed 50 fighters": the pronoun is the source.
      if (!actor && attribution?.entityId && /^(?:it|they)$/.test(tokens.lower[trig.first - 1] ?? ""))
        actor = {
          entityId: attribution.entityId,
          name: attribution.source,
          text: tokens.value[trig.first - 1] ?? "",
        };
      const target = found.target ?? victimTarget(mentions, input.entities, inToll);
      const mode =
        modes.find((x) => x.value.type === type.id)?.value.label ??
        modes[0]?.value.label ??
        m.defaultMode.get(type.id) ??
        null;
      const casualties = trig === primary && toll ? withSides(toll.figures, mentions, input.entities) : [];
      const civilianTarget = casualties.some((f) => f.victims !== "people" && f.victims !== "fighters");
      const triggerStart = tokens.start[trig.first] ?? seg.start;
      const triggerEnd = tokens.end[trig.last] ?? seg.end;
      const modal = irrealis(tokens, trig.first, first);
      // "Those shells can destroy a house", "gunfire could still be heard": a possibility, not a report.
      if (modal && POSSIBILITY.has(modal)) continue;
      const stateActor = actor ? isState(input.entities.get(actor.entityId ?? "")) : false;
      const acled = stateActor && type.acledStateActor ? type.acledStateActor : type.acled;
      events.push({
        id: `${input.articleId}:e${events.length}`,
        articleId: input.articleId,
        sentence: si,
        start: seg.start,
        end: seg.end,
        text: text.slice(seg.start, seg.end),
        type: type.id,
        acled: acled ? { eventType: acled.eventType, subEventType: acled.subEventType } : null,
        plover: type.plover ? { eventType: type.plover.eventType, mode: type.plover.mode ?? null } : null,
        trigger: { text: text.slice(triggerStart, triggerEnd), start: triggerStart, end: triggerEnd },
        mode,
        actor,
        target: target ?? (civilianTarget ? { entityId: null, name: "civilians", text: "" } : null),
        location: place ?? input.location,
        date: sentenceDate(triggerStart),
        casualties,
        killed: trig === primary ? (toll?.killed ?? null) : null,
        injured: trig === primary ? (toll?.injured ?? null) : null,
        attribution,
        hedges: modal && !hedges.includes(modal) ? [...hedges, modal] : hedges,
        negated:
          negations.some((n) => n.last < trig.first && trig.first - n.last <= 4) ||
          noOneKilled(negations, tokens),
        denied,
        main: false,
      });
    }
  }
  markMain(events, input.mainSegment);
  return events;
}

const REPORT_TYPES = new Set(["death-report", "injury-report"]);

function isCapitalised(tokens: Tokens, i: number): boolean {
  const v = tokens.value[i] ?? "";
  return v[0] !== undefined && v[0] !== v[0].toLowerCase();
}

/** A capitalised word inside a run of proper nouns ("Ban Ki-moon", "Operation Euphrates Shield"). */
function inName(tokens: Tokens, i: number): boolean {
  const name = (k: number) => tokens.pos[k] === "PROPN" && isCapitalised(tokens, k);
  return name(i) && (name(i + 1) || name(i - 1));
}

// Catch-all types: they name a sentence's event when nothing more specific does, never a second one.
const GENERIC = new Set(["attack", "explosion", "death-report", "injury-report"]);
// With a toll in the sentence, the event that killed comes first ("an air raid … killing civilians close to an area
// where Turkish forces are advancing").
const LETHAL = new Set(["Explosions/Remote violence", "Violence against civilians"]);

/**
 * The sentence's event types, main one first: the highest priority (lethal types first when the sentence counts
 * dead), plus one more of another ACLED kind ("advanced … and seized").
 */
function chooseTypes(
  matches: PhraseMatch<EventTypeEntry>[],
  hasToll: boolean,
  tollAt: number | undefined,
  tokens: Tokens,
): PhraseMatch<EventTypeEntry>[] {
  if (matches.length === 0) return [];
  // Each type's occurrence nearest the dead ("rebels fired rockets … killing three"), else its first.
  const distance = (x: PhraseMatch<EventTypeEntry>) =>
    tollAt === undefined ? x.first : Math.abs((tokens.start[x.first] ?? 0) - tollAt);
  const best = new Map<string, PhraseMatch<EventTypeEntry>>();
  for (const x of matches) {
    const cur = best.get(x.value.id);
    if (!cur || distance(x) < distance(cur)) best.set(x.value.id, x);
  }
  const lethal = (x: PhraseMatch<EventTypeEntry>) =>
    hasToll && (LETHAL.has(x.value.acled?.eventType ?? "") || x.value.id === "clash") ? 1 : 0;
  const ranked = [...best.values()].sort(
    (a, b) => lethal(b) - lethal(a) || b.value.priority - a.value.priority || a.first - b.first,
  );
  const top = ranked[0] as PhraseMatch<EventTypeEntry>;
  const kind = (x: PhraseMatch<EventTypeEntry>) => x.value.acled?.eventType ?? x.value.plover.eventType;
  const second = ranked.find(
    (x) => x !== top && !GENERIC.has(x.value.id) && x.value.priority >= 50 && kind(x) !== kind(top),
  );
  return second ? [top, second] : [top];
}

/** The first and last token inside a character range. */
export function tokenRange(tokens: Tokens, start: number, end: number): [number, number] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens.start[mid] ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  let last = lo - 1;
  while (last + 1 < tokens.length && (tokens.end[last + 1] ?? 0) <= end) last++;
  return [lo, last];
}

function participant(mention: LinkedMention, entities: ReadonlyMap<string, Entity>): Participant {
  const e = entities.get(mention.entityId);
  return { entityId: mention.entityId, name: e?.name ?? mention.text, text: mention.text };
}

// Media, wire agencies and monitors report events; they are sources, not doers.
const SOURCE_KINDS = new Set(["media", "wire-agency", "monitor"]);

function isActor(mention: LinkedMention, entities: ReadonlyMap<string, Entity>): boolean {
  const e = entities.get(mention.entityId);
  return e !== undefined && ACTOR_TYPES.has(e.type) && !SOURCE_KINDS.has(e.kind);
}

// Words just before a trigger that make it an intention or a possibility, not a report ("would launch attacks").
const POSSIBILITY = new Set(["can", "could", "may", "might", "should", "must"]);
const IRREALIS = new Set([
  "can",
  "should",
  "must",
  "would",
  "will",
  "could",
  "may",
  "might",
  "plans",
  "plan",
  "planning",
  "aims",
  "aim",
  "intends",
  "threatened",
  "threatens",
  "vowed",
  "vows",
  "expected",
]);

function irrealis(tokens: Tokens, first: number, from: number): string | null {
  for (let i = first - 1; i >= Math.max(from, first - 3); i--) {
    const w = tokens.lower[i] ?? "";
    if (IRREALIS.has(w)) return w;
  }
  return null;
}

function isState(e: Entity | undefined): boolean {
  return e !== undefined && ["army", "government", "state", "police", "security-service"].includes(e.kind);
}

// Words between a trigger and "by" that keep "by X" the trigger's own agent ("strikes carried out by X").
const BY_GAP = new Set(
  "was were been being is are has have had carried out conducted launched reportedly allegedly apparently believed thought likely probably suspected to be committed perpetrated led attack attacks strike strikes raid raids bombing shelling".split(
    " ",
  ),
);
// "backed by X", "supported by X": X backs the doer, it is not the doer.
const BACKING = new Set([
  "backed",
  "supported",
  "aided",
  "assisted",
  "helped",
  "covered",
  "joined",
  "accompanied",
]);

/** Actor and target around a trigger: "by X" after it, else the closest actor before; the target after it. */
function participants(
  tokens: Tokens,
  mentions: readonly LinkedMention[],
  entities: ReadonlyMap<string, Entity>,
  trig: PhraseMatch<unknown>,
  attribution: Attribution | null,
  inToll: (x: LinkedMention) => boolean,
): { actor: Participant | null; target: Participant | null } {
  const candidates = mentions.filter(
    (x) =>
      isActor(x, entities) &&
      !inToll(x) &&
      !(attribution && x.start >= attribution.start && x.end <= attribution.end),
  );
  let actor: LinkedMention | undefined;
  for (const x of candidates) {
    if (x.first <= trig.last) continue;
    const byAt =
      tokens.lower[x.first - 1] === "by"
        ? x.first - 1
        : tokens.lower[x.first - 2] === "by"
          ? x.first - 2
          : -1;
    if (byAt < 0) continue;
    let ok = byAt - trig.last <= 8;
    for (let i = trig.last + 1; ok && i < byAt; i++) ok = BY_GAP.has(tokens.lower[i] ?? "");
    // "fought by the US-backed SDF": the doer is the one the backer backs.
    if (ok)
      actor = isBacker(tokens, x) ? candidates.find((y) => y.first > x.last && y.first <= x.last + 4) : x;
    break;
  }
  // "Russian jets struck", "coalition warplanes": the trigger names the doer.
  if (!actor) actor = candidates.find((x) => x.first <= trig.first && x.last >= trig.first);
  if (!actor) {
    for (let k = candidates.length - 1; k >= 0; k--) {
      const x = candidates[k] as LinkedMention;
      if (x.last >= trig.first) continue;
      if (TARGET_CUES.has(cueBefore(tokens, x.first))) continue;
      if (tokens.lower[x.first - 1] === "by" && BACKING.has(tokens.lower[x.first - 2] ?? "")) continue;
      if (isBacker(tokens, x) || isHelper(tokens, x)) continue;
      actor = x;
      break;
    }
  }
  // The target follows the trigger (or sits inside it: "breaking the IS siege"); one introduced by "against",
  // "on", "targeting" is preferred to the first one named.
  const after = candidates.filter(
    (x) =>
      x !== actor &&
      x.first > trig.first &&
      x.first <= trig.last + 12 &&
      x.entityId !== actor?.entityId &&
      !isBacker(tokens, x),
  );
  const target = after.find((x) => TARGET_CUES.has(cueBefore(tokens, x.first))) ?? after[0];
  return {
    actor: actor ? participant(actor, entities) : null,
    target: target ? participant(target, entities) : null,
  };
}

// "with the help of X", "with the support of X and Y": X helps the doer, it is not the doer.
const HELP = new Set(["help", "support", "backing", "assistance", "aid", "cover"]);

/** The mention sits in a "with the help of …" phrase (within a few words, no comma between). */
function isHelper(tokens: Tokens, x: LinkedMention): boolean {
  for (let i = x.first - 1; i >= Math.max(0, x.first - 8); i--) {
    const w = tokens.lower[i] ?? "";
    if (w === "," || w === ";" || w === ".") return false;
    if (w === "of" && HELP.has(tokens.lower[i - 1] ?? "") && tokens.lower[i - 3] === "with") return true;
  }
  return false;
}

/** "U.S.-backed SDF", "Russian-led": the backer is not the doer. */
function isBacker(tokens: Tokens, x: LinkedMention): boolean {
  const next = tokens.lower[x.last + 1] === "-" ? tokens.lower[x.last + 2] : tokens.lower[x.last + 1];
  return /^-?(?:backed|led|allied|supported|sponsored)$/.test(next ?? "");
}

/** The victims as target when a toll names them by group ("50 opposition fighters"). */
function victimTarget(
  mentions: readonly LinkedMention[],
  entities: ReadonlyMap<string, Entity>,
  inToll: (x: LinkedMention) => boolean,
): Participant | null {
  const x = mentions.find((y) => inToll(y) && isActor(y, entities));
  return x ? participant(x, entities) : null;
}

function cueBefore(tokens: Tokens, i: number): string {
  const prev = tokens.lower[i - 1] ?? "";
  return prev === "the" || prev === "an" || prev === "a" ? (tokens.lower[i - 2] ?? "") : prev;
}

/** An attribution and the token of its reporting verb ("said", "according to"). */
interface Sourced {
  attribution: Attribution;
  verb: number;
}

/** Who says so in one segment (for claims in sentences that report no event). */
export function attributionIn(input: EventInput, m: EventMatchers, segment: number): Attribution | null {
  const seg = input.segments[segment];
  if (!seg) return null;
  const [first, last] = tokenRange(input.tokens, seg.start, seg.end);
  const mentions = input.mentions.filter((x) => x.start >= seg.start && x.end <= seg.end);
  return first > last ? null : (findAttribution(input, m, mentions, first, last)?.attribution ?? null);
}

/**
 * Who says so: "according to X", "X said", "X told Reuters", or an unnamed source ("activists said", "a monitor
 * said", "a statement from …").
 */
function findAttribution(
  input: EventInput,
  m: EventMatchers,
  mentions: readonly LinkedMention[],
  first: number,
  last: number,
): Sourced | null {
  const { tokens, text } = input;
  const verbs = m.verbs.findAll(tokens, first, last);
  const anonymous = m.anonymous.findAll(tokens, first, last);
  const fromMention = (x: LinkedMention): Attribution => {
    const e = input.entities.get(x.entityId);
    return {
      source: e?.name ?? x.text,
      entityId: x.entityId,
      kind: "named",
      text: x.text,
      start: x.start,
      end: x.end,
    };
  };
  const fromPhrase = (p: PhraseMatch<string>): Attribution => {
    const start = tokens.start[p.first] ?? 0;
    const end = tokens.end[p.last] ?? 0;
    return { source: p.value, entityId: null, kind: "descriptor", text: text.slice(start, end), start, end };
  };
  for (const v of verbs) {
    if (v.value === "according to") {
      const named = mentions.find(
        (x) => x.first > v.last && x.first <= v.last + 3 && isSource(x, input.entities),
      );
      if (named) return { attribution: fromMention(named), verb: v.first };
      const anon = anonymous.find((a) => a.first > v.last && a.first <= v.last + 2);
      if (anon) return { attribution: fromPhrase(anon), verb: v.first };
      continue;
    }
    // "X said", "X, a monitor, said": the closest source within five tokens before the verb.
    const named = [...mentions]
      .reverse()
      .find((x) => x.last < v.first && v.first - x.last <= 5 && isSource(x, input.entities));
    const anon = [...anonymous].reverse().find((a) => a.last < v.first && v.first - a.last <= 3);
    if (anon && (!named || anon.last > named.last)) return { attribution: fromPhrase(anon), verb: v.first };
    if (named) return { attribution: fromMention(named), verb: v.first };
    // "said the statement from the Deir al-Zor Military Council", "…, said the Observatory.": the source after the
    // verb, when it closes the clause ("noting that both groups are fighting IS" names no source).
    if (!CLOSING_VERBS.has(v.value)) continue;
    const closes = (x: LinkedMention) => CLAUSE_END.test(tokens.value[x.last + 1] ?? ".");
    const after = mentions.find(
      (x) => x.first > v.last && x.first <= v.last + 3 && isSource(x, input.entities) && closes(x),
    );
    const anonAfter = anonymous.find((a) => a.first > v.last && a.first <= v.last + 2);
    if (anonAfter && (!after || anonAfter.first < after.first)) {
      const from = mentions.find((x) => x.first > anonAfter.last && x.first <= anonAfter.last + 3);
      const attribution = from
        ? { ...fromMention(from), text: text.slice(tokens.start[anonAfter.first] ?? 0, from.end) }
        : fromPhrase(anonAfter);
      return { attribution, verb: v.first };
    }
    if (after && v.first > first) return { attribution: fromMention(after), verb: v.first };
  }
  return null;
}

// Verbs that can come before their source ("said the Observatory"), and what may follow a source that ends a clause.
const CLOSING_VERBS = new Set([
  "said",
  "says",
  "reported",
  "reports",
  "added",
  "stated",
  "announced",
  "confirmed",
]);
const CLAUSE_END =
  /^(?:[.,;:"”')]|on|in|which|who|late|earlier|today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

function isSource(x: LinkedMention, entities: ReadonlyMap<string, Entity>): boolean {
  const e = entities.get(x.entityId);
  return e !== undefined && (e.type === "organization" || e.type === "person");
}

/**
 * Where the event happened: the most specific place the sentence names (a town before its governorate, Syria last),
 * preferring one introduced after the trigger ("fired shells on al-Fouaa") to one the fire came from ("terrorists
 * located in Binnish", "rockets from Idlib").
 */
function placeOf(
  tokens: Tokens,
  mentions: readonly LinkedMention[],
  entities: ReadonlyMap<string, Entity>,
  trigger: number,
): Location | null {
  let best: Entity | undefined;
  let bestScore = -1;
  for (const x of mentions) {
    const e = entities.get(x.entityId);
    if (e?.type !== "place" || !e.geo) continue;
    let score = e.kind === "country" ? 1 : e.kind === "governorate" ? 2 : e.kind === "river" ? 1.5 : 3;
    const cue = cueBefore(tokens, x.first);
    if (cue === "from" || (cue === "in" && tokens.lower[x.first - 2] === "located")) score -= 1.5;
    else if (x.first > trigger && x.first - trigger <= 12 && PLACE_CUES.has(cue)) score += 0.5;
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best ? toLocation(best, 0) : null;
}

const PLACE_CUES = new Set([
  "on",
  "in",
  "at",
  "near",
  "into",
  "of",
  "targeting",
  "targeted",
  "hit",
  "struck",
]);

/** The sentence's date nearest the trigger ("… on Tuesday" over a "Last updated" header in the same run). */
function dateOf(times: readonly TimeExpression[], at: number): EventDate | null {
  let best: TimeExpression | undefined;
  for (const t of times) {
    if (t.kind !== "date" || !t.value || !t.precision) continue;
    if (!best || Math.abs(t.start - at) < Math.abs(best.start - at)) best = t;
  }
  return best?.value && best.precision
    ? { value: best.value.slice(0, 10), precision: best.precision, text: best.text }
    : null;
}

function publishedDate(published: string | null): EventDate | null {
  return published ? { value: published.slice(0, 10), precision: "day", text: "" } : null;
}

/** "No one was killed", "there were no casualties": the sentence says nothing happened to anyone. */
function noOneKilled(negations: readonly PhraseMatch<string>[], tokens: Tokens): boolean {
  return negations.some((n) => {
    if (/^no (?:casualties|injuries|deaths|fatalities)/.test(n.value)) return true;
    if (!/^(?:no one|nobody)/.test(n.value)) return false;
    for (let i = n.last + 1; i <= n.last + 3; i++)
      if (/^(?:killed|injured|wounded|hurt|dead|died|harmed)$/.test(tokens.lower[i] ?? "")) return true;
    return false;
  });
}

/** Whose fighters: the actor named inside a figure's words ("27 pro-government fighters", "50 IS militants"). */
function withSides(
  figures: readonly CasualtyFigure[],
  mentions: readonly LinkedMention[],
  entities: ReadonlyMap<string, Entity>,
): CasualtyFigure[] {
  return figures.map((f) => {
    if (f.victims !== "fighters") return f;
    const x = mentions.find((y) => y.start >= f.start && y.end <= f.end && isActor(y, entities));
    if (x) return { ...f, side: participant(x, entities) };
    if (/pro-government|pro-regime|regime|government|army/i.test(f.text))
      return { ...f, side: { entityId: null, name: "pro-government forces", text: f.text } };
    return f;
  });
}

/** The main incident: the event that carries the main toll, else the first event of the body. */
function markMain(events: Event[], mainSegment: number | null): void {
  const main =
    (mainSegment !== null
      ? (events.find((e) => e.sentence === mainSegment && e.casualties.length > 0) ??
        events.find((e) => e.sentence === mainSegment))
      : undefined) ??
    events.find((e) => e.type !== "death-report" && (e.acled?.eventType ?? "") !== "") ??
    events[0];
  if (main) main.main = true;
}
