// "Your tenant": load a tenant snapshot as Graph exports it (files or paste), kept in
// this browser until removed; switch between it and the sample tenant; open one of its
// packages to edit it and see its change plan.

import { h, richText } from "./dom.js";
import { TENANT_NAME, PACKAGES } from "./sample-tenant.js";

const QUERIES = [
  ["catalogs", "GET /identityGovernance/entitlementManagement/catalogs", "Get-MgEntitlementManagementCatalog -All"],
  ["accessPackages, with their policies", "GET /identityGovernance/entitlementManagement/accessPackages?$expand=assignmentPolicies", "Get-MgEntitlementManagementAccessPackage -All -ExpandProperty assignmentPolicies"],
  ["or assignmentPolicies, each with its package", "GET /identityGovernance/entitlementManagement/assignmentPolicies?$expand=accessPackage", "Get-MgEntitlementManagementAssignmentPolicy -All -ExpandProperty accessPackage"],
  ["directory.assignments", "GET /identityGovernance/entitlementManagement/assignments?$expand=target,accessPackage,assignmentPolicy", "Get-MgEntitlementManagementAssignment -All -ExpandProperty target,accessPackage,assignmentPolicy"],
  ["directory.connectedOrganizations", "GET /identityGovernance/entitlementManagement/connectedOrganizations", "Get-MgEntitlementManagementConnectedOrganization -All"],
  ["directory.users", "GET /users?$select=id,displayName,userType,accountEnabled,mail&$top=999", "Get-MgUser -All -Property id,displayName,userType,accountEnabled,mail"],
  ["directory.groups", "GET /groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes,onPremisesSyncEnabled&$top=999", "Get-MgGroup -All -Property id,displayName,securityEnabled,mailEnabled,groupTypes,onPremisesSyncEnabled"],
];

function count(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * `t`: { kept: { data, active } | null, loading: { text, value } | null, error, findings,
 *        load(files, name), use(active), remove(), open(entry), search, setSearch(text) }
 */
export function renderTenant(panel, t) {
  const using = t.kept?.active ? `your tenant "${t.kept.data.name}"` : "the sample tenant Woodgrove (made up)";
  const status = h("section", { class: "card", id: "tenant-status" }, h("h3", null, "In use"), h("p", null, `The pickers, requesters and checks use ${using}.`));
  if (t.kept) {
    const c = t.kept.data.counts;
    status.append(h("p", null, `Kept in this browser: "${t.kept.data.name}", ${count(c.catalogs, "catalog")}, ${count(c.packages, "access package")}, ${count(c.policies, "policy").replace("policys", "policies")}, ${count(c.users, "user")}, ${count(c.groups, "group")}, ${count(c.organizations, "connected organization")}; loaded ${t.kept.data.loadedAt.slice(0, 16).replace("T", " ")} UTC.`));
    const toggle = h("button", { type: "button", id: "tenant-toggle" }, t.kept.active ? "Use the sample tenant" : "Use my tenant");
    toggle.addEventListener("click", () => t.use(!t.kept.active));
    const remove = h("button", { type: "button", id: "tenant-remove" }, "Remove my tenant from this browser");
    remove.addEventListener("click", () => t.remove());
    status.append(h("div", { class: "add-row" }, toggle, remove));
  }
  if (t.findings?.length) {
    status.append(h("details", { id: "tenant-findings" }, h("summary", null, `${count(t.findings.length, "finding")} about the snapshot`),
      h("ul", { class: "notes" }, t.findings.slice(0, 50).map((d) => h("li", { class: `sev-${d.severity}` }, h("code", null, d.path || "/"), " ", richText(d.message), d.help ? h("span", { class: "hint" }, " — ", richText(d.help)) : null)))));
  }

  const files = h("input", { type: "file", id: "tenant-files", multiple: true, accept: ".json,application/json" });
  const paste = h("textarea", { id: "tenant-paste", rows: 6, spellcheck: "false" });
  const name = h("input", { type: "text", id: "tenant-name", value: t.kept?.data.name || "My tenant" });
  const domain = h("input", { type: "text", id: "tenant-domain", value: t.kept?.data.domain || "", placeholder: "contoso.onmicrosoft.com", spellcheck: "false" });
  const load = h("button", { type: "button", id: "tenant-load" }, "Load the tenant");
  load.addEventListener("click", async () => {
    const texts = await Promise.all([...files.files].map(async (f) => ({ name: f.name, text: await f.text() })));
    if (paste.value.trim()) texts.push({ name: "the pasted snapshot", text: paste.value });
    t.load(texts, name.value.trim() || "My tenant", domain.value.trim());
  });
  const progress = t.loading
    ? h("div", { id: "tenant-progress" }, h("progress", { max: 1, value: t.loading.value, "aria-label": "Loading the tenant" }), h("span", { role: "status" }, t.loading.text))
    : h("p", { id: "tenant-load-status", role: "status" }, t.error ? `Not loaded: ${t.error}` : "");
  const queries = h("table", { class: "queries" },
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Snapshot member"), h("th", { scope: "col" }, "Graph v1.0 (https://graph.microsoft.com/v1.0)"), h("th", { scope: "col" }, "PowerShell"))),
    h("tbody", null, QUERIES.map(([what, graph, ps]) => h("tr", null, h("td", null, what), h("td", null, h("code", null, graph)), h("td", null, h("code", null, ps))))));
  const loader = h("section", { class: "card" },
    h("h3", null, "Load your tenant"),
    h("p", { class: "hint" }, "Give the files Graph's list calls return (each Graph page is placed by its @odata.context), or one snapshot file { catalogs, accessPackages, assignmentPolicies, directory: { users, groups, connectedOrganizations, assignments } }. It stays in this browser; nothing is sent anywhere."),
    h("div", { class: "field" }, h("label", { for: "tenant-files" }, "Snapshot files (JSON)"), files),
    h("div", { class: "field" }, h("label", { for: "tenant-paste" }, "Or paste a tenant snapshot"), paste),
    h("div", { class: "field" }, h("label", { for: "tenant-name" }, "Call it"), name),
    h("div", { class: "field" }, h("label", { for: "tenant-domain" }, "Its domain, for My Access links (optional)"), domain),
    h("div", { class: "add-row" }, load), progress,
    h("details", null, h("summary", null, "The calls that produce a snapshot"), h("div", { class: "table-wrap" }, queries)));

  const parts = [h("h2", null, "Your tenant"), status, loader];
  if (t.kept?.active) {
    const search = h("input", { type: "search", id: "tenant-search", value: t.search || "" });
    const words = (t.search || "").toLowerCase().split(/\s+/).filter(Boolean);
    const matches = PACKAGES.filter((p) => words.every((w) => `${p.displayName} ${p.id}`.toLowerCase().includes(w)));
    const list = h("ul", { class: "packages", id: "tenant-packages" }, matches.slice(0, 25).map((entry) => {
      const open = h("button", { type: "button", "aria-label": `Open ${entry.displayName || entry.id}` }, "Open");
      open.addEventListener("click", () => t.open(entry.id));
      return h("li", null, h("strong", null, entry.displayName || "(no name)"), ` — ${count(entry.policies, "policy").replace("policys", "policies")} `, open);
    }));
    search.addEventListener("input", () => t.setSearch(search.value));
    parts.push(h("section", { class: "card" },
      h("h3", null, `Packages of ${TENANT_NAME}`),
      h("div", { class: "field" }, h("label", { for: "tenant-search" }, "Find a package"), search),
      h("p", { class: "hint" }, matches.length > 25 ? `The first 25 of ${matches.length} matches.` : count(matches.length, "match").replace("matchs", "matches")),
      list,
      h("p", { class: "hint" }, "Opening a package puts it in the form; Export then shows the calls that change it into your edits.")));
  }
  panel.replaceChildren(...parts);
}
