import { describe, expect, it } from "vitest";
import { type DatedArticle, publishedDate } from "./published.js";

function article(body: string, more: Partial<DatedArticle> = {}): DatedArticle {
  return {
    published: null,
    publishedPrecision: null,
    title: null,
    body: [body],
    outlet: null,
    dateline: null,
    captions: [],
    ...more,
  };
}

describe("publishedDate from metadata", () => {
  it("prefers the input's own date, keeping its full ISO value", () => {
    const a = article("Wed 05 Apr 2017 Rockets hit the town.", {
      published: "2017-04-06T08:15:00+03:00",
      publishedPrecision: "second",
    });
    expect(publishedDate(a)).toEqual({
      value: "2017-04-06T08:15:00+03:00",
      precision: "second",
      source: "metadata",
    });
  });
});

describe("publishedDate from the page's date line", () => {
  it.each([
    ["Thu 12 Jan 2017 Shelling hit the old city on Thursday, residents said.", "2017-01-12"],
    ["14 March 2016 Rebels said they had taken the hill.", "2016-03-14"],
    ["March 3 2016 by Omar Haddad Rebels said they had taken the hill on Thursday.", "2016-03-03"],
    ["Posted on March 3 2016 by Staff Writer Rebels took the hill.", "2016-03-03"],
    ["Published November 9 2015 Airstrikes hit a market on Monday.", "2015-11-09"],
    ["Date of publication 2 May 2016 A car bomb exploded.", "2016-05-02"],
    ["19 Feb 2016 At least ten people died in the blast.", "2016-02-19"],
    ["Sunday 11 December 2016 The council met in the capital.", "2016-12-11"],
    ["May 30 2016 A convoy reached the town on Monday.", "2016-05-30"],
    ["03.11.2015 A mortar round fell near the school.", "2015-11-03"],
    ["21-03-2014 A mortar round fell near the school.", "2014-03-21"],
    ["Tue Mar 18 2014 A mortar round fell near the school.", "2014-03-18"],
    ["Print this page Sunday 11 December 2016 The council met.", "2016-12-11"],
  ])("%s", (body, value) => {
    expect(publishedDate(article(body))).toEqual({ value, precision: "day", source: "text-header" });
  });

  it("keeps a clock printed after the date", () => {
    expect(publishedDate(article("Tuesday 14 June 2016 09:40 The coalition said on Tuesday"))).toEqual({
      value: "2016-06-14T09:40",
      precision: "minute",
      source: "text-header",
    });
  });

  it("finds the date line after a repeated title and agency name", () => {
    const title = "Five wounded as shells hit residential neighborhoods in Hama city";
    const a = article(`${title} 9 March 2016 Hama SANA-Five citizens were wounded on Wednesday.`, { title });
    expect(publishedDate(a)?.value).toBe("2016-03-09");
  });

  it("skips an update stamp printed before the publication date", () => {
    const a = article(
      "Mortars Hit Old City Agency Desk Middle East 1012 18.03.2016(updated 1130 19.03.2016) Get URL",
    );
    expect(publishedDate(a)?.value).toBe("2016-03-18");
  });

  it("returns null when the text names no date", () => {
    expect(publishedDate(article("Air strikes hit two villages on Thursday, a monitor said."))).toBeNull();
  });
});

describe("publishedDate behind an update stamp", () => {
  it("takes the lead's weekday counted back from a 'Last updated at' stamp", () => {
    // 19 Oct 2016 is a Wednesday; the story happened on Tuesday.
    const a = article(
      "Last updated at Oct 192016 BEIRUT Air strikes killed 12 people on Tuesday, a monitor said.",
    );
    expect(publishedDate(a)).toEqual({ value: "2016-10-18", precision: "day", source: "text" });
  });

  it("reads the lead after a photo caption, not the caption's weekday", () => {
    const a = article(
      "Last updated at Oct 192016 Rescuers search rubble in Idlib on Sunday (AFP photo) BEIRUT Air strikes " +
        "killed 12 people on Wednesday, a monitor said.",
    );
    expect(publishedDate(a)?.value).toBe("2016-10-19");
  });

  it("falls back to the stamp when the lead names no day", () => {
    const a = article(
      "Last updated at Oct 192016 MOSCOW Some 40 fighters were killed over the past 24 hours.",
    );
    expect(publishedDate(a)).toEqual({ value: "2016-10-19", precision: "day", source: "text" });
  });
});
