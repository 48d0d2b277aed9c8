// Where the article's main event happened. Place mentions are weighed by where they stand (the title and the
// first sentences weigh most), how they are introduced ("in", "near", "on the outskirts of"), whether their
// sentence reports an event or gives background, and how specific they are; weights are summed per governorate
// (per country outside Syria), and the best-supported governorate's most telling place is the answer. The dateline
// is weak evidence: outlets file from Beirut and Damascus about the whole country.

import type { Entity, Location, Quantity } from "../records.js";
import type { LinkedMention } from "./entities.js";
import type { Tokens } from "./nlp.js";
import { partAt, type TextPart } from "./text.js";

// Words that introduce where something happens ("in", "near", "on the outskirts of"); "from" is left out: it names
// where people or fire came from ("evacuated from Fuaa"), not where the event took place.
const INTRO = new Set([
  "in",
  "near",
  "at",
  "outside",
  "inside",
  "around",
  "of",
  "on",
  "into",
  "across",
  "toward",
  "towards",
]);
const EVENT_WORDS =
  /\b(kill|killed|killing|kills|dead|died|dies|death|deaths|wounded|wounding|injured|injuring|attack|attacks|attacked|strike|strikes|struck|airstrike|airstrikes|air raid|raids?|shell|shells|shelled|shelling|bomb|bombs|bombed|bombing|bombardment|blast|explosion|exploded|clash|clashes|fighting|fought|battle|offensive|advance|advanced|advancing|captured|seized|recaptured|took control|retook|siege|besieged|massacre|executed|execution|gas|chemical|rocket|rockets|mortar|missile|missiles|fire|fired|evacuat\w*|ambush|suicide|car bomb|barrel bombs?|protest\w*|demonstrat\w*|arrested|kidnapped|abducted|destroyed|hit)\b/i;
const BACKGROUND_WORDS =
  /\b(since (?:the )?(?:start|beginning|outbreak)|since 20\d\d|since march 2011|began in|uprising|the (?:civil )?war|the conflict|the crisis|last year|in 20(?:0\d|1[0-6])\b|has killed more than|have been killed since|over the past|years? ago)\b/i;

const TITLE_LEAD = 1.5;
const KIND_WEIGHT: Record<string, number> = {
  country: 0.15,
  governorate: 1,
  region: 0.9,
  river: 0.3,
  desert: 0.4,
  mountain: 0.8,
};

const PRECISION: Record<string, Location["precision"]> = {
  country: "country",
  governorate: "governorate",
  region: "governorate",
  city: "city",
  town: "city",
};

/** Ranks the place mentions and returns the main location first, then secondary ones (other governorates). */
export function rankLocations(
  tokens: Tokens,
  mentions: readonly LinkedMention[],
  entities: ReadonlyMap<string, Entity>,
  parts: readonly TextPart[],
  dateline: string | null,
  numbers: readonly Quantity[] = [],
): Location[] {
  const deaths = deathsBySentence(tokens, numbers);
  interface Scored {
    entity: Entity;
    weight: number;
    best: number;
  }
  const byEntity = new Map<string, Scored>();
  const aboutSyria = mentions.some((m) => {
    const geo = entities.get(m.entityId)?.geo;
    return geo?.country === "SY";
  });
  const sentenceWeight = new Map<number, number>();
  let firstBodySentence = -1;
  const sentenceGroups = new Map<number, Set<string>>();
  const titleGroups = new Set<string>();
  let titleLead = false;
  for (const m of mentions) {
    const e = entities.get(m.entityId);
    if (e?.type !== "place" || !e.geo) continue;
    const part = partAt(parts, m.start);
    const s = tokens.sentence[m.first] ?? 0;
    if (part?.kind === "body" && firstBodySentence < 0) firstBodySentence = s;
    // Position first: news puts the incident in the title and the lead; later sentences add context.
    let w: number;
    if (part?.kind === "title") {
      // The first governorate-level place of the title is the headline's own subject.
      w = e.geo.admin1Code && !titleLead ? 3 * TITLE_LEAD : 3;
      if (e.geo.admin1Code) titleLead = true;
    } else if (part?.kind === "caption") w = 0.4;
    else {
      const rank = firstBodySentence < 0 ? 0 : s - firstBodySentence;
      w = 0.3 + 2.5 / (1 + 0.6 * rank);
    }
    let sw = sentenceWeight.get(s);
    if (sw === undefined) {
      const sent = tokens.sentences[s];
      const text = sent ? tokens.text.slice(sent.start, sent.end) : "";
      sw = (EVENT_WORDS.test(text) ? 1.4 : 1) * (BACKGROUND_WORDS.test(text) ? 0.45 : 1);
      sentenceWeight.set(s, sw);
    }
    w *= sw;
    const prev = m.first > 0 ? (tokens.lower[m.first - 1] as string) : "";
    const prev2 = m.first > 1 ? (tokens.lower[m.first - 2] as string) : "";
    if (INTRO.has(prev) || (prev === "the" && INTRO.has(prev2))) w *= 1.5;
    w *= KIND_WEIGHT[e.kind] ?? 1.2;
    // A Syrian place that pins no governorate ("northern Syria", the Euphrates, the Badia) says little more than
    // "Syria"; a place abroad in a report about Syria is more often where fire came from or talks were held.
    if (e.kind !== "country") {
      if (e.geo.country === "SY" && !e.geo.admin1Code) w *= 0.2;
      else if (e.geo.country !== "SY" && aboutSyria) w *= 0.4;
    }
    const group = e.geo.admin1Code ?? `country:${e.geo.country ?? "?"}`;
    if (part?.kind === "title" && e.geo.admin1Code) titleGroups.add(group);
    if (part?.kind !== "title" && e.geo.admin1Code) {
      const set = sentenceGroups.get(s) ?? new Set<string>();
      set.add(group);
      sentenceGroups.set(s, set);
    }
    w *= m.confidence;
    const cur = byEntity.get(e.id);
    if (cur) {
      cur.weight += w;
      cur.best = Math.max(cur.best, w);
    } else byEntity.set(e.id, { entity: e, weight: w, best: w });
  }
  // Repetition helps, but a place named often in the background must not outweigh the lead's place.
  for (const s of byEntity.values()) s.weight = s.best + 0.2 * (s.weight - s.best);
  if (dateline) {
    for (const s of byEntity.values()) {
      if (s.entity.surfaceForms.some((f) => f.toLowerCase() === dateline.toLowerCase())) s.weight += 0.3;
    }
  }
  // Sum per governorate (Syria) or per country (elsewhere).
  const groups = new Map<string, { score: number; members: Scored[] }>();
  for (const s of byEntity.values()) {
    const geo = s.entity.geo;
    if (!geo) continue;
    const key = geo.admin1Code ?? `country:${geo.country ?? "?"}`;
    const g = groups.get(key) ?? { score: 0, members: [] };
    g.members.push(s);
    groups.set(key, g);
  }
  // A governorate's support: its best place, plus a share of the other places in it.
  for (const g of groups.values()) {
    const weights = g.members.map((m) => m.weight).sort((a, b) => b - a);
    g.score = (weights[0] ?? 0) + 0.25 * weights.slice(1).reduce((a, b) => a + b, 0);
  }
  // The main incident is the deadliest: when the title names several governorates (a round-up: "attacks in
  // Damascus, Aleppo and Idleb"), the one whose sentences report the most deaths gains.
  // Deaths count for a governorate when their sentence names that governorate alone (a sentence listing several,
  // like a lead repeating the title, says nothing about which one).
  const groupDeaths = new Map<string, number>();
  for (const [sentence, set] of sentenceGroups) {
    const d = deaths.get(sentence) ?? 0;
    const only = set.size === 1 ? [...set][0] : undefined;
    if (d > 0 && only) groupDeaths.set(only, (groupDeaths.get(only) ?? 0) + d);
  }
  if (titleGroups.size >= 2)
    for (const key of titleGroups) {
      const g = groups.get(key);
      if (g) g.score *= 1 + 0.5 * Math.log2(1 + (groupDeaths.get(key) ?? 0));
    }
  // Countries weigh little (KIND_WEIGHT): "Syria" answers only when no governorate is named.
  const ranked = [...groups.entries()].sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]));
  const out: Location[] = [];
  const top = ranked[0]?.[1].score ?? 0;
  for (const [, g] of ranked) {
    if (out.length > 0 && g.score < top * 0.35) break;
    // The group's most telling place: specific places beat the governorate's own name when well supported.
    const members = g.members.sort(
      (a, b) =>
        specificity(b.entity) * b.weight - specificity(a.entity) * a.weight ||
        a.entity.id.localeCompare(b.entity.id),
    );
    const m = members[0] as Scored;
    out.push(toLocation(m.entity, Math.round(g.score * 100) / 100));
    if (out.length >= 6) break;
  }
  return out;
}

function specificity(e: Entity): number {
  if (e.kind === "governorate") return 1;
  if (e.kind === "country") return 0.5;
  return 1.3;
}

export function toLocation(e: Entity, score: number): Location {
  const geo = e.geo;
  const geonames = e.kbId?.startsWith("geonames:") ? Number(e.kbId.slice(9)) : null;
  return {
    name: e.name,
    entityId: e.id,
    kbId: e.kbId,
    geonameId: geonames,
    admin1: geo?.admin1 ?? null,
    admin1Code: geo?.admin1Code ?? null,
    country: geo?.country ?? null,
    lat: geo?.lat ?? null,
    lon: geo?.lon ?? null,
    precision: PRECISION[e.kind] ?? "point",
    score,
  };
}

const DEATH_AFTER =
  /^\W*(?:\w+\W+){0,3}?(?:people |persons |civilians |citizens |children |women |others |fighters |soldiers |militants |members |troops |terrorists )?(?:were |have been |had been |was )?(?:killed|dead|died|deaths|martyred|slain|executed|lost their lives)\b/i;
const DEATH_BEFORE =
  /(?:killing|killed|kills|kill|claiming the lives of|death toll (?:rose |rises |climbed )?(?:to|of)|toll (?:rose |rises )?to|massacre of|executed|executing)\s+(?:at least |more than |nearly |some |about |over |up to )?$/i;

const ONE_DEATH =
  /\b(?:(?:killing|killed|kills|claimed the life of|claiming the life of) (?:a|an|one) (?:\w+ )?(?:woman|man|child|boy|girl|civilian|person|citizen|soldier|fighter)|(?:a|an|one) (?:\w+ )?(?:woman|man|child|boy|girl|civilian|person|citizen|soldier) (?:was |has been )?(?:killed|dead|died|martyred))\b/i;

/** Deaths reported per sentence: numbers next to a death word ("killing 3 citizens", "5 killed"). */
function deathsBySentence(tokens: Tokens, numbers: readonly Quantity[]): Map<number, number> {
  const out = new Map<number, number>();
  // "killing a woman", "a child was killed": one death, with no number to read.
  tokens.sentences.forEach((sent, i) => {
    if (ONE_DEATH.test(tokens.text.slice(sent.start, sent.end))) out.set(i, 1);
  });
  let si = 0;
  for (const q of numbers) {
    if (q.unit !== null || q.value < 1 || q.value >= 10_000) continue;
    while (si < tokens.sentences.length && (tokens.sentences[si]?.end ?? 0) <= q.start) si++;
    const sent = tokens.sentences[si];
    if (!sent) break;
    const before = tokens.text.slice(Math.max(sent.start, q.start - 40), q.start);
    const after = tokens.text.slice(q.end, Math.min(sent.end, q.end + 50));
    if (DEATH_BEFORE.test(before) || DEATH_AFTER.test(after))
      out.set(si, Math.max(out.get(si) ?? 0, q.value));
  }
  return out;
}
