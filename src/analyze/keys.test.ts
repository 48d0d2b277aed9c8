import { describe, expect, it } from "vitest";
import { boundedDistance, nameKey, skeletonKey } from "./keys.js";

describe("nameKey", () => {
  it("folds the news spellings of Deir ez-Zor to one key", () => {
    const spellings = [
      "Deir al-Zor",
      "Deir al-Zour",
      "Deir ez-Zor",
      "Deir Ezzor",
      "Dayr az-Zawr",
      "Deir el-Zor",
      "Deir Zor",
    ];
    expect(new Set(spellings.map(nameKey))).toEqual(new Set(["dairzur"]));
  });

  it("drops final h, doubled letters, accents and articles", () => {
    expect(nameKey("Hasakah")).toBe(nameKey("Hasaka"));
    expect(nameKey("Al-Hasakah")).toBe(nameKey("Hassakeh"));
    expect(nameKey("Ar-Raqqah")).toBe(nameKey("Raqqa"));
    expect(nameKey("Ḩamāh")).toBe(nameKey("Hama"));
    expect(nameKey("Ma'arrat an-Nu'man")).toBe(nameKey("Maarat al-Numan"));
    expect(nameKey("Khan Sheikhoun")).toBe(nameKey("Khan Shaykhun"));
  });

  it("keeps different places apart", () => {
    expect(nameKey("Homs")).not.toBe(nameKey("Hama"));
    expect(nameKey("Idlib")).not.toBe(nameKey("Aleppo"));
    // A leading "As" is part of a name, not an article to drop ("Assad" keeps its first letters).
    expect(nameKey("Assad")).toBe("asad");
  });

  it("gives a vowel skeleton for vowel-only differences", () => {
    expect(skeletonKey(nameKey("Idleb"))).toBe(skeletonKey(nameKey("Idlib")));
    expect(skeletonKey(nameKey("Mayadeen"))).toBe(skeletonKey(nameKey("Al Mayadin")));
  });
});

describe("boundedDistance", () => {
  it("counts edits and stops early past the bound", () => {
    expect(boundedDistance("saraqib", "saraqab", 2)).toBe(1);
    expect(boundedDistance("aleppo", "idlib", 1)).toBe(2);
    expect(boundedDistance("abc", "abc", 0)).toBe(0);
  });
});
