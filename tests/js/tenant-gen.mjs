// Deterministic synthetic tenants for the benchmarks: the same arguments always give
// the same snapshot (the input of `new Tenant(snapshot)`, Microsoft Graph v1.0 shapes).
//
//   import { generateTenant, requester } from "./tenant-gen.mjs";
//   const snapshot = generateTenant({ packages: 20000, policies: 25000 });
//   const alice = requester(snapshot, { groupCount: 5 });

// ---- The mix (shares of their whole) ------------------------------------------------

/** One catalog per this many packages (at least one). */
export const PACKAGES_PER_CATALOG = 10;
/** Entra's limit of catalogs in a tenant. */
export const MAX_CATALOGS = 7500;
export const CATALOG_UNPUBLISHED_SHARE = 0.05;
export const CATALOG_NOT_EXTERNALLY_VISIBLE_SHARE = 0.2;
export const PACKAGE_HIDDEN_SHARE = 0.1;

/** Policy kinds and their shares of all policies (they add up to 1). */
export const POLICY_KIND_SHARES = Object.freeze({
  groups: 0.62, // specificDirectoryUsers, 1-3 groupMembers targets
  singleUser: 0.05, // specificDirectoryUsers, one singleUser target
  allMembers: 0.02, // allMemberUsers
  allDirectory: 0.01, // allDirectoryUsers
  connectedOrganization: 0.08, // specificConnectedOrganizationUsers, one connectedOrganizationMembers
  allConfiguredConnectedOrganizations: 0.02, // allConfiguredConnectedOrganizationUsers
  allExternal: 0.01, // allExternalUsers
  direct: 0.16, // notSpecified, every requestor flag false
  automatic: 0.03, // attributeRuleMembers + automaticRequestSettings
});

/** Group-based policies: one in this many also lets managers request on behalf. */
export const GROUP_POLICY_ON_BEHALF_EVERY = 8;
/** Group-based policies name 1 to this many groups. */
export const MAX_GROUP_TARGETS = 3;
/** Request-based policies: one in this many has an approval stage (the others none). */
export const REQUEST_POLICY_APPROVAL_EVERY = 2;
/** Request-based policies: one in this many asks a text question. */
export const REQUEST_POLICY_QUESTION_EVERY = 10;
/** Size of the pool of user ids (single-user targets, approvers, managers). */
export const USER_POOL = 50000;
/** Connected organizations: min(MAX, packages / PACKAGES_PER_ORG + 1). */
export const MAX_CONNECTED_ORGANIZATIONS = 2500;
export const PACKAGES_PER_CONNECTED_ORGANIZATION = 8;
export const CONNECTED_ORGANIZATION_CONFIGURED_SHARE = 0.9;

const REQUEST_KINDS = new Set([
  "groups", "singleUser", "allMembers", "allDirectory",
  "connectedOrganization", "allConfiguredConnectedOrganizations", "allExternal",
]);

// ---- Ids and randomness ---------------------------------------------------------------

/** GUID-shaped id: one hex prefix digit, then the zero-padded (decimal) counter. */
const guid = (prefix, n) => `${prefix}0000000-0000-0000-0000-${String(n).padStart(12, "0")}`;
export const catalogId = (n) => guid("c", n);
export const packageId = (n) => guid("a", n);
export const policyId = (n) => guid("b", n);
export const groupId = (n) => guid("9", n);
export const userId = (n) => guid("1", n);
export const connectedOrganizationId = (n) => guid("e", n);

/** mulberry32: a 32-bit seeded generator, returns floats in [0, 1). */
function prng(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [1, n]. */
const pick = (rng, n) => 1 + Math.floor(rng() * n);

function shuffle(rng, items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** `count` distinct integers of [1, n], in draw order. */
function distinct(rng, count, n) {
  if (count > n) throw new RangeError(`cannot draw ${count} distinct values out of ${n}`);
  const seen = new Set();
  while (seen.size < count) seen.add(pick(rng, n));
  return [...seen];
}

/** Exactly `total` kinds, split by share (largest remainder), in random order. */
function policyKinds(rng, total) {
  const entries = Object.entries(POLICY_KIND_SHARES);
  const counts = entries.map(([kind, share]) => ({ kind, count: Math.floor(share * total), rest: share * total % 1 }));
  let missing = total - counts.reduce((sum, c) => sum + c.count, 0);
  for (const c of [...counts].sort((x, y) => y.rest - x.rest)) {
    if (missing-- <= 0) break;
    c.count++;
  }
  const kinds = [];
  for (const c of counts) for (let i = 0; i < c.count; i++) kinds.push(c.kind);
  return shuffle(rng, kinds);
}

// Remembers the pools a snapshot was made from, for `requester`.
const pools = new WeakMap();

// ---- The tenant -----------------------------------------------------------------------

/**
 * A synthetic tenant: `{ catalogs, accessPackages, assignmentPolicies, directory }`.
 * `policies` must be at least `packages` (every package gets one policy).
 */
export function generateTenant({ packages, policies, groups = 5000, seed = 1 }) {
  if (!Number.isInteger(packages) || packages < 1) throw new RangeError("packages must be a positive integer");
  if (!Number.isInteger(policies) || policies < packages) throw new RangeError("policies must be an integer >= packages");
  if (!Number.isInteger(groups) || groups < MAX_GROUP_TARGETS) throw new RangeError(`groups must be an integer >= ${MAX_GROUP_TARGETS}`);
  const rng = prng(seed);

  const catalogCount = Math.min(MAX_CATALOGS, Math.max(1, Math.floor(packages / PACKAGES_PER_CATALOG)));
  const catalogs = new Array(catalogCount);
  for (let i = 1; i <= catalogCount; i++) {
    catalogs[i - 1] = {
      id: catalogId(i),
      displayName: `Catalog ${i}`,
      state: rng() < CATALOG_UNPUBLISHED_SHARE ? "unpublished" : "published",
      isExternallyVisible: !(rng() < CATALOG_NOT_EXTERNALLY_VISIBLE_SHARE),
    };
  }

  const accessPackages = new Array(packages);
  for (let i = 1; i <= packages; i++) {
    accessPackages[i - 1] = {
      id: packageId(i),
      displayName: `Package ${i}`,
      description: `Synthetic access package ${i}`,
      isHidden: rng() < PACKAGE_HIDDEN_SHARE,
      catalog: { id: catalogId(pick(rng, catalogCount)) },
    };
  }

  const organizationCount = Math.min(MAX_CONNECTED_ORGANIZATIONS, Math.floor(packages / PACKAGES_PER_CONNECTED_ORGANIZATION) + 1);
  const connectedOrganizations = new Array(organizationCount);
  for (let i = 1; i <= organizationCount; i++) {
    connectedOrganizations[i - 1] = {
      id: connectedOrganizationId(i),
      displayName: `Partner ${i}`,
      state: rng() < CONNECTED_ORGANIZATION_CONFIGURED_SHARE ? "configured" : "proposed",
      identitySources: [{
        "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
        tenantId: `t-${String(i).padStart(6, "0")}`,
        displayName: `Partner ${i}`,
      }],
    };
  }

  const kinds = policyKinds(rng, policies);
  const assignmentPolicies = new Array(policies);
  let groupPolicies = 0;
  let requestPolicies = 0;
  for (let i = 1; i <= policies; i++) {
    // The first `packages` policies give each package one; the rest land anywhere.
    const pkg = i <= packages ? i : pick(rng, packages);
    const kind = kinds[i - 1];
    const policy = {
      id: policyId(i),
      displayName: `Policy ${i}`,
      description: `Synthetic ${kind} policy ${i}`,
      accessPackage: { id: packageId(pkg) },
      allowedTargetScope: "specificDirectoryUsers",
      specificAllowedTargets: [],
    };
    let onBehalf = false;
    switch (kind) {
      case "groups": {
        const count = pick(rng, MAX_GROUP_TARGETS);
        policy.specificAllowedTargets = distinct(rng, count, groups).map((g) => ({
          "@odata.type": "#microsoft.graph.groupMembers",
          groupId: groupId(g),
        }));
        onBehalf = groupPolicies++ % GROUP_POLICY_ON_BEHALF_EVERY === 0;
        break;
      }
      case "singleUser":
        policy.specificAllowedTargets = [{ "@odata.type": "#microsoft.graph.singleUser", userId: userId(pick(rng, USER_POOL)) }];
        break;
      case "allMembers":
        policy.allowedTargetScope = "allMemberUsers";
        break;
      case "allDirectory":
        policy.allowedTargetScope = "allDirectoryUsers";
        break;
      case "connectedOrganization":
        policy.allowedTargetScope = "specificConnectedOrganizationUsers";
        policy.specificAllowedTargets = [{
          "@odata.type": "#microsoft.graph.connectedOrganizationMembers",
          connectedOrganizationId: connectedOrganizationId(pick(rng, organizationCount)),
        }];
        break;
      case "allConfiguredConnectedOrganizations":
        policy.allowedTargetScope = "allConfiguredConnectedOrganizationUsers";
        break;
      case "allExternal":
        policy.allowedTargetScope = "allExternalUsers";
        break;
      case "direct":
        policy.allowedTargetScope = "notSpecified";
        break;
      case "automatic":
        policy.specificAllowedTargets = [{
          "@odata.type": "#microsoft.graph.attributeRuleMembers",
          description: "Sales department",
          membershipRule: '(user.department -eq "Sales")',
        }];
        policy.automaticRequestSettings = {
          requestAccessForAllowedTargets: true,
          removeAccessWhenTargetLeavesAllowedTargets: true,
          gracePeriodBeforeAccessRemoval: "P7D",
        };
        break;
      default:
        throw new Error(`unknown policy kind ${kind}`);
    }

    if (REQUEST_KINDS.has(kind)) {
      policy.expiration = { type: "afterDuration", duration: "P90D" };
      policy.requestorSettings = {
        enableTargetsToSelfAddAccess: true,
        enableTargetsToSelfUpdateAccess: false,
        enableTargetsToSelfRemoveAccess: true,
        allowCustomAssignmentSchedule: false,
        enableOnBehalfRequestorsToAddAccess: onBehalf,
        enableOnBehalfRequestorsToUpdateAccess: false,
        enableOnBehalfRequestorsToRemoveAccess: false,
        onBehalfRequestors: onBehalf ? [{ "@odata.type": "#microsoft.graph.targetManager", managerLevel: 1 }] : [],
      };
      policy.requestApprovalSettings = requestPolicies % REQUEST_POLICY_APPROVAL_EVERY === 0
        ? {
          isApprovalRequiredForAdd: true,
          isApprovalRequiredForUpdate: false,
          isRequestorJustificationRequired: true,
          stages: [{
            durationBeforeAutomaticDenial: "P14D",
            isEscalationEnabled: false,
            durationBeforeEscalation: "PT0S",
            primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }],
            fallbackPrimaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: userId(pick(rng, USER_POOL)) }],
            escalationApprovers: [],
            fallbackEscalationApprovers: [],
          }],
        }
        : { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: false, stages: [] };
      policy.questions = requestPolicies % REQUEST_POLICY_QUESTION_EVERY === 0
        ? [{
          "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion",
          id: `q${i}`,
          sequence: 1,
          isRequired: true,
          text: "Business reason",
          isSingleLineQuestion: true,
        }]
        : [];
      requestPolicies++;
    } else {
      // Direct and automatic policies: nobody requests, assignments do not expire.
      policy.expiration = { type: "noExpiration" };
      policy.requestorSettings = {
        enableTargetsToSelfAddAccess: false,
        enableTargetsToSelfUpdateAccess: false,
        enableTargetsToSelfRemoveAccess: false,
        allowCustomAssignmentSchedule: false,
        enableOnBehalfRequestorsToAddAccess: false,
        enableOnBehalfRequestorsToUpdateAccess: false,
        enableOnBehalfRequestorsToRemoveAccess: false,
        onBehalfRequestors: [],
      };
      policy.requestApprovalSettings = { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: false, stages: [] };
      policy.questions = [];
    }
    assignmentPolicies[i - 1] = policy;
  }

  const snapshot = { catalogs, accessPackages, assignmentPolicies, directory: { connectedOrganizations } };
  pools.set(snapshot, { groups });
  return snapshot;
}

/** Size of the group pool a snapshot was made from (scanned when it was not made here). */
function groupPool(snapshot) {
  const known = pools.get(snapshot);
  if (known) return known.groups;
  let max = 0;
  for (const policy of snapshot.assignmentPolicies ?? []) {
    for (const target of policy.specificAllowedTargets ?? []) {
      if (typeof target.groupId === "string") max = Math.max(max, Number.parseInt(target.groupId.slice(-12), 10) || 0);
    }
  }
  return max;
}

/**
 * A directory user (Principal) in `groupCount` distinct groups of the snapshot's pool.
 * `groups` overrides the pool size (needed only for a snapshot not made by generateTenant
 * in this process, where it is otherwise taken from the highest group id the policies name).
 */
export function requester(snapshot, { groupCount, seed = 7, userType = "Member", groups } = {}) {
  const pool = groups ?? groupPool(snapshot);
  if (!Number.isInteger(groupCount) || groupCount < 0) throw new RangeError("groupCount must be a non-negative integer");
  const rng = prng(seed);
  const self = pick(rng, USER_POOL);
  let manager = pick(rng, USER_POOL);
  if (manager === self) manager = (manager % USER_POOL) + 1;
  return {
    id: userId(self),
    displayName: `User ${self}`,
    userType,
    accountEnabled: true,
    mail: `user${self}@example.com`,
    groupIds: distinct(rng, groupCount, pool).map(groupId),
    managerIds: [userId(manager)],
  };
}
