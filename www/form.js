// The creation tabs of the admin center: Basics, Resource roles, Requestor information
// and Lifecycle (Requests lives in requests-tab.js). Each function fills its panel from
// the draft; every edit goes back into the draft through the bound controls of controls.js.

import { h } from "./dom.js";
import { getAt, setAt, newReviewSettings, ODATA, subjectType, isAutomatic } from "./draft.js";
import { textField, checkField, selectField, durationField, radioGroup, subjectList, idFor } from "./controls.js";
import { policyBar, noPolicy, section } from "./policy-bar.js";
import { CATALOGS, GROUPS } from "./sample-tenant.js";
import { copyButton } from "./export.js";

export { renderRequests } from "./requests-tab.js";

const TYPES = [
  { originSystem: "AadGroup", label: "Groups and Teams", add: "Add a group or team" },
  { originSystem: "AadApplication", label: "Applications", add: "Add an application" },
  { originSystem: "SharePointOnline", label: "SharePoint sites", add: "Add a SharePoint site" },
];

export function catalogs(ctx) {
  return [...CATALOGS, ...ctx.extraCatalogs];
}

export function currentCatalog(ctx) {
  const id = ctx.draft.accessPackage?.catalog?.id;
  return catalogs(ctx).find((c) => c.id === id) || null;
}

function isDynamicGroup(resource) {
  return resource.originSystem === "AadGroup" && GROUPS.some((g) => g.id === resource.originId && g.isDynamic);
}

// ---- Basics ----

export function renderBasics(ctx, panel) {
  const catalog = currentCatalog(ctx);
  const catalogNote = catalog
    ? `${catalog.state === "published" ? "Enabled for requests" : "Not enabled for requests"}; ${catalog.isExternallyVisible ? "enabled" : "not enabled"} for external users.`
    : "Pick a catalog.";
  panel.replaceChildren(
    h("h2", null, "Basics"),
    h("p", { class: "intro" }, "Name the access package and pick the catalog whose resources it grants."),
    textField(ctx, "/accessPackage/displayName", "Name"),
    textField(ctx, "/accessPackage/description", "Description", { multiline: true }),
    selectField(ctx, "/accessPackage/catalog", "Catalog", catalogs(ctx).map((c) => [c.id, c.displayName]), {
      read: () => ctx.draft.accessPackage?.catalog?.id,
      write: (id) => setAt(ctx.draft, "/accessPackage/catalog", { id }),
      redraw: true,
      hint: catalogNote,
      aliases: ["/catalog", "/accessPackage/catalog/id"],
    }),
    checkField(ctx, "/accessPackage/isHidden", "Hidden: not listed in My Access, requestable only through its link"),
    myAccess(ctx),
  );
}

/** The package's My Access link, as the admin center's "Copy link to My Access portal" gives it. */
function myAccess(ctx) {
  const link = ctx.myAccessLink();
  if (!link) return null;
  const box = h("input", { type: "text", id: "my-access-link", readonly: true, value: link, spellcheck: "false" });
  return h("div", { class: "field" }, h("label", { for: "my-access-link" }, "My Access link"), h("div", { class: "add-row" }, box, copyButton(box, "my-access-copy")),
    h("p", { class: "hint" }, "Requesters open it to request this package (hidden or not)."));
}

// ---- Resource roles ----

function roleScope(resource, role) {
  const scope = (resource.scopes || []).find((s) => s.isRootScope) || (resource.scopes || [])[0] || {};
  return {
    role: { id: role.id, displayName: role.displayName, originSystem: role.originSystem, originId: role.originId, resource: { id: resource.id } },
    scope: { id: scope.id, displayName: scope.displayName, originSystem: scope.originSystem, originId: scope.originId, isRootScope: scope.isRootScope === true },
  };
}

/**
 * The catalog resource a role scope grants a role of: in the package's own catalog, and
 * only when its origin agrees, so that a pasted package whose ids happen to equal
 * another tenant's is never shown (or rewritten) as that other resource.
 */
export function resourceOf(ctx, rrs) {
  const roleId = rrs?.role?.id;
  const resourceId = rrs?.role?.resource?.id;
  const origin = String(rrs?.scope?.originId || rrs?.role?.resource?.originId || "").toLowerCase();
  const fits = (r) => (r.id === resourceId || (r.roles || []).some((x) => x.id === roleId))
    && (!origin || !r.originId || String(r.originId).toLowerCase() === origin);
  return (currentCatalog(ctx)?.resources || []).find(fits) || null;
}

function defaultRole(resource) {
  const roles = resource.roles || [];
  if (resource.originSystem === "AadGroup") return roles.find((r) => r.displayName === (isDynamicGroup(resource) ? "Owner" : "Member")) || roles[0];
  if (resource.originSystem === "SharePointOnline") return roles.find((r) => r.originId === "4") || roles[0];
  return roles[0];
}

export function renderResources(ctx, panel) {
  const catalog = currentCatalog(ctx);
  const list = ctx.draft.accessPackage.resourceRoleScopes || [];
  const base = "/accessPackage/resourceRoleScopes";
  const table = h("table", { class: "roles" },
    h("caption", null, "Resource roles in this package"),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Resource"), h("th", { scope: "col" }, "Type"), h("th", { scope: "col" }, "Role"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))));
  const body = h("tbody");
  list.forEach((rrs, i) => {
    const resource = resourceOf(ctx, rrs);
    const type = TYPES.find((t) => t.originSystem === (resource?.originSystem || rrs?.role?.originSystem));
    const name = resource ? resource.displayName : rrs?.role?.displayName || "(unknown resource)";
    const pointer = `${base}/${i}`;
    const cell = h("td");
    const select = h("select", { id: idFor(pointer), "aria-label": `Role for ${name}` });
    const roles = resource ? (resource.roles || []).filter((r) => !isDynamicGroup(resource) || r.displayName === "Owner") : [];
    if (rrs?.role && !roles.some((r) => r.id === rrs.role.id)) roles.push(rrs.role);
    for (const r of roles) select.append(h("option", { value: r.id, selected: r.id === rrs?.role?.id }, r.displayName || r.originId || r.id));
    select.addEventListener("change", () => {
      const role = roles.find((r) => r.id === select.value);
      if (resource && role) list[i] = roleScope(resource, role);
      ctx.changed();
    });
    cell.append(select);
    if (resource && isDynamicGroup(resource)) cell.append(h("p", { class: "hint" }, "Dynamic group: only Owner can be granted."));
    const remove = h("button", { type: "button", class: "link", "aria-label": `Remove ${name}` }, "Remove");
    remove.addEventListener("click", () => {
      list.splice(i, 1);
      ctx.redraw();
    });
    body.append(h("tr", null, h("th", { scope: "row" }, name), h("td", null, type ? type.label : rrs?.role?.originSystem || ""), cell, h("td", null, remove)));
    ctx.register(pointer, select, cell);
  });
  if (list.length === 0) body.append(h("tr", null, h("td", { colspan: 4, class: "empty" }, "No resource roles yet: add resources of the catalog below.")));
  table.append(body);

  const adders = TYPES.map((t) => {
    const available = (catalog?.resources || []).filter((r) => r.originSystem === t.originSystem && !list.some((x) => resourceOf(ctx, x)?.id === r.id));
    const id = `add-${t.originSystem}`;
    // Several at once: the admin center adds every resource ticked in its picker.
    const select = h("select", { id, multiple: true, size: Math.min(5, Math.max(2, available.length)), disabled: available.length === 0 },
      available.length ? available.map((r) => h("option", { value: r.id }, r.displayName)) : h("option", { value: "" }, "None left in this catalog"));
    const button = h("button", { type: "button", disabled: available.length === 0 }, "Add");
    button.addEventListener("click", () => {
      const picked = available.filter((x) => [...select.selectedOptions].some((o) => o.value === x.id));
      if (!picked.length) {
        select.focus();
        return;
      }
      for (const r of picked) list.push(roleScope(r, defaultRole(r)));
      ctx.draft.accessPackage.resourceRoleScopes = list;
      ctx.redraw(idFor(`${base}/${list.length - picked.length}`));
    });
    return h("div", { class: "field" }, h("label", { for: id }, `${t.add} from ${catalog ? catalog.displayName : "the catalog"}`), h("div", { class: "add-row" }, select, button));
  });

  const box = h("div", { class: "roles-box" }, table);
  ctx.register(base, adders[0].querySelector("select"), box);
  ctx.register("/accessPackage/resourceRoleScopes", adders[0].querySelector("select"), box);
  panel.replaceChildren(
    h("h2", null, "Resource roles"),
    h("p", { class: "intro" }, "Choose the resources of the catalog this package grants, and a role in each."),
    box,
    section("Add resources", ...adders),
  );
}

// ---- Requestor information ----

function questionFieldset(ctx, base, i, count) {
  const qp = `${base}/questions/${i}`;
  const q = getAt(ctx.draft, qp);
  const isChoice = String(q["@odata.type"] || "").includes("MultipleChoice");
  const fs = h("fieldset", { class: "question" }, h("legend", null, `Question ${i + 1}`),
    selectField(ctx, `${qp}/@odata.type`, "Answer format", [[ODATA("accessPackageTextInputQuestion"), "Text"], [ODATA("accessPackageMultipleChoiceQuestion"), "Multiple choice"]], {
      write: (v) => {
        q["@odata.type"] = v;
        if (v.includes("MultipleChoice")) {
          delete q.regexPattern;
          delete q.isSingleLineQuestion;
          q.isMultipleSelectionAllowed ??= false;
          q.choices ||= [];
        } else {
          delete q.choices;
          delete q.isMultipleSelectionAllowed;
          q.isSingleLineQuestion ??= true;
        }
      },
      redraw: true,
    }),
    textField(ctx, `${qp}/text`, "Question"),
    checkField(ctx, `${qp}/isRequired`, "Required"),
    checkField(ctx, `${qp}/isAnswerEditable`, "The answer can be changed later"),
  );
  if (isChoice) {
    fs.append(checkField(ctx, `${qp}/isMultipleSelectionAllowed`, "Allow several choices"));
    const choices = h("fieldset", { class: "choices" }, h("legend", null, "Answer values"));
    (q.choices || []).forEach((c, j) => {
      const cp = `${qp}/choices/${j}`;
      const remove = h("button", { type: "button", class: "link", "aria-label": `Remove answer value ${j + 1}` }, "Remove");
      remove.addEventListener("click", () => {
        q.choices.splice(j, 1);
        ctx.redraw();
      });
      const row = h("div", { class: "choice-row" },
        textField(ctx, `${cp}/actualValue`, `Value ${j + 1}`),
        textField(ctx, `${cp}/text`, `Shown as`),
        remove);
      ctx.register(cp, row.querySelector("input"), row);
      choices.append(row);
    });
    const add = h("button", { type: "button" }, "Add an answer value");
    add.addEventListener("click", () => {
      q.choices ||= [];
      q.choices.push({ actualValue: "", text: "" });
      ctx.redraw(idFor(`${qp}/choices/${q.choices.length - 1}/actualValue`));
    });
    choices.append(add);
    ctx.register(`${qp}/choices`, add, choices);
    fs.append(choices);
  } else {
    fs.append(
      checkField(ctx, `${qp}/isSingleLineQuestion`, "Short answer (one line)"),
      textField(ctx, `${qp}/regexPattern`, "Answers must match this regular expression (optional)"),
    );
  }
  const actions = h("div", { class: "add-row" });
  const remove = h("button", { type: "button" }, `Remove question ${i + 1}`);
  remove.addEventListener("click", () => {
    getAt(ctx.draft, `${base}/questions`).splice(i, 1);
    ctx.redraw();
  });
  actions.append(remove);
  if (i > 0) {
    const up = h("button", { type: "button" }, "Move up");
    up.addEventListener("click", () => {
      const list = getAt(ctx.draft, `${base}/questions`);
      [list[i - 1], list[i]] = [list[i], list[i - 1]];
      list.forEach((x, n) => { x.sequence = n + 1; });
      ctx.redraw();
    });
    actions.append(up);
  }
  fs.append(actions);
  ctx.register(qp, fs.querySelector("select"), fs);
  return fs;
}

export function renderQuestions(ctx, panel) {
  if (!ctx.draft.assignmentPolicies.length) return noPolicy(ctx, panel, "Requestor information");
  const base = `/assignmentPolicies/${ctx.policyIndex}`;
  const p = getAt(ctx.draft, base);
  if (isAutomatic(p)) {
    panel.replaceChildren(h("h2", null, "Requestor information"), policyBar(ctx, "questions"),
      h("p", { class: "intro" }, "This is an automatic-assignment policy: nobody requests, so nobody is asked questions."));
    return;
  }
  p.questions ||= [];
  const box = h("div", { class: "questions" });
  p.questions.forEach((_, i) => box.append(questionFieldset(ctx, base, i, p.questions.length)));
  if (!p.questions.length) box.append(h("p", { class: "empty" }, "No questions: requesters are asked nothing."));
  const addText = h("button", { type: "button" }, "Add a text question");
  const addChoice = h("button", { type: "button" }, "Add a multiple-choice question");
  const add = (type) => {
    const q = { "@odata.type": ODATA(type), sequence: p.questions.length + 1, isRequired: true, isAnswerEditable: true, text: "" };
    if (type === "accessPackageTextInputQuestion") q.isSingleLineQuestion = true;
    else Object.assign(q, { isMultipleSelectionAllowed: false, choices: [{ actualValue: "", text: "" }] });
    p.questions.push(q);
    ctx.redraw(idFor(`${base}/questions/${p.questions.length - 1}/text`));
  };
  addText.addEventListener("click", () => add("accessPackageTextInputQuestion"));
  addChoice.addEventListener("click", () => add("accessPackageMultipleChoiceQuestion"));
  ctx.register(`${base}/questions`, addText, box);
  panel.replaceChildren(
    h("h2", null, "Requestor information"),
    policyBar(ctx, "questions"),
    h("p", { class: "intro" }, "Questions the requester answers; approvers see the answers."),
    box,
    h("div", { class: "add-row" }, addText, addChoice),
    attributeQuestions(ctx),
  );
}

/**
 * The catalog's "Require attributes" of the package's resources: every requester is asked
 * them too, after the policy's questions, in every policy (domain.md §1.20, §9 R1).
 */
/** The required attributes of the package's resources, each once: { resource, attribute, question }. */
export function requiredAttributes(ctx) {
  const asked = [];
  for (const rrs of ctx.draft.accessPackage.resourceRoleScopes || []) {
    const resource = resourceOf(ctx, rrs);
    for (const a of resource?.attributes || []) {
      if (!asked.some((x) => x.resource === resource && x.attribute.name === a.name)) asked.push({ resource, attribute: a, question: a.source?.question || null });
    }
  }
  return asked;
}

function attributeQuestions(ctx) {
  const asked = requiredAttributes(ctx);
  if (!asked.length) return null;
  return h("section", { class: "card", id: "attribute-questions" },
    h("h3", null, "Also asked: the catalog's required attributes"),
    h("p", { class: "hint" }, "The catalog requires these attributes of its resources: each is a required question of every policy, after the ones above; change them in the catalog."),
    h("ul", null, asked.map(({ resource, attribute }) => h("li", null,
      h("strong", null, attribute.source?.question?.text || attribute.name || "(no name)"),
      ` — for ${resource.displayName}; written to the user's \u201c${attribute.destination?.attributeName || attribute.name}\u201d`,
      attribute.isEditable === false ? "; an existing value can't be changed" : ""))));
}

// ---- Lifecycle ----

const FREQUENCIES = [
  ["weekly-1", "Weekly"], ["absoluteMonthly-1", "Monthly"], ["absoluteMonthly-3", "Quarterly"],
  ["absoluteMonthly-6", "Bi-annually"], ["absoluteMonthly-12", "Annually"],
];

function expirationKind(exp) {
  if (!exp || !exp.type || exp.type === "notSpecified" || exp.type === "noExpiration") return "never";
  if (exp.type === "afterDateTime") return "date";
  if (exp.type === "afterDuration" && /^PT\d+H$/.test(exp.duration || "")) return "hours";
  return "days";
}

export function renderLifecycle(ctx, panel) {
  if (!ctx.draft.assignmentPolicies.length) return noPolicy(ctx, panel, "Lifecycle");
  const base = `/assignmentPolicies/${ctx.policyIndex}`;
  const p = getAt(ctx.draft, base);
  const automatic = isAutomatic(p);
  if (!automatic) {
    p.requestorSettings ||= {};
    p.requestApprovalSettings ||= { stages: [] };
  }
  const kind = expirationKind(p.expiration);
  const expiry = section("Expiration",
    radioGroup(ctx, `${base}/expiration/type`, "Access package assignments expire", [
      { value: "never", label: "Never" },
      { value: "date", label: "On a date" },
      { value: "days", label: "Number of days" },
      { value: "hours", label: "Number of hours" },
    ], {
      read: () => kind,
      write: (v) => {
        if (v === "never") p.expiration = { type: "noExpiration" };
        if (v === "date") p.expiration = { type: "afterDateTime", endDateTime: `${ctx.now.slice(0, 4) * 1 + 1}${ctx.now.slice(4, 10)}T23:59:59Z` };
        if (v === "days") p.expiration = { type: "afterDuration", duration: "P365D" };
        if (v === "hours") p.expiration = { type: "afterDuration", duration: "PT8H" };
      },
      aliases: [`${base}/expiration`],
    }));
  if (kind === "date") {
    const pointer = `${base}/expiration/endDateTime`;
    const current = String(p.expiration.endDateTime || "");
    const input = h("input", { type: "date", id: idFor(pointer), value: current.slice(0, 10) });
    input.addEventListener("input", () => {
      p.expiration.endDateTime = input.value ? `${input.value}T23:59:59Z` : "";
      ctx.changed();
    });
    const box = h("div", { class: "field" }, h("label", { for: input.id }, "Assignments end on (at 23:59:59 UTC)"), input);
    ctx.register(pointer, input, box);
    expiry.append(box);
  } else if (kind === "days" || kind === "hours") {
    expiry.append(durationField(ctx, `${base}/expiration/duration`, kind === "days" ? "Days until an assignment expires" : "Hours until an assignment expires", [kind === "days" ? "D" : "H"]));
  }
  if (automatic) {
    expiry.append(h("p", { class: "hint" }, "Automatic assignments also end when the user stops matching the rule (see the Requests tab). Extension and access reviews are for request-based policies."));
    panel.replaceChildren(h("h2", null, "Lifecycle"), policyBar(ctx, "lifecycle"), expiry);
    return;
  }
  const rs = `${base}/requestorSettings`;
  const advanced = section("Advanced expiration settings",
    checkField(ctx, `${rs}/allowCustomAssignmentSchedule`, "Users can request a specific timeline"),
    checkField(ctx, `${rs}/enableTargetsToSelfUpdateAccess`, "Allow users to extend access"),
    checkField(ctx, `${base}/requestApprovalSettings/isApprovalRequiredForUpdate`, "Require approval to grant an extension (uses the stages of the Requests tab)"),
  );

  const rp = `${base}/reviewSettings`;
  const review = section("Access reviews",
    checkField(ctx, `${rp}/isEnabled`, "Require access reviews", {
      aliases: [rp],
      onToggle: (on) => {
        if (on) {
          p.reviewSettings = ctx.stashedReviews.get(p) || newReviewSettings(ctx.now);
          p.reviewSettings.isEnabled = true;
        } else {
          if (p.reviewSettings) ctx.stashedReviews.set(p, { ...p.reviewSettings, isEnabled: true });
          p.reviewSettings = null;
        }
      },
    }));
  if (p.reviewSettings && p.reviewSettings.isEnabled) {
    const r = p.reviewSettings;
    r.schedule ||= {};
    const startPointer = `${rp}/schedule/startDateTime`;
    const start = h("input", { type: "date", id: idFor(startPointer), value: String(r.schedule.startDateTime || "").slice(0, 10) });
    start.addEventListener("input", () => {
      r.schedule.startDateTime = start.value ? `${start.value}T00:00:00Z` : "";
      ctx.changed();
    });
    const startBox = h("div", { class: "field" }, h("label", { for: start.id }, "Starting on"), start);
    ctx.register(startPointer, start, startBox);
    ctx.register(`${rp}/schedule`, start, startBox);
    const reviewerMode = r.isSelfReview ? "self" : (r.primaryReviewers || []).some((x) => subjectType(x) === "requestorManager") ? "manager" : "specific";
    review.append(
      startBox,
      selectField(ctx, `${rp}/schedule/recurrence`, "Review frequency", FREQUENCIES, {
        read: () => `${r.schedule.recurrence?.pattern?.type}-${r.schedule.recurrence?.pattern?.interval}`,
        write: (v) => {
          const [type, interval] = v.split("-");
          r.schedule.recurrence = { pattern: { type, interval: Number(interval) }, range: r.schedule.recurrence?.range || { type: "noEnd" } };
        },
        aliases: [`${rp}/schedule/recurrence/pattern`, `${rp}/schedule/recurrence/pattern/type`, `${rp}/schedule/recurrence/pattern/interval`],
      }),
      durationField(ctx, `${rp}/schedule/expiration/duration`, "Each review stays open for", ["D"], { aliases: [`${rp}/schedule/expiration`] }),
      radioGroup(ctx, `${rp}/isSelfReview`, "Reviewers", [
        { value: "self", label: "Self-review" },
        { value: "specific", label: "Specific reviewers" },
        { value: "manager", label: "Manager" },
      ], {
        read: () => reviewerMode,
        write: (v) => {
          r.isSelfReview = v === "self";
          if (v === "self") r.primaryReviewers = [];
          if (v === "specific") r.primaryReviewers = (r.primaryReviewers || []).filter((x) => subjectType(x) !== "requestorManager");
          if (v === "manager") r.primaryReviewers = [{ "@odata.type": ODATA("requestorManager"), managerLevel: 1 }];
        },
      }),
    );
    if (reviewerMode === "specific") review.append(subjectList(ctx, `${rp}/primaryReviewers`, "Reviewers", ["users", "groups"]));
    else ctx.register(`${rp}/primaryReviewers`, review.querySelector(`[name][type=radio]:checked`) || start, review);
    if (reviewerMode === "manager") review.append(subjectList(ctx, `${rp}/fallbackReviewers`, "Fallback reviewers", ["users", "groups"], { hint: "Review when the person has no manager." }));
    review.append(
      selectField(ctx, `${rp}/expirationBehavior`, "If reviewers don't respond", [["keepAccess", "No change"], ["removeAccess", "Remove access"], ["acceptAccessRecommendation", "Take recommendations"]]),
      checkField(ctx, `${rp}/isRecommendationEnabled`, "Show reviewer decision helpers"),
      checkField(ctx, `${rp}/isReviewerJustificationRequired`, "Require reviewer justification"),
    );
  }

  panel.replaceChildren(
    h("h2", null, "Lifecycle"),
    policyBar(ctx, "lifecycle"),
    expiry, advanced, review,
  );
}
