// The shell: header (brand, nav, global search), the page for the current hash route, and the overview every page
// shares (filter options, type colours).

import type { ComponentChildren } from "preact";
import { useEffect, useErrorBoundary, useRef, useState } from "preact/hooks";
import type { Overview } from "../serve/api-types.js";
import { useApi } from "./api.js";
import { ErrorBox, OverviewProvider } from "./components/common.js";
import { ApiPage } from "./pages/Api.js";
import { ArticlePage } from "./pages/Article.js";
import { EntitiesPage, EntityPage } from "./pages/Entities.js";
import { IngestPage } from "./pages/Ingest.js";
import { MapPage } from "./pages/MapPage.js";
import { OutletsPage } from "./pages/Outlets.js";
import { SearchPage } from "./pages/Search.js";
import { StoriesPage } from "./pages/Stories.js";
import { StoryPage } from "./pages/Story.js";
import { go, href, type Route, useRoute } from "./router.js";

const NAV: { path: string; label: string; match: string[] }[] = [
  { path: "stories", label: "Stories", match: ["", "stories", "story"] },
  { path: "map", label: "Map", match: ["map"] },
  { path: "entities", label: "Entities", match: ["entities", "entity"] },
  { path: "outlets", label: "Outlets", match: ["outlets"] },
  { path: "ingest", label: "Ingest", match: ["ingest"] },
  { path: "api", label: "API", match: ["api"] },
];

function Page(props: { route: Route }) {
  const [head, id] = props.route.path;
  switch (head ?? "") {
    case "":
    case "stories":
      return <StoriesPage route={props.route} />;
    case "story":
      return id ? <StoryPage key={id} id={id} /> : <NotFound />;
    case "map":
      return <MapPage route={props.route} />;
    case "entities":
      return <EntitiesPage route={props.route} />;
    case "entity":
      return id ? <EntityPage key={id} id={id} /> : <NotFound />;
    case "outlets":
      return <OutletsPage />;
    case "ingest":
      return <IngestPage />;
    case "article":
      return id ? <ArticlePage key={id} id={id} /> : <NotFound />;
    case "api":
      return <ApiPage />;
    case "search":
      return <SearchPage route={props.route} />;
    default:
      return <NotFound />;
  }
}

/** A page that throws while rendering shows the error instead of a blank page (a new page starts afresh). */
function Boundary(props: { children: ComponentChildren }) {
  const [error] = useErrorBoundary((e: unknown) => console.warn("page failed:", e));
  if (error) return <ErrorBox title="This page failed" message={(error as Error).message ?? String(error)} />;
  return <>{props.children}</>;
}

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="#/stories">Go to the stories.</a>
      </p>
    </>
  );
}

function GlobalSearch(props: { current: string }) {
  const [q, setQ] = useState(props.current);
  useEffect(() => setQ(props.current), [props.current]);
  return (
    <form
      class="global-search"
      aria-label="Search all articles"
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) go(href("search", { q: q.trim() }));
      }}
    >
      <label for="global-q" class="sr-only">
        Search all articles
      </label>
      <input
        id="global-q"
        type="search"
        placeholder="Search articles…"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

export function App() {
  const route = useRoute();
  const overview = useApi<Overview>("/api/overview", { cache: true });
  const head = route.path[0] ?? "";
  const mainRef = useRef<HTMLElement>(null);
  const pathKey = route.path.join("/");
  const first = useRef(true);

  // A new page (not a new filter): back to the top, focus on the page for screen readers.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathKey]);

  return (
    <OverviewProvider overview={overview.data}>
      <button type="button" class="skip" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/stories">
          Parallax
        </a>
        <nav aria-label="Main">
          <ul class="nav-list">
            {NAV.map((n) => (
              <li key={n.path}>
                <a href={`#/${n.path}`} aria-current={n.match.includes(head) ? "page" : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <GlobalSearch current={head === "search" ? (route.query.get("q") ?? "") : ""} />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <ErrorBox message={overview.error} title="Could not load the overview" />
        <Boundary key={pathKey}>
          <Page route={route} />
        </Boundary>
      </main>
    </OverviewProvider>
  );
}
