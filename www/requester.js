// "Who can request": pick or edit a sample requester and see which policies apply
// (applicablePolicies), why the others don't, and what the requester would face.

import { h, richText } from "./dom.js";
import { reasonText, expirationText, subjectType } from "./draft.js";
import { SCENARIOS, USERS, GROUPS, CONNECTED_ORGANIZATIONS, person, userName } from "./sample-tenant.js";

/** The state of the requester editor, shared with "What happens". */
export function scenarioState(key, from = SCENARIOS) {
  const s = from.find((x) => x.key === key) || SCENARIOS.find((x) => x.key === key) || SCENARIOS[0];
  return {
    key: s.key,
    requester: person(s.requester),
    initiator: s.initiator,
    target: s.target ? person(s.target) : null,
    requestType: "add",
  };
}

export function nameOf(principal) {
  if (!principal) return "nobody";
  return principal.displayName || userName(principal.id) || principal.mail || "this person";
}

/** The applicablePolicies request for the current requester. */
export function applicabilityRequest(ctx, who) {
  const request = { draft: ctx.engineDraft(), requester: structuredClone(who.requester), now: ctx.now, requestType: who.requestType, initiator: who.initiator, directory: ctx.directory };
  if (who.initiator !== "user" && who.target) request.target = structuredClone(who.target);
  return request;
}

/** Who can be picked: the sample's requesters, or a tenant's users matching the search (50 at a time). */
function candidates(query) {
  if (USERS.length <= SCENARIOS.length) return SCENARIOS;
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return SCENARIOS.slice(0, 50);
  return USERS.filter((u) => words.every((w) => `${u.displayName || ""} ${u.mail || ""} ${u.userPrincipalName || ""}`.toLowerCase().includes(w))).slice(0, 50)
    .map((u) => ({ key: u.id, label: `${u.displayName || u.mail || u.id} (${u.userType === "Guest" ? "guest" : "member"})`, requester: u.id, initiator: "user" }));
}

let requesterSearch = "";

function editor(ctx, who, onChange) {
  const r = who.requester;
  const options = (list) => {
    const shown = list.some((s) => s.key === who.key) ? list : [{ key: who.key, label: r.displayName || r.mail || "this person" }, ...list];
    return shown.map((s) => h("option", { value: s.key, selected: s.key === who.key }, s.label));
  };
  const pick = h("select", { id: "who-sample" }, options(candidates(requesterSearch)));
  pick.addEventListener("change", () => onChange(scenarioState(pick.value, candidates(requesterSearch)), "who-sample"));
  // A tenant has thousands of people: a search box narrows the list.
  const search = USERS.length > SCENARIOS.length
    ? h("input", { type: "search", id: "who-search", value: requesterSearch, "aria-label": "Search the tenant's people", placeholder: "Search by name or mail" })
    : null;
  search?.addEventListener("input", () => {
    requesterSearch = search.value;
    pick.replaceChildren(...options(candidates(requesterSearch)));
  });

  const edit = (fn, focusId) => () => {
    fn();
    onChange(who, focusId);
  };
  const name = h("input", { type: "text", id: "who-name", value: r.displayName || "" });
  name.addEventListener("input", () => {
    r.displayName = name.value;
    onChange(who, "who-name", true);
  });
  const department = h("input", { type: "text", id: "who-department", value: r.attributes?.department ?? "", spellcheck: "false" });
  department.addEventListener("input", () => {
    const attributes = { ...(r.attributes || {}) };
    if (department.value) attributes.department = department.value;
    else delete attributes.department;
    r.attributes = attributes;
    onChange(who, "who-department", true);
  });
  const inDirectory = h("input", { type: "checkbox", id: "who-in-directory", checked: r.id !== null && r.id !== undefined });
  inDirectory.addEventListener("change", edit(() => { r.id = inDirectory.checked ? (r.id || "10000000-0000-0000-0000-0000000000ff") : null; }, "who-in-directory"));
  const userType = h("select", { id: "who-usertype" }, ["Member", "Guest"].map((t) => h("option", { value: t, selected: r.userType === t }, t === "Member" ? "Member" : "Guest")));
  userType.addEventListener("change", edit(() => { r.userType = userType.value; }, "who-usertype"));
  const enabled = h("input", { type: "checkbox", id: "who-enabled", checked: r.accountEnabled !== false });
  enabled.addEventListener("change", edit(() => { r.accountEnabled = enabled.checked; }, "who-enabled"));
  const org = h("select", { id: "who-org" }, h("option", { value: "" }, "None"), CONNECTED_ORGANIZATIONS.map((o) => h("option", { value: o.id, selected: r.connectedOrganizationId === o.id }, `${o.displayName} (${o.state})`)));
  org.addEventListener("change", edit(() => { if (org.value) r.connectedOrganizationId = org.value; else delete r.connectedOrganizationId; }, "who-org"));
  const groups = h("fieldset", { class: "checks" }, h("legend", null, "Member of"));
  // A tenant's thousands of groups: the person's own, and the first others.
  const mine = new Set(r.groupIds || []);
  const shown = GROUPS.length > 40 ? [...GROUPS.filter((g) => mine.has(g.id)), ...GROUPS.filter((g) => !mine.has(g.id)).slice(0, 20)] : GROUPS;
  if (shown.length < GROUPS.length) groups.append(h("p", { class: "hint" }, `${r.displayName || "This person"}'s groups and the first others of ${GROUPS.length}.`));
  for (const g of shown) {
    const id = `who-group-${g.id}`;
    const box = h("input", { type: "checkbox", id, checked: (r.groupIds || []).includes(g.id) });
    box.addEventListener("change", edit(() => {
      const set = new Set(r.groupIds || []);
      if (box.checked) set.add(g.id); else set.delete(g.id);
      r.groupIds = [...set];
    }, id));
    groups.append(h("div", { class: "field-inline" }, box, h("label", { for: id }, g.displayName)));
  }
  const initiator = h("select", { id: "who-initiator" },
    [["user", "For themselves"], ["onBehalf", "On behalf of someone else"], ["admin", "As an administrator (direct assignment)"]].map(([v, t]) => h("option", { value: v, selected: who.initiator === v }, t)));
  initiator.addEventListener("change", edit(() => {
    who.initiator = initiator.value;
    if (who.initiator !== "user" && !who.target) who.target = person(USERS[0].id);
  }, "who-initiator"));
  const target = h("select", { id: "who-target", disabled: who.initiator === "user" }, USERS.map((u) => h("option", { value: u.id, selected: who.target?.id === u.id }, u.displayName)));
  target.addEventListener("change", edit(() => { who.target = person(target.value); }, "who-target"));
  const requestType = h("select", { id: "who-request-type" }, [["add", "New access"], ["update", "Extend access"], ["remove", "Remove access"]].map(([v, t]) => h("option", { value: v, selected: who.requestType === v }, t)));
  requestType.addEventListener("change", edit(() => { who.requestType = requestType.value; }, "who-request-type"));

  const row = (id, label, control) => h("div", { class: "field" }, h("label", { for: id }, label), control);
  const inline = (id, label, control) => h("div", { class: "field-inline" }, control, h("label", { for: id }, label));
  return h("section", { class: "card" },
    h("h3", null, "Requester"),
    search,
    row("who-sample", "Sample requester", pick),
    h("div", { class: "grid2" },
      row("who-name", "Display name", name),
      row("who-usertype", "User type", userType),
      row("who-org", "Connected organization", org),
      row("who-department", "Department (for automatic-assignment rules)", department),
      row("who-request-type", "Request", requestType),
      row("who-initiator", "Requesting", initiator),
      row("who-target", "Access is for", target)),
    inline("who-in-directory", "Already in the directory", inDirectory),
    inline("who-enabled", "Account enabled", enabled),
    groups);
}

function requirementsList(req) {
  const items = [
    req.isApprovalRequiredForAdd ? "Approval is required." : "No approval is needed.",
    req.isRequestorJustificationRequired ? "A business justification is required." : "No justification is needed.",
    req.allowCustomAssignmentSchedule ? "May choose start and end dates." : "Can't choose dates.",
    `Access ${expirationText(req.schedule?.expiration)}.`,
  ];
  if (req.isApprovalRequiredForUpdate) items.push("Extensions need approval.");
  const list = h("ul", { class: "requirements" }, items.map((t) => h("li", null, t)));
  for (const q of req.questions || []) {
    const choices = subjectType(q).includes("MultipleChoice") ? ` (one of: ${(q.choices || []).map((c) => c.text || c.actualValue).join(", ")})` : "";
    list.append(h("li", null, `Question: ${q.text || "(no text)"}${q.isRequired ? " (required)" : " (optional)"}${choices}`));
  }
  return list;
}

/** Reasons worth showing: under an automatic policy, "new requests are off" says nothing more. */
function shownReasons(reasons) {
  return reasons.includes("AUTOMATIC_POLICY") ? reasons.filter((c) => c !== "SELF_ADD_DISABLED") : reasons;
}

/**
 * `automatic` maps the policyId of each automatic-assignment policy to whether the person
 * access is for matches its rule now (the service then assigns the package by itself).
 */
export function renderWho(ctx, panel, who, onChange, answer, automatic = {}) {
  const subject = who.initiator === "user" ? nameOf(who.requester) : `${nameOf(who.requester)}, for ${nameOf(who.target)},`;
  const assignee = who.initiator === "user" ? who.requester : who.target;
  const matching = answer.policies.filter((p) => automatic[p.policyId]).map((p) => p.displayName || "(no name)");
  const also = matching.length && who.requestType === "add" ? ` ${nameOf(assignee)} gets it automatically through ${matching.map((n) => `"${n}"`).join(" and ")}.` : "";
  const verdict = answer.requestable
    ? `${subject} can ${who.requestType === "add" ? "request" : who.requestType === "update" ? "extend" : "remove"} this access package${who.initiator === "admin" ? " (direct assignment)" : ""}.${also}`
    : `${subject} cannot ${who.requestType === "add" ? "request" : who.requestType === "update" ? "extend" : "remove"} this access package.${also}`;
  // As My Access shows it (since 30 September 2025, members also see packages with a
  // "specific users and groups" policy they are not in; they can't request them).
  const listed = answer.requestable
    ? (answer.listedInMyAccess ? "It is listed in My Access." : "It is hidden: reachable only through its link.")
    : answer.listedInMyAccess && who.initiator === "user" ? "It still shows in their My Access, where they can see it but not request it." : "";
  const results = h("section", { class: "card", id: "who-results", "aria-live": "polite" },
    h("h3", null, "Answer"),
    h("p", { class: `verdict ${answer.requestable ? "ok" : "bad"}`, id: "who-verdict" }, verdict, " ", listed));
  if (shownReasons(answer.reasons).length) {
    results.append(h("ul", { class: "reasons" }, shownReasons(answer.reasons).map((code) => h("li", { dataset: { reason: code } }, reasonText(code), " ", h("code", null, code)))));
  }
  const list = h("ol", { class: "policy-answers" });
  answer.policies.forEach((p, i) => {
    const item = h("li", { class: p.applies ? "applies" : "not-applies", dataset: { policy: String(i) } },
      h("h4", null, `${p.displayName || "(no name)"}: `, h("span", { class: p.applies ? "yes" : "no" }, p.applies ? "applies" : "does not apply")));
    if (p.reasons.length) item.append(h("ul", { class: "reasons" }, shownReasons(p.reasons).map((code) => h("li", { dataset: { reason: code } }, reasonText(code), " ", h("code", null, code)))));
    if (p.policyId in automatic) {
      item.append(h("p", { class: "automatic-note" }, automatic[p.policyId]
        ? `${nameOf(assignee)} matches its rule now, so the service assigns the package without a request or approval.`
        : `${nameOf(assignee)} does not match its rule now, so the service assigns nothing.`));
    }
    if (p.requirements) item.append(h("p", null, "What the requester faces:"), requirementsList(p.requirements));
    list.append(item);
  });
  results.append(list);
  for (const d of answer.diagnostics || []) results.append(h("p", { class: `diag diag-${d.severity}` }, richText(d.message)));
  panel.replaceChildren(h("h2", null, "Who can request"), editor(ctx, who, onChange), results);
}
