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

export interface AnalysesTable {
  article_id: string;
  version: number;
  published: string | null;
  published_precision: string | null;
  published_source: string | null;
  admin1_code: string | null;
  lat: number | null;
  lon: number | null;
  location: string | null; // JSON Location
  secondary_locations: string; // JSON Location[]
  mentions: string; // JSON Mention[]
  times: string; // JSON TimeExpression[]
  numbers: string; // JSON Quantity[]
  analyzed_at: string;
}

export interface EntitiesTable {
  id: string;
  name: string;
  type: string;
  kind: string;
  kb_id: string | null;
  lat: number | null;
  lon: number | null;
  admin1_code: string | null;
  country: string | null;
}

export interface ArticleEntitiesTable {
  article_id: string;
  entity_id: string;
  mentions: number;
  surface_forms: string; // JSON string[]
  roles: string | null; // JSON string[]
}

export interface DB {
  articles: ArticlesTable;
  article_origins: ArticleOriginsTable;
  reprints: ReprintsTable;
  analyses: AnalysesTable;
  entities: EntitiesTable;
  article_entities: ArticleEntitiesTable;
}
