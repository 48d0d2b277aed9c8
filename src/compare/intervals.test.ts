import { describe, expect, it } from "vitest";
import type { EventDate } from "../records.js";
import {
  compareDates,
  compareFigures,
  type Figure,
  formatFigure,
  intervalOf,
  overlaps,
} from "./intervals.js";

const fig = (value: number, qualifier: Figure["qualifier"] = null, unit: string | null = null): Figure => ({
  value,
  qualifier,
  unit,
});
const day = (value: string): EventDate => ({ value, precision: "day", text: value });

describe("figures as ranges", () => {
  it("65 percent lies within more than 60 percent: compatible", () => {
    expect(compareFigures(fig(65, null, "percent"), fig(60, "more-than", "percent"))).toEqual({
      relation: "compatible",
      note: "65 percent lies within more than 60 percent",
    });
  });

  it("at least 20 and 22: compatible", () => {
    const r = compareFigures(fig(20, "at-least", "people"), fig(22, null, "people"));
    expect(r.relation).toBe("compatible");
    expect(r.note).toBe("22 people lies within at least 20 people");
  });

  it("exact tolls that differ conflict, however close", () => {
    expect(compareFigures(fig(12, null, "civilians"), fig(31, null, "civilians"))).toEqual({
      relation: "conflicting",
      note: "12 vs 31 civilians",
    });
    expect(compareFigures(fig(30), fig(31)).relation).toBe("conflicting");
  });

  it("the same figure agrees", () => {
    expect(compareFigures(fig(20), fig(20))).toEqual({ relation: "agreed", note: null });
    expect(compareFigures(fig(20, "at-least"), fig(20, "at-least")).relation).toBe("agreed");
  });

  it("reads each qualifier as its range", () => {
    expect(compareFigures(fig(60, "more-than"), fig(60)).relation).toBe("conflicting");
    expect(compareFigures(fig(20, "at-least"), fig(20)).relation).toBe("compatible");
    expect(compareFigures(fig(10, "up-to"), fig(10)).relation).toBe("compatible");
    expect(compareFigures(fig(10, "fewer-than"), fig(10)).relation).toBe("conflicting");
    expect(compareFigures(fig(100, "about"), fig(108)).relation).toBe("compatible");
    expect(compareFigures(fig(100, "about"), fig(115)).relation).toBe("conflicting");
    expect(compareFigures(fig(100, "nearly"), fig(95)).relation).toBe("compatible");
    expect(compareFigures(fig(100, "nearly"), fig(101)).relation).toBe("conflicting");
    expect(compareFigures(fig(20, "at-least"), fig(15, "up-to")).relation).toBe("conflicting");
    expect(compareFigures(fig(20, "at-least"), fig(25, "up-to")).note).toBe(
      "at least 20 and up to 25 overlap",
    );
  });

  it("open ends exclude their bound", () => {
    expect(overlaps(intervalOf(10, "more-than"), intervalOf(10, "up-to"))).toBe(false);
    expect(overlaps(intervalOf(10, "at-least"), intervalOf(10, "up-to"))).toBe(true);
  });

  it("spells a figure with its qualifier", () => {
    expect(formatFigure(fig(60, "more-than", "percent"))).toBe("more than 60 percent");
    expect(formatFigure(fig(66.66, null, "percent"))).toBe("66.7 percent");
  });
});

describe("dates", () => {
  it("a week contains a day of that week", () => {
    const week: EventDate = { value: "2017-09-04", precision: "week", text: "this week" };
    expect(compareDates(week, day("2017-09-09")).agree).toBe(true);
    expect(compareDates(day("2017-09-05"), week).agree).toBe(true);
    expect(compareDates(week, day("2017-09-13")).agree).toBe(false);
  });

  it("days within one day agree; further apart they do not", () => {
    expect(compareDates(day("2017-09-09"), day("2017-09-10")).agree).toBe(true);
    expect(compareDates(day("2017-09-09"), day("2017-09-11"))).toEqual({
      agree: false,
      note: "2017-09-09 vs 2017-09-11",
    });
  });

  it("a month contains its days; an unknown date fits any", () => {
    const month: EventDate = { value: "2017-09-01", precision: "month", text: "September" };
    expect(compareDates(month, day("2017-09-30")).agree).toBe(true);
    expect(compareDates(month, day("2017-10-02")).agree).toBe(false);
    expect(compareDates(null, day("2017-09-09")).agree).toBe(true);
  });

  it("reads a month or a year written short ('2013-08', '2013') as the span it names", () => {
    const month: EventDate = { value: "2013-08", precision: "month", text: "August 2013" };
    const year: EventDate = { value: "2013", precision: "year", text: "2013" };
    expect(compareDates(month, day("2013-08-21")).agree).toBe(true);
    expect(compareDates(month, day("2017-04-04")).agree).toBe(false);
    expect(compareDates(year, day("2013-12-31")).agree).toBe(true);
    expect(compareDates(year, day("2014-01-02")).agree).toBe(false);
  });
});
