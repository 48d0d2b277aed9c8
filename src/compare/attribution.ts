// Whom each article cites: the sources its claims and events are credited to, and the claims it makes on its own
// authority. Event attributions count too, for the claims read from that event.

import type { AnalyzedArticle, ArticleAttribution, Attribution, Citation } from "../records.js";
import { byClaimId, compareStrings } from "./types.js";

/** One source however often it is cited: by entity when linked, else by its words. */
function citationKey(a: Attribution): string {
  return a.entityId ?? `${a.kind}:${a.source.toLowerCase()}`;
}

export function attributionOf(article: AnalyzedArticle): ArticleAttribution {
  const cites = new Map<string, Citation>();
  const credit = (a: Attribution, claimIds: string[]) => {
    const key = citationKey(a);
    const c = cites.get(key) ?? { source: a.source, entityId: a.entityId, kind: a.kind, claims: [] };
    for (const id of claimIds) if (!c.claims.includes(id)) c.claims.push(id);
    cites.set(key, c);
  };
  for (const claim of article.claims) if (claim.attribution) credit(claim.attribution, [claim.id]);
  for (const event of article.events)
    if (event.attribution)
      credit(
        event.attribution,
        article.claims.filter((c) => c.eventId === event.id).map((c) => c.id),
      );
  const credited = new Set([...cites.values()].flatMap((c) => c.claims));
  return {
    articleId: article.id,
    outlet: article.outlet,
    cites: [...cites.values()]
      .map((c) => ({ ...c, claims: c.claims.sort(byClaimId) }))
      .sort(
        (a, b) => compareStrings(a.source, b.source) || compareStrings(a.entityId ?? "", b.entityId ?? ""),
      ),
    unattributed: article.claims
      .map((c) => c.id)
      .filter((id) => !credited.has(id))
      .sort(byClaimId),
  };
}
