// entitlement-policy/slim: the engine without its .wasm, for apps that load it themselves
// with `await init(url | Response | bytes | WebAssembly.Module)` or `initSync(bytes | module)`.
// Without an argument, `init()` fetches entitlement_policy_bg.wasm next to this file.
// Calling a function before the engine is loaded throws an Error that names `init`.
import load from "./engine.js";

export * from "./engine.js";

export default function init(input) {
  return load(input === undefined ? new URL("./entitlement_policy_bg.wasm", import.meta.url) : input);
}
