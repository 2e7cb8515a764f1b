// Runs the Cedar side of the Tenant benchmark in its own process (cedar-bench.mjs sets
// a process-wide V8 flag that would also change our engine's timings): generates the
// same tenant and requester as bench-tenant.mjs and prints one JSON line of timings.
// Usage: node cedar-run.mjs <packages> <policies> <loop limit> <runs>
import { generateTenant, requester } from "./tenant-gen.mjs";
import { cedarSetup, cedarPartial, cedarLoop, cedarVersion } from "./cedar-bench.mjs";
import { median } from "./measure.mjs";

const [packages, policies, limit, runs] = process.argv.slice(2).map(Number);


const snapshot = generateTenant({ packages, policies });
const who = requester(snapshot, { groupCount: 5 });
const state = cedarSetup(snapshot, who);
const total = state.candidateIds.length;
const asked = Math.min(total, limit);
const partialMs = median(() => cedarPartial(state), runs, 0);
const loopAskedMs = median(() => cedarLoop(state, asked), runs, 0);
console.log(JSON.stringify({
  cedarVersion, total, asked, partialMs, loopMs: (loopAskedMs * total) / asked,
  allowed: cedarPartial(state), permits: state.permitCount,
}));
