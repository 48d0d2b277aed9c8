// The cross-check of a stored story: its articles and analyses read from the store, handed to the compare stage.

import { compareStory } from "../compare/index.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import type { Comparison, Story, StoryCheck } from "../records.js";
import type { Store } from "../store/sqlite.js";
import { storyAnalyses } from "../store/stories.js";

/** The cross-check of a stored story: its articles' analyses, each counted for its independent source. */
export async function compareStored(store: Store, story: Story, kb: KnowledgeBase): Promise<Comparison> {
  const analysed = await storyAnalyses(store, story);
  const sourceOf = new Map(analysed.map((a) => [a.article.id, a.article.outlet ?? a.article.id]));
  return compareStory(
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
}

/** A comparison at a glance: claim groups per verdict, or null when there is only one source to compare. */
export function checkOf(c: Comparison): StoryCheck | null {
  if (c.sources.length < 2) return null;
  const n: StoryCheck = { agreed: 0, compatible: 0, conflicting: 0, single: 0 };
  for (const g of c.groups) n[g.verdict]++;
  return n;
}
