// "What happens": simulate a request (simulateRequest) with dated approver decisions and
// other events, and draw the timeline as SVG (stages, escalation, deadline, delivery,
// reminders, expiry, reviews), with the same entries as a table.

import { h, s, richText } from "./dom.js";
import { durationMs } from "./draft.js";
import { USERS, userName } from "./sample-tenant.js";
import { nameOf } from "./requester.js";

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
    answers: {},
    events: [],
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
 * The simulateRequest request for the current requester and events. `chosenPolicy` is the
 * policy the person picked (null: let the engine pick); `answered` is the policy whose
 * questions are answered (the chosen one, or the one that applies).
 */
export function simulationRequest(ctx, who, sim, chosenPolicy, answered) {
  const draft = structuredClone(ctx.engineDraft());
  (draft.assignmentPolicies || []).forEach((p, k) => (p.questions || []).forEach((q, i) => { q.id = questionId(q, k, i); }));
  const request = {
    draft,
    requester: structuredClone(who.requester),
    initiator: who.initiator,
    requestType: who.requestType,
    submittedAt: sim.submittedAt,
    until: sim.until,
    justification: sim.justification,
    events: sim.events.map((e) => {
      const out = { at: e.at, type: e.type };
      if (e.type === "decision") Object.assign(out, { approverId: e.actor, decision: e.decision, justification: e.justification || "Reviewed" });
      if (e.type === "reviewDecision") Object.assign(out, { reviewerId: e.actor, decision: e.decision === "deny" ? "deny" : "approve" });
      if (e.type === "extend") out.justification = e.justification || "Still needed";
      if (e.type === "cancel" || e.type === "remove") out.by = e.actor;
      return out;
    }),
    directory: ctx.directory,
  };
  if (who.initiator !== "user" && who.target) request.target = structuredClone(who.target);
  if (chosenPolicy !== null && chosenPolicy >= 0 && draft.assignmentPolicies[chosenPolicy]) {
    request.policyId = draft.assignmentPolicies[chosenPolicy].id || `/draft/assignmentPolicies/${chosenPolicy}`;
  }
  const p = answered >= 0 ? draft.assignmentPolicies[answered] : null;
  request.answers = [];
  (p?.questions || []).forEach((q, i) => {
    const value = sim.answers[`${answered}:${i}`];
    if (value) request.answers.push({ "@odata.type": "#microsoft.graph.accessPackageAnswerString", value, displayValue: value, answeredQuestion: { id: q.id } });
  });
  return request;
}

// ---- the form ----

function eventRow(ctx, sim, i, onChange) {
  const e = sim.events[i];
  const id = (name) => `sim-ev-${i}-${name}`;
  const at = h("input", { type: "datetime-local", id: id("at"), value: toLocalInput(e.at) });
  at.addEventListener("change", () => { e.at = fromLocalInput(at.value); onChange(id("at")); });
  const type = h("select", { id: id("type"), "aria-label": `Event ${i + 1}: what` },
    [["decision", "Approver decides"], ["cancel", "Requester cancels"], ["extend", "Requester extends"], ["reviewDecision", "Reviewer decides"], ["remove", "Access removed"]]
      .map(([v, t]) => h("option", { value: v, selected: e.type === v }, t)));
  type.addEventListener("change", () => { e.type = type.value; onChange(id("type")); });
  const actor = h("select", { id: id("actor"), "aria-label": `Event ${i + 1}: who`, disabled: e.type === "extend" },
    USERS.map((u) => h("option", { value: u.id, selected: e.actor === u.id }, u.displayName)));
  actor.addEventListener("change", () => { e.actor = actor.value; onChange(id("actor")); });
  const decision = h("select", { id: id("decision"), "aria-label": `Event ${i + 1}: decision`, disabled: !["decision", "reviewDecision"].includes(e.type) },
    [["approve", "Approve"], ["deny", "Deny"]].map(([v, t]) => h("option", { value: v, selected: e.decision === v }, t)));
  decision.addEventListener("change", () => { e.decision = decision.value; onChange(id("decision")); });
  const remove = h("button", { type: "button", class: "link", "aria-label": `Remove event ${i + 1}` }, "Remove");
  remove.addEventListener("click", () => { sim.events.splice(i, 1); onChange("sim-add-event"); });
  return h("tr", null,
    h("td", null, h("label", { for: id("at"), class: "sr-only" }, `Event ${i + 1}: when (UTC)`), at),
    h("td", null, type), h("td", null, actor), h("td", null, decision), h("td", null, remove));
}

function simForm(ctx, who, sim, onChange, policyIndex) {
  const policies = ctx.draft.assignmentPolicies || [];
  const policy = h("select", { id: "sim-policy" }, h("option", { value: "" }, "The policy the engine picks"),
    policies.map((p, i) => h("option", { value: String(i), selected: sim.policy === String(i) }, `${i + 1}. ${p.displayName || "(no name)"}`)));
  policy.addEventListener("change", () => { sim.policy = policy.value; onChange("sim-policy"); });
  const submitted = h("input", { type: "datetime-local", id: "sim-submitted", value: toLocalInput(sim.submittedAt) });
  submitted.addEventListener("change", () => { sim.submittedAt = fromLocalInput(submitted.value); sim.touched = true; onChange("sim-submitted"); });
  const until = h("input", { type: "datetime-local", id: "sim-until", value: toLocalInput(sim.until) });
  until.addEventListener("change", () => { sim.until = fromLocalInput(until.value); sim.touched = true; onChange("sim-until"); });
  const justification = h("input", { type: "text", id: "sim-justification", value: sim.justification });
  justification.addEventListener("change", () => { sim.justification = justification.value; onChange("sim-justification"); });
  const row = (id, label, control) => h("div", { class: "field" }, h("label", { for: id }, label), control);

  const answers = h("div", { class: "answers grid2" });
  const p = policies[policyIndex];
  (p?.questions || []).forEach((q, i) => {
    const key = `${policyIndex}:${i}`;
    const id = `sim-answer-${i}`;
    let input;
    if (String(q["@odata.type"] || "").includes("MultipleChoice")) {
      input = h("select", { id }, h("option", { value: "" }, "No answer"),
        (q.choices || []).map((c) => h("option", { value: c.actualValue ?? "", selected: sim.answers[key] === c.actualValue }, c.text || c.actualValue || "(empty)")));
    } else {
      input = h("input", { type: "text", id, value: sim.answers[key] || "" });
    }
    input.addEventListener("change", () => { sim.answers[key] = input.value; onChange(id); });
    answers.append(row(id, `Answer: ${q.text || `question ${i + 1}`}${q.isRequired ? " (required)" : ""}`, input));
  });

  const events = h("tbody");
  sim.events.forEach((_, i) => events.append(eventRow(ctx, sim, i, onChange)));
  if (!sim.events.length) events.append(h("tr", null, h("td", { colspan: 5, class: "empty" }, "No events: nobody decides, so each stage runs to its deadline.")));
  const add = h("button", { type: "button", id: "sim-add-event" }, "Add an event");
  add.addEventListener("click", () => {
    const last = sim.events.length ? Date.parse(sim.events[sim.events.length - 1].at) : Date.parse(sim.submittedAt);
    sim.events.push({ at: iso((Number.isNaN(last) ? Date.now() : last) + DAY), type: "decision", actor: USERS[2].id, decision: "approve" });
    onChange(`sim-ev-${sim.events.length - 1}-at`);
  });
  return h("section", { class: "card" },
    h("h3", null, "The request"),
    h("p", null, `Requester: ${nameOf(who.requester)}${who.initiator !== "user" ? `, for ${nameOf(who.target)}` : ""} (change it on the "Who can request" tab).`),
    h("div", { class: "grid2" },
      row("sim-policy", "Policy", policy),
      row("sim-justification", "Justification", justification),
      row("sim-submitted", "Submitted at (UTC)", submitted),
      row("sim-until", "Simulate until (UTC)", until)),
    answers,
    h("table", { class: "events" }, h("caption", null, "Dated events"),
      h("thead", null, h("tr", null, ["When (UTC)", "What", "Who", "Decision", ""].map((t) => h("th", { scope: "col" }, t)))), events),
    add);
}

// ---- the drawing ----

const KIND_WORDS = {
  submitted: "Submitted", rejected: "Rejected at submission", stageStarted: "Stage started", approversNotified: "Approvers notified",
  escalated: "Escalated to alternate approvers", stageApproved: "Stage approved", approved: "Approved", denied: "Denied",
  timedOut: "Timed out (automatic denial)", canceled: "Canceled", scheduled: "Scheduled", delivered: "Delivered (access granted)",
  expiryReminder: "Expiry reminder", extended: "Extended", expired: "Expired", reviewStarted: "Access review started",
  reviewReminder: "Review reminder", reviewClosed: "Access review closed", removed: "Removed", customExtension: "Custom extension",
};

function actorNames(ids) {
  return (ids || []).map((id) => userName(id) || id).join(", ");
}

function stageDeadlines(ctx, sim, policyIndex) {
  const p = ctx.draft.assignmentPolicies?.[policyIndex];
  const stages = p?.requestApprovalSettings?.stages || [];
  const out = [];
  for (const e of sim.timeline) {
    if (e.kind !== "stageStarted" || !e.stage) continue;
    const conf = stages[e.stage - 1];
    const ms = durationMs(conf?.durationBeforeAutomaticDenial);
    if (ms !== null && ms !== undefined) out.push({ stage: e.stage, at: Date.parse(e.at) + ms });
  }
  return out;
}

export function drawTimeline(ctx, result, policyIndex, submittedAt) {
  const entries = result.timeline.map((e) => ({ ...e, t: Date.parse(e.at) })).filter((e) => !Number.isNaN(e.t));
  const deadlines = stageDeadlines(ctx, result, policyIndex);
  const t0 = Math.min(Date.parse(submittedAt) || Infinity, ...entries.map((e) => e.t));
  let t1 = Math.max(...entries.map((e) => e.t), ...deadlines.map((d) => d.at));
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) return h("p", null, "Nothing to draw.");
  if (t1 - t0 < DAY) t1 = t0 + DAY;
  const width = 960;
  const left = 150;
  const right = 30;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);

  const stages = [...new Set(entries.filter((e) => e.stage).map((e) => e.stage))].sort();
  const hasReviews = entries.some((e) => e.kind.startsWith("review"));
  const lanes = ["Request", ...stages.map((n) => `Stage ${n}`), "Assignment", ...(hasReviews ? ["Reviews"] : [])];
  const laneY = (name) => 44 + lanes.indexOf(name) * 58;
  const height = 44 + lanes.length * 58 + 20;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-labelledby": "timeline-title", id: "timeline-svg" },
    s("title", { id: "timeline-title" }, "Timeline of the simulated request"));

  // axis and ticks
  const axisY = height - 24;
  svg.append(s("line", { x1: left, x2: width - right, y1: axisY, y2: axisY, class: "axis" }));
  const span = t1 - t0;
  const step = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY].find((st) => span / st <= 8) || 365 * DAY;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    svg.append(s("line", { x1: x(t), x2: x(t), y1: 28, y2: axisY + 4, class: "tick" }),
      s("text", { x: x(t), y: axisY + 16, class: "tick-label", "text-anchor": "middle" }, new Date(t).toISOString().slice(0, 10)));
  }
  for (const lane of lanes) {
    svg.append(s("text", { x: 8, y: laneY(lane) + 4, class: "lane-label" }, lane),
      s("line", { x1: left, x2: width - right, y1: laneY(lane), y2: laneY(lane), class: "lane" }));
  }

  // Labels that would overlap an earlier one on the same lane move to another line;
  // labels near the right edge end at their marker instead of starting there.
  const labelEnds = {};
  const placeLabel = (lane, cx, text) => {
    const cy = laneY(lane);
    const w = text.length * 6;
    const flip = cx + 9 + w > width - 2;
    const from = flip ? cx - 9 - w : cx + 9;
    const ends = (labelEnds[lane] ||= [-Infinity, -Infinity, -Infinity]);
    let level = ends.findIndex((end) => from > end + 4);
    if (level < 0) level = 0;
    ends[level] = from + w;
    return s("text", { x: flip ? cx - 9 : cx + 9, y: cy + [-10, 20, -21][level], class: "ev-label", "text-anchor": flip ? "end" : "start" }, text);
  };
  const marker = (e, lane, label) => {
    const cx = x(e.t);
    const cy = laneY(lane);
    const g = s("g", { class: `ev ev-${e.kind}`, dataset: { kind: e.kind } },
      s("title", null, `${new Date(e.t).toISOString().replace(".000Z", "Z")}: ${KIND_WORDS[e.kind] || e.kind}${e.actors ? ` (${actorNames(e.actors)})` : ""}${e.detail ? `; ${e.detail}` : ""}`));
    if (e.kind === "escalated") g.append(s("path", { d: `M ${cx} ${cy - 8} L ${cx + 8} ${cy} L ${cx} ${cy + 8} L ${cx - 8} ${cy} Z` }));
    else g.append(s("circle", { cx, cy, r: 6 }));
    if (label) g.append(placeLabel(lane, cx, label));
    svg.append(g);
  };
  const bar = (from, to, lane, cls, label) => {
    const y = laneY(lane);
    const g = s("g", { class: `bar ${cls}` }, s("rect", { x: x(from), y: y - 7, width: Math.max(2, x(to) - x(from)), height: 14, rx: 3 }));
    if (label) g.append(s("title", null, label));
    svg.append(g);
  };

  // stage bars, deadlines
  for (const n of stages) {
    const started = entries.find((e) => e.kind === "stageStarted" && e.stage === n);
    const ended = entries.find((e) => e.stage === n && ["stageApproved", "denied", "timedOut", "canceled"].includes(e.kind));
    if (started) bar(started.t, ended ? ended.t : t1, `Stage ${n}`, "bar-stage", `Stage ${n} open`);
  }
  // assignment and review bars
  const delivered = entries.find((e) => e.kind === "delivered");
  if (delivered) {
    const end = entries.find((e) => ["expired", "removed"].includes(e.kind) && e.t >= delivered.t);
    bar(delivered.t, end ? end.t : t1, "Assignment", "bar-assignment", "Access held");
  }
  entries.filter((e) => e.kind === "reviewStarted").forEach((start) => {
    const close = entries.find((e) => e.kind === "reviewClosed" && e.t >= start.t);
    bar(start.t, close ? close.t : t1, "Reviews", "bar-review", `Review open${start.detail ? `: ${start.detail}` : ""}`);
  });

  for (const e of entries) {
    if (e.stage && ["stageStarted", "approversNotified", "escalated", "stageApproved", "timedOut"].includes(e.kind)) {
      marker(e, `Stage ${e.stage}`, e.kind === "escalated" ? "escalated" : e.kind === "stageApproved" ? "approved" : e.kind === "timedOut" ? "timed out" : "");
    } else if (["delivered", "expiryReminder", "extended", "expired", "removed", "customExtension"].includes(e.kind)) {
      marker(e, "Assignment", { delivered: "delivered", expired: "expired", removed: "removed", extended: "extended" }[e.kind] || "");
    } else if (e.kind.startsWith("review")) {
      marker(e, "Reviews", "");
    } else {
      marker(e, "Request", { submitted: "submitted", approved: "approved", denied: "denied", canceled: "canceled", rejected: "rejected", scheduled: "scheduled" }[e.kind] || "");
    }
  }
  for (const d of deadlines) {
    const lane = `Stage ${d.stage}`;
    if (!lanes.includes(lane)) continue;
    const y = laneY(lane);
    svg.append(s("g", { class: "deadline", dataset: { kind: "deadline" } },
      s("line", { x1: x(d.at), x2: x(d.at), y1: y - 14, y2: y + 14 }),
      placeLabel(lane, x(d.at), "deadline"),
      s("title", null, `Stage ${d.stage} is denied automatically at ${new Date(d.at).toISOString().replace(".000Z", "Z")} without a decision`)));
  }
  return svg;
}

function entryTable(result) {
  return h("table", { class: "entries", id: "timeline-table" }, h("caption", null, "Timeline entries"),
    h("thead", null, h("tr", null, ["When (UTC)", "What", "Stage", "Who", "Detail"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, result.timeline.map((e) => h("tr", { dataset: { kind: e.kind } },
      h("td", null, e.at), h("td", null, KIND_WORDS[e.kind] || e.kind), h("td", null, e.stage ? String(e.stage) : ""), h("td", null, actorNames(e.actors)), h("td", null, e.detail || "")))));
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
      entryTable(result)),
  );
}

export { policyIndexOf };
