import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { generateTenant, requester } from "./tenant-gen.mjs";
import { cedarSetup } from "./cedar-bench.mjs";
const n = Number(process.argv[2]);
const s = generateTenant({ packages: n, policies: Math.round(n * 1.25) });
const st = cedarSetup(s, requester(s, { groupCount: 5 }));
console.log(st.permitCount, st.setupMs);
for (let k = 0; k < 3; k++) { const t0 = performance.now(); cedar.preparsePolicySet("x" + k, { staticPolicies: st.policyText }); console.log("preparse", (performance.now() - t0).toFixed(0)); }
{ const t0 = performance.now(); cedar.checkParsePolicySet({ staticPolicies: st.policyText }); console.log("checkparse", (performance.now() - t0).toFixed(0)); }
{ const t0 = performance.now(); cedar.isAuthorizedPartial(st.partialCall); console.log("partial", (performance.now() - t0).toFixed(0)); }
{ const t0 = performance.now(); cedar.isAuthorized(st.plainCalls[0]); console.log("plain", (performance.now() - t0).toFixed(0)); }
