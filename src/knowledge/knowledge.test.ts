// The bundled knowledge base holds together, and user files add and override entries as documented.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KnowledgeError, loadKnowledge } from "./index.js";
import { knowledgeDir } from "./outlets.js";

const kb = loadKnowledge();

describe("the bundled knowledge base", () => {
  it("has the 14 Syrian governorates with their ISO 3166-2 codes", () => {
    const codes = [...kb.governorates.keys()].sort();
    expect(codes).toEqual(
      [
        "SY-DI",
        "SY-RD",
        "SY-HL",
        "SY-ID",
        "SY-DY",
        "SY-RA",
        "SY-HI",
        "SY-HA",
        "SY-HM",
        "SY-DR",
        "SY-LA",
        "SY-QU",
        "SY-TA",
        "SY-SU",
      ].sort(),
    );
    expect(kb.places.get("SY-DY")).toMatchObject({ kind: "governorate", admin1: "SY-DY", country: "SY" });
  });

  it("puts every GeoNames place in Syria into its governorate, and every place on the map", () => {
    let syrian = 0;
    for (const p of kb.places.values()) {
      expect(p.lat, p.id).toBeGreaterThanOrEqual(-90);
      expect(p.lat, p.id).toBeLessThanOrEqual(90);
      expect(p.lon, p.id).toBeGreaterThanOrEqual(-180);
      expect(p.lon, p.id).toBeLessThanOrEqual(180);
      if (p.admin1) expect(kb.governorates.has(p.admin1), `${p.id} admin1 ${p.admin1}`).toBe(true);
      if (p.id.startsWith("geonames:") && p.country === "SY") {
        syrian++;
        expect(p.admin1, p.id).not.toBeNull();
      }
    }
    expect(syrian).toBeGreaterThan(250);
    // Deir ez-Zor city, with the coordinates GeoNames gives.
    const deir = kb.places.get("geonames:170794");
    expect(deir).toMatchObject({ admin1: "SY-DY" });
    expect(deir?.aliases).toEqual(expect.arrayContaining(["Deir al-Zor", "Deir al-Zour"]));
  });

  it("has the actors' relations the issue names, and every relation points to a known actor", () => {
    const rel = (id: string) => kb.actors.get(id)?.relations ?? [];
    expect(rel("sdf")).toContainEqual({ type: "led-by", target: "ypg" });
    expect(rel("deir-ez-zor-military-council")).toContainEqual({ type: "part-of", target: "sdf" });
    expect(rel("hezbollah")).toContainEqual({ type: "backed-by", target: "iran" });
    expect(rel("us-led-coalition")).toContainEqual({ type: "led-by", target: "united-states" });
    for (const a of kb.actors.values())
      for (const r of a.relations ?? []) expect(kb.actors.has(r.target), `${a.id} → ${r.target}`).toBe(true);
    const is = kb.actors.get("is");
    expect([...(is?.aliases ?? []), ...(is?.caseSensitiveAliases ?? [])]).toEqual(
      expect.arrayContaining(["ISIS", "ISIL", "Daesh", "IS"]),
    );
    expect(kb.actors.get("sohr")?.descriptors).toEqual(expect.arrayContaining(["a monitor"]));
  });

  it("ships valid governorate and country outlines for the map", () => {
    type Ring = [number, number][];
    type Feature = {
      properties: { iso: string };
      geometry: { type: string; coordinates: Ring[] | Ring[][] };
    };
    const read = (f: string) =>
      JSON.parse(readFileSync(join(knowledgeDir(), "shapes", f), "utf8")) as { features: Feature[] };
    const admin1 = read("syria-admin1.geojson").features;
    expect(admin1.map((f) => f.properties.iso).sort()).toEqual([...kb.governorates.keys()].sort());
    const countries = read("countries.geojson").features.map((f) => f.properties.iso);
    expect(countries).toEqual(expect.arrayContaining(["SY", "IQ", "TR", "LB", "JO", "IL"]));
    for (const f of [...admin1, ...read("countries.geojson").features]) {
      const polygons = (
        f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates
      ) as Ring[][];
      for (const ring of polygons.flat()) {
        expect(ring.length, f.properties.iso).toBeGreaterThanOrEqual(4);
        expect(ring[0], f.properties.iso).toEqual(ring.at(-1)); // closed
      }
    }
  });

  it("knows the outlets and the cue words", () => {
    expect(kb.outlets.find("xinhua")?.kind).toBe("agency");
    expect(kb.cues.personTitles).toContain("commander");
    expect(kb.cues.orgWords).toContain("Council");
  });
});

describe("user knowledge files (--kb)", () => {
  const dir = mkdtempSync(join(process.env.PARALLAX_TEST_TMP ?? tmpdir(), "kb-"));

  it("adds entries, replaces same-id entries whole, and appends cue words", () => {
    const file = join(dir, "mine.json");
    writeFileSync(
      file,
      JSON.stringify({
        actors: [{ id: "sdf", name: "QSD", type: "armed-group", aliases: ["QSD"] }],
        places: [
          { id: "area:my-village", name: "Tell Example", kind: "village", lat: 36, lon: 40, admin1: "SY-HA" },
        ],
        cues: { personTitles: ["Mukhtar"] },
      }),
    );
    const mine = loadKnowledge([dir]);
    expect(mine.actors.get("sdf")).toMatchObject({ name: "QSD", aliases: ["QSD"] });
    expect(mine.actors.get("sdf")?.relations).toBeUndefined(); // replaced, not merged
    expect(mine.places.get("area:my-village")).toMatchObject({
      admin1: "SY-HA",
      country: "SY",
      kind: "village",
    });
    expect(mine.cues.personTitles).toContain("Mukhtar");
    expect(mine.cues.personTitles).toContain("commander");
    // The bundled base is untouched.
    expect(loadKnowledge().actors.get("sdf")?.name).toBe("Syrian Democratic Forces");
  });

  it("reads GeoNames-style TSV files", () => {
    const file = join(dir, "extra.tsv");
    writeFileSync(
      file,
      "# my extract\ngeonameId\tname\tasciiName\talternateNames\tlat\tlon\tfeatureClass\tfeatureCode\tcountry\tadmin1\tpopulation\n" +
        "99999001\tQaryat Test\tQaryat Test\tQaryet Test\t35.1\t40.2\tP\tPPL\tSY\t07\t900\n",
    );
    const withTsv = loadKnowledge([file]);
    expect(withTsv.places.get("geonames:99999001")).toMatchObject({ admin1: "SY-DY", kind: "village" });
  });

  it("refuses a broken file, naming it and the entry", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ places: [{ id: "area:x", name: "X", lat: 1 }] }));
    expect(() => loadKnowledge([bad])).toThrow(KnowledgeError);
    expect(() => loadKnowledge([bad])).toThrow(/bad\.json: places\[0\] \(area:x\) has no lon/);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ nope");
    expect(() => loadKnowledge([notJson])).toThrow(/not\.json/);
    expect(() => loadKnowledge([join(dir, "missing.json")])).toThrow(/missing\.json: no such file/);
  });
});
