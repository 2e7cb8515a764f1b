#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Behaviour of `applicablePolicies` (domain.md §3): who may request or be assigned
//! an access package, under which policy, and why not. Every test pins `now` and
//! reads the answer as a user of the JSON contract would (api.md `applicablePolicies`).
mod common;

use entitlement_policy::api::ApplicabilityCall;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// The fixture tenant of domain.md §5.0
// ---------------------------------------------------------------------------

const NOW: &str = "2025-06-01T00:00:00Z";

const CAT_SALES: &str = "c0000000-0000-0000-0000-000000000001";
const AP_SALES: &str = "a0000000-0000-0000-0000-000000000001";
const AP_DEV: &str = "a0000000-0000-0000-0000-000000000002";

const G_SALES: &str = "90000000-0000-0000-0000-000000000001";
const G_ALL: &str = "90000000-0000-0000-0000-000000000002";
const G_FIN_ADMINS: &str = "90000000-0000-0000-0000-000000000004";
/// Not in §5.0: a group whose members may request for others.
const G_HELPDESK: &str = "90000000-0000-0000-0000-000000000005";

const ALICE: &str = "10000000-0000-0000-0000-000000000001";
const BOB: &str = "10000000-0000-0000-0000-000000000002";
const CAROL: &str = "10000000-0000-0000-0000-000000000003";
const DAVE: &str = "10000000-0000-0000-0000-000000000004";
const GINA: &str = "10000000-0000-0000-0000-000000000005";
const ERIN: &str = "10000000-0000-0000-0000-000000000006";
const FRANK: &str = "10000000-0000-0000-0000-000000000007";
const HENRY: &str = "10000000-0000-0000-0000-000000000008";
const SVC_SYNC: &str = "50000000-0000-0000-0000-000000000001";
/// Not in §5.0: a second service principal.
const SVC_OTHER: &str = "50000000-0000-0000-0000-000000000002";

const CO_CONTOSO: &str = "e0000000-0000-0000-0000-000000000001";
const CO_LIVE: &str = "e0000000-0000-0000-0000-000000000002";
/// Not in §5.0: a configured organization recognised by mail domain (one-time passcode).
const CO_WOODGROVE: &str = "e0000000-0000-0000-0000-000000000003";

fn alice() -> Value {
    json!({ "id": ALICE, "displayName": "alice", "userType": "Member", "accountEnabled": true,
            "mail": "alice@example.com", "groupIds": [G_SALES, G_ALL], "managerIds": [BOB, CAROL],
            "attributes": { "department": "Presales" } })
}

fn bob() -> Value {
    json!({ "id": BOB, "displayName": "bob", "userType": "Member", "groupIds": [G_ALL],
            "managerIds": [CAROL] })
}

fn carol() -> Value {
    json!({ "id": CAROL, "displayName": "carol", "userType": "Member", "groupIds": [G_ALL],
            "managerIds": [] })
}

fn dave() -> Value {
    json!({ "id": DAVE, "displayName": "dave", "userType": "Member",
            "groupIds": [G_ALL, G_FIN_ADMINS], "managerIds": [],
            "assignments": [ { "accessPackageId": AP_DEV,
                               "assignmentPolicyId": "p0000000-0000-0000-0000-000000000009",
                               "state": "delivered" } ] })
}

/// Guest from Contoso whose connected organization is given.
fn gina() -> Value {
    json!({ "id": GINA, "displayName": "gina", "userType": "Guest", "mail": "gina@contoso.example",
            "homeTenantId": "t-contoso", "authKind": "entra",
            "connectedOrganizationId": CO_CONTOSO, "sponsorIds": [BOB] })
}

/// The same guest, left for the engine to resolve (§3.4).
fn gina_unresolved() -> Value {
    json!({ "id": GINA, "displayName": "gina", "userType": "Guest", "mail": "gina@contoso.example",
            "homeTenantId": "t-contoso", "authKind": "entra" })
}

fn erin() -> Value {
    json!({ "id": ERIN, "displayName": "erin", "userType": "Member", "accountEnabled": false,
            "groupIds": [G_SALES, G_ALL] })
}

fn frank() -> Value {
    json!({ "id": FRANK, "displayName": "frank", "userType": "Member", "groupIds": [G_ALL] })
}

fn henry() -> Value {
    json!({ "id": HENRY, "displayName": "henry", "userType": "Member", "groupIds": [G_ALL],
            "attributes": { "department": "Sales" } })
}

/// Not in the directory; signs in with the Contoso tenant.
fn pat() -> Value {
    json!({ "id": null, "displayName": "pat", "mail": "pat@contoso.example",
            "homeTenantId": "t-contoso", "authKind": "entra" })
}

/// Not in the directory; e-mail one-time passcode; no connected organization.
fn xavier() -> Value {
    json!({ "id": null, "displayName": "xavier", "mail": "xavier@fabrikam.example",
            "authKind": "otp" })
}

/// Not in the directory; one-time passcode with a `live.com` address (CO-LIVE, proposed).
fn lena() -> Value {
    json!({ "id": null, "displayName": "lena", "mail": "lena@live.com", "authKind": "otp" })
}

/// Not in the directory; one-time passcode with a Woodgrove address (CO-WOODGROVE, configured).
fn olga() -> Value {
    json!({ "id": null, "displayName": "olga", "mail": "olga@woodgrove.example",
            "authKind": "otp" })
}

fn svc_sync() -> Value {
    json!({ "id": SVC_SYNC, "displayName": "svc-sync", "kind": "servicePrincipal" })
}

fn svc_other() -> Value {
    json!({ "id": SVC_OTHER, "displayName": "svc-other", "kind": "servicePrincipal" })
}

fn directory() -> Value {
    json!({
        "groups": [
            { "id": G_SALES, "displayName": "G-SALES", "isDynamic": false, "securityEnabled": true,
              "memberIds": [ALICE, ERIN] },
            { "id": G_ALL, "displayName": "G-ALL", "isDynamic": false, "securityEnabled": true,
              "memberIds": [ALICE, BOB, CAROL, DAVE, ERIN, FRANK, HENRY] },
            { "id": G_FIN_ADMINS, "displayName": "G-FIN-ADMINS", "isDynamic": false,
              "securityEnabled": true, "memberIds": [DAVE] },
            { "id": G_HELPDESK, "displayName": "G-HELPDESK", "isDynamic": false,
              "securityEnabled": true, "memberIds": [FRANK] }
        ],
        "connectedOrganizations": [
            { "id": CO_CONTOSO, "displayName": "Contoso", "state": "configured",
              "identitySources": [ { "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant",
                                     "displayName": "Contoso", "tenantId": "t-contoso" } ],
              "internalSponsors": [ { "id": BOB } ], "externalSponsors": [ { "id": GINA } ] },
            { "id": CO_LIVE, "displayName": "Live", "state": "proposed",
              "identitySources": [ { "@odata.type": "#microsoft.graph.domainIdentitySource",
                                     "displayName": "live.com", "domainName": "live.com" } ] },
            { "id": CO_WOODGROVE, "displayName": "Woodgrove", "state": "configured",
              "identitySources": [ { "@odata.type": "#microsoft.graph.domainIdentitySource",
                                     "displayName": "woodgrove.example",
                                     "domainName": "woodgrove.example" } ] }
        ]
    })
}

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

/// Self-service for targets: add, update and remove.
fn self_service() -> Value {
    json!({ "enableTargetsToSelfAddAccess": true, "enableTargetsToSelfUpdateAccess": true,
            "enableTargetsToSelfRemoveAccess": true })
}

/// Every requestor switch off.
fn no_requests() -> Value {
    json!({ "enableTargetsToSelfAddAccess": false, "enableTargetsToSelfUpdateAccess": false,
            "enableTargetsToSelfRemoveAccess": false, "allowCustomAssignmentSchedule": false,
            "enableOnBehalfRequestorsToAddAccess": false,
            "enableOnBehalfRequestorsToUpdateAccess": false,
            "enableOnBehalfRequestorsToRemoveAccess": false, "onBehalfRequestors": [] })
}

/// On-behalf requests by `requestors`, with the add/update/remove switches given.
fn on_behalf_by(requestors: Value, add: bool, update: bool, remove: bool) -> Value {
    json!({ "enableTargetsToSelfAddAccess": false, "enableTargetsToSelfUpdateAccess": false,
            "enableTargetsToSelfRemoveAccess": false,
            "enableOnBehalfRequestorsToAddAccess": add,
            "enableOnBehalfRequestorsToUpdateAccess": update,
            "enableOnBehalfRequestorsToRemoveAccess": remove,
            "onBehalfRequestors": requestors })
}

/// A policy of AP-SALES: `id` (also its name), scope, targets, requestor settings.
fn policy(id: &str, scope: &str, targets: Value, requestor: Value) -> Value {
    json!({
        "id": id,
        "displayName": id,
        "description": format!("{id} policy"),
        "accessPackage": { "id": AP_SALES },
        "allowedTargetScope": scope,
        "specificAllowedTargets": targets,
        "expiration": { "type": "afterDuration", "duration": "P30D" },
        "requestorSettings": requestor,
        "requestApprovalSettings": { "isApprovalRequiredForAdd": false,
                                     "isApprovalRequiredForUpdate": false,
                                     "isRequestorJustificationRequired": false, "stages": [] }
    })
}

/// A self-service policy with no specific targets.
fn open_policy(id: &str, scope: &str) -> Value {
    policy(id, scope, json!([]), self_service())
}

fn single_user(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.singleUser", "userId": id })
}

fn group_members(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.groupMembers", "groupId": id })
}

fn org_members(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.connectedOrganizationMembers",
            "connectedOrganizationId": id })
}

fn single_service_principal(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.singleServicePrincipal", "servicePrincipalId": id })
}

fn target_manager(level: u8) -> Value {
    json!({ "@odata.type": "#microsoft.graph.targetManager", "managerLevel": level })
}

/// P-SALES-TEAM (§5.2): members of G-SALES, self-service, on-behalf add by the manager.
fn p_sales_team() -> Value {
    json!({
        "id": "p-sales-team",
        "displayName": "Sales team self-service",
        "description": "Members of the Sales group can request; manager approves",
        "accessPackage": { "id": AP_SALES },
        "allowedTargetScope": "specificDirectoryUsers",
        "specificAllowedTargets": [
            { "@odata.type": "#microsoft.graph.groupMembers", "groupId": G_SALES, "description": "G-SALES" }
        ],
        "expiration": { "type": "afterDuration", "duration": "P180D", "endDateTime": null },
        "requestorSettings": {
            "enableTargetsToSelfAddAccess": true,
            "enableTargetsToSelfUpdateAccess": true,
            "enableTargetsToSelfRemoveAccess": true,
            "allowCustomAssignmentSchedule": true,
            "enableOnBehalfRequestorsToAddAccess": true,
            "enableOnBehalfRequestorsToUpdateAccess": false,
            "enableOnBehalfRequestorsToRemoveAccess": false,
            "onBehalfRequestors": [ target_manager(1) ]
        },
        "requestApprovalSettings": {
            "isApprovalRequiredForAdd": true,
            "isApprovalRequiredForUpdate": true,
            "isRequestorJustificationRequired": true,
            "stages": [ {
                "durationBeforeAutomaticDenial": "P14D",
                "isApproverJustificationRequired": true,
                "isEscalationEnabled": true,
                "durationBeforeEscalation": "P8D",
                "primaryApprovers": [ { "@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 1 } ],
                "fallbackPrimaryApprovers": [ single_user(CAROL) ],
                "escalationApprovers": [ { "@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 2 } ],
                "fallbackEscalationApprovers": [ single_user(FRANK) ]
            } ]
        },
        "questions": sales_questions()
    })
}

fn sales_questions() -> Value {
    json!([
        {
            "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion",
            "id": "q0000000-0000-0000-0000-000000000001",
            "sequence": 1, "isRequired": true, "isAnswerEditable": true,
            "text": "Which region do you sell in?",
            "localizations": [ { "languageCode": "fr-CA", "text": "Dans quelle région vendez-vous?" } ],
            "isMultipleSelectionAllowed": false,
            "choices": [
                { "actualValue": "EMEA", "text": "Europe, Middle East, Africa" },
                { "actualValue": "AMER", "text": "Americas" },
                { "actualValue": "APAC", "text": "Asia Pacific" }
            ]
        },
        {
            "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion",
            "id": "q0000000-0000-0000-0000-000000000002",
            "sequence": 2, "isRequired": false, "isAnswerEditable": false,
            "text": "Customer account number (6 digits)",
            "isSingleLineQuestion": true,
            "regexPattern": "^[0-9]{6}$"
        }
    ])
}

/// P-DIRECT (§5.3): administrators assign, nobody requests.
fn p_direct() -> Value {
    let mut p = policy("p-direct", "notSpecified", json!([]), no_requests());
    p["expiration"] =
        json!({ "type": "afterDateTime", "endDateTime": "2026-06-30T23:59:59Z", "duration": null });
    p
}

/// P-PARTNERS (§5.4): users of CO-CONTOSO request themselves.
fn p_partners() -> Value {
    let mut requestor = no_requests();
    requestor["enableTargetsToSelfAddAccess"] = json!(true);
    requestor["enableTargetsToSelfRemoveAccess"] = json!(true);
    policy(
        "p-partners",
        "specificConnectedOrganizationUsers",
        json!([org_members(CO_CONTOSO)]),
        requestor,
    )
}

/// P-AUTO-SALES (§5.9): everyone in the Sales department, automatically.
fn p_auto_sales() -> Value {
    json!({
        "id": "p-auto-sales",
        "displayName": "Sales department (automatic)",
        "description": "Everyone in the Sales department",
        "accessPackage": { "id": AP_SALES },
        "allowedTargetScope": "specificDirectoryUsers",
        "specificAllowedTargets": [
            { "@odata.type": "#microsoft.graph.attributeRuleMembers", "description": "Sales department",
              "membershipRule": "(user.department -eq \"Sales\")" }
        ],
        "automaticRequestSettings": {
            "requestAccessForAllowedTargets": true,
            "removeAccessWhenTargetLeavesAllowedTargets": true,
            "gracePeriodBeforeAccessRemoval": "P7D"
        },
        "expiration": { "type": "noExpiration" }
    })
}

/// An assignment of AP-SALES under `policy` in `state`.
fn assignment(policy: &str, state: &str) -> Value {
    json!({ "accessPackageId": AP_SALES, "assignmentPolicyId": policy, "state": state })
}

fn holding(mut principal: Value, assignment: Value) -> Value {
    principal["assignments"] = json!([assignment]);
    principal
}

// ---------------------------------------------------------------------------
// Requests and answers
// ---------------------------------------------------------------------------

/// An `applicablePolicies` request for AP-SALES in CAT-SALES (published, externally visible).
struct Req(Value);

impl Req {
    fn new(policies: Vec<Value>) -> Req {
        Req(json!({
            "now": NOW,
            "draft": {
                "catalog": { "id": CAT_SALES, "displayName": "Sales",
                             "description": "Resources for sales staff and sales partners",
                             "state": "published", "isExternallyVisible": true },
                "accessPackage": { "id": AP_SALES, "displayName": "Sales collaboration",
                                   "description": "Membership of the Sales team group",
                                   "isHidden": false, "catalog": { "id": CAT_SALES },
                                   "incompatibleAccessPackages": [], "incompatibleGroups": [] },
                "assignmentPolicies": policies
            },
            "directory": directory()
        }))
    }

    /// Who asks (for a self request, also whom it is for).
    fn by(mut self, requester: Value) -> Req {
        self.0["requester"] = requester;
        self
    }

    /// An on-behalf request for `target`.
    fn on_behalf_of(mut self, target: Value) -> Req {
        self.0["initiator"] = json!("onBehalf");
        self.0["target"] = target;
        self
    }

    /// An administrator's direct assignment of `target` (frank is the administrator).
    fn admin_assigns(mut self, target: Value) -> Req {
        self.0["initiator"] = json!("admin");
        self.0["requester"] = frank();
        self.0["target"] = target;
        self
    }

    fn request_type(mut self, op: &str) -> Req {
        self.0["requestType"] = json!(op);
        self
    }

    fn raw(mut self) -> Req {
        self.0["mode"] = json!("raw");
        self
    }

    fn set(mut self, pointer: &str, value: Value) -> Req {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        self.0.pointer_mut(parent).unwrap()[key] = value;
        self
    }

    fn answer(&self) -> Answer {
        Answer(ask(&self.0))
    }
}

fn ask(request: &Value) -> Value {
    let call = ApplicabilityCall::new(common::to_value(request));
    serde_json::to_value(call.answer()).unwrap()
}

/// The answer, read as JSON.
struct Answer(Value);

impl Answer {
    fn policy(&self, id: &str) -> &Value {
        self.0["policies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["policyId"] == id)
            .unwrap_or_else(|| panic!("no policy {id} in {:#}", self.0))
    }

    fn applies(&self, id: &str) -> bool {
        self.policy(id)["applies"].as_bool().unwrap()
    }

    fn reasons(&self, id: &str) -> Vec<String> {
        strings(&self.policy(id)["reasons"])
    }

    fn requirements(&self, id: &str) -> &Value {
        &self.policy(id)["requirements"]
    }

    fn package_reasons(&self) -> Vec<String> {
        strings(&self.0["reasons"])
    }

    fn requestable(&self) -> bool {
        self.0["requestable"].as_bool().unwrap()
    }

    fn listed(&self) -> bool {
        self.0["listedInMyAccess"].as_bool().unwrap()
    }

    /// Ids of the policies that apply, in answer order.
    fn applying(&self) -> Vec<String> {
        self.0["policies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["applies"] == true)
            .map(|p| p["policyId"].as_str().unwrap().to_string())
            .collect()
    }

    /// `(code, path)` of every diagnostic.
    fn diagnostics(&self) -> Vec<(String, String)> {
        self.0["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["path"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Asserts the policy applies, with no reasons and with requirements.
    fn assert_applies(&self, id: &str) {
        let p = self.policy(id);
        assert_eq!(p["applies"], true, "{id} should apply: {:#}", self.0);
        assert_eq!(p["reasons"], json!([]), "{id}: {:#}", self.0);
        assert!(p["requirements"].is_object(), "{id}: {:#}", self.0);
    }

    /// Asserts the policy does not apply, for exactly `codes`, without requirements.
    fn assert_denied(&self, id: &str, codes: &[&str]) {
        let p = self.policy(id);
        assert_eq!(p["applies"], false, "{id} should not apply: {:#}", self.0);
        assert_eq!(self.reasons(id), codes, "{id}: {:#}", self.0);
        assert!(p["requirements"].is_null(), "{id}: {:#}", self.0);
    }

    /// Asserts the policy does not apply and `code` is among its reasons.
    fn assert_denied_with(&self, id: &str, code: &str) {
        assert!(!self.applies(id), "{id} should not apply: {:#}", self.0);
        assert!(
            self.reasons(id).iter().any(|c| c == code),
            "{id} should give {code}: {:#}",
            self.0
        );
        assert!(self.requirements(id).is_null(), "{id}: {:#}", self.0);
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

// ===========================================================================
// 1. Scope matching per allowedTargetScope (§3.2)
// ===========================================================================

#[test]
fn a_self_request_under_a_direct_assignment_policy_is_direct_assignment_only() {
    let a = Req::new(vec![p_direct()]).by(alice()).answer();
    a.assert_denied("p-direct", &["DIRECT_ASSIGNMENT_ONLY", "SELF_ADD_DISABLED"]);
    assert!(!a.requestable());
}

#[test]
fn an_on_behalf_request_under_a_direct_assignment_policy_is_direct_assignment_only() {
    let a = Req::new(vec![p_direct()])
        .by(bob())
        .on_behalf_of(alice())
        .answer();
    a.assert_denied_with("p-direct", "DIRECT_ASSIGNMENT_ONLY");
}

#[test]
fn an_administrator_may_assign_an_existing_member_under_a_direct_assignment_policy() {
    let a = Req::new(vec![p_direct()]).admin_assigns(dave()).answer();
    a.assert_applies("p-direct");
    assert!(a.requestable());
}

#[test]
fn an_administrator_may_assign_an_existing_guest_under_a_direct_assignment_policy() {
    let a = Req::new(vec![p_direct()]).admin_assigns(gina()).answer();
    a.assert_applies("p-direct");
}

#[test]
fn an_administrator_cannot_assign_someone_not_in_the_directory_under_a_direct_assignment_policy() {
    let a = Req::new(vec![p_direct()]).admin_assigns(pat()).answer();
    a.assert_denied("p-direct", &["NOT_IN_SCOPE"]);
    assert!(!a.requestable());
}

#[test]
fn a_single_user_target_admits_that_user_only() {
    let p = policy(
        "p-alice",
        "specificDirectoryUsers",
        json!([single_user(ALICE)]),
        self_service(),
    );
    Req::new(vec![p.clone()])
        .by(alice())
        .answer()
        .assert_applies("p-alice");
    Req::new(vec![p])
        .by(bob())
        .answer()
        .assert_denied("p-alice", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_guest_named_as_a_single_user_target_is_in_scope() {
    let p = policy(
        "p-gina",
        "specificDirectoryUsers",
        json!([single_user(GINA)]),
        self_service(),
    );
    Req::new(vec![p])
        .by(gina())
        .answer()
        .assert_applies("p-gina");
}

#[test]
fn a_group_target_admits_a_user_whose_own_group_ids_list_the_group() {
    // henry is not among G-SALES's directory members: only his own groupIds say so.
    let mut henry_in_sales = henry();
    henry_in_sales["groupIds"] = json!([G_ALL, G_SALES]);
    Req::new(vec![p_sales_team()])
        .by(henry_in_sales)
        .answer()
        .assert_applies("p-sales-team");
}

#[test]
fn a_group_target_admits_a_user_listed_in_the_directory_groups_member_ids() {
    let alice_without_groups = json!({ "id": ALICE, "userType": "Member", "managerIds": [BOB] });
    Req::new(vec![p_sales_team()])
        .by(alice_without_groups)
        .answer()
        .assert_applies("p-sales-team");
}

#[test]
fn a_group_target_does_not_admit_a_user_outside_the_group() {
    Req::new(vec![p_sales_team()])
        .by(dave())
        .answer()
        .assert_denied("p-sales-team", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_specific_directory_users_policy_does_not_admit_users_not_in_the_directory() {
    for outsider in [pat(), xavier()] {
        Req::new(vec![p_sales_team()])
            .by(outsider)
            .answer()
            .assert_denied("p-sales-team", &["NOT_IN_SCOPE"]);
    }
}

#[test]
fn a_member_is_in_scope_of_an_all_members_policy() {
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob())
        .answer()
        .assert_applies("p-members");
}

#[test]
fn a_guest_is_not_in_scope_of_an_all_members_policy() {
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(gina())
        .answer()
        .assert_denied("p-members", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_requester_given_by_id_alone_is_judged_by_the_directorys_record() {
    // The directory knows gina as a guest and alice as a member of G-SALES; the
    // request names them by id only.
    let with_users = |req: Req| req.set("/directory/users", json!([gina(), alice()]));
    with_users(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
        .by(json!({ "id": GINA }))
        .answer()
        .assert_denied("p-members", &["NOT_IN_SCOPE"]);
    // Bob is alice's manager only in the directory's record of her.
    with_users(Req::new(vec![policy(
        "p-managers",
        "allMemberUsers",
        json!([]),
        on_behalf_by(json!([target_manager(1)]), true, false, false),
    )]))
    .by(bob())
    .on_behalf_of(json!({ "id": ALICE }))
    .answer()
    .assert_applies("p-managers");
}

#[test]
fn what_the_request_says_of_the_requester_wins_over_the_directory() {
    // The directory's record says guest; the request says member.
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .set("/directory/users", json!([gina()]))
        .by(json!({ "id": GINA, "userType": "Member" }))
        .answer()
        .assert_applies("p-members");
}

#[test]
fn someone_not_in_the_directory_is_not_in_scope_of_an_all_members_policy() {
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(pat())
        .answer()
        .assert_denied("p-members", &["NOT_IN_SCOPE"]);
}

#[test]
fn members_and_guests_are_in_scope_of_an_all_directory_users_policy() {
    for user in [bob(), gina()] {
        Req::new(vec![open_policy("p-everyone", "allDirectoryUsers")])
            .by(user)
            .answer()
            .assert_applies("p-everyone");
    }
}

#[test]
fn someone_not_in_the_directory_is_not_in_scope_of_an_all_directory_users_policy() {
    for outsider in [pat(), xavier()] {
        Req::new(vec![open_policy("p-everyone", "allDirectoryUsers")])
            .by(outsider)
            .answer()
            .assert_denied("p-everyone", &["NOT_IN_SCOPE"]);
    }
}

#[test]
fn a_guest_whose_connected_organization_is_given_is_in_scope_of_a_policy_listing_it() {
    Req::new(vec![p_partners()])
        .by(gina())
        .answer()
        .assert_applies("p-partners");
}

#[test]
fn a_user_signing_in_with_the_organizations_entra_tenant_is_resolved_to_it() {
    // pat carries no connectedOrganizationId: homeTenantId t-contoso + Entra sign-in finds CO-CONTOSO.
    Req::new(vec![p_partners()])
        .by(pat())
        .answer()
        .assert_applies("p-partners");
    Req::new(vec![p_partners()])
        .by(gina_unresolved())
        .answer()
        .assert_applies("p-partners");
}

#[test]
fn a_user_with_the_organizations_mail_domain_who_signs_in_otherwise_is_not_recognised() {
    // §3.4: a personal account with a Contoso address did not authenticate through the tenant.
    let personal = json!({ "id": null, "mail": "pat@contoso.example", "authKind": "msa" });
    Req::new(vec![p_partners()])
        .by(personal)
        .answer()
        .assert_denied("p-partners", &["NOT_IN_SCOPE"]);
    let passcode = json!({ "id": null, "mail": "pat@contoso.example", "homeTenantId": "t-contoso",
                           "authKind": "otp" });
    Req::new(vec![p_partners()])
        .by(passcode)
        .answer()
        .assert_denied("p-partners", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_one_time_passcode_user_is_resolved_by_mail_domain() {
    let p = policy(
        "p-woodgrove",
        "specificConnectedOrganizationUsers",
        json!([org_members(CO_WOODGROVE)]),
        self_service(),
    );
    Req::new(vec![p.clone()])
        .by(olga())
        .answer()
        .assert_applies("p-woodgrove");
    // The same address signing in through some Entra tenant is not a passcode user of Woodgrove.
    let entra = json!({ "id": null, "mail": "olga@woodgrove.example", "homeTenantId": "t-other",
                        "authKind": "entra" });
    Req::new(vec![p])
        .by(entra)
        .answer()
        .assert_denied("p-woodgrove", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_proposed_connected_organization_listed_explicitly_still_matches() {
    let p = policy(
        "p-live",
        "specificConnectedOrganizationUsers",
        json!([org_members(CO_LIVE)]),
        self_service(),
    );
    Req::new(vec![p])
        .by(lena())
        .answer()
        .assert_applies("p-live");
}

#[test]
fn users_of_other_or_no_organizations_are_not_in_scope_of_a_specific_connected_organization_policy()
{
    for user in [xavier(), lena(), olga(), alice()] {
        Req::new(vec![p_partners()])
            .by(user)
            .answer()
            .assert_denied("p-partners", &["NOT_IN_SCOPE"]);
    }
}

#[test]
fn users_of_a_configured_organization_are_in_scope_of_all_configured_connected_organizations() {
    for user in [pat(), gina(), olga()] {
        Req::new(vec![open_policy(
            "p-configured",
            "allConfiguredConnectedOrganizationUsers",
        )])
        .by(user)
        .answer()
        .assert_applies("p-configured");
    }
}

#[test]
fn users_of_a_proposed_organization_are_not_in_scope_of_all_configured_connected_organizations() {
    Req::new(vec![open_policy(
        "p-configured",
        "allConfiguredConnectedOrganizationUsers",
    )])
    .by(lena())
    .answer()
    .assert_denied("p-configured", &["NOT_IN_SCOPE"]);
}

#[test]
fn users_without_an_organization_are_not_in_scope_of_all_configured_connected_organizations() {
    for user in [xavier(), bob()] {
        Req::new(vec![open_policy(
            "p-configured",
            "allConfiguredConnectedOrganizationUsers",
        )])
        .by(user)
        .answer()
        .assert_denied("p-configured", &["NOT_IN_SCOPE"]);
    }
}

#[test]
fn a_configured_organization_wins_a_tie_with_a_proposed_one() {
    // §3.4: lena's live.com address also matches a configured organization: prefer it.
    let mut req = Req::new(vec![open_policy(
        "p-configured",
        "allConfiguredConnectedOrganizationUsers",
    )])
    .by(lena());
    req.0["directory"]["connectedOrganizations"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "e0000000-0000-0000-0000-000000000009", "displayName": "Live (configured)",
                      "state": "configured",
                      "identitySources": [ { "@odata.type": "#microsoft.graph.domainIdentitySource",
                                             "displayName": "live.com", "domainName": "live.com" } ] }));
    req.answer().assert_applies("p-configured");
}

#[test]
fn someone_not_in_the_directory_is_in_scope_of_all_external_users() {
    for user in [xavier(), pat(), lena()] {
        Req::new(vec![open_policy("p-external", "allExternalUsers")])
            .by(user)
            .answer()
            .assert_applies("p-external");
    }
}

#[test]
fn a_guest_is_in_scope_of_all_external_users() {
    Req::new(vec![open_policy("p-external", "allExternalUsers")])
        .by(gina())
        .answer()
        .assert_applies("p-external");
}

#[test]
fn a_member_is_not_in_scope_of_all_external_users() {
    Req::new(vec![open_policy("p-external", "allExternalUsers")])
        .by(bob())
        .answer()
        .assert_denied("p-external", &["NOT_IN_SCOPE"]);
}

#[test]
fn a_listed_service_principal_is_in_scope_of_a_specific_service_principals_policy() {
    let p = policy(
        "p-sp",
        "specificDirectoryServicePrincipals",
        json!([single_service_principal(SVC_SYNC)]),
        no_requests(),
    );
    Req::new(vec![p.clone()])
        .admin_assigns(svc_sync())
        .answer()
        .assert_applies("p-sp");
    Req::new(vec![p])
        .admin_assigns(svc_other())
        .answer()
        .assert_denied("p-sp", &["NOT_IN_SCOPE"]);
}

#[test]
fn any_service_principal_is_in_scope_of_an_all_service_principals_policy() {
    for sp in [svc_sync(), svc_other()] {
        Req::new(vec![policy(
            "p-all-sp",
            "allDirectoryServicePrincipals",
            json!([]),
            no_requests(),
        )])
        .admin_assigns(sp)
        .answer()
        .assert_applies("p-all-sp");
    }
}

#[test]
fn a_user_against_a_service_principal_scope_is_a_principal_kind_mismatch() {
    let specific = policy(
        "p-sp",
        "specificDirectoryServicePrincipals",
        json!([single_service_principal(SVC_SYNC)]),
        no_requests(),
    );
    let all = policy(
        "p-all-sp",
        "allDirectoryServicePrincipals",
        json!([]),
        no_requests(),
    );
    let a = Req::new(vec![specific, all]).admin_assigns(bob()).answer();
    a.assert_denied("p-sp", &["PRINCIPAL_KIND_MISMATCH"]);
    a.assert_denied("p-all-sp", &["PRINCIPAL_KIND_MISMATCH"]);
}

#[test]
fn a_service_principal_against_a_user_scope_is_a_principal_kind_mismatch() {
    let policies = vec![
        p_direct(),
        p_sales_team(),
        p_partners(),
        open_policy("p-members", "allMemberUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
        open_policy("p-configured", "allConfiguredConnectedOrganizationUsers"),
        open_policy("p-external", "allExternalUsers"),
    ];
    let a = Req::new(policies).admin_assigns(svc_sync()).answer();
    for id in [
        "p-direct",
        "p-sales-team",
        "p-partners",
        "p-members",
        "p-everyone",
        "p-configured",
        "p-external",
    ] {
        a.assert_denied(id, &["PRINCIPAL_KIND_MISMATCH"]);
    }
    assert!(!a.requestable());
    assert_eq!(a.package_reasons(), ["PRINCIPAL_KIND_MISMATCH"]);
}

#[test]
fn a_service_principal_asking_for_itself_under_user_policies_is_a_principal_kind_mismatch() {
    // §5.13, svc-sync row.
    let a = Req::new(vec![
        p_sales_team(),
        open_policy("p-members", "allMemberUsers"),
    ])
    .by(svc_sync())
    .answer();
    a.assert_denied("p-sales-team", &["PRINCIPAL_KIND_MISMATCH"]);
    a.assert_denied("p-members", &["PRINCIPAL_KIND_MISMATCH"]);
    assert_eq!(a.package_reasons(), ["PRINCIPAL_KIND_MISMATCH"]);
}

#[test]
fn a_federated_user_is_resolved_by_mail_domain() {
    let mut req = Req::new(vec![open_policy(
        "p-configured",
        "allConfiguredConnectedOrganizationUsers",
    )])
    .by(json!({ "id": null, "mail": "tom@tailspin.example", "authKind": "federation" }));
    req.0["directory"]["connectedOrganizations"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "e0000000-0000-0000-0000-000000000008", "displayName": "Tailspin",
                      "state": "configured",
                      "identitySources": [ { "@odata.type": "#microsoft.graph.externalDomainFederation",
                                             "domainName": "tailspin.example",
                                             "issuerUri": "https://sts.tailspin.example" } ] }));
    req.answer().assert_applies("p-configured");
}

#[test]
fn targets_are_recognised_with_or_without_the_graph_prefix() {
    // api.md: `@odata.type` with or without `#` and `microsoft.graph.`.
    let p = policy(
        "p-short",
        "specificDirectoryUsers",
        json!([{ "@odata.type": "groupMembers", "groupId": G_SALES },
               { "@odata.type": "microsoft.graph.singleUser", "userId": HENRY }]),
        self_service(),
    );
    Req::new(vec![p.clone()])
        .by(alice())
        .answer()
        .assert_applies("p-short");
    Req::new(vec![p])
        .by(henry())
        .answer()
        .assert_applies("p-short");
}

// ===========================================================================
// 2. Package gates (§3.5 step A)
// ===========================================================================

fn unpublished(req: Req) -> Req {
    req.set("/draft/catalog/state", json!("unpublished"))
}

fn not_external(req: Req) -> Req {
    req.set("/draft/catalog/isExternallyVisible", json!(false))
}

#[test]
fn an_unpublished_catalog_blocks_self_requests() {
    let a = unpublished(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
        .by(bob())
        .answer();
    a.assert_denied("p-members", &["CATALOG_DISABLED"]);
    assert!(!a.requestable());
    assert!(!a.listed());
    assert_eq!(a.package_reasons(), ["CATALOG_DISABLED"]);
}

#[test]
fn an_unpublished_catalog_blocks_on_behalf_requests() {
    let a = unpublished(Req::new(vec![p_sales_team()]))
        .by(bob())
        .on_behalf_of(alice())
        .answer();
    a.assert_denied("p-sales-team", &["CATALOG_DISABLED"]);
    assert_eq!(a.package_reasons(), ["CATALOG_DISABLED"]);
}

#[test]
fn an_unpublished_catalog_does_not_block_administrators() {
    let a = unpublished(Req::new(vec![p_direct()]))
        .admin_assigns(dave())
        .answer();
    a.assert_applies("p-direct");
    assert_eq!(a.package_reasons(), Vec::<String>::new());
}

#[test]
fn a_catalog_not_visible_externally_turns_away_someone_not_in_the_directory() {
    let a = not_external(Req::new(vec![
        p_partners(),
        open_policy("p-external", "allExternalUsers"),
    ]))
    .by(pat())
    .answer();
    a.assert_denied("p-partners", &["CATALOG_NOT_EXTERNAL"]);
    a.assert_denied("p-external", &["CATALOG_NOT_EXTERNAL"]);
    assert_eq!(a.package_reasons(), ["CATALOG_NOT_EXTERNAL"]);
    assert!(!a.requestable());
}

#[test]
fn a_catalog_not_visible_externally_turns_away_a_guest_matched_only_by_a_connected_organization_policy(
) {
    let a = not_external(Req::new(vec![p_partners()]))
        .by(gina())
        .answer();
    a.assert_denied("p-partners", &["CATALOG_NOT_EXTERNAL"]);
    assert!(!a.requestable());
}

#[test]
fn a_catalog_not_visible_externally_does_not_concern_members() {
    let a = not_external(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
        .by(bob())
        .answer();
    a.assert_applies("p-members");
}

#[test]
fn a_disabled_account_cannot_request() {
    // §5.13, erin row: every policy she would otherwise match says ACCOUNT_DISABLED.
    let a = Req::new(vec![
        p_sales_team(),
        open_policy("p-members", "allMemberUsers"),
    ])
    .by(erin())
    .answer();
    a.assert_denied("p-sales-team", &["ACCOUNT_DISABLED"]);
    a.assert_denied("p-members", &["ACCOUNT_DISABLED"]);
    assert_eq!(a.package_reasons(), ["ACCOUNT_DISABLED"]);
    assert!(!a.requestable());
}

#[test]
fn a_disabled_on_behalf_requestor_cannot_request_for_someone_else() {
    let mut disabled_bob = bob();
    disabled_bob["accountEnabled"] = json!(false);
    let a = Req::new(vec![p_sales_team()])
        .by(disabled_bob)
        .on_behalf_of(alice())
        .answer();
    a.assert_denied("p-sales-team", &["ACCOUNT_DISABLED"]);
    assert_eq!(a.package_reasons(), ["ACCOUNT_DISABLED"]);
}

#[test]
fn a_disabled_target_cannot_be_requested_for() {
    let mut erin_managed = erin();
    erin_managed["managerIds"] = json!([BOB]);
    let a = Req::new(vec![p_sales_team()])
        .by(bob())
        .on_behalf_of(erin_managed)
        .answer();
    a.assert_denied("p-sales-team", &["ACCOUNT_DISABLED"]);
}

fn incompatible_with_ap_dev(req: Req) -> Req {
    req.set(
        "/draft/accessPackage/incompatibleAccessPackages",
        json!([{ "id": AP_DEV }]),
    )
}

fn incompatible_with_fin_admins(req: Req) -> Req {
    req.set(
        "/draft/accessPackage/incompatibleGroups",
        json!([{ "id": G_FIN_ADMINS }]),
    )
}

/// bob holding AP-DEV in `state`.
fn bob_holding_ap_dev(state: &str) -> Value {
    holding(
        bob(),
        json!({ "accessPackageId": AP_DEV,
                "assignmentPolicyId": "p0000000-0000-0000-0000-000000000009", "state": state }),
    )
}

#[test]
fn an_active_assignment_of_an_incompatible_package_blocks_the_request() {
    for state in ["delivered", "partiallyDelivered", "delivering"] {
        let a =
            incompatible_with_ap_dev(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
                .by(bob_holding_ap_dev(state))
                .answer();
        a.assert_denied("p-members", &["INCOMPATIBLE_PACKAGE"]);
        assert_eq!(a.package_reasons(), ["INCOMPATIBLE_PACKAGE"], "{state}");
    }
}

#[test]
fn an_expired_assignment_of_an_incompatible_package_does_not_block_the_request() {
    let a = incompatible_with_ap_dev(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
        .by(bob_holding_ap_dev("expired"))
        .answer();
    a.assert_applies("p-members");
}

#[test]
fn incompatibility_is_one_way() {
    // AP-DEV lists AP-SALES as incompatible; AP-SALES lists nothing: dave may request AP-SALES.
    let mut req = Req::new(vec![open_policy("p-members", "allMemberUsers")]).by(dave());
    req.0["directory"]["accessPackages"] = json!([
        { "id": AP_DEV, "displayName": "AP-DEV", "catalog": { "id": "c0000000-0000-0000-0000-000000000002" },
          "incompatibleAccessPackages": [ { "id": AP_SALES } ] }
    ]);
    req.answer().assert_applies("p-members");
}

#[test]
fn membership_of_an_incompatible_group_blocks_the_request() {
    // dave is in G-FIN-ADMINS by his own groupIds and by the directory group.
    let a =
        incompatible_with_fin_admins(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
            .by(dave())
            .answer();
    a.assert_denied("p-members", &["INCOMPATIBLE_GROUP"]);
    assert_eq!(a.package_reasons(), ["INCOMPATIBLE_GROUP"]);
    // Known only through the directory group's memberIds.
    let a =
        incompatible_with_fin_admins(Req::new(vec![open_policy("p-members", "allMemberUsers")]))
            .by(json!({ "id": DAVE, "userType": "Member" }))
            .answer();
    a.assert_denied("p-members", &["INCOMPATIBLE_GROUP"]);
}

#[test]
fn separation_of_duties_blocks_direct_assignment_too() {
    let a = incompatible_with_fin_admins(incompatible_with_ap_dev(Req::new(vec![p_direct()])))
        .admin_assigns(dave())
        .answer();
    a.assert_denied("p-direct", &["INCOMPATIBLE_PACKAGE", "INCOMPATIBLE_GROUP"]);
    assert_eq!(
        a.package_reasons(),
        ["INCOMPATIBLE_PACKAGE", "INCOMPATIBLE_GROUP"]
    );
}

#[test]
fn separation_of_duties_does_not_stop_giving_access_back() {
    // Step A.4 is for `add` only: dave may still remove an assignment he holds.
    let dave_holding = holding(dave(), assignment("p-members", "delivered"));
    let a = incompatible_with_fin_admins(incompatible_with_ap_dev(Req::new(vec![open_policy(
        "p-members",
        "allMemberUsers",
    )])))
    .by(dave_holding)
    .request_type("remove")
    .answer();
    a.assert_applies("p-members");
}

#[test]
fn a_hidden_package_is_requestable_but_not_listed_in_my_access() {
    let a = Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .set("/draft/accessPackage/isHidden", json!(true))
        .by(bob())
        .answer();
    a.assert_applies("p-members");
    assert!(a.requestable());
    assert!(!a.listed());
    assert_eq!(a.package_reasons(), Vec::<String>::new());
}

#[test]
fn a_visible_requestable_package_is_listed_in_my_access() {
    let a = Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob())
        .answer();
    assert!(a.requestable());
    assert!(a.listed());
}

#[test]
fn a_requester_failing_three_gates_gets_all_three_codes() {
    // erin: catalog unpublished, her account disabled, and a member of an incompatible group.
    let mut erin_fin = erin();
    erin_fin["groupIds"] = json!([G_SALES, G_ALL, G_FIN_ADMINS]);
    let a = incompatible_with_fin_admins(unpublished(Req::new(vec![
        p_sales_team(),
        open_policy("p-members", "allMemberUsers"),
    ])))
    .by(erin_fin)
    .answer();
    let three = ["CATALOG_DISABLED", "ACCOUNT_DISABLED", "INCOMPATIBLE_GROUP"];
    assert_eq!(a.package_reasons(), three);
    a.assert_denied("p-sales-team", &three);
    a.assert_denied("p-members", &three);
    assert!(!a.requestable());
    assert!(!a.listed());
}

#[test]
fn package_gates_and_policy_reasons_are_reported_together() {
    // bob is outside P-SALES-TEAM's group and the catalog is unpublished: both codes.
    let a = unpublished(Req::new(vec![p_sales_team()]))
        .by(bob())
        .answer();
    a.assert_denied("p-sales-team", &["CATALOG_DISABLED", "NOT_IN_SCOPE"]);
}

#[test]
fn an_administrator_cannot_assign_a_disabled_account() {
    Req::new(vec![p_direct()])
        .admin_assigns(erin())
        .answer()
        .assert_denied("p-direct", &["ACCOUNT_DISABLED"]);
}

#[test]
fn separation_of_duties_applies_to_on_behalf_requests_for_the_target() {
    let alice_dev = holding(
        alice(),
        json!({ "accessPackageId": AP_DEV,
                "assignmentPolicyId": "p0000000-0000-0000-0000-000000000009", "state": "delivered" }),
    );
    incompatible_with_ap_dev(Req::new(vec![p_sales_team()]))
        .by(bob())
        .on_behalf_of(alice_dev)
        .answer()
        .assert_denied("p-sales-team", &["INCOMPATIBLE_PACKAGE"]);
}

#[test]
fn a_catalog_named_in_another_case_still_gates_its_packages() {
    // README "Known differences": ids are compared ignoring case (object ids are GUIDs).
    let mut req = unpublished(Req::new(vec![open_policy("p-members", "allMemberUsers")])).by(bob());
    let catalog = req.0["draft"]
        .as_object_mut()
        .unwrap()
        .remove("catalog")
        .unwrap();
    req.0["directory"]["catalogs"] = json!([catalog]);
    req.0["draft"]["accessPackage"]["catalog"]["id"] = json!(CAT_SALES.to_uppercase());
    req.answer()
        .assert_denied("p-members", &["CATALOG_DISABLED"]);
}

// ===========================================================================
// 3. Initiator × request type (§3.5 step B.3), automatic policies, extension
// ===========================================================================

fn members_policy_with(requestor: Value) -> Value {
    policy("p-members", "allMemberUsers", json!([]), requestor)
}

#[test]
fn a_user_may_request_for_themselves_when_self_add_is_on() {
    Req::new(vec![members_policy_with(self_service())])
        .by(bob())
        .answer()
        .assert_applies("p-members");
}

#[test]
fn a_user_may_not_request_for_themselves_when_self_add_is_off() {
    let mut requestor = self_service();
    requestor["enableTargetsToSelfAddAccess"] = json!(false);
    Req::new(vec![members_policy_with(requestor)])
        .by(bob())
        .answer()
        .assert_denied("p-members", &["SELF_ADD_DISABLED"]);
}

#[test]
fn a_user_may_update_their_assignment_from_the_policy_when_self_update_is_on() {
    let a = Req::new(vec![members_policy_with(self_service())])
        .by(holding(bob(), assignment("p-members", "delivered")))
        .request_type("update")
        .answer();
    a.assert_applies("p-members");
}

#[test]
fn a_user_may_not_update_when_self_update_is_off() {
    let mut requestor = self_service();
    requestor["enableTargetsToSelfUpdateAccess"] = json!(false);
    Req::new(vec![members_policy_with(requestor)])
        .by(holding(bob(), assignment("p-members", "delivered")))
        .request_type("update")
        .answer()
        .assert_denied("p-members", &["SELF_UPDATE_DISABLED"]);
}

#[test]
fn a_user_without_an_assignment_from_the_policy_has_nothing_to_update() {
    let a = Req::new(vec![
        members_policy_with(self_service()),
        open_policy("p-everyone", "allDirectoryUsers"),
    ])
    .by(holding(bob(), assignment("p-everyone", "delivered")))
    .request_type("update")
    .answer();
    a.assert_denied("p-members", &["NO_ASSIGNMENT_TO_CHANGE"]);
    a.assert_applies("p-everyone");
}

#[test]
fn a_user_whose_assignment_expired_has_nothing_to_update() {
    Req::new(vec![members_policy_with(self_service())])
        .by(holding(bob(), assignment("p-members", "expired")))
        .request_type("update")
        .answer()
        .assert_denied("p-members", &["NO_ASSIGNMENT_TO_CHANGE"]);
}

#[test]
fn a_user_may_remove_their_assignment_when_self_remove_is_on() {
    Req::new(vec![members_policy_with(self_service())])
        .by(holding(bob(), assignment("p-members", "delivered")))
        .request_type("remove")
        .answer()
        .assert_applies("p-members");
}

#[test]
fn a_user_may_not_remove_when_self_remove_is_off() {
    let mut requestor = self_service();
    requestor["enableTargetsToSelfRemoveAccess"] = json!(false);
    Req::new(vec![members_policy_with(requestor)])
        .by(holding(bob(), assignment("p-members", "delivered")))
        .request_type("remove")
        .answer()
        .assert_denied("p-members", &["SELF_REMOVE_DISABLED"]);
}

#[test]
fn a_user_without_an_assignment_has_nothing_to_remove() {
    Req::new(vec![members_policy_with(self_service())])
        .by(bob())
        .request_type("remove")
        .answer()
        .assert_denied("p-members", &["NO_ASSIGNMENT_TO_CHANGE"]);
}

#[test]
fn the_direct_manager_may_request_for_the_target_under_a_level_one_target_manager_policy() {
    // §5.2 / §5.13: bob for alice.
    let a = Req::new(vec![p_sales_team()])
        .by(bob())
        .on_behalf_of(alice())
        .answer();
    a.assert_applies("p-sales-team");
    assert!(a.requestable());
}

#[test]
fn the_second_level_manager_may_not_request_under_a_level_one_target_manager_policy() {
    Req::new(vec![p_sales_team()])
        .by(carol())
        .on_behalf_of(alice())
        .answer()
        .assert_denied("p-sales-team", &["NOT_ON_BEHALF_REQUESTOR"]);
}

#[test]
fn a_level_two_target_manager_policy_accepts_both_managers() {
    let mut p = p_sales_team();
    p["requestorSettings"]["onBehalfRequestors"] = json!([target_manager(2)]);
    for manager in [bob(), carol()] {
        Req::new(vec![p.clone()])
            .by(manager)
            .on_behalf_of(alice())
            .answer()
            .assert_applies("p-sales-team");
    }
    Req::new(vec![p])
        .by(frank())
        .on_behalf_of(alice())
        .answer()
        .assert_denied("p-sales-team", &["NOT_ON_BEHALF_REQUESTOR"]);
}

#[test]
fn a_single_user_on_behalf_requestor_may_request_for_others() {
    let p = policy(
        "p-members",
        "allMemberUsers",
        json!([]),
        on_behalf_by(json!([single_user(FRANK)]), true, true, true),
    );
    Req::new(vec![p.clone()])
        .by(frank())
        .on_behalf_of(bob())
        .answer()
        .assert_applies("p-members");
    Req::new(vec![p])
        .by(henry())
        .on_behalf_of(bob())
        .answer()
        .assert_denied("p-members", &["NOT_ON_BEHALF_REQUESTOR"]);
}

#[test]
fn members_of_an_on_behalf_requestor_group_may_request_for_others() {
    let p = policy(
        "p-members",
        "allMemberUsers",
        json!([]),
        on_behalf_by(json!([group_members(G_HELPDESK)]), true, false, false),
    );
    // frank through the directory group's memberIds; henry through his own groupIds.
    let mut henry_helpdesk = henry();
    henry_helpdesk["groupIds"] = json!([G_ALL, G_HELPDESK]);
    for requestor in [frank(), henry_helpdesk] {
        Req::new(vec![p.clone()])
            .by(requestor)
            .on_behalf_of(bob())
            .answer()
            .assert_applies("p-members");
    }
    Req::new(vec![p])
        .by(carol())
        .on_behalf_of(bob())
        .answer()
        .assert_denied("p-members", &["NOT_ON_BEHALF_REQUESTOR"]);
}

#[test]
fn on_behalf_add_is_refused_when_its_switch_is_off() {
    let p = policy(
        "p-members",
        "allMemberUsers",
        json!([]),
        on_behalf_by(json!([single_user(FRANK)]), false, true, true),
    );
    Req::new(vec![p])
        .by(frank())
        .on_behalf_of(bob())
        .answer()
        .assert_denied("p-members", &["ON_BEHALF_DISABLED"]);
}

#[test]
fn the_wrong_person_with_the_switch_off_gets_both_codes() {
    // P-SALES-TEAM: on-behalf update is off, and frank is not alice's manager.
    Req::new(vec![p_sales_team()])
        .by(frank())
        .on_behalf_of(holding(alice(), assignment("p-sales-team", "delivered")))
        .request_type("update")
        .answer()
        .assert_denied(
            "p-sales-team",
            &["NOT_ON_BEHALF_REQUESTOR", "ON_BEHALF_DISABLED"],
        );
}

#[test]
fn on_behalf_update_and_remove_follow_their_switches() {
    let bob_holding = holding(bob(), assignment("p-members", "delivered"));
    for (update, remove) in [(true, false), (false, true)] {
        let p = policy(
            "p-members",
            "allMemberUsers",
            json!([]),
            on_behalf_by(json!([single_user(FRANK)]), false, update, remove),
        );
        for (op, on) in [("update", update), ("remove", remove)] {
            let a = Req::new(vec![p.clone()])
                .by(frank())
                .on_behalf_of(bob_holding.clone())
                .request_type(op)
                .answer();
            if on {
                a.assert_applies("p-members");
            } else {
                a.assert_denied("p-members", &["ON_BEHALF_DISABLED"]);
            }
        }
    }
}

#[test]
fn on_behalf_update_and_remove_need_an_assignment_from_the_policy() {
    let p = policy(
        "p-members",
        "allMemberUsers",
        json!([]),
        on_behalf_by(json!([single_user(FRANK)]), true, true, true),
    );
    for op in ["update", "remove"] {
        Req::new(vec![p.clone()])
            .by(frank())
            .on_behalf_of(bob())
            .request_type(op)
            .answer()
            .assert_denied("p-members", &["NO_ASSIGNMENT_TO_CHANGE"]);
    }
}

#[test]
fn an_on_behalf_request_is_for_a_target_in_the_policys_scope() {
    // dave's manager asks under P-SALES-TEAM, but dave is not in G-SALES.
    let mut dave_managed = dave();
    dave_managed["managerIds"] = json!([BOB]);
    Req::new(vec![p_sales_team()])
        .by(bob())
        .on_behalf_of(dave_managed)
        .answer()
        .assert_denied("p-sales-team", &["NOT_IN_SCOPE"]);
}

#[test]
fn an_administrator_may_add_whatever_the_requestor_switches_say() {
    let a = Req::new(vec![members_policy_with(no_requests())])
        .admin_assigns(bob())
        .answer();
    a.assert_applies("p-members");
}

#[test]
fn an_administrator_may_update_and_remove_an_assignment() {
    for op in ["update", "remove"] {
        Req::new(vec![members_policy_with(no_requests())])
            .admin_assigns(holding(bob(), assignment("p-members", "delivered")))
            .request_type(op)
            .answer()
            .assert_applies("p-members");
    }
}

#[test]
fn an_administrator_is_still_bound_by_the_policys_scope() {
    let a = Req::new(vec![members_policy_with(no_requests()), p_sales_team()])
        .admin_assigns(pat())
        .answer();
    a.assert_denied("p-members", &["NOT_IN_SCOPE"]);
    a.assert_denied("p-sales-team", &["NOT_IN_SCOPE"]);
}

#[test]
fn an_administrator_may_assign_an_external_user_under_a_policy_for_users_not_in_the_directory() {
    Req::new(vec![p_partners(), p_direct()])
        .admin_assigns(pat())
        .answer()
        .assert_applies("p-partners");
}

#[test]
fn an_automatic_policy_never_applies_to_a_client_request() {
    // henry is in P-AUTO-SALES's scope (department Sales).
    let henry_holding = holding(henry(), assignment("p-auto-sales", "delivered"));
    let cases: Vec<(&str, Req)> = vec![
        ("user add", Req::new(vec![p_auto_sales()]).by(henry())),
        (
            "user update",
            Req::new(vec![p_auto_sales()])
                .by(henry_holding.clone())
                .request_type("update"),
        ),
        (
            "user remove",
            Req::new(vec![p_auto_sales()])
                .by(henry_holding.clone())
                .request_type("remove"),
        ),
        (
            "on-behalf add",
            Req::new(vec![p_auto_sales()])
                .by(frank())
                .on_behalf_of(henry()),
        ),
        (
            "admin add",
            Req::new(vec![p_auto_sales()]).admin_assigns(henry()),
        ),
        (
            "admin update",
            Req::new(vec![p_auto_sales()])
                .admin_assigns(henry_holding.clone())
                .request_type("update"),
        ),
        (
            "admin remove",
            Req::new(vec![p_auto_sales()])
                .admin_assigns(henry_holding)
                .request_type("remove"),
        ),
    ];
    for (what, req) in cases {
        let a = req.answer();
        assert!(!a.applies("p-auto-sales"), "{what}: {:#}", a.0);
        assert!(
            a.reasons("p-auto-sales")
                .contains(&"AUTOMATIC_POLICY".to_string()),
            "{what}: {:#}",
            a.0
        );
        assert!(a.requirements("p-auto-sales").is_null(), "{what}");
        assert!(!a.requestable(), "{what}");
    }
}

#[test]
fn an_administrator_assigning_under_an_automatic_policy_gets_only_automatic_policy() {
    Req::new(vec![p_auto_sales()])
        .admin_assigns(henry())
        .answer()
        .assert_denied("p-auto-sales", &["AUTOMATIC_POLICY"]);
}

#[test]
fn an_update_after_leaving_the_policys_scope_is_out_of_scope_for_extension() {
    // alice holds P-SALES-TEAM access but has left G-SALES.
    let alice_moved = json!({ "id": ALICE, "userType": "Member", "groupIds": [G_ALL],
                              "managerIds": [BOB, CAROL],
                              "assignments": [ assignment("p-sales-team", "delivered") ] });
    let mut req = Req::new(vec![p_sales_team()])
        .by(alice_moved)
        .request_type("update");
    req.0["directory"]["groups"][0]["memberIds"] = json!([ERIN]);
    let a = req.answer();
    a.assert_denied("p-sales-team", &["OUT_OF_SCOPE_FOR_EXTENSION"]);
    assert!(!a.requestable());
}

#[test]
fn an_update_in_scope_is_judged_under_the_policy_of_the_assignment_without_priority() {
    // alice holds All-members access; the more specific P-SALES-TEAM does not take it over.
    let a = Req::new(vec![
        p_sales_team(),
        open_policy("p-members", "allMemberUsers"),
    ])
    .by(holding(alice(), assignment("p-members", "delivered")))
    .request_type("update")
    .answer();
    a.assert_applies("p-members");
    a.assert_denied("p-sales-team", &["NO_ASSIGNMENT_TO_CHANGE"]);
}

// ===========================================================================
// 4. Priority (§3.5 step C)
// ===========================================================================

#[test]
fn a_specific_policy_beats_an_all_members_policy() {
    let a = Req::new(vec![
        open_policy("p-members", "allMemberUsers"),
        p_sales_team(),
    ])
    .by(alice())
    .answer();
    a.assert_applies("p-sales-team");
    a.assert_denied("p-members", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn an_all_members_policy_beats_an_all_directory_users_policy() {
    let a = Req::new(vec![
        open_policy("p-everyone", "allDirectoryUsers"),
        open_policy("p-members", "allMemberUsers"),
    ])
    .by(bob())
    .answer();
    a.assert_applies("p-members");
    a.assert_denied("p-everyone", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn an_all_directory_users_policy_beats_all_configured_and_all_external_policies() {
    let a = Req::new(vec![
        open_policy("p-configured", "allConfiguredConnectedOrganizationUsers"),
        open_policy("p-external", "allExternalUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
    ])
    .by(gina())
    .answer();
    a.assert_applies("p-everyone");
    a.assert_denied("p-configured", &["LOWER_PRIORITY_POLICY"]);
    a.assert_denied("p-external", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn a_specific_connected_organization_policy_is_most_specific() {
    // §6 C5: "Specific connected organizations" ranks with the specific scopes (§5.13 gina row).
    let a = Req::new(vec![
        open_policy("p-everyone", "allDirectoryUsers"),
        p_partners(),
    ])
    .by(gina())
    .answer();
    a.assert_applies("p-partners");
    a.assert_denied("p-everyone", &["LOWER_PRIORITY_POLICY"]);
    let a = Req::new(vec![
        open_policy("p-external", "allExternalUsers"),
        open_policy("p-configured", "allConfiguredConnectedOrganizationUsers"),
        p_partners(),
    ])
    .by(pat())
    .answer();
    assert_eq!(a.applying(), ["p-partners"]);
    a.assert_denied("p-external", &["LOWER_PRIORITY_POLICY"]);
    a.assert_denied("p-configured", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn all_configured_and_all_external_policies_share_the_lowest_category() {
    let a = Req::new(vec![
        open_policy("p-configured", "allConfiguredConnectedOrganizationUsers"),
        open_policy("p-external", "allExternalUsers"),
    ])
    .by(pat())
    .answer();
    assert_eq!(a.applying(), ["p-configured", "p-external"]);
}

#[test]
fn two_policies_in_the_winning_category_both_apply() {
    let p_alice = policy(
        "p-alice",
        "specificDirectoryUsers",
        json!([single_user(ALICE)]),
        self_service(),
    );
    let a = Req::new(vec![
        p_sales_team(),
        p_alice,
        open_policy("p-members", "allMemberUsers"),
    ])
    .by(alice())
    .answer();
    assert_eq!(a.applying(), ["p-sales-team", "p-alice"]);
    a.assert_denied("p-members", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn a_higher_category_policy_that_does_not_take_the_request_does_not_win() {
    // P-SALES-TEAM with self-add off takes no self request: All members is the best left.
    let mut p = p_sales_team();
    p["requestorSettings"]["enableTargetsToSelfAddAccess"] = json!(false);
    let a = Req::new(vec![p, open_policy("p-members", "allMemberUsers")])
        .by(alice())
        .answer();
    a.assert_denied("p-sales-team", &["SELF_ADD_DISABLED"]);
    a.assert_applies("p-members");
}

#[test]
fn raw_mode_keeps_every_matching_policy() {
    // §5.13 alice, raw.
    let a = Req::new(vec![
        p_sales_team(),
        p_direct(),
        p_partners(),
        open_policy("p-members", "allMemberUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
    ])
    .by(alice())
    .raw()
    .answer();
    assert_eq!(a.applying(), ["p-sales-team", "p-members", "p-everyone"]);
    for id in ["p-sales-team", "p-members", "p-everyone"] {
        assert!(a.requirements(id).is_object(), "{id}");
    }
}

#[test]
fn on_behalf_adds_are_prioritized_too() {
    let mut members = open_policy("p-members", "allMemberUsers");
    members["requestorSettings"] = on_behalf_by(json!([target_manager(1)]), true, false, false);
    let a = Req::new(vec![members, p_sales_team()])
        .by(bob())
        .on_behalf_of(alice())
        .answer();
    a.assert_applies("p-sales-team");
    a.assert_denied("p-members", &["LOWER_PRIORITY_POLICY"]);
}

#[test]
fn administrator_assignments_are_not_prioritized() {
    let a = Req::new(vec![
        p_sales_team(),
        open_policy("p-members", "allMemberUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
        p_direct(),
    ])
    .admin_assigns(alice())
    .answer();
    assert_eq!(
        a.applying(),
        ["p-sales-team", "p-members", "p-everyone", "p-direct"]
    );
}

#[test]
fn someone_already_assigned_cannot_add_again_in_prioritized_mode() {
    // §5.13 henry row: holds an automatic assignment.
    let henry_holding = holding(henry(), assignment("p-auto-sales", "delivered"));
    let policies = vec![
        p_auto_sales(),
        open_policy("p-members", "allMemberUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
    ];
    let a = Req::new(policies.clone())
        .by(henry_holding.clone())
        .answer();
    assert!(!a.requestable());
    assert!(a
        .package_reasons()
        .contains(&"ALREADY_ASSIGNED".to_string()));
    a.assert_denied("p-members", &["ALREADY_ASSIGNED"]);
    a.assert_denied("p-everyone", &["ALREADY_ASSIGNED"]);

    let raw = Req::new(policies).by(henry_holding).raw().answer();
    assert_eq!(raw.applying(), ["p-members", "p-everyone"]);
    assert!(!raw
        .package_reasons()
        .contains(&"ALREADY_ASSIGNED".to_string()));
}

#[test]
fn someone_whose_assignment_expired_may_request_again() {
    let a = Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(holding(bob(), assignment("p-members", "expired")))
        .answer();
    a.assert_applies("p-members");
}

#[test]
fn an_open_request_for_the_package_blocks_another_add() {
    let mut bob_waiting = bob();
    bob_waiting["openRequests"] = json!([
        { "accessPackageId": AP_SALES, "requestType": "userAdd", "state": "pendingApproval" }
    ]);
    let a = Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob_waiting)
        .answer();
    a.assert_denied("p-members", &["PENDING_REQUEST_EXISTS"]);
    assert_eq!(a.package_reasons(), ["PENDING_REQUEST_EXISTS"]);
}

#[test]
fn a_closed_request_does_not_block_another_add() {
    let mut bob_denied = bob();
    bob_denied["openRequests"] = json!([
        { "accessPackageId": AP_SALES, "requestType": "userAdd", "state": "denied" }
    ]);
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob_denied)
        .answer()
        .assert_applies("p-members");
}

#[test]
fn an_assignment_whose_end_has_passed_at_now_counts_as_expired() {
    // §3.5 B.3/B.4: only a non-expired assignment blocks an add or can be updated;
    // an add after expiry is a renewal. At `now` = 2025-06-01 this one ended on 2025-05-01.
    let mut ended = assignment("p-members", "delivered");
    ended["schedule"] = json!({ "startDateTime": "2025-04-01T00:00:00Z",
                                "expiration": { "type": "afterDateTime",
                                                "endDateTime": "2025-05-01T00:00:00Z" } });
    let bob_ended = holding(bob(), ended);
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob_ended.clone())
        .answer()
        .assert_applies("p-members");
    Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob_ended)
        .request_type("update")
        .answer()
        .assert_denied("p-members", &["NO_ASSIGNMENT_TO_CHANGE"]);
}

// ===========================================================================
// 5. Requirements (§3.6, §1.25)
// ===========================================================================

#[test]
fn requirements_map_every_field_of_the_policy() {
    // §5.13, alice in prioritized mode.
    let a = Req::new(vec![p_sales_team()]).by(alice()).answer();
    assert_eq!(
        a.requirements("p-sales-team"),
        &json!({
            "policyId": "p-sales-team",
            "policyDisplayName": "Sales team self-service",
            "policyDescription": "Members of the Sales group can request; manager approves",
            "isApprovalRequiredForAdd": true,
            "isApprovalRequiredForUpdate": true,
            "isRequestorJustificationRequired": true,
            "allowCustomAssignmentSchedule": true,
            "questions": sales_questions(),
            "schedule": { "startDateTime": null, "recurrence": null,
                          "expiration": { "type": "afterDuration", "duration": "P180D", "endDateTime": null } }
        })
    );
}

#[test]
fn requirements_of_a_policy_without_approval_are_all_false() {
    // §5.13, bob: "All members, no approval".
    let mut p = open_policy("p-members", "allMemberUsers");
    p["displayName"] = json!("All members, no approval");
    p["description"] = json!("30-day access for employees");
    p["requestorSettings"]["allowCustomAssignmentSchedule"] = json!(false);
    let a = Req::new(vec![p]).by(bob()).answer();
    assert_eq!(
        a.requirements("p-members"),
        &json!({
            "policyId": "p-members",
            "policyDisplayName": "All members, no approval",
            "policyDescription": "30-day access for employees",
            "isApprovalRequiredForAdd": false,
            "isApprovalRequiredForUpdate": false,
            "isRequestorJustificationRequired": false,
            "allowCustomAssignmentSchedule": false,
            "questions": [],
            "schedule": { "startDateTime": null, "recurrence": null,
                          "expiration": { "type": "afterDuration", "duration": "P30D" } }
        })
    );
}

#[test]
fn absent_settings_give_false_and_null_in_the_requirements() {
    let p = json!({ "id": "p-bare", "displayName": "Bare", "allowedTargetScope": "allMemberUsers",
                    "requestorSettings": { "enableTargetsToSelfAddAccess": true } });
    let a = Req::new(vec![p]).by(bob()).answer();
    assert_eq!(
        a.requirements("p-bare"),
        &json!({
            "policyId": "p-bare",
            "policyDisplayName": "Bare",
            "policyDescription": null,
            "isApprovalRequiredForAdd": false,
            "isApprovalRequiredForUpdate": false,
            "isRequestorJustificationRequired": false,
            "allowCustomAssignmentSchedule": false,
            "questions": [],
            "schedule": { "startDateTime": null, "recurrence": null, "expiration": null }
        })
    );
}

#[test]
fn questions_are_sorted_by_sequence_and_kept_whole() {
    let q = sales_questions();
    let third = json!({
        "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion",
        "id": "q0000000-0000-0000-0000-000000000003",
        "sequence": 3, "isRequired": true, "isAnswerEditable": true,
        "text": "Manager's e-mail", "isSingleLineQuestion": true,
        "regexPattern": "^[^@]+@example\\.com$"
    });
    let mut p = p_sales_team();
    p["questions"] = json!([third.clone(), q[1].clone(), q[0].clone()]);
    let a = Req::new(vec![p]).by(alice()).answer();
    let questions = &a.requirements("p-sales-team")["questions"];
    assert_eq!(questions, &json!([q[0].clone(), q[1].clone(), third]));
    assert_eq!(
        questions[0]["@odata.type"],
        "#microsoft.graph.accessPackageMultipleChoiceQuestion"
    );
    assert_eq!(questions[0]["choices"], q[0]["choices"]);
    assert_eq!(questions[1]["regexPattern"], "^[0-9]{6}$");
}

#[test]
fn the_requirement_schedule_carries_the_policy_expiration_as_written() {
    let a = Req::new(vec![p_direct()]).admin_assigns(dave()).answer();
    assert_eq!(
        a.requirements("p-direct")["schedule"],
        json!({ "startDateTime": null, "recurrence": null,
                "expiration": { "type": "afterDateTime", "endDateTime": "2026-06-30T23:59:59Z",
                                "duration": null } })
    );
    // The P-DIRECT booleans as written.
    let r = a.requirements("p-direct");
    assert_eq!(r["allowCustomAssignmentSchedule"], false);
    assert_eq!(r["isApprovalRequiredForAdd"], false);
}

#[test]
fn requirements_are_null_on_policies_that_do_not_apply() {
    let a = Req::new(vec![
        p_sales_team(),
        p_direct(),
        p_partners(),
        p_auto_sales(),
        open_policy("p-members", "allMemberUsers"),
        open_policy("p-everyone", "allDirectoryUsers"),
    ])
    .by(alice())
    .answer();
    for p in a.0["policies"].as_array().unwrap() {
        if p["applies"] == true {
            assert_eq!(p["requirements"]["policyId"], p["policyId"]);
        } else {
            assert!(p["requirements"].is_null(), "{p:#}");
        }
    }
    assert_eq!(a.applying(), ["p-sales-team"]);
}

#[test]
fn each_policy_answer_carries_its_display_name() {
    let a = Req::new(vec![p_sales_team(), p_direct()])
        .by(alice())
        .answer();
    assert_eq!(
        a.policy("p-sales-team")["displayName"],
        "Sales team self-service"
    );
    assert_eq!(a.policy("p-direct")["displayName"], "p-direct");
    assert_eq!(a.0["accessPackageId"], AP_SALES);
}

// ===========================================================================
// 6. Input
// ===========================================================================

fn has_input_error(a: &Answer, path: &str) -> bool {
    a.diagnostics()
        .iter()
        .any(|(code, at)| code.starts_with("INPUT_") && at == path)
}

#[test]
fn a_missing_requester_is_reported_at_requester() {
    let mut req = Req::new(vec![open_policy("p-members", "allMemberUsers")]);
    req.0.as_object_mut().unwrap().remove("requester");
    let a = req.answer();
    assert!(has_input_error(&a, "/requester"), "{:?}", a.diagnostics());
    assert!(!a.requestable());
}

#[test]
fn a_missing_draft_is_reported_at_draft() {
    let req = json!({ "now": NOW, "requester": bob() });
    let a = Answer(ask(&req));
    assert!(has_input_error(&a, "/draft"), "{:?}", a.diagnostics());
    assert!(!a.requestable());
    assert_eq!(a.0["policies"], json!([]));
}

#[test]
fn a_missing_target_of_an_on_behalf_request_is_reported_at_target() {
    let mut req = Req::new(vec![p_sales_team()]).by(bob());
    req.0["initiator"] = json!("onBehalf");
    let a = req.answer();
    assert!(has_input_error(&a, "/target"), "{:?}", a.diagnostics());
}

#[test]
fn an_unknown_initiator_is_reported_at_initiator() {
    let mut req = Req::new(vec![open_policy("p-members", "allMemberUsers")]).by(bob());
    req.0["initiator"] = json!("manager");
    let a = req.answer();
    assert!(has_input_error(&a, "/initiator"), "{:?}", a.diagnostics());
}

#[test]
fn an_unknown_request_type_is_reported_at_request_type() {
    let req = Req::new(vec![open_policy("p-members", "allMemberUsers")])
        .by(bob())
        .request_type("extend");
    let a = req.answer();
    assert!(has_input_error(&a, "/requestType"), "{:?}", a.diagnostics());
}

#[test]
fn an_unknown_mode_is_reported_at_mode() {
    let mut req = Req::new(vec![open_policy("p-members", "allMemberUsers")]).by(bob());
    req.0["mode"] = json!("everything");
    let a = req.answer();
    assert!(has_input_error(&a, "/mode"), "{:?}", a.diagnostics());
}

#[test]
fn a_well_formed_request_has_no_diagnostics() {
    let a = Req::new(vec![p_sales_team()])
        .by(bob())
        .on_behalf_of(alice())
        .answer();
    assert_eq!(a.diagnostics(), Vec::<(String, String)>::new());
}

#[test]
fn malformed_requests_are_answered_with_diagnostics_never_a_panic() {
    let good = Req::new(vec![p_sales_team()]).by(alice()).0;
    let mut cases: Vec<Value> = vec![
        json!(null),
        json!([]),
        json!("applicablePolicies"),
        json!({}),
        json!({ "now": NOW }),
    ];
    for (pointer, bad) in [
        ("/requester", json!("alice")),
        ("/requester", json!(null)),
        ("/draft", json!([])),
        ("/draft/accessPackage", json!(null)),
        ("/draft/assignmentPolicies", json!({})),
        ("/draft/assignmentPolicies/0", json!(42)),
        (
            "/draft/assignmentPolicies/0/specificAllowedTargets",
            json!("G-SALES"),
        ),
        (
            "/draft/assignmentPolicies/0/requestorSettings/onBehalfRequestors/0",
            json!(true),
        ),
        (
            "/requester/groupIds",
            json!("90000000-0000-0000-0000-000000000001"),
        ),
        ("/requester/assignments", json!([null, 3])),
        ("/directory/groups/0/memberIds", json!({})),
        ("/directory/connectedOrganizations", json!("Contoso")),
        ("/initiator", json!(7)),
        ("/now", json!("yesterday")),
    ] {
        let mut req = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let parent = req.pointer_mut(parent).unwrap();
        match parent {
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = bad,
            other => other[key] = bad,
        }
        cases.push(req);
    }
    for req in cases {
        let result = std::panic::catch_unwind(|| ask(&req));
        let a = Answer(result.unwrap_or_else(|_| panic!("panicked on {req:#}")));
        assert!(
            a.diagnostics().iter().any(|(c, _)| c.starts_with("INPUT_")),
            "no INPUT_ diagnostic for {req:#}: {:#}",
            a.0
        );
    }
}
