// The Requests tab of a policy: who can request (or, for an automatic-assignment policy,
// who gets access), approval stages with escalation, and which requests are enabled.

import { h } from "./dom.js";
import { getAt, newStage, SCOPES, ODATA, subjectType, durationMs, isAutomatic, makeAutomatic, makeRequestBased } from "./draft.js";
import { textField, checkField, selectField, durationField, radioGroup, subjectList } from "./controls.js";
import { automaticSections } from "./auto-policy.js";
import { policyBar, noPolicy, section } from "./policy-bar.js";

function setScope(ctx, base, scope) {
  const p = getAt(ctx.draft, base);
  if (scope === "automatic") {
    makeAutomatic(p, ctx.stashedRequestSettings);
    return;
  }
  const wasAutomatic = isAutomatic(p);
  if (wasAutomatic) makeRequestBased(p, ctx.stashedRequestSettings);
  const before = wasAutomatic ? "notSpecified" : p.allowedTargetScope;
  p.allowedTargetScope = scope;
  // The targets chosen for one scope wait (outside the draft) while another is picked,
  // and come back when the person returns to it.
  const stash = ctx.stashedTargets.get(p) || {};
  const targets = p.specificAllowedTargets || [];
  const kinds = { specificDirectoryUsers: ["singleUser", "groupMembers"], specificConnectedOrganizationUsers: ["connectedOrganizationMembers"] };
  for (const [kind, types] of Object.entries(kinds)) {
    const held = targets.filter((t) => types.includes(subjectType(t)));
    if (held.length || before === kind) stash[kind] = held;
  }
  ctx.stashedTargets.set(p, stash);
  p.specificAllowedTargets = kinds[scope] ? (stash[scope] || []).slice() : [];
  p.requestorSettings ||= {};
  const rs = p.requestorSettings;
  if (scope === "notSpecified") {
    rs.enableTargetsToSelfAddAccess = false;
    rs.enableTargetsToSelfUpdateAccess = false;
    rs.enableTargetsToSelfRemoveAccess = false;
    rs.enableOnBehalfRequestorsToAddAccess = false;
    rs.onBehalfRequestors = [];
  } else if (before === "notSpecified") {
    rs.enableTargetsToSelfAddAccess = true;
  }
}

function stageFieldset(ctx, base, j, count, external) {
  const sp = `${base}/requestApprovalSettings/stages/${j}`;
  const stage = getAt(ctx.draft, sp);
  const primaryKinds = external ? ["internalSponsors", "externalSponsors", "users", "groups"] : ["manager", "sponsors", "users", "groups"];
  const usesManager = (stage.primaryApprovers || []).some((s) => subjectType(s) === "requestorManager" && (s.managerLevel ?? 1) === 1);
  const fs = h("fieldset", { class: "stage" }, h("legend", null, count > 1 ? `Stage ${j + 1} of ${count}` : "Approval stage"),
    subjectList(ctx, `${sp}/primaryApprovers`, "Approvers", primaryKinds),
    subjectList(ctx, `${sp}/fallbackPrimaryApprovers`, "Fallback approvers", ["users", "groups"], { hint: "Asked when the approvers above resolve to nobody (no manager, no sponsor)." }),
    durationField(ctx, `${sp}/durationBeforeAutomaticDenial`, "Decision must be made within", ["D", "H"]),
    checkField(ctx, `${sp}/isApproverJustificationRequired`, "Require approver justification"),
    checkField(ctx, `${sp}/isEscalationEnabled`, "If no action is taken, forward to alternate approvers", {
      onToggle: (on) => {
        if (on) {
          const timeout = durationMs(stage.durationBeforeAutomaticDenial);
          const days = timeout ? Math.max(1, Math.floor(timeout / 86400000 / 2) + 1) : 1;
          stage.durationBeforeEscalation = `P${days}D`;
        } else {
          stage.durationBeforeEscalation = "PT0S";
          stage.escalationApprovers = [];
          stage.fallbackEscalationApprovers = [];
        }
      },
    }),
  );
  if (stage.isEscalationEnabled) {
    fs.append(
      durationField(ctx, `${sp}/durationBeforeEscalation`, "Forward to alternate approvers after", ["D", "H"]),
      subjectList(ctx, `${sp}/escalationApprovers`, "Alternate approvers", usesManager ? ["manager2", "users", "groups"] : ["users", "groups"]),
      subjectList(ctx, `${sp}/fallbackEscalationApprovers`, "Fallback alternate approvers", ["users", "groups"]),
    );
  }
  fs.append(selectField(ctx, `${sp}/approverInformationVisibility`, "Requestors see who the approvers are", [["default", "Tenant default"], ["visible", "Yes"], ["notVisible", "No"]], {
    read: () => stage.approverInformationVisibility || "default",
    write: (v) => { if (v === "default") delete stage.approverInformationVisibility; else stage.approverInformationVisibility = v; },
  }));
  ctx.register(sp, fs.querySelector("select, input"), fs);
  return fs;
}

const AUTOMATIC_CHOICE = { value: "automatic", label: "Users who match a rule, assigned automatically (auto-assignment policy)" };

function scopeRadios(ctx, base) {
  const p = getAt(ctx.draft, base);
  const choices = [];
  for (const [group, heading] of [["in", "For users in your directory"], ["out", "For users not in your directory"], ["none", "Administrators only"]]) {
    choices.push({ heading });
    for (const s of SCOPES.filter((x) => x.group === group)) choices.push({ value: s.value, label: s.label });
  }
  choices.push({ heading: "Automatic assignment" }, AUTOMATIC_CHOICE);
  return radioGroup(ctx, `${base}/allowedTargetScope`, "Who can request", choices, {
    read: () => (isAutomatic(p) ? "automatic" : p.allowedTargetScope),
    write: (v) => setScope(ctx, base, v),
  });
}

function policyBasics(ctx, base) {
  const basics = section("Policy",
    textField(ctx, `${base}/displayName`, "Policy name"),
    textField(ctx, `${base}/description`, "Policy description"));
  ctx.register(base, basics.querySelector("input"), basics);
  return basics;
}

function renderAutomaticRequests(ctx, panel, base) {
  const who = section("Users who get access", scopeRadios(ctx, base));
  panel.replaceChildren(
    h("h2", null, "Requests"),
    policyBar(ctx, "requests"),
    policyBasics(ctx, base), who, ...automaticSections(ctx, base),
  );
}

export function renderRequests(ctx, panel) {
  if (!ctx.draft.assignmentPolicies.length) return noPolicy(ctx, panel, "Requests");
  const k = ctx.policyIndex;
  const base = `/assignmentPolicies/${k}`;
  const p = getAt(ctx.draft, base);
  if (isAutomatic(p)) return renderAutomaticRequests(ctx, panel, base);
  p.requestApprovalSettings ||= { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: false, stages: [] };
  p.requestorSettings ||= {};
  const approval = p.requestApprovalSettings;
  const scope = p.allowedTargetScope;
  const external = ["specificConnectedOrganizationUsers", "allConfiguredConnectedOrganizationUsers", "allExternalUsers"].includes(scope);

  const who = section("Users who can request access", scopeRadios(ctx, base));
  if (scope === "specificDirectoryUsers") {
    who.append(subjectList(ctx, `${base}/specificAllowedTargets`, "Specific users and groups", ["users", "groups"]));
  } else if (scope === "specificConnectedOrganizationUsers") {
    who.append(subjectList(ctx, `${base}/specificAllowedTargets`, "Connected organizations", ["orgs"]));
  } else {
    ctx.register(`${base}/specificAllowedTargets`, who.querySelector("input"), who);
  }

  const stages = approval.stages || [];
  const approvalBox = section("Approval",
    checkField(ctx, `${base}/requestApprovalSettings/isApprovalRequiredForAdd`, "Require approval", {
      onToggle: (on) => {
        if (on && !(approval.stages || []).length) approval.stages = [newStage()];
        if (!on && !approval.isApprovalRequiredForUpdate) approval.stages = [];
      },
    }),
    checkField(ctx, `${base}/requestApprovalSettings/isRequestorJustificationRequired`, "Require requestor justification"),
  );
  ctx.register(`${base}/requestApprovalSettings`, approvalBox.querySelector("input"), approvalBox);
  if (approval.isApprovalRequiredForAdd || approval.isApprovalRequiredForUpdate || stages.length) {
    const counts = [[1, "1"], [2, "2"], [3, "3"]];
    approvalBox.append(selectField(ctx, `${base}/requestApprovalSettings/stages`, "How many stages", counts, {
      read: () => stages.length,
      write: (v) => {
        const n = Number(v);
        const removed = stages.slice(n);
        while (stages.length < n) stages.push(newStage());
        stages.length = n;
        approval.stages = stages;
        if (removed.length) {
          ctx.offerUndo(`Removed stage${removed.length > 1 ? "s" : ""} ${removed.map((_, k) => n + k + 1).join(" and ")} of the approval.`, () => {
            approval.stages = [...approval.stages, ...removed];
          });
        }
      },
      redraw: true,
    }));
    stages.forEach((_, j) => approvalBox.append(stageFieldset(ctx, base, j, stages.length, external)));
  }

  const rs = `${base}/requestorSettings`;
  const enable = section("Enable requests",
    checkField(ctx, `${rs}/enableTargetsToSelfAddAccess`, "Enable new requests"),
    checkField(ctx, `${rs}/enableOnBehalfRequestorsToAddAccess`, "Allow managers to request on behalf of employees", {
      aliases: [`${rs}/onBehalfRequestors`],
      onToggle: (on) => {
        p.requestorSettings.onBehalfRequestors = on ? [{ "@odata.type": ODATA("targetManager"), managerLevel: 1 }] : [];
      },
    }),
    checkField(ctx, `${rs}/enableTargetsToSelfRemoveAccess`, "Allow users to remove their own access"),
  );
  ctx.register(rs, enable.querySelector("input"), enable);

  panel.replaceChildren(
    h("h2", null, "Requests"),
    policyBar(ctx, "requests"),
    policyBasics(ctx, base), who, approvalBox, enable,
  );
}
