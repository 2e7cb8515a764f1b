// Runs the Cedar side of the Tenant benchmark in its own process (cedar-bench.mjs sets
// a process-wide V8 flag that would also change our engine's timings): generates the
// same tenant and requester as bench-tenant.mjs and prints one JSON line of timings.
// Usage: node cedar-run.mjs <packages> <policies> <loop limit> <runs>
import { performance } from "node:perf_hooks";
import { generateTenant, requester } from "./tenant-gen.mjs";
import { cedarSetup, cedarPartial, cedarLoop, cedarVersion } from "./cedar-bench.mjs";

const [packages, policies, limit, runs] = process.argv.slice(2).map(Number);

function median(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const snapshot = generateTenant({ packages, policies });
const who = requester(snapshot, { groupCount: 5 });
const state = cedarSetup(snapshot, who);
const total = state.candidateIds.length;
const asked = Math.min(total, limit);
const partialMs = median(() => cedarPartial(state), runs);
const loopAskedMs = median(() => cedarLoop(state, asked), runs);
console.log(JSON.stringify({
  cedarVersion, total, asked, partialMs, loopMs: (loopAskedMs * total) / asked,
  allowed: cedarPartial(state), permits: state.permitCount,
}));
