// An analysis thread: loads the knowledge base (the bundled files plus the user's --kb paths) and analyses the
// batches of articles the main thread sends, answering with the analysis part of each.

import { parentPort, workerData } from "node:worker_threads";
import { createAnalyzer } from "../analyze/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article } from "../records.js";
import { type Analysis, analysisOf } from "../store/analyses.js";

export interface AnalyzeJob {
  kbPaths: string[];
}

export type AnalyzeRequest = { id: number; articles: Article[] };
export type AnalyzeReply = { id: number; analyses: Analysis[] } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const { kbPaths } = workerData as AnalyzeJob;
  const analyze = createAnalyzer(loadKnowledge(kbPaths));
  port.on("message", (m: AnalyzeRequest) => {
    try {
      port.postMessage({
        id: m.id,
        analyses: m.articles.map((a) => analysisOf(analyze(a))),
      } satisfies AnalyzeReply);
    } catch (e) {
      port.postMessage({ id: m.id, error: (e as Error).stack ?? String(e) } satisfies AnalyzeReply);
    }
  });
}
