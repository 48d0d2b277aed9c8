// The ingest stage: inputs in, clean articles out (plus rejects and warnings), with what reprint matching needs.

import type { Article, ArticleDraft } from "../records.js";
import { type Signature, signature } from "./minhash.js";
import { articleIdFromIdentity, guessLanguage, identityText } from "./normalize.js";

export { parseFieldMap } from "./fields.js";
export { ReprintIndex, type Signature } from "./minhash.js";
export { type ReadOptions, readInputs } from "./sources.js";

/** Gives a draft its stable id and its MinHash signature, from one pass over the normalised text. */
export function prepareArticle(draft: ArticleDraft): { article: Article; signature: Signature } {
  const identity = identityText(draft.body);
  const article: Article = { id: articleIdFromIdentity(identity), ...draft };
  if (!article.language) article.language = guessLanguage(identity);
  return { article, signature: signature(identity) };
}
