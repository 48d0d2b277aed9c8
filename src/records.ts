// The records that flow between Parallax's stages. Every stage takes and returns these plain objects:
// ingest → Article, analyze → AnalyzedArticle (later), link → Story (later), compare → Comparison (later).

/** How precisely a date is known: "2017-09-09" is day precision, "2017-09-09T19:03:53" second precision. */
export type DatePrecision = "year" | "month" | "day" | "minute" | "second";

/** The input formats the readers recognise, by sniffing content. */
export type InputFormat = "text-stream" | "csv" | "json" | "jsonl" | "rss" | "atom" | "html";

/** Where a record came from: enough to find it again in the input. */
export interface Origin {
  format: InputFormat;
  /** File path (as given, or inside a folder) for file inputs. */
  file?: string;
  /** The URL for fetched inputs, or the article's own link from a feed or CSV. */
  url?: string;
  /** 1-based record number inside the file (CSV row, JSON element, feed item, article in a stream). */
  record?: number;
  /** Byte range inside the file (stream and line formats); for a folder stream, of the first file it touches. */
  byteStart?: number;
  byteEnd?: number;
  /** For a text stream spread over several files: every file the article's text came from. */
  files?: string[];
}

/** Quality flags a reader sets when it had to guess. */
export type ArticleFlag =
  | "truncated-start" // a missing chunk before: the article's beginning is lost
  | "truncated-end" // a missing chunk after: the article's end is lost
  | "no-trailer" // a stream article that ended with the stream, without its `source: X date Y` trailer
  | "decode-replaced"; // invalid UTF-8 bytes were replaced by U+FFFD

/** One news article, cleanly split out of whatever input held it. */
export interface Article {
  /** Stable id from the normalised body text: the same text gives the same id on every machine. */
  id: string;
  /** The input's own id for the record (CSV unit_id/id, JSON id, feed guid). */
  sourceId: string | null;
  /** The publishing outlet (display name when known to the knowledge base). */
  outlet: string | null;
  /** A re-poster that carried the outlet's article (e.g. Muslimchronicle re-posting Alarabiya). */
  via: string | null;
  /** ISO date or date-time, as precise as the input says (no invented time zone). */
  published: string | null;
  publishedPrecision: DatePrecision | null;
  /** Place named in the dateline ("Damascus" from "DAMASCUS, Sept. 9 (Xinhua) --"). */
  dateline: string | null;
  byline: string | null;
  editor: string | null;
  /** Wire agencies and photographers credited: "Xinhua", "Xinhua/Ammar Safarjalani", "AFP". */
  credits: string[];
  title: string | null;
  /** Paragraphs of the article's own text, without headers, trailers or captions. */
  body: string[];
  /** Photo captions, kept apart from the body. */
  captions: string[];
  url: string | null;
  /** ISO 639-1 code when known or guessed ("en"). */
  language: string | null;
  flags: ArticleFlag[];
  origin: Origin;
}

/** An article as a reader produces it: everything but the id, which ingest derives from the text. */
export type ArticleDraft = Omit<Article, "id">;

/** Where a problem is: the file (or URL), the record number and/or the byte offset. */
export interface Where {
  file: string;
  record?: number;
  byteOffset?: number;
}

/** What readers emit, in input order. */
export type ReadEvent =
  | { kind: "article"; article: ArticleDraft }
  | { kind: "reject"; where: Where; reason: string }
  | { kind: "warning"; where: Where; message: string };

/** A near-duplicate link: `articleId` reprints the same copy as `originalId` (the earlier-stored one). */
export interface Reprint {
  articleId: string;
  originalId: string;
  /** Estimated Jaccard similarity of word 5-shingles. */
  similarity: number;
  /** Estimated share of the shorter text's shingles found in the other. */
  containment: number;
}

// ── Analysis records (the analyze/ stage) ─────────────────────────────────────────────────────────────────────
// Spans are character offsets into the article's analysis text: title, body paragraphs and captions joined by
// blank lines (see analyze/text.ts), so the UI can highlight them and the comparison can quote them.

/** How precisely a resolved time is known. */
export type TimePrecision = "year" | "month" | "week" | "day" | "minute" | "second";

/** A date or duration phrase in the text, resolved against the publication date when relative. */
export interface TimeExpression {
  start: number;
  end: number;
  text: string;
  /** "date": a point in time; "duration": a length of time ("three years"), never resolved to a date. */
  kind: "date" | "duration";
  /** ISO date of the point (for week precision the Monday of that week, for month the 1st); null if unresolved. */
  value: string | null;
  precision: TimePrecision | null;
  /** True when the value was worked out from the publication date ("on Saturday", "last week"). */
  relative: boolean;
  /** ISO 8601 duration for kind "duration" ("P3Y"). */
  duration?: string;
}

/** A number read from the text, with its qualifier kept. */
export interface Quantity {
  start: number;
  end: number;
  text: string;
  value: number;
  /** "at least 22" → at-least; "more than 60 percent" → more-than; "nearly 1,500" → nearly. */
  qualifier: "at-least" | "more-than" | "fewer-than" | "up-to" | "about" | "nearly" | null;
  /** percent for "65 percent"/"65%", fraction for "two-thirds" (value 0.667), null for plain counts. */
  unit: "percent" | "fraction" | null;
  /** True for vague counts turned into numbers ACLED's way: "dozens" = 12, "hundreds" = 100, "a dozen" = 12. */
  vague: boolean;
}

/** What kind of thing an entity is; `kind` says more (governorate, armed-group, city …). */
export type EntityType = "place" | "person" | "organization";

/** One thing the article names, under whatever spellings, linked to the knowledge base when known. */
export interface Entity {
  /** The KB id when known ("geonames:170794", "SY-DY", "actor:is"), else "new:person:ahmad-abu-khawla". */
  id: string;
  name: string;
  type: EntityType;
  /** Finer type: governorate, city, town, river, armed-group, army, monitor, wire-agency, person … */
  kind: string;
  kbId: string | null;
  /** Every spelling seen in this article. */
  surfaceForms: string[];
  mentions: number;
  /** Places: where. admin1 is the governorate's name, admin1Code its ISO 3166-2 code. */
  geo?: {
    lat: number;
    lon: number;
    admin1: string | null;
    admin1Code: string | null;
    country: string | null;
  };
  /** Where the name came from when not the text: "editor", "byline", "credit". */
  roles?: string[];
}

/** A span of text that names an entity. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  entityId: string;
  /** 1 for an exact knowledge-base name; lower for transliteration, fuzzy, descriptor or guessed matches. */
  confidence: number;
  /** How it was linked: name, key (transliteration), skeleton, fuzzy, descriptor, guess. */
  how: "name" | "key" | "skeleton" | "fuzzy" | "descriptor" | "guess";
}

/** Where an article's main event happened (or a secondary place), as precisely as the text says. */
export interface Location {
  name: string;
  entityId: string;
  kbId: string | null;
  /** GeoNames id when the place comes from GeoNames. */
  geonameId: number | null;
  /** The governorate's name and ISO 3166-2 code (SY-DY). */
  admin1: string | null;
  admin1Code: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  precision: "point" | "city" | "governorate" | "country";
  /** The ranking's score, for explaining the choice. */
  score: number;
}

/** An article with what the analyze stage read in it. */
export interface AnalyzedArticle extends Article {
  /** The publication date as resolved (metadata first, else the text's own header), and where it came from. */
  publishedSource: "metadata" | "text-header" | "text" | null;
  location: Location | null;
  secondaryLocations: Location[];
  entities: Entity[];
  mentions: Mention[];
  times: TimeExpression[];
  numbers: Quantity[];
  /** What happened, one record per event-reporting sentence (some sentences report two). */
  events: Event[];
  /** Factual statements with a number, a place, a date or an event: what the cross-check compares. */
  claims: Claim[];
  /** The main incident's toll, or null when the article reports no deaths or injuries. */
  casualties: Casualties | null;
}

/** A participant in an event: an entity from the knowledge base where possible, else the words used. */
export interface Participant {
  /** The entity's id (`actor:sdf`, `person:...`) or null when the words name nobody we know ("gunmen"). */
  entityId: string | null;
  /** The entity's canonical name, or the words used. */
  name: string;
  /** The words used in this sentence ("U.S.-backed Syrian militias"). */
  text: string;
}

/** Who says so: a named source ("SOHR said"), an outlet ("state TV reported") or an anonymous one ("activists"). */
export interface Attribution {
  /** The source's canonical name, or the words used for an unnamed one ("activists", "a military source"). */
  source: string;
  entityId: string | null;
  /** named: an entity; descriptor: an unnamed source described ("a monitor", "activists"). */
  kind: "named" | "descriptor";
  text: string;
  start: number;
  end: number;
}

export type VictimClass = "people" | "civilians" | "children" | "women" | "fighters";

/** One figure of dead or wounded in a sentence ("at least 20 people", "including 5 children"). */
export interface CasualtyFigure {
  kind: "killed" | "injured";
  victims: VictimClass;
  /** Whose fighters, when the text says ("27 pro-government fighters", "50 Al-Qaeda militants"). */
  side: Participant | null;
  count: number;
  qualifier: Quantity["qualifier"];
  /** "dozens", "scores": a count the text does not give exactly. */
  vague: boolean;
  /** total: everyone in the sentence's toll; part: a subset of it ("including 5 children"); update: a revised
   * toll of an incident told earlier ("the death toll rose to 31"). */
  role: "total" | "part" | "update";
  start: number;
  end: number;
  text: string;
}

/** A date as an event or claim carries it: resolved, with its precision and the words it came from. */
export interface EventDate {
  value: string;
  precision: TimePrecision;
  text: string;
}

/** Something that happened, as one sentence reports it: who did what to whom, where, when, with what toll. */
export interface Event {
  /** `<articleId>:e<n>`, n counting the article's events from 0. */
  id: string;
  articleId: string;
  /** Index of the sentence in the analysis text, and its character span. */
  sentence: number;
  start: number;
  end: number;
  text: string;
  /** Parallax event type (see knowledge/events.json and docs/event-taxonomy.md). */
  type: string;
  /** The same event in ACLED's scheme (event type / sub-event type), when it has one there. */
  acled: { eventType: string; subEventType: string } | null;
  /** The same event in PLOVER's scheme (event type and mode). */
  plover: { eventType: string; mode: string | null } | null;
  /** The words that say what happened ("launched an offensive", "air strikes"). */
  trigger: { text: string; start: number; end: number };
  /** How: air strike, shelling, barrel bomb, car bomb, suicide attack, chemical attack, execution … */
  mode: string | null;
  actor: Participant | null;
  target: Participant | null;
  location: Location | null;
  date: EventDate | null;
  casualties: CasualtyFigure[];
  /** The sentence's toll summed up the way it means it ("50 militants and eight civilians" → 58): the largest
   * total, or the classes added up; a revision supersedes; parts never add. Null when it gives none. */
  killed: number | null;
  injured: number | null;
  attribution: Attribution | null;
  /** Hedging words ("suspected", "reportedly", "alleged"). */
  hedges: string[];
  /** "did not", "no one was killed": the sentence says it did not happen. */
  negated: boolean;
  /** Someone denies it ("denied responsibility", "rejected the claims"). */
  denied: boolean;
  /** True for the article's main incident. */
  main: boolean;
}

/** The main incident's toll, each count an integer or null when the article does not say. */
export interface Casualties {
  killed: number | null;
  civilians: number | null;
  children: number | null;
  women: number | null;
  fighters: number | null;
  injured: number | null;
  /** Qualifier of the killed figure ("at-least"), kept with the number. */
  qualifier: Quantity["qualifier"];
  /** The sentence the toll comes from. */
  sentence: string;
  start: number;
  end: number;
  eventId: string | null;
  attribution: Attribution | null;
  /** Why this figure when the article gives others: a revised toll, differing reports (the lowest kept). */
  note: string | null;
}

/** A factual statement: subject, predicate, value or object, with its qualifier, source and sentence. */
export interface Claim {
  /** `<articleId>:c<n>`. */
  id: string;
  articleId: string;
  /** The event the claim states, when it comes from one. */
  eventId: string | null;
  subject: Participant;
  /** What is claimed, from a small vocabulary: killed, injured, captured, controls, launched, broke-siege, … */
  predicate: string;
  object: Participant | null;
  value: number | null;
  /** "percent", "people", "civilians", "fighters" …: what the value counts. */
  unit: string | null;
  qualifier: Quantity["qualifier"];
  place: Location | null;
  date: EventDate | null;
  attribution: Attribution | null;
  hedged: boolean;
  negated: boolean;
  start: number;
  end: number;
  text: string;
}

/** One article's place in a story. */
export interface StoryArticle {
  id: string;
  sourceId: string | null;
  outlet: string | null;
  published: string | null;
  title: string | null;
  /** The article this one reprints (one wire copy): it counts as one source with it. */
  reprintOf: string | null;
  /** The similarity it joined the story with (1 for the story's first article and for reprints). */
  score: number;
}

/** The reports of one real-world incident or announcement, across outlets. */
export interface Story {
  /** "s" + the id of the article that started it (without its "a"). */
  id: string;
  /** Stories of one campaign (the battle for Raqqa) share a thread: the id of the thread's first story. */
  threadId: string;
  title: string | null;
  /** Its articles in the order they joined. An article the input held under several records (the same text with
   * two source ids) is listed once per record, with the same `id`. */
  articles: StoryArticle[];
  outlets: string[];
  /** Independent sources: outlets, with each reprint counted with its original. */
  sources: number;
  /** The main place most of its articles give. */
  location: Location | null;
  /** The day most articles are about, and the first and last day any of them is about. */
  dates: { event: string | null; first: string | null; last: string | null };
  /** The main event type most of its articles give (knowledge/events.json id). */
  eventType: string | null;
  /** The lowest and highest death toll its articles give. */
  killed: { min: number; max: number } | null;
}

/** A story's cross-check at a glance: how many claim groups got each verdict. */
export interface StoryCheck {
  agreed: number;
  compatible: number;
  conflicting: number;
  single: number;
}

/** How the claims of a story's outlets about one fact relate. */
export type ClaimVerdict = "agreed" | "compatible" | "conflicting" | "single";

/** A claim as the comparison quotes it. */
export interface ClaimRef {
  claimId: string;
  articleId: string;
  outlet: string | null;
  /** The independent source it counts for (outlet, or the original's for a reprint). */
  source: string;
  /** The sentence it was read from, and the claim's span in the article's analysis text. */
  text: string;
  start: number;
  end: number;
  value: number | null;
  unit: string | null;
  qualifier: Claim["qualifier"];
  date: EventDate | null;
  /** Whom the article credits for it, or null when it cites no one. */
  attribution: string | null;
}

/** The claims of a story about one fact (who did what to whom, or one figure), aligned across outlets. */
export interface ClaimGroup {
  id: string;
  /** What is compared, e.g. "captured|actor:sdf|geonames:172955" or "killed|civilians". */
  key: string;
  predicate: string;
  subject: string | null;
  object: string | null;
  place: string | null;
  verdict: ClaimVerdict;
  /** One line a reader can take in: "SDF captured Ar Raqqah: 65 percent (Al Arabiya) / more than 60 percent (Xinhua)". */
  summary: string;
  /** What differs when the verdict is compatible or conflicting: "value", "actor", "date" or "place". */
  differs: ("value" | "actor" | "date" | "place")[];
  /** Why the verdict: "ranges overlap: 65 ≥ more than 60", "12 vs 31 killed". */
  note: string | null;
  claims: ClaimRef[];
  /** Independent sources reporting it. */
  sources: string[];
}

/** Whom one article cites. */
export interface Citation {
  source: string;
  entityId: string | null;
  kind: Attribution["kind"];
  /** The claims credited to it. */
  claims: string[];
}

export interface ArticleAttribution {
  articleId: string;
  outlet: string | null;
  cites: Citation[];
  /** Claims the article makes on its own authority (no source named). */
  unattributed: string[];
}

/** The words one outlet uses for one actor, or for one concept of the framing lexicon. */
export interface WordUse {
  text: string;
  count: number;
  /** The framing term (knowledge/framing.json id) and its register, when the word is in the lexicon. */
  term: string | null;
  register: string | null;
  /** Where it is used: article id and span. */
  at: { articleId: string; start: number; end: number }[];
}

/** How each outlet names one actor (or, for act and victim concepts, one concept). */
export interface Naming {
  /** The actor's entity id, or the framing concept id for acts and victims. */
  about: string;
  name: string;
  kind: "actor" | "act" | "victims";
  byOutlet: { outlet: string; words: WordUse[] }[];
}

/** Corroboration counts: confirmed by other independent sources, contradicted by them, reported alone. */
export interface CorroborationCount {
  claims: number;
  corroborated: number;
  contradicted: number;
  alone: number;
  /** The claim groups behind each count. */
  groups: { corroborated: string[]; contradicted: string[]; alone: string[] };
}

export interface Comparison {
  storyId: string;
  articles: {
    id: string;
    outlet: string | null;
    source: string;
    reprintOf: string | null;
    title: string | null;
  }[];
  /** Articles of the story the cross-check did not read: a big story is read up to a cap, one report per outlet
   * first and wire reprints last (a reprint repeats its original's claims). */
  omitted: number;
  /** Independent sources in the story. */
  sources: string[];
  groups: ClaimGroup[];
  /** For each source: the groups only it reports (what the others leave out). */
  onlyIn: { source: string; groups: string[] }[];
  attribution: ArticleAttribution[];
  naming: Naming[];
  corroboration: {
    claims: { claimId: string; groupId: string; confirmedBy: number; contradictedBy: number }[];
    articles: (CorroborationCount & { articleId: string; outlet: string | null })[];
    outlets: (CorroborationCount & { outlet: string })[];
  };
}

// ── Views shared by the store, the API and the UI ────────────────────────────────────────────────────────────

/** An event as maps and timelines draw it: where, when, how deadly, and the story it belongs to. */
export interface EventPoint {
  id: string;
  articleId: string;
  storyId: string | null;
  type: string;
  /** The day it happened (its own date, else its article's); null when dated only to a year or a month. */
  day: string | null;
  place: string | null;
  admin1Code: string | null;
  lat: number | null;
  lon: number | null;
  killed: number | null;
  injured: number | null;
  actor: string | null;
  target: string | null;
  outlet: string | null;
  /** The sentence that reports it. */
  text: string;
  main: boolean;
}

/** What an ingest run has done so far. */
export interface IngestCounts {
  read: number;
  stored: number;
  duplicates: number;
  unchanged: number;
  reprints: number;
  rejected: number;
  warnings: number;
  /** Articles analysed (newly stored ones, and any left unanalysed by an earlier run). */
  analyzed: number;
  /** Articles placed in a story, and stories started. */
  linked: number;
  stories: number;
}
