// "Export": what to run to create the draft in a tenant (or to change the tenant's
// package into it): creationPlan's steps, its PowerShell script and its .http file for
// VS Code's REST Client, each with Copy and Download.

import { h, richText } from "./dom.js";
import { diagnosticItem } from "./review.js";

/** A Copy button for a text control, with its status line. */
export function copyButton(control, id) {
  const status = h("span", { id: `${id}-status`, role: "status" });
  const button = h("button", { type: "button", id }, "Copy");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(control.value);
      status.textContent = "Copied.";
    } catch {
      control.focus();
      control.select();
      status.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
  return [button, status];
}

/** A Download button that saves `text()` as a file named `name`. */
function downloadButton(id, name, type, text) {
  const button = h("button", { type: "button", id }, `Download ${name}`);
  button.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([text()], { type }));
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return button;
}

function fileName(draft) {
  const name = (draft.accessPackage?.displayName || "access-package").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return name || "access-package";
}

function script(id, label, hint, text, file, type) {
  const area = h("textarea", { id, readonly: true, rows: 18, spellcheck: "false", "aria-describedby": `${id}-hint` });
  area.value = text;
  return h("section", { class: "card" },
    h("h3", null, label),
    h("p", { class: "hint", id: `${id}-hint` }, hint),
    h("label", { for: id }, label), area,
    h("div", { class: "add-row" }, copyButton(area, `${id}-copy`), downloadButton(`${id}-download`, file, type, () => area.value)));
}

/**
 * Draws the plan. `plan` is creationPlan's answer; `changing` names the tenant package
 * the plan changes (or null for a new one); `goTo` moves focus to a finding's field.
 */
export function renderExport(panel, plan, draft, changing, goTo) {
  const base = fileName(draft);
  const intro = changing
    ? `The calls that change the access package "${changing}" of your tenant into this draft.`
    : "The calls that create this access package, its catalog and resources when they are new, and its policies.";
  const notes = plan.diagnostics.filter((d) => d.code.startsWith("PLAN_"));
  const blocking = plan.diagnostics.filter((d) => d.severity === "error");
  const parts = [h("h2", null, "Export"), h("p", { class: "intro" }, intro)];
  if (!plan.valid) {
    parts.push(h("section", { class: "card", id: "export-blocked" },
      h("h3", null, "No plan yet"),
      h("p", { class: "verdict bad" }, `The draft has ${blocking.length} error${blocking.length === 1 ? "" : "s"} a plan can't resolve. Fix ${blocking.length === 1 ? "it" : "them"} first:`),
      h("ul", { class: "diag-list" }, blocking.map((d) => diagnosticItem(d, goTo)))));
  } else {
    parts.push(h("section", { class: "card", id: "export-steps" },
      h("h3", null, `${plan.steps.length} Graph call${plan.steps.length === 1 ? "" : "s"}`),
      plan.steps.length === 0
        ? h("p", { class: "empty" }, "Nothing to do: the tenant already holds this draft.")
        : h("ol", { class: "steps" }, plan.steps.map((step) => h("li", { dataset: { step: step.id } },
            h("p", null, h("strong", null, richText(step.summary))),
            h("p", { class: "meta" }, h("code", null, step.method), " ", h("code", { class: "url" }, step.url),
              step.dependsOn.length ? ` · after ${step.dependsOn.join(", ")}` : ""),
            step.body ? h("details", null, h("summary", null, "Request body"), h("pre", { class: "body" }, JSON.stringify(step.body, null, 2))) : null)))));
    parts.push(script("export-powershell", "PowerShell script", "For PowerShell 7 with the Microsoft Graph PowerShell SDK: it signs in, runs each call in order, keeps the ids it creates and stops at the first error.", plan.powershell, `${base}.ps1`, "text/plain"));
    parts.push(script("export-http", "REST Client file", "For VS Code's REST Client: set GRAPH_TOKEN, then send the requests in order.", plan.http, `${base}.http`, "text/plain"));
  }
  if (notes.length) {
    parts.push(h("section", { class: "card" }, h("h3", null, "About this plan"), h("ul", { class: "notes" }, notes.map((d) => h("li", { dataset: { code: d.code } }, richText(d.message), d.help ? h("span", { class: "hint" }, " — ", richText(d.help)) : null)))));
  }
  panel.replaceChildren(...parts);
}
