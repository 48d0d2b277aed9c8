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

/** One knowledge file's content; every key optional, so a user file can add just a few actors. */
export interface KnowledgeFile {
  about?: string;
  places?: PlaceEntry[];
  actors?: ActorEntry[];
  governorates?: GovernorateEntry[];
  countries?: CountryEntry[];
  cues?: Partial<Cues>;
}
