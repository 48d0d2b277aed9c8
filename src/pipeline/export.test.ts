import { describe, expect, it } from "vitest";
import type { Event } from "../records.js";
import type { EventRow } from "../store/events.js";
import { csvField, eventRecord, eventsToCsv, eventsToGeoJson } from "./export.js";

const HEADER =
  "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,civilian_targeting,iso," +
  "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,injuries,parallax_type,mode," +
  "plover_event_type,plover_mode,attribution,hedged,negated,denied,article_id,url";

function row(over: Partial<Event> = {}, published: string | null = "2017-04-04T10:00:00"): EventRow {
  const event: Event = {
    id: "a0123456789abcdef:e0",
    articleId: "a0123456789abcdef",
    sentence: 0,
    start: 0,
    end: 90,
    text: 'Air strikes killed 20 civilians, including 5 children, in "rebel-held" Saraqeb\non Monday.',
    type: "air-strike",
    acled: { eventType: "Explosions/Remote violence", subEventType: "Air/drone strike" },
    plover: { eventType: "ASSAULT", mode: "aerial" },
    trigger: { text: "Air strikes", start: 0, end: 11 },
    mode: "air strike",
    actor: { entityId: "actor:russia", name: "Russia", text: "Russian" },
    target: { entityId: null, name: "civilians", text: "civilians" },
    location: {
      name: "Saraqeb",
      entityId: "geonames:1",
      kbId: "geonames:1",
      geonameId: 1,
      admin1: "Idlib",
      admin1Code: "SY-ID",
      country: "SY",
      lat: 35.86,
      lon: 36.8,
      precision: "city",
      score: 1,
    },
    date: { value: "2017-04-03", precision: "day", text: "on Monday" },
    casualties: [
      {
        kind: "killed",
        victims: "civilians",
        side: null,
        count: 20,
        qualifier: null,
        vague: false,
        role: "total",
        start: 12,
        end: 31,
        text: "20 civilians",
      },
      {
        kind: "killed",
        victims: "children",
        side: null,
        count: 5,
        qualifier: null,
        vague: false,
        role: "part",
        start: 43,
        end: 53,
        text: "5 children",
      },
    ],
    killed: 20,
    injured: null,
    attribution: null,
    hedges: [],
    negated: false,
    denied: false,
    main: true,
    ...over,
  };
  return { event, outlet: "AFP", published, title: "Strikes", url: "https://example.org/a?x=1,2" };
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let fields: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("CSV export", () => {
  it("writes ACLED's header exactly, one CRLF-ended line per event", () => {
    expect(eventsToCsv([])).toBe(`${HEADER}\r\n`);
    expect(eventsToCsv([], false)).toBe("");
    const csv = eventsToCsv([row(), row({ id: "a0123456789abcdef:e1" })]);
    expect(csv.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(parseCsv(csv)).toHaveLength(3);
  });

  it("quotes fields with commas, quotes and line breaks, doubling the quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField("one\r\ntwo")).toBe('"one\r\ntwo"');
    expect(csvField(null)).toBe("");
    expect(csvField(0)).toBe("0");
    const csv = eventsToCsv([row()]);
    expect(csv).toContain(
      '"Air strikes killed 20 civilians, including 5 children, in ""rebel-held"" Saraqeb\non Monday."',
    );
    const [header, values] = parseCsv(csv);
    const record = Object.fromEntries((header as string[]).map((h, i) => [h, (values as string[])[i]]));
    expect(record).toEqual({
      event_id_cnty: "a0123456789abcdef:e0",
      event_date: "2017-04-03",
      year: "2017",
      time_precision: "1",
      event_type: "Explosions/Remote violence",
      sub_event_type: "Air/drone strike",
      actor1: "Russia",
      actor2: "civilians",
      civilian_targeting: "Civilian targeting",
      iso: "760",
      country: "Syria",
      admin1: "Idlib",
      location: "Saraqeb",
      latitude: "35.86",
      longitude: "36.8",
      geo_precision: "1",
      source: "AFP",
      notes: row().event.text,
      fatalities: "20",
      injuries: "",
      parallax_type: "air-strike",
      mode: "air strike",
      plover_event_type: "ASSAULT",
      plover_mode: "aerial",
      attribution: "",
      hedged: "0",
      negated: "0",
      denied: "0",
      article_id: "a0123456789abcdef",
      url: "https://example.org/a?x=1,2",
    });
  });

  it("codes precision, fatalities and civilian targeting as ACLED does", () => {
    const undated = eventRecord(row({ date: null, casualties: [], killed: null, location: null }));
    expect(undated).toMatchObject({
      event_date: "2017-04-04",
      year: 2017,
      time_precision: 2,
      fatalities: 0,
      civilian_targeting: null,
      iso: null,
      country: null,
      geo_precision: null,
    });
    expect(eventRecord(row({ date: null }, null))).toMatchObject({ event_date: null, time_precision: null });
    const month = row({ date: { value: "2017-04-01", precision: "month", text: "in April" } });
    expect(eventRecord(month).time_precision).toBe(3);
    const base = row().event;
    const governorate = row({
      location: { ...(base.location as NonNullable<Event["location"]>), precision: "governorate" },
    });
    expect(eventRecord(governorate).geo_precision).toBe(2);
    const abroad = row({
      location: {
        ...(base.location as NonNullable<Event["location"]>),
        admin1: null,
        admin1Code: null,
        country: "TR",
        precision: "country",
      },
    });
    expect(eventRecord(abroad)).toMatchObject({ iso: null, country: "TR", geo_precision: 3 });
  });
});

describe("GeoJSON export", () => {
  it("is a FeatureCollection of the events with coordinates, as [lon, lat] points", () => {
    const text = eventsToGeoJson([
      row(),
      row({ id: "a0123456789abcdef:e1", location: null }),
      row({
        id: "a0123456789abcdef:e2",
        location: { ...(row().event.location as NonNullable<Event["location"]>), lat: null, lon: null },
      }),
    ]);
    const parsed = JSON.parse(text);
    expect(parsed.type).toBe("FeatureCollection");
    expect(parsed.features).toHaveLength(1);
    const [f] = parsed.features;
    expect(f).toMatchObject({
      type: "Feature",
      id: "a0123456789abcdef:e0",
      geometry: { type: "Point", coordinates: [36.8, 35.86] },
      properties: { event_date: "2017-04-03", parallax_type: "air-strike", fatalities: 20, admin1: "Idlib" },
    });
    expect(f.properties).not.toHaveProperty("latitude");
    expect(JSON.parse(eventsToGeoJson([]))).toEqual({ type: "FeatureCollection", features: [] });
  });
});
