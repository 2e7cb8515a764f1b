// Benchmarks through the wasm package in Node, as a web app would call it:
// medians over many runs, boundary crossing included. Run with ./tests/bench.sh.
import { readFileSync } from "node:fs";
import { initSync, simulateRequest, validateDraft, version } from "../../pkg/entitlement_policy.js";
import { median } from "./measure.mjs";

initSync({ module: readFileSync(new URL("../../pkg/entitlement_policy_bg.wasm", import.meta.url)) });

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

function draft(policies) {
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


const typical = draft(3);
const large = draft(1000);
const typicalReport = validateDraft(typical);
const largeReport = validateDraft(large);
const typicalMs = median(() => validateDraft(typical), 5000, 500);
const largeMs = median(() => validateDraft(large), 41, 5);

console.log(`entitlement-policy ${version()}, Node ${process.version}`);
console.log(`validateDraft, typical draft (1 package, 3 policies, 2 stages each, ${typicalReport.diagnostics.length} findings): median ${(typicalMs * 1000).toFixed(1)} µs over 5000 runs (target ≤ 50 µs)`);
console.log(`validateDraft, 1,000 policies (${largeReport.diagnostics.length} findings): median ${largeMs.toFixed(2)} ms over 41 runs (target ≤ 50 ms)`);

// simulateRequest: §5.14's request under three escalating stages and a year of
// quarterly reviews, with every decision an event.
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
const simulated = simulateRequest(simulation);
const kinds = (kind) => simulated.timeline.filter((e) => e.kind === kind).length;
const simMs = median(() => simulateRequest(simulation), 5000, 500);
console.log(`simulateRequest, 3 stages with escalation and a year of quarterly reviews (${simulated.timeline.length} timeline entries: ${kinds("stageApproved")} stages approved, ${kinds("reviewClosed")} reviews closed, ${simulated.diagnostics.length} diagnostics): median ${(simMs * 1000).toFixed(1)} µs over 5000 runs (target ≤ 100 µs)`);
