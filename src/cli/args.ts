// What the command line's commands share: the options, the knowledge base, and flag parsing and printing.

import type { parseArgs } from "node:util";
import { KnowledgeError, loadKnowledge } from "../knowledge/index.js";
import { findActor, findGovernorate } from "../knowledge/lookup.js";
import { type Format, table, UsageError } from "./output.js";

export const OPTIONS = {
  db: { type: "string" },
  format: { type: "string" },
  map: { type: "string", multiple: true },
  timeout: { type: "string" },
  outlet: { type: "string" },
  type: { type: "string" },
  place: { type: "string" },
  actor: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  q: { type: "string" },
  limit: { type: "string" },
  quiet: { type: "boolean" },
  kb: { type: "string", multiple: true },
  threads: { type: "string" },
  "no-analyze": { type: "boolean" },
  rebuild: { type: "boolean" },
  "enqueue-only": { type: "boolean" },
  "until-idle": { type: "boolean" },
  lease: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "no-serve": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>["values"];

/** The bundled knowledge base plus the user's --kb files; a broken file is a usage error naming it. */
export function knowledge(v: Values) {
  try {
    return loadKnowledge(v.kb ?? []);
  } catch (e) {
    if (e instanceof KnowledgeError) throw new UsageError(`knowledge base: ${e.message}`);
    throw e;
  }
}

/** --place as a governorate's ISO code: "SY-DY", "Deir ez-Zor", "Deir al-Zour", "Idleb" … */
export function governorateCode(v: Values): string {
  const kb = knowledge(v);
  const code = findGovernorate(kb, String(v.place));
  if (code) return code;
  throw new UsageError(
    `--place must name a Syrian governorate or give its ISO code (got ${v.place}); known: ` +
      [...kb.governorates.values()].map((g) => `${g.name} (${g.iso})`).join(", "),
  );
}

/** --actor as the entity id events carry (`actor:sdf`): the actor's id, name, any alias or acronym, any spelling. */
export function actorEntityId(v: Values): string {
  const id = findActor(knowledge(v), String(v.actor));
  if (id) return id;
  throw new UsageError(
    `--actor must name an actor of the knowledge base (got ${String(v.actor).trim()}): its name, an alias or its id, ` +
      "as in knowledge/actors.json or a --kb file",
  );
}

/** --type as an event type of the knowledge base (knowledge/events.json or a --kb file): "air-strike", "clash" … */
export function eventType(v: Values): string {
  const wanted = String(v.type);
  const known = knowledge(v).events.types.map((t) => t.id);
  if (!known.includes(wanted))
    throw new UsageError(`--type must be an event type (got ${wanted}); known: ${known.join(", ")}`);
  return wanted;
}

/** A --flag that must be a positive integer, or undefined when not given. */
export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a positive integer (got ${value})`);
  return n;
}

/** Rows as JSON, JSON Lines or a table (`cells` gives a row's table columns under `header`). */
export function printRows<T>(
  format: Format,
  rows: readonly T[],
  header: string[],
  cells: (row: T) => (string | number | null)[],
): void {
  if (format === "json") print(JSON.stringify(rows, null, 2));
  else if (format === "jsonl") for (const r of rows) print(JSON.stringify(r));
  else print(table(header, rows.map(cells)));
}

export function checkDate(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) {
    throw new UsageError(`--${name} must be a date like 2017-09-09 (got ${value})`);
  }
  return value;
}

export const print = (s: string) => process.stdout.write(`${s}\n`);
