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
  casualties: string | null; // JSON Casualties (migration 0003)
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

/** One row per Event (migration 0003): the columns queries filter on, and the whole record as JSON. */
export interface EventsTable {
  id: string;
  article_id: string;
  sentence: number;
  type: string;
  acled_event_type: string | null;
  acled_sub_event_type: string | null;
  plover_event_type: string | null;
  plover_mode: string | null;
  mode: string | null;
  actor_id: string | null;
  actor_name: string | null;
  target_id: string | null;
  target_name: string | null;
  admin1_code: string | null;
  place_name: string | null;
  lat: number | null;
  lon: number | null;
  date: string | null;
  date_precision: string | null;
  killed: number | null;
  injured: number | null;
  attribution: string | null; // the source's name
  hedged: number; // 0 or 1
  negated: number;
  denied: number;
  main: number;
  record: string; // JSON Event
  /** The day maps and timelines put it on: its own date, else its article's; null when dated only to a year or
   * month (migration 0006). */
  day: string | null;
}

/** One row per Claim (migration 0003). */
export interface ClaimsTable {
  id: string;
  article_id: string;
  event_id: string | null;
  predicate: string;
  subject_id: string | null;
  subject_name: string;
  object_id: string | null;
  object_name: string | null;
  value: number | null;
  unit: string | null;
  qualifier: string | null;
  date: string | null;
  admin1_code: string | null;
  attribution: string | null; // the source's name
  record: string; // JSON Claim
}

/** Stories (migration 0004). */
export interface StoriesTable {
  id: string;
  thread_id: string;
  title: string | null;
  event_day: string | null;
  first_day: string | null;
  last_day: string | null;
  admin1_code: string | null;
  place_id: string | null;
  event_type: string | null;
  articles: number;
  sources: number;
  profile: string; // JSON StoryProfile
  killed_min: number | null;
  killed_max: number | null;
  /** 1 once the cross-check's verdict counts below are computed for the story's current articles. */
  checked: Generated<number>;
  check_agreed: number | null;
  check_compatible: number | null;
  check_conflicting: number | null;
  check_single: number | null;
}

export interface StoryArticlesTable {
  article_id: string;
  story_id: string;
  score: number;
  reprint_of: string | null;
  seq: number;
}

export interface StoryKeysTable {
  key: string;
  day: string;
  story_id: string;
}

export interface LinkTermsTable {
  term: string;
  df: number;
}

export interface LinkStateTable {
  name: string;
  value: number;
}

export interface DB {
  articles: ArticlesTable;
  article_origins: ArticleOriginsTable;
  reprints: ReprintsTable;
  analyses: AnalysesTable;
  entities: EntitiesTable;
  article_entities: ArticleEntitiesTable;
  events: EventsTable;
  claims: ClaimsTable;
  stories: StoriesTable;
  story_articles: StoryArticlesTable;
  story_keys: StoryKeysTable;
  link_terms: LinkTermsTable;
  link_state: LinkStateTable;
}
