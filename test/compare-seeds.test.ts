// The compare stage on the canonical example: the two seed reports of 2017-09-09 (Al Arabiya and Xinhua) on the SDF
// offensive in Deir ez-Zor, analysed and treated as one story with the outlets as sources.

import { beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/analyze/index.js";
import { compareStory } from "../src/compare/index.js";
import { prepareArticle } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { AnalyzedArticle, Claim, ClaimGroup, Comparison } from "../src/records.js";
import { articlesOf, readAll, SEEDS } from "./helpers.js";

const AA = "Al Arabiya";
const XH = "Xinhua";
let articles: AnalyzedArticle[];
let cmp: Comparison;

beforeAll(async () => {
  const kb = loadKnowledge();
  const analyze = createAnalyzer(kb);
  articles = articlesOf(await readAll([SEEDS])).map((d) => analyze(prepareArticle(d).article));
  cmp = compareStory(
    {
      storyId: "s-seeds",
      articles: articles.map((article) => ({ article, source: article.outlet as string, reprintOf: null })),
    },
    kb,
  );
});

const claimOf = (id: string): Claim => articles.flatMap((a) => a.claims).find((c) => c.id === id) as Claim;
const groupWhere = (pred: (g: ClaimGroup) => boolean): ClaimGroup => {
  const found = cmp.groups.filter(pred);
  expect(found, cmp.groups.map((g) => `${g.id} ${g.verdict} ${g.summary}`).join("\n")).toHaveLength(1);
  return found[0] as ClaimGroup;
};
const outletOf = (articleId: string) => articles.find((a) => a.id === articleId)?.outlet;

describe("aligned claims", () => {
  it("has the two outlets as its sources", () => {
    expect(cmp.sources).toEqual([AA, XH]);
  });

  it("the SDF offensive against IS in Deir ez-Zor province is agreed by both", () => {
    const g = groupWhere(
      (x) => x.predicate === "offensive" && x.subject === "actor:sdf" && x.object === "actor:is",
    );
    expect(g.verdict).toBe("agreed");
    expect(g.sources).toEqual([AA, XH]);
    for (const ref of g.claims) expect(claimOf(ref.claimId).place?.admin1Code).toBe("SY-DY");
    // Each outlet's own report of the launch is in it (Al Arabiya's crediting a statement, Xinhua's the SDF).
    const credits = g.claims.map((c) => [outletOf(c.articleId), c.attribution]);
    expect(credits).toContainEqual([AA, "a statement"]);
    expect(credits).toContainEqual([XH, "Syrian Democratic Forces"]);
  });

  it("the Syrian army breaking the siege is agreed: 'this week' contains Xinhua's days", () => {
    const g = groupWhere((x) => x.predicate === "siege-broken");
    expect(g).toMatchObject({ verdict: "agreed", subject: "actor:syrian-army", sources: [AA, XH] });
    expect(g.summary).toBe(
      "Siege broken in Deir ez-Zor by Syrian Arab Army against Islamic State: week of 2017-09-04 (Al Arabiya) / " +
        "2017-09-09; 2017-09-05 (Xinhua)",
    );
  });

  it("the share of Raqqa captured is compatible: 65 percent lies within more than 60 percent", () => {
    const g = groupWhere((x) => x.predicate === "captured");
    expect(g).toMatchObject({
      verdict: "compatible",
      subject: "actor:sdf",
      object: "geonames:172955",
      differs: ["value"],
      note: "65 percent lies within more than 60 percent",
      summary:
        "Syrian Democratic Forces captured Ar Raqqah: 65 percent (Al Arabiya, per Syrian Democratic Forces) / " +
        "more than 60 percent (Xinhua)",
    });
  });

  it("lists at least three facts only in Al Arabiya and three only in Xinhua", () => {
    const only = Object.fromEntries(cmp.onlyIn.map((o) => [o.source, o.groups]));
    expect(only[AA]?.length).toBeGreaterThanOrEqual(3);
    expect(only[XH]?.length).toBeGreaterThanOrEqual(3);
    const summaries = (ids: string[]) => ids.map((id) => cmp.groups.find((g) => g.id === id)?.summary);
    // Al Arabiya alone: the SOHR-reported gains in Deir ez-Zor, the YPG-led push on Raqqa.
    expect(summaries(only[AA] ?? [])).toContainEqual(
      expect.stringContaining("Syrian Observatory for Human Rights"),
    );
    expect(summaries(only[AA] ?? [])).toContainEqual(expect.stringContaining("People's Protection Units"));
    // Xinhua alone: half of Deir ez-Zor city under IS, the government's reaction.
    expect(summaries(only[XH] ?? [])).toContain("Islamic State controls Deir ez-Zor: 50 percent (Xinhua)");
    expect(summaries(only[XH] ?? [])).toContainEqual(expect.stringContaining("by Syrian government"));
  });

  it("gives the same comparison whatever the order of its articles", () => {
    const reversed = compareStory(
      {
        storyId: "s-seeds",
        articles: [...articles]
          .reverse()
          .map((article) => ({ article, source: article.outlet as string, reprintOf: null })),
      },
      loadKnowledge(),
    );
    expect(reversed).toEqual(cmp);
  });

  it("puts every claim in exactly one group, with group ids in verdict order", () => {
    const ids = cmp.groups.flatMap((g) => g.claims.map((c) => c.claimId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(articles.reduce((n, a) => n + a.claims.length, 0));
    const order = ["agreed", "compatible", "conflicting", "single"];
    const ranks = cmp.groups.map((g) => order.indexOf(g.verdict));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(cmp.groups.map((g) => g.id)).toEqual(cmp.groups.map((_, i) => `g${i + 1}`));
  });
});

describe("attribution", () => {
  const cites = (outlet: string) =>
    cmp.attribution.find((a) => a.outlet === outlet)?.cites.map((c) => [c.source, c.kind]);

  it("Al Arabiya cites a statement, the Deir ez-Zor Military Council, the SDF and the Syrian Observatory", () => {
    expect(cites(AA)).toEqual([
      ["Deir ez-Zor Military Council", "named"],
      ["Syrian Democratic Forces", "named"],
      ["Syrian Observatory for Human Rights", "named"],
      ["a statement", "descriptor"],
    ]);
  });

  it("Xinhua cites the SDF, and states the rest on its own authority", () => {
    expect(cites(XH)).toEqual([["Syrian Democratic Forces", "named"]]);
    const x = cmp.attribution.find((a) => a.outlet === XH);
    expect(x?.unattributed.length).toBeGreaterThan(5);
  });
});

describe("naming", () => {
  const wordsFor = (about: string, outlet: string) =>
    cmp.naming
      .find((n) => n.about === about)
      ?.byOutlet.find((o) => o.outlet === outlet)
      ?.words.map((w) => [w.text, w.term]);

  it("names IS differently by outlet: ISIS and 'jihadist militants' vs Islamic State, IS, 'terror-designated group'", () => {
    const aa = wordsFor("actor:is", AA);
    const xh = wordsFor("actor:is", XH);
    expect(aa).toContainEqual(["ISIS", null]);
    expect(aa).toContainEqual(["jihadist militants", "jihadists"]);
    expect(aa).not.toContainEqual(["Islamic State", null]);
    expect(xh).toContainEqual(["Islamic State", null]);
    expect(xh).toContainEqual(["IS", null]);
    expect(xh).toContainEqual(["terror-designated group", "terror-designated"]);
    expect(xh).not.toContainEqual(["ISIS", null]);
  });

  it("credits 'U.S.-backed' to the SDF in both, and puts IS first (most mentioned)", () => {
    expect(cmp.naming[0]?.about).toBe("actor:is");
    expect(wordsFor("actor:sdf", AA)).toContainEqual(["U.S.-backed", "us-backed"]);
    expect(wordsFor("actor:sdf", XH)).toContainEqual(["U.S.-backed", "us-backed"]);
  });
});

describe("corroboration", () => {
  it("counts each outlet's corroborated and lone claims, never a verdict on truth", () => {
    for (const o of cmp.corroboration.outlets) {
      expect(o.corroborated).toBeGreaterThanOrEqual(4);
      expect(o.alone).toBeGreaterThanOrEqual(3);
      expect(o.groups.corroborated.length).toBeGreaterThanOrEqual(4);
    }
    const raqqa = cmp.groups.find((g) => g.predicate === "captured") as ClaimGroup;
    for (const ref of raqqa.claims)
      expect(cmp.corroboration.claims.find((c) => c.claimId === ref.claimId)).toMatchObject({
        groupId: raqqa.id,
        confirmedBy: 1,
        contradictedBy: 0,
      });
  });
});
