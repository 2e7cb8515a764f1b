// What an entry costs before its first answer. Run by ./tests/bench.sh after the build.
//
// 1. Node cold start: import (or require) to the first validateDraft answer, in fresh
//    processes, side by side with Cedar's `nodejs` entry in the same run (medians).
// 2. Browsers: the bytes a page downloads for the default entry (the .wasm inlined) and
//    for the slim entry with `await init()` (the .wasm fetched), raw, gzip -9 and
//    brotli; and the time from navigation start to the first answer in headless
//    Chromium, median of fresh page loads with no cache.
//
//   node tests/consumers/bench.mjs [processes=20] [page loads=15]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { serve } from "../e2e/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const [processes = 20, loads = 15] = process.argv.slice(2).map(Number);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(1)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const REQUEST = JSON.stringify({ now: "2025-06-01T00:00:00Z", draft: { accessPackage: { displayName: "Sales" }, assignmentPolicies: [] } });

// ---- 1. Node cold start.
function coldStart(label, script) {
  const times = [];
  for (let i = 0; i < processes; i++) {
    times.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim()));
  }
  return { label, median: median(times), min: Math.min(...times), max: Math.max(...times) };
}
const timed = (body) => `const t0 = performance.now();\n${body}\nconsole.log(performance.now() - t0);`;
const pkgUrl = (file) => pathToFileURL(join(root, "pkg", file)).href;
const cedar = join(root, "tests", "js", "node_modules", "@cedar-policy", "cedar-wasm", "nodejs", "cedar_wasm.js");
const node = [
  coldStart("entitlement-policy, import (node.js)", timed(`const m = await import(${JSON.stringify(pkgUrl("node.js"))});\nif (typeof m.validateDraft(${REQUEST}).valid !== "boolean") throw 1;`)),
  coldStart(
    "entitlement-policy, require (node.cjs)",
    timed(`const m = (await import("node:module")).createRequire(import.meta.url)(${JSON.stringify(join(root, "pkg", "node.cjs"))});\nif (typeof m.validateDraft(${REQUEST}).valid !== "boolean") throw 1;`),
  ),
  coldStart(
    "Cedar 4.13, nodejs entry (require)",
    timed(
      `const c = (await import("node:module")).createRequire(import.meta.url)(${JSON.stringify(cedar)});\n` +
        `const a = c.isAuthorized({ principal: { type: "User", id: "u" }, action: { type: "Action", id: "a" }, resource: { type: "R", id: "r" }, context: {}, policies: { staticPolicies: "permit(principal, action, resource);" }, entities: [] });\n` +
        `if (a.type !== "success") throw 1;`,
    ),
  ),
];
console.log(`Node ${process.version}, import to first answer, ${processes} fresh processes each (median, min–max):`);
for (const { label, median: m, min, max } of node) console.log(`  ${label}: ${ms(m)} (${ms(min)}–${ms(max)})`);
console.log(`  ratio Cedar / entitlement-policy import: ${(node[2].median / node[0].median).toFixed(1)}×`);

// ---- 2. Browsers.
const PAGE = (entry) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
import * as ep from "/pkg/${entry === "default" ? "index.js" : "slim.js"}";
${entry === "slim" ? "await ep.default();" : ""}
ep.validateDraft(${REQUEST});
window.__firstAnswer = performance.now();
</script></head><body></body></html>`;

const server = await serve(root, { "/bench/default.html": PAGE("default"), "/bench/slim.html": PAGE("slim") });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  console.log(`\nHeadless Chromium ${browser.version()}, a page that imports the entry and asks validateDraft once (loopback, no cache):`);
  for (const entry of ["default", "slim"]) {
    const times = [];
    let files = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const fetched = [];
      page.on("response", (r) => r.url().includes("/pkg/") && fetched.push(new URL(r.url()).pathname));
      await page.goto(`${server.url}/bench/${entry}.html`);
      await page.waitForFunction(() => window.__firstAnswer !== undefined, null, { timeout: 30000 });
      times.push(await page.evaluate(() => window.__firstAnswer));
      files = [...new Set(fetched)].sort();
      await context.close();
    }
    const bytes = files.map((path) => readFileSync(join(root, path)));
    const raw = bytes.reduce((n, b) => n + b.length, 0);
    const gzip = bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    const brotli = bytes.reduce((n, b) => n + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
    console.log(`  ${entry === "default" ? "default entry (inlined .wasm)" : "slim entry + init() (fetched .wasm)"}: ${files.length} files (${files.map((f) => f.slice(5)).join(", ")})`);
    console.log(`    downloaded: raw ${kib(raw)}, gzip -9 ${kib(gzip)}, brotli ${kib(brotli)}`);
    console.log(`    navigation start to first answer: median ${ms(median(times))} (${ms(Math.min(...times))}–${ms(Math.max(...times))}) over ${loads} loads`);
  }
} finally {
  await browser.close();
  await server.close();
}
