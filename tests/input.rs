//! Input that is not what Graph expects: every case answers with `INPUT_*` findings
//! at the right path, never a panic, and keeps evaluating what it can.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::validate_draft;
use entitlement_policy::Severity;
use serde_json::json;

fn report(request: serde_json::Value) -> Vec<(String, String, Severity)> {
    validate_draft(common::to_value(&request))
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.path, d.severity))
        .collect()
}

fn draft_with_policy(policy: serde_json::Value) -> serde_json::Value {
    json!({ "now": "2025-06-01T00:00:00Z", "draft": {
        "accessPackage": { "displayName": "Sales", "description": "Sales", "catalog": { "id": "c1" } },
        "assignmentPolicies": [policy] } })
}

fn base_policy() -> serde_json::Value {
    json!({ "displayName": "All", "description": "All members", "allowedTargetScope": "allMemberUsers",
            "expiration": { "type": "afterDuration", "duration": "P30D" },
            "requestorSettings": { "enableTargetsToSelfAddAccess": true },
            "requestApprovalSettings": { "isApprovalRequiredForAdd": true, "stages": [ {
                "durationBeforeAutomaticDenial": "P7D",
                "primaryApprovers": [ { "@odata.type": "#microsoft.graph.singleUser", "userId": "10000000-0000-0000-0000-000000000003" } ] } ] } })
}

#[test]
fn an_enum_value_graph_may_add_later_is_a_warning_not_an_error() {
    let mut policy = base_policy();
    policy["requestApprovalSettings"]["stages"][0]["approverInformationVisibility"] =
        json!("hiddenFromGuests");
    let found = report(draft_with_policy(policy));
    let at = "/draft/assignmentPolicies/0/requestApprovalSettings/stages/0/approverInformationVisibility";
    assert!(
        found.contains(&(
            "INPUT_UNKNOWN_ENUM_VALUE".into(),
            at.into(),
            Severity::Warning
        )),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, p, s)| p == at && *s == Severity::Error),
        "{found:?}"
    );
}

#[test]
fn unknown_future_value_is_an_error_where_a_value_is_written() {
    let mut policy = base_policy();
    policy["requestApprovalSettings"]["stages"][0]["approverInformationVisibility"] =
        json!("unknownFutureValue");
    let found = report(draft_with_policy(policy));
    assert!(
        found
            .iter()
            .any(|(c, _, s)| c == "STAGE_VISIBILITY_VALUE" && *s == Severity::Error),
        "{found:?}"
    );
}

#[test]
fn a_beta_property_name_points_at_its_v1_name() {
    let mut policy = base_policy();
    policy["requestorSettings"]["scopeType"] = json!("AllExistingDirectoryMemberUsers");
    let report = validate_draft(common::to_value(&draft_with_policy(policy)));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.path == "/draft/assignmentPolicies/0/requestorSettings/scopeType")
        .unwrap();
    assert_eq!(d.code, "INPUT_UNKNOWN_PROPERTY");
    assert!(d.help.as_deref().unwrap().contains("allowedTargetScope"));
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("AllExistingDirectoryMemberUsers → `allMemberUsers`"));
}

#[test]
fn a_misspelt_property_gets_a_did_you_mean() {
    let mut policy = base_policy();
    policy["requestApprovalSettings"]["isApprovalRequiredForAd"] = json!(true);
    let report = validate_draft(common::to_value(&draft_with_policy(policy)));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "INPUT_UNKNOWN_PROPERTY")
        .unwrap();
    assert_eq!(
        d.path,
        "/draft/assignmentPolicies/0/requestApprovalSettings/isApprovalRequiredForAd"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `isApprovalRequiredForAdd`?")
    );
}

#[test]
fn annotations_and_read_only_fields_of_a_pasted_payload_are_accepted_silently() {
    let mut policy = base_policy();
    policy["@odata.context"] =
        json!("https://graph.microsoft.com/v1.0/$metadata#assignmentPolicies/$entity");
    policy["accessPackage@odata.bind"] = json!("https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/a1");
    policy["requestApprovalSettings"]["stages"][0]["@odata.type"] =
        json!("#microsoft.graph.accessPackageApprovalStage");
    let found = report(draft_with_policy(policy));
    assert!(
        !found.iter().any(|(c, _, _)| c.starts_with("INPUT_")),
        "{found:?}"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_reported_and_the_rest_still_validated() {
    let mut policy = base_policy();
    policy["requestorSettings"]["enableTargetsToSelfAddAccess"] = json!(1);
    policy["requestApprovalSettings"]["stages"] = json!([]);
    let found = report(draft_with_policy(policy));
    assert!(found.contains(&(
        "INPUT_WRONG_TYPE".into(),
        "/draft/assignmentPolicies/0/requestorSettings/enableTargetsToSelfAddAccess".into(),
        Severity::Error
    )));
    assert!(
        found.iter().any(|(c, _, _)| c == "APPR_STAGES_REQUIRED"),
        "{found:?}"
    );
}

#[test]
fn booleans_and_numbers_written_as_strings_are_read_as_graph_reads_them() {
    let mut policy = base_policy();
    policy["requestApprovalSettings"]["isApprovalRequiredForAdd"] = json!("true");
    policy["requestApprovalSettings"]["stages"] = json!([]);
    let found = report(draft_with_policy(policy));
    assert!(found
        .iter()
        .any(|(c, _, s)| c == "INPUT_STRING_ENCODED_VALUE" && *s == Severity::Info));
    assert!(
        found.iter().any(|(c, _, _)| c == "APPR_STAGES_REQUIRED"),
        "the string `true` counts as true"
    );
}

#[test]
fn a_missing_now_skips_time_rules_and_says_so() {
    let mut request = draft_with_policy(base_policy());
    request.as_object_mut().unwrap().remove("now");
    request["draft"]["assignmentPolicies"][0]["expiration"] =
        json!({ "type": "afterDateTime", "endDateTime": "2000-01-01T00:00:00Z" });
    let found = report(request);
    assert!(found.contains(&(
        "INPUT_MISSING_REQUIRED".into(),
        "/now".into(),
        Severity::Error
    )));
    assert!(!found.iter().any(|(c, _, _)| c == "EXP_ENDDATE_FUTURE"));
}

#[test]
fn an_unknown_profile_is_reported_and_the_portal_rules_apply() {
    let mut request = draft_with_policy(base_policy());
    request["profile"] = json!("lenient");
    let found = report(request);
    assert!(found.contains(&(
        "INPUT_INVALID_OPTION".into(),
        "/profile".into(),
        Severity::Error
    )));
}

#[test]
fn disabled_rules_are_not_reported() {
    let mut request = draft_with_policy(base_policy());
    request["draft"]["assignmentPolicies"][0]["requestApprovalSettings"]["stages"] = json!([]);
    request["disabledRules"] = json!(["APPR_STAGES_REQUIRED"]);
    assert!(!report(request)
        .iter()
        .any(|(c, _, _)| c == "APPR_STAGES_REQUIRED"));
}

#[test]
fn policies_inside_the_package_are_validated_at_their_own_paths() {
    let mut request = draft_with_policy(base_policy());
    let policy = request["draft"]["assignmentPolicies"][0].clone();
    request["draft"]
        .as_object_mut()
        .unwrap()
        .remove("assignmentPolicies");
    request["draft"]["accessPackage"]["assignmentPolicies"] = json!([policy]);
    request["draft"]["accessPackage"]["assignmentPolicies"][0]["requestApprovalSettings"]
        ["stages"] = json!([]);
    let found = report(request);
    assert!(
        found.iter().any(|(c, p, _)| c == "APPR_STAGES_REQUIRED"
            && p == "/draft/accessPackage/assignmentPolicies/0/requestApprovalSettings/stages"),
        "{found:?}"
    );
}
