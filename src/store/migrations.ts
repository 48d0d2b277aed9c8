// Versioned schema changes, applied in order by Kysely's Migrator and recorded in kysely_migration.
// Never edit a released migration: add the next one.

import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

const migrations: Record<string, Migration> = {
  "0001_articles": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("articles")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("id", "text", (c) => c.notNull().unique())
        .addColumn("source_id", "text")
        .addColumn("outlet", "text")
        .addColumn("via", "text")
        .addColumn("published", "text")
        .addColumn("published_precision", "text")
        .addColumn("dateline", "text")
        .addColumn("byline", "text")
        .addColumn("editor", "text")
        .addColumn("credits", "text", (c) => c.notNull())
        .addColumn("title", "text")
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("captions", "text", (c) => c.notNull())
        .addColumn("url", "text")
        .addColumn("language", "text")
        .addColumn("flags", "text", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("shingles", "integer", (c) => c.notNull())
        .addColumn("signature", "blob")
        .addColumn("ingested_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("articles_outlet").on("articles").column("outlet").execute();
      await db.schema.createIndex("articles_published").on("articles").column("published").execute();
      await db.schema
        .createTable("article_origins")
        .addColumn("article_id", "text", (c) => c.notNull())
        .addColumn("origin_key", "text", (c) => c.notNull())
        .addColumn("source_id", "text")
        .addColumn("outlet", "text")
        .addColumn("origin", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("article_origins_pk", ["article_id", "origin_key"])
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createTable("reprints")
        .addColumn("article_id", "text", (c) => c.primaryKey())
        .addColumn("original_id", "text", (c) => c.notNull())
        .addColumn("similarity", "real", (c) => c.notNull())
        .addColumn("containment", "real", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("reprints_original").on("reprints").column("original_id").execute();
      // Full-text index over title and body. New rows are indexed by the writer with one insert-select per batch, in
      // the batch's transaction (3x cheaper than a row trigger); deletes and edits are kept in step by triggers.
      await sql`create virtual table articles_fts using fts5(title, body, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')`.execute(
        db,
      );
      // Merge segments less eagerly while ingesting (measured: 8% faster ingest at 100k articles).
      await sql`insert into articles_fts(articles_fts, rank) values ('automerge', 16)`.execute(db);
      await sql`create trigger articles_ad after delete on articles begin
        insert into articles_fts(articles_fts, rowid, title, body) values ('delete', old.seq, old.title, old.body); end`.execute(
        db,
      );
      await sql`create trigger articles_au after update of title, body on articles begin
        insert into articles_fts(articles_fts, rowid, title, body) values ('delete', old.seq, old.title, old.body);
        insert into articles_fts(rowid, title, body) values (new.seq, new.title, new.body); end`.execute(db);
    },
  },
  "0002_analyses": {
    async up(db: Kysely<unknown>) {
      // One row per analysed article; the analyzer version lets a newer Parallax re-analyse what an older one read.
      await db.schema
        .createTable("analyses")
        .addColumn("article_id", "text", (c) => c.primaryKey())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("published", "text")
        .addColumn("published_precision", "text")
        .addColumn("published_source", "text")
        .addColumn("admin1_code", "text")
        .addColumn("lat", "real")
        .addColumn("lon", "real")
        .addColumn("location", "text")
        .addColumn("secondary_locations", "text", (c) => c.notNull())
        .addColumn("mentions", "text", (c) => c.notNull())
        .addColumn("times", "text", (c) => c.notNull())
        .addColumn("numbers", "text", (c) => c.notNull())
        .addColumn("analyzed_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("analyses_admin1").on("analyses").column("admin1_code").execute();
      await db.schema.createIndex("analyses_published").on("analyses").column("published").execute();
      await db.schema
        .createTable("entities")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("kb_id", "text")
        .addColumn("lat", "real")
        .addColumn("lon", "real")
        .addColumn("admin1_code", "text")
        .addColumn("country", "text")
        .execute();
      await db.schema
        .createTable("article_entities")
        .addColumn("article_id", "text", (c) => c.notNull())
        .addColumn("entity_id", "text", (c) => c.notNull())
        .addColumn("mentions", "integer", (c) => c.notNull())
        .addColumn("surface_forms", "text", (c) => c.notNull())
        .addColumn("roles", "text")
        .addPrimaryKeyConstraint("article_entities_pk", ["article_id", "entity_id"])
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createIndex("article_entities_entity")
        .on("article_entities")
        .columns(["entity_id", "article_id"])
        .execute();
    },
  },
  "0003_events": {
    async up(db: Kysely<unknown>) {
      // The main incident's toll (JSON Casualties). Analyses of version 1 have none: the next ingest redoes them.
      await db.schema.alterTable("analyses").addColumn("casualties", "text").execute();
      // One row per event a sentence reports: the columns lists filter on, and the whole Event as JSON. An article's
      // events are replaced whenever its analysis is.
      await db.schema
        .createTable("events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("article_id", "text", (c) => c.notNull().references("articles.id").onDelete("cascade"))
        .addColumn("sentence", "integer", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("acled_event_type", "text")
        .addColumn("acled_sub_event_type", "text")
        .addColumn("plover_event_type", "text")
        .addColumn("plover_mode", "text")
        .addColumn("mode", "text")
        .addColumn("actor_id", "text")
        .addColumn("actor_name", "text")
        .addColumn("target_id", "text")
        .addColumn("target_name", "text")
        .addColumn("admin1_code", "text")
        .addColumn("place_name", "text")
        .addColumn("lat", "real")
        .addColumn("lon", "real")
        .addColumn("date", "text")
        .addColumn("date_precision", "text")
        .addColumn("killed", "integer")
        .addColumn("injured", "integer")
        .addColumn("attribution", "text")
        .addColumn("hedged", "integer", (c) => c.notNull())
        .addColumn("negated", "integer", (c) => c.notNull())
        .addColumn("denied", "integer", (c) => c.notNull())
        .addColumn("main", "integer", (c) => c.notNull())
        .addColumn("record", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("events_article").on("events").column("article_id").execute();
      await db.schema.createIndex("events_type").on("events").column("type").execute();
      await db.schema.createIndex("events_admin1").on("events").column("admin1_code").execute();
      await db.schema.createIndex("events_date").on("events").column("date").execute();
      await db.schema.createIndex("events_actor").on("events").column("actor_id").execute();
      // Factual statements, what the cross-check compares: subject, predicate, object or value, as JSON too.
      await db.schema
        .createTable("claims")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("article_id", "text", (c) => c.notNull().references("articles.id").onDelete("cascade"))
        .addColumn("event_id", "text")
        .addColumn("predicate", "text", (c) => c.notNull())
        .addColumn("subject_id", "text")
        .addColumn("subject_name", "text", (c) => c.notNull())
        .addColumn("object_id", "text")
        .addColumn("object_name", "text")
        .addColumn("value", "real")
        .addColumn("unit", "text")
        .addColumn("qualifier", "text")
        .addColumn("date", "text")
        .addColumn("admin1_code", "text")
        .addColumn("attribution", "text")
        .addColumn("record", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("claims_article").on("claims").column("article_id").execute();
      await db.schema.createIndex("claims_predicate").on("claims").column("predicate").execute();
    },
  },
  "0004_stories": {
    async up(db: Kysely<unknown>) {
      // Stories: the columns lists filter on, and the linker's profile (word weights, places, days …) as JSON.
      await db.schema
        .createTable("stories")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("thread_id", "text", (c) => c.notNull())
        .addColumn("title", "text")
        .addColumn("event_day", "text")
        .addColumn("first_day", "text")
        .addColumn("last_day", "text")
        .addColumn("admin1_code", "text")
        .addColumn("place_id", "text")
        .addColumn("event_type", "text")
        .addColumn("articles", "integer", (c) => c.notNull())
        .addColumn("sources", "integer", (c) => c.notNull())
        .addColumn("profile", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("stories_event_day").on("stories").column("event_day").execute();
      await db.schema.createIndex("stories_thread").on("stories").column("thread_id").execute();
      // Which story each article is in; an article is in exactly one.
      await db.schema
        .createTable("story_articles")
        .addColumn("article_id", "text", (c) => c.primaryKey().references("articles.id").onDelete("cascade"))
        .addColumn("story_id", "text", (c) => c.notNull())
        .addColumn("score", "real", (c) => c.notNull())
        .addColumn("reprint_of", "text")
        .addColumn("seq", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("story_articles_story")
        .on("story_articles")
        .columns(["story_id", "seq"])
        .execute();
      // The linker's index: a story is found by a key (place, governorate, rare word) on a day.
      await db.schema
        .createTable("story_keys")
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("day", "text", (c) => c.notNull())
        .addColumn("story_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("story_keys_pk", ["key", "day", "story_id"])
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema.createIndex("story_keys_story").on("story_keys").column("story_id").execute();
      // Document frequencies of words and entities over linked articles (the IDF of the word vectors).
      await db.schema
        .createTable("link_terms")
        .addColumn("term", "text", (c) => c.primaryKey())
        .addColumn("df", "integer", (c) => c.notNull())
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createTable("link_state")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "integer", (c) => c.notNull())
        .execute();
    },
  },
  "0005_story_lists": {
    async up(db: Kysely<unknown>) {
      // What story lists sort and show without reading profiles: the death toll range, and the cross-check's verdict
      // counts (computed on first read by the server, cleared whenever the linker saves the story again).
      for (const c of [
        "killed_min",
        "killed_max",
        "check_agreed",
        "check_compatible",
        "check_conflicting",
        "check_single",
      ])
        await db.schema.alterTable("stories").addColumn(c, "integer").execute();
      await db.schema
        .alterTable("stories")
        .addColumn("checked", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("stories_killed").on("stories").column("killed_max").execute();
      await db.schema.createIndex("stories_sources").on("stories").columns(["sources", "articles"]).execute();
      await db.schema.createIndex("stories_first_day").on("stories").column("first_day").execute();
      await db.schema.createIndex("stories_admin1").on("stories").column("admin1_code").execute();
      // Stories linked before this migration: their tolls from their profiles.
      const rows = await sql<{ id: string; profile: string }>`select id, profile from stories`.execute(db);
      for (const r of rows.rows) {
        const killed = (JSON.parse(r.profile) as { killed?: number[] }).killed ?? [];
        if (killed.length === 0) continue;
        await sql`update stories set killed_min = ${Math.min(...killed)}, killed_max = ${Math.max(...killed)}
          where id = ${r.id}`.execute(db);
      }
    },
  },
  "0006_event_days": {
    async up(db: Kysely<unknown>) {
      // The day maps and timelines put an event on, stored so that they filter and group by an index (a million
      // events computed row by row took a second a request). Rule: store/events.ts eventDay.
      await db.schema.alterTable("events").addColumn("day", "text").execute();
      await sql`update events set day = case when date_precision in ('year', 'month') then null
        else substr(coalesce(date, (select published from analyses where analyses.article_id = events.article_id)),
          1, 10) end`.execute(db);
      await db.schema.createIndex("events_main_day").on("events").columns(["main", "day", "type"]).execute();
      await db.schema.createIndex("events_day").on("events").columns(["day", "type"]).execute();
      // A first cut of 0005 indexed (main, date); only development databases have it.
      await db.schema.dropIndex("events_main_date").ifExists().execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
