// Scores stories against incidents labelled by reading (eval/fakes-dev-incidents.tsv): pairwise precision, recall
// and F1 over pairs of articles, the measure the stories issue sets. Two ways in:
//   node dist/eval/stories.js --stories stories.jsonl     output of `parallax stories --format jsonl`
//   node dist/eval/stories.js --analyzed analyzed.jsonl   output of `parallax analyze --format jsonl`, linked here
//                                                         in memory (no database), to try link options quickly
// Options: --labels FILE (default: the FA-KES dev labels), --errors (list the pairs it gets wrong),
// --set name=value (a link option, e.g. --set join=0.5).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadKnowledge } from "../src/knowledge/index.js";
import { linkFeatures } from "../src/link/features.js";
import { documentKeys, type LinkOptions, StreamLinker } from "../src/link/linker.js";
import { MemoryStoryPort } from "../src/link/memory.js";
import { profileOf, type StoryProfile } from "../src/link/profile.js";
import { type Similarity, similarity, UNDATED_GAP } from "../src/link/similarity.js";
import type { AnalyzedArticle } from "../src/records.js";

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_LABELS = join(here, "..", "..", "eval", "fakes-dev-incidents.tsv");

export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  articles: number;
}

/** Incident label by source id (FA-KES unit_id), from the labels file. */
export function readLabels(file: string): Map<string, { incident: string; title: string }> {
  const out = new Map<string, { incident: string; title: string }>();
  const lines = readFileSync(file, "utf8").split("\n");
  const header = lines.find((l) => l && !l.startsWith("#"))?.split("\t") ?? [];
  const col = (name: string) => header.indexOf(name);
  for (const line of lines) {
    if (!line || line.startsWith("#") || line.startsWith("row\t")) continue;
    const cells = line.split("\t");
    out.set(cells[col("unit_id")] as string, {
      incident: cells[col("incident")] as string,
      title: cells[col("title")] as string,
    });
  }
  return out;
}

/** Pairwise scores of a clustering (story by source id) against labels (incident by source id). */
export function scorePairs(
  story: ReadonlyMap<string, string>,
  labels: ReadonlyMap<string, { incident: string }>,
): PairScore & { missed: [string, string][]; wrong: [string, string][] } {
  const ids = [...story.keys()].filter((id) => labels.has(id)).sort();
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  const missed: [string, string][] = [];
  const wrong: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as string;
      const b = ids[j] as string;
      const same = labels.get(a)?.incident === labels.get(b)?.incident;
      const together = story.get(a) === story.get(b);
      if (same) truePairs++;
      if (together) predictedPairs++;
      if (same && together) correctPairs++;
      else if (same) missed.push([a, b]);
      else if (together) wrong.push([a, b]);
    }
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs, articles: ids.length, missed, wrong };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      stories: { type: "string" },
      analyzed: { type: "string" },
      labels: { type: "string" },
      errors: { type: "boolean" },
      fit: { type: "boolean" },
      set: { type: "string", multiple: true },
    },
  });
  const labels = readLabels(values.labels ?? DEFAULT_LABELS);
  const story = new Map<string, string>();
  if (values.stories) {
    for (const line of readFileSync(values.stories, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const s = JSON.parse(line) as { id: string; articles: { sourceId: string | null }[] };
      for (const a of s.articles) if (a.sourceId) story.set(a.sourceId, s.id);
    }
  } else if (values.analyzed && values.fit) {
    fitWeights(values.analyzed, labels);
    return;
  } else if (values.analyzed) {
    const options: Partial<LinkOptions> = {};
    for (const kv of values.set ?? []) {
      const [k, v] = kv.split("=");
      (options as Record<string, number>)[k as string] = Number(v);
    }
    const kb = loadKnowledge();
    const port = new MemoryStoryPort();
    const linker = new StreamLinker(port, options);
    const sourceOf = new Map<string, string>();
    for (const a of readAnalyzed(values.analyzed)) {
      if (a.sourceId) sourceOf.set(a.id, a.sourceId);
      linker.link(linkFeatures(a, kb));
      linker.mergePass();
    }
    for (const [storyId, members] of port.members)
      for (const m of members) {
        const sid = sourceOf.get(m.articleId);
        if (sid) story.set(sid, storyId);
      }
  } else {
    throw new Error("give --stories FILE or --analyzed FILE");
  }
  const s = scorePairs(story, labels);
  const f = (x: number) => x.toFixed(3);
  if (values.errors) {
    const t = (id: string) => `${id} ${labels.get(id)?.incident} | ${labels.get(id)?.title}`;
    for (const [a, b] of s.wrong) console.log(`WRONG  ${t(a)}\n       ${t(b)}`);
    for (const [a, b] of s.missed) console.log(`MISSED ${t(a)}\n       ${t(b)}`);
  }
  console.log(
    `stories: articles ${s.articles}, true pairs ${s.truePairs}, predicted pairs ${s.predictedPairs}, ` +
      `correct ${s.correctPairs}; precision ${f(s.precision)} recall ${f(s.recall)} F1 ${f(s.f1)}`,
  );
}

/** The records of `parallax analyze --format jsonl` output. */
function readAnalyzed(file: string): AnalyzedArticle[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AnalyzedArticle);
}

/** The parts of the similarity the logistic combination weighs, in WEIGHTS order (without the bias). */
const PARTS = [
  "text",
  "lead",
  "title",
  "place",
  "placeConflict",
  "entities",
  "sameToll",
  "typeConflict",
  "date",
] as const;

function partValues(s: Similarity): number[] {
  return PARTS.map((k) => Number(s[k]));
}

/**
 * Fits the weights of the similarity's logistic combination on every pair of labelled articles within the linker's
 * day window (plain gradient descent with a little L2), and prints them for src/link/similarity.ts.
 */
function fitWeights(file: string, labels: Map<string, { incident: string }>): void {
  const kb = loadKnowledge();
  const articles = readAnalyzed(file).filter((a) => a.sourceId && labels.has(a.sourceId));
  const features = articles.map((a) => linkFeatures(a, kb));
  const profiles = features.map((f) => profileOf(f, f.articleId));
  const df = new Map<string, number>();
  for (const f of features) for (const t of documentKeys(f)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = features.length;
  const idf = (t: string) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = similarity(profiles[i] as StoryProfile, profiles[j] as StoryProfile, idf);
      if (s.dayGap > 3 && s.dayGap !== UNDATED_GAP) continue;
      xs.push([...partValues(s), 1]);
      const li = labels.get(articles[i]?.sourceId as string)?.incident;
      ys.push(li === labels.get(articles[j]?.sourceId as string)?.incident ? 1 : 0);
    }
  const w = new Array(PARTS.length + 1).fill(0) as number[];
  for (let it = 0; it < 20000; it++) {
    const g = new Array(w.length).fill(0) as number[];
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number[];
      let z = 0;
      for (let d = 0; d < w.length; d++) z += (w[d] as number) * (x[d] as number);
      const err = 1 / (1 + Math.exp(-z)) - (ys[k] as number);
      for (let d = 0; d < w.length; d++) g[d] = (g[d] as number) + err * (x[d] as number);
    }
    for (let d = 0; d < w.length; d++)
      w[d] = (w[d] as number) - 2 * ((g[d] as number) / xs.length + (d < PARTS.length ? 1e-3 * (w[d] as number) : 0));
  }
  const pos = ys.filter((y) => y === 1).length;
  console.log(`fitted on ${xs.length} pairs within the window (${pos} same incident)`);
  console.log(
    [...PARTS.map((p, d) => `${p}: ${(w[d] as number).toFixed(2)}`), `bias: ${(w.at(-1) as number).toFixed(2)}`].join(", "),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
