// A tiny hash router: "#/story/s123?x=1" → { path: ["story", "s123"], query }. Links are plain <a href="#/...">;
// the filters of a page live in the hash's query so a view can be linked and Back works.

import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, "");
  const q = h.indexOf("?");
  const pathPart = q >= 0 ? h.slice(0, q) : h;
  const query = new URLSearchParams(q >= 0 ? h.slice(q + 1) : "");
  const path = pathPart
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query };
}

export type Params = Record<string, string | number | null | undefined>;

/** "#/story/s1?from=…": path segments are URI-encoded (entity ids hold ':'); empty params are left out. */
export function href(path: string | string[], params: Params = {}): string {
  const segs = (Array.isArray(path) ? path : path.split("/")).filter((s) => s !== "");
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const q = u.toString();
  return `#/${segs.map((s) => encodeURIComponent(s)).join("/")}${q ? `?${q}` : ""}`;
}

/** Go to a hash (a new history entry unless `replace`). */
export function go(to: string, replace = false): void {
  if (replace) {
    history.replaceState(null, "", to);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else if (location.hash !== to) location.hash = to;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return parseHash(hash);
}

/** The current query as a plain object, for merging into a new href. */
export function queryObject(q: URLSearchParams): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of q) o[k] = v;
  return o;
}
