// The OpenAPI document (GET /api/openapi.json) as a browsable page: every path and method, its parameters, request
// body and responses, with schemas as nested lists. All text.

import type { ComponentChildren } from "preact";
import { useApi } from "../api.js";
import { ErrorBox, Loading, TableHead, useTitle } from "../components/common.js";

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  title?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  $ref?: string;
}

/** Media types (application/json, …) to what is sent in each. */
type Content = Record<string, { schema?: Schema }>;

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; required?: boolean; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
}

interface OpenApiDoc {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];
const MAX_DEPTH = 7;

function refName(ref: string): string {
  return ref.split("/").pop() ?? ref;
}

function resolve(doc: OpenApiDoc, s: Schema): Schema {
  if (!s.$ref) return s;
  const name = refName(s.$ref);
  return doc.components?.schemas?.[name] ?? s;
}

function typeText(s: Schema): string {
  const parts: string[] = [];
  if (s.$ref) parts.push(refName(s.$ref));
  else if (Array.isArray(s.type)) parts.push(s.type.join(" | "));
  else if (s.type === "array") parts.push(`array of ${s.items ? typeText(s.items) : "any"}`);
  else if (s.type) parts.push(s.type);
  else if (s.anyOf || s.oneOf) parts.push((s.anyOf ?? s.oneOf ?? []).map(typeText).join(" | "));
  else if (s.allOf) parts.push(s.allOf.map(typeText).join(" & "));
  else if (s.const !== undefined) parts.push(JSON.stringify(s.const));
  else parts.push("any");
  if (s.format) parts.push(`(${s.format})`);
  if (s.nullable) parts.push("| null");
  return parts.join(" ");
}

function constraints(s: Schema): string {
  const out: string[] = [];
  if (s.enum) out.push(`one of: ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join("; ");
}

/** What is inside a schema: its properties, its items' properties, its alternatives. */
function SchemaBody(props: {
  doc: OpenApiDoc;
  schema: Schema;
  depth: number;
  seen: string[];
}): ComponentChildren {
  const { doc, depth } = props;
  if (depth > MAX_DEPTH) return <span class="muted">…</span>;
  const seen = props.schema.$ref ? [...props.seen, props.schema.$ref] : props.seen;
  if (props.schema.$ref && props.seen.includes(props.schema.$ref))
    return <span class="muted"> (see {refName(props.schema.$ref)} above)</span>;
  const s = resolve(doc, props.schema);
  if (s.type === "array" || (Array.isArray(s.type) && s.type.includes("array"))) {
    return s.items ? <SchemaBody doc={doc} schema={s.items} depth={depth + 1} seen={seen} /> : null;
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const nonTrivial = alts.filter((a) => resolve(doc, a).properties || resolve(doc, a).items);
    if (nonTrivial.length === 0) return null;
    return (
      <ul class="schema">
        {nonTrivial.map((a) => (
          <li>
            <span class="type">{typeText(a)}</span>
            <SchemaBody doc={doc} schema={a} depth={depth + 1} seen={seen} />
          </li>
        ))}
      </ul>
    );
  }
  if (s.allOf) {
    return (
      <>
        {s.allOf.map((a) => (
          <SchemaBody doc={doc} schema={a} depth={depth + 1} seen={seen} />
        ))}
      </>
    );
  }
  const props2 = s.properties ? Object.entries(s.properties) : [];
  const extra =
    s.additionalProperties && typeof s.additionalProperties === "object" ? s.additionalProperties : null;
  if (props2.length === 0 && !extra) return null;
  return (
    <ul class="schema">
      {props2.map(([name, p]) => (
        <li key={name}>
          <code class="prop">{name}</code>
          {s.required?.includes(name) ? (
            <span class="req" title="required">
              *
            </span>
          ) : null}{" "}
          <span class="type">{typeText(p)}</span>
          {constraints(resolve(doc, p)) ? (
            <span class="muted small"> — {constraints(resolve(doc, p))}</span>
          ) : null}
          {(p.description ?? resolve(doc, p).description) ? (
            <span class="desc"> — {p.description ?? resolve(doc, p).description}</span>
          ) : null}
          <SchemaBody doc={doc} schema={p} depth={depth + 1} seen={seen} />
        </li>
      ))}
      {extra ? (
        <li>
          <code class="prop">[key: string]</code> <span class="type">{typeText(extra)}</span>
          <SchemaBody doc={doc} schema={extra} depth={depth + 1} seen={seen} />
        </li>
      ) : null}
    </ul>
  );
}

function SchemaView(props: { doc: OpenApiDoc; schema: Schema | undefined }) {
  if (!props.schema) return <span class="muted">no schema</span>;
  const s = resolve(props.doc, props.schema);
  return (
    <div class="schema-root">
      <span class="type">{typeText(props.schema)}</span>
      {s.description ? <span class="desc"> — {s.description}</span> : null}
      <SchemaBody doc={props.doc} schema={props.schema} depth={0} seen={[]} />
    </div>
  );
}

/** A request body's or a response's media types, each with its schema. */
function MediaTypes(props: { doc: OpenApiDoc; content: Content | undefined }) {
  return (
    <>
      {Object.entries(props.content ?? {}).map(([type, c]) => (
        <div key={type}>
          <p>
            <code>{type}</code>
          </p>
          <SchemaView doc={props.doc} schema={c.schema} />
        </div>
      ))}
    </>
  );
}

function slug(method: string, path: string): string {
  return `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

export function ApiPage() {
  useTitle("API");
  const doc = useApi<OpenApiDoc>("/api/openapi.json");
  if (doc.error && !doc.data) return <ErrorBox message={doc.error} />;
  if (!doc.data) return <Loading what="the API description" />;
  const d = doc.data;
  const ops: { path: string; method: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(d.paths ?? {}))
    for (const m of METHODS) {
      const op = item[m];
      if (op) ops.push({ path, method: m, op });
    }
  const param = (p: Parameter): Parameter =>
    p.$ref ? (d.components?.parameters?.[refName(p.$ref)] ?? p) : p;
  return (
    <>
      <h1>{d.info?.title ?? "API"}</h1>
      <p class="muted">
        OpenAPI {d.openapi ?? ""} · version {d.info?.version ?? "—"} ·{" "}
        <a href="/api/openapi.json">the document as JSON</a>
      </p>
      {d.info?.description ? <p>{d.info.description}</p> : null}
      <nav aria-label="Endpoints" class="api-toc">
        <ul>
          {ops.map(({ path, method, op }) => (
            <li key={`${method} ${path}`}>
              <button
                type="button"
                class="link-btn"
                onClick={() =>
                  document.getElementById(slug(method, path))?.scrollIntoView({ behavior: "smooth" })
                }
              >
                <span class={`method method-${method}`}>{method.toUpperCase()}</span> {path}
              </button>
              {op.summary ? <span class="muted small"> — {op.summary}</span> : null}
            </li>
          ))}
        </ul>
      </nav>
      {ops.map(({ path, method, op }) => {
        const params = (op.parameters ?? []).map(param);
        return (
          <section
            class="api-op"
            id={slug(method, path)}
            key={`${method} ${path}`}
            aria-labelledby={`${slug(method, path)}-h`}
          >
            <h2 id={`${slug(method, path)}-h`}>
              <span class={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
            </h2>
            {op.summary ? <p class="summary">{op.summary}</p> : null}
            {op.description ? <p>{op.description}</p> : null}
            {params.length > 0 ? (
              <table class="compact">
                <caption>Parameters</caption>
                <TableHead columns={["Name", "In", "Type", "Required", "Description"]} />
                <tbody>
                  {params.map((p) => (
                    <tr key={`${p.in}:${p.name}`}>
                      <td>
                        <code>{p.name}</code>
                      </td>
                      <td>{p.in}</td>
                      <td>
                        {p.schema ? typeText(p.schema) : "—"}
                        {p.schema && constraints(p.schema) ? (
                          <div class="muted small">{constraints(p.schema)}</div>
                        ) : null}
                      </td>
                      <td>{p.required ? "yes" : "no"}</td>
                      <td>{p.description ?? p.schema?.description ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {op.requestBody ? (
              <div class="api-block">
                <h3>Request body{op.requestBody.required ? " (required)" : ""}</h3>
                {op.requestBody.description ? <p>{op.requestBody.description}</p> : null}
                <MediaTypes doc={d} content={op.requestBody.content} />
              </div>
            ) : null}
            {op.responses ? (
              <div class="api-block">
                <h3>Responses</h3>
                {Object.entries(op.responses).map(([status, r]) => (
                  <details key={status} open={status.startsWith("2")}>
                    <summary>
                      <strong>{status}</strong> {r.description ?? ""}
                    </summary>
                    <MediaTypes doc={d} content={r.content} />
                  </details>
                ))}
              </div>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
