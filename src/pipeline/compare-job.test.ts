import { describe, expect, it } from "vitest";
import type { Story, StoryArticle } from "../records.js";
import { articlesToCompare } from "./compare-job.js";

const member = (id: string, outlet: string, reprintOf: string | null = null): StoryArticle => ({
  id,
  sourceId: null,
  outlet,
  published: null,
  title: null,
  reprintOf,
  score: 1,
});

const story = (articles: StoryArticle[]): Story => ({
  id: "s1",
  threadId: "s1",
  title: null,
  articles,
  outlets: [],
  sources: 0,
  location: null,
  dates: { event: null, first: null, last: null },
  eventType: null,
  killed: null,
});

describe("articlesToCompare", () => {
  it("reads a small story whole, each article once however many input ids it had", () => {
    const s = story([member("a1", "X"), member("a2", "Y", "a1"), { ...member("a1", "X"), sourceId: "dup" }]);
    expect(articlesToCompare(s, 40).map((a) => a.id)).toEqual(["a1", "a2"]);
  });

  it("caps a big story: every outlet's first own report, then other own reports, then reprints, in join order", () => {
    const articles = [
      member("w", "Wire"),
      ...Array.from({ length: 30 }, (_, i) => member(`r${i}`, `Site${i}`, "w")), // reprints of the wire copy
      member("x1", "X"),
      member("x2", "X"),
      member("y1", "Y"),
    ];
    const picked = articlesToCompare(story(articles), 5).map((a) => a.id);
    expect(picked).toEqual(["w", "r0", "x1", "x2", "y1"]);
    const three = articlesToCompare(story(articles), 3).map((a) => a.id);
    expect(three).toEqual(["w", "x1", "y1"]);
  });
});
