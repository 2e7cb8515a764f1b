// The scenarios: what an identity administrator does on the page and what they must see.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);

export const scenarios = [];
const scenario = (name, run) => scenarios.push({ name, run });

// ---- helpers (they act through roles and labels, as a person would) ----

const tab = (page, name) => page.getByRole("tab", { name, exact: true }).click();
const group = (page, name) => page.getByRole("group", { name, exact: true });

async function addSubject(page, groupName, optionLabel) {
  const set = group(page, groupName);
  await set.getByRole("combobox").selectOption({ label: optionLabel });
  await set.getByRole("button", { name: "Add", exact: true }).click();
}

export async function graphJson(page) {
  await tab(page, "Graph JSON");
  return JSON.parse(await page.locator("#json-output").inputValue());
}

async function loadPayload(page, payload) {
  await tab(page, "Graph JSON");
  await page.getByLabel(/Paste a Graph payload/).fill(typeof payload === "string" ? payload : JSON.stringify(payload));
  await page.getByRole("button", { name: "Load into the form" }).click();
  const status = await page.locator("#json-load-status").textContent();
  assert.match(status, /^Loaded /, `the payload was not loaded: ${status}`);
}

/** The tutorial package, filled in through the form. */
export async function createTutorialPackage(page) {
  await tab(page, "Basics");
  await page.getByLabel("Name", { exact: true }).fill("Marketing Campaign");
  await page.getByLabel("Description", { exact: true }).fill("Access to resources for the campaign");
  await page.getByLabel("Catalog", { exact: true }).selectOption({ label: "General" });

  await tab(page, "Resource roles");
  await page.getByLabel("Add a group or team from General").selectOption({ label: "Marketing resources" });
  await page.getByRole("button", { name: "Add", exact: true }).first().click();
  await page.getByLabel("Role for Marketing resources").selectOption({ label: "Member" });

  await tab(page, "Requests");
  await page.getByLabel("Specific users and groups", { exact: true }).check();
  await addSubject(page, "Specific users and groups", "Alice Adams (member)");
  await page.getByLabel("Require approval", { exact: true }).uncheck();
  await page.getByLabel("Enable new requests", { exact: true }).check();

  await tab(page, "Lifecycle");
  await page.getByLabel("Number of days", { exact: true }).check();
  await page.getByLabel("Days until an assignment expires").fill("30");
}

/** A policy with two approval stages; stage 1 forwards to Carol after 8 days. */
function twoStagePayload() {
  const user = (n) => `10000000-0000-0000-0000-00000000000${n}`;
  const single = (n) => ({ "@odata.type": "#microsoft.graph.singleUser", userId: user(n) });
  return {
    accessPackage: {
      displayName: "Sales pipeline", description: "Pipeline reports", isHidden: false,
      catalog: { id: "c0000000-0000-0000-0000-000000000001" }, resourceRoleScopes: [],
    },
    assignmentPolicies: [{
      displayName: "Members with two approvals", description: "Manager, then the sales director",
      allowedTargetScope: "allMemberUsers", specificAllowedTargets: [],
      expiration: { type: "afterDuration", duration: "P90D" },
      requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfRemoveAccess: true },
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: true,
        stages: [
          { durationBeforeAutomaticDenial: "P14D", isApproverJustificationRequired: false, isEscalationEnabled: true, durationBeforeEscalation: "P8D",
            primaryApprovers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }], fallbackPrimaryApprovers: [single(7)],
            escalationApprovers: [single(3)], fallbackEscalationApprovers: [] },
          { durationBeforeAutomaticDenial: "P7D", isApproverJustificationRequired: false, isEscalationEnabled: false, durationBeforeEscalation: "PT0S",
            primaryApprovers: [single(7)], fallbackPrimaryApprovers: [], escalationApprovers: [], fallbackEscalationApprovers: [] },
        ],
      },
    }],
  };
}

// ---- scenarios ----

scenario("An administrator creates the tutorial's Marketing Campaign package through the form and gets the expected Graph JSON", async (page, env) => {
  await createTutorialPackage(page);
  await tab(page, "Review + create");
  const verdict = await page.locator("#review-verdict").textContent();
  assert.match(verdict, /^Ready to create/, `Review + create says: ${verdict}`);
  const summary = await page.locator("#review-summary").innerText();
  for (const text of ["Marketing Campaign", "Marketing resources: Member", "Specific users and groups (Alice Adams)", "expires 30 days after access is granted", "No approval"]) {
    assert.ok(summary.includes(text), `the summary lacks "${text}":\n${summary}`);
  }
  const actual = await graphJson(page);
  const expected = await env.readJson("expected/marketing-campaign.json");
  assert.deepEqual(actual, expected);
});

scenario("A second approval stage with a decision timeout of zero days shows the error beside that field, and activating it in Review + create moves focus there", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Requests");
  await page.getByLabel("Require approval", { exact: true }).check();
  await page.getByLabel("How many stages").selectOption("2");
  const stage1 = group(page, "Stage 1 of 2");
  await stage1.getByRole("group", { name: "Approvers", exact: true }).getByRole("combobox").selectOption({ label: "Manager" });
  await stage1.getByRole("group", { name: "Approvers", exact: true }).getByRole("button", { name: "Add", exact: true }).click();
  await stage1.getByRole("group", { name: "Fallback approvers", exact: true }).getByRole("combobox").selectOption({ label: "Frank Fischer (member)" });
  await stage1.getByRole("group", { name: "Fallback approvers", exact: true }).getByRole("button", { name: "Add", exact: true }).click();
  const stage2 = group(page, "Stage 2 of 2");
  await stage2.getByRole("group", { name: "Approvers", exact: true }).getByRole("combobox").selectOption({ label: "Carol Chen (member)" });
  await stage2.getByRole("group", { name: "Approvers", exact: true }).getByRole("button", { name: "Add", exact: true }).click();
  assert.equal(await page.locator("#status").textContent(), "Valid: 0 errors, 0 warnings, 0 notes.");

  const fieldId = "f-assignmentPolicies-0-requestApprovalSettings-stages-1-durationBeforeAutomaticDenial";
  await stage2.getByLabel("Decision must be made within", { exact: true }).fill("0");
  const field = page.locator(".field", { has: page.locator(`#${fieldId}`) });
  const beside = field.locator(".diag-error");
  assert.equal(await beside.count(), 1, "one error beside the stage 2 timeout");
  assert.equal(await beside.getAttribute("data-code"), "STAGE_DENIAL_DURATION_REQUIRED");
  assert.equal(await page.locator(`#${fieldId}`).getAttribute("aria-invalid"), "true");
  // Stage 1's timeout is untouched and shows nothing.
  assert.equal(await page.locator(".field", { has: page.locator("#f-assignmentPolicies-0-requestApprovalSettings-stages-0-durationBeforeAutomaticDenial") }).locator(".diag").count(), 0);

  await tab(page, "Review + create");
  assert.match(await page.locator("#review-verdict").textContent(), /^Not ready: 1 error/);
  const finding = page.locator(`#review-diagnostics li[data-code=STAGE_DENIAL_DURATION_REQUIRED]`);
  assert.match(await finding.innerText(), /Requests, policy 1/);
  await finding.getByRole("button").press("Enter");
  assert.equal(await page.getByRole("tab", { name: "Requests", exact: true }).getAttribute("aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), fieldId);

  await page.keyboard.type("7");
  assert.equal(await beside.count(), 0, "the error goes once the timeout is 7 days");
  assert.equal(await page.locator("#status").textContent(), "Valid: 0 errors, 0 warnings, 0 notes.");
});

scenario("An empty package name shows its error beside the Name field", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Basics");
  const name = page.getByLabel("Name", { exact: true });
  await name.fill("");
  const field = page.locator(".field", { has: page.locator("#f-accessPackage-displayName") });
  assert.equal(await field.locator(".diag-error").getAttribute("data-code"), "PKG_DISPLAYNAME_REQUIRED");
  assert.match(await field.locator(".diag-error").innerText(), /no display name/);
  await name.fill("Marketing Campaign");
  assert.equal(await field.locator(".diag").count(), 0);
});

scenario("A guest sees that the members-only policy does not apply and why, while a member can request", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Requests");
  await page.getByLabel("All members (excluding guests)", { exact: true }).check();

  await tab(page, "Who can request");
  await page.getByLabel("Sample requester").selectOption({ label: "Gina Garcia, a guest from Contoso" });
  const verdict = page.locator("#who-verdict");
  assert.equal(await verdict.textContent(), "Gina Garcia cannot request this access package. ");
  const answer = page.locator(".policy-answers > li").first();
  assert.match(await answer.innerText(), /Initial policy: does not apply/);
  assert.equal(await answer.locator("li[data-reason=NOT_IN_SCOPE]").count(), 1);
  assert.match(await answer.locator("li[data-reason=NOT_IN_SCOPE]").innerText(), /^This person is not among the users the policy lets request\./);

  // The same person as a member may request, and sees what that takes.
  await page.getByLabel("User type").selectOption("Member");
  assert.match(await verdict.textContent(), /^Gina Garcia can request this access package\. It is listed in My Access\./);
  assert.match(await page.locator(".policy-answers > li").first().innerText(), /No approval is needed\.[\s\S]*Access expires 30 days after access is granted\./);

  await page.getByLabel("Sample requester").selectOption({ label: "Alice Adams, a member in the Sales team" });
  assert.match(await verdict.textContent(), /^Alice Adams can request/);
});

scenario("A two-stage approval whose first stage escalates shows the escalation on the timeline, and no deadline for the stages once decided", async (page, env) => {
  await loadPayload(page, twoStagePayload());
  await tab(page, "What happens");
  await page.getByLabel("Submitted at (UTC)").fill("2025-06-01T09:00");
  await page.getByRole("button", { name: "Add an event" }).click();
  await page.getByLabel("Event 1: when (UTC)").fill("2025-06-10T09:00");
  await page.getByLabel("Event 1: who").selectOption({ label: "Carol Chen" });
  await page.getByRole("button", { name: "Add an event" }).click();
  await page.getByLabel("Event 2: when (UTC)").fill("2025-06-12T09:00");
  await page.getByLabel("Event 2: who").selectOption({ label: "Frank Fischer" });

  assert.match(await page.locator("#sim-outcome").textContent(), /^Request: delivered \(Delivered\)\. Assignment: expired, from 2025-06-12T09:00:00Z until 2025-09-10T09:00:00Z\./);
  const svg = page.locator("#timeline-svg");
  const escalation = svg.locator("g.ev-escalated");
  assert.equal(await escalation.count(), 1, "one escalation marker");
  assert.equal(await escalation.locator("title").textContent(), "2025-06-09T09:00:00Z: Escalated to alternate approvers (Carol Chen)");
  assert.equal(await escalation.locator("text").textContent(), "escalated");
  assert.equal(await svg.locator("g.deadline").count(), 0, "both stages are decided, so neither shows its deadline");
  assert.ok(await svg.locator("g.ev-delivered").isVisible(), "delivery is drawn");
  const rows = await page.locator("#timeline-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.kind));
  assert.deepEqual(rows, ["submitted", "stageStarted", "approversNotified", "escalated", "stageApproved", "stageStarted", "approversNotified", "stageApproved", "approved", "delivered", "expired"]);
  await page.locator("#sim-results").screenshot({ path: join(env.output, "timeline-escalation.png") });

  // Stopped while stage 1 still waits: its deadline is drawn.
  const until = await page.getByLabel("Simulate until (UTC)").inputValue();
  await page.getByLabel("Simulate until (UTC)").fill("2025-06-05T09:00");
  assert.equal(await svg.locator("g.deadline").count(), 1, "the waiting stage shows its deadline");
  assert.match(await svg.locator("g.deadline title").textContent(), /Stage 1 is denied automatically at 2025-06-15T09:00:00Z/);
  await page.getByLabel("Simulate until (UTC)").fill(until);

  // Without decisions the first stage times out at its deadline.
  await page.getByRole("button", { name: "Remove event 2" }).click();
  await page.getByRole("button", { name: "Remove event 1" }).click();
  assert.match(await page.locator("#sim-outcome").textContent(), /^Request: denied/);
  assert.equal(await svg.locator("g.ev-timedOut").count(), 1);
});

scenario("A display name written as markup shows as text and runs nothing", async (page, env) => {
  const evil = "<img src=x onerror=alert(1)>";
  await createTutorialPackage(page);
  await tab(page, "Basics");
  await page.getByLabel("Name", { exact: true }).fill(evil);
  await tab(page, "Requests");
  await page.getByLabel("Policy name").fill(`${evil}<script>alert(2)</script>`);
  await tab(page, "Who can request");
  await page.getByLabel("Display name").fill(evil);
  assert.equal(await page.locator("#who-verdict").textContent(), `${evil} can request this access package. It is listed in My Access.`);
  await tab(page, "Review + create");
  const summary = page.locator("#review-summary dl").first().locator("dd").first();
  assert.equal(await summary.textContent(), evil);
  assert.equal(await page.locator("#review-summary h4").nth(1).textContent(), `Policy 1: ${evil}<script>alert(2)</script>`);

  // The same through a pasted payload, with markup in a question too.
  const payload = await graphJson(page);
  payload.assignmentPolicies[0].questions = [{ "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", sequence: 1, isRequired: false, text: "<b onmouseover=alert(3)>bold</b>", isSingleLineQuestion: true }];
  await loadPayload(page, payload);
  await tab(page, "Requestor information");
  assert.equal(await page.getByLabel("Question", { exact: true }).inputValue(), "<b onmouseover=alert(3)>bold</b>");
  await tab(page, "Review + create");
  await page.locator("#review-summary").hover();
  await page.waitForTimeout(300);
  assert.equal(await page.locator("img, b, script:not([src])").count(), 0, "no element was made from the text");
  assert.deepEqual(env.dialogs, []);
});

scenario("A pasted Graph payload loads into every tab and comes back out unchanged", async (page) => {
  const payload = twoStagePayload();
  payload.accessPackage.catalog = { id: "c0000000-0000-0000-0000-000000000001" };
  payload.assignmentPolicies[0].reviewSettings = {
    isEnabled: true, expirationBehavior: "removeAccess", isRecommendationEnabled: true, isReviewerJustificationRequired: true, isSelfReview: false,
    primaryReviewers: [{ "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }],
    fallbackReviewers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: "10000000-0000-0000-0000-000000000003" }],
    schedule: { startDateTime: "2025-07-01T00:00:00Z", expiration: { type: "afterDuration", duration: "P14D" }, recurrence: { pattern: { type: "absoluteMonthly", interval: 3 }, range: { type: "noEnd" } } },
  };
  payload.assignmentPolicies[0].questions = [{ "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion", sequence: 1, isRequired: true, isAnswerEditable: true, text: "Which region do you sell in?", isMultipleSelectionAllowed: false,
    choices: [{ actualValue: "EMEA", text: "Europe, Middle East, Africa" }, { actualValue: "AMER", text: "Americas" }] }];
  await loadPayload(page, payload);

  await tab(page, "Basics");
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Sales pipeline");
  assert.equal(await page.getByLabel("Catalog", { exact: true }).locator("option:checked").textContent(), "Sales");
  await tab(page, "Requests");
  assert.ok(await page.getByLabel("All members (excluding guests)", { exact: true }).isChecked());
  assert.match(await group(page, "Stage 1 of 2").getByRole("group", { name: "Approvers", exact: true }).innerText(), /Manager/);
  assert.equal(await group(page, "Stage 1 of 2").getByLabel("Forward to alternate approvers after", { exact: true }).inputValue(), "8");
  await tab(page, "Requestor information");
  assert.equal(await page.getByLabel("Question", { exact: true }).inputValue(), "Which region do you sell in?");
  assert.equal(await page.getByLabel("Value 2", { exact: true }).inputValue(), "AMER");
  await tab(page, "Lifecycle");
  assert.equal(await page.getByLabel("Review frequency").locator("option:checked").textContent(), "Quarterly");
  assert.ok(await page.getByLabel("Manager", { exact: true }).isChecked());
  assert.equal(await page.getByLabel("If reviewers don't respond").locator("option:checked").textContent(), "Remove access");
  assert.deepEqual(await graphJson(page), payload);
});

scenario("A dynamic group offers only the Owner role, and a pasted Member role of it is flagged at the role", async (page) => {
  await tab(page, "Basics");
  await page.getByLabel("Catalog", { exact: true }).selectOption({ label: "Sales" });
  await tab(page, "Resource roles");
  await page.getByLabel("Add a group or team from Sales").selectOption({ label: "Sales engineers (dynamic)" });
  await page.getByRole("button", { name: "Add", exact: true }).first().click();
  const role = page.getByLabel("Role for Sales engineers (dynamic)");
  assert.deepEqual(await role.locator("option").allTextContents(), ["Owner"]);

  const payload = await graphJson(page);
  const rrs = payload.accessPackage.resourceRoleScopes[0];
  rrs.role = { ...rrs.role, id: "rr000006-0000-0000-0000-000000000002", displayName: "Member", originId: "Member_90000000-0000-0000-0000-000000000003" };
  await loadPayload(page, payload);
  await tab(page, "Resource roles");
  const cell = page.locator("td", { has: page.getByLabel("Role for Sales engineers (dynamic)") });
  assert.equal(await cell.locator(".diag-error").getAttribute("data-code"), "RRS_DYNAMIC_GROUP_MEMBER_ROLE");
});

scenario("Every tab is reachable with the arrow keys and is saved as a screenshot", async (page, env) => {
  await createTutorialPackage(page);
  await tab(page, "Requests");
  await page.getByLabel("Require approval", { exact: true }).check();
  await addSubject(page, "Approvers", "Manager");
  await addSubject(page, "Fallback approvers", "Carol Chen (member)");
  await tab(page, "Requestor information");
  await page.getByRole("button", { name: "Add a multiple-choice question" }).click();
  await page.getByLabel("Question", { exact: true }).fill("Which campaign?");
  await page.getByLabel("Value 1", { exact: true }).fill("spring");
  await page.getByLabel("Shown as").fill("Spring launch");
  await tab(page, "Lifecycle");
  await page.getByLabel("Require access reviews").check();
  await tab(page, "What happens");
  await page.getByRole("button", { name: "Add an event" }).click();

  const names = ["Basics", "Resource roles", "Requests", "Requestor information", "Lifecycle", "Review + create", "Who can request", "What happens", "Graph JSON", "Export"];
  await page.getByRole("tab", { name: "Basics", exact: true }).click();
  for (const [i, name] of names.entries()) {
    if (i > 0) await page.keyboard.press("ArrowRight");
    const current = page.getByRole("tab", { name, exact: true });
    assert.equal(await current.getAttribute("aria-selected"), "true", `${name} is selected`);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab");
    const panel = page.getByRole("tabpanel");
    assert.equal(await panel.locator("h2").first().textContent(), name);
    await page.screenshot({ path: join(env.output, `tab-${i + 1}-${name.toLowerCase().replace(/[^a-z]+/g, "-").replace(/-$/, "")}.png`), fullPage: true });
  }
  await page.keyboard.press("Home");
  assert.equal(await page.getByRole("tab", { name: "Basics", exact: true }).getAttribute("aria-selected"), "true");
});

scenario("A manager may request on behalf of a report only once the policy lets managers do so", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Who can request");
  await page.getByLabel("Sample requester").selectOption({ label: "Bob Brown, requesting on behalf of Alice (his report)" });
  const verdict = page.locator("#who-verdict");
  assert.equal(await verdict.textContent(), "Bob Brown, for Alice Adams, cannot request this access package. ");
  assert.equal(await page.locator(".policy-answers li[data-reason=ON_BEHALF_DISABLED]").count(), 1);

  await tab(page, "Requests");
  await page.getByLabel("Allow managers to request on behalf of employees").check();
  await tab(page, "Who can request");
  assert.match(await verdict.textContent(), /^Bob Brown, for Alice Adams, can request this access package\./);

  // Typing in the requester's name keeps focus and every character.
  const name = page.getByLabel("Display name");
  await name.fill("");
  await name.pressSequentially("Robert B.");
  assert.equal(await name.inputValue(), "Robert B.");
  assert.match(await verdict.textContent(), /^Robert B\., for Alice Adams, can request/);
});

// ---- automatic assignment and delivery results ----

const SALES_RULE = '(user.department -eq "Sales")';

/** The automatic policy of domain.md §5.9, as the page writes it (no `accessPackage` reference). */
function salesAutomaticPolicy() {
  return {
    displayName: "Sales department (automatic)",
    description: "Everyone in the Sales department",
    allowedTargetScope: "specificDirectoryUsers",
    specificAllowedTargets: [{ "@odata.type": "#microsoft.graph.attributeRuleMembers", membershipRule: SALES_RULE, description: "Sales department" }],
    expiration: { type: "noExpiration" },
    automaticRequestSettings: { requestAccessForAllowedTargets: true, removeAccessWhenTargetLeavesAllowedTargets: true, gracePeriodBeforeAccessRemoval: "P7D" },
  };
}

async function rowKinds(page) {
  return page.locator("#timeline-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.kind));
}

async function addEvent(page, n, when, what) {
  await page.getByRole("button", { name: "Add an event" }).click();
  await page.getByLabel(`Event ${n}: when (UTC)`).fill(when);
  if (what) await page.getByLabel(`Event ${n}: what`).selectOption({ label: what });
}

async function setAttribute(page, n, value) {
  const input = page.getByLabel(`Event ${n}: new value`, { exact: true });
  await input.fill(value);
  await input.press("Tab");
}

/** A bar's rectangle and a marker's centre, in SVG user units. */
async function barBox(locator) {
  return locator.locator("rect").first().evaluate((r) => ({ x: r.x.baseVal.value, y: r.y.baseVal.value, width: r.width.baseVal.value, height: r.height.baseVal.value, fill: r.getAttribute("fill") }));
}
async function markerCentre(locator) {
  return locator.locator("circle, rect, path").first().evaluate((el) => {
    const b = el.getBBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
}
const near = (a, b, what) => assert.ok(Math.abs(a - b) < 0.5, `${what}: ${a} is not at ${b}`);

scenario("An automatic policy for the Sales department assigns a member in Sales at once, and a move to Marketing shows a seven-day grace period then the removal", async (page, env) => {
  await tab(page, "Basics");
  await page.getByLabel("Name", { exact: true }).fill("Sales tools");
  await page.getByLabel("Description", { exact: true }).fill("Tools for the Sales department");
  await tab(page, "Requests");
  await page.getByLabel("Users who match a rule, assigned automatically (auto-assignment policy)").check();
  await page.getByLabel("Policy name").fill("Sales department (automatic)");
  await page.getByLabel("Policy description").fill("Everyone in the Sales department");
  await page.getByLabel("Membership rule").fill(SALES_RULE);
  await page.getByLabel("Rule description (optional)").fill("Sales department");
  assert.ok(await page.getByLabel("Remove access when the user no longer matches the rule").isChecked(), "removal is on by default, as in the admin center");
  await page.getByLabel("Grace period before access is removed", { exact: true }).fill("7");
  await page.getByLabel("Grace period before access is removed: unit").selectOption({ label: "days" });
  assert.equal(await page.locator(".diag-error").count(), 0, "no error anywhere on the Requests tab");
  assert.deepEqual((await graphJson(page)).assignmentPolicies, [salesAutomaticPolicy()]);

  // Nobody requests; Henry, in Sales, gets the package by himself; Alice (Presales) does not.
  await tab(page, "Who can request");
  await page.getByLabel("Sample requester").selectOption({ label: "Henry Hall, a member in the Sales department" });
  assert.equal(await page.locator("#who-verdict").textContent(), "Henry Hall cannot request this access package. Henry Hall gets it automatically through \"Sales department (automatic)\". ");
  const policy = page.locator(".policy-answers > li").first();
  assert.equal(await policy.locator("li[data-reason=AUTOMATIC_POLICY]").count(), 1);
  assert.match(await policy.innerText(), /Henry Hall matches its rule now, so the service assigns the package without a request or approval\./);
  await page.getByLabel("Department (for automatic-assignment rules)").fill("Presales");
  assert.match(await policy.innerText(), /Henry Hall does not match its rule now/);
  await page.getByLabel("Department (for automatic-assignment rules)").fill("Sales");

  // What happens: assigned when the rule is first checked; the move to Marketing on 1 August starts the grace period.
  await tab(page, "What happens");
  assert.equal(await page.locator("#sim-request h3").textContent(), "Automatic assignment");
  assert.match(await page.locator("#sim-who").textContent(), /the service checks Henry Hall's attributes against the rule \(user\.department -eq "Sales"\)/);
  await page.getByLabel("Rule checked from (UTC)").fill("2025-07-01T00:00");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: delivered (Delivered). Assignment: delivered, from 2025-07-01T00:00:00Z, no end.");
  assert.deepEqual(await rowKinds(page), ["submitted", "delivered"]);
  assert.equal(await page.locator("#timeline-table tbody tr").nth(1).locator("td").first().textContent(), "2025-07-01T00:00:00Z", "assigned at once");

  await addEvent(page, 1, "2025-08-01T00:00");
  assert.equal(await page.getByLabel("Event 1: what").locator("option:checked").textContent(), "Attribute change");
  assert.equal(await page.getByLabel("Event 1: attribute", { exact: true }).inputValue(), "department");
  await setAttribute(page, 1, "Marketing");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: delivered (Delivered). Assignment: expired, from 2025-07-01T00:00:00Z, no end.");
  assert.deepEqual(await rowKinds(page), ["submitted", "delivered", "attributesChanged", "gracePeriodStarted", "removed"]);
  const grace = page.locator("#timeline-table tr[data-kind=gracePeriodStarted] td");
  assert.equal(await grace.nth(0).textContent(), "2025-08-01T00:00:00Z");
  assert.equal(await grace.nth(1).textContent(), "Grace period started: no longer matches the rule, access kept for now");
  assert.match(await grace.nth(4).textContent(), /access is removed at 2025-08-08T00:00:00Z/);
  const removal = page.locator("#timeline-table tr[data-kind=removed] td");
  assert.equal(await removal.nth(0).textContent(), "2025-08-08T00:00:00Z");
  assert.equal(await removal.nth(1).textContent(), "Removed");
  assert.match(await removal.nth(4).textContent(), /grace period ended/);

  // The drawing: a hatched band on the Assignment lane from the change to the removal, inside the access bar.
  const svg = page.locator("#timeline-svg");
  const band = svg.locator("g.bar-grace");
  assert.equal(await band.count(), 1, "one grace band");
  assert.equal(await band.getAttribute("data-from"), "2025-08-01T00:00:00Z");
  assert.equal(await band.getAttribute("data-to"), "2025-08-08T00:00:00Z");
  assert.match(await band.locator("title").textContent(), /ended: access removed at 2025-08-08T00:00:00Z/);
  assert.equal(await band.locator("text").textContent(), "grace period");
  const box = await barBox(band);
  assert.equal(box.fill, "url(#grace-hatch)");
  const started = await markerCentre(svg.locator("g.ev-gracePeriodStarted"));
  const removed = await markerCentre(svg.locator("g.ev-removed"));
  near(box.x, started.x, "the band starts at the grace period's start");
  near(box.x + box.width, removed.x, "the band ends at the removal");
  const assignmentLaneY = await svg.locator("text.lane-label", { hasText: "Assignment" }).evaluate((t) => t.y.baseVal[0].value - 4);
  near(box.y + box.height / 2, assignmentLaneY, "the band is on the Assignment lane");
  near(removed.y, assignmentLaneY, "the removal is on the Assignment lane");
  const access = svg.locator("g.bar-assignment");
  assert.equal(await access.getAttribute("data-from"), "2025-07-01T00:00:00Z");
  assert.equal(await access.getAttribute("data-to"), "2025-08-08T00:00:00Z");
  assert.equal(await svg.locator("g.ev-attributesChanged text").textContent(), "changed: out of scope");
  assert.match(await page.locator("#timeline-legend").innerText(), /Grace period/);
  await page.locator("#sim-results").screenshot({ path: join(env.output, "timeline-grace-period.png") });

  // Back in Sales two days later: the grace period ends early and access stays.
  await addEvent(page, 2, "2025-08-03T00:00");
  await setAttribute(page, 2, "Sales");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: delivered (Delivered). Assignment: delivered, from 2025-07-01T00:00:00Z, no end.");
  assert.deepEqual(await rowKinds(page), ["submitted", "delivered", "attributesChanged", "gracePeriodStarted", "attributesChanged", "gracePeriodEnded"]);
  assert.equal(await band.getAttribute("data-to"), "2025-08-03T00:00:00Z");
  assert.equal(await band.getAttribute("data-end"), "gracePeriodEnded");
  assert.equal(await svg.locator("g.ev-removed").count(), 0, "no removal");

  // Marketing again on 20 August: a second grace period, and this time the removal a week later.
  await addEvent(page, 3, "2025-08-20T00:00");
  await setAttribute(page, 3, "Marketing");
  const bands = svg.locator("g.bar-grace");
  assert.equal(await bands.count(), 2, "two grace periods");
  assert.deepEqual([await bands.nth(0).getAttribute("data-from"), await bands.nth(0).getAttribute("data-to")], ["2025-08-01T00:00:00Z", "2025-08-03T00:00:00Z"]);
  assert.deepEqual([await bands.nth(1).getAttribute("data-from"), await bands.nth(1).getAttribute("data-to")], ["2025-08-20T00:00:00Z", "2025-08-27T00:00:00Z"]);
  const back = await markerCentre(svg.locator("g.ev-gracePeriodEnded"));
  const first = await barBox(bands.nth(0));
  near(first.x + first.width, back.x, "the first band ends where Henry is back in scope");
  assert.ok(first.x + first.width < (await barBox(bands.nth(1))).x, "the bands do not overlap");
  assert.equal(await page.locator("#timeline-table tr[data-kind=removed] td").first().textContent(), "2025-08-27T00:00:00Z");
});

scenario("A pasted automatic-assignment policy loads into the Requests tab and comes back out unchanged", async (page) => {
  const policy = { ...salesAutomaticPolicy(), accessPackage: { id: "a0000000-0000-0000-0000-000000000001" } };
  const payload = {
    accessPackage: { id: "a0000000-0000-0000-0000-000000000001", displayName: "Sales tools", description: "Tools for the Sales department", isHidden: false, catalog: { id: "c0000000-0000-0000-0000-000000000001" }, resourceRoleScopes: [] },
    assignmentPolicies: [policy],
  };
  await loadPayload(page, payload);
  await tab(page, "Requests");
  assert.ok(await page.getByLabel("Users who match a rule, assigned automatically (auto-assignment policy)").isChecked());
  assert.equal(await page.getByLabel("Membership rule").inputValue(), SALES_RULE);
  assert.ok(await page.getByLabel("Create assignments for users who match the rule").isChecked());
  assert.ok(await page.getByLabel("Remove access when the user no longer matches the rule").isChecked());
  assert.equal(await page.getByLabel("Grace period before access is removed", { exact: true }).inputValue(), "7");
  assert.equal(await page.getByRole("group", { name: "Approval" }).count(), 0, "no approval settings for an automatic policy");
  await tab(page, "Requestor information");
  assert.match(await page.getByRole("tabpanel").innerText(), /nobody requests, so nobody is asked questions/);
  await tab(page, "Review + create");
  const summary = await page.locator("#review-summary").innerText();
  for (const text of ["Automatic assignment: nobody requests, nobody approves", SALES_RULE, "Lose access after a grace period of 7 days", "never expires"]) {
    assert.ok(summary.includes(text), `the summary lacks "${text}":\n${summary}`);
  }
  assert.deepEqual(await graphJson(page), payload);

  // Turning removal off drops the grace period (it would never be used) and says so in Review + create.
  await tab(page, "Requests");
  await page.getByLabel("Remove access when the user no longer matches the rule").uncheck();
  assert.equal(await page.getByLabel("Grace period before access is removed", { exact: true }).count(), 0);
  assert.deepEqual((await graphJson(page)).assignmentPolicies[0].automaticRequestSettings, { requestAccessForAllowedTargets: true, removeAccessWhenTargetLeavesAllowedTargets: false });
});

scenario("A failed delivery reprocessed within 14 days shows as delivered from the reprocess, and a reprocess after 14 days is ignored", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "What happens");
  await page.getByLabel("Submitted at (UTC)").fill("2025-06-01T09:00");
  await addEvent(page, 1, "2025-06-01T09:00", "Delivery result");
  assert.equal(await page.getByLabel("Event 1: delivery result").locator("option:checked").textContent(), "Delivery failed");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: deliveryFailed (DeliveryFailed). No assignment.");
  const svg = page.locator("#timeline-svg");
  assert.equal(await svg.locator("g.ev-deliveryFailed text").textContent(), "delivery failed");
  assert.equal(await svg.locator("g.bar-assignment").count(), 0, "no access is drawn");
  assert.equal(await page.locator("#timeline-table tr[data-kind=deliveryFailed] td").nth(1).textContent(), "Delivery failed (no access granted)");

  await addEvent(page, 2, "2025-06-05T09:00", "Administrator reprocesses");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: delivered (Delivered). Assignment: expired, from 2025-06-05T09:00:00Z until 2025-07-05T09:00:00Z.");
  const kinds = await rowKinds(page);
  assert.deepEqual(kinds.slice(0, 4), ["submitted", "deliveryFailed", "reprocessed", "delivered"]);
  assert.equal(kinds[kinds.length - 1], "expired");
  assert.equal(await page.locator("#timeline-table tr[data-kind=reprocessed] td").nth(1).textContent(), "Reprocessed by an administrator");
  assert.equal(await page.locator("#timeline-table tr[data-kind=delivered] td").first().textContent(), "2025-06-05T09:00:00Z");
  assert.equal(await svg.locator("g.ev-reprocessed text").textContent(), "reprocessed");
  const access = svg.locator("g.bar-assignment");
  assert.equal(await access.getAttribute("data-from"), "2025-06-05T09:00:00Z", "access is drawn from the reprocess");
  near((await barBox(access)).x, (await markerCentre(svg.locator("g.ev-reprocessed"))).x, "the access bar starts at the reprocess marker");

  // Three weeks later is outside Graph's 14 days: the reprocess is reported and nothing is delivered.
  await page.getByLabel("Event 2: when (UTC)").fill("2025-06-20T09:00");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: deliveryFailed (DeliveryFailed). No assignment.");
  assert.equal(await page.locator(".sim-diagnostics li.diag-warning").count(), 1, "the late reprocess is reported");
  assert.equal(await svg.locator("g.ev-reprocessed").count(), 0);
});

scenario("A launch-and-wait custom extension holds the request until it calls back, and fails it when it never does", async (page) => {
  const policy = {
    displayName: "Members, checked by HR", description: "HR confirms each request",
    allowedTargetScope: "allMemberUsers", specificAllowedTargets: [],
    expiration: { type: "afterDuration", duration: "P30D" },
    requestorSettings: { enableTargetsToSelfAddAccess: true },
    requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
    customExtensionStageSettings: [{
      stage: "assignmentRequestCreated",
      customExtension: {
        "@odata.type": "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
        displayName: "Check HR record",
        callbackConfiguration: { "@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration", timeoutDuration: "P1D" },
      },
    }],
  };
  await loadPayload(page, {
    accessPackage: { displayName: "CRM seat", description: "A CRM licence", isHidden: false, catalog: { id: "c0000000-0000-0000-0000-000000000001" }, resourceRoleScopes: [] },
    assignmentPolicies: [policy],
  });
  await tab(page, "What happens");
  await page.getByLabel("Submitted at (UTC)").fill("2025-06-01T09:00");
  // No callback: the request waits a day, then fails.
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: deliveryFailed (DeliveryFailed). No assignment.");
  const waiting = page.locator("#timeline-table tr[data-kind=customExtension]").filter({ hasText: "waiting for Check HR record" });
  assert.equal(await waiting.count(), 1, "the wait is listed");
  assert.match(await waiting.textContent(), /until 2025-06-02T09:00:00Z/);
  const band = page.locator("#timeline-svg g.bar-waiting");
  assert.equal(await band.getAttribute("data-from"), "2025-06-01T09:00:00Z");
  assert.equal(await band.getAttribute("data-to"), "2025-06-02T09:00:00Z", "the wait is drawn until the timeout");
  // A callback three hours later lets the request go on, and access starts then.
  await addEvent(page, 1, "2025-06-01T12:00", "Custom extension calls back");
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: delivered (Delivered). Assignment: expired, from 2025-06-01T12:00:00Z until 2025-07-01T12:00:00Z.");
  assert.equal(await band.getAttribute("data-to"), "2025-06-01T12:00:00Z", "the wait ends at the callback");
  // The extension may deny instead.
  await page.getByLabel("Event 1: callback result").selectOption({ label: "Deny the request" });
  assert.equal(await page.locator("#sim-outcome").textContent(), "Request: denied (Denied). No assignment.");
});

// ---- a plan to run (issue 11 §2) ----

scenario("Export shows the tutorial package as Graph calls, a PowerShell script and a REST Client file, each to copy and download", async (page, env) => {
  await createTutorialPackage(page);
  await tab(page, "Export");
  const steps = page.locator("#export-steps li");
  assert.equal(await steps.count(), 3);
  assert.match(await steps.nth(0).innerText(), /Creates the access package .?Marketing Campaign.?\.[\s\S]*POST[\s\S]*\/identityGovernance\/entitlementManagement\/accessPackages/);
  assert.match(await steps.nth(1).innerText(), /Grants the Member role/);
  assert.match(await steps.nth(2).innerText(), /Creates the policy/);
  const script = await page.getByLabel("PowerShell script", { exact: true }).inputValue();
  assert.match(script, /Connect-MgGraph -Scopes 'EntitlementManagement\.ReadWrite\.All'/);
  assert.match(script, /\$step1 = New-MgEntitlementManagementAccessPackage -BodyParameter @\{/);
  assert.match(script, /New-MgEntitlementManagementAccessPackageResourceRoleScope -AccessPackageId \$step1\.Id/);
  assert.match(script, /\$ErrorActionPreference = 'Stop'/);
  const http = await page.getByLabel("REST Client file", { exact: true }).inputValue();
  assert.match(http, /# @name step1\nPOST \{\{graph\}\}\/identityGovernance\/entitlementManagement\/accessPackages/);
  assert.match(http, /\{\{step1\.response\.body\.\$\.id\}\}/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download marketing-campaign.ps1" }).click()]);
  assert.equal(download.suggestedFilename(), "marketing-campaign.ps1");
  const saved = join(env.output, "marketing-campaign.ps1");
  await download.saveAs(saved);
  assert.equal((await import("node:fs")).readFileSync(saved, "utf8"), script);
  await page.screenshot({ path: join(env.output, "export-tutorial.png"), fullPage: true });
});

scenario("Export of a draft with an error shows no plan but the error, which leads to its field", async (page) => {
  await tab(page, "Basics");
  await page.getByLabel("Name", { exact: true }).fill("");
  await tab(page, "Export");
  const blocked = page.locator("#export-blocked");
  assert.match(await blocked.innerText(), /No plan yet/);
  await blocked.getByRole("button").first().click();
  assert.equal(await page.getByRole("tab", { name: "Basics", exact: true }).getAttribute("aria-selected"), "true");
});

// ---- nothing lost (issue 11 §3) ----

scenario("The draft comes back after a reload, and Start afresh can be undone", async (page) => {
  await createTutorialPackage(page);
  await page.waitForTimeout(400); // the autosave settles
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await tab(page, "Basics");
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Marketing Campaign");
  assert.match(await page.locator("#draft-status").textContent(), /Your draft "Marketing Campaign" is back/);
  await page.getByRole("button", { name: "Start afresh" }).click();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "");
  await page.getByRole("button", { name: "Undo" }).click();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Marketing Campaign");
  await tab(page, "Graph JSON");
  assert.equal((await graphJson(page)).assignmentPolicies.length, 1);
});

scenario("A payload that can't be read whole changes nothing, and the next keystroke keeps the draft as it was", async (page) => {
  await createTutorialPackage(page);
  const before = await graphJson(page);
  for (const bad of [
    { accessPackage: { displayName: "Half", resourceRoleScopes: "nope" }, assignmentPolicies: [] },
    { accessPackage: { displayName: "Half" }, assignmentPolicies: [null] },
    { accessPackage: { displayName: "Half" }, assignmentPolicies: [{ displayName: "P", requestApprovalSettings: { stages: 3 } }] },
    "{ not json",
  ]) {
    await tab(page, "Graph JSON");
    await page.getByLabel("Paste a Graph payload", { exact: true }).fill(typeof bad === "string" ? bad : JSON.stringify(bad));
    await page.getByRole("button", { name: "Load into the form" }).click();
    assert.match(await page.locator("#json-load-status").textContent(), /^Not loaded: /);
    assert.deepEqual(await graphJson(page), before, `changed by ${JSON.stringify(bad)}`);
  }
  await tab(page, "Basics");
  await page.getByLabel("Description", { exact: true }).fill("Still the same package");
  const after = await graphJson(page);
  assert.equal(after.accessPackage.displayName, "Marketing Campaign");
  assert.equal(after.assignmentPolicies.length, 1);
});

scenario("A beta-era payload is upgraded on paste: approval stays required, and the page lists what moved", async (page, env) => {
  await loadPayload(page, {
    accessPackage: { displayName: "Contractors", description: "Access for contractors", catalogId: "c0000000-0000-0000-0000-000000000001" },
    assignmentPolicies: [{ displayName: "Contractors", description: "Members request, Carol approves", accessPackageId: "a1", durationInDays: 90,
      requestorSettings: { scopeType: "AllExistingDirectoryMemberUsers", acceptRequests: true },
      requestApprovalSettings: { isApprovalRequired: true, approvalMode: "SingleStage",
        approvalStages: [{ approvalStageTimeOutInDays: 7, primaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", id: "10000000-0000-0000-0000-000000000003", isBackup: false }] }] } }],
  });
  const mappings = page.locator("#json-mappings");
  assert.match(await mappings.innerText(), /Written in beta-era names/);
  assert.match(await mappings.innerText(), /scopeType[\s\S]*allowedTargetScope/);
  const json = await graphJson(page);
  const policy = json.assignmentPolicies[0];
  assert.equal(policy.allowedTargetScope, "allMemberUsers");
  assert.equal(policy.requestApprovalSettings.isApprovalRequiredForAdd, true);
  assert.equal(policy.requestApprovalSettings.stages[0].durationBeforeAutomaticDenial, "P7D");
  assert.equal(policy.expiration.duration, "P90D");
  assert.equal(json.accessPackage.catalog.id, "c0000000-0000-0000-0000-000000000001");
  assert.equal(policy.requestorSettings.scopeType, undefined, "no beta name left beside the v1.0 one");
  await tab(page, "Requests");
  assert.equal(await page.getByLabel("Require approval", { exact: true }).isChecked(), true);
  await page.screenshot({ path: join(env.output, "paste-beta-upgraded.png"), fullPage: true });
});

scenario("Switching the scope and back keeps the chosen users, and a removed policy comes back with Undo", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Requests");
  await page.getByLabel("All members (excluding guests)", { exact: true }).check();
  assert.deepEqual((await graphJson(page)).assignmentPolicies[0].specificAllowedTargets, [], "another scope holds no targets");
  await tab(page, "Requests");
  await page.getByLabel("Specific users and groups", { exact: true }).check();
  assert.match(await group(page, "Specific users and groups").innerText(), /Alice Adams/);
  await page.getByRole("button", { name: "Add a policy" }).click();
  await page.getByRole("button", { name: "Remove this policy" }).click();
  await page.getByRole("button", { name: "Remove this policy" }).click();
  assert.equal((await graphJson(page)).assignmentPolicies.length, 0);
  await page.getByRole("button", { name: "Undo" }).click();
  const json = await graphJson(page);
  assert.equal(json.assignmentPolicies.length, 1);
  assert.equal(json.assignmentPolicies[0].specificAllowedTargets[0].userId, "10000000-0000-0000-0000-000000000001");
});

// ---- your tenant (issue 11 §1) ----

/** A small tenant as Graph's list calls return it: one file per call, each a Graph page. */
function tenantFiles(dir) {
  const fs = require("node:fs");
  const graph = "https://graph.microsoft.com/v1.0/$metadata#";
  const em = `${graph}identityGovernance/entitlementManagement/`;
  const catalog = "c1000000-0000-0000-0000-000000000001";
  const pkg = "a1000000-0000-0000-0000-000000000001";
  const zoe = "11000000-0000-0000-0000-000000000001";
  const files = {
    "catalogs.json": { "@odata.context": `${em}catalogs`, value: [{ id: catalog, displayName: "IT services", state: "published", isExternallyVisible: false,
      resources: [{ id: "r1", displayName: "Helpdesk agents", originSystem: "AadGroup", originId: "91000000-0000-0000-0000-000000000001",
        roles: [{ id: "rr1", displayName: "Member", originSystem: "AadGroup", originId: "Member_91000000-0000-0000-0000-000000000001" }],
        scopes: [{ id: "rs1", displayName: "Root", originSystem: "AadGroup", originId: "91000000-0000-0000-0000-000000000001", isRootScope: true }] }] }] },
    "accessPackages.json": { "@odata.context": `${em}accessPackages(assignmentPolicies())`, value: [{ id: pkg, displayName: "Helpdesk access", description: "Tools for the helpdesk", isHidden: false, catalog: { id: catalog },
      assignmentPolicies: [{ id: "p1000000-0000-0000-0000-000000000001", displayName: "Helpdesk staff", description: "Members request, no approval", allowedTargetScope: "allMemberUsers",
        expiration: { type: "afterDuration", duration: "P90D" }, requestorSettings: { enableTargetsToSelfAddAccess: true }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] } }] }] },
    "users.json": { "@odata.context": `${graph}users(id,displayName,userType,accountEnabled,mail)`, value: [
      { id: zoe, displayName: "Zoe Zimmer", userType: "Member", accountEnabled: true, mail: "zoe@fabrikam.example" },
      { id: "11000000-0000-0000-0000-000000000002", displayName: "Yann Young", userType: "Guest", accountEnabled: true, mail: "yann@partner.example" }] },
    "groups.json": { "@odata.context": `${graph}groups(id,displayName,securityEnabled)`, value: [{ id: "91000000-0000-0000-0000-000000000001", displayName: "Helpdesk agents", securityEnabled: true, groupTypes: [] }] },
  };
  return Object.entries(files).map(([name, body]) => {
    const path = join(dir, name);
    fs.writeFileSync(path, JSON.stringify(body));
    return path;
  });
}

scenario("An administrator loads their tenant from Graph's list responses, its people fill the pickers, and an opened package gets a change plan", async (page, env) => {
  await tab(page, "Your tenant");
  await page.getByLabel("Snapshot files (JSON)").setInputFiles(tenantFiles(env.output));
  await page.getByLabel("Call it").fill("Fabrikam");
  await page.getByLabel("Its domain, for My Access links (optional)").fill("fabrikam.onmicrosoft.com");
  await page.getByRole("button", { name: "Load the tenant" }).click();
  await page.waitForFunction(() => /your tenant "Fabrikam"/.test(document.getElementById("tenant-status")?.textContent || ""));
  assert.match(await page.locator("#tenant-status").innerText(), /1 catalog, 1 access package, 1 policy, 2 users, 1 group/);
  await page.screenshot({ path: join(env.output, "tenant-loaded.png"), fullPage: true });

  await page.getByRole("button", { name: "Open Helpdesk access" }).click();
  // The package is read from this browser's store, then shown in Basics.
  await page.waitForFunction(() => document.getElementById("tab-basics").getAttribute("aria-selected") === "true");
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Helpdesk access");
  assert.equal(await page.getByLabel("My Access link", { exact: true }).inputValue(), "https://myaccess.microsoft.com/@fabrikam.onmicrosoft.com#/access-packages/a1000000-0000-0000-0000-000000000001");
  await page.getByLabel("Description", { exact: true }).fill("Tools and queues for the helpdesk");
  assert.match(await page.getByLabel("Catalog", { exact: true }).innerText(), /IT services/);
  assert.doesNotMatch(await page.getByLabel("Catalog", { exact: true }).innerText(), /General/, "the sample's catalogs are gone");
  await tab(page, "Resource roles");
  assert.match(await page.locator("#panel-resources").innerText(), /Helpdesk agents/);
  await tab(page, "Requests");
  await page.getByLabel("Specific users and groups", { exact: true }).check();
  await addSubject(page, "Specific users and groups", "Zoe Zimmer (member)");
  await tab(page, "Who can request");
  const sample = page.getByLabel("Sample requester");
  assert.match(await sample.innerText(), /Zoe Zimmer \(member\)/);
  assert.doesNotMatch(await sample.innerText(), /Alice Adams/);
  await tab(page, "Export");
  const steps = page.locator("#export-steps li");
  assert.equal(await steps.count(), 2);
  assert.match(await steps.nth(0).innerText(), /PATCH[\s\S]*accessPackages\/a1000000-0000-0000-0000-000000000001/);
  assert.match(await steps.nth(1).innerText(), /Replaces the policy[\s\S]*PUT[\s\S]*assignmentPolicies\/p1000000-0000-0000-0000-000000000001/);
  assert.match(await page.getByLabel("PowerShell script", { exact: true }).inputValue(), /Update-MgEntitlementManagementAccessPackage -AccessPackageId 'a1000000-0000-0000-0000-000000000001'/);

  // Kept in the browser: after a reload the tenant and the edit are both still there.
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.locator("#tenant-name-footer").textContent(), "Fabrikam");
  await tab(page, "Basics");
  assert.equal(await page.getByLabel("Description", { exact: true }).inputValue(), "Tools and queues for the helpdesk");
  await tab(page, "Your tenant");
  await page.getByRole("button", { name: "Use the sample tenant" }).click();
  await tab(page, "Who can request");
  assert.match(await page.getByLabel("Sample requester").innerText(), /Alice Adams/);
});

// ---- readable (issue 11 §5) ----

const AXE = require("node:fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ALL_TABS = ["Basics", "Resource roles", "Requests", "Requestor information", "Lifecycle", "Review + create", "Who can request", "What happens", "Graph JSON", "Export", "Your tenant"];

async function escalatingDraft(page) {
  await createTutorialPackage(page);
  await tab(page, "Requests");
  await page.getByLabel("Require approval", { exact: true }).check();
  await addSubject(page, "Approvers", "Manager");
  await addSubject(page, "Fallback approvers", "Carol Chen (member)");
  await tab(page, "What happens");
  await page.getByRole("button", { name: "Add an event" }).click();
}

scenario("No tab scrolls sideways at 375 px or at 200 % zoom (640 px), and axe-core finds no violation on any tab at 1280 and 375 px", async (page, env) => {
  await escalatingDraft(page);
  for (const width of [1280, 375, 640]) {
    await page.setViewportSize({ width, height: 900 });
    for (const name of ALL_TABS) {
      await tab(page, name);
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${name} at ${width} px is ${scroll} px wide, wider than the window (${client} px)`);
      if (width === 640) continue;
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
        .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`));
      assert.deepEqual(violations, [], `axe-core on ${name} at ${width} px`);
    }
    if (width === 375) {
      await tab(page, "What happens");
      await page.screenshot({ path: join(env.output, "narrow-375-what-happens.png"), fullPage: true });
    }
  }
});

scenario("Timeline labels never overlap, and a stage already decided shows no deadline", async (page, env) => {
  await loadPayload(page, twoStagePayload());
  await tab(page, "What happens");
  const boxes = await page.$$eval("#timeline-svg text.ev-label", (nodes) => nodes.map((n) => { const b = n.getBBox(); return { text: n.textContent, x: b.x, y: b.y, w: b.width, h: b.height }; }));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `"${a.text}" overlaps "${b.text}"`);
    }
  }
  // Every stage here is decided (or the request ended), so no deadline is drawn for it.
  const kinds = await page.$$eval("#timeline-table tbody tr", (rows) => rows.map((r) => r.dataset.kind));
  const open = kinds.includes("approversNotified") && !kinds.some((k) => ["approved", "denied", "canceled", "timedOut"].includes(k));
  const deadlines = await page.locator("#timeline-svg g.deadline").count();
  if (!open) assert.equal(deadlines, 0, `${deadlines} deadlines drawn for decided stages (${kinds.join(", ")})`);
  await page.locator("#sim-results").screenshot({ path: join(env.output, "timeline-labels.png") });
});

// ---- what the admin center offers (issue 11 §6) ----

scenario("An administrator's direct assignment with a start, an end and a justification runs in What happens", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Who can request");
  await page.getByLabel("Requesting").selectOption({ label: "As an administrator (direct assignment)" });
  await tab(page, "What happens");
  await page.getByLabel("Justification", { exact: true }).fill("Joins the campaign for the launch");
  await page.getByLabel("Assignment starts (UTC), optional").fill("2025-06-10T09:00");
  await page.getByLabel("Assignment ends (UTC), optional").fill("2025-06-20T09:00");
  const outcome = await page.locator("#sim-outcome").textContent();
  assert.match(outcome, /Assignment: expired, from 2025-06-10T09:00:00Z until 2025-06-20T09:00:00Z/);
  const kinds = await page.locator("#timeline-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.kind));
  assert.ok(kinds.includes("scheduled") && kinds.includes("delivered") && kinds.includes("expired"), kinds.join(", "));
});

scenario("Several resources are added at once, and a pasted package whose ids collide with the sample's keeps its own names", async (page) => {
  await tab(page, "Resource roles");
  await page.getByLabel("Add a group or team from General").selectOption([{ label: "Marketing resources" }, { label: "Campaign planning" }]);
  await page.getByRole("button", { name: "Add", exact: true }).first().click();
  const roles = (await graphJson(page)).accessPackage.resourceRoleScopes;
  assert.equal(roles.length, 2);
  await loadPayload(page, {
    catalog: { id: "c9000000-0000-0000-0000-000000000009", displayName: "Imported", resources: [] },
    accessPackage: { displayName: "Imported", description: "From another tenant", catalog: { id: "c9000000-0000-0000-0000-000000000009" },
      resourceRoleScopes: [{ role: { id: "rr000001-0000-0000-0000-000000000002", displayName: "Member", originSystem: "AadGroup", originId: "Member_99999999-0000-0000-0000-000000000009", resource: { id: "r0000000-0000-0000-0000-000000000001" } },
        scope: { id: "rs000001-0000-0000-0000-000000000001", displayName: "Root", originSystem: "AadGroup", originId: "99999999-0000-0000-0000-000000000009", isRootScope: true } }] },
    assignmentPolicies: [],
  });
  await tab(page, "Resource roles");
  assert.doesNotMatch(await page.locator("#panel-resources table.roles").innerText(), /Marketing resources/, "not named after the sample's resource with the same id");
  const before = (await graphJson(page)).accessPackage.resourceRoleScopes[0];
  await tab(page, "Resource roles");
  await page.locator("#panel-resources table.roles select").first().selectOption({ index: 0 });
  assert.deepEqual((await graphJson(page)).accessPackage.resourceRoleScopes[0], before, "touching its role select does not rewrite it");
});

scenario("A resource's required attribute shows in Requestor information and in What happens as the question every requester must answer", async (page) => {
  await createTutorialPackage(page);
  await tab(page, "Resource roles");
  await page.getByLabel("Add an application from General").selectOption({ label: "Campaign analytics" });
  await page.getByRole("button", { name: "Add", exact: true }).nth(1).click();
  await tab(page, "Requestor information");
  assert.match(await page.locator("#attribute-questions").innerText(), /Your cost center — for Campaign analytics; written to the user's .costCenter./);
  // What happens asks it too: without an answer the request is refused, with one it goes through.
  await tab(page, "What happens");
  assert.match(await page.locator("#sim-outcome").textContent(), /^Request: denied \(Rejected\)/);
  await page.getByLabel("Answer: Your cost center (required by the catalog for Campaign analytics)").fill("CC-1001");
  await page.getByLabel("Answer: Your cost center (required by the catalog for Campaign analytics)").press("Tab");
  assert.match(await page.locator("#sim-outcome").textContent(), /^Request: (delivered|expired)/);
});
