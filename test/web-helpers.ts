// Helpers for the browser test: the built UI, the real server on a free port, chromium through playwright-core.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { CLI, ROOT } from "./helpers.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test/artifacts");

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds dist/web with Vite when it is missing or older than src/web (the global setup builds only the server). */
export function ensureWebBuilt(): void {
  const index = join(ROOT, "dist/web/index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(ROOT, "src/web"))) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      "src/web/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    // Vitest sets NODE_ENV=test, which would make Vite keep the libraries' development code.
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
  );
}

export interface Server {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `parallax serve --db <db> --port 0`, resolved with the URL it prints once listening. */
export function startServer(
  db: string,
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Server> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--db", db, "--port", "0"], {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let done = false;
    const output = () => out;
    const stop = () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once("exit", () => res());
        child.kill("SIGTERM");
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        }, 5000).unref();
      });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill("SIGKILL");
      reject(new Error(`the server printed no URL within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, child, output, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${out}`));
    });
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
