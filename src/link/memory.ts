// A StoryPort over plain maps: the linker without a database, for `parallax analyze`-style pipelines and tests.

import type { StoryKey, StoryMember, StoryPort } from "./linker.js";
import { byWeight, type StoryProfile } from "./profile.js";

export class MemoryStoryPort implements StoryPort {
  readonly stories = new Map<string, StoryProfile>();
  readonly members = new Map<string, StoryMember[]>();
  private readonly byArticle = new Map<string, string>();
  private readonly keys = new Map<string, StoryKey[]>();
  private readonly index = new Map<string, Set<string>>();
  private readonly df = new Map<string, number>();
  private docs = 0;

  candidates(keys: readonly string[], from: string | null, to: string | null, limit: number): StoryProfile[] {
    const hits = new Map<string, number>();
    for (const key of keys)
      for (const entry of this.index.get(key) ?? []) {
        const [day, id] = entry.split(" ") as [string, string];
        if ((from === null || day >= from) && (to === null || day <= to))
          hits.set(id, (hits.get(id) ?? 0) + 1);
      }
    return [...hits]
      .sort(byWeight)
      .slice(0, limit)
      .map(([id]) => this.stories.get(id) as StoryProfile);
  }

  story(id: string): StoryProfile | null {
    return this.stories.get(id) ?? null;
  }

  storyOf(articleId: string): string | null {
    return this.byArticle.get(articleId) ?? null;
  }

  documents(): number {
    return this.docs;
  }

  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  countDocument(terms: Iterable<string>): void {
    this.docs++;
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  saveStory(profile: StoryProfile, keys: readonly StoryKey[]): void {
    this.dropKeys(profile.id);
    this.stories.set(profile.id, profile);
    this.keys.set(profile.id, [...keys]);
    for (const k of keys) {
      const set = this.index.get(k.key) ?? new Set<string>();
      this.index.set(k.key, set);
      set.add(`${k.day} ${profile.id}`);
    }
  }

  addMember(storyId: string, member: StoryMember): void {
    const list = this.members.get(storyId) ?? [];
    list.push(member);
    this.members.set(storyId, list);
    this.byArticle.set(member.articleId, storyId);
  }

  mergeStories(into: string, from: string): void {
    const moved = this.members.get(from) ?? [];
    for (const m of moved) this.byArticle.set(m.articleId, into);
    this.members.set(into, [...(this.members.get(into) ?? []), ...moved]);
    this.members.delete(from);
    this.dropKeys(from);
    this.stories.delete(from);
  }

  private dropKeys(id: string): void {
    for (const k of this.keys.get(id) ?? []) this.index.get(k.key)?.delete(`${k.day} ${id}`);
    this.keys.delete(id);
  }
}
