// The compare stage: one story's analysed articles in, a Comparison out — claims aligned across outlets with a verdict
// each, what each source alone reports, whom each article cites, the words each outlet uses, and corroboration
// counts. Pure and deterministic: no I/O, everything sorted, group ids in a fixed order.

import type { ClaimGroup, ClaimVerdict, Comparison } from "../records.js";
import { type AlignedGroup, alignClaims } from "./align.js";
import { attributionOf } from "./attribution.js";
import { corroborationOf } from "./corroboration.js";
import { namingsOf } from "./naming.js";
import { byClaimId, type CompareInput, type CompareKnowledge, compareStrings } from "./types.js";

export type { CompareInput, CompareKnowledge } from "./types.js";

const VERDICT_ORDER: Record<ClaimVerdict, number> = { agreed: 0, compatible: 1, conflicting: 2, single: 3 };

export function compareStory(input: CompareInput, kb: CompareKnowledge): Comparison {
  const items = [...input.articles].sort(
    (a, b) => compareStrings(a.source, b.source) || compareStrings(a.article.id, b.article.id),
  );
  const present = new Set(items.map((i) => i.article.id));
  // A reprint of an article in the story repeats its words and claims: it adds nothing to its source's totals.
  const counted = (i: (typeof items)[number]) => !(i.reprintOf && present.has(i.reprintOf));
  const sources = [...new Set(items.map((i) => i.source))].sort(compareStrings);

  const aligned = alignClaims(items, kb, input.days).sort(
    (a, b) =>
      VERDICT_ORDER[a.group.verdict] - VERDICT_ORDER[b.group.verdict] ||
      compareStrings(a.group.key, b.group.key) ||
      byClaimId(a.facts[0]?.claim.id ?? "", b.facts[0]?.claim.id ?? ""),
  );
  const seenKeys = new Map<string, number>();
  const numbered: { id: string; aligned: AlignedGroup }[] = aligned.map((a, i) => {
    // Keys name the fact; two groups can share one only in corner cases, told apart by a suffix.
    const n = (seenKeys.get(a.group.key) ?? 0) + 1;
    seenKeys.set(a.group.key, n);
    if (n > 1) a.group.key = `${a.group.key}#${n}`;
    return { id: `g${i + 1}`, aligned: a };
  });
  const groups: ClaimGroup[] = numbered.map(({ id, aligned: a }) => ({ id, ...a.group }));

  return {
    storyId: input.storyId,
    articles: items.map(({ article, source, reprintOf }) => ({
      id: article.id,
      outlet: article.outlet,
      source,
      reprintOf,
      title: article.title,
    })),
    omitted: 0,
    sources,
    groups,
    onlyIn: sources.map((source) => ({
      source,
      groups: groups.filter((g) => g.verdict === "single" && g.sources[0] === source).map((g) => g.id),
    })),
    attribution: items.map((i) => attributionOf(i.article)),
    naming: namingsOf(items.filter(counted), kb),
    corroboration: corroborationOf(
      numbered,
      items.map((i) => ({
        id: i.article.id,
        outlet: i.article.outlet,
        source: i.source,
        counted: counted(i),
      })),
    ),
  };
}
