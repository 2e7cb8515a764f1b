// The dated events of "What happens": one table row per event (when, what, who, details),
// and their conversion to the engine's SimEvent shape. No engine calls here.

import { h } from "./dom.js";
import { USERS, GROUPS } from "./sample-tenant.js";

/** Event kinds offered in the "What" select: [type, words]. Automatic policies take only some. */
const TYPES = [
  ["decision", "Approver decides"],
  ["cancel", "Cancels the request"],
  ["callback", "Custom extension calls back"],
  ["delivery", "Delivery result"],
  ["reprocess", "Administrator reprocesses"],
  ["extend", "Requester extends"],
  ["reviewDecision", "Reviewer decides"],
  ["attributeChange", "Attribute change"],
  ["remove", "Access removed"],
];
const AUTOMATIC_TYPES = ["attributeChange", "remove"];
const WITH_ACTOR = ["decision", "reviewDecision", "cancel", "remove", "reprocess"];

const CHOICES = {
  decision: { label: "decision", options: [["approve", "Approve"], ["deny", "Deny"]] },
  reviewDecision: { label: "decision", options: [["approve", "Approve"], ["deny", "Deny"], ["dontKnow", "Don't know"]] },
  delivery: { label: "delivery result", options: [["deliveryFailed", "Delivery failed"], ["partiallyDelivered", "Partially delivered"], ["delivered", "Delivered"]] },
  callback: { label: "callback result", options: [["continue", "Continue"], ["denied", "Deny the request"], ["canceled", "Cancel the request"]] },
};

/** Names offered for attribute changes (any name may be typed). */
export const ATTRIBUTE_NAMES = ["department", "jobTitle", "companyName", "country", "city", "employeeType", "officeLocation", "userType", "accountEnabled"];

/** A new event one day after the last one (or after submission). */
export function newEvent(sim, automatic) {
  const last = sim.events.length ? Date.parse(sim.events[sim.events.length - 1].at) : Date.parse(sim.submittedAt);
  const at = new Date((Number.isNaN(last) ? Date.now() : last) + 86400000).toISOString().replace(/\.\d+Z$/, "Z");
  return automatic
    ? { at, type: "attributeChange", actor: USERS[2].id, decision: "approve", attribute: "department", value: "" }
    : { at, type: "decision", actor: sim.approvers?.[0] || USERS[2].id, decision: "approve" };
}

function attributeValue(name, text) {
  if (text === "") return null;
  if (name === "accountEnabled" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** The engine's SimEvent for one row of the page. */
export function toSimEvent(e) {
  const out = { at: e.at, type: e.type };
  if (e.type === "decision") Object.assign(out, { approverId: e.actor, decision: e.decision === "deny" ? "deny" : "approve", justification: e.justification || "Reviewed" });
  if (e.type === "reviewDecision") Object.assign(out, { reviewerId: e.actor, decision: ["deny", "dontKnow"].includes(e.decision) ? e.decision : "approve" });
  if (e.type === "extend") out.justification = e.justification || "Still needed";
  if (e.type === "cancel" || e.type === "remove" || e.type === "reprocess") out.by = e.actor;
  if (e.type === "delivery") out.result = e.result || CHOICES.delivery.options[0][0];
  if (e.type === "callback") out.result = e.result || "continue";
  if (e.type === "attributeChange") {
    const name = String(e.attribute || "").trim();
    out.attributes = name ? { [name]: attributeValue(name, e.value ?? "") } : {};
    if (e.groups) out.groupIds = [...e.groups];
  }
  return out;
}

function choiceSelect(e, i, id, onChange) {
  const choice = CHOICES[e.type];
  const key = e.type === "delivery" || e.type === "callback" ? "result" : "decision";
  const current = e[key] ?? choice.options[0][0];
  const select = h("select", { id: id("decision"), "aria-label": `Event ${i + 1}: ${choice.label}` },
    choice.options.map(([v, t]) => h("option", { value: v, selected: current === v }, t)));
  select.addEventListener("change", () => { e[key] = select.value; onChange(id("decision")); });
  return select;
}

function attributeEditor(e, i, id, onChange) {
  const name = h("input", { type: "text", id: id("attribute"), value: e.attribute ?? "", list: "sim-attribute-names", spellcheck: "false", class: "attr-name" });
  name.addEventListener("change", () => { e.attribute = name.value; onChange(id("attribute")); });
  const value = h("input", { type: "text", id: id("value"), value: e.value ?? "", spellcheck: "false", class: "attr-value" });
  value.addEventListener("change", () => { e.value = value.value; onChange(id("value")); });
  const replace = h("input", { type: "checkbox", id: id("groups"), checked: Array.isArray(e.groups) });
  replace.addEventListener("change", () => {
    e.groups = replace.checked ? [] : undefined;
    onChange(id("groups"));
  });
  // Visible words stay short; the hidden prefix tells rows apart for assistive technology.
  const label = (forId, text) => h("label", { for: forId }, h("span", { class: "sr-only" }, `Event ${i + 1}: `), text);
  const box = h("div", { class: "attr-change" },
    h("div", { class: "field-inline" }, label(id("attribute"), "attribute"), name),
    h("div", { class: "field-inline" }, label(id("value"), "new value"), value),
    h("div", { class: "field-inline" }, replace, label(id("groups"), "also set group memberships")));
  if (Array.isArray(e.groups)) {
    const set = h("fieldset", { class: "checks" }, h("legend", null, `Event ${i + 1}: member of`));
    GROUPS.forEach((g, k) => {
      const gid = id(`group-${k}`);
      const box2 = h("input", { type: "checkbox", id: gid, checked: e.groups.includes(g.id) });
      box2.addEventListener("change", () => {
        e.groups = box2.checked ? [...e.groups, g.id] : e.groups.filter((x) => x !== g.id);
        onChange(gid);
      });
      set.append(h("div", { class: "field-inline" }, box2, h("label", { for: gid }, g.displayName)));
    });
    box.append(set);
  }
  return box;
}

/** One row of the events table. `automatic`: only the kinds the service's own requests take. */
export function eventRow(sim, i, onChange, automatic) {
  const e = sim.events[i];
  const id = (name) => `sim-ev-${i}-${name}`;
  const at = h("input", { type: "datetime-local", id: id("at"), value: String(e.at || "").replace(/Z$/, "").slice(0, 16) });
  at.addEventListener("change", () => { e.at = at.value ? `${at.value.length === 16 ? `${at.value}:00` : at.value}Z` : ""; onChange(id("at")); });
  const offered = TYPES.filter(([v]) => !automatic || AUTOMATIC_TYPES.includes(v) || v === e.type);
  const type = h("select", { id: id("type"), "aria-label": `Event ${i + 1}: what` },
    offered.map(([v, t]) => h("option", { value: v, selected: e.type === v }, automatic && !AUTOMATIC_TYPES.includes(v) ? `${t} (not for automatic policies)` : t)));
  type.addEventListener("change", () => {
    e.type = type.value;
    if (e.type === "attributeChange" && e.attribute === undefined) e.attribute = "department";
    onChange(id("type"));
  });
  const actor = h("select", { id: id("actor"), "aria-label": `Event ${i + 1}: who`, disabled: !WITH_ACTOR.includes(e.type) },
    USERS.map((u) => h("option", { value: u.id, selected: e.actor === u.id }, u.displayName)));
  actor.addEventListener("change", () => { e.actor = actor.value; onChange(id("actor")); });
  let details = null;
  if (CHOICES[e.type]) details = choiceSelect(e, i, id, onChange);
  else if (e.type === "attributeChange") details = attributeEditor(e, i, id, onChange);
  const remove = h("button", { type: "button", class: "link", "aria-label": `Remove event ${i + 1}` }, "Remove");
  remove.addEventListener("click", () => { sim.events.splice(i, 1); onChange("sim-add-event"); });
  return h("tr", { dataset: { type: e.type } },
    h("td", null, h("label", { for: id("at"), class: "sr-only" }, `Event ${i + 1}: when (UTC)`), at),
    h("td", null, type), h("td", null, actor), h("td", null, details), h("td", null, remove));
}

/** The `<datalist>` the attribute-name inputs share. */
export function attributeNameList() {
  return h("datalist", { id: "sim-attribute-names" }, ATTRIBUTE_NAMES.map((n) => h("option", { value: n })));
}
