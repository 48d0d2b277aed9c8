// Full-text search results (FTS5 over the article text). Snippets mark matches with «»: split into text and <mark>.

import { useEffect, useState } from "preact/hooks";
import type { SearchResult } from "../../serve/api-types.js";
import { qs, useApi } from "../api.js";
import { ErrorBox, Loading, useTitle } from "../components/common.js";
import { fmtDate } from "../format.js";
import { go, href, type Route } from "../router.js";

export function snippetParts(s: string): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  const re = /«([^»]*)»/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), hit: false });
    out.push({ text: m[1] ?? "", hit: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), hit: false });
  return out;
}

export function SearchPage(props: { route: Route }) {
  const q = props.route.query.get("q") ?? "";
  useTitle(q ? `Search: ${q}` : "Search");
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const res = useApi<SearchResult>(q ? `/api/search${qs({ q, limit: 100 })}` : null);
  return (
    <>
      <h1>Search the articles</h1>
      <form
        class="filters"
        aria-label="Search the articles"
        onSubmit={(e) => {
          e.preventDefault();
          go(href("search", { q: text.trim() }));
        }}
      >
        <label for="search-q">
          Words or an FTS5 query
          <input id="search-q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
        <span class="muted small">
          Phrases in quotes, AND / OR / NOT, prefix* — e.g. "Deir ez-Zor" AND offensive
        </span>
      </form>
      <ErrorBox message={res.error} />
      {q && !res.data && res.loading ? <Loading what="results" /> : null}
      {res.data ? (
        <>
          <p role="status">
            {res.data.items.length === 0
              ? "No articles match."
              : `${res.data.items.length}${res.data.items.length >= 100 ? "+" : ""} articles`}
          </p>
          <ol class="results">
            {res.data.items.map((a) => (
              <li key={a.id}>
                <a href={href(["article", a.id])} class="result-title">
                  {a.title ?? (a.lead ? `${a.lead.slice(0, 90)}…` : a.id)}
                </a>
                <div class="muted small">
                  {a.outlet ?? "Unknown outlet"} · {fmtDate(a.published)}
                  {a.storyId ? (
                    <>
                      {" · "}
                      <a href={href(["story", a.storyId])}>story</a>
                    </>
                  ) : null}
                </div>
                <p class="snippet">
                  {snippetParts(a.snippet ?? a.lead).map((p) =>
                    p.hit ? <mark class="hit">{p.text}</mark> : p.text,
                  )}
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}
