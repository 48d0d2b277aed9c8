import { describe, expect, it } from "vitest";
import { parseDate } from "./dates.js";

describe("parseDate", () => {
  it.each([
    ["2017-09-09", "2017-09-09", "day"],
    ["2017-09-09 19:03:53", "2017-09-09T19:03:53", "second"],
    ["2017-09-09T19:03Z", "2017-09-09T19:03Z", "minute"],
    ["2017-09-09T19:03:53.120+08:00", "2017-09-09T19:03:53+08:00", "second"],
    ["Sat, 09 Sep 2017 19:03:53 +0800", "2017-09-09T19:03:53+08:00", "second"],
    ["Sat, 09 Sep 2017 19:03:53 GMT", "2017-09-09T19:03:53Z", "second"],
    ["4/5/2017", "2017-04-05", "day"],
    ["Sept. 9, 2017", "2017-09-09", "day"],
    ["05 Apr 2017", "2017-04-05", "day"],
    ["Wed 05 Apr 2017", "2017-04-05", "day"],
    ["2017-09", "2017-09", "month"],
  ])("%s → %s (%s)", (input, iso, precision) => {
    expect(parseDate(input)).toEqual({ iso, precision });
  });

  it.each(["", "yesterday", "2017-02-30", "13/45/2017", "Smarch 3, 2017"])("rejects %j", (input) => {
    expect(parseDate(input)).toBeNull();
  });
});
