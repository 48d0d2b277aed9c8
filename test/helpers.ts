// Shared test helpers: temp folders, the built CLI, reading inputs into arrays.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readInputs } from "../src/ingest/index.js";
import { loadKnowledge } from "../src/knowledge/index.js";
import type { ArticleDraft, ReadEvent } from "../src/records.js";

export const ROOT = resolve(import.meta.dirname, "..");
// The bundled copies (data/samples/corpus) of ../shared/seeds and the FA-KES dev split, so the suite needs nothing
// outside the repository. The FA-KES copy has no gold columns.
export const SEEDS = join(ROOT, "data/samples/corpus/seeds");
export const FAKES = join(ROOT, "data/samples/corpus/fakes-dev.csv");
export const CLI = join(ROOT, "dist/src/cli/main.js");

export function tempDir(prefix = "parallax-test-"): string {
  return mkdtempSync(join(process.env.PARALLAX_TEST_TMP ?? tmpdir(), prefix));
}

export async function readAll(paths: string[], extra: Record<string, unknown> = {}): Promise<ReadEvent[]> {
  const out: ReadEvent[] = [];
  for await (const e of readInputs(paths, { book: loadKnowledge().outlets, ...extra })) out.push(e);
  return out;
}

export const articlesOf = (events: ReadEvent[]): ArticleDraft[] =>
  events.flatMap((e) => (e.kind === "article" ? [e.article] : []));
export const rejectsOf = (events: ReadEvent[]) => events.flatMap((e) => (e.kind === "reject" ? [e] : []));
export const warningsOf = (events: ReadEvent[]) => events.flatMap((e) => (e.kind === "warning" ? [e] : []));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI synchronously. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI asynchronously (for tests that serve something to it from this process). */
export function cliAsync(args: string[], opts: { cwd?: string } = {}): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => res({ code, stdout, stderr }));
  });
}
