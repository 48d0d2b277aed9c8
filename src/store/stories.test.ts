import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.js";
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
