// `parallax serve`: the HTTP API and the web UI over a database, until interrupted.

import { createServer } from "../serve/server.js";
import type { Store } from "../store/sqlite.js";
import { openStore, resolveDbPath } from "../store/sqlite.js";
import { knowledge, positiveInt, print, type Values } from "./args.js";
import { UsageError } from "./output.js";

/** Serves `store` (or the --db file) on --host/--port; resolves when the server has closed (SIGINT/SIGTERM). */
export async function serveStore(v: Values, opened?: Store): Promise<number> {
  const port = v.port === undefined ? 8787 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number 0–65535 (got ${v.port})`);
  const host = v.host ?? "127.0.0.1";
  const store = opened ?? (await openStore(resolveDbPath(v.db)));
  let app: Awaited<ReturnType<typeof createServer>>;
  try {
    app = await createServer({
      store,
      kb: knowledge(v),
      kbPaths: v.kb ?? [],
      host,
      token: process.env.PARALLAX_TOKEN,
      threads: positiveInt("threads", v.threads),
      logger: process.env.PARALLAX_LOG === "1",
    });
  } catch (e) {
    await store.close();
    throw new UsageError((e as Error).message);
  }
  const address = await app.listen({ host, port });
  print(`Parallax is serving ${address}/ (database ${store.path}); Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await app.close();
  await store.close();
  return 0;
}
