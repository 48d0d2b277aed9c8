// Ingest: files (picked or dropped) and pasted text go to POST /api/ingest; each job is polled until done, with its
// counts, problems and the stories it touched. Earlier jobs are listed below.

import { useEffect, useRef, useState } from "preact/hooks";
import type { IngestJob } from "../../serve/api-types.js";
import { getJson, getToken, invalidate, postJson, setToken, useApi } from "../api.js";
import { ErrorBox, TableHead, useOverview, useTitle } from "../components/common.js";
import { fmtDate, fmtNumber, plural } from "../format.js";
import { href } from "../router.js";

const FORMATS = ["text-stream", "csv", "json", "jsonl", "rss", "atom", "html"];
const POLL_MS = 300;

function finished(j: IngestJob): boolean {
  return j.state === "done" || j.state === "failed";
}

export function IngestPage() {
  useTitle("Ingest");
  const { overview } = useOverview();
  const [files, setFiles] = useState<File[]>([]);
  const [text, setText] = useState("");
  const [format, setFormat] = useState("");
  const [token, setTok] = useState(getToken());
  const [jobs, setJobs] = useState<IngestJob[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [history, setHistory] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const dropRef = useRef<HTMLDivElement>(null);
  const previous = useApi<{ items: IngestJob[] }>("/api/ingest", { key: history });

  // Poll the jobs that are not finished yet.
  useEffect(() => {
    const open = jobs.filter((j) => !finished(j));
    if (open.length === 0) return;
    let live = true;
    const t = setTimeout(async () => {
      try {
        const fresh = await Promise.all(
          open.map((j) => getJson<IngestJob>(`/api/ingest/${encodeURIComponent(j.id)}`)),
        );
        if (!live) return;
        setJobs((all) => all.map((j) => fresh.find((f) => f.id === j.id) ?? j));
        if (fresh.some(finished)) {
          invalidate();
          setHistory((h) => h + 1);
        }
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [jobs]);

  // Files dropped on the drop zone.
  useEffect(() => {
    const zone = dropRef.current;
    if (!zone) return;
    const over = (e: DragEvent) => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = () => setDragging(false);
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const list = e.dataTransfer?.files;
      if (list?.length) setFiles((f) => [...f, ...Array.from(list)]);
    };
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", leave);
    zone.addEventListener("drop", drop);
    return () => {
      zone.removeEventListener("dragover", over);
      zone.removeEventListener("dragleave", leave);
      zone.removeEventListener("drop", drop);
    };
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (files.length === 0 && !text.trim()) {
      setError("Choose files or paste some text first.");
      return;
    }
    setBusy(true);
    try {
      const started: IngestJob[] = [];
      if (files.length > 0) {
        const form = new FormData();
        for (const f of files) form.append("files", f, f.name);
        started.push(await postJson<IngestJob>("/api/ingest", form));
      }
      if (text.trim()) {
        started.push(await postJson<IngestJob>("/api/ingest", format ? { text, format } : { text }));
      }
      setJobs((j) => [...started, ...j]);
      setFiles([]);
      setText("");
      if (fileRef.current) fileRef.current.value = "";
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Ingest articles</h1>
      <p class="muted">
        Files in any format Parallax reads (plain-text article streams, CSV, JSON, JSON Lines, RSS, Atom,
        HTML); the format is sniffed from the content. Articles are stored, analysed and linked into stories.
      </p>
      <form class="ingest-form" onSubmit={submit}>
        {overview?.writeNeedsToken ? (
          <label for="ingest-token" class="block">
            API token (this server needs one to write)
            <input
              id="ingest-token"
              type="password"
              autocomplete="off"
              value={token}
              onInput={(e) => {
                setTok(e.currentTarget.value);
                setToken(e.currentTarget.value);
              }}
            />
          </label>
        ) : null}
        <div ref={dropRef} class={dragging ? "dropzone dragging" : "dropzone"}>
          <label for="ingest-files" class="block">
            Files
            <input
              id="ingest-files"
              ref={fileRef}
              type="file"
              multiple
              onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
            />
          </label>
          <p class="muted small">…or drop files here.</p>
          {files.length > 0 ? (
            <ul class="file-list" aria-label="Chosen files">
              {files.map((f) => (
                <li key={`${f.name}|${f.size}`}>
                  {f.name} <span class="muted">({fmtNumber(f.size)} bytes)</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <label for="ingest-text" class="block">
          Paste text
          <textarea
            id="ingest-text"
            rows={8}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            placeholder="Article text, or CSV / JSON / JSON Lines records"
          />
        </label>
        <label for="ingest-format">
          Format of the pasted text
          <select id="ingest-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            <option value="">Detect</option>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Sending…" : "Ingest"}
          </button>
        </div>
      </form>
      <ErrorBox message={error} />
      {jobs.map((j) => (
        <JobView key={j.id} job={j} />
      ))}
      <section aria-labelledby="prev-h">
        <h2 id="prev-h">Jobs</h2>
        <ErrorBox message={previous.error} />
        {previous.data && previous.data.items.length === 0 ? <p class="muted">No jobs yet.</p> : null}
        {previous.data && previous.data.items.length > 0 ? (
          <table class="compact">
            <TableHead
              columns={[
                "Job",
                "State",
                "Inputs",
                { label: "Read", num: true },
                { label: "Stored", num: true },
                { label: "Rejected", num: true },
                "Finished",
                "Stories",
              ]}
            />
            <tbody>
              {previous.data.items.map((j) => (
                <tr key={j.id}>
                  <td>{j.id}</td>
                  <td>{j.state}</td>
                  <td class="small">{j.inputs.join(", ")}</td>
                  <td class="num">{fmtNumber(j.counts.read)}</td>
                  <td class="num">{fmtNumber(j.counts.stored)}</td>
                  <td class="num">{fmtNumber(j.counts.rejected)}</td>
                  <td class="nowrap">{j.finished ? fmtDate(j.finished) : "—"}</td>
                  <td class="small">
                    {j.stories.slice(0, 3).map((s, i) => (
                      <>
                        {i > 0 ? ", " : ""}
                        <a href={href(["story", s.id])}>{s.title ? shorten(s.title, 40) : s.id}</a>
                      </>
                    ))}
                    {j.stories.length > 3 ? ` and ${j.stories.length - 3} more` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function JobView(props: { job: IngestJob }) {
  const j = props.job;
  const c = j.counts;
  const done = finished(j);
  // Analysis and linking of what was stored: the part of the work that can be counted.
  const max = c.stored * 2;
  const value = c.analyzed + c.linked;
  return (
    <section
      class={`job job-${j.state}`}
      aria-label={`Ingest job ${j.id}`}
      data-job={j.id}
      data-state={j.state}
    >
      <h2 class="h3">
        Job {j.id}: {j.inputs.join(", ") || "input"}
      </h2>
      {done ? (
        <progress max={1} value={1} aria-label="Progress" />
      ) : max > 0 ? (
        <progress max={max} value={Math.min(value, max)} aria-label="Progress" />
      ) : (
        <progress aria-label="Progress" />
      )}
      <p role="status" class="job-status">
        <strong>
          {j.state === "done"
            ? "Done"
            : j.state === "failed"
              ? "Failed"
              : j.state === "queued"
                ? "Queued"
                : "Running"}
        </strong>
        {" — "}read {fmtNumber(c.read)}, stored {fmtNumber(c.stored)}, analyzed {fmtNumber(c.analyzed)},
        linked {fmtNumber(c.linked)}
        {c.duplicates ? `, ${plural(c.duplicates, "duplicate")}` : ""}
        {c.unchanged ? `, ${fmtNumber(c.unchanged)} already stored` : ""}
        {c.reprints ? `, ${plural(c.reprints, "reprint")}` : ""}
        {c.rejected ? `, ${fmtNumber(c.rejected)} rejected` : ""}
        {c.warnings ? `, ${plural(c.warnings, "warning")}` : ""}
        {done ? ` (state: ${j.state})` : ""}
      </p>
      {j.error ? <ErrorBox title="The job failed" message={j.error} /> : null}
      {j.problems.length > 0 ? (
        <details open={j.problems.length <= 10}>
          <summary>Problems ({j.problems.length})</summary>
          <table class="compact">
            <TableHead columns={["Kind", "File", "Record", "Message"]} />
            <tbody>
              {j.problems.map((p, i) => (
                <tr key={`${i}`}>
                  <td>{p.kind}</td>
                  <td>{p.file}</td>
                  <td>{p.record ?? "—"}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {done && j.stories.length > 0 ? (
        <>
          <h3>Stories it touched</h3>
          <ul>
            {j.stories.map((s) => (
              <li key={s.id}>
                <a href={href(["story", s.id])}>{s.title ?? s.id}</a>{" "}
                <span class="muted">({plural(s.sources, "source")})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {done && j.state === "done" && j.stories.length === 0 ? <p class="muted">No stories touched.</p> : null}
    </section>
  );
}
