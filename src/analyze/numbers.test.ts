import { describe, expect, it } from "vitest";
import type { Quantity } from "../records.js";
import { findNumbers, wordNumber } from "./numbers.js";

/** The numbers found, as [text, value, qualifier, unit, vague] for compact assertions. */
function read(text: string): [string, number, Quantity["qualifier"], Quantity["unit"], boolean][] {
  return findNumbers(text).map((q) => [q.text, q.value, q.qualifier, q.unit, q.vague]);
}

function values(text: string): number[] {
  return findNumbers(text).map((q) => q.value);
}

function expectWellFormed(text: string, found: Quantity[]): void {
  let prev = 0;
  for (const q of found) {
    expect(q.start).toBeGreaterThanOrEqual(prev);
    expect(q.end).toBeGreaterThan(q.start);
    expect(text.slice(q.start, q.end)).toBe(q.text);
    prev = q.end;
  }
}

describe("wordNumber", () => {
  it("reads one number word", () => {
    expect(wordNumber("twelve")).toBe(12);
    expect(wordNumber("Twelve")).toBe(12);
    expect(wordNumber("dozen")).toBe(12);
    expect(wordNumber("twenty-two")).toBe(22);
    expect(wordNumber("ninety")).toBe(90);
    expect(wordNumber("hundred")).toBe(100);
    expect(wordNumber("million")).toBe(1e6);
    expect(wordNumber("zero")).toBe(0);
  });

  it("is undefined for anything else", () => {
    expect(wordNumber("several")).toBeUndefined();
    expect(wordNumber("first")).toBeUndefined();
    expect(wordNumber("twenty-ten")).toBeUndefined();
    expect(wordNumber("constructor")).toBeUndefined();
    expect(wordNumber("")).toBeUndefined();
  });
});

describe("findNumbers: digits", () => {
  it("keeps the qualifier inside the span", () => {
    const text = "at least 22 people were killed";
    expect(findNumbers(text)).toEqual([
      { start: 0, end: 11, text: "at least 22", value: 22, qualifier: "at-least", unit: null, vague: false },
    ]);
  });

  it("reads commas, decimals and scale words", () => {
    expect(read("nearly 1,500 people")).toEqual([["nearly 1,500", 1500, "nearly", null, false]]);
    expect(read("1.5 million refugees")).toEqual([["1.5 million", 1_500_000, null, null, false]]);
    expect(read("1.2 million and 3.5 and 100,000 and 1,000,000")).toEqual([
      ["1.2 million", 1_200_000, null, null, false],
      ["3.5", 3.5, null, null, false],
      ["100,000", 100_000, null, null, false],
      ["1,000,000", 1_000_000, null, null, false],
    ]);
    expect(read("$5 million in aid")).toEqual([["5 million", 5_000_000, null, null, false]]);
  });

  it("reads percentages", () => {
    expect(read("65 percent")).toEqual([["65 percent", 65, null, "percent", false]]);
    expect(read("more than 60 percent of the city")).toEqual([
      ["more than 60 percent", 60, "more-than", "percent", false],
    ]);
    expect(read("65%, 65 per cent, 0.5 percent, almost 90 %")).toEqual([
      ["65%", 65, null, "percent", false],
      ["65 per cent", 65, null, "percent", false],
      ["0.5 percent", 0.5, null, "percent", false],
      ["almost 90 %", 90, "nearly", "percent", false],
    ]);
  });

  it("finds every number in a sentence", () => {
    expect(read("killing 31 people, including 12 children")).toEqual([
      ["31", 31, null, null, false],
      ["12", 12, null, null, false],
    ]);
    expect(read("the death toll rose to 31.")).toEqual([["31", 31, null, null, false]]);
    expect(read("Some 120 ISIS fighters and 60 foreign mercenaries")).toEqual([
      ["Some 120", 120, "about", null, false],
      ["60", 60, null, null, false],
    ]);
  });

  it("keeps measures as plain numbers", () => {
    expect(read("30 kilometers from Aleppo")).toEqual([["30", 30, null, null, false]]);
    expect(read("a 10,000-strong force")).toEqual([["10,000", 10_000, null, null, false]]);
  });

  it("reads both ends of a range", () => {
    expect(values("20-30 people")).toEqual([20, 30]);
  });
});

describe("findNumbers: words", () => {
  it("reads cardinals", () => {
    expect(read("twenty-two soldiers")).toEqual([["twenty-two", 22, null, null, false]]);
    expect(read("Eleven civilians")).toEqual([["Eleven", 11, null, null, false]]);
    expect(values("ninety nine, one hundred and one, two hundred, three thousand")).toEqual([
      99, 101, 200, 3000,
    ]);
    expect(values("two hundred and fifty thousand people")).toEqual([250_000]);
    expect(read("hundred and fifty")).toEqual([["hundred and fifty", 150, null, null, false]]);
  });

  it("reads a/an before scale words, half a million, and a half", () => {
    expect(read("a hundred people")).toEqual([["a hundred", 100, null, null, false]]);
    expect(read("a hundred and fifty")).toEqual([["a hundred and fifty", 150, null, null, false]]);
    expect(read("up to a million")).toEqual([["up to a million", 1e6, "up-to", null, false]]);
    expect(read("half a million")).toEqual([["half a million", 500_000, null, null, false]]);
    expect(read("one and a half million")).toEqual([
      ["one and a half million", 1_500_000, null, null, false],
    ]);
    expect(read("a quarter of a million")).toEqual([["a quarter of a million", 250_000, null, null, false]]);
  });

  it("does not split numbers joined by 'and' unless the grammar allows it", () => {
    expect(values("five and six")).toEqual([5, 6]);
    expect(values("one two three")).toEqual([1, 2, 3]);
  });

  it("reads a dozen and vague plurals ACLED's way", () => {
    expect(read("a dozen")).toEqual([["a dozen", 12, null, null, true]]);
    expect(read("more than a dozen")).toEqual([["more than a dozen", 12, "more-than", null, true]]);
    expect(read("dozens of fighters")).toEqual([["dozens", 12, null, null, true]]);
    expect(read("hundreds fled")).toEqual([["hundreds", 100, null, null, true]]);
    expect(read("thousands of people")).toEqual([["thousands", 1000, null, null, true]]);
    expect(read("Tens of thousands of people")).toEqual([["Tens of thousands", 10_000, null, null, true]]);
    expect(read("hundreds of thousands")).toEqual([["hundreds of thousands", 100_000, null, null, true]]);
    expect(read("scores of civilians")).toEqual([["scores", 20, null, null, true]]);
    expect(read("two dozen")).toEqual([["two dozen", 24, null, null, true]]);
    expect(read("a few dozen, several hundred")).toEqual([
      ["a few dozen", 12, null, null, true],
      ["several hundred", 100, null, null, true],
    ]);
  });

  it("skips words that are not numbers", () => {
    expect(findNumbers("several people, a handful, a man, an hour")).toEqual([]);
    expect(findNumbers("to settle scores")).toEqual([]);
  });

  it("reads 'one' as a number but never in 'no one', 'someone', 'anyone'", () => {
    expect(findNumbers("no one was hurt")).toEqual([]);
    expect(findNumbers("No one, someone, anyone, no-one, each one, one another, one by one")).toEqual([]);
    expect(read("one of the soldiers")).toEqual([["one", 1, null, null, false]]);
    expect(read("One person was killed")).toEqual([["One", 1, null, null, false]]);
    expect(read("the one million refugees")).toEqual([["one million", 1e6, null, null, false]]);
    expect(findNumbers("an inverse one to spark fronts")).toEqual([]);
  });
});

describe("findNumbers: fractions", () => {
  it("reads two-thirds, a third, half", () => {
    expect(read("two-thirds of the city")).toEqual([["two-thirds", 0.667, null, "fraction", false]]);
    expect(read("a third of the city")).toEqual([["a third", 0.333, null, "fraction", false]]);
    expect(read("half of the city")).toEqual([["half", 0.5, null, "fraction", false]]);
    expect(read("nearly half the population")).toEqual([["nearly half", 0.5, "nearly", "fraction", false]]);
    expect(read("three quarters of Aleppo")).toEqual([["three quarters", 0.75, null, "fraction", false]]);
    expect(read("one-third")).toEqual([["one-third", 0.333, null, "fraction", false]]);
  });

  it("leaves ordinals and time phrases with 'half' and 'third' alone", () => {
    expect(findNumbers("a third time, the second half of the year, half an hour, his half-brother")).toEqual(
      [],
    );
    expect(values("three quarters in Aleppo")).toEqual([3]); // districts, not a fraction
  });
});

describe("findNumbers: qualifiers", () => {
  it("reads each qualifier", () => {
    const cases: [string, Quantity["qualifier"]][] = [
      ["at least 5", "at-least"],
      ["no fewer than 5", "at-least"],
      ["more than 5", "more-than"],
      ["over 5", "more-than"],
      ["above 5", "more-than"],
      ["in excess of 5", "more-than"],
      ["upwards of 5", "more-than"],
      ["less than 5", "fewer-than"],
      ["fewer than 5", "fewer-than"],
      ["under 5", "fewer-than"],
      ["up to 5", "up-to"],
      ["as many as 5", "up-to"],
      ["no more than 5", "up-to"],
      ["about 5", "about"],
      ["around 5", "about"],
      ["approximately 5", "about"],
      ["some 5", "about"],
      ["roughly 5", "about"],
      ["an estimated 5", "about"],
      ["nearly 5", "nearly"],
      ["almost 5", "nearly"],
      ["close to 5", "nearly"],
    ];
    for (const [text, qualifier] of cases) {
      expect(findNumbers(`they said ${text} people`), text).toEqual([
        { start: 10, end: 10 + text.length, text, value: 5, qualifier, unit: null, vague: false },
      ]);
    }
  });

  it("takes 'over' and 'some' only directly before the number", () => {
    expect(read("took over 60 villages")).toEqual([["60", 60, null, null, false]]);
    expect(read("some of the 60 fighters")).toEqual([["60", 60, null, null, false]]);
    expect(read("under one roof")).toEqual([["one", 1, null, null, false]]);
  });
});

describe("findNumbers: not counts", () => {
  it("skips dates", () => {
    expect(findNumbers("DAMASCUS, Sept. 5, 2017 (Xinhua) --")).toEqual([]);
    expect(findNumbers("on 5 September, on 2017-09-05, on 24.08.2013, on 5/9/2017, March 15, 2011")).toEqual(
      [],
    );
    expect(findNumbers("on 5-6 September")).toEqual([]);
    expect(values("they may 5 more")).toEqual([5]);
  });

  it("skips years but counts '2011 people'", () => {
    expect(findNumbers("in 2011, the 2011 uprising, since 2013, 2011-2012, the 1990s")).toEqual([]);
    expect(read("2011 people died")).toEqual([["2011", 2011, null, null, false]]);
    expect(read("in 2011 people rose up")).toEqual([]);
    expect(read("1,982 people")).toEqual([["1,982", 1982, null, null, false]]);
  });

  it("skips clock times", () => {
    expect(
      findNumbers("at 19:03, at 10 am, at 10 a.m., at 7pm, at 10.30, 1900 GMT, 3 p.m. local time"),
    ).toEqual([]);
  });

  it("skips ordinals", () => {
    expect(findNumbers("the first, the 5th, the second city, the 21st century")).toEqual([]);
  });

  it("skips document numbers and ids", () => {
    expect(
      findNumbers("Resolution 2254, UN Security Council resolution 2118, No. 5, number 7, #4, Article 8"),
    ).toEqual([]);
    expect(
      findNumbers("F-16, Su-24, A320, COVID-19, 2m, $2bn, call +963 11 2345678 or 0933 123 456"),
    ).toEqual([]);
  });

  it("skips hyphenated durations, which the time module reads", () => {
    expect(findNumbers("the three-year siege, the six-year war, a 24-hour truce, a 12-year-old boy")).toEqual(
      [],
    );
    expect(findNumbers("a one-sided deal")).toEqual([]);
  });
});

describe("findNumbers: a paragraph", () => {
  const text =
    "DAMASCUS, Sept. 9 (Xinhua) -- At least 22 people were killed and dozens wounded on Saturday when " +
    "government forces shelled Douma, 10 km east of Damascus, a monitor said. The Syrian Observatory for " +
    "Human Rights said more than 60 percent of the town's 100,000 residents had fled since the three-year " +
    "siege began in 2013, and that nearly 1,500 fighters remained. Some 120 ISIS fighters and 60 foreign " +
    "mercenaries were killed, including twelve commanders, while hundreds of thousands of civilians were " +
    "displaced. UN Security Council resolution 2254 calls for a ceasefire; about two-thirds of the 1.5 million " +
    "refugees are women and children. No one was hurt in the second attack at 19:03 on 5 September 2017.";

  it("finds each number at its offsets", () => {
    const found = findNumbers(text);
    expectWellFormed(text, found);
    expect(found.map((q) => [q.text, q.value, q.qualifier, q.unit, q.vague])).toEqual([
      ["At least 22", 22, "at-least", null, false],
      ["dozens", 12, null, null, true],
      ["10", 10, null, null, false],
      ["more than 60 percent", 60, "more-than", "percent", false],
      ["100,000", 100_000, null, null, false],
      ["nearly 1,500", 1500, "nearly", null, false],
      ["Some 120", 120, "about", null, false],
      ["60", 60, null, null, false],
      ["twelve", 12, null, null, false],
      ["hundreds of thousands", 100_000, null, null, true],
      ["about two-thirds", 0.667, "about", "fraction", false],
      ["1.5 million", 1_500_000, null, null, false],
    ]);
    const first = found[0];
    expect(first?.start).toBe(text.indexOf("At least"));
    expect(first?.end).toBe(text.indexOf(" people"));
    const last = found[found.length - 1];
    expect(last?.start).toBe(text.indexOf("1.5 million"));
  });

  it("stays well-formed over a long text (speed is measured in npm run bench, not here)", () => {
    let long = "";
    while (long.length < 500_000) long += `${text}\n`;
    const found = findNumbers(long);
    expectWellFormed(long, found);
    expect(found.length).toBe(12 * Math.ceil(500_000 / (text.length + 1)));
  });

  it("gives the same answer on a second call (no state left behind)", () => {
    expect(findNumbers(text)).toEqual(findNumbers(text));
    expect(findNumbers("")).toEqual([]);
  });
});
