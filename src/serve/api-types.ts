// The JSON the HTTP API answers with: the contract between serve/ and web/. The web UI imports these types
// (types only, nothing at run time); `npm run schemas` turns them into api-schemas.json, the answer types of the
// OpenAPI document (openapi.ts). Route parameters are described in schemas.ts.

import type {
  Article,
  Casualties,
  Claim,
  Event,
  EventPoint,
  IngestCounts,
  Location,
  Story,
  StoryCheck,
} from "../records.js";

export type {
  Article,
  Claim,
  Comparison,
  Event,
  EventPoint,
  IngestCounts,
  Location,
  Story,
  StoryArticle,
  StoryCheck,
} from "../records.js";

/** GET /api/overview: what the database holds, and what the filters can offer. */
export interface Overview {
  articles: number;
  outlets: number;
  analyzed: number;
  stories: number;
  events: number;
  /** First and last day any story is about. */
  days: { first: string | null; last: string | null };
  /** Event types of main events, most frequent first. */
  types: { type: string; label: string; count: number }[];
  /** The label of every event type of the knowledge base (secondary events have types main events rarely do). */
  typeLabels: Record<string, string>;
  governorates: { code: string; name: string; stories: number }[];
  outletNames: string[];
  /** True when write endpoints need `Authorization: Bearer <PARALLAX_TOKEN>`. */
  writeNeedsToken: boolean;
}

/** A story as lists show it: its first 10 articles (`articleCount` says how many it has). */
export interface StoryRow extends Story {
  articleCount: number;
  check: StoryCheck | null;
}

/** GET /api/stories */
export interface StoryList {
  total: number;
  items: StoryRow[];
}

/** GET /api/stories/:id */
export interface StoryDetail {
  story: Story;
  check: StoryCheck | null;
  /** Other stories of the same campaign thread. */
  thread: { id: string; title: string | null; day: string | null }[];
}

/** A part of an article's analysis text (claims' and mentions' offsets point into `text`). */
export interface TextPart {
  kind: "title" | "body" | "caption";
  index: number;
  start: number;
  end: number;
}

/** One article as the side-by-side view reads it. */
export interface ArticleText {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
  dateline: string | null;
  credits: string[];
  url: string | null;
  reprintOf: string | null;
  /** Title, body paragraphs and captions joined by blank lines: what claim offsets point into. */
  text: string;
  parts: TextPart[];
}

/** GET /api/stories/:id/articles */
export interface StoryArticles {
  articles: ArticleText[];
}

/** GET /api/articles */
export interface ArticleList {
  items: {
    id: string;
    sourceId: string | null;
    outlet: string | null;
    published: string | null;
    title: string | null;
    lead: string;
    /** With `q`: the matching words, marked with «» (plain text: render as text). */
    snippet?: string;
    storyId: string | null;
  }[];
}

/** GET /api/articles/:id */
export interface ArticleDetail {
  article: Article;
  text: string;
  parts: TextPart[];
  storyId: string | null;
  location: Location | null;
  casualties: Casualties | null;
  entities: { id: string; name: string; type: string; mentions: number }[];
  events: Event[];
  claims: Claim[];
  reprintOf: { articleId: string; outlet: string | null } | null;
}

/** GET /api/entities */
export interface EntityList {
  items: {
    id: string;
    name: string;
    type: string;
    kind: string;
    articles: number;
    mentions: number;
    surfaceForms: string[];
    admin1Code: string | null;
  }[];
}

/** GET /api/entities/:id */
export interface EntityDetail {
  id: string;
  name: string;
  type: string;
  kind: string;
  admin1Code: string | null;
  lat: number | null;
  lon: number | null;
  /** Spellings seen, most frequent first. */
  spellings: { text: string; count: number }[];
  /** Mentions by outlet. */
  byOutlet: { outlet: string; articles: number; mentions: number }[];
  /** Entities named in the same articles, most shared articles first. */
  cooccurring: { id: string; name: string; type: string; articles: number }[];
  /** Events it acts in or is targeted by, or that happen at it (a place). */
  events: EventPoint[];
}

/** GET /api/events */
export interface EventList {
  total: number;
  items: EventPoint[];
}

/** GET /api/timeline: events per day and type (same filters as /api/events). */
export interface Timeline {
  days: { day: string; counts: Record<string, number> }[];
}

/** GET /api/outlets */
export interface OutletList {
  /** How many multi-source stories the corroboration, citations and words below are counted over. */
  storiesCompared: number;
  items: {
    outlet: string;
    articles: number;
    stories: number;
    corroboration: { claims: number; corroborated: number; contradicted: number; alone: number };
    /** Whom its articles cite, most claims first. */
    cites: { source: string; claims: number }[];
    /** Loaded or notable words it uses (framing lexicon terms), most used first. */
    words: { about: string; text: string; register: string | null; count: number }[];
  }[];
}

/** GET /api/search */
export interface SearchResult {
  items: ArticleList["items"];
}

export interface IngestProblem {
  kind: "reject" | "warning";
  file: string;
  record: number | null;
  message: string;
}

/** POST /api/ingest answers 202 with the job; GET /api/ingest/:id shows its progress. */
export interface IngestJob {
  id: string;
  state: "queued" | "running" | "done" | "failed";
  /** The uploaded file names, or "pasted text". */
  inputs: string[];
  bytes: number;
  counts: IngestCounts;
  /** The first 200 problems, in input order. */
  problems: IngestProblem[];
  error: string | null;
  started: string | null;
  finished: string | null;
  /** Stories the job's articles are in (after it is done), most sources first, at most 20. */
  stories: { id: string; title: string | null; sources: number }[];
}

/** GET /api/ingest */
export interface IngestJobList {
  items: IngestJob[];
}

/** Every 4xx/5xx answer. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}
