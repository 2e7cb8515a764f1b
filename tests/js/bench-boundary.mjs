// Times the builds of bench-boundary.sh side by side: for each scenario, rounds in
// which every build runs in turn, and the median of each build's round medians.
// Usage: node bench-boundary.mjs <dir> <build>...
import { readFileSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { median, fmt } from "./measure.mjs";
import { benchSimulation, draft } from "./scenarios.mjs";
import { generateTenant } from "./tenant-gen.mjs";

const [dir, ...names] = process.argv.slice(2);
const builds = [];
for (const name of names) {
  const glue = await import(`${dir}/${name}/entitlement_policy.js`);
  const wasm = `${dir}/${name}/entitlement_policy_bg.wasm`;
  glue.initSync({ module: readFileSync(wasm) });
  builds.push({ name, glue, raw: statSync(wasm).size, brotli: statSync(`${wasm}.br`).size });
}

const typical = draft(3);
const simulation = benchSimulation();
const tenantSnapshot = generateTenant({ packages: 20000, policies: 25000 });
const once = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const scenarios = [
  { name: "validateDraft, typical draft", run: (g) => median(() => g.validateDraft(typical), 2000, 200) },
  { name: "simulateRequest, bench scenario", run: (g) => median(() => g.simulateRequest(simulation), 2000, 200) },
  { name: "new Tenant, 20,000 packages", rounds: 3, run: (g) => once(() => new g.Tenant(tenantSnapshot).free()) },
];

// Every build must give the same answers before its speed counts.
const reference = JSON.stringify(builds[0].glue.validateDraft(typical)) + JSON.stringify(builds[0].glue.simulateRequest(simulation));
for (const b of builds.slice(1)) {
  const mine = JSON.stringify(b.glue.validateDraft(typical)) + JSON.stringify(b.glue.simulateRequest(simulation));
  if (mine !== reference) console.log(`note: ${b.name} answers differently from ${builds[0].name}`);
}

console.log(`Node ${process.version}; medians of per-round medians, builds interleaved`);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const b of builds) console.log(`${b.name.padEnd(20)} .wasm ${kib(b.raw)} raw, ${kib(b.brotli)} brotli`);
for (const s of scenarios) {
  const times = new Map(builds.map((b) => [b.name, []]));
  for (let round = 0; round < (s.rounds ?? 7); round++) {
    for (const b of builds) times.get(b.name).push(s.run(b.glue));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = med(times.get(builds[0].name));
  const row = builds.map((b) => {
    const m = med(times.get(b.name));
    return `${b.name} ${fmt(m)} (${(m / base).toFixed(2)}×)`;
  });
  console.log(`${s.name}: ${row.join(", ")}`);
}
