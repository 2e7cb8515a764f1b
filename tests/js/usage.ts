// Compiled with `tsc --noEmit` by tests/run.sh: proves that the generated .d.ts
// types requests and answers precisely enough for real code, and that misuse fails.
import init, {
  initSync,
  validateDraft,
  applicablePolicies,
  simulateRequest,
  Tenant,
  type Simulation,
  type TimelineKind,
  version,
  type Applicability,
  type RequestablePackage,
  type ReasonCode,
  type Diagnostic,
  type Draft,
  type ValidationReport,
  type accessPackageAssignmentPolicy,
} from "../../pkg/index.js";

const policy: accessPackageAssignmentPolicy = {
  displayName: "Sales team self-service",
  description: "Members of the Sales group can request",
  allowedTargetScope: "specificDirectoryUsers",
  specificAllowedTargets: [
    { "@odata.type": "#microsoft.graph.groupMembers", groupId: "90000000-0000-0000-0000-000000000001" },
  ],
  expiration: { type: "afterDuration", duration: "P180D", endDateTime: null },
  requestorSettings: { enableTargetsToSelfAddAccess: true },
  requestApprovalSettings: {
    isApprovalRequiredForAdd: true,
    stages: [
      {
        durationBeforeAutomaticDenial: "P14D",
        primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }],
        fallbackPrimaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: "10000000-0000-0000-0000-000000000003" }],
      },
    ],
  },
};

const draft: Draft = {
  accessPackage: { displayName: "Sales", description: "Sales", catalog: { id: "c1" } },
  assignmentPolicies: [policy],
};

export async function inBrowser(): Promise<number> {
  await init();
  const report: ValidationReport = validateDraft({ draft, now: "2025-06-01T00:00:00Z", profile: "strict" });
  const first: Diagnostic | undefined = report.diagnostics[0];
  const severity: "error" | "warning" | "info" | undefined = first?.severity;
  const help: string | undefined = first?.help;
  void severity;
  void help;
  return report.errorCount + report.warningCount + (report.valid ? 0 : 1);
}

export function inNode(bytes: Uint8Array): string {
  initSync({ module: bytes });
  return version();
}

// Misuse must not compile.
// @ts-expect-error `now` is required
validateDraft({ draft });
// @ts-expect-error profiles are graph, portal or strict
validateDraft({ draft, now: "2025-06-01T00:00:00Z", profile: "lenient" });
// @ts-expect-error the answer's counts are numbers
const wrong: string = validateDraft({ draft, now: "2025-06-01T00:00:00Z" }).errorCount;
void wrong;

export function whoMayRequest(d: Draft): ReasonCode[] {
  const answer: Applicability = applicablePolicies({
    draft: d,
    requester: { id: "10000000-0000-0000-0000-000000000001", userType: "Guest" },
    now: "2025-06-01T00:00:00Z",
    initiator: "user",
    mode: "raw",
  });
  const first = answer.policies[0];
  const questions = first?.requirements?.questions ?? [];
  void questions;
  return answer.reasons;
}

export function listFor(tenant: Tenant): string[] {
  const listed: RequestablePackage[] = tenant.requestablePackages({ id: "u1", groupIds: ["g1"] }, { now: "2025-06-01T00:00:00Z" });
  const names = listed.map((p) => `${p.displayName} (${p.policies.length} policies)`);
  tenant.free();
  return names;
}

// @ts-expect-error initiator is user, onBehalf or admin
applicablePolicies({ draft, requester: {}, now: "2025-06-01T00:00:00Z", initiator: "manager" });

export function timeline(d: Draft): TimelineKind[] {
  const sim: Simulation = simulateRequest({
    draft: d,
    requester: { id: "u1" },
    submittedAt: "2025-06-01T09:00:00Z",
    until: "2026-01-01T00:00:00Z",
    events: [{ at: "2025-06-02T09:00:00Z", type: "decision", approverId: "u2", decision: "approve" }],
  });
  return sim.timeline.map((e) => e.kind);
}

// @ts-expect-error decisions are approve or deny
simulateRequest({ draft, requester: {}, submittedAt: "x", until: "y", events: [{ at: "x", type: "decision", approverId: "u2", decision: "maybe" }] });
