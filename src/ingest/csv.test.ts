import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlesOf, FAKES, readAll, rejectsOf, tempDir } from "../../test/helpers.js";
import { CsvParser } from "./csv.js";
import { parseFieldMap } from "./fields.js";

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe("CSV parser", () => {
  it("handles quotes, doubled quotes, embedded newlines and CRLF, across chunk boundaries", () => {
    const text = 'a,b\r\n1,"x, ""y""\r\nz"\r\n2,plain\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new CsvParser(",", 1000);
      const items = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()];
      expect(items.map((i) => (i.ok ? i.record.fields : i.reason))).toEqual([
        ["a", "b"],
        ["1", 'x, "y"\r\nz'],
        ["2", "plain"],
      ]);
    }
  });

  it("recovers after an unbalanced quote, losing one record", () => {
    const p = new CsvParser(",", 1000);
    const items = [...p.push('id,text\n1,"ok"\n2,"broken\n3,"fine"\n4,"also fine"\n'), ...p.end()];
    const ok = items.filter((i) => i.ok).map((i) => (i.ok ? i.record.fields[0] : ""));
    // Record 2 is lost; record 3, swallowed by the open quote at first, is recovered by starting again at its line.
    expect(ok).toEqual(["id", "1", "3", "4"]);
    expect(items.some((i) => !i.ok && /unbalanced quote/.test(i.reason) && i.line === 3)).toBe(true);
  });
});

describe("CSV reader", () => {
  it("maps FA-KES columns by name and keeps unit_id as sourceId", async () => {
    const events = await readAll([FAKES]);
    const arts = articlesOf(events);
    expect(rejectsOf(events)).toEqual([]);
    expect(arts).toHaveLength(381);
    const first = arts[0];
    expect(first?.sourceId).toBe("1914947530");
    expect(first?.title).toBe("Syria attack symptoms consistent with nerve agent use WHO");
    expect(first?.outlet).toBe("National News Agency (Lebanon)");
    expect(first?.origin).toMatchObject({ format: "csv", record: 1 });
    expect(new Set(arts.map((a) => a.outlet)).size).toBe(15);
  });

  it("reads a BOM, CRLF line endings and semicolons; --map names other columns", async () => {
    const path = file(
      "export.csv",
      "\uFEFFheadline;story_text;medium;when\r\nStrike on Idlib;Air strikes hit Idlib.;Reuters;2017-04-04\r\n",
    );
    const unmapped = await readAll([path]);
    expect(rejectsOf(unmapped)[0]?.reason).toMatch(/no text column/);
    const events = await readAll([path], {
      map: parseFieldMap(["story_text=body", "medium=outlet", "when=published"]),
    });
    expect(articlesOf(events)).toMatchObject([
      {
        title: "Strike on Idlib",
        body: ["Air strikes hit Idlib."],
        outlet: "Reuters",
        published: "2017-04-04",
      },
    ]);
  });

  it("rejects a row with an unbalanced quote or the wrong field count and keeps the rest", async () => {
    const path = file(
      "bad.csv",
      'id,title,text,source\n1,One,"Good text one.",sana\n2,"Two,Broken text,sana\n3,Three,"Good text three.",sana\n4,Four,too,many,fields\n5,Five,"Good text five.",sana\n',
    );
    const events = await readAll([path]);
    expect(articlesOf(events).map((a) => a.sourceId)).toEqual(["1", "3", "5"]);
    const rejects = rejectsOf(events);
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^line 3: unbalanced quote/),
      expect.stringMatching(/^line 5: 5 fields where the header has 4/),
    ]);
    expect(rejects.every((r) => r.where.file === path)).toBe(true);
  });

  it("rejects a row without text", async () => {
    const events = await readAll([
      file("empty-text.csv", "id,title,text\n1,Only a title,\n2,T,Some text.\n"),
    ]);
    expect(articlesOf(events).map((a) => a.sourceId)).toEqual(["2"]);
    expect(rejectsOf(events)[0]).toMatchObject({
      where: { record: 1 },
      reason: expect.stringMatching(/no article text/),
    });
  });
});
