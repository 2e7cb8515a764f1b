// Fails when the generated .d.ts types any export of the contract with `any`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const file = fileURLToPath(new URL("../../pkg/index.d.ts", import.meta.url));
const text = readFileSync(file, "utf8");
// The raw ABI listing (`InitOutput`) is wasm-bindgen's, not the contract; check everything else.
const contract = text
  .replace(/export interface InitOutput \{[\s\S]*?\n\}/, "")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\/\/.*$/gm, "");
const offending = contract.split("\n").filter((line) => /\bany\b/.test(line));
if (offending.length > 0) {
  console.error("`any` in the public types:\n" + offending.join("\n"));
  process.exit(1);
}
for (const name of ["validateDraft", "ValidateDraftRequest", "ValidationReport", "Diagnostic", "version"]) {
  if (!text.includes(name)) {
    console.error(`the .d.ts lacks ${name}`);
    process.exit(1);
  }
}
console.log("pkg/index.d.ts: no `any` in the contract");
