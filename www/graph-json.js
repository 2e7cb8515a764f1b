// "Graph JSON": the draft as Microsoft Graph v1.0 JSON, live, with a copy button, and a
// box to paste a Graph payload and load it into the form: whole or not at all, beta-era
// payloads through the engine's upgradeDraft, with what moved where.

import { upgradeDraft } from "../pkg/index.js";
import { h, richText } from "./dom.js";
import { copyButton } from "./export.js";

/** What the page shows and copies: the package and its policies. */
export function graphPayload(draft) {
  return { accessPackage: draft.accessPackage, assignmentPolicies: draft.assignmentPolicies };
}

const LISTS = {
  package: ["resourceRoleScopes", "incompatibleAccessPackages", "incompatibleGroups"],
  policy: ["specificAllowedTargets", "questions", "customExtensionStageSettings"],
  stage: ["primaryApprovers", "fallbackPrimaryApprovers", "escalationApprovers", "fallbackEscalationApprovers"],
};
const OBJECTS = ["requestorSettings", "requestApprovalSettings", "reviewSettings", "expiration", "automaticRequestSettings", "notificationSettings"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every place where the form would meet a value of the wrong shape, as "`pointer` must be …". */
function shapeProblems(draft) {
  const problems = [];
  const listOfObjects = (value, at) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) problems.push(`\`${at}\` must be a list`);
    else value.forEach((v, i) => { if (!isObject(v)) problems.push(`\`${at}/${i}\` must be an object`); });
  };
  const pkg = draft.accessPackage;
  if (!isObject(pkg)) return ["`/accessPackage` must be an object"];
  for (const key of LISTS.package) listOfObjects(pkg[key], `/accessPackage/${key}`);
  if (!Array.isArray(draft.assignmentPolicies)) return [...problems, "`/assignmentPolicies` must be a list"];
  draft.assignmentPolicies.forEach((p, i) => {
    const at = `/assignmentPolicies/${i}`;
    if (!isObject(p)) return problems.push(`\`${at}\` must be an object`);
    for (const key of LISTS.policy) listOfObjects(p[key], `${at}/${key}`);
    for (const key of OBJECTS) if (p[key] !== undefined && p[key] !== null && !isObject(p[key])) problems.push(`\`${at}/${key}\` must be an object`);
    listOfObjects(p.requestorSettings?.onBehalfRequestors, `${at}/requestorSettings/onBehalfRequestors`);
    listOfObjects(p.reviewSettings?.primaryReviewers, `${at}/reviewSettings/primaryReviewers`);
    listOfObjects(p.reviewSettings?.fallbackReviewers, `${at}/reviewSettings/fallbackReviewers`);
    const stages = p.requestApprovalSettings?.stages;
    listOfObjects(stages, `${at}/requestApprovalSettings/stages`);
    if (Array.isArray(stages)) stages.forEach((s, j) => { if (isObject(s)) for (const key of LISTS.stage) listOfObjects(s[key], `${at}/requestApprovalSettings/stages/${j}/${key}`); });
  });
  return problems;
}

/**
 * Reads a pasted payload: `{ accessPackage, assignmentPolicies, catalog? }`, an access
 * package with its policies inline (as `GET …?$expand=assignmentPolicies` gives it), a
 * single policy, a Graph page `{ value: [package] }`, in v1.0 or beta-era names.
 * Returns { draft, catalog, mappings, findings } or throws, having changed nothing.
 */
export function readPayload(text, now) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`it is not JSON (${e.message})`);
  }
  if (isObject(data) && Array.isArray(data.value)) {
    if (data.value.length !== 1) throw new Error(`it is a Graph page of ${data.value.length} entries; paste one access package`);
    data = data.value[0];
  }
  if (!isObject(data)) throw new Error("expected a JSON object: an access package, its policies, or both");
  const upgrade = upgradeDraft({ payload: data, now });
  const draft = upgrade.draft;
  if (!isObject(draft)) throw new Error(upgrade.diagnostics[0]?.message || "the payload could not be read");
  const problems = shapeProblems(draft);
  if (problems.length) throw new Error(`${problems.slice(0, 3).join("; ")}${problems.length > 3 ? `, and ${problems.length - 3} more` : ""}`);
  const catalog = isObject(draft.catalog) && draft.catalog.displayName ? draft.catalog : null;
  const accessPackage = draft.accessPackage;
  if (!accessPackage.catalog && catalog?.id) accessPackage.catalog = { id: catalog.id };
  return {
    draft: { accessPackage, assignmentPolicies: draft.assignmentPolicies },
    catalog,
    mappings: upgrade.mappings,
    findings: upgrade.diagnostics.filter((d) => d.code.startsWith("UPGRADE_")),
  };
}

function mappingList(mappings, findings) {
  return h("details", { id: "json-mappings", open: true },
    h("summary", null, `Written in beta-era names: ${mappings.length} change${mappings.length === 1 ? "" : "s"} to Graph v1.0`),
    findings.length ? h("ul", { class: "notes" }, findings.map((d) => h("li", { class: `sev-${d.severity}` }, richText(d.message), d.help ? h("span", { class: "hint" }, " — ", richText(d.help)) : null))) : null,
    h("ul", { class: "mappings" }, mappings.map((m) => h("li", null, h("code", null, m.from), m.to ? [" → ", h("code", null, m.to)] : " (left out)", ": ", richText(m.note)))));
}

export function renderJsonPanel(panel, onLoad, now) {
  const output = h("textarea", { id: "json-output", readonly: true, rows: 24, spellcheck: "false", "aria-describedby": "json-output-hint" });
  const input = h("textarea", { id: "json-input", rows: 12, spellcheck: "false", "aria-describedby": "json-input-hint" });
  const load = h("button", { type: "button", id: "json-load" }, "Load into the form");
  const loadStatus = h("p", { id: "json-load-status", role: "status" });
  const details = h("div", { id: "json-load-details" });
  load.addEventListener("click", () => {
    details.replaceChildren();
    try {
      const result = readPayload(input.value, now());
      onLoad(result);
      const count = result.draft.assignmentPolicies.length;
      loadStatus.textContent = `Loaded "${result.draft.accessPackage.displayName || "(no name)"}" with ${count} polic${count === 1 ? "y" : "ies"}.`;
      if (result.mappings.length) details.append(mappingList(result.mappings, result.findings));
    } catch (e) {
      loadStatus.textContent = `Not loaded: ${e.message}`;
    }
  });
  panel.replaceChildren(
    h("h2", null, "Graph JSON"),
    h("section", { class: "card" },
      h("h3", null, "The draft"),
      h("p", { class: "hint", id: "json-output-hint" }, "The access package and its policies as Microsoft Graph v1.0 JSON; it follows every change in the form. The Export tab has the requests that create them."),
      h("label", { for: "json-output" }, "Graph JSON of the draft"), output,
      h("div", { class: "add-row" }, copyButton(output, "json-copy"))),
    h("section", { class: "card" },
      h("h3", null, "Load a payload"),
      h("label", { for: "json-input" }, "Paste a Graph payload"),
      h("p", { class: "hint", id: "json-input-hint" }, "{ \"accessPackage\": …, \"assignmentPolicies\": [ … ] }, an access package with its policies inline, or a single policy; beta-era names are upgraded to v1.0. It replaces the draft only when all of it can be read."),
      input,
      h("div", { class: "add-row" }, load),
      loadStatus, details),
  );
  return { update: (draft) => { output.value = JSON.stringify(graphPayload(draft), null, 2); } };
}
