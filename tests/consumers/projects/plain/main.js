// A page without a bundler: the browser loads the installed package's files itself.
// `?entry=slim&input=…` loads the slim entry instead, with init() given that input.
import { probe } from "./probe.mjs";

const params = new URLSearchParams(location.search);
const wasmUrl = new URL("./node_modules/entitlement-policy/entitlement_policy_bg.wasm", location.href);

async function slim() {
  const ep = await import("entitlement-policy/slim");
  let early = null;
  try {
    ep.validateDraft({});
  } catch (error) {
    early = error;
  }
  if (!(early instanceof Error) || !/\binit\b/.test(early.message)) throw new Error(`no Error naming init before init(): ${early}`);
  const input = params.get("input");
  const inputs = {
    default: () => ep.default(),
    url: () => ep.default(wasmUrl),
    string: () => ep.default(wasmUrl.href),
    response: async () => ep.default(await fetch(wasmUrl)),
    bytes: async () => ep.default(await (await fetch(wasmUrl)).arrayBuffer()),
    module: async () => ep.default(await WebAssembly.compileStreaming(fetch(wasmUrl))),
  };
  if (!inputs[input]) throw new Error(`unknown input ${input}`);
  await inputs[input]();
  return probe(ep);
}

async function run() {
  try {
    return { page: params.get("entry") === "slim" ? await slim() : await probe(await import("entitlement-policy")) };
  } catch (error) {
    return { error: String(error?.stack ?? error) };
  }
}
run().then((result) => (window.__result = result));
