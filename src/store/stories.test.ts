import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.js";
import type { LinkFeatures } from "../link/features.js";
import { StreamLinker } from "../link/linker.js";
import { openSqlite } from "./sqlite.js";
import { StoryStore } from "./stories.js";

describe("the linker's port over SQLite", () => {
  it("counts a document's words once each, cached or not, and reads the same counts back after a restart", async () => {
    const path = join(tempDir(), "df.db");
    const store = await openSqlite(path);
    const port = new StoryStore(store);
    port.countDocument(["attack", "idlib", "attack"]);
    expect(port.documentFrequency("idlib")).toBe(1); // now cached
    port.countDocument(["attack", "idlib"]);
    port.countDocument(["raqqa"]); // never looked up before
    expect([port.documentFrequency("attack"), port.documentFrequency("idlib")]).toEqual([2, 2]);
    expect(port.documentFrequency("raqqa")).toBe(1);
    expect(port.documents()).toBe(3);
    const again = new StoryStore(store);
    expect(["attack", "idlib", "raqqa"].map((t) => again.documentFrequency(t))).toEqual([2, 2, 1]);
    expect(again.documents()).toBe(3);
    await store.close();
  });
});

describe("the port's profile cache", () => {
  /** Reports of 12 incidents, four outlets each, interleaved as a stream brings them. */
  function reports(): LinkFeatures[] {
    const out: LinkFeatures[] = [];
    for (let outlet = 0; outlet < 4; outlet++)
      for (let incident = 0; incident < 12; incident++) {
        const words = [
          `town${incident}`,
          `shelling${incident % 3}`,
          `word${incident}`,
          `other${outlet}`,
          "syria",
        ];
        const terms = new Map(words.map((w) => [w, 1] as [string, number]));
        // Two incidents on most days, in different governorates; the same incident in a week's time is far.
        const day = new Date(Date.UTC(2017, 8, 1 + Math.floor(incident / 2) * 5)).toISOString().slice(0, 10);
        const id = `a${incident}-${outlet}`;
        out.push({
          articleId: id,
          sourceId: id,
          outlet: `outlet${outlet}`,
          title: words.join(" "),
          published: day,
          sourceKey: `outlet${outlet}`,
          reprintOf: null,
          days: [day],
          terms,
          lead: new Map(terms),
          titleTerms: new Map(terms),
          places: new Map([[`geonames:${incident}`, 1]]),
          placeId: `geonames:${incident}`,
          admin1: `SY-${incident % 2}`,
          actors: new Map(),
          eventType: "attack",
          acledType: "Battles",
          killed: incident,
          location: null,
        });
      }
    return out;
  }

  /** The stories made (their profiles as stored: which outlets, words, places and days each took in). */
  async function link(cached?: number): Promise<{ id: string; profile: string }[]> {
    const store = await openSqlite(join(tempDir(), "cache.db"));
    const port = new StoryStore(store, cached);
    const linker = new StreamLinker(port);
    const all = reports();
    port.inTransaction(() => {
      for (const [i, f] of all.entries()) {
        linker.link(f);
        if (i % 10 === 9) linker.mergePass();
      }
      linker.mergePass();
    });
    const stories = store.sqlite.prepare("select id, profile from stories order by id").all() as {
      id: string;
      profile: string;
    }[];
    await store.close();
    return stories;
  }

  it("gives the same stories when it holds two profiles as when it holds them all", async () => {
    const all = await link();
    // Stories of several outlets each, fewer than the reports: the linker joined and merged.
    expect(all.length).toBeGreaterThan(1);
    expect(all.length).toBeLessThan(48);
    expect(await link(2)).toEqual(all);
  });
});
