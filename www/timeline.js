// "What happens": simulate a request (simulateRequest) with dated events, or the service's
// automatic assignment when the policy is an automatic one, and show the outcome, the
// timeline as SVG (timeline-draw.js) and its entries as a table. Events: sim-events.js.

import { requiredAttributes } from "./form.js";
import { h, richText } from "./dom.js";
import { isAutomatic } from "./draft.js";
import { nameOf } from "./requester.js";
import { eventRow, newEvent, toSimEvent, attributeNameList } from "./sim-events.js";
import { drawTimeline, entryTable, legend } from "./timeline-draw.js";

const DAY = 86400000;

export function simState(now) {
  const start = Date.parse(now);
  const base = Number.isNaN(start) ? Date.parse("2025-06-01T09:00:00Z") : start;
  return {
    policy: "",
    touched: false,
    submittedAt: iso(base),
    until: iso(base + 400 * DAY),
    justification: "Needed for my work",
    /** The schedule asked for (an administrator's direct assignment, or a custom schedule): "" when not set. */
    startAt: "",
    endAt: "",
    answers: {},
    // A first approval a day later, by whoever the first stage notifies (the page
    // fills in the approver on its first run, or drops the event without approval).
    events: [{ at: iso(base + DAY), type: "decision", actor: null, decision: "approve" }],
  };
}

function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** `2025-06-01T09:00:00Z` ⇄ the value of an `<input type="datetime-local">` (shown in UTC). */
function toLocalInput(text) {
  return String(text || "").replace(/Z$/, "").slice(0, 16);
}
function fromLocalInput(value) {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : "";
}

function policyIndexOf(ctx, policyId) {
  const m = /^\/draft\/assignmentPolicies\/(\d+)$/.exec(policyId || "");
  if (m) return Number(m[1]);
  return (ctx.draft.assignmentPolicies || []).findIndex((p) => p.id && p.id === policyId);
}

/** Questions need ids to be answered; the simulation gives id-less ones a local id (not in the Graph JSON). */
function questionId(q, k, i) {
  return q.id || `page-question-${k + 1}-${i + 1}`;
}

/**
 * The policy "What happens" simulates: the one picked, else the one that applies to the
 * requester, else (nobody can request) the package's automatic-assignment policy; -1: none.
 */
export function simulatedPolicy(ctx, sim, applicability) {
  if (sim.policy !== "") return Number(sim.policy);
  const applying = policyIndexOf(ctx, applicability.policies.find((p) => p.applies)?.policyId);
  if (applying >= 0) return applying;
  return (ctx.draft.assignmentPolicies || []).findIndex(isAutomatic);
}

/** The person an automatic policy evaluates: the one access would be for. */
export function assignee(who) {
  return who.initiator !== "user" && who.target ? who.target : who.requester;
}

/**
 * The simulateRequest request for the current requester and events. `chosenPolicy` is the
 * policy the person picked (null: let the engine pick); `answered` is the policy whose
 * questions are answered (the chosen one, or the one that applies). Under an automatic
 * policy the service makes the requests (initiator "system") for the person access is for.
 */
export function simulationRequest(ctx, who, sim, chosenPolicy, answered) {
  const draft = structuredClone(ctx.engineDraft());
  (draft.assignmentPolicies || []).forEach((p, k) => (p.questions || []).forEach((q, i) => { q.id = questionId(q, k, i); }));
  const automatic = answered >= 0 && isAutomatic(draft.assignmentPolicies[answered]);
  const request = {
    draft,
    requester: structuredClone(automatic ? assignee(who) : who.requester),
    initiator: automatic ? "system" : who.initiator,
    requestType: automatic ? "add" : who.requestType,
    submittedAt: sim.submittedAt,
    until: sim.until,
    justification: sim.justification,
    events: sim.events.map(toSimEvent),
    directory: ctx.directory,
  };
  if (automatic) {
    request.policyId = draft.assignmentPolicies[answered].id || `/draft/assignmentPolicies/${answered}`;
    delete request.justification;
    return request;
  }
  if (who.initiator !== "user" && who.target) request.target = structuredClone(who.target);
  if (sim.startAt || sim.endAt) {
    request.schedule = {
      ...(sim.startAt ? { startDateTime: sim.startAt } : {}),
      ...(sim.endAt ? { expiration: { type: "afterDateTime", endDateTime: sim.endAt } } : {}),
    };
  }
  if (chosenPolicy !== null && chosenPolicy >= 0 && draft.assignmentPolicies[chosenPolicy]) {
    request.policyId = draft.assignmentPolicies[chosenPolicy].id || `/draft/assignmentPolicies/${chosenPolicy}`;
  }
  const p = answered >= 0 ? draft.assignmentPolicies[answered] : null;
  request.answers = [];
  (p?.questions || []).forEach((q, i) => {
    const value = answerOf(q, `${answered}:${i}`, sim);
    if (value) request.answers.push({ "@odata.type": "#microsoft.graph.accessPackageAnswerString", value, displayValue: value, answeredQuestion: { id: q.id } });
  });
  for (const { question } of requiredAttributes(ctx)) {
    const value = question?.id && sim.answers[`attr:${question.id}`];
    if (value) request.answers.push({ "@odata.type": "#microsoft.graph.accessPackageAnswerString", value, displayValue: value, answeredQuestion: { id: question.id } });
  }
  return request;
}

// ---- the form ----

/** The answer given, or for a required multiple-choice question its first choice (a
 * simulation should start from a request the policy accepts). */
function answerOf(q, key, sim) {
  if (key in sim.answers) return sim.answers[key];
  const first = (q.choices || [])[0]?.actualValue;
  return q.isRequired && String(q["@odata.type"] || "").includes("MultipleChoice") ? first : undefined;
}

function answerFields(ctx, policies, policyIndex, sim, onChange, row) {
  const answers = h("div", { class: "answers grid2" });
  const p = policies[policyIndex];
  // The catalog's required attributes are asked of every requester too (domain.md §9 R1).
  requiredAttributes(ctx).filter((a) => a.question?.id).forEach(({ question, resource }, k) => {
    const key = `attr:${question.id}`;
    const id = `sim-attribute-${k}`;
    const input = h("input", { type: "text", id, value: sim.answers[key] || "" });
    input.addEventListener("change", () => { sim.answers[key] = input.value; onChange(id); });
    answers.append(row(id, `Answer: ${question.text || "attribute"} (required by the catalog for ${resource.displayName})`, input));
  });
  (p?.questions || []).forEach((q, i) => {
    const key = `${policyIndex}:${i}`;
    const id = `sim-answer-${i}`;
    let input;
    if (String(q["@odata.type"] || "").includes("MultipleChoice")) {
      input = h("select", { id }, h("option", { value: "" }, "No answer"),
        (q.choices || []).map((c) => h("option", { value: c.actualValue ?? "", selected: answerOf(q, key, sim) === c.actualValue }, c.text || c.actualValue || "(empty)")));
    } else {
      input = h("input", { type: "text", id, value: sim.answers[key] || "" });
    }
    input.addEventListener("change", () => { sim.answers[key] = input.value; onChange(id); });
    answers.append(row(id, `Answer: ${q.text || `question ${i + 1}`}${q.isRequired ? " (required)" : ""}`, input));
  });
  return answers;
}

function attributesText(person) {
  const entries = Object.entries(person?.attributes || {});
  return entries.length ? entries.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(", ") : v}`).join("; ") : "none";
}

function simForm(ctx, who, sim, onChange, policyIndex) {
  const policies = ctx.draft.assignmentPolicies || [];
  const automatic = policyIndex >= 0 && isAutomatic(policies[policyIndex]);
  const policy = h("select", { id: "sim-policy" }, h("option", { value: "" }, "The policy the engine picks"),
    policies.map((p, i) => h("option", { value: String(i), selected: sim.policy === String(i) }, `${i + 1}. ${p.displayName || "(no name)"}${isAutomatic(p) ? " (automatic)" : ""}`)));
  policy.addEventListener("change", () => { sim.policy = policy.value; onChange("sim-policy"); });
  const submitted = h("input", { type: "datetime-local", id: "sim-submitted", value: toLocalInput(sim.submittedAt) });
  submitted.addEventListener("change", () => { sim.submittedAt = fromLocalInput(submitted.value); sim.touched = true; onChange("sim-submitted"); });
  const until = h("input", { type: "datetime-local", id: "sim-until", value: toLocalInput(sim.until) });
  until.addEventListener("change", () => { sim.until = fromLocalInput(until.value); sim.touched = true; onChange("sim-until"); });
  const justification = h("input", { type: "text", id: "sim-justification", value: sim.justification });
  justification.addEventListener("change", () => { sim.justification = justification.value; onChange("sim-justification"); });
  const row = (id, label, control) => h("div", { class: "field" }, h("label", { for: id }, label), control);
  const startAt = h("input", { type: "datetime-local", id: "sim-start", value: toLocalInput(sim.startAt) });
  startAt.addEventListener("change", () => { sim.startAt = fromLocalInput(startAt.value); onChange("sim-start"); });
  const endAt = h("input", { type: "datetime-local", id: "sim-end", value: toLocalInput(sim.endAt) });
  endAt.addEventListener("change", () => { sim.endAt = fromLocalInput(endAt.value); onChange("sim-end"); });

  const events = h("tbody");
  sim.events.forEach((_, i) => events.append(eventRow(sim, i, onChange, automatic)));
  if (!sim.events.length) {
    events.append(h("tr", null, h("td", { colspan: 5, class: "empty" }, automatic
      ? "No events: the person's attributes stay as they are."
      : "No events: nobody decides, so each stage runs to its deadline.")));
  }
  const add = h("button", { type: "button", id: "sim-add-event" }, "Add an event");
  add.addEventListener("click", () => {
    sim.events.push(newEvent(sim, automatic));
    onChange(`sim-ev-${sim.events.length - 1}-at`);
  });
  const table = h("table", { class: "events" }, h("caption", null, "Dated events"),
    h("thead", null, h("tr", null, ["When (UTC)", "What", "Who", "Details"].map((t) => h("th", { scope: "col" }, t)), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Remove")))), events);
  const hint = h("p", { class: "hint" }, "An attribute change with an empty value removes the attribute; with “also set group memberships”, the groups ticked replace the person's groups.");

  if (automatic) {
    const p = policies[policyIndex];
    const person = assignee(who);
    const rule = (p.specificAllowedTargets || []).find((t) => String(t["@odata.type"] || "").endsWith("attributeRuleMembers"))?.membershipRule || "(no rule)";
    return h("section", { class: "card", id: "sim-request" },
      h("h3", null, "Automatic assignment"),
      h("p", { id: "sim-who" }, `Nobody requests under "${p.displayName || "(no name)"}": the service checks ${nameOf(person)}'s attributes against the rule `,
        h("code", null, rule), ` and assigns or removes access itself. Attributes now: ${attributesText(person)} (change the person on the "Who can request" tab).`),
      h("div", { class: "grid2" },
        row("sim-policy", "Policy", policy),
        row("sim-submitted", "Rule checked from (UTC)", submitted),
        row("sim-until", "Simulate until (UTC)", until)),
      attributeNameList(), table, hint, add);
  }
  return h("section", { class: "card", id: "sim-request" },
    h("h3", null, "The request"),
    h("p", { id: "sim-who" }, `Requester: ${nameOf(who.requester)}${who.initiator !== "user" ? `, for ${nameOf(who.target)}` : ""} (change it on the "Who can request" tab).`),
    h("div", { class: "grid2" },
      row("sim-policy", "Policy", policy),
      row("sim-justification", "Justification", justification),
      row("sim-submitted", "Submitted at (UTC)", submitted),
      row("sim-until", "Simulate until (UTC)", until),
      row("sim-start", who.initiator === "admin" ? "Assignment starts (UTC), optional" : "Access asked from (UTC), optional", startAt),
      row("sim-end", who.initiator === "admin" ? "Assignment ends (UTC), optional" : "Access asked until (UTC), optional", endAt)),
    who.initiator === "admin" ? null : h("p", { class: "hint" }, "For a direct assignment by an administrator, pick \u201cAs an administrator\u201d under \u201cRequesting\u201d on the Who can request tab."),
    answerFields(ctx, policies, policyIndex, sim, onChange, row),
    attributeNameList(), table, hint, add);
}

export function renderWhat(ctx, panel, whoState, sim, onChange, result, policyIndex) {
  const outcome = [`Request: ${result.request.state} (${result.request.status}).`];
  if (result.assignment) {
    const sch = result.assignment.schedule || {};
    const end = sch.expiration?.endDateTime ? ` until ${sch.expiration.endDateTime}` : sch.expiration?.type === "noExpiration" ? ", no end" : "";
    outcome.push(`Assignment: ${result.assignment.state}${sch.startDateTime ? `, from ${sch.startDateTime}` : ""}${end}.`);
  } else outcome.push("No assignment.");
  const diags = h("ul", { class: "sim-diagnostics" }, (result.diagnostics || []).map((d) => h("li", { class: `diag diag-${d.severity}` }, richText(d.message), d.help ? h("span", { class: "help" }, " ", richText(d.help)) : null)));
  panel.replaceChildren(
    h("h2", null, "What happens"),
    simForm(ctx, whoState, sim, onChange, policyIndex),
    h("section", { class: "card", id: "sim-results" },
      h("h3", null, "Outcome"),
      h("p", { id: "sim-outcome", class: "verdict" }, outcome.join(" ")),
      diags,
      h("div", { class: "timeline-box" }, drawTimeline(ctx, result, policyIndex, sim.submittedAt)),
      legend(result),
      entryTable(result)),
  );
}

export { policyIndexOf };
