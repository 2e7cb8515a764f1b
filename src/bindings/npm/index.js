// entitlement-policy for browsers, bundlers and workers (the default entry).
//
// The .wasm travels inside this module as base64, so no bundler, dev server or static
// host has to find, copy or serve a separate file, and every function answers as soon
// as the import resolves: no `await init()` needed (it is allowed, and does nothing).
// Apps that fetch the .wasm themselves import "entitlement-policy/slim" instead.
import { initSync } from "./engine.js";
import { wasmBase64 } from "./entitlement_policy_bg.wasm.base64.js";

function decode(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

initSync({ module: decode(wasmBase64) });

export * from "./engine.js";
export { default } from "./engine.js";
