// What the comparison reads: a story's analysed articles with their independent-source keys, and the few parts of
// the knowledge base it needs (a full KnowledgeBase fits; tests pass small ones).

import type { ActorEntry, EventTypeEntry, FramingLexicon } from "../knowledge/index.js";
import type { AnalyzedArticle } from "../records.js";

export interface CompareInput {
  storyId: string;
  /** `source`: the outlet, or for a reprint its original's source, so a reprint never counts twice. */
  articles: { article: AnalyzedArticle; source: string; reprintOf: string | null }[];
  /** The days the story's reports are about: claims dated well outside them are background (the 2013 attack an
   * article on a 2017 one recalls) and are not compared. Without it, every claim is compared. */
  days?: { first: string | null; last: string | null };
}

export type StoryItem = CompareInput["articles"][number];

export interface CompareKnowledge {
  actors: ReadonlyMap<string, Pick<ActorEntry, "id" | "name" | "side" | "relations">>;
  framing: FramingLexicon;
  events: { types: readonly Pick<EventTypeEntry, "id" | "label">[] };
}

/** The actors.json id of an entity id ("actor:sdf" → "sdf"), or null for anything not an actor. */
export function actorKey(entityId: string | null): string | null {
  return entityId?.startsWith("actor:") ? entityId.slice(6) : null;
}

/** Claim ids sort by article, then by their number ("a1:c2" before "a1:c10"). */
export function byClaimId(a: string, b: string): number {
  const [pa, na] = splitId(a);
  const [pb, nb] = splitId(b);
  return pa < pb ? -1 : pa > pb ? 1 : na - nb;
}

function splitId(id: string): [string, number] {
  const m = /^(.*):[a-z](\d+)$/.exec(id);
  return m ? [m[1] as string, Number(m[2])] : [id, 0];
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
