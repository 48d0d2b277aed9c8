// Bad input, through the CLI: every rejected file or record gets one line naming where and why, and the rest of the
// batch is stored.

import { closeSync, openSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliAsync, tempDir } from "./helpers.js";

const GOOD =
  "id,title,text,source\n1,Strike on Idlib,Air strikes killed 12 people in Idlib on Monday.,reuters\n";

function stored(db: string): { sourceId: string; title: string }[] {
  return JSON.parse(cli(["articles", "--db", db, "--format", "json", "--limit", "1000"]).stdout);
}

describe("a folder of bad inputs", () => {
  const dir = tempDir();
  const db = join(tempDir(), "bad.db");
  let run: ReturnType<typeof cli>;

  beforeAll(() => {
    writeFileSync(join(dir, "01-empty.csv"), "");
    writeFileSync(
      join(dir, "02-binary.bin"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
    );
    writeFileSync(
      join(dir, "03-latin1.csv"),
      Buffer.concat([
        Buffer.from("id,title,text,source\n3,Caf"),
        Buffer.from([0xe9]),
        Buffer.from(" bombed,A caf"),
        Buffer.from([0xe9, 0xff]),
        Buffer.from(" in Homs was hit.,sana\n"),
      ]),
    );
    writeFileSync(
      join(dir, "04-bom-crlf.csv"),
      "\uFEFFid,title,text,source\r\n4,BOM and CRLF,Shelling hit Daraa on Tuesday.,sana\r\n",
    );
    writeFileSync(
      join(dir, "05-unbalanced.csv"),
      'id,title,text,source\n5,"Open quote,Never closed.,sana\n6,Closed,Fine text here.,sana\n',
    );
    // A 100 MB single line (a JSON Lines record), then a good record.
    const big = openSync(join(dir, "06-huge-line.jsonl"), "w");
    writeSync(big, '{"id": "huge", "text": "');
    const mb = Buffer.alloc(1024 * 1024, "x");
    for (let i = 0; i < 100; i++) writeSync(big, mb);
    writeSync(big, '"}\n{"id": "7", "title": "After the huge line", "text": "Clashes in Hama."}\n');
    closeSync(big);
    writeFileSync(
      join(dir, "08-xxe.xml"),
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>Evil</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>`,
    );
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
      "",
    );
    writeFileSync(
      join(dir, "09-bomb.rss"),
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">${lol}]><rss version="2.0"><channel><title>Bomb</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`,
    );
    writeFileSync(
      join(dir, "10-script.html"),
      `<!doctype html><html lang="en"><head><title>Raid on Raqqa</title><meta property="og:site_name" content="Reuters"><script>require("fs").writeFileSync("${join(dir, "PWNED")}", "x")</script></head><body><article><h1>Raid on Raqqa</h1><p>Coalition aircraft struck Raqqa overnight, killing at least nine people, a monitor said on Wednesday.</p><p>The Syrian Observatory for Human Rights said the strikes hit the city centre.</p><img src="x" onerror="alert(1)"></article></body></html>`,
    );
    symlinkSync(join(dir, "does-not-exist.csv"), join(dir, "11-unreadable.csv"));
    writeFileSync(join(dir, "12-good.csv"), GOOD);
    run = cli(["ingest", dir, "--db", db]);
  }, 120_000);

  it("exits 1 and names every rejected file with its reason", () => {
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l.startsWith("rejected:"));
    const has = (file: string, reason: RegExp) =>
      expect(
        lines.some((l) => l.includes(join(dir, file)) && reason.test(l)),
        `${file}: ${reason}\n${lines.join("\n")}`,
      ).toBe(true);
    has("01-empty.csv", /empty file/);
    has("02-binary.bin", /binary file/);
    has("05-unbalanced.csv", /record 1: line 2: unbalanced quote/);
    has("06-huge-line.jsonl", /record 1 byte 0: line 1 is 104857\d+ bytes, over the \d+-byte record limit/);
    has("08-xxe.xml", /DOCTYPE/);
    has("09-bomb.rss", /DOCTYPE/);
    has("11-unreadable.csv", /no such file|permission denied/);
  });

  it("warns about invalid UTF-8 and keeps the record with replacement characters", () => {
    expect(run.stderr).toMatch(new RegExp(`warning: ${join(dir, "03-latin1.csv")}.*invalid UTF-8`));
    const latin = stored(db).find((a) => a.sourceId === "3");
    expect(latin?.title).toBe("Caf\uFFFD bombed");
  });

  it("stores everything else", () => {
    const ids = stored(db)
      .map((a) => a.sourceId ?? a.title)
      .sort();
    expect(ids).toEqual(["1", "3", "4", "6", "7", "Raid on Raqqa"].sort());
    expect(run.stdout).toMatch(/stored 6 new/);
  });

  it("never reads the external entity and never runs the page's script", () => {
    expect(run.stdout + run.stderr).not.toMatch(/root:x:0/);
    expect(cli(["articles", "--db", db, "--q", "root", "--format", "json"]).stdout.trim()).toBe("[]");
    expect(() => openSync(join(dir, "PWNED"), "r")).toThrow();
    const raid = stored(db).find((a) => a.title === "Raid on Raqqa");
    const shown = JSON.parse(
      cli(["show", (raid as unknown as { id: string }).id, "--db", db, "--format", "json"]).stdout,
    );
    expect(shown.body.join(" ")).not.toMatch(/writeFileSync|onerror|alert/);
    expect(shown.outlet).toBe("Reuters");
  });
});

describe("a URL that does not answer", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer(() => {
      /* accept the request, never answer */
    });
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("is rejected after the time-out with a clear message, and the other inputs are stored", async () => {
    const good = join(tempDir(), "good.csv");
    writeFileSync(good, GOOD);
    const db = join(tempDir(), "url.db");
    const r = await cliAsync([
      "ingest",
      `http://127.0.0.1:${port}/feed.xml`,
      good,
      "--timeout",
      "1",
      "--db",
      db,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `rejected: http://127.0.0.1:${port}/feed.xml: no answer within 1 s (time-out)`,
    );
    expect(r.stdout).toMatch(/stored 1 new/);
  });

  it("reads a feed served over HTTP", async () => {
    const feed = createServer((_req, res) => {
      res.setHeader("content-type", "application/rss+xml");
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>SANA</title><item><title>Army advances in Deir ez-Zor</title><link>https://sana.sy/en/?p=1</link><guid>sana-1</guid><pubDate>Sat, 09 Sep 2017 12:00:00 +0300</pubDate><description>&lt;p&gt;Army units advanced in Deir ez-Zor countryside.&lt;/p&gt;</description></item></channel></rss>`,
      );
    });
    await new Promise<void>((res) => feed.listen(0, "127.0.0.1", res));
    const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rss`;
    const r = await cliAsync(["analyze", url]);
    feed.close();
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout.trim());
    expect(a).toMatchObject({
      sourceId: "sana-1",
      outlet: "SANA",
      url: "https://sana.sy/en/?p=1",
      published: "2017-09-09T12:00:00+03:00",
      body: ["Army units advanced in Deir ez-Zor countryside."],
    });
    expect(a.origin).toMatchObject({ format: "rss", url, record: 1 });
  });
});
