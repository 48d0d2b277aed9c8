// When was an article published? Metadata when the input carried it; otherwise the date line outlets print at the
// top of the page, which scrapes keep at the start of the body: "Wed 05 Apr 2017", "Published February 18 2015",
// "Posted on April 4 2017 by …", "Date of publication 5 July 2016", "24.08.2013", "15-09-2013", or the repeated
// title followed by "6 October 2016 Aleppo SANA-".
//
// One header line is not a publication date: Jordan Times prints "Last updated at Apr 232017", the page's last
// edit, which can trail the story by days. It is only an upper bound, so it anchors the weekday of the story's
// lead ("killed … on Tuesday") instead of being taken as is.

import type { Article, TimePrecision } from "../records.js";
import { findTimes } from "./time.js";

export interface PublishedDate {
  /** ISO date or date-time. */
  value: string;
  precision: TimePrecision;
  /** metadata: the input's own field; text-header: the page's date line; text: worked out from the story. */
  source: "metadata" | "text-header" | "text";
}

export type DatedArticle = Pick<
  Article,
  "published" | "publishedPrecision" | "title" | "body" | "outlet" | "dateline" | "captions"
>;

/** How far into the body a date line may start, past a repeated title and a byline ("Sputnik Mikhail V. Middle East"). */
const HEADER_CHARS = 200;
/** How much of the story counts as its lead: about the first two sentences. */
const LEAD_CHARS = 400;
/** A stamp is only trusted as an upper bound this many days above the lead's weekday. */
const STAMP_LAG_DAYS = 7;

/** Words right before a date that make it the page's update stamp, not its publication date. */
const UPDATE_STAMP = /\b(?:last\s+)?(?:updated|modified)(?:\s+(?:at|on))?[\s:(]*(?:\d{1,2}:?\d{2}\s+)?$/i;
/** A clock time printed right after a header date: "Saturday 17 September 2016 21:09". */
const CLOCK = /^,?\s+(?:at\s+)?([01]?\d|2[0-3]):([0-5]\d)\b/;
/** A photo caption scrapes leave before the story: "… on Monday (AFP photo)". */
const CAPTION = /^[^()]{0,300}\((?:[A-Z][\w/ .-]{0,30} )?photo\)\s*/i;

/** The publication date of an article: metadata first, then the page's date line, then the story's own words. */
export function publishedDate(article: DatedArticle): PublishedDate | null {
  if (article.published) {
    return { value: article.published, precision: article.publishedPrecision ?? "day", source: "metadata" };
  }
  const text = article.body.join("\n\n");
  const header = headerDates(text, article.title);
  const printed = header.find((d) => !d.stamp);
  if (printed) {
    const value = printed.clock ? `${printed.value}T${printed.clock}` : printed.value;
    return { value, precision: printed.clock ? "minute" : "day", source: "text-header" };
  }
  const stamp = header.find((d) => d.stamp);
  return stamp ? beforeStamp(text, stamp) : null;
}

interface HeaderDate {
  value: string;
  end: number;
  /** An update stamp ("Last updated at …"). */
  stamp: boolean;
  /** "21:09" when printed right after the date. */
  clock: string | null;
}

/** Full dates (day, month and year) near the top of the body, in text order. */
function headerDates(text: string, title: string | null): HeaderDate[] {
  const window = text.slice(0, repeatedTitleLength(text, title) + HEADER_CHARS);
  return findTimes(window, null).flatMap((t) => {
    if (t.kind !== "date" || t.relative || t.precision !== "day" || !t.value) return [];
    const clock = CLOCK.exec(window.slice(t.end, t.end + 16));
    return {
      value: t.value,
      end: t.end,
      stamp: UPDATE_STAMP.test(window.slice(Math.max(0, t.start - 40), t.start)),
      clock: clock ? `${(clock[1] ?? "").padStart(2, "0")}:${clock[2]}` : null,
    };
  });
}

/** The length of the title when the body repeats it first (scrapes of SANA and Ahram pages do), else 0. */
function repeatedTitleLength(text: string, title: string | null): number {
  const t = title?.trim() ?? "";
  return t && text.slice(0, t.length).toLowerCase() === t.toLowerCase() ? t.length : 0;
}

/**
 * The publication date when only an update stamp is printed: the day the story's lead names ("killed … on
 * Tuesday"), counted back from the stamp, when that falls in the week before it; otherwise the stamp itself.
 * The lead is read after any photo caption, whose weekday is the picture's, not the story's.
 */
function beforeStamp(text: string, stamp: HeaderDate): PublishedDate {
  const lead = text.slice(stamp.end).replace(CAPTION, "").slice(0, LEAD_CHARS);
  const earliest = shiftDays(stamp.value, -STAMP_LAG_DAYS);
  const day = findTimes(lead, stamp.value).find(
    (t) => t.kind === "date" && t.relative && t.precision === "day" && t.value && t.value <= stamp.value,
  );
  const value = day?.value && day.value >= earliest ? day.value : stamp.value;
  return { value, precision: "day", source: "text" };
}

function shiftDays(iso: string, days: number): string {
  const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}
