// The slim entry in Node: a function called before init() throws an Error naming init;
// init() then takes the input named on the command line (bytes, module, response, promise).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as ep from "entitlement-policy/slim";
import init, { initSync, validateDraft } from "entitlement-policy/slim";
import { probe } from "./probe.mjs";

let early;
try {
  validateDraft({});
} catch (error) {
  early = error;
}
if (!(early instanceof Error) || !/\binit\b/.test(early.message)) throw new Error(`no Error naming init before init(): ${early}`);

const wasmPath = createRequire(import.meta.url).resolve("entitlement-policy").replace(/node\.cjs$/, "entitlement_policy_bg.wasm");
const bytes = readFileSync(wasmPath);
const kind = process.argv[2];
const inputs = {
  bytes: () => init(bytes),
  module: () => init(new WebAssembly.Module(bytes)),
  response: () => init(new Response(bytes, { headers: { "content-type": "application/wasm" } })),
  promise: () => init(Promise.resolve(new Response(bytes, { headers: { "content-type": "application/wasm" } }))),
  object: () => init({ module_or_path: bytes }),
  sync: () => initSync(bytes),
  "sync-module": () => initSync({ module: new WebAssembly.Module(bytes) }),
};
if (!inputs[kind]) throw new Error(`unknown input kind ${kind}`);
await inputs[kind]();
await init(); // again: does nothing
console.log(JSON.stringify(await probe(ep)));
