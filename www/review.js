// The "Review + create" tab: every diagnostic of validateDraft (each one a button that
// moves focus to its field) and a plain-language summary of the draft.

import { h, richText } from "./dom.js";
import { scopeLabel, subjectLabel, expirationText, describeDuration, subjectType, isAutomatic, ruleIndex } from "./draft.js";

const SEVERITY_WORD = { error: "Error", warning: "Warning", info: "Note" };

/** One diagnostic as a button that calls `goTo(path)`. */
export function diagnosticItem(d, goTo, where) {
  const button = h("button", { type: "button", class: "diag-link" },
    h("span", { class: `sev sev-${d.severity}` }, SEVERITY_WORD[d.severity] || d.severity),
    " ", richText(d.message));
  button.addEventListener("click", () => goTo(d.path));
  const item = h("li", { class: `diag-item diag-${d.severity}`, dataset: { code: d.code, path: d.path } }, button);
  const meta = [h("code", { class: "code" }, d.code), " ", h("span", { class: "where" }, where || d.path || "/")];
  if (d.help) item.append(h("p", { class: "help" }, richText(d.help)));
  item.append(h("p", { class: "meta" }, meta));
  return item;
}

function summaryList(entries) {
  const dl = h("dl", { class: "summary" });
  for (const [term, value] of entries) {
    dl.append(h("dt", null, term), h("dd", null, value));
  }
  return dl;
}

function names(list) {
  return (list || []).length ? (list || []).map(subjectLabel).join(", ") : "nobody";
}

function approvalText(approval) {
  if (!approval || !approval.isApprovalRequiredForAdd) return "No approval";
  const stages = approval.stages || [];
  const parts = stages.map((s, i) => {
    let text = `stage ${i + 1}: ${names(s.primaryApprovers)}`;
    if ((s.fallbackPrimaryApprovers || []).length) text += ` (fallback ${names(s.fallbackPrimaryApprovers)})`;
    text += `, decides within ${describeDuration(s.durationBeforeAutomaticDenial)}`;
    if (s.isEscalationEnabled) text += `, forwarded after ${describeDuration(s.durationBeforeEscalation)} to ${names(s.escalationApprovers)}`;
    return text;
  });
  return `${stages.length} stage${stages.length === 1 ? "" : "s"}${parts.length ? ": " : ""}${parts.join("; ")}`;
}

function reviewText(r) {
  if (!r || !r.isEnabled) return "No access reviews";
  const p = r.schedule?.recurrence?.pattern || {};
  const every = p.type === "weekly" ? "weekly" : ({ 1: "monthly", 3: "quarterly", 6: "bi-annually", 12: "annually" }[p.interval] || `every ${p.interval} months`);
  const who = r.isSelfReview ? "self-review" : `reviewed by ${names(r.primaryReviewers)}`;
  return `${every} from ${String(r.schedule?.startDateTime || "?").slice(0, 10)}, ${who}, open ${describeDuration(r.schedule?.expiration?.duration)}`;
}

function automaticSummary(p, i) {
  const auto = p.automaticRequestSettings;
  const rule = p.specificAllowedTargets?.[ruleIndex(p)]?.membershipRule;
  const grace = auto.gracePeriodBeforeAccessRemoval;
  return h("section", { class: "policy-summary" },
    h("h4", null, `Policy ${i + 1}: ${p.displayName || "(no name)"}`),
    summaryList([
      ["Kind", "Automatic assignment: nobody requests, nobody approves"],
      ["Rule", rule ? h("code", null, rule) : "(no rule)"],
      ["Users who match", auto.requestAccessForAllowedTargets ? "Assigned automatically" : "Not assigned (assignment creation is off)"],
      ["Users who stop matching", auto.removeAccessWhenTargetLeavesAllowedTargets
        ? `Lose access ${grace && !/^P(T)?0[DHMS]?$/.test(grace) ? `after a grace period of ${describeDuration(grace)}` : "at once"}`
        : "Keep their access"],
      ["Expiration", expirationText(p.expiration)],
    ]));
}

export function renderReview(ctx, panel, report, goTo, resourceName) {
  const d = ctx.draft;
  const errors = report.diagnostics.filter((x) => x.severity === "error");
  const headline = report.valid
    ? `Ready to create: ${report.warningCount} warning${report.warningCount === 1 ? "" : "s"}, ${report.diagnostics.length - report.warningCount} note${report.diagnostics.length - report.warningCount === 1 ? "" : "s"}.`
    : `Not ready: ${errors.length} error${errors.length === 1 ? "" : "s"}, ${report.warningCount} warning${report.warningCount === 1 ? "" : "s"}.`;
  const list = h("ol", { class: "diagnostics", id: "review-diagnostics" });
  // A large draft has thousands of findings: the first hundreds at once, the rest on request.
  const PAGE = 200;
  let shown = 0;
  const more = h("button", { type: "button", id: "review-more" });
  const showMore = () => {
    for (const item of report.diagnostics.slice(shown, shown + PAGE)) list.append(diagnosticItem(item, goTo, ctx.whereIs(item.path)));
    shown = Math.min(report.diagnostics.length, shown + PAGE);
    more.hidden = shown >= report.diagnostics.length;
    more.textContent = `Show ${Math.min(PAGE, report.diagnostics.length - shown)} more of ${report.diagnostics.length - shown} findings`;
  };
  more.addEventListener("click", showMore);
  showMore();
  if (!report.diagnostics.length) list.append(h("li", { class: "empty" }, "Nothing to report."));

  const pkg = d.accessPackage || {};
  const catalog = ctx.catalogName();
  const roles = (pkg.resourceRoleScopes || []).map((rrs) => `${resourceName(rrs)}: ${rrs?.role?.displayName || rrs?.role?.originId || "?"}`);
  const pkgSummary = summaryList([
    ["Name", pkg.displayName || "(none)"],
    ["Description", pkg.description || "(none)"],
    ["Catalog", catalog || "(none)"],
    ["Hidden", pkg.isHidden ? "Yes" : "No"],
    ["Resource roles", roles.length ? h("ul", null, roles.map((r) => h("li", null, r))) : "None"],
  ]);
  const policies = (d.assignmentPolicies || []).map((p, i) => {
    if (isAutomatic(p)) return automaticSummary(p, i);
    const rs = p.requestorSettings || {};
    const targets = ["specificDirectoryUsers", "specificConnectedOrganizationUsers"].includes(p.allowedTargetScope) ? ` (${names(p.specificAllowedTargets)})` : "";
    return h("section", { class: "policy-summary" },
      h("h4", null, `Policy ${i + 1}: ${p.displayName || "(no name)"}`),
      summaryList([
        ["Who can request", scopeLabel(p.allowedTargetScope) + targets],
        ["Approval", approvalText(p.requestApprovalSettings)],
        ["Requestor justification", p.requestApprovalSettings?.isRequestorJustificationRequired ? "Required" : "Not required"],
        ["New requests", rs.enableTargetsToSelfAddAccess ? "Enabled" : "Disabled"],
        ["Managers on behalf", rs.enableOnBehalfRequestorsToAddAccess ? `Yes (${names(rs.onBehalfRequestors)})` : "No"],
        ["Questions", (p.questions || []).length ? h("ul", null, p.questions.map((q) => h("li", null, `${q.text || "(no text)"}${q.isRequired ? " (required)" : ""}${subjectType(q).includes("MultipleChoice") ? `: ${(q.choices || []).map((c) => c.text || c.actualValue).join(" / ")}` : ""}`))) : "None"],
        ["Expiration", expirationText(p.expiration)],
        ["Extension", rs.enableTargetsToSelfUpdateAccess ? `Allowed${p.requestApprovalSettings?.isApprovalRequiredForUpdate ? ", with approval" : ", without approval"}` : "Not allowed"],
        ["Access reviews", reviewText(p.reviewSettings)],
      ]));
  });

  panel.replaceChildren(
    h("h2", null, "Review + create"),
    h("p", { class: `verdict ${report.valid ? "ok" : "bad"}`, id: "review-verdict" }, headline),
    h("h3", null, "Findings"),
    list,
    more,
    h("h3", null, "Summary"),
    h("section", { class: "card", id: "review-summary" }, h("h4", null, "Access package"), pkgSummary, policies.length ? policies : h("p", null, "No policies.")),
  );
}
