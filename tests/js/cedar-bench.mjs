// The benchmark's question asked of Cedar (@cedar-policy/cedar-wasm, Node build):
// "which access packages can this requester request for themselves?"
//
// A snapshot (see tenant-gen.mjs) becomes a Cedar policy set holding only what Cedar
// expresses naturally, one `permit` per way in:
//   groupMembers target          permit(principal in Group::"<g>", action == Action::"request", resource == Package::"<p>");
//   singleUser target            permit(principal == User::"<u>", …);
//   allMemberUsers               permit(principal, …) when { principal.userType == "Member" };
//   allDirectoryUsers            permit(principal, …);
//   connectedOrganizationMembers permit(principal, …) when { principal.connectedOrganization == "<co>" };
//   allConfiguredConnectedOrganizationUsers
//                                permit(principal, …) when { principal.connectedOrganization != "" && principal.connectedOrganizationConfigured };
//   allExternalUsers             permit(principal, …) when { principal.userType == "Guest" };
// Cedar's scope takes one entity after `principal in` (a set is allowed only for the
// action), so a policy naming three groups becomes three permits.
// Left out, as our engine never lists them: direct-assignment and automatic policies,
// policies without self-service add, packages in unpublished catalogs, and policies for
// users outside the directory in catalogs not enabled for external users.
//
//   cedarSetup(snapshot, principal, { partitioned? }) → state: conversion, preparse and every
//                                     request built here (not timed)
//   cedarPartial(state)             → sorted package ids, from one isAuthorizedPartial call
//                                     (resource unknown) and its residuals
//   cedarLoop(state, limit?)        → sorted package ids, one statefulIsAuthorized per package
//                                     (the first `limit` packages) over the whole policy set,
//                                     parsed once by preparsePolicySet
//   cedarLoopUnprepared(state, limit?) → the same with isAuthorized, which parses the set every call
//   cedarLoopPartitioned(state, limit?) → the same with one preparsed set per package (needs
//                                     { partitioned: true }): the application picks the policies
//   cedarVersion                    → "4.13.0"
// Cedar evaluates every policy of the set for each request, so one call costs in proportion
// to the whole set: at 20,000 packages (33,000 permits) a loop call takes about 0.1 s and
// the whole loop more than half an hour; pass `limit` and extrapolate.
// Policies go to Cedar as text: its JSON policy format was slower for every timed call.
//
// Self-check: node tests/js/cedar-bench.mjs [packages=1000] [runs=3]

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import {
  getCedarVersion,
  isAuthorized,
  isAuthorizedPartial,
  preparsePolicySet,
  statefulIsAuthorized,
} from "@cedar-policy/cedar-wasm/nodejs";

// Node 20's V8 aborts the process ("Fatal error … unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when optimized code that inlined a JS-to-wasm
// call into cedar-wasm is deoptimized while that call runs, which happens when the wasm
// memory grows (seen after ~5,000 preparsePolicySet calls in one loop). Turning that
// inlining off avoids it. The flag is process-wide: it applies to every wasm module called
// in this process, our engine's too (a few nanoseconds a call, nothing at these scales).
v8.setFlagsFromString("--no-turbo-inline-js-wasm-calls");

/** Version of the installed @cedar-policy/cedar-wasm package. */
export const cedarVersion = JSON.parse(
  readFileSync(new URL("./node_modules/@cedar-policy/cedar-wasm/package.json", import.meta.url), "utf8"),
).version;

const ACTION = Object.freeze({ type: "Action", id: "request" });
const ACTION_TEXT = 'action == Action::"request"';
const GROUP_MEMBERS = "#microsoft.graph.groupMembers";
const SINGLE_USER = "#microsoft.graph.singleUser";
const CONNECTED_ORGANIZATION_MEMBERS = "#microsoft.graph.connectedOrganizationMembers";
const EXTERNAL_SCOPES = new Set([
  "specificConnectedOrganizationUsers",
  "allConfiguredConnectedOrganizationUsers",
  "allExternalUsers",
]);

// Each setup caches its parsed policy set in the wasm module under its own id.
let preparedSets = 0;

/** A Cedar string literal (ids are GUIDs, but quote properly anyway). */
const literal = (s) => JSON.stringify(String(s));

const ANY = "principal";
const WHEN_MEMBER = 'principal.userType == "Member"';
const WHEN_GUEST = 'principal.userType == "Guest"';
const WHEN_CONFIGURED_ORGANIZATION = 'principal.connectedOrganization != "" && principal.connectedOrganizationConfigured';

/** The [principal scope, condition or null] pairs of the permits for one Graph assignment policy. */
function waysIn(policy) {
  const ways = [];
  const targets = Array.isArray(policy.specificAllowedTargets) ? policy.specificAllowedTargets : [];
  switch (policy.allowedTargetScope) {
    case "specificDirectoryUsers":
      for (const target of targets) {
        const type = target?.["@odata.type"];
        if (type === GROUP_MEMBERS && target.groupId) ways.push([`principal in Group::${literal(target.groupId)}`, null]);
        else if (type === SINGLE_USER && target.userId) ways.push([`principal == User::${literal(target.userId)}`, null]);
        // attribute rules, sponsors, managers of a request policy: not expressed
      }
      break;
    case "allMemberUsers":
      ways.push([ANY, WHEN_MEMBER]);
      break;
    case "allDirectoryUsers":
      ways.push([ANY, null]);
      break;
    case "specificConnectedOrganizationUsers":
      for (const target of targets) {
        if (target?.["@odata.type"] === CONNECTED_ORGANIZATION_MEMBERS && target.connectedOrganizationId) {
          ways.push([ANY, `principal.connectedOrganization == ${literal(target.connectedOrganizationId)}`]);
        }
      }
      break;
    case "allConfiguredConnectedOrganizationUsers":
      ways.push([ANY, WHEN_CONFIGURED_ORGANIZATION]);
      break;
    case "allExternalUsers":
      ways.push([ANY, WHEN_GUEST]);
      break;
    default:
      break; // notSpecified (direct assignment) and unknown scopes
  }
  return ways;
}

/**
 * Converts the snapshot and principal to Cedar and builds every request up front.
 * Returns the state: `policyText` (the policy set, one permit a line), `entities`,
 * `candidateIds` (every package of the snapshot: the ones the loop asks about), the
 * prepared calls, counts and `setupMs` (conversion and preparse times, for information).
 * `partitioned: true` also preparses one set per package, for cedarLoopPartitioned.
 */
export function cedarSetup(snapshot, principal, { partitioned = false } = {}) {
  const t0 = performance.now();
  const catalogs = new Map((snapshot.catalogs ?? []).map((c) => [c.id, c]));
  const packages = snapshot.accessPackages ?? [];
  const packageCatalog = new Map(packages.map((p) => [p.id, catalogs.get(p.catalog?.id ?? p.catalogId)]));

  const texts = [];
  const byPackage = new Map(); // package id → the text of its own permits, for `partitioned`
  let policiesExpressed = 0;
  for (const policy of snapshot.assignmentPolicies ?? []) {
    const packageId = policy.accessPackage?.id ?? policy.accessPackageId;
    const catalog = packageCatalog.get(packageId);
    if (!catalog || catalog.state === "unpublished") continue;
    if (policy.requestorSettings?.enableTargetsToSelfAddAccess !== true) continue;
    if (policy.automaticRequestSettings?.requestAccessForAllowedTargets === true) continue;
    if (catalog.isExternallyVisible === false && EXTERNAL_SCOPES.has(policy.allowedTargetScope)) continue;
    const ways = waysIn(policy);
    if (ways.length === 0) continue;
    policiesExpressed++;
    const resource = `resource == Package::${literal(packageId)}`;
    for (const [who, when] of ways) {
      const text = `permit(${who}, ${ACTION_TEXT}, ${resource})${when ? ` when { ${when} }` : ""};`;
      texts.push(text);
      if (partitioned) byPackage.set(packageId, byPackage.has(packageId) ? `${byPackage.get(packageId)}\n${text}` : text);
    }
  }
  // One string for the calls that parse it (Cedar names the permits policy0, policy1, …);
  // the same permits keyed by those names for preparsePolicySet, which parses a long
  // single string in time growing faster than its length (about 40 s for 33,000 permits,
  // against 2 s for the keyed form; both evaluate equally fast afterwards).
  const policyText = texts.join("\n");
  const keyedPolicies = {};
  texts.forEach((text, i) => { keyedPolicies[`policy${i}`] = text; });

  const organizations = snapshot.directory?.connectedOrganizations ?? [];
  const organizationId = principal.connectedOrganizationId ?? "";
  const organization = organizations.find((o) => o.id === organizationId);
  const user = { type: "User", id: String(principal.id ?? "") };
  const groupIds = [...new Set(principal.groupIds ?? [])];
  const entities = [
    {
      uid: user,
      attrs: {
        userType: principal.userType ?? "Member",
        connectedOrganization: organizationId,
        connectedOrganizationConfigured: organization?.state === "configured",
      },
      parents: groupIds.map((id) => ({ type: "Group", id })),
    },
    ...groupIds.map((id) => ({ uid: { type: "Group", id }, attrs: {}, parents: [] })),
  ];
  const t1 = performance.now();

  const policySetId = `entitlement-bench-${++preparedSets}`;
  const prepared = preparsePolicySet(policySetId, { staticPolicies: keyedPolicies });
  if (prepared.type !== "success") throw new Error(`Cedar could not parse the policy set: ${JSON.stringify(prepared.errors)}`);
  const t2 = performance.now();

  // Optional: one preparsed set per package, so each call evaluates only that package's
  // permits (the application, not Cedar, then decides which policies a request sees).
  let partitionedCalls = null;
  if (partitioned) {
    const emptyId = `${policySetId}-empty`;
    const empty = preparsePolicySet(emptyId, { staticPolicies: "" });
    if (empty.type !== "success") throw new Error(`Cedar could not parse an empty policy set: ${JSON.stringify(empty.errors)}`);
    partitionedCalls = new Array(packages.length);
    for (let i = 0; i < packages.length; i++) {
      const id = packages[i].id;
      const own = byPackage.get(id);
      let setId = emptyId;
      if (own) {
        setId = `${policySetId}-${id}`;
        const answer = preparsePolicySet(setId, { staticPolicies: own });
        if (answer.type !== "success") throw new Error(`Cedar could not parse the permits of ${id}: ${JSON.stringify(answer.errors)}`);
      }
      partitionedCalls[i] = { principal: user, action: ACTION, resource: { type: "Package", id }, context: {}, preparsedPolicySetId: setId, entities };
    }
  }
  const t3 = performance.now();

  const candidateIds = packages.map((p) => p.id);
  const policySet = { staticPolicies: policyText };
  const statefulCalls = candidateIds.map((id) => ({
    principal: user, action: ACTION, resource: { type: "Package", id }, context: {}, preparsedPolicySetId: policySetId, entities,
  }));
  const plainCalls = candidateIds.map((id) => ({
    principal: user, action: ACTION, resource: { type: "Package", id }, context: {}, policies: policySet, entities,
  }));
  const partialCall = { principal: user, action: ACTION, resource: null, context: {}, policies: policySet, entities };

  return {
    policyText,
    entities,
    candidateIds,
    policySetId,
    partialCall,
    statefulCalls,
    plainCalls,
    partitionedCalls,
    permitCount: texts.length,
    policiesExpressed,
    setupMs: { convert: t1 - t0, preparse: t2 - t1, preparsePartitions: t3 - t2 },
  };
}

// ---- Reading residuals --------------------------------------------------------------
// A residual of `resource == Package::"p" && <conditions>` comes back with the known parts
// evaluated but not simplified (e.g. `unknown(resource) == Package::"p" && false`). It is
// folded here to: false, true, or "true when resource is Package p".

const FALSE = { value: false };
const TRUE = { value: true };

function fold(expr) {
  if ("Value" in expr) {
    if (typeof expr.Value === "boolean") return expr.Value ? TRUE : FALSE;
    throw new Error(`unexpected value in a residual: ${JSON.stringify(expr)}`);
  }
  if (expr["&&"]) {
    const left = fold(expr["&&"].left);
    if (left === FALSE) return FALSE;
    const right = fold(expr["&&"].right);
    if (right === FALSE) return FALSE;
    if (left === TRUE) return right;
    if (right === TRUE) return left;
    if (left.resource !== right.resource) return FALSE; // two different packages at once
    return left;
  }
  if (expr["=="]) {
    const { left, right } = expr["=="];
    const unknown = left.unknown ?? right.unknown;
    const known = left.unknown ? right : left;
    const entity = known?.Value?.__entity;
    if (unknown?.[0]?.Value === "resource" && entity?.type === "Package") return { resource: entity.id };
  }
  throw new Error(`residual shape not handled: ${JSON.stringify(expr).slice(0, 300)}`);
}

/** The package a permit residual allows, or null. */
function residualPackage(residual) {
  if (residual.effect !== "permit") throw new Error("only permits are generated");
  let result = TRUE;
  for (const clause of residual.conditions ?? []) {
    if (clause.kind !== "when") throw new Error(`residual clause not handled: ${clause.kind}`);
    const folded = fold(clause.body);
    if (folded === FALSE) return null;
    if (folded !== TRUE) {
      if (result !== TRUE && result.resource !== folded.resource) return null;
      result = folded;
    }
  }
  if (result === TRUE) throw new Error("a residual allows every resource");
  return result.resource;
}

/** One partial evaluation with the resource unknown; the packages its residuals allow. */
export function cedarPartial(state) {
  const answer = isAuthorizedPartial(state.partialCall);
  if (answer.type !== "residuals") throw new Error(`Cedar partial evaluation failed: ${JSON.stringify(answer.errors)}`);
  const { residuals, nontrivialResiduals, satisfied } = answer.response;
  if (satisfied.length > 0) throw new Error("a permit holds without a resource");
  const allowed = new Set();
  for (const id of nontrivialResiduals) {
    const pkg = residualPackage(residuals[id]);
    if (pkg !== null) allowed.add(pkg);
  }
  return [...allowed].sort();
}

/** One statefulIsAuthorized per package (the first `limit`), policy set parsed once. */
export function cedarLoop(state, limit = Infinity) {
  return loopOver(state, state.statefulCalls, statefulIsAuthorized, limit);
}

/** One isAuthorized per package (the first `limit`), Cedar parsing the policy set each call. */
export function cedarLoopUnprepared(state, limit = Infinity) {
  return loopOver(state, state.plainCalls, isAuthorized, limit);
}

/**
 * One statefulIsAuthorized per package (the first `limit`), each against a preparsed set of
 * that package's permits only. Needs cedarSetup(…, { partitioned: true }).
 */
export function cedarLoopPartitioned(state, limit = Infinity) {
  if (!state.partitionedCalls) throw new Error("cedarSetup(snapshot, principal, { partitioned: true }) first");
  return loopOver(state, state.partitionedCalls, statefulIsAuthorized, limit);
}

function loopOver(state, calls, authorize, limit) {
  const n = Math.min(calls.length, limit);
  const allowed = [];
  for (let i = 0; i < n; i++) {
    const answer = authorize(calls[i]);
    if (answer.type !== "success") throw new Error(`Cedar authorization failed: ${JSON.stringify(answer.errors)}`);
    if (answer.response.decision === "allow") allowed.push(state.candidateIds[i]);
  }
  return allowed.sort();
}

// ---- Self-check ------------------------------------------------------------------------

function timed(fn, runs) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { result, ms: times[Math.floor(times.length / 2)] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { generateTenant, requester } = await import("./tenant-gen.mjs");
  const packages = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 3);
  // Past 2,000 packages the full-set loop takes minutes: time its first 1,000 and extrapolate.
  const limit = packages > 2000 ? 1000 : Infinity;
  const snapshot = generateTenant({ packages, policies: Math.round(packages * 1.25) });
  const principal = requester(snapshot, { groupCount: 5 });
  const state = cedarSetup(snapshot, principal, { partitioned: true });
  const total = state.candidateIds.length;
  const asked = Math.min(total, limit);
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`cedar-wasm ${cedarVersion} (Cedar ${getCedarVersion()}): ${packages} packages, `
    + `${snapshot.assignmentPolicies.length} policies -> ${state.policiesExpressed} expressed as ${state.permitCount} permits; `
    + `convert ${ms(state.setupMs.convert)}, preparse ${ms(state.setupMs.preparse)}, `
    + `preparse per package ${ms(state.setupMs.preparsePartitions)}`);

  const partial = timed(() => cedarPartial(state), runs);
  console.log(`isAuthorizedPartial, resource unknown: ${ms(partial.ms)} (median of ${runs}), ${partial.result.length} packages`);
  const loop = timed(() => cedarLoop(state, limit), runs);
  const scale = total / asked;
  console.log(`statefulIsAuthorized x ${asked}, one preparsed set: ${ms(loop.ms)} (median of ${runs}), `
    + `${loop.result.length} packages${scale > 1 ? `; about ${(loop.ms * scale / 1000).toFixed(1)} s for all ${total}` : ""}`);
  const split = timed(() => cedarLoopPartitioned(state), runs);
  console.log(`statefulIsAuthorized x ${total}, one preparsed set per package: ${ms(split.ms)} (median of ${runs}), `
    + `${split.result.length} packages`);
  const sample = Math.min(total, 50);
  const plain = timed(() => cedarLoopUnprepared(state, sample), 1);
  console.log(`isAuthorized x ${sample}, set parsed every call: ${ms(plain.ms)}; `
    + `about ${(plain.ms / sample * total / 1000).toFixed(1)} s for all ${total}`);

  const askedIds = new Set(state.candidateIds.slice(0, asked));
  const sampleIds = new Set(state.candidateIds.slice(0, sample));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const ok = partial.result.length > 0
    && same(partial.result, split.result)
    && same(partial.result.filter((id) => askedIds.has(id)), loop.result)
    && same(partial.result.filter((id) => sampleIds.has(id)), plain.result);
  if (!ok) {
    console.error("FAIL: the Cedar calls disagree (or allow nothing)");
    process.exit(1);
  }
  console.log(`ok: partial evaluation and the loops agree (${partial.result.length} of ${total} packages)`);
}
