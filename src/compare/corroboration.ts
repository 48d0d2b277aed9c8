// Corroboration counts: how many other independent sources back each claim or contradict it, summed per article and
// per source. Counts only; never a verdict on what is true.

import type { Comparison, CorroborationCount } from "../records.js";
import type { AlignedGroup } from "./align.js";
import { byClaimId, compareStrings } from "./types.js";

type Standing = Comparison["corroboration"]["claims"][number];

class Tally {
  readonly count: CorroborationCount = {
    claims: 0,
    corroborated: 0,
    contradicted: 0,
    alone: 0,
    groups: { corroborated: [], contradicted: [], alone: [] },
  };

  add(s: Standing, alone: boolean): void {
    const c = this.count;
    c.claims++;
    const mark = (k: "corroborated" | "contradicted" | "alone") => {
      c[k]++;
      if (!c.groups[k].includes(s.groupId)) c.groups[k].push(s.groupId);
    };
    if (alone) mark("alone");
    if (s.confirmedBy > 0) mark("corroborated");
    if (s.contradictedBy > 0) mark("contradicted");
  }

  done(): CorroborationCount {
    const byGroup = (a: string, b: string) => Number(a.slice(1)) - Number(b.slice(1));
    for (const list of Object.values(this.count.groups)) list.sort(byGroup);
    return this.count;
  }
}

/**
 * `groups` carry their final ids. `counted` says which articles' claims count for their source (a reprint whose
 * original is in the story repeats its claims and is left out of the source's totals, not of its own).
 */
export function corroborationOf(
  groups: readonly { id: string; aligned: AlignedGroup }[],
  articles: readonly { id: string; outlet: string | null; source: string; counted: boolean }[],
): Comparison["corroboration"] {
  const claims: Standing[] = [];
  const alone = new Set<string>();
  const owner = new Map<string, string>();
  for (const { id, aligned } of groups) {
    for (const f of aligned.facts) {
      const p = aligned.perClaim.get(f.claim.id) ?? { confirmedBy: 0, contradictedBy: 0 };
      claims.push({ claimId: f.claim.id, groupId: id, ...p });
      owner.set(f.claim.id, f.claim.articleId);
      if (aligned.group.verdict === "single") alone.add(f.claim.id);
    }
  }
  claims.sort((a, b) => byClaimId(a.claimId, b.claimId));
  const byArticle = new Map(articles.map((a) => [a.id, new Tally()]));
  const bySource = new Map<string, Tally>();
  const counted = new Map(articles.map((a) => [a.id, a]));
  for (const s of claims) {
    const articleId = owner.get(s.claimId) as string;
    byArticle.get(articleId)?.add(s, alone.has(s.claimId));
    const a = counted.get(articleId);
    if (!a?.counted) continue;
    const t = bySource.get(a.source) ?? new Tally();
    t.add(s, alone.has(s.claimId));
    bySource.set(a.source, t);
  }
  for (const a of articles) if (a.counted && !bySource.has(a.source)) bySource.set(a.source, new Tally());
  return {
    claims,
    articles: articles.map((a) => ({
      articleId: a.id,
      outlet: a.outlet,
      ...(byArticle.get(a.id) as Tally).done(),
    })),
    outlets: [...bySource.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([outlet, t]) => ({ outlet, ...t.done() })),
  };
}
