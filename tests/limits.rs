//! Hostile or careless input costs bounded work (README "Limits"): an answer lists at
//! most 1,000 findings and counts the rest, a message quotes at most 1,000 bytes of
//! what the caller sent, patterns and event lists have a length limit, and "did you
//! mean" is not computed for names no Graph name resembles.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use entitlement_policy::api::{simulate_request, validate_draft};
use entitlement_policy::diagnostics::{MAX_DIAGNOSTICS, MAX_MESSAGE_BYTES, TOO_MANY_FINDINGS};
use entitlement_policy::json::parse;
use entitlement_policy::tenant::Tenant;
use entitlement_policy::{Diagnostic, Severity};

const DRAFT: &str = r##"{ "accessPackage": { "id": "a1", "displayName": "Sales", "description": "Sales", "catalog": { "id": "c1" } },
  "assignmentPolicies": [ { "id": "p1", "displayName": "All", "description": "All members", "allowedTargetScope": "allMemberUsers",
    "expiration": { "type": "afterDuration", "duration": "P30D" },
    "requestorSettings": { "enableTargetsToSelfAddAccess": true },
    "requestApprovalSettings": { "isApprovalRequiredForAdd": false, "stages": [] },
    "questions": [ { "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", "id": "q1",
      "text": "Ticket", "isRequired": false, "regexPattern": PATTERN } ] } ] }"##;

fn draft(pattern: &str) -> String {
    DRAFT.replace("PATTERN", &format!("{pattern:?}"))
}

fn summary(diagnostics: &[Diagnostic]) -> &Diagnostic {
    let last = diagnostics.last().unwrap();
    assert_eq!(last.code, TOO_MANY_FINDINGS, "{last:?}");
    last
}

fn left_out(summary: &Diagnostic) -> usize {
    summary.message.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn a_million_unreadable_events_give_a_thousand_findings_and_a_count_of_the_rest() {
    let events = vec!["null"; 1_000_000].join(",");
    let request = format!(
        r#"{{ "draft": {}, "requester": {{ "id": "u1", "userType": "Member" }},
        "submittedAt": "2025-06-01T00:00:00Z", "until": "2025-12-01T00:00:00Z", "events": [{events}] }}"#,
        draft("^x$")
    );
    let sim = simulate_request(parse(&request).unwrap());
    assert_eq!(sim.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    let last = summary(&sim.diagnostics);
    assert!(left_out(last) > 10_000, "{}", last.message);
    // Only the first 10,000 events are read, and the answer says so.
    assert!(sim
        .diagnostics
        .iter()
        .any(|d| d.code == "INPUT_TOO_LARGE" && d.path == "/events"));
    assert_eq!(sim.timeline.first().map(|e| e.kind), Some("submitted"));
}

#[test]
fn a_tenant_of_a_million_null_catalogs_keeps_a_thousand_findings() {
    let catalogs = vec!["null"; 1_000_000].join(",");
    let snapshot = format!(
        r#"{{ "catalogs": [{catalogs}], "accessPackages": [], "assignmentPolicies": [] }}"#
    );
    let tenant = Tenant::new(parse(&snapshot).unwrap());
    let diagnostics = tenant.diagnostics();
    assert_eq!(diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(left_out(summary(diagnostics)) >= 999_000);
    let first = diagnostics
        .iter()
        .find(|d| d.path.starts_with("/catalogs/"));
    assert_eq!(first.unwrap().path, "/catalogs/0");
}

#[test]
fn the_count_of_findings_left_out_is_as_severe_as_the_worst_of_them() {
    // 1,000 warnings (unknown properties) come first in document order, then errors.
    let unknown: Vec<String> = (0..1_000).map(|i| format!(r#""a{i:04}": 1"#)).collect();
    let request = format!(
        r#"{{ "now": "2025-06-01T00:00:00Z", "draft": {{ "accessPackage": {{ {} }}, "assignmentPolicies": [{}] }} }}"#,
        unknown.join(","),
        vec![r#"{ "displayName": 7 }"#; 50].join(",")
    );
    let report = validate_draft(parse(&request).unwrap());
    assert!(!report.valid);
    assert_eq!(summary(&report.diagnostics).severity, Severity::Error);
}

#[test]
fn a_huge_unknown_property_name_is_quoted_briefly_and_gets_no_suggestion() {
    let key = "displayNam".repeat(400_000); // 4 MB
    let request = format!(
        r#"{{ "now": "2025-06-01T00:00:00Z", "draft": {{ "accessPackage": {{ "{key}": 1, "displayName": "Sales", "catalog": {{ "id": "c1" }} }}, "assignmentPolicies": [] }} }}"#
    );
    let report = validate_draft(parse(&request).unwrap());
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.code == "INPUT_UNKNOWN_PROPERTY")
        .unwrap();
    assert!(finding.message.len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
    assert!(finding.message.contains('…'));
    assert_eq!(finding.help, None);
}

#[test]
fn a_now_of_ten_million_control_characters_is_reported_in_a_short_message() {
    let now = "\\u0001".repeat(10_000_000);
    let request = format!(r#"{{ "now": "{now}", "draft": {} }}"#, draft("^x$"));
    let report = validate_draft(parse(&request).unwrap());
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.path == "/now")
        .unwrap();
    assert!(
        finding.message.len() <= MAX_MESSAGE_BYTES + 3,
        "{}",
        finding.message.len()
    );
}

#[test]
fn a_pattern_beyond_ten_thousand_characters_is_not_compiled_and_refuses_every_answer() {
    let pattern = "a".repeat(40 << 20); // 40 MiB
    let report = validate_draft(
        parse(&format!(
            r#"{{ "now": "2025-06-01T00:00:00Z", "draft": {} }}"#,
            draft(&pattern)
        ))
        .unwrap(),
    );
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("/regexPattern"))
        .expect("the pattern is reported");
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("longer than 10000 characters"),
        "{}",
        &finding.message[..200]
    );

    let request = format!(
        r##"{{ "draft": {}, "requester": {{ "id": "u1", "userType": "Member" }}, "submittedAt": "2025-06-01T00:00:00Z",
        "until": "2025-07-01T00:00:00Z", "answers": [ {{ "@odata.type": "#microsoft.graph.accessPackageAnswerString",
        "answeredQuestion": {{ "id": "q1" }}, "value": "aaa" }} ] }}"##,
        draft(&pattern)
    );
    let sim = simulate_request(parse(&request).unwrap());
    assert!(sim.diagnostics.iter().any(|d| d.code == "REQ_ANSWER_REGEX"));
    assert_eq!(sim.request.state, "denied");
}
