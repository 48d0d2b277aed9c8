// The cross-check of a stored story: its articles and analyses read from the store, handed to the compare stage.

import { compareStory } from "../compare/index.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import type { Comparison, Story, StoryCheck } from "../records.js";
import type { Store } from "../store/sqlite.js";
import {
  getStory,
  markSingleSourceChecked,
  saveStoryCheck,
  saveStoryChecks,
  storyAnalyses,
  uncheckedStories,
} from "../store/stories.js";

/**
 * The articles of a big story the cross-check reads: at most `max`, chosen so that every outlet speaks: each outlet's
 * first own report, then the other own reports, then wire reprints (which repeat their original's claims), each
 * pass in the order they joined; kept in that order. Measured on the 100,000-article bench: stories of 800 mostly
 * reprinted reports took 0.8 s to compare, nearly all of it reading their analyses.
 */
export function articlesToCompare(story: Story, max = MAX_COMPARED): Story["articles"] {
  const seen = new Set<string>();
  const members = story.articles.filter((a) => !seen.has(a.id) && seen.add(a.id));
  if (members.length <= max) return members;
  const inStory = new Set(members.map((a) => a.id));
  const reprint = (a: Story["articles"][number]) => a.reprintOf !== null && inStory.has(a.reprintOf);
  const picked = new Set<string>();
  const outlets = new Set<string>();
  const passes: ((a: Story["articles"][number]) => boolean)[] = [
    (a) => !reprint(a) && !outlets.has(a.outlet ?? a.id),
    (a) => !reprint(a),
    () => true,
  ];
  for (const take of passes)
    for (const a of members) {
      if (picked.size >= max) break;
      if (picked.has(a.id) || !take(a)) continue;
      picked.add(a.id);
      outlets.add(a.outlet ?? a.id);
    }
  return members.filter((a) => picked.has(a.id));
}

export const MAX_COMPARED = 40;

/** The cross-check of a stored story: its articles' analyses, each counted for its independent source. */
export async function compareStored(store: Store, story: Story, kb: KnowledgeBase): Promise<Comparison> {
  const read = articlesToCompare(story);
  const analysed = await storyAnalyses(store, { ...story, articles: read });
  const sourceOf = new Map(analysed.map((a) => [a.article.id, a.article.outlet ?? a.article.id]));
  const comparison = compareStory(
    {
      storyId: story.id,
      days: { first: story.dates.first, last: story.dates.last },
      articles: analysed.map((a) => ({
        article: a.article,
        reprintOf: a.reprintOf,
        source: (a.reprintOf && sourceOf.get(a.reprintOf)) || (a.article.outlet ?? a.article.id),
      })),
    },
    kb,
  );
  const all = new Set(story.articles.map((a) => a.id)).size;
  return { ...comparison, omitted: all - read.length };
}

/** A comparison at a glance: claim groups per verdict, or null when there is only one source to compare. */
export function checkOf(c: Comparison): StoryCheck | null {
  if (c.sources.length < 2) return null;
  const n: StoryCheck = { agreed: 0, compatible: 0, conflicting: 0, single: 0 };
  for (const g of c.groups) n[g.verdict]++;
  return n;
}

/**
 * Computes and saves the verdict counts of every story whose articles changed since they were last counted (the
 * linker clears them when it saves a story), so that lists show agreement at a glance without comparing on a read.
 * A story of one source has nothing to compare: marked counted at once. Returns how many stories were compared.
 */
export async function checkStories(store: Store, kb: KnowledgeBase, checker?: StoryChecker): Promise<number> {
  await markSingleSourceChecked(store);
  const ids = await uncheckedStories(store);
  if (checker) {
    // Compared elsewhere (the analysis threads, idle by the end of an ingest), saved here as the answers come.
    let compared = 0;
    await checker(ids, async (checks) => {
      await saveStoryChecks(store, checks);
      compared += checks.length;
    });
    return compared;
  }
  let compared = 0;
  for (const id of ids) {
    const check = await checkStored(store, id, kb);
    if (check === undefined) continue;
    await saveStoryCheck(store, id, check);
    compared++;
  }
  return compared;
}

/** A stored story's verdict counts (null: one source), or undefined when the story is gone. */
export async function checkStored(
  store: Store,
  id: string,
  kb: KnowledgeBase,
): Promise<StoryCheck | null | undefined> {
  const story = await getStory(store, id);
  if (!story) return undefined;
  return checkOf(await compareStored(store, story, kb));
}

/**
 * Computes the verdict counts of the stories `ids` somewhere else (other threads), handing each batch of answers to
 * `save` as it comes; a story found gone is left out.
 */
export type StoryChecker = (
  ids: readonly string[],
  save: (checks: [string, StoryCheck | null][]) => Promise<void>,
) => Promise<void>;
