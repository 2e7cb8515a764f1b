// entitlement-policy for Node's `import` (18 and later): the .wasm beside this file is
// read and instantiated at import, so every function answers without an init call.
import { readFileSync } from "node:fs";
import { initSync } from "./engine.js";

initSync({ module: readFileSync(new URL("./entitlement_policy_bg.wasm", import.meta.url)) });

export * from "./engine.js";
export { default } from "./engine.js";
