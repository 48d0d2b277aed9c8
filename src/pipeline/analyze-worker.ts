// An analysis thread: loads the knowledge base (the bundled files plus the user's --kb paths) and analyses the
// batches of articles the main thread sends, answering with the analysis part of each.

import { parentPort, workerData } from "node:worker_threads";
import { createAnalyzer } from "../analyze/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Article, StoryCheck } from "../records.js";
import { type Analysis, analysisOf } from "../store/analyses.js";
import { openStore, type Store } from "../store/sqlite.js";
import { type Prepared, prepareAnalysis } from "./analyze-pool.js";
import { checkStored } from "./compare-job.js";

export interface AnalyzeJob {
  kbPaths: string[];
}

/** `prepare`: answer with rows and link features (the ingest) instead of analyses. `check`: cross-check stored
 * stories (read from the store at `target`, a file or a postgres:// URL) and answer with their verdict counts. */
export type AnalyzeRequest =
  | { id: number; articles: Article[]; prepare?: boolean }
  | { id: number; check: { target: string; stories: string[] } };
export type AnalyzeReply =
  | { id: number; analyses: Analysis[] }
  | { id: number; prepared: Prepared[] }
  | { id: number; checks: [string, StoryCheck | null][] }
  | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const { kbPaths } = workerData as AnalyzeJob;
  const kb = loadKnowledge(kbPaths);
  const analyze = createAnalyzer(kb);
  // The store cross-checks read from, opened on the first check request (a connection of this thread's own).
  let store: { target: string; open: Promise<Store> } | null = null;
  const storeAt = (target: string): Promise<Store> => {
    if (store?.target !== target) {
      store?.open.then((s) => s.close()).catch(() => {});
      store = { target, open: openStore(target) };
    }
    return store.open;
  };
  const check = async (target: string, ids: string[]) => {
    const s = await storeAt(target);
    const checks: [string, StoryCheck | null][] = [];
    for (const id of ids) {
      const c = await checkStored(s, id, kb);
      if (c !== undefined) checks.push([id, c]);
    }
    return checks;
  };
  port.on("message", (m: AnalyzeRequest) => {
    const fail = (e: unknown) =>
      port.postMessage({ id: m.id, error: (e as Error).stack ?? String(e) } satisfies AnalyzeReply);
    if ("check" in m) {
      check(m.check.target, m.check.stories).then(
        (checks) => port.postMessage({ id: m.id, checks } satisfies AnalyzeReply),
        fail,
      );
      return;
    }
    try {
      port.postMessage(
        (m.prepare
          ? { id: m.id, prepared: m.articles.map((a) => prepareAnalysis(analyze(a), kb)) }
          : { id: m.id, analyses: m.articles.map((a) => analysisOf(analyze(a))) }) satisfies AnalyzeReply,
      );
    } catch (e) {
      fail(e);
    }
  });
}
