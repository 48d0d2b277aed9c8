// The knowledge base's entries, as the data files in knowledge/ describe them (format: knowledge/README.md).

/** A place: a governorate, country, town, region, river … with where it is. */
export interface PlaceEntry {
  /** "geonames:170794", "SY-DY" (governorates), "country:SY", "area:eastern-ghouta". */
  id: string;
  name: string;
  /** governorate | country | city | town | village | region | river | neighbourhood | … */
  kind: string;
  aliases: string[];
  lat: number;
  lon: number;
  /** ISO 3166-2 code of the Syrian governorate it lies in, or null (outside Syria, or spanning several). */
  admin1: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  population: number;
  /** GeoNames feature code (PPLA, PPL …) or null for hand-written entries. */
  featureCode: string | null;
  /** The id of the place it is part of (a neighbourhood's city). */
  partOf?: string | null;
}

export type ActorType =
  | "armed-group"
  | "army"
  | "militia"
  | "state"
  | "government"
  | "alliance"
  | "international-body"
  | "monitor"
  | "ngo"
  | "media"
  | "wire-agency"
  | "political"
  | "person";

export interface ActorRelation {
  type: string;
  target: string;
}

/** An actor: armed group, army, state, body, monitor, medium, person … with every name news gives it. */
export interface ActorEntry {
  id: string;
  name: string;
  type: ActorType;
  aliases: string[];
  /** Acronyms that are also English words ("IS", "US"): matched only with exactly this case. */
  caseSensitiveAliases?: string[];
  /** Generic phrases that mean this actor in news ("the monitor", "regime forces"), matched case-insensitively. */
  descriptors?: string[];
  country?: string | null;
  side?: string | null;
  relations?: ActorRelation[];
}

/** A Syrian governorate (admin-1) with its ISO 3166-2 code. */
export interface GovernorateEntry {
  id: string;
  iso: string;
  name: string;
  geonamesAdmin1: string;
  capitalGeonameId?: number;
  lat: number;
  lon: number;
  aliases: string[];
  /** Governorates the news does not tell apart share a newsArea (Damascus and Rif Dimashq: "damascus"). */
  newsArea?: string;
}

export interface CountryEntry {
  id: string;
  iso: string;
  name: string;
  lat: number;
  lon: number;
  aliases: string[];
  demonyms?: string[];
}

/** Context words that type unknown names (knowledge/cues.json). */
export interface Cues {
  personTitles: string[];
  orgWords: string[];
  orgPrefixes: string[];
  placeWords: string[];
  placeSuffixes: string[];
  reportingVerbs: string[];
  nameParticles: string[];
  givenNames: string[];
  notPlaceNames: string[];
  toponymGenerics: string[];
}

/** ACLED's six event types (ACLED Codebook). */
export type AcledEventType =
  | "Battles"
  | "Protests"
  | "Riots"
  | "Explosions/Remote violence"
  | "Violence against civilians"
  | "Strategic developments";

/** An event in ACLED's scheme: an event type and one of its sub-event types ("Battles" / "Armed clash"). */
export interface AcledMapping {
  eventType: AcledEventType;
  subEventType: string;
}

/** PLOVER's sixteen event types (Halterman et al.). */
export type PloverEventType =
  | "AGREE"
  | "CONSULT"
  | "SUPPORT"
  | "CONCEDE"
  | "COOPERATE"
  | "AID"
  | "RETREAT"
  | "REQUEST"
  | "ACCUSE"
  | "REJECT"
  | "THREATEN"
  | "PROTEST"
  | "SANCTION"
  | "MOBILIZE"
  | "COERCE"
  | "ASSAULT";

/** An event in PLOVER's scheme: an event type and, where PLOVER defines one that fits, a mode ("aerial"). */
export interface PloverMapping {
  eventType: PloverEventType;
  mode: string | null;
}

/** A kind of event a sentence can report (knowledge/events.json `types`; docs/event-taxonomy.md). */
export interface EventTypeEntry {
  /** Kebab-case, stable: "air-strike", "territory-captured". */
  id: string;
  label: string;
  /** One sentence: what counts as this type. */
  description: string;
  /** The ACLED event and sub-event type, or null when ACLED does not code it (talks, statements). */
  acled: AcledMapping | null;
  /** A different ACLED mapping when the actor is a state force (Government regains territory), else null. */
  acledStateActor: AcledMapping | null;
  plover: PloverMapping;
  /** When one sentence matches several types, the highest priority is its main event. */
  priority: number;
  /** Lower-case phrases matched on word boundaries, case-insensitively, longest first; inflections listed. */
  triggers: string[];
}

/** How an event was carried out, as a word reveals it (barrel bomb, chlorine, sniper fire), and the type it implies. */
export interface EventModeEntry {
  /** Kebab-case, stable: "barrel-bomb". */
  id: string;
  label: string;
  /** The id of the event type the mode implies. */
  type: string;
  /** Lower-case phrases, matched like triggers. */
  words: string[];
}

/** Words that qualify or attribute a reported event (knowledge/events.json `lexicon`); all lower-case. */
export interface EventLexicon {
  /** "suspected", "reportedly", "allegedly". */
  hedges: string[];
  /** "did not", "no one was", "never". */
  negations: string[];
  /** "denied", "rejected the claims". */
  denials: string[];
  /** "said", "reported", "according to". */
  attributionVerbs: string[];
  /** Unnamed sources: "activists", "a military source", "state media". */
  anonymousSources: string[];
}

/** The event taxonomy: types in file order (a replaced type keeps its place), modes, and the lexicon. */
export interface EventTaxonomy {
  types: EventTypeEntry[];
  modes: EventModeEntry[];
  lexicon: EventLexicon;
}

/** Who died, in the classes a toll is broken into. */
export type VictimClassName = "people" | "civilians" | "children" | "women" | "fighters";

/** The casualty lexicon (knowledge/casualties.json): the words that make a number a toll, and a toll the
 * incident's own. All lower-case. */
export interface CasualtyLexicon {
  /** Nouns after a figure that say who died, by class ("civilians", "pro-government fighters"). */
  victims: Record<VictimClassName, string[]>;
  /** Words after / before a figure that make it a death count ("were killed" / "killing"). */
  killedAfter: string[];
  killedBefore: string[];
  /** Words between "toll" and its figure ("the death toll from the strikes was 45"). */
  tollVerbs: string[];
  injuredAfter: string[];
  injuredBefore: string[];
  /** A revised toll ("the death toll rose to"). */
  updates: string[];
  /** A subset of the sentence's toll, before or after the figure ("including", "of them"). */
  parts: string[];
  partsAfter: string[];
  /** The total other figures belong to ("were among"). */
  supersets: string[];
  /** War-wide or past totals ("since the conflict began"). */
  background: string[];
  /** Sentence openers that move to another incident ("In another attack"). */
  elsewhere: string[];
}

/** One knowledge file's content; every key optional, so a user file can add just a few actors. */
export interface KnowledgeFile {
  about?: string;
  places?: PlaceEntry[];
  actors?: ActorEntry[];
  governorates?: GovernorateEntry[];
  countries?: CountryEntry[];
  cues?: Partial<Cues>;
  /** Event types, modes and lexicon words (knowledge/events.json, or a user's file of the same shape). */
  types?: EventTypeEntry[];
  modes?: EventModeEntry[];
  lexicon?: Partial<EventLexicon>;
  /** Casualty words (knowledge/casualties.json); a user file's lists are appended. */
  casualties?: Partial<Omit<CasualtyLexicon, "victims">> & {
    victims?: Partial<Record<VictimClassName, string[]>>;
  };
  /** Words left out of the story word vectors (knowledge/link.json); appended. */
  stopwords?: string[];
  /** The framing lexicon (knowledge/framing.json): concepts and the words outlets pick for them. */
  concepts?: FramingConcept[];
  terms?: FramingTerm[];
}

/** A thing outlets name in different words: the fighters, the government, taking ground, the dead. */
export interface FramingConcept {
  id: string;
  name: string;
  /** actor: words naming a side; act: words naming what was done; victims: words naming the dead and wounded. */
  refersTo: "actor" | "act" | "victims";
  question: string;
}

export type FramingRegister =
  | "neutral"
  | "loaded"
  | "delegitimising"
  | "legitimising"
  | "euphemism"
  | "technical";

/** One word choice for a concept, with every surface form it is matched by (case-insensitive, whole words). */
export interface FramingTerm {
  id: string;
  concept: string;
  label: string;
  forms: string[];
  /** For actor concepts: the actor sides (actors.json `side`) the word is used for. */
  appliesTo: string[];
  register: FramingRegister;
  note: string;
}

export interface FramingLexicon {
  concepts: FramingConcept[];
  terms: FramingTerm[];
}
