// What the benchmark scripts share: where the project is, and how a script rewrites its own section of
// bench/RESULTS.md while keeping every other section (and hand-written notes) as they are.

import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root: the nearest folder above this file holding package.json (works from bench/ and dist/bench/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the project root (package.json)");
    dir = up;
  }
  return dir;
}

/** Writes `section` as the "## <heading>" section of bench/RESULTS.md; returns the file's path. */
export async function writeSection(root: string, heading: string, section: string): Promise<string> {
  const path = join(root, "bench", "RESULTS.md");
  const existing = existsSync(path) ? readFileSync(path, "utf8") : null;
  await writeFile(path, replaceSection(existing, heading, section));
  return path;
}

/** Replaces the "## <heading>" section of RESULTS.md (up to the next "## " heading), keeping every other section. */
function replaceSection(existing: string | null, heading: string, section: string): string {
  if (existing === null) return `# Benchmarks\n\n${section}`;
  const lines = existing.split("\n");
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return `${existing.replace(/\n*$/, "\n\n")}${section}`;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join("\n");
  const after = lines.slice(end).join("\n");
  return `${before ? `${before.replace(/\n*$/, "")}\n\n` : ""}${section}${after ? `\n${after}` : ""}`.replace(
    /\n*$/,
    "\n",
  );
}

/** A Markdown table with padded columns (the layout Biome's formatter gives it). */
export function table(rows: [string, string][]): string[] {
  const all: [string, string][] = [["Figure", "Value"], ...rows];
  const w0 = Math.max(3, ...all.map((r) => r[0].length));
  const w1 = Math.max(3, ...all.map((r) => r[1].length));
  const line = (a: string, b: string) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} |`;
  const [head, ...body] = all as [[string, string], ...[string, string][]];
  return [line(...head), line("-".repeat(w0), "-".repeat(w1)), ...body.map((r) => line(...r))];
}

/** A number for the results: thousands separated, `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A script's positive-integer options (`--name N`), each with its default; anything else is an error naming the
 * script's usage.
 */
export function intOptions<T extends Record<string, number>>(
  argv: readonly string[],
  defaults: T,
  script: string,
): T {
  const out: Record<string, number> = { ...defaults };
  const usage = Object.keys(defaults)
    .map((k) => `[--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} N]`)
    .join(" ");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const key = Object.keys(defaults).find(
      (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` === a,
    );
    if (!key) throw new Error(`unknown argument ${a} (usage: ${script} ${usage})`);
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
    out[key] = v;
  }
  return out as T;
}
