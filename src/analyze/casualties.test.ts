import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article } from "../records.js";
import { createAnalyzer } from "./index.js";

const analyze = createAnalyzer(loadKnowledge());

function article(title: string | null, ...body: string[]): Article {
  return {
    id: "a1",
    sourceId: null,
    outlet: "Test Wire",
    via: null,
    published: "2016-08-06",
    publishedPrecision: "day",
    dateline: null,
    byline: null,
    editor: null,
    credits: [],
    title,
    body,
    captions: [],
    url: null,
    language: "en",
    flags: [],
    origin: { format: "jsonl" },
  };
}

const toll = (title: string | null, ...body: string[]) => analyze(article(title, ...body)).casualties;

describe("the main incident's toll", () => {
  it("reads the lead's figure with its qualifier and its sentence", () => {
    const c = toll(null, "At least 12 people were killed on Friday when barrel bombs hit a market in Idlib.");
    expect(c).toMatchObject({ killed: 12, qualifier: "at-least", civilians: null, injured: null });
    expect(c?.sentence).toContain("barrel bombs hit a market");
  });

  it("keeps war-wide totals out: background is not the incident", () => {
    const c = toll(
      null,
      "Syria's war has killed more than 320,000 people since it began in March 2011.",
      "Air strikes on Saturday killed nine civilians in the town of Saraqib, a monitor said.",
    );
    expect(c).toMatchObject({ killed: 9, civilians: 9 });
  });

  it("breaks a toll down: 'including' children and women are parts of the total", () => {
    const c = toll(
      null,
      "Shelling killed 23 people, including seven children and two women, in Douma on Sunday.",
    );
    expect(c).toMatchObject({ killed: 23, children: 7, women: 2 });
  });

  it("reads 'were among' as the total the first figure belongs to", () => {
    const c = toll(null, "Three women were among 14 people killed in the raid on the village.");
    expect(c).toMatchObject({ killed: 14, women: 3 });
  });

  it("adds up groups listed apart and keeps the civilians' own count", () => {
    const c = toll(
      null,
      "The attack killed 15 civilians and 27 pro-government fighters, the Observatory said.",
    );
    expect(c).toMatchObject({ killed: 42, civilians: 15, fighters: 27 });
  });

  it("adds 'others' to the figure before it", () => {
    const c = toll(
      null,
      "The group crucified two people and executed 23 others in the past five days, a monitor said.",
    );
    expect(c?.killed).toBe(25);
  });

  it("does not take a wounded count for a death toll ('8 killed 58 others injured')", () => {
    const c = toll("8 persons killed 58 others injured in rocket attacks on Aleppo city");
    expect(c).toMatchObject({ killed: 8, injured: 58 });
  });

  it("gives a death word between two figures to the one it describes ('kidnapped 900 Executed 18 People')", () => {
    expect(toll("Daesh kidnapped 900 Executed 18 People in Aleppo")?.killed).toBe(18);
  });

  it("reads a death word only within a figure's own words ('Get short URL 548 A rights group said … executed 128')", () => {
    const c = toll(
      null,
      "Get short URL 548 A human rights group said that Daesh executed at least 128 civilians in the town.",
    );
    expect(c).toMatchObject({ killed: 128, qualifier: "at-least" });
  });

  it("follows a revised toll later in the article and says so", () => {
    const c = toll(
      null,
      "A car bomb killed 12 people at a checkpoint near Azaz on Monday.",
      "Rescuers kept digging through the rubble.",
      "The death toll later rose to 19, the monitor said.",
    );
    expect(c?.killed).toBe(19);
    expect(c?.note).toMatch(/revised from 12 to 19/);
  });

  it("keeps the lowest when two reports of the same incident differ, and says so", () => {
    const c = toll(
      null,
      "Air strikes killed 31 people in the town on Tuesday, activists said.",
      "State media put the death toll at 12.",
    );
    expect(c?.killed).toBe(12);
    expect(c?.note).toMatch(/differ.*lowest/);
  });

  it("does not read a lower bound as a contradiction ('at least 4' after 7)", () => {
    const c = toll(
      null,
      "Seven people were killed when a blast ripped through a bus in Damascus.",
      "State media said the blast killed at least four people.",
    );
    expect(c?.killed).toBe(7);
  });

  it("takes a round-up title's total over the first incident its body lists", () => {
    const c = toll(
      "Four killed in terrorist attacks in Aleppo and Quneitra",
      "A woman was killed by rocket shells on the Midan neighbourhood of Aleppo.",
      "Three civilians were killed in Quneitra countryside.",
    );
    expect(c?.killed).toBe(4);
    expect(c?.note).toMatch(/title/);
  });

  it("prefers the lead's total when the title counts only children", () => {
    const c = toll(
      "Seven children killed in Aleppo",
      "Air raids killed at least 10 people including seven children.",
    );
    expect(c).toMatchObject({ killed: 10, children: 7 });
  });

  it("counts one death with no number ('kills woman')", () => {
    expect(toll("Bomb kills woman, wounds 25 in Homs")).toMatchObject({ killed: 1, women: 1, injured: 25 });
  });

  it("is null when no one is reported dead or hurt", () => {
    expect(toll("Talks resume in Geneva", "Delegations met for three hours on Monday.")).toBeNull();
  });

  it("moves to another incident only when the article has nothing else", () => {
    const c = toll(
      null,
      "Rebels shelled the district on Thursday, wounding 11 people.",
      "In another attack, 30 people were killed in Hama.",
    );
    expect(c).toMatchObject({ killed: null, injured: 11 });
  });
});
