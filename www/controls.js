// Form controls bound to JSON pointers of the draft. Each builder reads its value from
// the draft, writes it back on input, and registers its pointer so that a diagnostic
// at that pointer (or below it) is shown beside it and can move focus to it.

import { h, uid } from "./dom.js";
import { getAt, setAt, splitDuration, joinDuration, ODATA, subjectType, subjectLabel } from "./draft.js";
import { USERS, GROUPS, CONNECTED_ORGANIZATIONS } from "./sample-tenant.js";

/** A stable element id for a pointer (so focus survives re-rendering). */
export function idFor(pointer, suffix = "") {
  return `f${pointer.replace(/[^A-Za-z0-9]+/g, "-")}${suffix}`;
}

function wrap(ctx, pointer, label, control, options = {}) {
  const box = h("div", { class: options.inline ? "field field-inline" : "field" });
  const labelNode = h("label", { for: control.id }, label);
  if (options.inline) box.append(control, labelNode);
  else box.append(labelNode, control);
  if (options.hint) {
    const hint = h("p", { class: "hint", id: uid("hint") }, options.hint);
    control.setAttribute("aria-describedby", hint.id);
    box.append(hint);
  }
  for (const p of [pointer, ...(options.aliases || [])]) ctx.register(p, control, box);
  return box;
}

/** A text input or textarea for a string member. */
export function textField(ctx, pointer, label, options = {}) {
  const value = getAt(ctx.draft, pointer);
  const attrs = { id: idFor(pointer), name: pointer, value: value == null ? "" : String(value), spellcheck: "false" };
  const control = options.multiline ? h("textarea", { ...attrs, rows: 3 }) : h("input", { ...attrs, type: "text" });
  control.addEventListener("input", () => {
    setAt(ctx.draft, pointer, control.value);
    if (options.onInput) options.onInput(control.value);
    ctx.changed();
  });
  return wrap(ctx, pointer, label, control, options);
}

/** A checkbox for a boolean member; `onToggle` may reshape the draft (then the form is redrawn). */
export function checkField(ctx, pointer, label, options = {}) {
  const control = h("input", { type: "checkbox", id: idFor(pointer), name: pointer, checked: getAt(ctx.draft, pointer) === true });
  control.addEventListener("change", () => {
    setAt(ctx.draft, pointer, control.checked);
    if (options.onToggle) {
      options.onToggle(control.checked);
      ctx.redraw();
    } else ctx.changed();
  });
  return wrap(ctx, pointer, label, control, { ...options, inline: true });
}

/** A select; `read`/`write` convert between the draft and the option values. */
export function selectField(ctx, pointer, label, choices, options = {}) {
  const read = options.read || (() => getAt(ctx.draft, pointer));
  const current = read();
  const control = h("select", { id: idFor(pointer), name: pointer });
  let found = false;
  for (const [value, text] of choices) {
    const selected = String(value) === String(current);
    found ||= selected;
    control.append(h("option", { value, selected }, text));
  }
  if (!found && current !== undefined && current !== null) {
    control.append(h("option", { value: String(current), selected: true }, `${current} (from the loaded JSON)`));
  }
  control.addEventListener("change", () => {
    if (options.write) options.write(control.value);
    else setAt(ctx.draft, pointer, control.value);
    if (options.redraw) ctx.redraw();
    else ctx.changed();
  });
  return wrap(ctx, pointer, label, control, options);
}

/** A number plus unit for an ISO 8601 duration (`P14D`, `PT8H`); other forms are edited as text. */
export function durationField(ctx, pointer, label, units = ["D", "H"], options = {}) {
  const raw = getAt(ctx.draft, pointer);
  const split = splitDuration(raw);
  if (raw && (!split || !units.includes(split.unit))) {
    return textField(ctx, pointer, `${label} (ISO 8601 duration)`, options);
  }
  const amount = h("input", { type: "number", min: "0", step: "1", id: idFor(pointer), name: pointer, value: split ? String(split.amount) : "", class: "num" });
  const unit = h("select", { id: idFor(pointer, "-unit"), "aria-label": `${label}: unit` });
  const names = { D: "days", H: "hours", M: "minutes" };
  for (const u of units) unit.append(h("option", { value: u, selected: (split ? split.unit : units[0]) === u }, names[u]));
  const write = () => {
    setAt(ctx.draft, pointer, joinDuration(amount.value, unit.value));
    ctx.changed();
  };
  amount.addEventListener("input", write);
  unit.addEventListener("change", write);
  const box = wrap(ctx, pointer, label, amount, options);
  if (units.length > 1) amount.after(unit);
  else amount.after(h("span", { class: "unit" }, names[units[0]]));
  return box;
}

/** A group of radio buttons; `read`/`write` map the draft to one value. */
export function radioGroup(ctx, pointer, legend, choices, options = {}) {
  const read = options.read || (() => getAt(ctx.draft, pointer));
  const current = read();
  const set = h("fieldset", { class: "radios" }, h("legend", null, legend));
  let first = null;
  let checkedInput = null;
  const name = uid("radio");
  for (const choice of choices) {
    if (choice.heading) {
      set.append(h("p", { class: "radio-heading" }, choice.heading));
      continue;
    }
    const id = idFor(pointer, `-${choice.value}`);
    const input = h("input", { type: "radio", name, id, value: choice.value, checked: choice.value === current });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      if (options.write) options.write(choice.value);
      else setAt(ctx.draft, pointer, choice.value);
      ctx.redraw();
    });
    first ||= input;
    if (choice.value === current) checkedInput = input;
    set.append(h("div", { class: "field-inline" }, input, h("label", { for: id }, choice.label)));
  }
  for (const p of [pointer, ...(options.aliases || [])]) ctx.register(p, checkedInput || first, set);
  return set;
}

// ---- subject sets (who may request, approvers, reviewers) ----

const KINDS = {
  manager: { label: "Manager", make: () => ({ "@odata.type": ODATA("requestorManager"), managerLevel: 1 }) },
  manager2: { label: "Second-level manager", make: () => ({ "@odata.type": ODATA("requestorManager"), managerLevel: 2 }) },
  targetManager: { label: "Managers of the person access is for", make: () => ({ "@odata.type": ODATA("targetManager"), managerLevel: 1 }) },
  sponsors: { label: "Sponsors of the requestor", make: () => ({ "@odata.type": ODATA("targetUserSponsors") }) },
  internalSponsors: { label: "Internal sponsors", make: () => ({ "@odata.type": ODATA("internalSponsors") }) },
  externalSponsors: { label: "External sponsors", make: () => ({ "@odata.type": ODATA("externalSponsors") }) },
};

function subjectKey(subject) {
  const type = subjectType(subject);
  if (type === "singleUser") return `user:${subject.userId}`;
  if (type === "groupMembers") return `group:${subject.groupId}`;
  if (type === "connectedOrganizationMembers") return `org:${subject.connectedOrganizationId}`;
  if (type === "requestorManager") return (subject.managerLevel ?? 1) === 2 ? "manager2" : "manager";
  if (type === "targetUserSponsors") return "sponsors";
  return type;
}

function makeSubject(key) {
  const [kind, id] = key.split(/:(.*)/s);
  if (kind === "user") return { "@odata.type": ODATA("singleUser"), userId: id, description: USERS.find((u) => u.id === id)?.displayName };
  if (kind === "group") return { "@odata.type": ODATA("groupMembers"), groupId: id, description: GROUPS.find((g) => g.id === id)?.displayName };
  if (kind === "org") return { "@odata.type": ODATA("connectedOrganizationMembers"), connectedOrganizationId: id, description: CONNECTED_ORGANIZATIONS.find((o) => o.id === id)?.displayName };
  return KINDS[key].make();
}

/**
 * A list of subject sets with "Remove" buttons and an "Add" picker.
 * `kinds` names what may be added: dynamic kinds from KINDS and "users", "groups", "orgs".
 */
export function subjectList(ctx, pointer, legend, kinds, options = {}) {
  const list = getAt(ctx.draft, pointer) || [];
  const set = h("fieldset", { class: "subjects" }, h("legend", null, legend));
  if (options.hint) set.append(h("p", { class: "hint" }, options.hint));
  const items = h("ul", { class: "chips" });
  list.forEach((subject, i) => {
    const name = subjectLabel(subject);
    const remove = h("button", { type: "button", class: "link", "aria-label": `Remove ${name} from ${legend}`, id: idFor(`${pointer}/${i}`) }, "Remove");
    remove.addEventListener("click", () => {
      const now = getAt(ctx.draft, pointer) || [];
      now.splice(i, 1);
      setAt(ctx.draft, pointer, now);
      ctx.redraw();
    });
    const li = h("li", null, h("span", null, name), " ", remove);
    items.append(li);
    ctx.register(`${pointer}/${i}`, remove, li);
  });
  if (list.length === 0) items.append(h("li", { class: "empty" }, "None"));
  set.append(items);

  const present = new Set(list.map(subjectKey));
  const picker = h("select", { id: idFor(pointer, "-add"), "aria-label": `Choose who to add to ${legend}` });
  const dynamic = kinds.filter((k) => KINDS[k]);
  const people = [
    kinds.includes("users") && ["Users", USERS.map((u) => [`user:${u.id}`, `${u.displayName} (${u.userType === "Guest" ? "guest" : "member"})`, `${u.displayName} ${u.mail || ""}`])],
    kinds.includes("groups") && ["Groups", GROUPS.map((g) => [`group:${g.id}`, g.displayName, g.displayName])],
    kinds.includes("orgs") && ["Connected organizations", CONNECTED_ORGANIZATIONS.map((o) => [`org:${o.id}`, `${o.displayName} (${o.state})`, o.displayName])],
  ].filter(Boolean);
  // A tenant has thousands: past a few hundred, a search box narrows the list to 50 of each.
  const many = people.reduce((n, [, entries]) => n + entries.length, 0) > 200;
  const fill = (query) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    picker.replaceChildren(h("option", { value: "" }, many && !words.length ? "Choose, or search above…" : "Choose…"));
    if (dynamic.length) {
      const og = h("optgroup", { label: "Relative to the requester" });
      for (const k of dynamic) if (!present.has(k)) og.append(h("option", { value: k }, KINDS[k].label));
      if (og.children.length) picker.append(og);
    }
    for (const [label, entries] of people) {
      const og = h("optgroup", { label });
      let shown = 0;
      for (const [key, text, haystack] of entries) {
        if (present.has(key) || !words.every((w) => haystack.toLowerCase().includes(w))) continue;
        if (many && shown >= 50) break;
        og.append(h("option", { value: key }, text));
        shown += 1;
      }
      if (og.children.length) picker.append(og);
    }
  };
  fill("");
  let search = null;
  if (many) {
    search = h("input", { type: "search", id: idFor(pointer, "-search"), "aria-label": `Search people and groups to add to ${legend}`, placeholder: "Search by name or mail" });
    search.addEventListener("input", () => fill(search.value));
  }
  const button = h("button", { type: "button" }, "Add");
  button.addEventListener("click", () => {
    if (!picker.value) {
      picker.focus();
      return;
    }
    const now = getAt(ctx.draft, pointer) || [];
    now.push(makeSubject(picker.value));
    setAt(ctx.draft, pointer, now);
    ctx.redraw(picker.id);
  });
  set.append(h("div", { class: "add-row" }, search, picker, button));
  ctx.register(pointer, picker, set);
  for (const alias of options.aliases || []) ctx.register(alias, picker, set);
  return set;
}
