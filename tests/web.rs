//! The JavaScript boundary, in headless Chromium (`wasm-pack test --headless --chrome`):
//! plain objects in and out, camelCase names, no throw and no trap on any input.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use entitlement_policy::bindings::{
    applicable_policies, simulate_request, upgrade_draft, validate_draft, version, Tenant,
};
use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn codes(report: &JsValue) -> Vec<String> {
    Array::from(&get(report, "diagnostics"))
        .iter()
        .map(|d| get(&d, "code").as_string().unwrap())
        .collect()
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new().into())
}

const DRAFT: &str = r#"{
  "now": "2025-06-01T00:00:00Z",
  "draft": {
    "accessPackage": { "displayName": "Sales", "description": "Sales team", "catalog": { "id": "c1" } },
    "assignmentPolicies": [ { "displayName": "All employees", "description": "Any member",
      "allowedTargetScope": "allMemberUsers",
      "expiration": { "type": "afterDuration", "duration": "P30D" },
      "requestorSettings": { "enableTargetsToSelfAddAccess": true },
      "requestApprovalSettings": { "isApprovalRequiredForAdd": true, "stages": [] } } ] } }"#;

#[wasm_bindgen_test]
fn a_report_is_a_plain_object_with_camel_case_names_and_an_array_of_diagnostics() {
    let report = validate_draft(json(DRAFT));
    assert!(is_plain_object(&report), "not a plain object (a Map?)");
    assert_eq!(get(&report, "valid"), JsValue::FALSE);
    assert_eq!(get(&report, "errorCount").as_f64(), Some(1.0));
    assert!(get(&report, "warningCount").as_f64().is_some());
    assert!(Array::is_array(&get(&report, "diagnostics")));
    let first = Array::from(&get(&report, "diagnostics"))
        .iter()
        .find(|d| get(d, "code").as_string().as_deref() == Some("APPR_STAGES_REQUIRED"))
        .unwrap();
    assert!(is_plain_object(&first));
    assert_eq!(
        get(&first, "severity").as_string().as_deref(),
        Some("error")
    );
    assert_eq!(
        get(&first, "path").as_string().as_deref(),
        Some("/draft/assignmentPolicies/0/requestApprovalSettings/stages")
    );
    assert!(get(&first, "help").as_string().is_some());
}

#[wasm_bindgen_test]
fn a_finding_without_help_has_no_help_member() {
    let report = validate_draft(json(r#"{ "now": "2025-06-01T00:00:00Z" }"#));
    let d = Array::from(&get(&report, "diagnostics")).get(0);
    assert_eq!(
        get(&d, "code").as_string().as_deref(),
        Some("INPUT_MISSING_REQUIRED")
    );
    assert!(!Reflect::has(&d, &JsValue::from_str("help")).unwrap());
}

#[wasm_bindgen_test]
fn undefined_null_numbers_strings_and_arrays_give_input_diagnostics_not_exceptions() {
    for input in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(42.0),
        JsValue::from_str("draft"),
        Array::new().into(),
    ] {
        let report = validate_draft(input);
        assert_eq!(get(&report, "valid"), JsValue::FALSE);
        assert!(
            codes(&report).iter().all(|c| c.starts_with("INPUT_")),
            "{:?}",
            codes(&report)
        );
    }
}

#[wasm_bindgen_test]
fn a_request_that_refers_to_itself_is_refused_without_a_trap() {
    let request = json(DRAFT);
    let draft = get(&request, "draft");
    Reflect::set(&draft, &JsValue::from_str("self"), &request).unwrap();
    let report = validate_draft(request);
    assert_eq!(codes(&report), vec!["INPUT_UNREADABLE".to_string()]);
}

#[wasm_bindgen_test]
fn a_bigint_is_refused_as_unreadable_and_functions_are_dropped_like_undefined() {
    let request = json(DRAFT);
    Reflect::set(
        &request,
        &JsValue::from_str("now"),
        &js_sys::BigInt::from(7u32).into(),
    )
    .unwrap();
    assert_eq!(
        codes(&validate_draft(request)),
        vec!["INPUT_UNREADABLE".to_string()]
    );
    let request = json(DRAFT);
    let f = Function::new_no_args("return 1");
    Reflect::set(&request, &JsValue::from_str("now"), &f).unwrap();
    let report = validate_draft(request);
    let missing = Array::from(&get(&report, "diagnostics")).iter().any(|d| {
        get(&d, "code").as_string().as_deref() == Some("INPUT_MISSING_REQUIRED")
            && get(&d, "path").as_string().as_deref() == Some("/now")
    });
    assert!(missing, "{:?}", codes(&report));
}

#[wasm_bindgen_test]
fn undefined_members_are_absent_and_the_callers_object_is_left_unchanged() {
    let request = json(DRAFT);
    Reflect::set(&request, &JsValue::from_str("profile"), &JsValue::UNDEFINED).unwrap();
    let before = JSON::stringify(&request).unwrap();
    let report = validate_draft(request.clone());
    assert!(!codes(&report).iter().any(|c| c == "INPUT_INVALID_OPTION"));
    assert_eq!(JSON::stringify(&request).unwrap(), before);
}

#[wasm_bindgen_test]
fn the_version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

const APPLICABILITY: &str = r##"{
  "now": "2025-06-01T00:00:00Z",
  "requester": { "id": "10000000-0000-0000-0000-000000000001", "userType": "Member", "groupIds": ["90000000-0000-0000-0000-000000000001"] },
  "draft": {
    "catalog": { "id": "c1", "state": "published" },
    "accessPackage": { "id": "a1", "displayName": "Sales", "catalog": { "id": "c1" } },
    "assignmentPolicies": [
      { "id": "p1", "displayName": "Sales group", "allowedTargetScope": "specificDirectoryUsers",
        "specificAllowedTargets": [{ "@odata.type": "#microsoft.graph.groupMembers", "groupId": "90000000-0000-0000-0000-000000000001" }],
        "expiration": { "type": "afterDuration", "duration": "P30D", "endDateTime": null },
        "requestorSettings": { "enableTargetsToSelfAddAccess": true },
        "questions": [{ "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", "id": "q1", "sequence": 1, "text": "Why?" }] },
      { "id": "p2", "displayName": "Everyone", "allowedTargetScope": "allMemberUsers",
        "requestorSettings": { "enableTargetsToSelfAddAccess": true } } ] } }"##;

#[wasm_bindgen_test]
fn applicable_policies_answers_with_plain_objects_nulls_and_reason_arrays() {
    let answer = applicable_policies(json(APPLICABILITY));
    assert!(is_plain_object(&answer));
    assert_eq!(
        get(&answer, "accessPackageId").as_string().as_deref(),
        Some("a1")
    );
    assert_eq!(get(&answer, "requestable"), JsValue::TRUE);
    assert_eq!(get(&answer, "listedInMyAccess"), JsValue::TRUE);
    let policies = Array::from(&get(&answer, "policies"));
    let first = policies.get(0);
    assert_eq!(get(&first, "applies"), JsValue::TRUE);
    let requirements = get(&first, "requirements");
    assert!(is_plain_object(&requirements));
    assert_eq!(
        get(&requirements, "isApprovalRequiredForAdd"),
        JsValue::FALSE
    );
    assert!(get(&requirements, "policyDescription").is_null());
    let schedule = get(&requirements, "schedule");
    assert!(get(&schedule, "startDateTime").is_null());
    assert!(get(&get(&schedule, "expiration"), "endDateTime").is_null());
    let second = policies.get(1);
    assert_eq!(get(&second, "applies"), JsValue::FALSE);
    assert!(get(&second, "requirements").is_null());
    let reasons = Array::from(&get(&second, "reasons"));
    assert_eq!(
        reasons.get(0).as_string().as_deref(),
        Some("LOWER_PRIORITY_POLICY")
    );
}

#[wasm_bindgen_test]
fn applicable_policies_never_throws_on_bad_input() {
    for input in [
        JsValue::UNDEFINED,
        JsValue::from_f64(1.0),
        json(r#"{"draft": [], "requester": 3}"#),
    ] {
        let answer = applicable_policies(input);
        assert_eq!(get(&answer, "requestable"), JsValue::FALSE);
        assert!(
            codes(&answer).iter().all(|c| c.starts_with("INPUT_")),
            "{:?}",
            codes(&answer)
        );
    }
}

#[wasm_bindgen_test]
fn a_tenant_lists_requestable_packages_and_answers_like_applicable_policies() {
    let request = json(APPLICABILITY);
    let draft = get(&request, "draft");
    let snapshot = json("{}");
    Reflect::set(
        &snapshot,
        &JsValue::from_str("catalogs"),
        &Array::of1(&get(&draft, "catalog")),
    )
    .unwrap();
    Reflect::set(
        &snapshot,
        &JsValue::from_str("accessPackages"),
        &Array::of1(&get(&draft, "accessPackage")),
    )
    .unwrap();
    let policies = Array::from(&get(&draft, "assignmentPolicies"));
    for p in policies.iter() {
        Reflect::set(
            &p,
            &JsValue::from_str("accessPackage"),
            &json(r#"{"id": "a1"}"#),
        )
        .unwrap();
    }
    Reflect::set(
        &snapshot,
        &JsValue::from_str("assignmentPolicies"),
        &policies,
    )
    .unwrap();
    let tenant = Tenant::new(snapshot);
    assert_eq!(Array::from(&tenant.diagnostics()).length(), 0);
    let requester = get(&request, "requester");
    let options = json(r#"{"now": "2025-06-01T00:00:00Z"}"#);
    let listed = Array::from(&tenant.requestable_packages(requester.clone(), options.clone()));
    assert_eq!(listed.length(), 1);
    let package = listed.get(0);
    assert_eq!(
        get(&package, "accessPackageId").as_string().as_deref(),
        Some("a1")
    );
    assert_eq!(
        get(&package, "catalogId").as_string().as_deref(),
        Some("c1")
    );
    assert_eq!(Array::from(&get(&package, "policies")).length(), 1);
    let from_tenant = tenant.applicable_policies(JsValue::from_str("a1"), requester, options);
    let from_draft = applicable_policies(json(APPLICABILITY));
    assert_eq!(
        JSON::stringify(&from_tenant).unwrap(),
        JSON::stringify(&from_draft).unwrap()
    );
    let unknown =
        tenant.applicable_policies(JsValue::from_f64(5.0), JsValue::NULL, JsValue::UNDEFINED);
    assert!(codes(&unknown)
        .iter()
        .any(|c| c == "INPUT_UNKNOWN_REFERENCE"));
    drop(tenant); // `free()` in JavaScript
}

#[wasm_bindgen_test]
fn a_tenant_from_something_that_is_not_a_snapshot_reports_it() {
    let tenant = Tenant::new(JsValue::from_str("not a tenant"));
    let diagnostics = Array::from(&tenant.diagnostics());
    assert_eq!(
        get(&diagnostics.get(0), "code").as_string().as_deref(),
        Some("INPUT_WRONG_TYPE")
    );
    let none = Array::from(&tenant.requestable_packages(JsValue::NULL, JsValue::NULL));
    assert_eq!(none.length(), 0);
}

#[wasm_bindgen_test]
fn simulate_request_answers_a_timeline_of_plain_objects_and_never_throws() {
    let request = json(
        r#"{
      "requester": { "id": "10000000-0000-0000-0000-000000000001", "userType": "Member" },
      "submittedAt": "2025-06-01T09:00:00Z", "until": "2025-12-31T00:00:00Z",
      "draft": { "accessPackage": { "id": "a1", "displayName": "Sales", "catalog": { "id": "c1" } },
        "assignmentPolicies": [ { "id": "p1", "displayName": "All members", "allowedTargetScope": "allMemberUsers",
          "expiration": { "type": "afterDuration", "duration": "P30D" },
          "requestorSettings": { "enableTargetsToSelfAddAccess": true } } ] } }"#,
    );
    let sim = simulate_request(request);
    assert!(is_plain_object(&sim));
    assert_eq!(
        get(&get(&sim, "request"), "state").as_string().as_deref(),
        Some("delivered")
    );
    let assignment = get(&sim, "assignment");
    assert_eq!(
        get(&assignment, "state").as_string().as_deref(),
        Some("expired")
    );
    assert_eq!(
        get(
            &get(&get(&assignment, "schedule"), "expiration"),
            "endDateTime"
        )
        .as_string()
        .as_deref(),
        Some("2025-07-01T09:00:00Z")
    );
    let kinds: Vec<String> = Array::from(&get(&sim, "timeline"))
        .iter()
        .map(|e| get(&e, "kind").as_string().unwrap())
        .collect();
    assert_eq!(kinds, ["submitted", "delivered", "expired"]);
    for input in [
        JsValue::UNDEFINED,
        JsValue::from_f64(3.0),
        json(r#"{"draft": 1}"#),
    ] {
        let sim = simulate_request(input);
        assert!(get(&sim, "assignment").is_null());
        assert!(
            codes(&sim).iter().all(|c| c.starts_with("INPUT_")),
            "{:?}",
            codes(&sim)
        );
    }
}

#[wasm_bindgen_test]
fn text_outside_ascii_crosses_the_boundary_intact_and_drives_an_automatic_assignment() {
    // The department, written with accents and an emoji, must reach the rule exactly
    // as the caller wrote it (a lone surrogate is refused: see below).
    let request = json(
        r##"{
      "requester": { "id": "10000000-0000-0000-0000-000000000008", "attributes": { "department": "Säles 😀 東京" } },
      "initiator": "system",
      "submittedAt": "2025-06-01T00:00:00Z", "until": "2025-12-31T00:00:00Z",
      "events": [ { "at": "2025-08-01T00:00:00Z", "type": "attributeChange", "attributes": { "department": "Marketing \u00e9" } } ],
      "draft": { "accessPackage": { "id": "a1", "displayName": "Sales", "catalog": { "id": "c1" } },
        "assignmentPolicies": [ { "id": "p-auto", "displayName": "Säles (automatic)",
          "allowedTargetScope": "specificDirectoryUsers",
          "specificAllowedTargets": [ { "@odata.type": "#microsoft.graph.attributeRuleMembers",
            "membershipRule": "(user.department -eq \"Säles 😀 東京\")" } ],
          "automaticRequestSettings": { "requestAccessForAllowedTargets": true,
            "removeAccessWhenTargetLeavesAllowedTargets": true, "gracePeriodBeforeAccessRemoval": "P7D" },
          "expiration": { "type": "noExpiration" } } ] } }"##,
    );
    let sim = simulate_request(request);
    let kinds: Vec<String> = Array::from(&get(&sim, "timeline"))
        .iter()
        .map(|e| get(&e, "kind").as_string().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "submitted",
            "delivered",
            "attributesChanged",
            "gracePeriodStarted",
            "removed"
        ]
    );
    let assignment = get(&sim, "assignment");
    assert_eq!(
        get(&assignment, "state").as_string().as_deref(),
        Some("expired")
    );
}

#[wasm_bindgen_test]
fn numbers_a_caller_sends_come_back_exactly_as_json_parse_reads_them() {
    // The extremes of doubles, written as JavaScript writes them.
    let numbers = "[0.30000000000000004, 9007199254740992, 9007199254740993, 1.7976931348623157e308, 1.797e308, 5e-324, 2.2250738585072014e-308, 1e21, 123456789012345680000, -0.1, 0, 1e-7]";
    let request = json(&format!(
        r#"{{ "payload": {{ "accessPackage": {{ "displayName": "Sales", "catalog": {{ "id": "c1" }}, "x-numbers": {numbers} }}, "assignmentPolicies": [] }} }}"#
    ));
    let sent = JSON::stringify(&get(
        &get(&get(&request, "payload"), "accessPackage"),
        "x-numbers",
    ))
    .unwrap();
    let upgraded = upgrade_draft(request);
    let echoed = get(&get(&get(&upgraded, "draft"), "accessPackage"), "x-numbers");
    assert_eq!(JSON::stringify(&echoed).unwrap(), sent);
    let item = |i: u32| Array::from(&echoed).get(i).as_f64().unwrap();
    assert_eq!(item(0), 0.1 + 0.2);
    assert_eq!(item(1), 9_007_199_254_740_992.0);
    assert_eq!(item(5), f64::from_bits(1));
}

fn first_finding(report: &JsValue) -> (String, String, String) {
    let d = Array::from(&get(report, "diagnostics")).get(0);
    let text = |k: &str| get(&d, k).as_string().unwrap_or_default();
    (text("code"), text("path"), text("message"))
}

#[wasm_bindgen_test]
fn a_lone_surrogate_is_refused_at_its_path_instead_of_becoming_another_string() {
    let request = json(DRAFT);
    let package = get(&get(&request, "draft"), "accessPackage");
    Reflect::set(
        &package,
        &JsValue::from_str("displayName"),
        &json(r#""user\ud800""#),
    )
    .unwrap();
    let (code, path, message) = first_finding(&validate_draft(request));
    assert_eq!(code, "INPUT_UNREADABLE");
    assert_eq!(path, "/draft/accessPackage/displayName");
    assert!(message.contains("lone surrogate"), "{message}");
    // In an array, the pointer names the item.
    let request = json(r#"{ "requester": { "id": "u1", "groupIds": ["g1", "g\udbff"] } }"#);
    let (_, path, _) = first_finding(&applicable_policies(request));
    assert_eq!(path, "/requester/groupIds/1");
}

#[wasm_bindgen_test]
fn unreadable_input_says_what_made_it_unreadable() {
    let request = json(DRAFT);
    let getter = Function::new_no_args("throw new Error('token expired')");
    let descriptor = Object::new();
    Reflect::set(&descriptor, &JsValue::from_str("get"), &getter).unwrap();
    Reflect::set(
        &descriptor,
        &JsValue::from_str("enumerable"),
        &JsValue::TRUE,
    )
    .unwrap();
    Object::define_property(
        &request.clone().into(),
        &JsValue::from_str("now"),
        &descriptor,
    );
    let (code, _, message) = first_finding(&validate_draft(request));
    assert_eq!(code, "INPUT_UNREADABLE");
    assert!(
        message.contains("token expired") && message.contains("threw"),
        "{message}"
    );

    let request = json(DRAFT);
    Reflect::set(&request, &JsValue::from_str("self"), &request).unwrap();
    let (_, _, message) = first_finding(&validate_draft(request));
    assert!(message.contains("refers to itself"), "{message}");

    let request = json(DRAFT);
    Reflect::set(
        &request,
        &JsValue::from_str("now"),
        &js_sys::BigInt::from(7u32).into(),
    )
    .unwrap();
    let (_, _, message) = first_finding(&validate_draft(request));
    assert!(message.contains("BigInt"), "{message}");

    let mut deep = Object::new();
    for _ in 0..1_000_000 {
        let outer = Object::new();
        Reflect::set(&outer, &JsValue::from_str("a"), &deep).unwrap();
        deep = outer;
    }
    let request = json(DRAFT);
    Reflect::set(&request, &JsValue::from_str("draft"), &deep).unwrap();
    let (_, _, message) = first_finding(&validate_draft(request));
    // Chromium's JSON.stringify reads it; our parser refuses it, at the depth it stopped.
    assert!(message.contains("deeper than 100 levels"), "{message}");
}
