// The page: a creation flow for an access package (the admin center's tabs), checked on
// every change by the wasm engine, plus "Who can request", "What happens" and "Graph JSON".
// User text only ever reaches the DOM as text (see dom.js); there is no innerHTML here.

// The entry a web app imports: the engine is ready at import, no init() call.
import { validateDraft, applicablePolicies, simulateRequest, creationPlan, version } from "../pkg/index.js";
import { h, richText } from "./dom.js";
import { renderBasics, renderResources, renderRequests, renderQuestions, renderLifecycle, currentCatalog, catalogs, resourceOf } from "./form.js";
import { renderReview } from "./review.js";
import { renderWho, scenarioState, applicabilityRequest } from "./requester.js";
import { renderWhat, simState, simulationRequest, simulatedPolicy, assignee } from "./timeline.js";
import { newDraft, parsePointer, pointerOf, isAutomatic } from "./draft.js";
import { renderJsonPanel } from "./graph-json.js";
import { renderExport } from "./export.js";
import { saved, save, forget } from "./storage.js";
import { IDS, directory, useTenant, useSample, TENANT_NAME } from "./sample-tenant.js";
import { renderTenant } from "./tenant-tab.js";
import { keptTenant, keepTenant, keptPackage, removeTenant } from "./tenant-store.js";

const $ = (id) => document.getElementById(id);
const TABS = ["basics", "resources", "requests", "questions", "lifecycle", "review", "who", "what", "json", "export", "tenant"];
const FORM_TABS = { basics: renderBasics, resources: renderResources, requests: renderRequests, questions: renderQuestions, lifecycle: renderLifecycle };
const TAB_NAMES = Object.fromEntries(TABS.map((t) => [t, $(`tab-${t}`).textContent]));

function nowText() {
  return new Date().toISOString().replace(/:\d\d\.\d+Z$/, ":00Z");
}

const state = {
  draft: newDraft(IDS.catalogs.general),
  policyIndex: 0,
  now: nowText(),
  profile: "portal",
  extraCatalogs: [],
  stashedReviews: new WeakMap(),
  stashedRequestSettings: new WeakMap(),
  stashedTargets: new WeakMap(),
  /** The tenant's package this draft changes ({ accessPackage, assignmentPolicies }), or null for a new one. */
  current: null,
  /** What "Undo" puts back: { label, restore }. */
  undo: null,
  /** The tenant kept in this browser and whether it is in use: { kept, loading, error, findings, search }. */
  tenant: { kept: null, loading: null, error: null, findings: [], search: "" },
  registry: new Map(),
  report: { valid: true, errorCount: 0, warningCount: 0, diagnostics: [] },
  /** Errors per policy index of the last report. */
  policyErrors: new Map(),
  who: scenarioState("member"),
  sim: null,
  tab: "basics",
  placed: [],
};
state.sim = simState(state.now);

const ctx = {
  get draft() { return state.draft; },
  get policyIndex() { return state.policyIndex; },
  set policyIndex(i) { state.policyIndex = i; },
  get now() { return state.now; },
  get extraCatalogs() { return state.extraCatalogs; },
  stashedReviews: state.stashedReviews,
  stashedRequestSettings: state.stashedRequestSettings,
  stashedTargets: state.stashedTargets,
  get directory() { return directory(); },
  register(pointer, focus, host) {
    if (focus && !state.registry.has(pointer)) state.registry.set(pointer, { focus, host: host || focus.parentElement });
  },
  changed: () => update(),
  redraw: (focusId) => redraw(focusId),
  errorsIn(prefix) {
    const policy = /^\/assignmentPolicies\/(\d+)$/.exec(prefix);
    if (policy) return state.policyErrors.get(Number(policy[1])) || 0;
    const full = `/draft${prefix}`;
    return state.report.diagnostics.filter((d) => d.severity === "error" && (d.path === full || d.path.startsWith(`${full}/`))).length;
  },
  engineDraft() {
    const catalog = currentCatalog(ctx);
    const draft = { accessPackage: state.draft.accessPackage, assignmentPolicies: state.draft.assignmentPolicies };
    return catalog ? { catalog, ...draft } : draft;
  },
  catalogName: () => currentCatalog(ctx)?.displayName || state.draft.accessPackage?.catalog?.id || "",
  /** My Access's link to the package, for a package the tenant has (an id); null for a new one. */
  myAccessLink() {
    const id = state.draft.accessPackage?.id;
    if (!id) return null;
    const domain = state.tenant.kept?.active ? state.tenant.kept.data.domain : "";
    return `https://myaccess.microsoft.com/${domain ? `@${domain}` : ""}#/access-packages/${encodeURIComponent(id)}`;
  },
  whereIs: (path) => whereIs(path),
  /** Offers "Undo" for a change just made: `restore` puts the draft back. */
  offerUndo: (label, restore) => offerUndo(label, restore),
};

// ---- diagnostics beside their fields ----

/** The registered control for a diagnostic path, or its nearest registered ancestor. */
function resolve(path) {
  const inDraft = path === "/draft" || path.startsWith("/draft/");
  let tokens = parsePointer(inDraft ? path.slice("/draft".length) : path);
  for (;;) {
    const pointer = pointerOf(tokens);
    const entry = state.registry.get(pointer);
    if (entry) return { pointer, entry };
    if (!tokens.length) return null;
    tokens = tokens.slice(0, -1);
  }
}

function otherPolicy(path) {
  const m = /^\/draft\/assignmentPolicies\/(\d+)(\/|$)/.exec(path);
  return m && Number(m[1]) !== state.policyIndex ? Number(m[1]) : null;
}

function whereIs(path) {
  const found = resolve(path);
  const panel = found?.entry.focus.closest("[role=tabpanel]");
  const tab = panel ? TAB_NAMES[panel.id.replace("panel-", "")] : "the page";
  const m = /^\/draft\/assignmentPolicies\/(\d+)(\/|$)/.exec(path);
  return m ? `${tab}, policy ${Number(m[1]) + 1}` : tab;
}

function clearPlaced() {
  for (const { node, control, describedBy, invalid } of state.placed) {
    node.remove();
    if (describedBy === null) control.removeAttribute("aria-describedby");
    else control.setAttribute("aria-describedby", describedBy);
    if (invalid === null) control.removeAttribute("aria-invalid");
    else control.setAttribute("aria-invalid", invalid);
  }
  state.placed = [];
}

/** At most this many findings beside one field; the rest are counted, and all are in Review + create. */
const PER_FIELD = 5;

function placeDiagnostics() {
  clearPlaced();
  const perHost = new Map();
  state.report.diagnostics.forEach((d, i) => {
    const found = resolve(d.path);
    if (!found) return;
    const { focus, host } = found.entry;
    const shown = perHost.get(host) || 0;
    perHost.set(host, shown + 1);
    if (shown >= PER_FIELD) return;
    const other = otherPolicy(d.path);
    const node = h("p", { class: `diag diag-${d.severity}`, id: `diag-${i}`, dataset: { code: d.code, path: d.path } },
      h("span", { class: "sev" }, { error: "Error", warning: "Warning", info: "Note" }[d.severity] || d.severity), " ",
      other !== null ? `Policy ${other + 1}: ` : "", richText(d.message));
    state.placed.push({ node, control: focus, describedBy: focus.getAttribute("aria-describedby"), invalid: focus.getAttribute("aria-invalid") });
    host.append(node);
    focus.setAttribute("aria-describedby", [focus.getAttribute("aria-describedby"), node.id].filter(Boolean).join(" "));
    if (d.severity === "error" && other === null) focus.setAttribute("aria-invalid", "true");
  });
  for (const [host, count] of perHost) {
    if (count <= PER_FIELD) continue;
    const node = h("p", { class: "diag diag-more" }, `and ${count - PER_FIELD} more finding${count - PER_FIELD === 1 ? "" : "s"} here: see Review + create.`);
    state.placed.push({ node, control: node, describedBy: null, invalid: null });
    host.append(node);
  }
}

function goTo(path) {
  const m = /^\/draft\/assignmentPolicies\/(\d+)(\/|$)/.exec(path);
  if (m && Number(m[1]) !== state.policyIndex && Number(m[1]) < state.draft.assignmentPolicies.length) {
    state.policyIndex = Number(m[1]);
    redraw(null);
  }
  const found = resolve(path);
  if (!found) return;
  const panel = found.entry.focus.closest("[role=tabpanel]");
  if (panel) selectTab(panel.id.replace("panel-", ""), false);
  found.entry.focus.focus();
  found.entry.focus.scrollIntoView({ block: "center" });
}

// ---- the engine ----

/** Drafts above this many policies are checked in a worker, so typing never waits for it. */
const LARGE_DRAFT = 50;
let engineWorker = null;
let validationSeq = 0;

function setReport(report) {
  state.report = report;
  state.policyErrors = new Map();
  for (const d of report.diagnostics) {
    const m = d.severity === "error" && /^\/draft\/assignmentPolicies\/(\d+)(\/|$)/.exec(d.path);
    if (m) state.policyErrors.set(Number(m[1]), (state.policyErrors.get(Number(m[1])) || 0) + 1);
  }
}

function failed(e) {
  return { valid: false, errorCount: 1, warningCount: 0, diagnostics: [{ code: "PAGE_ENGINE_FAILED", severity: "error", path: "", message: `the engine failed: ${e.message || e}` }] };
}

/** Checks the draft: at once for a small one; in the worker for a large one, then `showReport`. */
function validate() {
  const request = { draft: ctx.engineDraft(), now: state.now, profile: state.profile, directory: ctx.directory };
  if (state.draft.assignmentPolicies.length > LARGE_DRAFT && typeof Worker === "function") {
    engineWorker ||= startEngineWorker();
    validationSeq += 1;
    document.body.dataset.checking = "true";
    engineWorker.postMessage({ seq: validationSeq, request });
    return;
  }
  try {
    setReport(validateDraft(request));
  } catch (e) {
    setReport(failed(e));
  }
}

function startEngineWorker() {
  const worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    if (data.seq !== validationSeq) return; // a later keystroke is already being checked
    setReport(data.report || failed(data.error));
    delete document.body.dataset.checking;
    showReport();
  };
  return worker;
}

// ---- rendering ----

let jsonPanel = null;

function renderForm() {
  state.registry = new Map();
  state.placed = [];
  ctx.register("/now", $("now"), $("now").parentElement);
  ctx.register("/profile", $("profile"), $("profile").parentElement);
  for (const [tab, render] of Object.entries(FORM_TABS)) render(ctx, $(`panel-${tab}`));
  const nameInput = state.registry.get("/accessPackage/displayName");
  if (nameInput) ctx.register("", nameInput.focus, nameInput.host);
  ctx.register("/accessPackage", nameInput?.focus, nameInput?.host);
}

function refreshPolicyPickers() {
  for (const select of document.querySelectorAll("select[id^=policy-pick-]")) {
    // Only the open tab's picker is seen; the others are brought up to date when opened.
    if (select.closest("[role=tabpanel]")?.hidden) continue;
    [...select.options].forEach((option, i) => {
      const p = state.draft.assignmentPolicies[i];
      if (!p) return;
      const errors = ctx.errorsIn(`/assignmentPolicies/${i}`);
      const text = `${i + 1}. ${p.displayName || "(no name)"}${errors ? ` (${errors} error${errors > 1 ? "s" : ""})` : ""}`;
      if (option.textContent !== text) option.textContent = text;
    });
  }
}

function applicability() {
  try {
    return applicablePolicies(applicabilityRequest(ctx, state.who));
  } catch (e) {
    return { requestable: false, listedInMyAccess: false, reasons: [], policies: [], diagnostics: [{ code: "PAGE_ENGINE_FAILED", severity: "error", path: "", message: `the engine failed: ${e.message}` }] };
  }
}

/** For each automatic-assignment policy: does the person access is for match its rule at "now"? */
function automaticMatches() {
  const out = {};
  const person = assignee(state.who);
  state.draft.assignmentPolicies.forEach((p, i) => {
    if (!isAutomatic(p) || !person) return;
    const policyId = p.id || `/draft/assignmentPolicies/${i}`;
    try {
      const probe = simulateRequest({ draft: ctx.engineDraft(), requester: structuredClone(person), initiator: "system", policyId, submittedAt: state.now, until: state.now, directory: ctx.directory });
      out[policyId] = probe.assignment !== null;
    } catch {
      // An unreadable "now" or draft: say nothing about this policy.
    }
  });
  return out;
}

function restoreFocus(focusId, selection) {
  const el = focusId && document.getElementById(focusId);
  if (!el) return;
  el.focus();
  if (selection && typeof el.setSelectionRange === "function") {
    try { el.setSelectionRange(selection[0], selection[1]); } catch { /* not a text control */ }
  }
}

function renderTools() {
  if (state.tab === "who") {
    renderWho(ctx, $("panel-who"), state.who, whoChanged, applicability(), automaticMatches());
  } else if (state.tab === "what") {
    const answer = applicability();
    const picked = state.sim.policy === "" ? null : Number(state.sim.policy);
    const chosen = simulatedPolicy(ctx, state.sim, answer);
    let result;
    try {
      const pending = state.sim.events.filter((e) => e.type === "decision" && !e.actor);
      if (pending.length) {
        // Who the first stage notifies, from a run without those decisions.
        const probe = simulateRequest(simulationRequest(ctx, state.who, { ...state.sim, events: state.sim.events.filter((e) => !pending.includes(e)) }, picked, chosen));
        const first = probe.timeline.find((e) => e.kind === "approversNotified")?.actors?.[0];
        state.sim.events = state.sim.events.filter((e) => !pending.includes(e) || first);
        for (const e of pending) e.actor = first;
      }
      result = simulateRequest(simulationRequest(ctx, state.who, state.sim, picked, chosen));
    } catch (e) {
      result = { request: { state: "-", status: "-" }, assignment: null, timeline: [], diagnostics: [{ code: "PAGE_ENGINE_FAILED", severity: "error", path: "", message: `the engine failed: ${e.message}` }] };
    }
    // The approvers of the stage reached last: a new decision event starts from one of them.
    const notified = result.timeline.filter((e) => e.kind === "approversNotified" || e.kind === "escalated");
    state.sim.approvers = notified.length ? notified[notified.length - 1].actors || [] : [];
    renderWhat(ctx, $("panel-what"), state.who, state.sim, simChanged, result, chosen);
  } else if (state.tab === "review") {
    renderReview(ctx, $("panel-review"), state.report, goTo, resourceName);
  } else if (state.tab === "export") {
    let plan;
    try {
      plan = creationPlan({ draft: ctx.engineDraft(), now: state.now, profile: state.profile, directory: ctx.directory, ...(state.current ? { current: state.current } : {}) });
    } catch (e) {
      plan = { valid: false, steps: [], powershell: "", http: "", diagnostics: [{ code: "PAGE_ENGINE_FAILED", severity: "error", path: "", message: `the engine failed: ${e.message}` }] };
    }
    renderExport($("panel-export"), plan, state.draft, state.current?.accessPackage?.displayName || null, goTo);
  } else if (state.tab === "tenant") {
    renderTenant($("panel-tenant"), tenantActions());
  }
}

// ---- your tenant ----

/** Puts the kept tenant (or the sample) in use, and draws everything again for it. */
function applyTenant() {
  if (state.tenant.kept?.active) useTenant(state.tenant.kept.data);
  else useSample();
  $("tenant-name-footer").textContent = TENANT_NAME;
  state.who = scenarioState(null);
  state.sim = simState(state.now);
}

function tenantActions() {
  const t = state.tenant;
  return {
    ...t,
    load(files, name, domain) {
      if (!files.length) {
        t.error = "choose the snapshot files, or paste a snapshot";
        renderTools();
        return;
      }
      t.error = null;
      t.loading = { text: "Starting…", value: 0 };
      renderTools();
      const worker = new Worker(new URL("./tenant-worker.js", import.meta.url), { type: "module" });
      worker.onmessage = async ({ data }) => {
        if (data.progress) {
          t.loading = { text: data.progress, value: data.value };
        } else {
          worker.terminate();
          t.loading = null;
          if (data.error) t.error = data.error;
          else {
            t.kept = { data: data.data, active: true };
            t.findings = data.diagnostics;
            if (!data.kept) t.error = "loaded, but this browser would not keep it (storage full or disabled)";
            applyTenant();
            redraw(null);
          }
        }
        if (state.tab === "tenant") renderTools();
      };
      worker.onerror = (e) => {
        worker.terminate();
        t.loading = null;
        t.error = e.message || "the loader stopped";
        renderTools();
      };
      worker.postMessage({ files, name, domain });
    },
    async use(active) {
      t.kept.active = active;
      await keepTenant({ data: t.kept.data, active, findings: t.findings }).catch(() => {});
      applyTenant();
      redraw(null);
    },
    async remove() {
      await removeTenant().catch(() => {});
      t.kept = null;
      t.findings = [];
      applyTenant();
      redraw(null);
    },
    async open(id) {
      const entry = await keptPackage(id).catch(() => undefined);
      if (!entry) {
        t.error = "that package is no longer kept in this browser; load the tenant again";
        renderTools();
        return;
      }
      const copy = structuredClone(entry);
      loadPayload({ draft: { accessPackage: copy.accessPackage, assignmentPolicies: copy.assignmentPolicies }, catalog: null, current: structuredClone(entry) });
      selectTab("basics");
    },
    setSearch(text) {
      t.search = text;
      renderTools();
      const box = $("tenant-search");
      box?.focus();
      box?.setSelectionRange(text.length, text.length);
    },
  };
}

function capture() {
  const el = document.activeElement;
  const selection = el && typeof el.selectionStart === "number" ? [el.selectionStart, el.selectionEnd] : null;
  return { id: el?.id || null, selection };
}

function whoChanged(who, focusId) {
  const { selection } = capture();
  state.who = who;
  renderTools();
  restoreFocus(focusId, selection);
}

function simChanged(focusId) {
  renderTools();
  restoreFocus(focusId);
}

function resourceName(rrs) {
  const resource = resourceOf(ctx, rrs);
  if (resource) return resource.displayName;
  return rrs?.scope?.displayName && rrs.scope.displayName !== "Root" ? rrs.scope.displayName : rrs?.role?.originId || "(unknown resource)";
}

/** After a value changed: validate, show the findings, refresh the other views. */
function update() {
  validate();
  showReport();
  scheduleSave();
}

/** Shows the last report: beside the fields, in the pickers, the status and the open tool. */
function showReport() {
  placeDiagnostics();
  refreshPolicyPickers();
  const r = state.report;
  const notes = r.diagnostics.length - r.errorCount - r.warningCount;
  $("status").textContent = `${r.valid ? "Valid" : "Not valid"}: ${r.errorCount} error${r.errorCount === 1 ? "" : "s"}, ${r.warningCount} warning${r.warningCount === 1 ? "" : "s"}, ${notes} note${notes === 1 ? "" : "s"}${document.body.dataset.checking ? " (checking…)" : ""}.`;
  $("status").className = r.valid ? "ok" : "bad";
  // The Graph JSON of a large draft is megabytes: written only while its tab is open.
  if (state.tab === "json") jsonPanel.update(state.draft);
  renderTools();
}

/** After the shape of the draft changed: draw the form again, keeping focus. */
function redraw(focusId) {
  const { id, selection } = capture();
  const target = focusId === undefined ? id : focusId;
  validate();
  renderForm();
  update();
  restoreFocus(target, target === id ? selection : null);
}

// ---- tabs ----

function selectTab(name, focusTab = true) {
  state.tab = name;
  for (const t of TABS) {
    const tab = $(`tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  const i = TABS.indexOf(name);
  $("prev").disabled = i === 0;
  $("next").disabled = i === TABS.length - 1;
  $("next").textContent = i < TABS.length - 1 ? `Next: ${TAB_NAMES[TABS[i + 1]]}` : "Next";
  $("prev").textContent = i > 0 ? `Previous: ${TAB_NAMES[TABS[i - 1]]}` : "Previous";
  if (name === "json") jsonPanel.update(state.draft);
  refreshPolicyPickers();
  renderTools();
  if (focusTab) $(`tab-${name}`).focus();
}

$("tabs").addEventListener("click", (e) => {
  const tab = e.target.closest("[role=tab]");
  if (tab) selectTab(tab.id.replace("tab-", ""));
});
$("tabs").addEventListener("keydown", (e) => {
  const i = TABS.indexOf(state.tab);
  const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 };
  if (!(e.key in moves)) return;
  e.preventDefault();
  selectTab(TABS[(moves[e.key] + TABS.length) % TABS.length]);
});
$("prev").addEventListener("click", () => selectTab(TABS[Math.max(0, TABS.indexOf(state.tab) - 1)]));
$("next").addEventListener("click", () => selectTab(TABS[Math.min(TABS.length - 1, TABS.indexOf(state.tab) + 1)]));

// ---- nothing lost: autosave, restore, start afresh, undo ----

let saveTimer = null;
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save({ draft: state.draft, extraCatalogs: state.extraCatalogs, policyIndex: state.policyIndex, profile: state.profile, current: state.current }), 250);
}

function snapshot() {
  return { draft: structuredClone(state.draft), extraCatalogs: structuredClone(state.extraCatalogs), policyIndex: state.policyIndex, current: state.current && structuredClone(state.current) };
}

function restoreSnapshot(copy) {
  state.draft = copy.draft;
  state.extraCatalogs = copy.extraCatalogs;
  state.policyIndex = copy.policyIndex;
  state.current = copy.current;
}

function offerUndo(label, restore) {
  state.undo = { label, restore };
  $("draft-status").textContent = label;
  $("draft-undo").hidden = false;
}

$("draft-undo").addEventListener("click", () => {
  const undo = state.undo;
  if (!undo) return;
  state.undo = null;
  $("draft-undo").hidden = true;
  undo.restore();
  $("draft-status").textContent = "Undone.";
  redraw(null);
});

$("draft-new").addEventListener("click", () => {
  const before = snapshot();
  state.draft = newDraft(IDS.catalogs.general);
  state.extraCatalogs = [];
  state.policyIndex = 0;
  state.current = null;
  redraw(null);
  offerUndo("Started a new draft; the previous one is kept until you leave the page.", () => restoreSnapshot(before));
});

// ---- start ----

/** Puts a pasted payload in the form: whole, or (when drawing it fails) not at all. */
function loadPayload({ draft, catalog, current = null }) {
  const before = snapshot();
  try {
    if (catalog && !catalogs(ctx).some((c) => c.id === catalog.id)) state.extraCatalogs.push(catalog);
    draft.accessPackage.resourceRoleScopes ||= [];
    state.draft = draft;
    state.policyIndex = 0;
    state.current = current;
    redraw(null);
  } catch (e) {
    restoreSnapshot(before);
    redraw(null);
    throw new Error(`the form can't show it (${e.message}); your draft is unchanged`);
  }
  offerUndo(`Loaded "${draft.accessPackage.displayName || "(no name)"}".`, () => restoreSnapshot(before));
}

$("version").textContent = `entitlement-policy ${version()}`;
$("now").value = state.now;
$("now").addEventListener("input", () => {
  state.now = $("now").value.trim();
  // Until the person sets its dates, the simulated request is submitted at "now".
  if (!state.sim.touched && !Number.isNaN(Date.parse(state.now))) {
    // The simulation follows "Evaluated at", its events keeping their distance from the submission.
    const fresh = simState(state.now);
    const shift = Date.parse(fresh.submittedAt) - Date.parse(state.sim.submittedAt);
    const moved = (at) => {
      const t = Date.parse(at) + shift;
      return Number.isNaN(t) ? at : new Date(t).toISOString().replace(/\.\d+Z$/, "Z");
    };
    const events = state.sim.events.map((e) => ({ ...e, at: moved(e.at) }));
    state.sim = { ...fresh, events, answers: state.sim.answers, policy: state.sim.policy, justification: state.sim.justification, startAt: state.sim.startAt, endAt: state.sim.endAt };
  }
  update();
});
$("profile").addEventListener("change", () => {
  state.profile = $("profile").value;
  update();
});
jsonPanel = renderJsonPanel($("panel-json"), loadPayload, () => state.now);
const kept = await keptTenant();
if (kept?.data) {
  state.tenant.kept = { data: kept.data, active: kept.active !== false };
  state.tenant.findings = kept.findings || [];
  applyTenant();
}
const restored = saved();
if (restored?.draft?.accessPackage && Array.isArray(restored.draft.assignmentPolicies)) {
  state.draft = restored.draft;
  state.extraCatalogs = Array.isArray(restored.extraCatalogs) ? restored.extraCatalogs : [];
  state.policyIndex = Math.min(restored.policyIndex || 0, Math.max(0, state.draft.assignmentPolicies.length - 1));
  state.current = restored.current || null;
  if (restored.profile) state.profile = $("profile").value = restored.profile;
  $("draft-status").textContent = `Your draft "${state.draft.accessPackage.displayName || "(no name)"}" is back, as you left it${restored.savedAt ? ` at ${restored.savedAt.slice(11, 16)} UTC` : ""}.`;
}
try {
  redraw(null);
} catch {
  // A saved draft the form can't draw: start afresh rather than show a broken page.
  forget();
  state.draft = newDraft(IDS.catalogs.general);
  state.extraCatalogs = [];
  state.current = null;
  $("draft-status").textContent = "Your saved draft could not be shown, so this is a new one.";
  redraw(null);
}
document.body.dataset.ready = "true";
