// The cross-check as the server hands it out: comparisons cached per story (a story's articles change only when
// the linker adds one, so the cache is keyed by them), verdict counts saved with the story for the lists, and the
// outlet-wide figures (corroboration, whom each cites, framing words) summed over the latest multi-source stories.

import type { KnowledgeBase } from "../knowledge/index.js";
import { checkOf, compareStored } from "../pipeline/compare-job.js";
import type { Comparison, Story, StoryCheck } from "../records.js";
import { outletCounts } from "../store/articles.js";
import type { Store } from "../store/sqlite.js";
import { getStory, type ListedStory, multiSourceStoryIds, saveStoryCheck } from "../store/stories.js";
import type { OutletList } from "./api-types.js";

const CACHED = 2000;
/** Outlet-wide figures are summed over this many of the latest multi-source stories. */
const OUTLET_STORIES = 300;

export class Checks {
  private readonly cache = new Map<string, { members: string; comparison: Comparison }>();

  constructor(
    private readonly store: Store,
    private readonly kb: KnowledgeBase,
  ) {}

  async comparison(story: Story): Promise<Comparison> {
    const members = story.articles.map((a) => a.id).join(",");
    const hit = this.cache.get(story.id);
    if (hit && hit.members === members) {
      // Most recently used last: the oldest entry goes first when the cache is full.
      this.cache.delete(story.id);
      this.cache.set(story.id, hit);
      return hit.comparison;
    }
    const comparison = await compareStored(this.store, story, this.kb);
    if (this.cache.size >= CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(story.id, { members, comparison });
    return comparison;
  }

  /** The story's verdict counts: saved with it once computed (the linker clears them when the story changes). */
  async check(row: ListedStory): Promise<StoryCheck | null> {
    if (row.checked) return row.check;
    const check = row.story.sources < 2 ? null : checkOf(await this.comparison(row.story));
    await saveStoryCheck(this.store, row.story.id, check);
    return check;
  }

  /** Per-outlet corroboration, citations and framing words over the latest multi-source stories (recomputed on
   * each call: GET /api/outlets keeps the answer in the server's answer cache until the data changes). */
  async outletFigures(): Promise<OutletList> {
    const byOutlet = new Map<string, OutletList["items"][number]>();
    const entry = (outlet: string) => {
      let e = byOutlet.get(outlet);
      if (!e) {
        e = {
          outlet,
          articles: 0,
          stories: 0,
          corroboration: { claims: 0, corroborated: 0, contradicted: 0, alone: 0 },
          cites: [],
          words: [],
        };
        byOutlet.set(outlet, e);
      }
      return e;
    };
    const cites = new Map<string, Map<string, number>>();
    const words = new Map<
      string,
      Map<string, { about: string; text: string; register: string | null; count: number }>
    >();
    const ids = await multiSourceStoryIds(this.store, OUTLET_STORIES);
    for (const id of ids) {
      const story = await getStory(this.store, id);
      if (!story) continue;
      const c = await this.comparison(story);
      for (const o of c.corroboration.outlets) {
        const e = entry(o.outlet);
        e.stories++;
        e.corroboration.claims += o.claims;
        e.corroboration.corroborated += o.corroborated;
        e.corroboration.contradicted += o.contradicted;
        e.corroboration.alone += o.alone;
      }
      for (const a of c.attribution) {
        const outlet = a.outlet ?? "(unknown)";
        const m = cites.get(outlet) ?? new Map<string, number>();
        for (const cite of a.cites) m.set(cite.source, (m.get(cite.source) ?? 0) + cite.claims.length);
        cites.set(outlet, m);
      }
      for (const n of c.naming) {
        for (const b of n.byOutlet) {
          const m = words.get(b.outlet) ?? new Map();
          for (const w of b.words) {
            if (!w.term) continue; // only words of the framing lexicon: what an outlet chooses to call things
            const k = `${n.about}|${w.text.toLowerCase()}`;
            const got = m.get(k) ?? { about: n.name, text: w.text, register: w.register, count: 0 };
            got.count += w.count;
            m.set(k, got);
          }
          words.set(b.outlet, m);
        }
      }
    }
    // Every outlet is listed with all its stored articles, compared or not.
    for (const o of await outletCounts(this.store)) entry(o.outlet ?? "(unknown)").articles = o.articles;
    for (const [outlet, e] of byOutlet) {
      e.cites = [...(cites.get(outlet) ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 12)
        .map(([source, claims]) => ({ source, claims }));
      e.words = [...(words.get(outlet)?.values() ?? [])]
        .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
        .slice(0, 20);
    }
    return {
      storiesCompared: ids.length,
      items: [...byOutlet.values()].sort(
        (a, b) => b.stories - a.stories || b.articles - a.articles || a.outlet.localeCompare(b.outlet),
      ),
    };
  }
}
