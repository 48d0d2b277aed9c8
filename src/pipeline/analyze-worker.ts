// An analysis thread: loads the knowledge base (the bundled files plus the user's --kb paths) and analyses the
// batches of articles the main thread sends, answering with the analysis part of each.

import { parentPort, workerData } from "node:worker_threads";
import { createAnalyzer } from "../analyze/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article } from "../records.js";
import { type Analysis, analysisOf } from "../store/analyses.js";
import { type Prepared, prepareAnalysis } from "./analyze-pool.js";

export interface AnalyzeJob {
  kbPaths: string[];
}

/** `prepare`: answer with rows and link features (the ingest) instead of analyses. */
export type AnalyzeRequest = { id: number; articles: Article[]; prepare?: boolean };
export type AnalyzeReply =
  | { id: number; analyses: Analysis[] }
  | { id: number; prepared: Prepared[] }
  | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const { kbPaths } = workerData as AnalyzeJob;
  const kb = loadKnowledge(kbPaths);
  const analyze = createAnalyzer(kb);
  port.on("message", (m: AnalyzeRequest) => {
    try {
      port.postMessage(
        (m.prepare
          ? { id: m.id, prepared: m.articles.map((a) => prepareAnalysis(analyze(a), kb)) }
          : { id: m.id, analyses: m.articles.map((a) => analysisOf(analyze(a))) }) satisfies AnalyzeReply,
      );
    } catch (e) {
      port.postMessage({ id: m.id, error: (e as Error).stack ?? String(e) } satisfies AnalyzeReply);
    }
  });
}
