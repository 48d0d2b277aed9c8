import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.js";
import { prepareArticle } from "../ingest/index.js";
import { emptyDraft } from "../ingest/normalize.js";
import type { ArticleDraft } from "../records.js";
import { ArticleWriter, countArticles, getArticle, listArticles, QuerySyntaxError } from "./articles.js";
import { openSqlite } from "./sqlite.js";

function draft(over: Partial<ArticleDraft>, record = 1): ArticleDraft {
  return { ...emptyDraft({ format: "csv", file: "/data/in.csv", record }), ...over };
}

const STRIKE = [
  "Air strikes killed at least 20 civilians in the rebel-held town of Saraqeb in Idlib province on Monday, a monitor said.",
  "The Syrian Observatory for Human Rights said the strikes hit a market and a residential building and that rescue workers were still searching the rubble.",
];

describe("the SQLite store", () => {
  it("stores articles once, records every origin, links reprints, and re-runs add nothing", async () => {
    const path = join(tempDir(), "store.db");
    const store = await openSqlite(path);
    const writer = new ArticleWriter(store);
    const a = draft(
      { title: "Strikes kill 20 in Idlib", body: STRIKE, outlet: "AFP", published: "2017-04-03" },
      1,
    );
    const sameText = draft(
      { title: "Other title", body: STRIKE.map((p) => p.toUpperCase()), outlet: "Al-Ahram" },
      2,
    );
    const reprint = draft(
      {
        body: [STRIKE[0] as string, `${STRIKE[1]} The toll may rise.`],
        outlet: "The Jordan Times",
        published: "2017-04-04",
      },
      3,
    );
    const outcomes = writer.write([a, sameText, reprint].map(prepareArticle));
    expect(outcomes.map((o) => o.kind)).toEqual(["stored", "duplicate", "stored"]);
    const third = outcomes[2];
    expect(third?.kind === "stored" && third.reprint?.originalId).toBe(prepareArticle(a).article.id);

    // A second writer (a re-run) loads the reprint index from the file and stores nothing new.
    const again = new ArticleWriter(store).write([a, sameText, reprint].map(prepareArticle));
    expect(again.map((o) => o.kind)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(await countArticles(store)).toEqual({ articles: 2, origins: 3, reprints: 1, outlets: 2 });

    const shown = await getArticle(store, prepareArticle(a).article.id);
    expect(shown?.origins.map((o) => o.record)).toEqual([1, 2]);
    expect(shown?.reprintedBy.map((r) => r.articleId)).toEqual([prepareArticle(reprint).article.id]);
    expect(shown?.body).toEqual(STRIKE);
    await store.close();

    // It is a real SQLite file with an FTS5 index kept in step.
    const raw = new Database(path, { readonly: true });
    expect(
      raw.prepare("select count(*) n from articles_fts where articles_fts match 'saraqeb'").get(),
    ).toEqual({ n: 2 });
    raw.close();
  });

  it("searches, filters by outlet and date, and turns a bad FTS query into a clear error", async () => {
    const store = await openSqlite(join(tempDir(), "q.db"));
    new ArticleWriter(store).write(
      [
        draft(
          { title: "Strike on Saraqeb", body: STRIKE, outlet: "AFP", published: "2017-04-03T10:00:00" },
          1,
        ),
        draft(
          {
            title: "Offensive in Deir ez-Zor",
            body: ["The SDF launched an offensive against IS in Deir ez-Zor province."],
            outlet: "Xinhua",
            published: "2017-09-09",
          },
          2,
        ),
      ].map(prepareArticle),
    );
    expect((await listArticles(store, { q: "offensive" })).map((r) => r.outlet)).toEqual(["Xinhua"]);
    expect((await listArticles(store, { outlet: "afp" })).map((r) => r.title)).toEqual(["Strike on Saraqeb"]);
    expect(
      (await listArticles(store, { from: "2017-04-03", to: "2017-04-03" })).map((r) => r.outlet),
    ).toEqual(["AFP"]);
    expect((await listArticles(store, {})).map((r) => r.outlet)).toEqual(["Xinhua", "AFP"]);
    await expect(listArticles(store, { q: 'Deir AND ("' })).rejects.toBeInstanceOf(QuerySyntaxError);
    await store.close();
  });
});
