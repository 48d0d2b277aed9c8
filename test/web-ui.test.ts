// End to end in a real browser: the built CLI serves the built UI and the API on a temporary database; chromium (via
// playwright-core) ingests the seeds through the ingest page, reads their story side by side, opens the map,
// brushes the timeline, and shows an article full of script and markup as plain text. No console errors, no CSP
// violations, no dialogs. Screenshots go to test/artifacts/.

import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEEDS, tempDir } from "./helpers.js";
import {
  ARTIFACTS,
  CHROMIUM,
  ensureWebBuilt,
  launchBrowser,
  type Server,
  startServer,
} from "./web-helpers.js";

const HAVE_BROWSER = existsSync(CHROMIUM);
const REQUIRED = process.env.REQUIRE_BROWSER === "1";
const SKIP = !HAVE_BROWSER && !REQUIRED;
if (SKIP)
  console.warn(
    `web-ui.test.ts skipped: no browser at ${CHROMIUM} (set REQUIRE_BROWSER=1 to make this a failure)`,
  );

const WAIT = { timeout: 20_000 };
const INGEST_WAIT = { timeout: 90_000 };

// A second report on another day and in another place, so the timeline has two days to brush between.
const OTHER_DAY = "2017-10-20";
const OTHER_ARTICLE = JSON.stringify({
  title: "Air strikes kill 12 civilians in Idlib",
  text:
    "Air strikes killed 12 civilians in the town of Saraqeb in Idlib province on Friday, the Syrian Observatory " +
    "for Human Rights said.\n\nThe monitor said the dead included three children.",
  outlet: "Reuters",
  date: OTHER_DAY,
});

const XSS_TITLE = `<script>window.__xss=1</script>Evil <img src=x onerror="window.__xss=2">`;
const XSS_ARTICLE = JSON.stringify({
  title: XSS_TITLE,
  text:
    "Militants attacked an army checkpoint in Homs on Monday, killing four soldiers, the Syrian Observatory for " +
    'Human Rights said. <script>window.__xss=3</script>\n\nThe attack <img src=x onerror="window.__xss=4"> was ' +
    "the <b>bold</b> start of a new offensive.",
  outlet: "Evil Times",
  date: "2017-09-25",
});

describe.skipIf(SKIP)("web UI in a browser", () => {
  let server: Server | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  };

  /** Ingest through the page and wait for the job to say it is done; returns the job's section. */
  async function ingestDone(): Promise<void> {
    await page.getByRole("button", { name: "Ingest", exact: true }).click();
    const status = page.locator(".job").first().getByRole("status");
    await status.filter({ hasText: /state: (done|failed)/ }).waitFor(INGEST_WAIT);
    expect(await status.textContent()).toContain("state: done");
  }

  async function storyRows(): Promise<string> {
    const rows = await page.locator("table.stories tbody tr").allTextContents();
    const empty = await page.locator(".story-list .empty").count();
    return empty ? "(none)" : rows.join("\n");
  }

  beforeAll(async () => {
    if (!HAVE_BROWSER) throw new Error(`REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureWebBuilt();
    server = await startServer(join(tempDir("parallax-web-"), "ui.db"));
    browser = await launchBrowser();
    // Reduced motion: the map opens popups and zooms without animations.
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, reducedMotion: "reduce" });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("ingests the two seed files through the ingest page", async () => {
    await page.goto(`${server?.url}/#/ingest`);
    const seeds = readdirSync(SEEDS)
      .sort()
      .map((f) => join(SEEDS, f));
    expect(seeds.length).toBe(2);
    await page.getByLabel("Files", { exact: true }).setInputFiles(seeds);
    await ingestDone();
    const job = page.locator(".job").first();
    expect(await job.getByRole("status").textContent()).toMatch(/stored 2/);
    await job.getByRole("link").first().waitFor(WAIT); // a link to the story it touched
    await shot("ingest.png");
  }, 120_000);

  it("shows the seeds' story side by side with the compatible figures marked in both columns", async () => {
    await page.goto(`${server?.url}/#/stories`);
    const row = page.locator("table.stories tbody tr").filter({ hasText: "Al Arabiya, Xinhua" });
    await row.waitFor(WAIT);
    expect(await page.locator("table.stories tbody tr").count()).toBe(1);
    await page.locator(".timeline-svg rect").first().waitFor(WAIT);
    await shot("stories.png");

    await row.getByRole("link").first().click();
    await page.locator("article.column").nth(1).waitFor(WAIT);
    expect(await page.locator("article.column").count()).toBe(2);

    const arabiya = page
      .locator('article.column[data-outlet="Al Arabiya"] mark[data-verdict="compatible"]')
      .filter({ hasText: "65 percent" })
      .first();
    const xinhua = page
      .locator('article.column[data-outlet="Xinhua"] mark[data-verdict="compatible"]')
      .filter({ hasText: "60 percent" })
      .first();
    await arabiya.waitFor(WAIT);
    await xinhua.waitFor(WAIT);
    const group = await arabiya.getAttribute("data-group");
    expect(group).toBeTruthy();
    expect(await xinhua.getAttribute("data-group")).toBe(group);

    const tableRow = page.locator(`table.claims tr[data-group="${group}"]`);
    expect(await tableRow.getAttribute("data-verdict")).toBe("compatible");
    expect(await tableRow.textContent()).toMatch(/Compatible/);

    // Selecting the claim in one column selects it everywhere.
    await arabiya.click();
    await page.locator(`table.claims tr.active[data-group="${group}"]`).waitFor(WAIT);
    expect(
      await page.locator(`article.column mark.active[data-group="${group}"]`).count(),
    ).toBeGreaterThanOrEqual(2);

    // The verdict filter keeps the compatible rows only.
    await page.locator('button[data-filter="compatible"]').click();
    const verdicts = () =>
      page
        .locator("table.claims tbody tr")
        .evaluateAll((trs) => [...new Set(trs.map((tr) => tr.getAttribute("data-verdict")))]);
    await expect.poll(verdicts, WAIT).toEqual(["compatible"]);
    await shot("story.png");
  }, 60_000);

  it("draws the seeds' events on the map, in Deir ez-Zor", async () => {
    await page.goto(`${server?.url}/#/map`);
    const markers = page.locator(".event-marker, .event-cluster");
    await markers.first().waitFor(WAIT);
    const popup = page.locator(".leaflet-popup-content");
    // A cluster of events at different places zooms in when clicked; one at a single place lists its events.
    for (let i = 0; i < 8 && (await popup.count()) === 0; i++) {
      await markers.first().click();
      await popup.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    expect(await popup.textContent()).toMatch(/Deir ez-Zor|Dayr az Zawr/);
    expect(await popup.getByRole("link").count()).toBeGreaterThan(0);
    await shot("map.png");

    await page.locator(".map-table summary").click();
    const places = await page.locator(".map-table tbody tr td:first-child").allTextContents();
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p).toMatch(/Deir ez-Zor|Dayr az Zawr/);
  }, 60_000);

  it("brushes the timeline to pick dates for the list and the map", async () => {
    await page.goto(`${server?.url}/#/ingest`);
    await page.getByLabel("Paste text").fill(OTHER_ARTICLE);
    await page.getByLabel("Format of the pasted text").selectOption("jsonl");
    await ingestDone();

    await page.goto(`${server?.url}/#/stories`);
    await expect.poll(storyRows, WAIT).toMatch(/Reuters/);
    expect(await storyRows()).toMatch(/Al Arabiya, Xinhua/);
    const svg = page.locator(".timeline-svg");
    await svg.locator("rect").nth(1).waitFor(WAIT);
    const box = await svg.boundingBox();
    if (!box) throw new Error("the timeline has no box");
    const y = box.y + box.height / 2;

    // The left half holds the seeds' day only.
    await page.mouse.move(box.x + 40, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(
      () => location.hash.includes("from=") && location.hash.includes("to="),
      null,
      WAIT,
    );
    await expect.poll(() => page.locator("#stories-from").inputValue(), WAIT).not.toBe("");
    const from = await page.locator("#stories-from").inputValue();
    const to = await page.locator("#stories-to").inputValue();
    expect(from <= "2017-09-09").toBe(true);
    expect(to >= "2017-09-09" && to < OTHER_DAY).toBe(true);
    await expect.poll(storyRows, WAIT).not.toMatch(/Reuters/);
    expect(await storyRows()).toMatch(/Al Arabiya, Xinhua/);
    await page.locator(".map-table summary").click();
    await expect
      .poll(async () => (await page.locator(".map-table tbody tr").allTextContents()).join("\n"), WAIT)
      .not.toMatch(/Idlib/);
    expect((await page.locator(".map-table tbody tr").allTextContents()).join("\n")).toMatch(/Deir ez-Zor/);
    await shot("timeline-brushed.png");

    // Every download link of the page answers (with the filters it can take).
    const downloads = await page
      .locator("a[download]")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(downloads.length).toBeGreaterThanOrEqual(5);
    for (const href of downloads) {
      const status = await page.evaluate(async (u) => (await fetch(u)).status, href);
      expect({ href, status }).toEqual({ href, status: 200 });
    }

    // The right half holds the other day only: the seeds' story leaves the list and their events the map.
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 12, y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.locator("#stories-from").inputValue(), WAIT).not.toBe(from);
    expect((await page.locator("#stories-from").inputValue()) > "2017-09-09").toBe(true);
    expect((await page.locator("#stories-to").inputValue()) >= OTHER_DAY).toBe(true);
    await expect.poll(storyRows, WAIT).not.toMatch(/Al Arabiya, Xinhua/);
    expect(await storyRows()).toMatch(/Reuters/);
    await expect
      .poll(async () => (await page.locator(".map-table tbody tr").allTextContents()).join("\n"), WAIT)
      .not.toMatch(/Deir ez-Zor/);
    // The one event left is a single marker: its popup names the place and links to the story.
    const single = page.locator(".event-marker").first();
    await single.waitFor(WAIT);
    await single.click();
    const popup = page.locator(".leaflet-popup-content .map-popup");
    await popup.waitFor(WAIT);
    expect(await popup.textContent()).toMatch(/Saraqeb|Idlib/);
    expect(await popup.getByRole("link", { name: "Open story" }).getAttribute("href")).toMatch(
      /^#\/story\/s/,
    );

    // Back returns to the first brush.
    await page.goBack();
    await expect.poll(() => page.locator("#stories-from").inputValue(), WAIT).toBe(from);

    // "Clear dates" empties both date fields.
    await page.getByRole("button", { name: "Clear dates" }).click();
    await expect.poll(() => page.locator("#stories-from").inputValue(), WAIT).toBe("");
    await expect
      .poll(storyRows, WAIT)
      .toMatch(/Al Arabiya, Xinhua[\s\S]*Reuters|Reuters[\s\S]*Al Arabiya, Xinhua/);
  }, 150_000);

  it("shows an article full of script and markup as text, on its story and article pages", async () => {
    await page.goto(`${server?.url}/#/ingest`);
    await page.getByLabel("Paste text").fill(XSS_ARTICLE);
    await page.getByLabel("Format of the pasted text").selectOption("json");
    await ingestDone();

    const storyLink = page.locator(".job").first().getByRole("link").first();
    await storyLink.waitFor(WAIT);
    await storyLink.click();
    await page.locator("article.column").first().waitFor(WAIT);
    await page.getByText("Evil Times").first().waitFor(WAIT);
    let text = await page.locator("main").textContent();
    expect(text).toContain("<script>window.__xss=1</script>Evil");
    expect(text).toContain("<b>bold</b>");

    await page.locator("article.column").first().getByRole("link", { name: "Article page" }).click();
    await page.waitForFunction(() => location.hash.startsWith("#/article/"), null, WAIT);
    await page.locator(".article-body p").first().waitFor(WAIT);
    text = await page.locator("main").textContent();
    expect(text).toContain(XSS_TITLE);
    expect(await page.getByText("<script>window.__xss=1</script>Evil").first().isVisible()).toBe(true);
    expect(text).toContain('<img src=x onerror="window.__xss=4">');
    expect(text).toContain("<b>bold</b>");
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("main b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await shot("xss.png");

    // The search page shows the title and snippet as text too.
    await page.goto(`${server?.url}/#/search?q=checkpoint`);
    await page.locator(".results li").first().waitFor(WAIT);
    expect(await page.locator(".results").textContent()).toContain("<script>");
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  }, 120_000);

  it("renders the other pages without errors", async () => {
    for (const [hash, heading] of [
      ["#/entities", "Entities"],
      ["#/entity/SY-DY", "Deir ez-Zor"],
      ["#/outlets", "Outlets"],
      ["#/api", "API"],
    ] as const) {
      await page.goto(`${server?.url}/${hash}`);
      await page.waitForFunction((h) => location.hash === h, hash, WAIT);
      await page.locator("main h1").filter({ hasText: heading }).first().waitFor(WAIT);
      expect(await page.locator("[role=alert]").count()).toBe(0);
    }
    await page.locator(".api-op").first().waitFor(WAIT);
    expect(await page.locator(".api-op").count()).toBeGreaterThan(5);
  }, 60_000);

  it("asks for the write token when the server needs one, and sends it", async () => {
    const guarded = await startServer(join(tempDir("parallax-web-token-"), "ui.db"), {
      env: { PARALLAX_TOKEN: "s3cret-token" },
    });
    try {
      await page.goto(`${guarded.url}/#/ingest`);
      const token = page.getByLabel(/API token/);
      await token.waitFor(WAIT);
      // Without the token: the server's 401 message, in an alert.
      await page.getByLabel("Paste text").fill(OTHER_ARTICLE);
      await page.getByRole("button", { name: "Ingest", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: /token/ }).waitFor(WAIT);
      // With it: the job runs.
      await token.fill("s3cret-token");
      await page.getByRole("button", { name: "Ingest", exact: true }).click();
      await page
        .locator(".job")
        .first()
        .getByRole("status")
        .filter({ hasText: "state: done" })
        .waitFor(INGEST_WAIT);
      // The 401 above is logged by the browser as a failed resource load: not a UI error.
      const i = consoleErrors.findIndex((e) => /status of 401/.test(e));
      if (i >= 0) consoleErrors.splice(i, 1);
    } finally {
      await guarded.stop();
    }
  }, 120_000);

  it("logged no console errors, CSP violations or dialogs", () => {
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
