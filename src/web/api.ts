// Talking to the Parallax API (same origin, under /api): JSON GETs with abort, errors carrying the server's message,
// the write token, and a small cache for answers that rarely change (overview, shapes).

import { useEffect, useState } from "preact/hooks";
import type { ApiError as ApiErrorBody } from "../serve/api-types.js";

/** An API answer that was not 2xx; `message` is the server's own message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type QueryValue = string | number | boolean | null | undefined;

/** "?a=1&b=x" from the defined, non-empty values (or "" when there are none). */
export function qs(params: Record<string, QueryValue>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}

/** The query parameters each export takes (the server answers 400 to any other). */
export const EXPORT_PARAMS = {
  stories: ["from", "to", "place", "outlet", "type", "q"],
  events: ["from", "to", "place", "type", "actor", "main", "outlet"],
} as const;

/** `params` restricted to `keys`. */
export function pick(
  params: Record<string, QueryValue>,
  keys: readonly string[],
): Record<string, QueryValue> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => keys.includes(k)));
}

function isErrorBody(x: unknown): x is ApiErrorBody {
  return typeof x === "object" && x !== null && typeof (x as { message?: unknown }).message === "string";
}

async function answer<T>(res: Response): Promise<T> {
  const type = res.headers.get("content-type") ?? "";
  let body: unknown = null;
  if (type.includes("json")) body = await res.json().catch(() => null);
  else body = await res.text().catch(() => "");
  if (!res.ok) {
    const message = isErrorBody(body)
      ? body.message
      : `${res.status} ${res.statusText || "error"}${typeof body === "string" && body && body.length < 200 ? `: ${body}` : ""}`;
    throw new ApiError(res.status, message);
  }
  return body as T;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, `The server did not answer (${url}): ${(e as Error).message}`);
  }
  return answer<T>(res);
}

// ── The write token (only asked for when the server says writes need one). Kept for the browser session. ──────────
const TOKEN_KEY = "parallax-token";

export function getToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

export function setToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the token is simply not remembered
  }
}

export async function postJson<T>(url: string, body: unknown | FormData): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit;
  if (body instanceof FormData) payload = body;
  else {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, body: payload });
  } catch (e) {
    throw new ApiError(0, `The server did not answer (${url}): ${(e as Error).message}`);
  }
  return answer<T>(res);
}

// ── Cached GETs ───────────────────────────────────────────────────────────────────────────────────────────────
const cache = new Map<string, Promise<unknown>>();

/** A GET whose answer is kept for the session (until `invalidate`). A failed answer is not kept. */
export function cached<T>(url: string): Promise<T> {
  let p = cache.get(url) as Promise<T> | undefined;
  if (!p) {
    p = getJson<T>(url);
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return p;
}

const listeners = new Set<() => void>();

/** Forget cached answers (after an ingest changed the database) and tell the hooks that show them. */
export function invalidate(): void {
  for (const k of [...cache.keys()]) if (!k.includes("/shapes/")) cache.delete(k);
  for (const l of listeners) l();
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Fetches `url` (null: nothing to fetch) and re-fetches when it changes. The previous answer stays shown while the
 * next one loads; an error clears nothing but is reported. A new `key` fetches again.
 */
export function useApi<T>(url: string | null, opts: { cache?: boolean; key?: number } = {}): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: url !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const l = () => setGeneration((g) => g + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  useEffect(() => {
    if (url === null) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const p = opts.cache ? cached<T>(url) : getJson<T>(url, ctl.signal);
    p.then(
      (data) => {
        if (!ctl.signal.aborted) setState({ data, error: null, loading: false });
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setState((s) => ({ data: s.data, error: (e as Error).message, loading: false }));
      },
    );
    return () => ctl.abort();
    // generation: refetch after invalidate()
  }, [url, opts.cache, opts.key, generation]);
  return state;
}
