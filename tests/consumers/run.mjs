// Consumer projects: the packed tarball installed (never the folder by path) into fresh
// scratch projects, each used the way a web app uses a package, with no configuration:
// Node ESM, CommonJS and the slim entry; TypeScript (bundler, node16, .cts, a typo that
// must not compile); Vite (build + preview, dev server, previous majors' dev servers)
// with a page and a module Web Worker; webpack; esbuild; a plain module page with and
// without the slim entry; publint, arethetypeswrong and `npm publish --dry-run`.
// Every page and process answers the same as Node's `import` does.
//
//   node tests/consumers/run.mjs <tarball> [words]   # only scenarios whose name has the words
//
// The tools come from this folder's package.json (installed once, locked); the projects
// are made anew in scratch/ on each run.
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { serve } from "../e2e/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const scratch = join(here, "scratch");
const bin = (path) => join(here, "node_modules", path);
const [tarballArg, ...words] = process.argv.slice(2);
const tarball = tarballArg && resolve(tarballArg);
if (!tarball?.endsWith(".tgz")) {
  console.error("usage: node tests/consumers/run.mjs <tarball.tgz> [words]");
  process.exit(2);
}
const filter = words.join(" ").toLowerCase();
const BROWSER = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const run = promisify(execFile);

/** Runs a command to its end; resolves to its output, rejects with it. */
async function command(cwd, file, args, { fails = false } = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1" } });
    if (fails) throw new Error(`\`${[file, ...args].join(" ")}\` succeeded but must fail:\n${stdout}${stderr}`);
    return stdout + stderr;
  } catch (error) {
    if (fails && error.code !== undefined && typeof error.code === "number") return `${error.stdout}${error.stderr}`;
    if (error.stdout !== undefined) throw new Error(`\`${[file, ...args].join(" ")}\` failed:\n${error.stdout}${error.stderr}`);
    throw error;
  }
}

const node = (cwd, ...args) => command(cwd, process.execPath, args);

/** Copies a project from projects/ into scratch/, with the probe, and installs the tarball. */
async function project(name, probeAt = "probe.mjs") {
  const dir = join(scratch, name);
  await cp(join(here, "projects", name), dir, { recursive: true });
  await cp(join(here, "probe.js"), join(dir, probeAt));
  await command(dir, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball]);
  return dir;
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Starts a long-running server command and waits until `url` answers; resolves to a stop function. */
async function start(cwd, args, url) {
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stop = () => new Promise((ok) => (child.exitCode !== null ? ok() : (child.once("exit", ok), child.kill())));
  for (let waited = 0; waited < 30000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      if ((await fetch(url)).ok) return stop;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  await stop();
  throw new Error(`the server did not answer at ${url}:\n${output}`);
}

let browser;
/** Opens a page and waits for its `window.__result`; fails on page errors, console errors and failed requests. */
async function visit(url) {
  browser ??= await chromium.launch({ executablePath: BROWSER, args: FLAGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  try {
    await page.goto(url);
    let result;
    for (let waited = 0; result === undefined && waited < 30000; waited += 100) {
      // A dev server may reload the page once it has optimised its dependencies.
      result = await page.evaluate(() => window.__result).catch(() => undefined);
      if (result === undefined) await new Promise((ok) => setTimeout(ok, 100));
    }
    if (result === undefined) throw new Error(`no answer from ${url}`);
    if (result.error) throw new Error(result.error);
    if (problems.length) throw new Error(problems.join("\n"));
    return result;
  } finally {
    await context.close();
  }
}

/** Every page, worker and process must answer what Node's `import` answered. */
let expected;
function same(answer, where) {
  const text = JSON.stringify(answer);
  if (text !== JSON.stringify(expected)) throw new Error(`${where} answered ${text}, Node's import ${JSON.stringify(expected)}`);
}
const json = (output) => JSON.parse(output.trim().split("\n").pop());

async function served(dir, path) {
  const server = await serve(dir);
  try {
    return await visit(`${server.url}${path}`);
  } finally {
    await server.close();
  }
}

async function vite(binary, mode) {
  const dir = await project(`vite`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  if (mode === "build") await node(dir, bin(binary), "build", "--logLevel", "warn");
  const args = mode === "build" ? ["preview"] : [];
  const stop = await start(dir, [bin(binary), ...args, "--port", String(port), "--strictPort", "--host", "127.0.0.1"], url);
  try {
    const { page, worker } = await visit(url);
    same(page, "the page");
    same(worker, "the Web Worker");
  } finally {
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const scenarios = [
  ["Node ESM: import answers with no init call", async () => {
    expected = json(await node(await project("node-esm"), "main.mjs"));
  }],
  ["Node CommonJS: require answers with no init call, one instance with the slim entry", async () => {
    same(json(await node(await project("node-cjs"), "main.cjs")), "require()");
  }],
  ["Node slim entry: an Error naming init before init(), then init() from bytes, a module, a Response, a promise, { module_or_path }, and initSync", async () => {
    const dir = await project("node-slim");
    for (const kind of ["bytes", "module", "response", "promise", "object", "sync", "sync-module"]) {
      same(json(await node(dir, "main.mjs", kind)), `slim init from ${kind}`);
    }
  }],
  ["TypeScript 7 and 5.9, strict, lib es2022 + dom, no skipLibCheck: bundler and node16 (.ts and .cts) compile every function; an enum typo does not", async () => {
    const dir = await project("typescript");
    for (const tsc of [bin("typescript/bin/tsc"), bin("typescript-5/bin/tsc")]) {
      await node(dir, tsc, "-p", "tsconfig.bundler.json");
      await node(dir, tsc, "-p", "tsconfig.node16.json");
      const typo = await command(dir, process.execPath, [tsc, "-p", "tsconfig.typo.json"], { fails: true });
      if (!/TS2322[^\n]*"allMembers"/.test(typo)) throw new Error(`the typo was not the error:\n${typo}`);
    }
  }],
  ["publint and arethetypeswrong find no problem in the tarball", async () => {
    const out = await node(here, bin("publint/src/cli.js"), tarball, "--strict");
    if (!/All good/.test(out)) throw new Error(out);
    await node(here, bin("@arethetypeswrong/cli/dist/index.js"), tarball);
  }],
  ["npm publish --dry-run accepts the tarball", async () => {
    const out = await command(scratch, "npm", ["publish", "--dry-run", tarball]);
    if (!/entitlement-policy/.test(out)) throw new Error(out);
  }],
  ["Vite 8: build and preview, a page and a module Web Worker", () => vite("vite/bin/vite.js", "build")],
  ["Vite 8: dev server, a page and a module Web Worker", () => vite("vite/bin/vite.js", "dev")],
  ["Vite 7: dev server, a page and a module Web Worker", () => vite("vite-7/bin/vite.js", "dev")],
  ["Vite 6: dev server, a page and a module Web Worker", () => vite("vite-6/bin/vite.js", "dev")],
  ["webpack 5: a production bundle loads in Chromium and answers", async () => {
    const dir = await project("webpack", "src/probe.mjs");
    await node(dir, bin("webpack-cli/bin/cli.js"), "--mode", "production", "--no-stats");
    same((await served(dir, "/index.html")).page, "the webpack page");
  }],
  ["esbuild: a bundle loads in Chromium and answers", async () => {
    const dir = await project("esbuild", "src/probe.mjs");
    const out = await command(dir, bin(".bin/esbuild"), ["src/index.js", "--bundle", "--outfile=dist/main.js", "--log-level=warning"]);
    if (out.trim()) throw new Error(`esbuild warned:\n${out}`);
    same((await served(dir, "/index.html")).page, "the esbuild page");
  }],
  ["A plain module page without a bundler: the default entry, and slim with init() from nothing, a URL, a string, a Response, bytes and a module", async () => {
    const dir = await project("plain");
    same((await served(dir, "/index.html")).page, "the plain page");
    for (const input of ["default", "url", "string", "response", "bytes", "module"]) {
      same((await served(dir, `/index.html?entry=slim&input=${input}`)).page, `the slim page (${input})`);
    }
  }],
];

await rm(scratch, { recursive: true, force: true });
await mkdir(scratch, { recursive: true });
let failed = 0;
try {
  for (const [name, scenario] of scenarios) {
    if (filter && !name.toLowerCase().includes(filter) && expected !== undefined) continue;
    const began = Date.now();
    try {
      await scenario();
      console.log(`ok   ${name} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}\n${String(error?.message ?? error).replace(/^/gm, "     ")}`);
    }
  }
} finally {
  await browser?.close();
}
if (failed) {
  console.log(`${failed} consumer scenario(s) failed`);
  process.exit(1);
}
console.log(`consumer scenarios: all passed (${(await readdir(scratch)).length} projects in ${scratch})`);
