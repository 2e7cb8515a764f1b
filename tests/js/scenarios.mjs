// The benchmark scenarios shared by bench.mjs and bench-boundary.mjs: a typical draft,
// a draft of 1,000 policies, and the simulation of the README's figures.
import { readFileSync } from "node:fs";

const user = (n) => `10000000-0000-0000-0000-${String(n).padStart(12, "0")}`;
const group = (n) => `90000000-0000-0000-0000-${String(n).padStart(12, "0")}`;

function stage(n) {
  return {
    durationBeforeAutomaticDenial: "P14D",
    isApproverJustificationRequired: true,
    isEscalationEnabled: true,
    durationBeforeEscalation: "P8D",
    approverInformationVisibility: "default",
    primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }],
    fallbackPrimaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: user(100 + n) }],
    escalationApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: user(200 + n) }],
    fallbackEscalationApprovers: [],
  };
}

function policy(i) {
  return {
    displayName: `Policy ${i}`,
    description: "Members of a group can request; two stages of approval",
    accessPackage: { id: "a0000000-0000-0000-0000-000000000001" },
    allowedTargetScope: "specificDirectoryUsers",
    specificAllowedTargets: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: group(i) }],
    expiration: { type: "afterDuration", duration: "P180D" },
    requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true, allowCustomAssignmentSchedule: false },
    requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: true, isRequestorJustificationRequired: true, stages: [stage(1), stage(2)] },
    questions: [{ "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", id: `q${i}`, sequence: 1, isRequired: true, text: "Ticket", regexPattern: "^[A-Z]{2}-\\d{4}$" }],
  };
}

export function draft(policies) {
  return {
    now: "2025-06-01T00:00:00Z",
    draft: {
      catalog: { id: "c0000000-0000-0000-0000-000000000001", displayName: "Sales", state: "published", isExternallyVisible: true },
      accessPackage: {
        id: "a0000000-0000-0000-0000-000000000001", displayName: "Sales", description: "Sales team",
        catalog: { id: "c0000000-0000-0000-0000-000000000001" },
        resourceRoleScopes: [{ role: { originSystem: "AadGroup", originId: `Member_${group(1)}` }, scope: { originSystem: "AadGroup", originId: group(1) } }],
      },
      assignmentPolicies: Array.from({ length: policies }, (_, i) => policy(i + 1)),
    },
  };
}

/**
 * simulateRequest: §5.14's request under three escalating stages and a year of
 * quarterly reviews, with every decision an event.
 */
export function benchSimulation() {
  const simulation = JSON.parse(readFileSync(new URL("../fixtures/simulateRequest/5.14-a-escalated-then-approved.json", import.meta.url))).request;
  const simPolicy = simulation.draft.assignmentPolicies[0];
  const [firstStage] = simPolicy.requestApprovalSettings.stages;
  const single = (id) => [{ "@odata.type": "#microsoft.graph.singleUser", userId: id }];
  simPolicy.requestApprovalSettings.stages = [firstStage, { ...firstStage, primaryApprovers: single(user(3)) }, { ...firstStage, primaryApprovers: single(user(7)) }];
  simPolicy.expiration = { type: "afterDuration", duration: "P365D" };
  simulation.until = "2026-07-01T00:00:00Z";
  simulation.events = [
    { at: "2025-06-10T09:00:00Z", type: "decision", approverId: user(3), decision: "approve", justification: "ok" },
    { at: "2025-06-11T09:00:00Z", type: "decision", approverId: user(3), decision: "approve", justification: "ok" },
    { at: "2025-06-12T09:00:00Z", type: "decision", approverId: user(7), decision: "approve", justification: "ok" },
    ...["2025-07-02", "2025-10-02", "2026-01-02", "2026-04-02"].map((day) => ({ at: `${day}T09:00:00Z`, type: "reviewDecision", reviewerId: user(2), decision: "approve", justification: "still needed" })),
  ];
  return simulation;
}
