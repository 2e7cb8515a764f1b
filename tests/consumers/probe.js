// What every consumer project asks of the package it installed: each function once, on
// inputs whose answers are known, so that a project answers the same wherever it runs
// (Node, a bundler's page, a worker). Copied into each project by run.mjs.
//
// `ep` is the module as the project imported it (an ES namespace, or require()'s exports).
// Resolves to a summary of the answers; throws with what was wrong.

const NOW = "2025-06-01T00:00:00Z";
const PACKAGE = { id: "a1", displayName: "Sales", description: "Sales team", catalog: { id: "c1" } };
const POLICY = {
  id: "p1",
  displayName: "All members",
  description: "Any member may request",
  allowedTargetScope: "allMemberUsers",
  requestorSettings: { enableTargetsToSelfAddAccess: true },
  expiration: { type: "afterDuration", duration: "P30D" },
  accessPackage: { id: "a1" },
};
const MEMBER = { id: "10000000-0000-0000-0000-000000000001", userType: "Member", displayName: "Émile" };
const GUEST = { id: "10000000-0000-0000-0000-000000000009", userType: "Guest" };

function check(condition, what, value) {
  if (!condition) throw new Error(`${what}: ${JSON.stringify(value)}`);
}

export async function probe(ep) {
  await ep.default(); // allowed and harmless where the package is ready at import

  const report = ep.validateDraft({
    now: NOW,
    draft: {
      accessPackage: PACKAGE,
      assignmentPolicies: [{ ...POLICY, requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [] } }],
    },
  });
  const finding = report.diagnostics.find((d) => d.code === "APPR_STAGES_REQUIRED");
  check(report.valid === false && finding?.path === "/draft/assignmentPolicies/0/requestApprovalSettings/stages", "validateDraft", report);

  const draft = { accessPackage: PACKAGE, assignmentPolicies: [POLICY] };
  const guest = ep.applicablePolicies({ now: NOW, requester: GUEST, draft });
  check(guest.requestable === false && guest.policies[0]?.reasons?.[0] === "NOT_IN_SCOPE", "applicablePolicies", guest);

  const sim = ep.simulateRequest({ draft, requester: MEMBER, submittedAt: "2025-06-01T09:00:00Z", until: "2025-12-31T00:00:00Z" });
  const kinds = sim.timeline.map((entry) => entry.kind);
  check(kinds.join() === "submitted,delivered,expired", "simulateRequest", sim);

  const tenant = new ep.Tenant({ catalogs: [{ id: "c1", state: "published" }], accessPackages: [PACKAGE], assignmentPolicies: [POLICY] });
  try {
    const listed = tenant.requestablePackages(MEMBER, { now: NOW }).map((p) => p.accessPackageId);
    const one = tenant.applicablePolicies("a1", GUEST, { now: NOW });
    check(tenant.diagnostics().length === 0 && listed.join() === "a1" && one.requestable === false, "Tenant", { listed, one });
  } finally {
    tenant.free();
  }

  const plan = ep.creationPlan({ now: NOW, draft: { ...draft, assignmentPolicies: [{ ...POLICY, id: undefined }] } });
  const methods = plan.steps.map((step) => `${step.method} ${step.url.split("/").pop()}`);
  check(plan.valid && methods.join() === "POST accessPackages,POST assignmentPolicies" && plan.powershell.includes("Connect-MgGraph"), "creationPlan", plan);

  const upgrade = ep.upgradeDraft({ now: NOW, payload: { accessPackageId: "a1", displayName: "Direct", description: "Admins assign", requestorSettings: { scopeType: "NoSubjects" } } });
  check(upgrade.draft?.assignmentPolicies?.[0]?.allowedTargetScope === "notSpecified", "upgradeDraft", upgrade);

  const version = ep.version();
  check(/^\d+\.\d+\.\d+/.test(version), "version", version);
  return { version, findings: report.diagnostics.length, timeline: kinds, expires: sim.assignment?.schedule?.expiration?.endDateTime ?? null, plan: methods, mappings: upgrade.mappings.length };
}
