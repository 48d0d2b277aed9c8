import { fileURLToPath } from "node:url";

/** An outlet or wire agency as the knowledge base describes it (see knowledge/outlets.json). */
export interface OutletEntry {
  id: string;
  name: string;
  kind: "outlet" | "agency" | "reposter";
  country: string | null;
  aliases: string[];
  domains: string[];
}

/** The knowledge folder shipped with Parallax (dist/src/knowledge → ../../../knowledge, src/knowledge → ../../knowledge). */
export function knowledgeDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  return here.includes("/dist/") ? `${here}../../../knowledge` : `${here}../../knowledge`;
}

/** Folds a name for lookup: case, spaces, hyphens, dots and a leading "the" do not matter. */
export function outletKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, "")
    .replace(/[^a-z0-9]+/g, "");
}

export class OutletBook {
  private byKey = new Map<string, OutletEntry>();
  private byDomain = new Map<string, OutletEntry>();

  constructor(entries: OutletEntry[]) {
    for (const e of entries) this.add(e);
  }

  /** Adds or overrides an entry; later entries win, so a user's file can override the bundled one. */
  add(e: OutletEntry): void {
    for (const n of [e.id, e.name, ...e.aliases]) this.byKey.set(outletKey(n), e);
    for (const d of e.domains) this.byDomain.set(d.toLowerCase(), e);
  }

  find(name: string | null | undefined): OutletEntry | undefined {
    return name ? this.byKey.get(outletKey(name)) : undefined;
  }

  findByHost(host: string): OutletEntry | undefined {
    let h = host.toLowerCase().replace(/^www\./, "");
    while (h.includes(".")) {
      const e = this.byDomain.get(h);
      if (e) return e;
      h = h.slice(h.indexOf(".") + 1);
    }
    return undefined;
  }

  /** The display name for a name as an input writes it; unknown names are kept as written. */
  displayName(name: string | null | undefined): string | null {
    const clean = name?.trim();
    if (!clean) return null;
    return this.find(clean)?.name ?? clean;
  }

  /** True when the name is a wire agency (a credit, not a publisher of its own page). */
  isAgency(name: string): boolean {
    return this.find(name)?.kind === "agency";
  }
}
