// How the page holds up at a tenant's size (run by ./tests/bench.sh): with a 1,000-policy
// draft, how long the main thread is blocked by a keystroke in the Name field; and how a
// 20,000-package snapshot loads (time to loaded, the longest main-thread task meanwhile).
// Long tasks are Chromium's own `longtask` entries (over 50 ms); medians over 10 keystrokes.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { generateTenant } from "../js/tenant-gen.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function largeDraft(count) {
  const policy = (i) => ({
    displayName: `Policy ${i}`, description: "Members of a group; two stages",
    allowedTargetScope: "specificDirectoryUsers",
    specificAllowedTargets: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: `90000000-0000-0000-0000-${String(i).padStart(12, "0")}` }],
    expiration: { type: "afterDuration", duration: "P180D" },
    requestorSettings: { enableTargetsToSelfAddAccess: true },
    requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ durationBeforeAutomaticDenial: "P14D", primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }], fallbackPrimaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: "10000000-0000-0000-0000-000000000003" }] }] },
  });
  return { accessPackage: { displayName: "Large", description: "A package with many policies", catalog: { id: "c0000000-0000-0000-0000-000000000003" } }, assignmentPolicies: Array.from({ length: count }, (_, i) => policy(i + 1)) };
}

const server = await serve(root);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector("body[data-ready=true]");
  await page.getByRole("tab", { name: "Graph JSON", exact: true }).click();
  await page.getByLabel("Paste a Graph payload", { exact: true }).fill(JSON.stringify(largeDraft(1000)));
  await page.getByRole("button", { name: "Load into the form" }).click();
  await page.waitForFunction(() => !document.body.dataset.checking && /^Loaded/.test(document.getElementById("json-load-status").textContent));
  await page.getByRole("tab", { name: "Basics", exact: true }).click();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  });
  const blocked = [];
  const name = page.getByLabel("Name", { exact: true });
  await name.click();
  for (let i = 0; i < 10; i++) {
    // The time the keystroke's own handlers take on the main thread, then the worker's answer.
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const input = document.getElementById(document.activeElement.id);
      const t0 = performance.now();
      input.value += "x";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const handled = performance.now() - t0;
      const wait = () => (document.body.dataset.checking ? setTimeout(wait, 5) : resolve(handled));
      wait();
    }));
    blocked.push(ms);
  }
  const longTasks = await page.evaluate(() => window.__long);
  console.log(`page, 1,000-policy draft: a keystroke in Name blocks the main thread ${median(blocked).toFixed(1)} ms (median of 10, max ${Math.max(...blocked).toFixed(1)} ms); long tasks meanwhile: ${longTasks.length ? longTasks.map((d) => d.toFixed(0)).join(", ") + " ms" : "none"} (target ≤ 50 ms)`);

  // A 20,000-package tenant, loaded through the page's worker.
  const dir = join(root, "tests", "e2e", "output");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "bench-tenant-20000.json");
  writeFileSync(file, JSON.stringify(generateTenant({ packages: 20000, policies: 25000 })));
  await page.getByRole("tab", { name: "Your tenant", exact: true }).click();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  });
  await page.getByLabel("Snapshot files (JSON)").setInputFiles(file);
  const t0 = Date.now();
  await page.getByRole("button", { name: "Load the tenant" }).click();
  await page.waitForFunction(() => /your tenant/.test(document.getElementById("tenant-status")?.textContent || "") || /Not loaded/.test(document.body.textContent), null, { timeout: 120000 });
  const loadMs = Date.now() - t0;
  const loadLong = await page.evaluate(() => window.__long);
  console.log(`page, 20,000-package snapshot: loaded in ${(loadMs / 1000).toFixed(1)} s; main-thread long tasks meanwhile: ${loadLong.length ? `${loadLong.length}, longest ${Math.max(...loadLong).toFixed(0)} ms` : "none"}`);
} finally {
  await browser.close();
  await server.close();
}
