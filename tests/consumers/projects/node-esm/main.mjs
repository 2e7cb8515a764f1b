// Node ESM: `import` answers with no init call.
import * as ep from "entitlement-policy";
import { validateDraft } from "entitlement-policy";
import { probe } from "./probe.mjs";

if (typeof validateDraft({}).valid !== "boolean") throw new Error("validateDraft did not answer at import");
console.log(JSON.stringify(await probe(ep)));
