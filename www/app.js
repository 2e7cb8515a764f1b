// The page: validates the pasted draft on every change with the wasm package.
// User text is only ever set through textContent, never parsed as HTML.
import init, { validateDraft, version } from "../pkg/entitlement_policy.js";

const SAMPLE = {
  catalog: { id: "c0000000-0000-0000-0000-000000000001", displayName: "Sales", state: "published", isExternallyVisible: true },
  accessPackage: {
    id: "a0000000-0000-0000-0000-000000000001",
    displayName: "Sales collaboration",
    description: "Membership of the Sales team group",
    catalog: { id: "c0000000-0000-0000-0000-000000000001" },
    resourceRoleScopes: [],
  },
  assignmentPolicies: [{
    displayName: "All employees",
    description: "Any member can request",
    allowedTargetScope: "allMemberUsers",
    expiration: { type: "afterDuration", duration: "P30D" },
    requestorSettings: { enableTargetsToSelfAddAccess: true },
    requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [] },
  }],
};

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render() {
  const list = $("findings");
  list.replaceChildren();
  let draft;
  try {
    draft = JSON.parse($("draft").value || "{}");
  } catch (e) {
    $("summary").textContent = `The draft is not JSON: ${e.message}`;
    return;
  }
  const report = validateDraft({ draft, now: $("now").value, profile: $("profile").value });
  $("summary").textContent = report.valid
    ? `Valid: ${report.warningCount} warning(s), ${report.diagnostics.length - report.warningCount} note(s).`
    : `Not valid: ${report.errorCount} error(s), ${report.warningCount} warning(s).`;
  for (const d of report.diagnostics) {
    const item = element("li");
    item.append(element("span", `sev sev-${d.severity}`, d.severity), " ", element("span", "code", d.code), " ", d.message);
    item.append(element("span", "path", d.path || "/"));
    if (d.help) item.append(element("span", "help", d.help));
    list.append(item);
  }
}

await init();
$("version").textContent = `entitlement-policy ${version()}`;
$("now").value = new Date().toISOString().replace(/\.\d+Z$/, "Z");
$("draft").value = JSON.stringify(SAMPLE, null, 2);
for (const id of ["draft", "profile", "now"]) $(id).addEventListener("input", render);
$("sample").addEventListener("click", () => { $("draft").value = JSON.stringify(SAMPLE, null, 2); render(); });
render();
