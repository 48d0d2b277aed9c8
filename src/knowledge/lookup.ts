// Finding knowledge-base entries by what a user types: a governorate by code or any spelling, an actor by id, name,
// alias or acronym. Shared by the CLI's flags and the API's parameters; null when nothing matches.

import { nameKey } from "../analyze/keys.js";
import type { KnowledgeBase } from "./index.js";

/** The ISO 3166-2 code of a governorate given by its code ("SY-DY"), name or any alias ("Deir al-Zour"). */
export function findGovernorate(kb: KnowledgeBase, wanted: string): string | null {
  const upper = wanted.trim().toUpperCase();
  if (kb.governorates.has(upper)) return upper;
  const key = nameKey(wanted);
  for (const g of kb.governorates.values())
    if ([g.name, ...g.aliases].some((n) => nameKey(n) === key)) return g.iso;
  return null;
}

/** The entity id events carry (`actor:sdf`) for an actor's id, name, alias, acronym (any case) or spelling. */
export function findActor(kb: KnowledgeBase, wanted: string): string | null {
  const text = wanted.trim();
  const id = text.replace(/^actor:/, "");
  if (kb.actors.has(id)) return `actor:${id}`;
  const actors = [...kb.actors.values()];
  const lower = text.toLowerCase();
  const key = nameKey(text);
  const found =
    actors.find((a) => a.caseSensitiveAliases?.includes(text)) ??
    actors.find((a) => [a.name, ...a.aliases].some((n) => n.toLowerCase() === lower)) ??
    (key ? actors.find((a) => [a.name, ...a.aliases].some((n) => nameKey(n) === key)) : undefined) ??
    // Typed as a filter, an acronym needs no exact case ("isis"): a filter is never a common word in a sentence.
    actors.find((a) => a.caseSensitiveAliases?.some((n) => n.toLowerCase() === lower));
  return found ? `actor:${found.id}` : null;
}
