// An article's text, paragraph by paragraph, with claim spans wrapped in <mark>s. The text is untrusted: it only
// ever becomes text nodes. Each mark starts with a small button (its verdict's symbol) so keyboard users can reach
// every claim; the marks themselves are found by the page through data-group.

import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import type { ClaimVerdict } from "../../records.js";
import type { TextPart } from "../../serve/api-types.js";
import { VERDICT_INFO } from "../format.js";
import { blocksOf, type MarkTree, type Span, treeOf } from "../highlight.js";

export interface ArticleTextProps {
  text: string;
  parts: TextPart[];
  spans: Span[];
  active: string | null;
  /** A short description of a group for the handle's accessible name. */
  describe?(group: string): string;
  onActivate?(group: string): void;
  /** Which heading level the article's title takes. */
  titleTag?: "h2" | "h3" | "h4";
  /** Leave the title out (a page that shows it as its own heading). */
  hideTitle?: boolean;
}

export function ArticleTextView(props: ArticleTextProps) {
  const blocks = useMemo(() => {
    const seen = new Set<string>();
    return blocksOf(props.text, props.parts, props.spans).map((b) => ({
      ...b,
      tree: treeOf(b.pieces, 0, seen),
    }));
  }, [props.text, props.parts, props.spans]);

  const render = (nodes: (MarkTree | string)[]): ComponentChildren =>
    nodes.map((n) => {
      if (typeof n === "string") return n;
      const s = n.span as Span;
      const info = VERDICT_INFO[s.verdict as ClaimVerdict];
      const cls = `claim verdict-${s.verdict}${props.active === s.group ? " active" : ""}`;
      return (
        <mark class={cls} data-verdict={s.verdict} data-group={s.group}>
          {n.first && props.onActivate ? (
            <button
              type="button"
              class="claim-handle"
              aria-label={`${info ? info.label : s.verdict} claim ${s.group}${props.describe ? `: ${props.describe(s.group)}` : ""}`}
              aria-pressed={props.active === s.group}
              onFocus={() => props.onActivate?.(s.group)}
              onClick={() => props.onActivate?.(s.group)}
            >
              {info ? info.symbol : "•"}
            </button>
          ) : null}
          {render(n.children)}
        </mark>
      );
    });

  const Title = props.titleTag ?? "h4";
  return (
    <div class="article-text">
      {blocks.map((b) => {
        if (b.kind === "title")
          return props.hideTitle ? null : <Title class="art-title">{render(b.tree)}</Title>;
        if (b.kind === "caption")
          return (
            <p class="caption">
              <span class="caption-label">Photo caption: </span>
              {render(b.tree)}
            </p>
          );
        return <p>{render(b.tree)}</p>;
      })}
    </div>
  );
}
