// The Tenant benchmark of the README (issue 3): synthetic tenants at 1k, 10k and
// Entra's limits, through the wasm package in Node; the same question asked of
// Cedar in the same run. Medians over many runs; rerun for a second sample.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { initSync, Tenant, version } from "../../pkg/entitlement_policy.js";
import { generateTenant, requester } from "./tenant-gen.mjs";
import { fmt, median } from "./measure.mjs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const wasm = initSync({ module: readFileSync(new URL("../../pkg/entitlement_policy_bg.wasm", import.meta.url)) });


const now = { now: "2025-06-01T00:00:00Z" };

export function benchTenant(size) {
  const snapshot = generateTenant(size);
  const before = wasm.memory.buffer.byteLength;
  const t0 = performance.now();
  const tenant = new Tenant(snapshot);
  const loadMs = performance.now() - t0;
  const memory = wasm.memory.buffer.byteLength;
  const problems = tenant.diagnostics().length;
  const rows = [];
  for (const groupCount of [5, 200]) {
    const who = requester(snapshot, { groupCount });
    const listed = tenant.requestablePackages(who, now);
    const listMs = median(() => tenant.requestablePackages(who, now), 200);
    const ids = snapshot.accessPackages.map((p) => p.id);
    let k = 0;
    const oneMs = median(() => tenant.applicablePolicies(ids[k++ % ids.length], who, now), 2000);
    rows.push({ groupCount, listed: listed.length, listMs, oneMs, who });
  }
  return { snapshot, tenant, loadMs, memory, before, problems, rows };
}

/**
 * The same question asked of Cedar (in a child process, see cedar-run.mjs), for the
 * requester in 5 groups: partial evaluation with the resource unknown (one call), and
 * one isAuthorized per package with the policy set parsed once, timed over up to
 * `limit` packages and scaled to all of them.
 */
function benchCedar(size, ours, limit, runs) {
  const script = fileURLToPath(new URL("./cedar-run.mjs", import.meta.url));
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", script, size.packages, size.policies, limit, runs], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const c = JSON.parse(out.trim().split("\n").pop());
  const allowed = new Set(c.allowed);
  return { ...c, allowedCount: allowed.size, agree: ours.every((id) => allowed.has(id)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`entitlement-policy ${version()}, Node ${process.version}; Cedar in a child process`);
  for (const size of [
    { packages: 1000, policies: 1250 },
    { packages: 10000, policies: 12500 },
    { packages: 20000, policies: 25000 },
  ]) {
    const r = benchTenant(size);
    console.log(`\n${size.packages} packages, ${size.policies} policies: load ${fmt(r.loadMs)} (target ≤ 500 ms), wasm memory ${(r.memory / 2 ** 20).toFixed(1)} MiB after load, ${r.problems} load findings`);
    for (const row of r.rows) {
      console.log(`  requester in ${row.groupCount} groups: requestablePackages ${fmt(row.listMs)} (${row.listed} packages; target ≤ 2 ms), one package's applicablePolicies ${fmt(row.oneMs)} (target ≤ 20 µs)`);
    }
    const five = r.rows[0];
    const ours = r.tenant.requestablePackages(five.who, now).map((p) => p.accessPackageId);
    r.tenant.free();
    const c = benchCedar(size, ours, size.packages > 5000 ? 100 : 1000, size.packages > 5000 ? 3 : 5);
    const best = Math.min(c.partialMs, c.loopMs);
    console.log(`  Cedar ${c.cedarVersion}, same question (5 groups, ${c.permits} permits): partial evaluation ${fmt(c.partialMs)}, loop with the policies parsed once ${fmt(c.loopMs)}`
      + `${c.asked < c.total ? ` (timed over ${c.asked} of ${c.total} packages, scaled)` : ""}; Cedar allows ${c.allowedCount} packages`
      + `${c.agree ? ", every package we list among them" : ", DISAGREES with our list"}`);
    console.log(`  ratio: Cedar's best ${fmt(best)} / ours ${fmt(five.listMs)} = ${(best / five.listMs).toFixed(0)}× (target ≥ 100×)`);
  }
}
