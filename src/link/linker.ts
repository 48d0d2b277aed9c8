// The streaming linker: each new article is matched against the stories whose index keys (places, governorate,
// rare title words) fall within a few days of it, joins the best one above a threshold or starts its own, and a
// merge pass folds together stories that later articles show to be one. The work per article is bounded by the
// stories in its time window, never by the size of the database. Where stories are kept is the port's business.

import type { LinkFeatures } from "./features.js";
import { addArticle, byWeight, mergeProfiles, profileOf, type StoryProfile, top } from "./profile.js";
import {
  type Idf,
  normsOf,
  type Similarity,
  shiftDay,
  similarity,
  textCosine,
  UNDATED_GAP,
  type WeightedProfile,
  weighProfile,
} from "./similarity.js";

/** An index entry: a story can be found by `key` on `day`. */
export interface StoryKey {
  key: string;
  day: string;
}

export interface StoryMember {
  articleId: string;
  /** The similarity the article joined with (1 for a story's first article and for reprints). */
  score: number;
  reprintOf: string | null;
}

/** Where the linker keeps stories: the store implements it over SQL, tests over plain maps. */
export interface StoryPort {
  /** Stories having any of `keys` on a day in [from, to] (any day when null), most keys first, at most `limit`. */
  candidates(keys: readonly string[], from: string | null, to: string | null, limit: number): StoryProfile[];
  /** A story's profile. It is the port's own object: the linker changes it only to save it straight after. */
  story(id: string): StoryProfile | null;
  /** The story an article belongs to. */
  storyOf(articleId: string): string | null;
  /** Linked articles, and how many of them contain a word: the IDF of the word vectors. */
  documents(): number;
  documentFrequency(term: string): number;
  countDocument(terms: Iterable<string>): void;
  /** Saves a story's profile and replaces its index keys. */
  saveStory(profile: StoryProfile, keys: readonly StoryKey[]): void;
  addMember(storyId: string, member: StoryMember): void;
  /** Moves `from`'s members to `into` and deletes `from` (its profile is already folded into `into`). */
  mergeStories(into: string, from: string): void;
}

export interface LinkOptions {
  /** Days either side of an article's days in which stories are looked for. */
  window: number;
  /** Similarity needed to join a story. */
  join: number;
  /** Similarity needed for the merge pass to fold two stories into one. */
  merge: number;
  /** Similarity (and window, in days) that puts a new story in an earlier story's campaign thread. */
  thread: number;
  threadWindow: number;
  /** Candidates scored per article. */
  candidates: number;
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  window: 3,
  join: 0.3,
  merge: 0.3,
  thread: 0.3,
  threadWindow: 30,
  candidates: 20,
};

export interface Assignment {
  articleId: string;
  storyId: string;
  created: boolean;
  /** The best candidate's similarity (null for a new story without candidates, or for a reprint). */
  best: (Similarity & { storyId: string }) | null;
}

export class StreamLinker {
  readonly options: LinkOptions;
  /** Stories changed since the last merge pass. */
  private touched = new Set<string>();

  constructor(
    private readonly port: StoryPort,
    options: Partial<LinkOptions> = {},
  ) {
    this.options = { ...DEFAULT_LINK_OPTIONS, ...options };
  }

  /** Links one article: joins its original's story (a reprint), the best matching story, or a new one. */
  link(f: LinkFeatures): Assignment {
    const port = this.port;
    if (f.reprintOf) {
      const storyId = port.storyOf(f.reprintOf);
      const story = storyId ? port.story(storyId) : null;
      if (story) {
        addArticle(story, f);
        this.save(story);
        port.addMember(story.id, { articleId: f.articleId, score: 1, reprintOf: f.reprintOf });
        return { articleId: f.articleId, storyId: story.id, created: false, best: null };
      }
    }
    const idf = this.idf();
    const own = profileOf(f, storyIdFor(f.articleId));
    const best = this.bestMatch(own, f.days, this.options.window, idf, (s) => this.joinable(s));
    port.countDocument(documentKeys(f));
    if (best && best.score >= this.options.join) {
      const story = port.story(best.storyId) as StoryProfile;
      addArticle(story, f);
      this.save(story);
      port.addMember(story.id, { articleId: f.articleId, score: round(best.score), reprintOf: f.reprintOf });
      return { articleId: f.articleId, storyId: story.id, created: false, best };
    }
    const thread = this.bestMatch(
      own,
      f.days,
      this.options.threadWindow,
      idf,
      // A campaign is fought in one place: the battle for Raqqa does not thread through Idlib.
      (s) => s.text >= this.options.thread && !s.placeConflict,
      undefined,
      this.options.thread,
    );
    if (thread) own.threadId = (port.story(thread.storyId) as StoryProfile).threadId;
    this.save(own);
    port.addMember(own.id, { articleId: f.articleId, score: 1, reprintOf: f.reprintOf });
    return { articleId: f.articleId, storyId: own.id, created: true, best };
  }

  /**
   * Folds together stories changed since the last pass that are now alike enough to be one: an article that
   * matched neither of two reports may be followed by one that shows they are the same incident. Where the passes
   * fall changes the result, so callers run them at fixed points of the article sequence, not "when convenient".
   */
  mergePass(stories?: readonly string[]): number {
    // The stories to check: those given (a store that keeps track of what changed since the last pass), else those
    // this linker changed since its last pass.
    const ids = [...(stories ?? this.touched)].sort();
    this.touched.clear();
    const idf = this.idf();
    let merged = 0;
    for (const id of ids) {
      const story = this.port.story(id);
      if (!story) continue;
      const days = Object.keys(story.days);
      const best = this.bestMatch(story, days, this.options.window, idf, (s) => this.joinable(s), id);
      if (!best || best.score < this.options.merge) continue;
      const other = this.port.story(best.storyId) as StoryProfile;
      // The bigger story survives (ties: the smaller id), so ids stay stable as stories grow.
      const [into, from] =
        other.articles > story.articles || (other.articles === story.articles && other.id < story.id)
          ? [other, story]
          : [story, other];
      mergeProfiles(into, from);
      this.port.mergeStories(into.id, from.id);
      this.save(into);
      this.touched.delete(from.id);
      merged++;
    }
    return merged;
  }

  /** A candidate is out when the governorates differ and the words do not make up for it. */
  private joinable(s: Similarity): boolean {
    return (
      (s.dayGap <= this.options.window || s.dayGap === UNDATED_GAP) && !(s.placeConflict && s.text < 0.5)
    );
  }

  private bestMatch(
    profile: StoryProfile,
    days: readonly string[],
    window: number,
    idf: Idf,
    accept: (s: Similarity) => boolean,
    exclude?: string,
    /** The text cosine `accept` needs at least: candidates below it are passed over before the full score (the
     * campaign search looks at a month of stories, most of them about something else). */
    minText?: number,
  ): (Similarity & { storyId: string }) | null {
    // An undated article is compared with the stories that share most of its keys, whatever their days.
    const sorted = [...days].sort();
    const from = sorted.length ? shiftDay(sorted[0] as string, -window) : null;
    const to = sorted.length ? shiftDay(sorted.at(-1) as string, window) : null;
    const keys = keysOf(profile, idf);
    let best: (Similarity & { storyId: string }) | null = null;
    let weighted: WeightedProfile | null = null;
    for (const c of this.port.candidates(keys, from, to, this.options.candidates)) {
      if (c.id === exclude || c.id === profile.id) continue;
      weighted ??= weighProfile(profile, idf);
      if (minText !== undefined && textCosine(weighted, c, idf) < minText) continue;
      const s = similarity(profile, c, idf, weighted);
      if (!accept(s)) continue;
      if (!best || s.score > best.score || (s.score === best.score && c.id < best.storyId))
        best = { ...s, storyId: c.id };
    }
    return best;
  }

  private save(p: StoryProfile): void {
    const idf = this.idf();
    p.norms = normsOf(p, idf);
    const keys = keysOf(p, idf);
    const dated = Object.entries(p.days)
      .sort(byWeight)
      .slice(0, MAX_KEY_DAYS)
      .map(([d]) => d);
    // An undated story is filed under "undated": found by undated articles (which search every day), never by
    // a dated article's window.
    const days = dated.length ? dated : [UNDATED];
    this.port.saveStory(
      p,
      keys.flatMap((key) => days.map((day) => ({ key, day }))),
    );
    this.touched.add(p.id);
  }

  private idf(): Idf {
    const n = this.port.documents();
    const port = this.port;
    const cache = new Map<string, number>();
    return (t) => {
      let v = cache.get(t);
      if (v === undefined) {
        v = Math.log((n + 1) / (port.documentFrequency(t) + 1)) + 1;
        cache.set(t, v);
      }
      return v;
    };
  }
}

const MAX_KEY_DAYS = 5;
const UNDATED = "undated";
const MAX_PLACE_KEYS = 8;
const MAX_WORD_KEYS = 4;

/** The index keys a story is found by: its places, its governorate, and its rarest heavy words. */
export function keysOf(p: StoryProfile, idf: Idf): string[] {
  const keys: string[] = [];
  const places = Object.entries(p.places).sort(byWeight).slice(0, MAX_PLACE_KEYS);
  for (const [id] of places) keys.push(`p:${id}`);
  const adm = top(p.admin1);
  if (adm) keys.push(`g:${adm}`);
  const words = Object.entries(p.terms)
    .map(([t, w]) => [t, w * idf(t)] as const)
    .sort(byWeight)
    .slice(0, MAX_WORD_KEYS);
  for (const [t] of words) keys.push(`t:${t}`);
  return keys;
}

/** What an article adds to the document frequencies: its words, and its places and actors as "p:…" / "a:…". */
export function documentKeys(f: LinkFeatures): string[] {
  return [
    ...f.terms.keys(),
    ...[...f.places.keys()].map((k) => `p:${k}`),
    ...[...f.actors.keys()].map((k) => `a:${k}`),
  ];
}

/** A story is named after the article that started it: "a9068c…" starts "s9068c…". */
export function storyIdFor(articleId: string): string {
  return `s${articleId.replace(/^a/, "")}`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
