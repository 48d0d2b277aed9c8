import { describe, expect, it } from "vitest";
import { findTimes, resolveTimePhrase } from "./time.js";

// Saturday, 9 September 2017.
const ANCHOR = "2017-09-09";

/** The one expression found in `text` whose text is `phrase`. */
function only(text: string, phrase: string, anchor: string | null = ANCHOR) {
  const hits = findTimes(text, anchor).filter((t) => t.text === phrase);
  expect(hits, `${phrase} in ${JSON.stringify(text)}`).toHaveLength(1);
  const [hit] = hits;
  if (!hit) throw new Error(`no ${phrase}`);
  return hit;
}

describe("findTimes: weekdays resolve backwards", () => {
  it.each([
    ["a statement said on Saturday", "Saturday", "2017-09-09"], // the same day counts
    ["the minister told Reuters on Friday", "Friday", "2017-09-08"],
    ["forces broke Tuesday the three-year siege", "Tuesday", "2017-09-05"],
    ["Saturday's attack killed 12", "Saturday", "2017-09-09"],
    ["clashes erupted Saturday night", "Saturday night", "2017-09-09"],
    ["the raid on Tuesday morning", "Tuesday morning", "2017-09-05"],
    ["the town fell last Tuesday", "last Tuesday", "2017-09-05"],
    ["the town fell last Saturday", "last Saturday", "2017-09-02"], // strictly before the anchor
    ["it happened on Saturday last week", "Saturday last week", "2017-09-02"],
  ])("%s", (text, phrase, value) => {
    expect(only(text, phrase)).toMatchObject({ kind: "date", value, precision: "day", relative: true });
  });

  it("resolves forwards in the future tense or after next", () => {
    expect(only("The envoys will meet on Monday in Geneva", "Monday").value).toBe("2017-09-11");
    expect(only("Talks are scheduled for Thursday", "Thursday").value).toBe("2017-09-14");
    expect(only("see you next Monday", "next Monday").value).toBe("2017-09-11");
  });

  it("does not read a causal 'due to' as the future", () => {
    expect(only("The clinic closed due to shelling on Friday", "Friday").value).toBe("2017-09-08");
  });

  it("keeps a reported day in the past even when the report is about the future", () => {
    expect(only("The talks will resume soon, a spokesman said on Friday", "Friday").value).toBe("2017-09-08");
  });
});

describe("findTimes: relative days, weeks, months and years", () => {
  it.each([
    ["the aid reached its enclave this week", "this week", "2017-09-04", "week"],
    ["the envoy visited last week", "last week", "2017-08-28", "week"],
    ["the talks stalled earlier this week", "earlier this week", "2017-09-04", "week"],
    ["the offensive began earlier this month", "earlier this month", "2017-09-01", "month"],
    ["the ceasefire of last month", "last month", "2017-08-01", "month"],
    ["fewer deaths this year", "this year", "2017-01-01", "year"],
    ["the fighting last year", "last year", "2016-01-01", "year"],
    ["shells fell yesterday", "yesterday", "2017-09-08", "day"],
    ["a raid last night", "last night", "2017-09-08", "day"],
    ["the talks today", "today", "2017-09-09", "day"],
    ["a vote tomorrow", "tomorrow", "2017-09-10", "day"],
    ["it began the day before yesterday", "the day before yesterday", "2017-09-07", "day"],
    ["it began three days ago", "three days ago", "2017-09-06", "day"],
    ["it began two weeks ago", "two weeks ago", "2017-08-21", "week"],
  ])("%s", (text, phrase, value, precision) => {
    expect(only(text, phrase)).toMatchObject({ kind: "date", value, precision, relative: true });
  });
});

describe("findTimes: absolute dates", () => {
  it.each([
    ["the attack on Sept. 5, 2017 killed", "Sept. 5, 2017", "2017-09-05", "day"],
    ["on September 5 2017 the army", "September 5 2017", "2017-09-05", "day"],
    ["on 5 September 2017 the army", "5 September 2017", "2017-09-05", "day"],
    ["published 2017-09-05 in", "2017-09-05", "2017-09-05", "day"],
    ["24.08.2013 Syrian state media", "24.08.2013", "2013-08-24", "day"],
    ["15-09-2013 Militants attack", "15-09-2013", "2013-09-15", "day"],
    ["filed 9/5/2017 by", "9/5/2017", "2017-09-05", "day"],
    ["Wed 05 Apr 2017 Syria attack", "Wed 05 Apr 2017", "2017-04-05", "day"],
    ["Fri Sep 27 2013 Bomb blast", "Fri Sep 27 2013", "2013-09-27", "day"],
    ["Saturday 17 September 2016 21:09 Deir Ezzor", "Saturday 17 September 2016", "2016-09-17", "day"],
    ["Last updated at Apr 232017 An Israeli attack", "Apr 232017", "2017-04-23", "day"],
    ["in September 2017 the siege", "September 2017", "2017-09-01", "month"],
    ["since March 2011", "March 2011", "2011-03-01", "month"],
    ["the war in 2016 spread", "2016", "2016-01-01", "year"],
    ["the 2011 uprising", "2011", "2011-01-01", "year"],
  ])("%s", (text, phrase, value, precision) => {
    expect(only(text, phrase)).toMatchObject({ kind: "date", value, precision, relative: false });
  });

  it("reads 'since 2011' as the year, not a duration", () => {
    expect(only("the war since 2011 has", "2011")).toMatchObject({ kind: "date", value: "2011-01-01" });
  });

  it("takes the year of a month and day from the anchor", () => {
    expect(only("on Sept. 5 the army", "Sept. 5")).toMatchObject({ value: "2017-09-05", relative: true });
    expect(only("the 5 September raid", "5 September").value).toBe("2017-09-05");
    expect(only("fighting in mid-September", "mid-September")).toMatchObject({
      value: "2017-09-01",
      precision: "month",
    });
    expect(only("since early March", "early March").value).toBe("2017-03-01");
    expect(only("the talks in November", "November").value).toBe("2017-11-01"); // within two months ahead
    expect(only("the talks in December", "December").value).toBe("2016-12-01"); // too far ahead: last year's
  });

  it("crosses a year boundary", () => {
    expect(only("on Dec. 30 the army", "Dec. 30", "2018-01-02").value).toBe("2017-12-30");
    expect(only("talks on Jan. 5", "Jan. 5", "2017-12-20").value).toBe("2018-01-05");
  });
});

describe("findTimes: durations", () => {
  it.each([
    ["a siege that had lasted three years", "three years", "P3Y"],
    ["broke Tuesday the three-year siege", "three-year", "P3Y"],
    ["the six-year war", "six-year", "P6Y"],
    ["held for two weeks", "two weeks", "P2W"],
    ["within 24 hours", "24 hours", "PT24H"],
    ["a 48-hour truce", "48-hour", "PT48H"],
    ["over the past 24 hours", "the past 24 hours", "PT24H"],
    ["in the past week", "the past week", "P1W"],
    ["fighting over the last month", "the last month", "P1M"],
    ["for twenty-four hours", "twenty-four hours", "PT24H"],
    ["it took a month", "a month", "P1M"],
    ["nearly two decades", "two decades", "P20Y"],
    ["a fifteen-day campaign", "fifteen-day", "P15D"],
  ])("%s", (text, phrase, iso) => {
    expect(only(text, phrase)).toMatchObject({ kind: "duration", value: null, duration: iso });
  });

  it("keeps vague durations without an ISO length", () => {
    const several = only("fighting for several days", "several days");
    expect(several).toMatchObject({ kind: "duration", value: null });
    expect(several.duration).toBeUndefined();
    expect(only("in recent days", "recent days").kind).toBe("duration");
    expect(only("a months-long siege", "a months-long").duration).toBeUndefined();
  });

  it("does not read ages as durations", () => {
    expect(findTimes("a 10-year-old boy and a man, 45 years old", ANCHOR)).toEqual([]);
  });
});

describe("findTimes: what is not a date", () => {
  it.each([
    "2,000 people fled",
    "some 2000 people fled",
    "killed 1500 fighters",
    "its 2000-year-old colonnade",
    "at 10 am and again at 19:03",
    "she may return",
    "a march on the capital",
    "protests on mondays",
  ])("%s", (text) => {
    expect(findTimes(text, ANCHOR)).toEqual([]);
  });
});

describe("findTimes without an anchor", () => {
  it("leaves relative values null but resolves absolute ones", () => {
    const times = findTimes("On Saturday, a week after Sept. 5, 2017, and last week", null);
    expect(times.map((t) => [t.text, t.value, t.relative])).toEqual([
      ["Saturday", null, true],
      ["a week", null, false],
      ["Sept. 5, 2017", "2017-09-05", false],
      ["last week", null, true],
    ]);
  });
});

describe("findTimes on a whole article", () => {
  const text =
    "DAMASCUS, Sept. 9 (Xinhua) -- Syrian troops on Saturday broke a three-year siege imposed by the Islamic " +
    "State on Deir el-Zour, a statement said. The army, which reached the city on Tuesday, had been fighting for " +
    "several weeks. Aid convoys arrived this week, and the UN said talks will resume on Monday. The war, which " +
    "began in March 2011, has killed 2,000 people in the province since 2014; the 2011 uprising is six years old. " +
    "Over the past 24 hours, 12 people died; yesterday 3 more. On 5 September 2017 and 24.08.2013 it was quiet.";

  it("returns exact, sorted, non-overlapping spans", () => {
    const times = findTimes(text, ANCHOR);
    for (const t of times) expect(text.slice(t.start, t.end)).toBe(t.text);
    for (const [i, t] of times.slice(1).entries()) expect(t.start).toBeGreaterThanOrEqual(times[i]?.end ?? 0);
    expect(times.map((t) => [t.text, t.kind, t.value ?? t.duration ?? null])).toEqual([
      ["Sept. 9", "date", "2017-09-09"],
      ["Saturday", "date", "2017-09-09"],
      ["three-year", "duration", "P3Y"],
      ["Tuesday", "date", "2017-09-05"],
      ["several weeks", "duration", null],
      ["this week", "date", "2017-09-04"],
      ["Monday", "date", "2017-09-11"],
      ["March 2011", "date", "2011-03-01"],
      ["2014", "date", "2014-01-01"],
      ["2011", "date", "2011-01-01"],
      ["the past 24 hours", "duration", "PT24H"],
      ["yesterday", "date", "2017-09-08"],
      ["5 September 2017", "date", "2017-09-05"],
      ["24.08.2013", "date", "2013-08-24"],
    ]);
  });
});

describe("resolveTimePhrase", () => {
  it("resolves single phrases as a tagger hands them over", () => {
    expect(resolveTimePhrase("Saturday", ANCHOR)).toEqual({
      kind: "date",
      value: "2017-09-09",
      precision: "day",
      relative: true,
    });
    expect(resolveTimePhrase("three years", ANCHOR)).toEqual({
      kind: "duration",
      value: null,
      precision: null,
      relative: false,
      duration: "P3Y",
    });
    expect(resolveTimePhrase("the 2011", ANCHOR)).toMatchObject({ value: "2011-01-01", precision: "year" });
    expect(resolveTimePhrase("last week", null)).toMatchObject({
      value: null,
      precision: "week",
      relative: true,
    });
    expect(resolveTimePhrase("the rebels", ANCHOR)).toBeNull();
    // In its context, a four-digit number may be a clock time or a count: the scanner's test applies.
    expect(
      resolveTimePhrase("2000", ANCHOR, { before: "in the 1100 pm (", after: " GMT) strike" }),
    ).toBeNull();
    expect(resolveTimePhrase("2000", ANCHOR, { before: "some ", after: " people fled" })).toBeNull();
    expect(resolveTimePhrase("2011", ANCHOR, { before: "the uprising of ", after: " began" })).toMatchObject({
      value: "2011-01-01",
    });
    expect(
      resolveTimePhrase("2011", ANCHOR, {
        before: "since the outbreak of the war in ",
        after: " killed a nurse",
      }),
    ).toMatchObject({ value: "2011-01-01" });
  });
});
