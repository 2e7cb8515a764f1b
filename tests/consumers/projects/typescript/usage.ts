// Compiled (never run) by tsc under `strict`, lib es2022 + dom, no skipLibCheck, with
// moduleResolution bundler and node16: every function of the package, typed.
import init, {
  initSync,
  validateDraft,
  applicablePolicies,
  simulateRequest,
  creationPlan,
  upgradeDraft,
  Tenant,
  version,
  type Answered,
  type Applicability,
  type CreationPlan,
  type Upgrade,
  type Diagnostic,
  type Draft,
  type expirationPattern,
  type RequestablePackage,
  type Simulation,
  type ValidationReport,
} from "entitlement-policy";
import slimInit, { initSync as slimInitSync, validateDraft as slimValidate } from "entitlement-policy/slim";

const now = "2025-06-01T00:00:00Z";
const draft: Draft = {
  accessPackage: { displayName: "Sales", description: "Sales team", catalog: { id: "c1" } },
  assignmentPolicies: [
    {
      displayName: "Members",
      description: "Members of Sales",
      allowedTargetScope: "specificDirectoryUsers",
      specificAllowedTargets: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: "90000000-0000-0000-0000-000000000001" }],
      expiration: { type: "afterDuration", duration: "P30D" },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
    },
  ],
};
const member = { id: "10000000-0000-0000-0000-000000000001", userType: "Member" as const, groupIds: ["90000000-0000-0000-0000-000000000001"] };

export async function everyFunction(bytes: Uint8Array, module: WebAssembly.Module): Promise<string[]> {
  await init();
  await slimInit(new URL("https://example.com/entitlement_policy_bg.wasm"));
  await slimInit(fetch("https://example.com/entitlement_policy_bg.wasm"));
  await slimInit(bytes);
  await slimInit({ module_or_path: module });
  initSync(bytes);
  slimInitSync({ module });

  const report: ValidationReport = validateDraft({ draft, now, profile: "strict" });
  const first: Diagnostic | undefined = report.diagnostics[0];
  const severity: "error" | "warning" | "info" | undefined = first?.severity;
  const same: ValidationReport = slimValidate({ draft, now });

  const who: Applicability = applicablePolicies({ draft, now, requester: member, requestType: "add", initiator: "user" });
  const reasons: string[] = who.policies.flatMap((p) => p.reasons);

  const sim: Simulation = simulateRequest({ draft, requester: member, submittedAt: now, until: "2026-01-01T00:00:00Z" });
  const kinds: string[] = sim.timeline.map((entry) => entry.kind);

  const plan: CreationPlan = creationPlan({ draft, now, profile: "graph" });
  const firstCall: string | undefined = plan.steps[0]?.method;
  const upgraded: Upgrade = upgradeDraft({ now, payload: { accessPackageId: "a1", durationInDays: 30 } });
  const moved: (string | null)[] = upgraded.mappings.map((m) => m.to);
  if (upgraded.draft) validateDraft({ draft: upgraded.draft, now });

  const tenant = new Tenant({ catalogs: [{ id: "c1", state: "published" }], accessPackages: [draft.accessPackage], assignmentPolicies: draft.assignmentPolicies ?? [] });
  const listed: RequestablePackage[] = tenant.requestablePackages(member, { now, includeHidden: true });
  const one: Applicability = tenant.applicablePolicies("a1", member, { now, requestType: "update" });
  const problems: Diagnostic[] = tenant.diagnostics();
  tenant.free();

  return [version(), String(severity), String(same.valid), ...reasons, ...kinds, String(listed.length), String(one.requestable), String(problems.length), String(firstCall), plan.powershell, plan.http, ...moved.map(String)];
}

/** Answers keep forward-compatible strings: a value a later Graph adds is still comparable. */
export function isFromLaterGraph(expiration: Answered<expirationPattern> | null | undefined): boolean {
  return expiration?.type === "someTypeALaterGraphVersionAdds";
}

export function expiryType(sim: Simulation): string | undefined {
  return sim.assignment?.schedule.expiration?.type ?? undefined;
}
