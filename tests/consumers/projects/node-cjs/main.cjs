// Node CommonJS: `require` answers with no init call, and is the same instance as the slim entry.
const ep = require("entitlement-policy");
const slim = require("entitlement-policy/slim");

if (typeof ep.validateDraft({}).valid !== "boolean") throw new Error("validateDraft did not answer at require");
if (slim.validateDraft !== ep.validateDraft) throw new Error("require('entitlement-policy/slim') is another instance");
import("./probe.mjs").then(async ({ probe }) => console.log(JSON.stringify(await probe(ep))));
