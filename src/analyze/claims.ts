// Claims: the factual statements the cross-check compares across outlets. Each event is a claim (who did what to
// whom, where, when); each casualty figure is one ("at least 22 people killed"); each other number is one, with
// what it counts ("65 percent of Raqqa", "3,000 families displaced"). A claim keeps its qualifier, its sentence,
// whom the outlet cites for it, and whether it is hedged or denied.

import type { Attribution, Claim, Event, Location, Participant, Quantity } from "../records.js";
import type { Segment } from "./casualties.js";
import type { EventInput } from "./events.js";
import { toLocation } from "./location.js";

/** The article as the events read it, plus its numbers and events. */
export interface ClaimInput
  extends Pick<EventInput, "articleId" | "text" | "tokens" | "segments" | "mentions" | "entities"> {
  numbers: readonly Quantity[];
  events: readonly Event[];
  /** Who says so in a segment, for numbers in sentences that report no event. */
  attributionOf: (segment: number) => Attribution | null;
}

const UNSTATED: Participant = { entityId: null, name: "unstated", text: "" };

// Verbs that make a share of a place a share taken or held ("has taken 65 percent of Raqqa").
const CAPTURED =
  /\b(?:captur\w*|taken|took|tak\w*|seiz\w*|liberat\w*|recaptur\w*|retak\w*|retook|overr\w*|gain\w*)\b/i;
const CONTROLS = /\b(?:control\w*|hold\w*|held|occup\w*)\b/i;

export function findClaims(input: ClaimInput): Claim[] {
  const claims: Claim[] = [];
  const add = (c: Omit<Claim, "id" | "articleId">) =>
    claims.push({ id: `${input.articleId}:c${claims.length}`, articleId: input.articleId, ...c });
  const counted = new Set<number>();
  for (const e of input.events) {
    add({
      eventId: e.id,
      subject: e.actor ?? UNSTATED,
      predicate: e.type,
      object: e.target,
      value: null,
      unit: null,
      qualifier: null,
      place: e.location,
      date: e.date,
      attribution: e.attribution,
      hedged: e.hedges.length > 0,
      negated: e.negated || e.denied,
      start: e.start,
      end: e.end,
      text: e.text,
    });
    for (const f of e.casualties) {
      counted.add(f.start);
      add({
        eventId: e.id,
        subject: e.actor ?? UNSTATED,
        predicate: f.kind,
        object: {
          entityId: f.side?.entityId ?? null,
          name: f.side ? `${f.side.name} ${f.victims}` : f.victims,
          text: f.text,
        },
        value: f.count,
        unit: f.victims,
        qualifier: f.qualifier,
        place: e.location,
        date: e.date,
        attribution: e.attribution,
        hedged: e.hedges.length > 0 || f.vague,
        negated: e.negated || e.denied,
        start: e.start,
        end: e.end,
        text: e.text,
      });
    }
  }
  // Other numbers: shares of territory, people displaced, vehicles destroyed …
  const eventBySegment = new Map<number, Event>();
  for (const e of input.events) if (!eventBySegment.has(e.sentence)) eventBySegment.set(e.sentence, e);
  let si = 0;
  for (const q of input.numbers) {
    if (counted.has(q.start)) continue;
    while (si < input.segments.length && (input.segments[si]?.end ?? 0) <= q.start) si++;
    const seg = input.segments[si];
    if (!seg || q.start < seg.start) continue;
    const e = eventBySegment.get(si);
    const claim = numberClaim(input, seg, q, e);
    if (!claim) continue;
    add({ ...claim, attribution: e?.attribution ?? input.attributionOf(si) });
  }
  return claims;
}

function numberClaim(
  input: ClaimInput,
  seg: Segment,
  q: Quantity,
  e: Event | undefined,
): Omit<Claim, "id" | "articleId" | "attribution"> | null {
  const { text, mentions, entities } = input;
  const inSeg = mentions.filter((x) => x.start >= seg.start && x.end <= seg.end);
  const actorBefore = [...inSeg]
    .reverse()
    .find(
      (x) => x.end <= q.start && ["organization", "person"].includes(entities.get(x.entityId)?.type ?? ""),
    );
  const placeAfter = inSeg.find(
    (x) => x.start >= q.end && x.start - q.end <= 40 && entities.get(x.entityId)?.type === "place",
  );
  const placeBefore = [...inSeg]
    .reverse()
    .find((x) => x.end <= q.start && entities.get(x.entityId)?.type === "place");
  const placeMention = placeAfter ?? placeBefore;
  const placeEntity = placeMention ? entities.get(placeMention.entityId) : undefined;
  const place: Location | null = placeEntity?.geo ? toLocation(placeEntity, 0) : (e?.location ?? null);
  const between = actorBefore ? text.slice(actorBefore.end, q.start) : text.slice(seg.start, q.start);
  let predicate: string;
  let unit: string | null;
  let object: Participant | null = null;
  if (q.unit === "percent" || q.unit === "fraction") {
    predicate = CAPTURED.test(between) ? "captured" : CONTROLS.test(between) ? "controls" : "share";
    unit = q.unit;
    if (placeMention && placeEntity)
      object = { entityId: placeMention.entityId, name: placeEntity.name, text: placeMention.text };
  } else {
    // What the number counts: the noun after it ("3,000 families", "18 of the 31 lorries").
    const m = /^\s+(?:of\s+the\s+\S+\s+)?(?:[A-Za-z-]+\s+){0,2}?([a-z][a-z-]+s)\b/.exec(
      text.slice(q.end, seg.end),
    );
    if (!m) return null;
    unit = (m[1] as string).toLowerCase();
    predicate = e ? e.type : "count";
  }
  const subject: Participant = actorBefore
    ? {
        entityId: actorBefore.entityId,
        name: entities.get(actorBefore.entityId)?.name ?? actorBefore.text,
        text: actorBefore.text,
      }
    : (e?.actor ?? UNSTATED);
  return {
    eventId: e?.id ?? null,
    subject,
    predicate,
    object,
    value: q.value,
    unit,
    qualifier: q.qualifier,
    place,
    date: e?.date ?? null,
    hedged: (e?.hedges.length ?? 0) > 0 || q.vague,
    negated: e ? e.negated || e.denied : false,
    start: seg.start,
    end: seg.end,
    text: text.slice(seg.start, seg.end),
  };
}
