// The draft being edited (Graph v1.0 JSON: { accessPackage, assignmentPolicies }),
// JSON pointers into it, ISO 8601 durations as the form shows them, and the words the
// page uses for Graph's values. No DOM here.

import { userName, groupName, orgName } from "./sample-tenant.js";

export const ODATA = (type) => `#microsoft.graph.${type}`;

/** The subject-set type without `#microsoft.graph.`. */
export function subjectType(subject) {
  return String(subject?.["@odata.type"] || "").replace(/^#/, "").replace(/^microsoft\.graph\./, "");
}

export function newPolicy(n) {
  return {
    displayName: n === 0 ? "Initial policy" : `Policy ${n + 1}`,
    description: n === 0 ? "Policy created with the access package" : "",
    allowedTargetScope: "specificDirectoryUsers",
    specificAllowedTargets: [],
    expiration: { type: "afterDuration", duration: "P365D" },
    requestorSettings: {
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfUpdateAccess: false,
      enableTargetsToSelfRemoveAccess: true,
      allowCustomAssignmentSchedule: false,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: false,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: false,
      stages: [],
    },
    reviewSettings: null,
    questions: [],
  };
}

// ---- automatic-assignment policies (domain.md §1.7, §1.15, §4.8) ----

/** A policy is automatic when it carries `automaticRequestSettings` (absent or null: request-based). */
export function isAutomatic(policy) {
  return Boolean(policy && policy.automaticRequestSettings && typeof policy.automaticRequestSettings === "object");
}

/** The index of the policy's `attributeRuleMembers` target, or -1. */
export function ruleIndex(policy) {
  return (policy?.specificAllowedTargets || []).findIndex((t) => subjectType(t) === "attributeRuleMembers");
}

const REQUEST_ONLY = ["requestorSettings", "requestApprovalSettings", "reviewSettings", "questions"];

/**
 * Turns a policy into an automatic one in place, as the admin center's auto-assignment
 * policy: scope `specificDirectoryUsers` with one rule, assignments created and removed
 * by the service; the request-only settings go (kept aside in `stash` to come back).
 */
export function makeAutomatic(policy, stash) {
  const rule = (policy.specificAllowedTargets || []).find((t) => subjectType(t) === "attributeRuleMembers");
  if (stash) stash.set(policy, Object.fromEntries(REQUEST_ONLY.filter((k) => k in policy).map((k) => [k, policy[k]])));
  for (const k of REQUEST_ONLY) delete policy[k];
  policy.allowedTargetScope = "specificDirectoryUsers";
  policy.specificAllowedTargets = [rule || { "@odata.type": ODATA("attributeRuleMembers"), membershipRule: "" }];
  policy.automaticRequestSettings = {
    requestAccessForAllowedTargets: true,
    removeAccessWhenTargetLeavesAllowedTargets: true,
    gracePeriodBeforeAccessRemoval: "P7D",
  };
  if (!policy.expiration || policy.expiration.type === "afterDuration" || policy.expiration.type === "afterDateTime") policy.expiration = { type: "noExpiration" };
}

/** Back to a request-based policy for `scope`: the stashed (or default) request settings return. */
export function makeRequestBased(policy, stash) {
  const fresh = newPolicy(1);
  const kept = stash?.get(policy) || {};
  delete policy.automaticRequestSettings;
  policy.specificAllowedTargets = (policy.specificAllowedTargets || []).filter((t) => subjectType(t) !== "attributeRuleMembers");
  for (const k of REQUEST_ONLY) policy[k] = k in kept ? kept[k] : fresh[k];
}

export function newAutomaticPolicy(n) {
  const policy = { displayName: `Automatic assignment ${n + 1}`, description: "Assigned to everyone who matches the rule" };
  makeAutomatic(policy);
  return policy;
}

export function newDraft(catalogId) {
  return {
    accessPackage: { displayName: "", description: "", isHidden: false, catalog: { id: catalogId }, resourceRoleScopes: [] },
    assignmentPolicies: [newPolicy(0)],
  };
}

export function newStage() {
  return {
    durationBeforeAutomaticDenial: "P14D",
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalation: "PT0S",
    primaryApprovers: [],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
  };
}

export function newReviewSettings(now) {
  const start = new Date(Date.parse(now) + 7 * 86400000);
  const startDate = Number.isNaN(start.getTime()) ? "2026-01-01" : start.toISOString().slice(0, 10);
  return {
    isEnabled: true,
    expirationBehavior: "keepAccess",
    isRecommendationEnabled: true,
    isReviewerJustificationRequired: true,
    isSelfReview: true,
    primaryReviewers: [],
    fallbackReviewers: [],
    schedule: {
      startDateTime: `${startDate}T00:00:00Z`,
      expiration: { type: "afterDuration", duration: "P14D" },
      recurrence: { pattern: { type: "absoluteMonthly", interval: 3 }, range: { type: "noEnd" } },
    },
  };
}

// ---- JSON pointers ----

export function parsePointer(pointer) {
  if (pointer === "" || pointer === "/") return [];
  return pointer.replace(/^\//, "").split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function pointerOf(tokens) {
  return tokens.length === 0 ? "" : "/" + tokens.map((t) => String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

export function getAt(root, pointer) {
  let node = root;
  for (const t of parsePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[t];
  }
  return node;
}

/** Sets a value, creating intermediate objects; `undefined` deletes the member. */
export function setAt(root, pointer, value) {
  const tokens = parsePointer(pointer);
  let node = root;
  for (const t of tokens.slice(0, -1)) {
    if (node[t] === null || typeof node[t] !== "object") node[t] = {};
    node = node[t];
  }
  const last = tokens[tokens.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

// ---- durations ----

const UNIT_MS = { W: 7 * 86400000, D: 86400000, H: 3600000, M: 60000, S: 1000 };

/** `P30D` → { amount: 30, unit: "D" }; `PT8H` → { amount: 8, unit: "H" }; otherwise null. */
export function splitDuration(text) {
  const m = /^P(?:(\d+)D|T(\d+)([HMS]))$/.exec(String(text || ""));
  if (!m) return null;
  return m[1] !== undefined ? { amount: Number(m[1]), unit: "D" } : { amount: Number(m[2]), unit: m[3] };
}

export function joinDuration(amount, unit) {
  if (amount === "" || amount === null || Number.isNaN(Number(amount))) return "";
  return unit === "D" ? `P${Number(amount)}D` : `PT${Number(amount)}${unit}`;
}

/** Milliseconds of a duration with only W/D/H/M/S parts, or null. */
export function durationMs(text) {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(text || ""));
  if (!m || text === "P" || text === "PT") return null;
  const [, w, d, hh, mm, ss] = m;
  return (Number(w || 0) * UNIT_MS.W) + (Number(d || 0) * UNIT_MS.D) + (Number(hh || 0) * UNIT_MS.H) + (Number(mm || 0) * UNIT_MS.M) + (Number(ss || 0) * UNIT_MS.S);
}

/** "30 days", "8 hours", or the raw text. */
export function describeDuration(text) {
  const d = splitDuration(text);
  if (!d) return String(text || "");
  const word = { D: "day", H: "hour", M: "minute", S: "second" }[d.unit];
  return `${d.amount} ${word}${d.amount === 1 ? "" : "s"}`;
}

// ---- words ----

export const SCOPES = [
  { value: "specificDirectoryUsers", group: "in", label: "Specific users and groups" },
  { value: "allMemberUsers", group: "in", label: "All members (excluding guests)" },
  { value: "allDirectoryUsers", group: "in", label: "All users (including guests)" },
  { value: "specificConnectedOrganizationUsers", group: "out", label: "Specific connected organizations" },
  { value: "allConfiguredConnectedOrganizationUsers", group: "out", label: "All configured connected organizations" },
  { value: "allExternalUsers", group: "out", label: "All users (all connected organizations and any new external users)" },
  { value: "notSpecified", group: "none", label: "None (administrator direct assignments only)" },
];

export function scopeLabel(value) {
  const s = SCOPES.find((x) => x.value === value);
  if (!s) return String(value || "not set");
  const prefix = { in: "For users in your directory: ", out: "For users not in your directory: ", none: "" }[s.group];
  return prefix + s.label;
}

export function subjectLabel(subject) {
  const type = subjectType(subject);
  switch (type) {
    case "singleUser": return userName(subject.userId) || subject.description || `user ${subject.userId || "(no id)"}`;
    case "groupMembers": return `Members of ${groupName(subject.groupId) || subject.description || subject.groupId || "(no id)"}`;
    case "connectedOrganizationMembers": return orgName(subject.connectedOrganizationId) || subject.description || `connected organization ${subject.connectedOrganizationId || "(no id)"}`;
    case "requestorManager": return (subject.managerLevel ?? 1) === 2 ? "Second-level manager" : "Manager";
    case "targetManager": return `Managers (up to level ${subject.managerLevel ?? 1})`;
    case "internalSponsors": return "Internal sponsors";
    case "externalSponsors": return "External sponsors";
    case "targetUserSponsors": return "Sponsors of the requestor";
    case "singleServicePrincipal": return `Service principal ${subject.servicePrincipalId || ""}`;
    case "attributeRuleMembers": return `Users matching ${subject.membershipRule || "(no rule)"}`;
    default: return type || "unknown subject";
  }
}

/** Plain words for the reason codes of domain.md §3.8. */
export const REASONS = {
  CATALOG_DISABLED: "The catalog is not enabled, so nobody can request packages in it.",
  CATALOG_NOT_EXTERNAL: "The catalog is not enabled for external users, and this person is external.",
  ACCOUNT_DISABLED: "This person's account is blocked from signing in.",
  INCOMPATIBLE_PACKAGE: "This person already has an access package that is incompatible with this one.",
  INCOMPATIBLE_GROUP: "This person is in a group that is incompatible with this package.",
  NO_POLICIES: "The package has no policy at all.",
  NOT_IN_SCOPE: "This person is not among the users the policy lets request.",
  PRINCIPAL_KIND_MISMATCH: "The policy is for another kind of identity (users versus service principals).",
  DIRECT_ASSIGNMENT_ONLY: "Only administrators assign through this policy; nobody can request it.",
  AUTOMATIC_POLICY: "This policy assigns automatically from a rule; nobody requests it.",
  SELF_ADD_DISABLED: "The policy does not accept new requests (\"Enable new requests\" is off).",
  SELF_UPDATE_DISABLED: "The policy does not let people extend or change their own access.",
  SELF_REMOVE_DISABLED: "The policy does not let people remove their own access.",
  NOT_ON_BEHALF_REQUESTOR: "This person may not request for someone else under this policy.",
  ON_BEHALF_DISABLED: "Requests on behalf of others are turned off in this policy.",
  NO_ASSIGNMENT_TO_CHANGE: "There is no assignment to extend or remove.",
  ALREADY_ASSIGNED: "The person already has this access package.",
  PENDING_REQUEST_EXISTS: "A request for this package is already open.",
  LOWER_PRIORITY_POLICY: "Another policy that applies is more specific, so this one is not offered.",
  POLICY_SELECTION_REQUIRED: "Several policies apply equally; the requester has to pick one.",
  SCHEDULE_NOT_ALLOWED: "The policy does not let requesters choose their own dates.",
  SCHEDULE_INVALID: "The requested dates are not allowed by the policy.",
  JUSTIFICATION_REQUIRED: "A business justification is required.",
  ANSWER_MISSING: "A required question is not answered.",
  ANSWER_INVALID: "An answer is not one of the allowed values or does not match the expected format.",
  ANSWER_NOT_EDITABLE: "An answer that may not be changed was changed.",
  OUT_OF_SCOPE_FOR_EXTENSION: "The person is no longer in the policy's scope, so the access can't be extended.",
};

export function reasonText(code) {
  return REASONS[code] || `Reason ${code}.`;
}

export function expirationText(expiration) {
  if (!expiration || !expiration.type || expiration.type === "notSpecified" || expiration.type === "noExpiration") return "never expires";
  if (expiration.type === "afterDuration") return `expires ${describeDuration(expiration.duration)} after access is granted`;
  if (expiration.type === "afterDateTime") return `expires on ${String(expiration.endDateTime || "(no date)").replace("T", " ").replace(/:\d\dZ$/, " UTC")}`;
  return String(expiration.type);
}
