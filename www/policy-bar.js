// The policy picker shared by the policy tabs (Requests, Requestor information,
// Lifecycle): pick, add (request-based or automatic) and remove a policy.

import { h } from "./dom.js";
import { newPolicy, newAutomaticPolicy } from "./draft.js";
import { idFor } from "./controls.js";

export function section(title, ...children) {
  return h("section", { class: "card" }, h("h3", null, title), ...children);
}

export function policyBar(ctx, tab) {
  const policies = ctx.draft.assignmentPolicies;
  const id = `policy-pick-${tab}`;
  const select = h("select", { id });
  policies.forEach((p, i) => {
    const errors = ctx.errorsIn(`/assignmentPolicies/${i}`);
    select.append(h("option", { value: String(i), selected: i === ctx.policyIndex }, `${i + 1}. ${p.displayName || "(no name)"}${errors ? ` (${errors} error${errors > 1 ? "s" : ""})` : ""}`));
  });
  select.addEventListener("change", () => {
    ctx.policyIndex = Number(select.value);
    ctx.redraw(id);
  });
  const add = h("button", { type: "button" }, "Add a policy");
  add.addEventListener("click", () => {
    policies.push(newPolicy(policies.length));
    ctx.policyIndex = policies.length - 1;
    ctx.redraw(idFor(`/assignmentPolicies/${ctx.policyIndex}/displayName`));
  });
  const addAuto = h("button", { type: "button" }, "Add an auto-assignment policy");
  addAuto.addEventListener("click", () => {
    policies.push(newAutomaticPolicy(policies.length));
    ctx.policyIndex = policies.length - 1;
    ctx.redraw(idFor(`/assignmentPolicies/${ctx.policyIndex}/displayName`));
  });
  const remove = h("button", { type: "button", disabled: policies.length === 0 }, "Remove this policy");
  remove.addEventListener("click", () => {
    const at = ctx.policyIndex;
    const [removed] = policies.splice(at, 1);
    ctx.policyIndex = Math.max(0, Math.min(at, policies.length - 1));
    ctx.offerUndo(`Removed the policy "${removed?.displayName || "(no name)"}".`, () => {
      policies.splice(at, 0, removed);
      ctx.policyIndex = at;
    });
    ctx.redraw(id);
  });
  const bar = h("div", { class: "policy-bar" }, h("label", { for: id }, "Policy"), select, add, addAuto, remove);
  if (tab === "requests") ctx.register("/assignmentPolicies", select, bar);
  return bar;
}

export function noPolicy(ctx, panel, title) {
  const add = h("button", { type: "button" }, "Add a policy");
  add.addEventListener("click", () => {
    ctx.draft.assignmentPolicies.push(newPolicy(0));
    ctx.policyIndex = 0;
    ctx.redraw();
  });
  panel.replaceChildren(h("h2", null, title), h("p", null, "The package has no policy, so nobody can be assigned it."), add);
  if (title === "Requests") ctx.register("/assignmentPolicies", add, panel);
}
