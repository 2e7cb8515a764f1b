//! Golden fixtures: each `tests/fixtures/<operation>/*.json` holds a request and the
//! exact answer the operation gives, as JSON. A difference fails; `UPDATE_GOLDEN=1`
//! rewrites the answers (review the diff before committing it).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::{
    creation_plan, simulate_request, upgrade_draft, validate_draft, ApplicabilityCall,
};
use std::path::PathBuf;

fn fixtures(operation: &str) -> Vec<PathBuf> {
    common::json_files(&format!("tests/fixtures/{operation}"))
}

fn answer(operation: &str, request: &serde_json::Value) -> serde_json::Value {
    let value = common::to_value(request);
    match operation {
        "validateDraft" => serde_json::to_value(validate_draft(value)).unwrap(),
        "applicablePolicies" => {
            serde_json::to_value(ApplicabilityCall::new(value).answer()).unwrap()
        }
        "simulateRequest" => serde_json::to_value(simulate_request(value)).unwrap(),
        "creationPlan" => serde_json::to_value(creation_plan(value)).unwrap(),
        "upgradeDraft" => serde_json::to_value(upgrade_draft(value)).unwrap(),
        other => panic!("no operation {other}"),
    }
}

fn check_fixtures(operation: &str) {
    let mut stale = Vec::new();
    for file in fixtures(operation) {
        let mut doc = common::read_json(&file);
        let got = answer(operation, &doc["request"]);
        if common::updating() {
            doc["expected"] = got;
            std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        } else if doc.get("expected") != Some(&got) {
            stale.push(format!(
                "{}:\n{}",
                file.display(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "answers differ from the fixtures (UPDATE_GOLDEN=1 to accept):\n{}",
        stale.join("\n")
    );
}

#[test]
fn validate_draft_answers_match_the_golden_fixtures() {
    check_fixtures("validateDraft");
}

#[test]
fn applicable_policies_answers_match_the_golden_fixtures() {
    check_fixtures("applicablePolicies");
}

#[test]
fn simulate_request_answers_match_the_golden_fixtures() {
    check_fixtures("simulateRequest");
}

#[test]
fn creation_plan_answers_match_the_golden_fixtures() {
    check_fixtures("creationPlan");
}

#[test]
fn upgrade_draft_answers_match_the_golden_fixtures() {
    check_fixtures("upgradeDraft");
}

#[test]
fn a_v1_payload_comes_back_from_upgrade_draft_unchanged_and_without_mappings() {
    let doc = common::read_json(
        &common::root().join("tests/fixtures/upgradeDraft/v1-draft-unchanged.json"),
    );
    assert_eq!(doc["expected"]["draft"], doc["request"]["payload"]);
    assert_eq!(doc["expected"]["mappings"], serde_json::json!([]));
}

#[test]
fn every_upgrade_mapping_points_from_a_member_of_the_payload_to_a_member_of_the_draft() {
    let mut seen = 0;
    for file in fixtures("upgradeDraft") {
        let doc = common::read_json(&file);
        for m in doc["expected"]["mappings"].as_array().unwrap() {
            let from = m["from"].as_str().unwrap();
            assert!(
                doc["request"]["payload"].pointer(from).is_some(),
                "{}: no `{from}` in the payload",
                file.display()
            );
            if let Some(to) = m["to"].as_str() {
                assert!(
                    doc["expected"]["draft"].pointer(to).is_some(),
                    "{}: no `{to}` in the draft",
                    file.display()
                );
            }
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen} mappings");
}

#[test]
fn graph_documentation_examples_validate_without_errors() {
    let mut seen = 0;
    for file in fixtures("validateDraft") {
        let doc = common::read_json(&file);
        if doc.get("graphExample").and_then(|v| v.as_bool()) != Some(true) {
            continue;
        }
        seen += 1;
        let report = validate_draft(common::to_value(&doc["request"]));
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == entitlement_policy::Severity::Error)
            .collect();
        assert!(report.valid, "{}: {errors:#?}", file.display());
    }
    assert_eq!(seen, 4, "the four create-policy examples of the Graph docs");
}

#[test]
fn the_same_request_gives_the_same_answer_byte_for_byte() {
    for file in fixtures("validateDraft") {
        let doc = common::read_json(&file);
        let a = serde_json::to_string(&answer("validateDraft", &doc["request"])).unwrap();
        let b = serde_json::to_string(&answer("validateDraft", &doc["request"])).unwrap();
        assert_eq!(a, b, "{}", file.display());
    }
}

#[test]
fn upgrade_draft_keeps_values_of_the_wrong_shape_for_validate_draft_to_report() {
    for payload in [
        serde_json::json!({ "accessPackage": { "displayName": "Half", "resourceRoleScopes": "nope" }, "assignmentPolicies": [] }),
        serde_json::json!({ "accessPackage": { "displayName": "Half" }, "assignmentPolicies": [null] }),
        serde_json::json!({ "accessPackage": { "displayName": "Half" }, "assignmentPolicies": "nope" }),
        serde_json::json!({ "accessPackage": { "displayName": "Half" }, "assignmentPolicies": [{ "requestApprovalSettings": { "approvalStages": 3 } }] }),
    ] {
        let request = serde_json::json!({ "now": "2025-06-01T00:00:00Z", "payload": payload });
        let answer = serde_json::to_value(upgrade_draft(common::to_value(&request))).unwrap();
        let wrong: Vec<&str> = answer["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "INPUT_WRONG_TYPE")
            .map(|d| d["path"].as_str().unwrap())
            .collect();
        assert!(
            !wrong.is_empty(),
            "{payload} upgraded without a word: {answer}"
        );
    }
}
