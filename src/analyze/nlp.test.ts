import { describe, expect, it } from "vitest";
import { tokenize } from "./nlp.js";

describe("tokenize", () => {
  it("reads a document the same whatever was read before it", () => {
    // wink learns every unknown word; "U.N.." split one way on first sight and another once "U.N." or "U.N" had
    // been seen in another article, which moved sentence boundaries with the order articles were analysed in.
    const probe =
      "Aid was blocked in the east since mid-2012.. Last updated at noon, according to the U.N.. Published on Monday.";
    const first = tokenize(probe);
    for (const other of [
      "The U.N. said so.",
      "U.N",
      "mid-2012.",
      "U.N..",
      "according to the U.N.",
      "..",
      "mid-2012",
    ])
      tokenize(other);
    const again = tokenize(probe);
    expect(again.value).toEqual(first.value);
    expect(again.sentences).toEqual(first.sentences);
    expect(again.pos).toEqual(first.pos);
  });
});
