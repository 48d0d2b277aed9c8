// The tables, as Kysely sees them. Column names are snake_case; JSON columns hold arrays and objects as text so the
// same schema works on SQLite and PostgreSQL.

import type { Generated } from "kysely";

export interface ArticlesTable {
  seq: Generated<number>;
  id: string;
  source_id: string | null;
  outlet: string | null;
  via: string | null;
  published: string | null;
  published_precision: string | null;
  dateline: string | null;
  byline: string | null;
  editor: string | null;
  credits: string; // JSON string[]
  title: string | null;
  body: string; // paragraphs joined by blank lines
  captions: string; // JSON string[]
  url: string | null;
  language: string | null;
  flags: string; // JSON ArticleFlag[]
  origin: string; // JSON Origin (the first one seen)
  shingles: number;
  signature: Uint8Array | null;
  ingested_at: string;
}

export interface ArticleOriginsTable {
  article_id: string;
  origin_key: string;
  source_id: string | null;
  outlet: string | null;
  origin: string; // JSON Origin
}

export interface ReprintsTable {
  article_id: string;
  original_id: string;
  similarity: number;
  containment: number;
}

export interface DB {
  articles: ArticlesTable;
  article_origins: ArticleOriginsTable;
  reprints: ReprintsTable;
}
