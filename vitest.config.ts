import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Several tests spawn the built CLI and write SQLite files; keep them in separate processes.
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
  },
});
