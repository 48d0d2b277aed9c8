import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The UI is built into dist/web, which `parallax serve` hands out; in development, `npm run web:dev` proxies /api to
// a running `parallax serve` (PARALLAX_API, default http://127.0.0.1:8787).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: fileURLToPath(new URL("../../dist/web", import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles anywhere: the server's Content-Security-Policy forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  server: { proxy: { "/api": process.env.PARALLAX_API ?? "http://127.0.0.1:8787" } },
});
