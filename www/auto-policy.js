// The Requests tab of an automatic-assignment policy (the admin center's "auto-assignment
// policy"): the membership rule, whether access goes when someone stops matching it, and
// the grace period before it goes. Graph shape: domain.md §1.15 and the sample of §5.9.

import { h } from "./dom.js";
import { getAt, ruleIndex } from "./draft.js";
import { textField, checkField, durationField } from "./controls.js";

const DEFAULT_GRACE = "P7D";

function card(title, ...children) {
  return h("section", { class: "card" }, h("h3", null, title), ...children);
}

/** The sections that replace "Approval" and "Enable requests" for an automatic policy. */
export function automaticSections(ctx, base) {
  const p = getAt(ctx.draft, base);
  let i = ruleIndex(p);
  if (i < 0) {
    // A pasted automatic policy without a rule: the rule field adds one as soon as it is typed in.
    i = (p.specificAllowedTargets || []).length;
  }
  const rulePointer = `${base}/specificAllowedTargets/${i}`;
  const settings = `${base}/automaticRequestSettings`;
  const rule = card("Automatic assignment rule",
    h("p", { class: "intro" }, "Nobody requests under this policy: the service assigns the package, without approval, to every user who matches the rule, and keeps checking as their attributes change."),
    textField(ctx, `${rulePointer}/membershipRule`, "Membership rule", {
      hint: "A dynamic membership rule, for example (user.department -eq \"Sales\"). Users only; device rules can't be used.",
      aliases: [rulePointer, `${base}/specificAllowedTargets`, `${base}/allowedTargetScope`],
      onInput: () => {
        const target = getAt(ctx.draft, rulePointer);
        target["@odata.type"] ||= "#microsoft.graph.attributeRuleMembers";
      },
    }),
    textField(ctx, `${rulePointer}/description`, "Rule description (optional)"),
  );

  const auto = p.automaticRequestSettings;
  const removal = card("Settings",
    checkField(ctx, `${settings}/requestAccessForAllowedTargets`, "Create assignments for users who match the rule", { aliases: [settings] }),
    checkField(ctx, `${settings}/removeAccessWhenTargetLeavesAllowedTargets`, "Remove access when the user no longer matches the rule", {
      onToggle: (on) => {
        if (on) auto.gracePeriodBeforeAccessRemoval ||= DEFAULT_GRACE;
        else delete auto.gracePeriodBeforeAccessRemoval;
      },
    }),
  );
  if (auto.removeAccessWhenTargetLeavesAllowedTargets || auto.gracePeriodBeforeAccessRemoval) {
    removal.append(durationField(ctx, `${settings}/gracePeriodBeforeAccessRemoval`, "Grace period before access is removed", ["D", "H"], {
      hint: "How long a user keeps access after they stop matching the rule; 0 removes it at once.",
    }));
  }
  // Request-only settings that a pasted payload may still carry point at the rule.
  for (const extra of ["requestorSettings", "requestApprovalSettings", "questions", "reviewSettings"]) {
    ctx.register(`${base}/${extra}`, rule.querySelector("textarea, input"), rule);
  }
  return [rule, removal];
}
