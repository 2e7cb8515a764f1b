// Loads the package's Node entry (ready at import, no init call) and validates the
// sample draft of domain.md §5.5, then bad input of every kind: what a Node user would see.
import assert from "node:assert/strict";
import { validateDraft, applicablePolicies, simulateRequest, Tenant, version } from "../../pkg/node.js";

assert.match(version(), /^\d+\.\d+\.\d+/);
const report = validateDraft({
  now: "2025-06-01T00:00:00Z",
  draft: {
    accessPackage: { id: "a0000000-0000-0000-0000-000000000001", displayName: "Sales collaboration", description: "Sales", catalog: { id: "c0000000-0000-0000-0000-000000000001" } },
    assignmentPolicies: [{
      displayName: "All employees", description: "Any member can request",
      accessPackage: { id: "a0000000-0000-0000-0000-000000000001" },
      allowedTargetScope: "allMemberUsers", specificAllowedTargets: [],
      expiration: { type: "afterDuration", duration: "P30D" },
      requestorSettings: { enableTargetsToSelfAddAccess: true, allowCustomAssignmentSchedule: false },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [] },
    }],
  },
});
assert.equal(report.valid, false);
const finding = report.diagnostics.find((d) => d.code === "APPR_STAGES_REQUIRED");
assert.ok(finding, JSON.stringify(report, null, 2));
assert.equal(finding.path, "/draft/assignmentPolicies/0/requestApprovalSettings/stages");
assert.equal(finding.severity, "error");

// Whatever the input, an answer and never a throw.
for (const bad of [undefined, null, 42, "draft", [], { draft: 7 }, { draft: { accessPackage: [] }, now: "yesterday" }]) {
  const r = validateDraft(bad);
  assert.equal(r.valid, false, JSON.stringify(bad));
  assert.ok(r.diagnostics.every((d) => d.code.startsWith("INPUT_")), JSON.stringify(r));
}
// Who may request: a guest is not a member.
const policy = { id: "p1", displayName: "All members", allowedTargetScope: "allMemberUsers",
  requestorSettings: { enableTargetsToSelfAddAccess: true }, accessPackage: { id: "a1" } };
const pkg = { id: "a1", displayName: "Sales", catalog: { id: "c1" } };
const guest = { id: "10000000-0000-0000-0000-000000000009", userType: "Guest" };
const member = { id: "10000000-0000-0000-0000-000000000001", userType: "Member" };
const answer = applicablePolicies({ now: "2025-06-01T00:00:00Z", requester: guest, draft: { accessPackage: pkg, assignmentPolicies: [policy] } });
assert.equal(answer.requestable, false);
assert.deepEqual(answer.policies[0].reasons, ["NOT_IN_SCOPE"]);

// A tenant, asked twice, then freed.
const tenant = new Tenant({ catalogs: [{ id: "c1", state: "published" }], accessPackages: [pkg], assignmentPolicies: [policy] });
assert.deepEqual(tenant.diagnostics(), []);
assert.deepEqual(tenant.requestablePackages(member, { now: "2025-06-01T00:00:00Z" }).map((p) => p.accessPackageId), ["a1"]);
assert.deepEqual(tenant.requestablePackages(guest, { now: "2025-06-01T00:00:00Z" }), []);
tenant.free();

// What happens: a 30-day assignment without approval.
const sim = simulateRequest({ submittedAt: "2025-06-01T09:00:00Z", until: "2025-12-31T00:00:00Z", requester: member,
  draft: { accessPackage: pkg, assignmentPolicies: [{ ...policy, expiration: { type: "afterDuration", duration: "P30D" } }] } });
assert.deepEqual(sim.timeline.map((e) => e.kind), ["submitted", "delivered", "expired"]);

console.log(`node: entitlement-policy ${version()} loaded at import; validateDraft, applicablePolicies, Tenant and simulateRequest answer`);
