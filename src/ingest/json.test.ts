import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlesOf, readAll, rejectsOf, tempDir } from "../../test/helpers.js";
import { loadKnowledge } from "../knowledge/index.js";
import { readJsonLines } from "./json.js";
import { readLines } from "./lines.js";

function file(name: string, content: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe("JSON Lines", () => {
  it("reads one object a line, rejecting bad lines by number and byte offset", async () => {
    const path = file(
      "a.jsonl",
      `${JSON.stringify({ id: "x1", title: "T1", text: "Body one.", source: { name: "AFP" }, published: "2017-09-09T10:00:00Z" })}\n{"id": "x2", "text": \n\n${JSON.stringify({ id: "x3", body: ["Para one.", "Para two."], outlet: "sana" })}\n[1,2]\n`,
    );
    const events = await readAll([path]);
    const arts = articlesOf(events);
    expect(arts.map((a) => a.sourceId)).toEqual(["x1", "x3"]);
    expect(arts[0]).toMatchObject({
      outlet: "AFP",
      published: "2017-09-09T10:00:00Z",
      publishedPrecision: "second",
    });
    expect(arts[1]).toMatchObject({ outlet: "SANA", body: ["Para one.", "Para two."] });
    const rejects = rejectsOf(events);
    expect(rejects[0]).toMatchObject({
      where: { record: 2, byteOffset: expect.any(Number) },
      reason: expect.stringMatching(/line 2: invalid JSON/),
    });
    expect(rejects[1]?.reason).toMatch(/expected an object, got an array/);
  });

  it("streams: records come out before the input ends", async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced++;
        yield Buffer.from(`${JSON.stringify({ id: `n${produced}`, text: `Report number ${produced}.` })}\n`);
      }
    }
    const seen: string[] = [];
    for await (const e of readJsonLines(readLines(endless(), { maxLineBytes: 1 << 20 }), "endless", {
      map: new Map(),
      book: loadKnowledge().outlets,
      maxRecordChars: 1 << 20,
    })) {
      if (e.kind === "article") seen.push(e.article.sourceId ?? "");
      if (seen.length === 1000) break;
    }
    expect(seen.at(-1)).toBe("n1000");
    expect(produced).toBeLessThan(1010);
  });
});

describe("JSON documents", () => {
  it("reads an array, one bad element costing one record", async () => {
    const path = file(
      "a.json",
      `[{"id": 1, "content": "First."}, {"id": 2}, "text", {"id": 3, "content": "Third.", "date": "Sept. 9, 2017"}]`,
    );
    const events = await readAll([path]);
    expect(articlesOf(events).map((a) => [a.sourceId, a.published])).toEqual([
      ["1", null],
      ["3", "2017-09-09"],
    ]);
    expect(rejectsOf(events).map((r) => r.where.record)).toEqual([2, 3]);
  });

  it("reads a wrapper object and a single article object", async () => {
    const wrapped = articlesOf(
      await readAll([
        file("w.json", JSON.stringify({ articles: [{ text: "A." }, { text: "B." }] }, null, 2)),
      ]),
    );
    expect(wrapped.map((a) => a.body[0])).toEqual(["A.", "B."]);
    const single = articlesOf(
      await readAll([file("s.json", JSON.stringify({ title: "One", text: "Only." }, null, 2))]),
    );
    expect(single.map((a) => a.title)).toEqual(["One"]);
  });

  it("reports a truncated array", async () => {
    const events = await readAll([file("t.json", '[{"text": "Kept."}, {"text": "Lost')]);
    expect(articlesOf(events).map((a) => a.body[0])).toEqual(["Kept."]);
    expect(rejectsOf(events)[0]?.reason).toMatch(/not closed/);
  });
});
