// Benchmarks through the wasm package in Node, as a web app would call it:
// medians over many runs, boundary crossing included. Run with ./tests/bench.sh.
import { readFileSync } from "node:fs";
import { initSync, simulateRequest, validateDraft, version } from "../../pkg/entitlement_policy.js";
import { median } from "./measure.mjs";
import { benchSimulation, draft } from "./scenarios.mjs";

initSync({ module: readFileSync(new URL("../../pkg/entitlement_policy_bg.wasm", import.meta.url)) });

const typical = draft(3);
const large = draft(1000);
const typicalReport = validateDraft(typical);
const largeReport = validateDraft(large);
const typicalMs = median(() => validateDraft(typical), 5000, 500);
const largeMs = median(() => validateDraft(large), 41, 5);

console.log(`entitlement-policy ${version()}, Node ${process.version}`);
console.log(`validateDraft, typical draft (1 package, 3 policies, 2 stages each, ${typicalReport.diagnostics.length} findings): median ${(typicalMs * 1000).toFixed(1)} µs over 5000 runs (target ≤ 50 µs)`);
console.log(`validateDraft, 1,000 policies (${largeReport.diagnostics.length} findings): median ${largeMs.toFixed(2)} ms over 41 runs (target ≤ 50 ms)`);

const simulation = benchSimulation();
const simulated = simulateRequest(simulation);
const kinds = (kind) => simulated.timeline.filter((e) => e.kind === kind).length;
const simMs = median(() => simulateRequest(simulation), 5000, 500);
console.log(`simulateRequest, 3 stages with escalation and a year of quarterly reviews (${simulated.timeline.length} timeline entries: ${kinds("stageApproved")} stages approved, ${kinds("reviewClosed")} reviews closed, ${simulated.diagnostics.length} diagnostics): median ${(simMs * 1000).toFixed(1)} µs over 5000 runs (target ≤ 100 µs)`);
