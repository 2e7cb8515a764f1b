// End-to-end tests of the page in www/: Debian's Chromium driven by playwright-core.
// Serves the repository root on 127.0.0.1 (a free port), opens /www/, runs each scenario
// in a fresh page, prints one line per scenario and exits non-zero when one fails.
// Screenshots go to tests/e2e/output/.
//
//   node tests/e2e/run.mjs [words]   # only the scenarios whose name contains the words

import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { scenarios } from "./scenarios.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const output = join(here, "output");
const filter = process.argv.slice(2).join(" ").toLowerCase();

const BROWSER = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

await mkdir(output, { recursive: true });
for (const old of await readdir(output)) if (old.startsWith("failed-")) await rm(join(output, old));
const server = await serve(root);
const browser = await chromium.launch({ executablePath: BROWSER, args: FLAGS });
let passed = 0;
let failed = 0;

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC", locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  // A fixed clock so that dates and rules do not depend on the day the tests run.
  await page.fill("#now", "2025-06-01T00:00:00Z");
  return { page, context, problems, dialogs };
}

const env = { output, readJson: async (name) => JSON.parse(await readFile(join(here, name), "utf8")) };

try {
  for (const { name, run } of scenarios) {
    if (filter && !name.toLowerCase().includes(filter)) continue;
    const started = Date.now();
    const session = await openPage();
    try {
      await run(session.page, { ...env, dialogs: session.dialogs });
      if (session.problems.length) throw new Error(session.problems.join("; "));
      if (session.dialogs.length) throw new Error(`a dialog opened: ${session.dialogs.join("; ")}`);
      passed += 1;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(e.message || e).split("\n").join("\n     ")}`);
      await session.page.screenshot({ path: join(output, `failed-${passed + failed}.png`), fullPage: true }).catch(() => {});
    } finally {
      await session.context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
