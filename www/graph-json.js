// "Graph JSON": the draft as Microsoft Graph v1.0 JSON, live, with a copy button, and a
// box to paste a Graph payload (a package with its policies) and load it into the form.

import { h } from "./dom.js";

/** What the page shows and copies: the package and its policies. */
export function graphPayload(draft) {
  return { accessPackage: draft.accessPackage, assignmentPolicies: draft.assignmentPolicies };
}

/**
 * Reads a pasted payload: `{ accessPackage, assignmentPolicies, catalog? }`, or an access
 * package with inline `assignmentPolicies` (as `GET …?$expand=assignmentPolicies` gives it),
 * or a Graph collection response `{ value: [package] }`. Returns { draft, catalog } or throws.
 */
export function readPayload(text) {
  let data = JSON.parse(text);
  if (data && Array.isArray(data.value) && data.value.length === 1) data = data.value[0];
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("expected a JSON object with an access package");
  let accessPackage;
  let policies;
  if (data.accessPackage && typeof data.accessPackage === "object") {
    accessPackage = structuredClone(data.accessPackage);
    policies = data.assignmentPolicies ?? accessPackage.assignmentPolicies ?? [];
  } else if ("displayName" in data || "resourceRoleScopes" in data || "assignmentPolicies" in data) {
    accessPackage = structuredClone(data);
    policies = data.assignmentPolicies ?? [];
  } else {
    throw new Error("no `accessPackage` member, and the object does not look like an access package");
  }
  if (!Array.isArray(policies)) throw new Error("`assignmentPolicies` must be an array");
  delete accessPackage.assignmentPolicies;
  const catalogObject = data.catalog && typeof data.catalog === "object" && data.catalog.displayName ? structuredClone(data.catalog) : null;
  if (!accessPackage.catalog && catalogObject?.id) accessPackage.catalog = { id: catalogObject.id };
  return { draft: { accessPackage, assignmentPolicies: structuredClone(policies) }, catalog: catalogObject };
}

export function renderJsonPanel(panel, onLoad) {
  const output = h("textarea", { id: "json-output", readonly: true, rows: 24, spellcheck: "false", "aria-describedby": "json-output-hint" });
  const copy = h("button", { type: "button", id: "json-copy" }, "Copy");
  const copyStatus = h("span", { id: "json-copy-status", role: "status" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      copyStatus.textContent = "Copied.";
    } catch {
      output.focus();
      output.select();
      copyStatus.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
  const input = h("textarea", { id: "json-input", rows: 12, spellcheck: "false" });
  const load = h("button", { type: "button", id: "json-load" }, "Load into the form");
  const loadStatus = h("p", { id: "json-load-status", role: "status" });
  load.addEventListener("click", () => {
    try {
      const result = readPayload(input.value);
      onLoad(result);
      loadStatus.textContent = `Loaded "${result.draft.accessPackage.displayName || "(no name)"}" with ${result.draft.assignmentPolicies.length} polic${result.draft.assignmentPolicies.length === 1 ? "y" : "ies"}.`;
    } catch (e) {
      loadStatus.textContent = `Not loaded: ${e.message}`;
    }
  });
  panel.replaceChildren(
    h("h2", null, "Graph JSON"),
    h("section", { class: "card" },
      h("h3", null, "The draft"),
      h("p", { class: "hint", id: "json-output-hint" }, "Microsoft Graph v1.0 JSON of the access package and its policies; it follows every change in the form."),
      h("label", { for: "json-output" }, "Graph JSON of the draft"), output,
      h("div", { class: "add-row" }, copy, copyStatus)),
    h("section", { class: "card" },
      h("h3", null, "Load a payload"),
      h("label", { for: "json-input" }, "Paste a Graph payload: { \"accessPackage\": …, \"assignmentPolicies\": [ … ] }, or an access package with its policies inline"),
      input,
      h("div", { class: "add-row" }, load),
      loadStatus),
  );
  return { update: (draft) => { output.value = JSON.stringify(graphPayload(draft), null, 2); } };
}
