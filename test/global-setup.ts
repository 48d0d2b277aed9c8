// The CLI tests run the built program, as users do: build it once before the suite. Test files go to one temporary
// folder, removed at the end (the bad-input and crash tests write over 100 MB).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export default function setup(): () => void {
  const root = resolve(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  const tmp = mkdtempSync(join(tmpdir(), "parallax-tests-"));
  process.env.PARALLAX_TEST_TMP = tmp;
  return () => rmSync(tmp, { recursive: true, force: true });
}
