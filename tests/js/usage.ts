// Compiled with `tsc --noEmit` by tests/run.sh: proves that the generated .d.ts
// types requests and answers precisely enough for real code, and that misuse fails.
import init, {
  initSync,
  validateDraft,
  version,
  type Diagnostic,
  type Draft,
  type ValidationReport,
  type accessPackageAssignmentPolicy,
} from "../../pkg/entitlement_policy.js";

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
