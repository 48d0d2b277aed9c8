// Per outlet: articles, stories, corroboration, whom it cites and its framing words.

import type { OutletList } from "../../serve/api-types.js";
import { useApi } from "../api.js";
import {
  CORROBORATION_COLUMNS,
  ErrorBox,
  isLoaded,
  Loading,
  RegisterTag,
  TableHead,
  useTitle,
} from "../components/common.js";
import { fmtNumber } from "../format.js";
import { href } from "../router.js";

function CorrBar(props: {
  c: { claims: number; corroborated: number; contradicted: number; alone: number };
}) {
  const { corroborated, contradicted, alone } = props.c;
  const total = corroborated + contradicted + alone || 1;
  return (
    <span class="bar corr-bar" aria-hidden="true">
      {corroborated ? (
        <span class="seg verdict-agreed" style={{ width: `${(100 * corroborated) / total}%` }} />
      ) : null}
      {contradicted ? (
        <span class="seg verdict-conflicting" style={{ width: `${(100 * contradicted) / total}%` }} />
      ) : null}
      {alone ? <span class="seg verdict-single" style={{ width: `${(100 * alone) / total}%` }} /> : null}
    </span>
  );
}

type Word = OutletList["items"][number]["words"][number];

/** Loaded words first (they are what differs between outlets), then the most used; at most 12. */
function wordsFirst(words: Word[]): Word[] {
  const rank = (w: Word) => (isLoaded(w.register) ? 0 : 1);
  return [...words].sort((a, b) => rank(a) - rank(b) || b.count - a.count).slice(0, 12);
}

export function OutletsPage() {
  useTitle("Outlets");
  const list = useApi<OutletList>("/api/outlets");
  if (list.error && !list.data) return <ErrorBox message={list.error} />;
  if (!list.data) return <Loading what="outlets" />;
  const items = list.data.items;
  return (
    <>
      <h1>Outlets</h1>
      <p class="muted">
        Corroboration, citations and words are counted over the {fmtNumber(list.data.storiesCompared)} stories
        told by more than one independent source. Corroborated: another source reports the same fact;
        contradicted: another source reports it otherwise; alone: no other source reports it.
      </p>
      <div class="table-wrap">
        <table>
          <TableHead
            columns={[
              "Outlet",
              { label: "Articles", num: true },
              { label: "Stories", num: true },
              ...CORROBORATION_COLUMNS,
              { label: "Share", srOnly: true },
            ]}
          />
          <tbody>
            {items.map((o) => (
              <tr key={o.outlet}>
                <th scope="row">{o.outlet}</th>
                <td class="num">{fmtNumber(o.articles)}</td>
                <td class="num">
                  <a href={href("stories", { outlet: o.outlet })}>{fmtNumber(o.stories)}</a>
                </td>
                <td class="num">{fmtNumber(o.corroboration.claims)}</td>
                <td class="num">{fmtNumber(o.corroboration.corroborated)}</td>
                <td class="num">{fmtNumber(o.corroboration.contradicted)}</td>
                <td class="num">{fmtNumber(o.corroboration.alone)}</td>
                <td class="bar-cell">
                  <CorrBar c={o.corroboration} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="legend-line small">
        <span class="swatch verdict-agreed" aria-hidden="true" /> corroborated{" "}
        <span class="swatch verdict-conflicting" aria-hidden="true" /> contradicted{" "}
        <span class="swatch verdict-single" aria-hidden="true" /> alone
      </p>
      <div class="outlet-cards">
        {items.map((o) => (
          <section class="card" key={o.outlet} aria-labelledby={`outlet-h-${o.outlet}`}>
            <h2 id={`outlet-h-${o.outlet}`}>{o.outlet}</h2>
            <p class="muted small">
              {fmtNumber(o.articles)} articles ·{" "}
              <a href={href("stories", { outlet: o.outlet })}>{fmtNumber(o.stories)} stories</a>
            </p>
            <h3>Cites (claims)</h3>
            {o.cites.length === 0 ? <p class="muted small">Nobody named.</p> : null}
            <ol class="cites small">
              {o.cites.slice(0, 8).map((c) => (
                <li key={c.source}>
                  <span>{c.source}</span> <span class="muted num">{fmtNumber(c.claims)}</span>
                </li>
              ))}
            </ol>
            {o.cites.length > 8 ? <p class="muted small">and {o.cites.length - 8} more</p> : null}
            <h3>Words it uses</h3>
            {o.words.length === 0 ? <p class="muted small">No framing words found.</p> : null}
            {o.words.length > 0 ? (
              <table class="compact small words-table">
                <TableHead columns={["Word", { label: "Uses", num: true }, "For", "Register"]} />
                <tbody>
                  {wordsFirst(o.words).map((w) => (
                    <tr key={`${w.about}|${w.text}`} class={isLoaded(w.register) ? "loaded" : undefined}>
                      <td>
                        <span class="word">{w.text}</span>
                      </td>
                      <td class="num">{fmtNumber(w.count)}</td>
                      <td class="muted">{w.about.replace(/^Words for /, "")}</td>
                      <td>{w.register ? <RegisterTag register={w.register} /> : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        ))}
      </div>
    </>
  );
}
