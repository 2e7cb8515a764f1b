// The simulated timeline drawn as SVG, lane by lane (request, approval stages, attribute
// changes, assignment, reviews), and the same entries as a table in plain words.
// Bars show how long something lasts: a stage open, a wait for a custom extension's
// callback, access held (partly or fully), the grace period of an automatic assignment.

import { h, s } from "./dom.js";
import { durationMs } from "./draft.js";
import { userName } from "./sample-tenant.js";

const DAY = 86400000;

/** Plain words for each timeline kind (the table's "What" column and the markers' tooltips). */
export const KIND_WORDS = {
  submitted: "Submitted", rejected: "Rejected at submission", stageStarted: "Stage started", approversNotified: "Approvers notified",
  escalated: "Escalated to alternate approvers", stageApproved: "Stage approved", approved: "Approved", denied: "Denied",
  timedOut: "Timed out (automatic denial)", canceled: "Canceled", scheduled: "Scheduled", delivered: "Delivered (access granted)",
  expiryReminder: "Expiry reminder", extended: "Extended", expired: "Expired", reviewStarted: "Access review started",
  reviewReminder: "Review reminder", reviewClosed: "Access review closed", removed: "Removed", customExtension: "Custom extension",
  attributesChanged: "The person's attributes changed",
  gracePeriodStarted: "Grace period started: no longer matches the rule, access kept for now",
  gracePeriodEnded: "Grace period ended: matches the rule again, access kept",
  partiallyDelivered: "Partially delivered (some resource roles were not granted)",
  deliveryFailed: "Delivery failed (no access granted)",
  reprocessed: "Reprocessed by an administrator",
  skipped: "No automatic assignment: the person already holds the package",
  externalUserBlocked: "The external user, without any assignment left, is blocked from signing in",
  externalUserDeleted: "The blocked external user is deleted from the directory",
};

/** Short labels drawn beside markers; kinds not listed are drawn without a label. */
const LABELS = {
  submitted: "submitted", approved: "approved", denied: "denied", canceled: "canceled", rejected: "rejected", scheduled: "scheduled",
  delivered: "delivered", expired: "expired", removed: "removed", extended: "extended",
  partiallyDelivered: "partly delivered", deliveryFailed: "delivery failed", reprocessed: "reprocessed", gracePeriodEnded: "back in scope",
  externalUserBlocked: "user blocked", externalUserDeleted: "user deleted",
};
const STAGE_LABELS = { escalated: "escalated", stageApproved: "approved", timedOut: "timed out" };
const ASSIGNMENT_KINDS = ["delivered", "partiallyDelivered", "deliveryFailed", "reprocessed", "expiryReminder", "extended", "expired", "removed", "gracePeriodStarted", "gracePeriodEnded", "externalUserBlocked", "externalUserDeleted", "skipped"];
const ACCESS_ENDS = ["expired", "removed"];

function actorNames(ids) {
  return (ids || []).map((id) => userName(id) || id).join(", ");
}

function instant(t) {
  return new Date(t).toISOString().replace(".000Z", "Z");
}

function stageDeadlines(ctx, result, policyIndex) {
  const stages = ctx.draft.assignmentPolicies?.[policyIndex]?.requestApprovalSettings?.stages || [];
  const out = [];
  for (const e of result.timeline) {
    if (e.kind !== "stageStarted" || !e.stage) continue;
    const ms = durationMs(stages[e.stage - 1]?.durationBeforeAutomaticDenial);
    if (ms !== null && ms !== undefined) out.push({ stage: e.stage, at: Date.parse(e.at) + ms });
  }
  return out;
}

/** Periods of access: partial from a partial delivery, full from a delivery, each until it expires or is removed. */
function accessPeriods(entries, t1) {
  const periods = [];
  let open = null;
  for (const e of entries) {
    if (e.kind === "partiallyDelivered" && !open) open = { from: e.t, partial: true };
    else if (e.kind === "delivered" && (!open || open.partial)) {
      if (open) periods.push({ ...open, to: e.t });
      open = { from: e.t, partial: false };
    } else if (ACCESS_ENDS.includes(e.kind) && open) {
      periods.push({ ...open, to: e.t });
      open = null;
    }
  }
  if (open) periods.push({ ...open, to: t1 });
  return periods;
}

/** From each entry matching `starts` to the first later entry matching `ends` (or the end of the drawing). */
function spans(entries, starts, ends, t1) {
  const out = [];
  entries.forEach((e, i) => {
    if (!starts(e)) return;
    const end = entries.slice(i + 1).find(ends);
    out.push({ start: e, end: end || null, to: end ? end.t : t1 });
  });
  return out;
}

const isWaiting = (e) => e.kind === "customExtension" && /^waiting for /.test(e.detail || "");
const endsWaiting = (e) => (e.kind === "customExtension" && / called back/.test(e.detail || "")) || ["timedOut", "canceled", "denied"].includes(e.kind);

function laneOf(e, firstAccess) {
  if (e.kind === "attributesChanged") return "Attributes";
  if (e.kind.startsWith("review")) return "Reviews";
  if (e.stage && ["stageStarted", "approversNotified", "escalated", "stageApproved", "timedOut"].includes(e.kind)) return `Stage ${e.stage}`;
  if (ASSIGNMENT_KINDS.includes(e.kind)) return "Assignment";
  // Extensions run at request creation and approval (the request) or later (the assignment).
  if (e.kind === "customExtension") return firstAccess !== null && e.t >= firstAccess ? "Assignment" : "Request";
  return "Request";
}

function labelOf(e) {
  if (e.stage && STAGE_LABELS[e.kind]) return STAGE_LABELS[e.kind];
  if (e.kind === "attributesChanged") return /outside/.test(e.detail || "") ? "changed: out of scope" : /in the policy's scope/.test(e.detail || "") ? "changed: in scope" : "changed";
  if (e.kind === "timedOut" && !e.stage) return "timed out";
  return LABELS[e.kind] || "";
}

function markerShape(kind, cx, cy) {
  if (kind === "escalated") return s("path", { d: `M ${cx} ${cy - 8} L ${cx + 8} ${cy} L ${cx} ${cy + 8} L ${cx - 8} ${cy} Z` });
  if (kind === "deliveryFailed") return s("path", { d: `M ${cx - 6} ${cy - 6} L ${cx + 6} ${cy + 6} M ${cx + 6} ${cy - 6} L ${cx - 6} ${cy + 6}`, class: "cross" });
  if (kind === "attributesChanged") return s("rect", { x: cx - 6, y: cy - 6, width: 12, height: 12 });
  if (kind === "gracePeriodStarted" || kind === "gracePeriodEnded") return s("path", { d: `M ${cx} ${cy - 8} L ${cx + 7} ${cy + 6} L ${cx - 7} ${cy + 6} Z` });
  return s("circle", { cx, cy, r: 6 });
}

export function drawTimeline(ctx, result, policyIndex, submittedAt) {
  const entries = result.timeline.map((e) => ({ ...e, t: Date.parse(e.at) })).filter((e) => !Number.isNaN(e.t));
  // A deadline matters only while its stage waits for a decision.
  const decided = (d) => entries.some((e) => (e.stage === d.stage && ["stageApproved", "denied", "timedOut", "canceled"].includes(e.kind))
    || (!e.stage && ["approved", "denied", "canceled", "timedOut"].includes(e.kind) && e.t <= d.at));
  const deadlines = stageDeadlines(ctx, result, policyIndex).filter((d) => !decided(d));
  const t0 = Math.min(Date.parse(submittedAt) || Infinity, ...entries.map((e) => e.t));
  let t1 = Math.max(...entries.map((e) => e.t), ...deadlines.map((d) => d.at));
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) return h("p", null, "Nothing to draw.");
  if (t1 - t0 < DAY) t1 = t0 + DAY;
  const width = 960;
  const left = 150;
  const right = 30;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);

  const stages = [...new Set(entries.filter((e) => e.stage).map((e) => e.stage))].sort();
  const has = (pred) => entries.some(pred);
  const lanes = ["Request", ...stages.map((n) => `Stage ${n}`),
    ...(has((e) => e.kind === "attributesChanged") ? ["Attributes"] : []), "Assignment",
    ...(has((e) => e.kind.startsWith("review")) ? ["Reviews"] : [])];
  const laneY = (name) => 44 + lanes.indexOf(name) * 58;
  const height = 44 + lanes.length * 58 + 20;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-labelledby": "timeline-title", id: "timeline-svg" },
    s("title", { id: "timeline-title" }, "Timeline of the simulated request"),
    s("defs", null, s("pattern", { id: "grace-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("rect", { width: 6, height: 6, class: "hatch-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }))));

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

  // A label goes beside its marker on the first of four lines around the lane where it
  // overlaps no other label; near the right edge it ends at its marker. When every line
  // is taken there, it is left out: the marker's tooltip and the table hold the full text.
  const placed = {};
  const placeLabel = (lane, cx, text) => {
    const cy = laneY(lane);
    const w = text.length * 6.5 + 4;
    const flip = cx + 9 + w > width - 2;
    const from = flip ? cx - 9 - w : cx + 9;
    const lines = (placed[lane] ||= [[], [], [], []]);
    const level = lines.findIndex((taken) => taken.every(([a, b]) => from + w < a || from > b));
    if (level < 0) return null;
    lines[level].push([from, from + w]);
    return s("text", { x: flip ? cx - 9 : cx + 9, y: cy + [-10, 20, -21, 31][level], class: "ev-label", "text-anchor": flip ? "end" : "start" }, text);
  };
  const bar = (from, to, lane, cls, title, data) => {
    const y = laneY(lane);
    const rect = s("rect", { x: x(from), y: y - 7, width: Math.max(2, x(to) - x(from)), height: 14, rx: 3 });
    const g = s("g", { class: `bar ${cls}`, dataset: data }, rect);
    if (title) g.append(s("title", null, title));
    svg.append(g);
    return g;
  };

  // stages, waits for callbacks, access held, grace periods, reviews
  for (const n of stages) {
    const started = entries.find((e) => e.kind === "stageStarted" && e.stage === n);
    const ended = entries.find((e) => e.stage === n && ["stageApproved", "denied", "timedOut", "canceled"].includes(e.kind));
    if (started) bar(started.t, ended ? ended.t : t1, `Stage ${n}`, "bar-stage", `Stage ${n} open`);
  }
  for (const w of spans(entries, isWaiting, endsWaiting, t1)) {
    bar(w.start.t, w.to, "Request", "bar-waiting", `Waiting for a custom extension: ${w.start.detail}`, { kind: "waiting", from: instant(w.start.t), to: instant(w.to) });
  }
  for (const p of accessPeriods(entries, t1)) {
    bar(p.from, p.to, "Assignment", p.partial ? "bar-partial" : "bar-assignment", p.partial ? "Access partly held (some roles missing)" : "Access held", { kind: p.partial ? "partial" : "access", from: instant(p.from), to: instant(p.to) });
  }
  for (const g of spans(entries, (e) => e.kind === "gracePeriodStarted", (e) => e.kind === "gracePeriodEnded" || ACCESS_ENDS.includes(e.kind), t1)) {
    const how = !g.end ? "still running when the simulation stops" : g.end.kind === "gracePeriodEnded" ? "ended: back in scope, access kept" : `ended: access ${g.end.kind} at ${instant(g.end.t)}`;
    const band = bar(g.start.t, g.to, "Assignment", "bar-grace", `Grace period from ${instant(g.start.t)}, ${how}`, { kind: "gracePeriod", from: instant(g.start.t), to: instant(g.to), end: g.end ? g.end.kind : "" });
    band.querySelector("rect").setAttribute("fill", "url(#grace-hatch)");
    const label = placeLabel("Assignment", (x(g.start.t) + x(g.to)) / 2 - 36, "grace period");
    if (label) band.append(label);
  }
  for (const r of spans(entries, (e) => e.kind === "reviewStarted", (e) => e.kind === "reviewClosed", t1)) {
    bar(r.start.t, r.to, "Reviews", "bar-review", `Review open${r.start.detail ? `: ${r.start.detail}` : ""}`);
  }

  // markers
  const firstAccess = entries.find((e) => e.kind === "delivered" || e.kind === "partiallyDelivered")?.t ?? null;
  for (const e of entries) {
    const lane = laneOf(e, firstAccess);
    const cx = x(e.t);
    const label = labelOf(e);
    const g = s("g", { class: `ev ev-${e.kind}`, dataset: { kind: e.kind, at: e.at } },
      s("title", null, `${instant(e.t)}: ${KIND_WORDS[e.kind] || e.kind}${e.actors ? ` (${actorNames(e.actors)})` : ""}${e.detail ? `; ${e.detail}` : ""}`),
      markerShape(e.kind, cx, laneY(lane)));
    const text = label && placeLabel(lane, cx, label);
    if (text) g.append(text);
    svg.append(g);
  }
  for (const d of deadlines) {
    const lane = `Stage ${d.stage}`;
    if (!lanes.includes(lane)) continue;
    const y = laneY(lane);
    const g = s("g", { class: "deadline", dataset: { kind: "deadline" } },
      s("line", { x1: x(d.at), x2: x(d.at), y1: y - 14, y2: y + 14 }),
      s("title", null, `Stage ${d.stage} is denied automatically at ${instant(d.at)} without a decision`));
    const label = placeLabel(lane, x(d.at), "deadline");
    if (label) g.append(label);
    svg.append(g);
  }
  return svg;
}

/** A legend for the bars present in a drawing. */
export function legend(result) {
  const kinds = new Set(result.timeline.map((e) => e.kind));
  const items = [];
  if (kinds.has("delivered") || kinds.has("partiallyDelivered")) items.push(["swatch-access", "Access held"]);
  if (kinds.has("partiallyDelivered")) items.push(["swatch-partial", "Access partly held"]);
  if (kinds.has("gracePeriodStarted")) items.push(["swatch-grace", "Grace period: the person no longer matches the rule but keeps access until it ends"]);
  if (result.timeline.some(isWaiting)) items.push(["swatch-waiting", "Waiting for a custom extension to call back"]);
  if (!items.length) return null;
  return h("ul", { class: "legend", id: "timeline-legend" }, items.map(([cls, text]) => h("li", null, h("span", { class: `swatch ${cls}`, "aria-hidden": "true" }), text)));
}

export function entryTable(result) {
  return h("table", { class: "entries", id: "timeline-table" }, h("caption", null, "Timeline entries"),
    h("thead", null, h("tr", null, ["When (UTC)", "What", "Stage", "Who", "Detail"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, result.timeline.map((e) => h("tr", { dataset: { kind: e.kind } },
      h("td", { dataset: { label: "When (UTC)" } }, e.at), h("td", { dataset: { label: "What" } }, KIND_WORDS[e.kind] || e.kind),
      h("td", { dataset: { label: "Stage" } }, e.stage ? String(e.stage) : ""), h("td", { dataset: { label: "Who" } }, actorNames(e.actors)),
      h("td", { dataset: { label: "Detail" } }, e.detail || "")))));
}
