import { generateTenant, requester } from "./tenant-gen.mjs";
import { cedarSetup, cedarPartial, cedarLoop } from "./cedar-bench.mjs";
const [n, form] = [Number(process.argv[2]), process.argv[3]];
const s = generateTenant({ packages: n, policies: Math.round(n * 1.25) });
const st = cedarSetup(s, requester(s, { groupCount: 5 }), { form });
const med = (f, r) => { const t = []; for (let i = 0; i < r; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } t.sort((a, b) => a - b); return t[r >> 1].toFixed(1); };
console.log(form, n, "preparse", st.setupMs.preparse.toFixed(0), "partial", med(() => cedarPartial(st), 5), "loop20", med(() => cedarLoop(st, 20), 3));
