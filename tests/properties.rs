//! Properties over any input: `validateDraft` never panics, answers the same input
//! the same way, and every finding it gives is well formed.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::{simulate_request, validate_draft};
use entitlement_policy::json::Value;
use entitlement_policy::simulation::Entry;
use proptest::prelude::*;

/// Any JSON value, a few levels deep, with strings that look like Graph's.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|n| serde_json::json!(n)),
        (-1e6f64..1e6).prop_map(|n| serde_json::json!(n)),
        prop_oneof![
            Just("P14D".to_string()),
            Just("PT0S".to_string()),
            Just("P1Y2M".to_string()),
            Just("2025-06-01T00:00:00Z".to_string()),
            Just("#microsoft.graph.singleUser".to_string()),
            Just("#microsoft.graph.requestorManager".to_string()),
            Just("allMemberUsers".to_string()),
            Just("afterDuration".to_string()),
            Just("unknownFutureValue".to_string()),
            Just("[A-Z".to_string()),
            Just("(user.department -eq \"Sales\")".to_string()),
            "\\PC{0,12}",
        ]
        .prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::vec(("[a-zA-Z@.]{1,12}", inner), 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every pointer of a document.
fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(m) => {
            for (k, c) in m {
                pointers(
                    c,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        serde_json::Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                pointers(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn samples() -> Vec<serde_json::Value> {
    common::json_files("tests/fixtures/validateDraft")
        .iter()
        .map(|f| common::read_json(f)["request"].clone())
        .collect()
}

fn check(request: &serde_json::Value) {
    let value: Value = common::to_value(request);
    let a = validate_draft(value.clone());
    let b = validate_draft(value);
    assert_eq!(a, b, "same input, same answer");
    assert_eq!(a.valid, a.error_count == 0);
    for d in &a.diagnostics {
        assert!(
            !d.code.is_empty()
                && d.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{d}"
        );
        assert!(d.path.is_empty() || d.path.starts_with('/'), "{d}");
        assert!(!d.message.is_empty() && !d.message.ends_with('.'), "{d}");
    }
}

/// A simulation never panics, answers the same input the same way, and its timeline
/// is in time order; nothing is simulated after `until`.
fn check_simulation(request: &serde_json::Value) {
    let value: Value = common::to_value(request);
    let a = simulate_request(value.clone());
    let b = simulate_request(value);
    assert_eq!(a, b, "same input, same answer");
    let times: Vec<_> = a.timeline.iter().map(|e| e.time).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "timeline out of order: {:?}",
        a.timeline
    );
    if let Some(until) = request
        .get("until")
        .and_then(|u| u.as_str())
        .and_then(entitlement_policy::duration::parse_instant)
    {
        assert!(
            a.timeline
                .iter()
                .all(|e| e.time <= until || e.kind == "submitted" || e.kind == "rejected"),
            "{:?}",
            a.timeline
        );
    }
    // A refused or settled request is never delivered (later denials are of
    // extension requests).
    if let Some(delivered) = a.timeline.iter().position(|e| e.kind == "delivered") {
        assert!(
            a.timeline[..delivered]
                .iter()
                .all(|e| !matches!(e.kind, "denied" | "canceled" | "rejected")),
            "{:?}",
            a.timeline
        );
    }
    // An assignment ends once, and nothing happens to it afterwards. Under an
    // automatic policy the service may assign again later: each `systemAdd` starts
    // a new assignment.
    let system_add = |e: &&Entry| {
        e.kind == "submitted"
            && e.detail
                .as_deref()
                .is_some_and(|d| d.starts_with("systemAdd"))
    };
    let mut starts: Vec<usize> = (0..a.timeline.len())
        .filter(|&i| system_add(&&a.timeline[i]))
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(a.timeline.len());
    for run in starts.windows(2) {
        let assignment = &a.timeline[run[0]..run[1]];
        let ends: Vec<_> = assignment
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, "expired" | "removed"))
            .collect();
        assert!(ends.len() <= 1, "{:?}", a.timeline);
        if let Some((i, _)) = ends.first() {
            // Only the custom extensions the end triggers, attribute changes, and what
            // becomes of an external user without assignments (§9 R15) follow it.
            assert!(
                assignment.iter().skip(i + 1).all(|e| matches!(
                    e.kind,
                    "customExtension"
                        | "attributesChanged"
                        | "externalUserBlocked"
                        | "externalUserDeleted"
                )),
                "{:?}",
                a.timeline
            );
        }
    }
    // Extensions come after delivery (or extend the assignment an update request
    // names) and only move the end later.
    let extended: Vec<_> = a.timeline.iter().filter(|e| e.kind == "extended").collect();
    if !extended.is_empty() {
        let update = request.get("requestType").and_then(|t| t.as_str()) == Some("update");
        assert!(update || a.timeline.iter().any(|e| e.kind == "delivered"));
        let ends: Vec<_> = extended
            .iter()
            .map(|e| e.detail.clone().unwrap_or_default())
            .collect();
        assert!(ends.windows(2).all(|w| w[0] <= w[1]), "{ends:?}");
    }
}

/// Results of `callback` events, by the index the properties draw.
const CALLBACK_RESULTS: [&str; 4] = ["continue", "denied", "canceled", "continue"];

/// Results of `delivery` events, likewise.
const DELIVERY_RESULTS: [&str; 4] = [
    "delivered",
    "partiallyDelivered",
    "deliveryFailed",
    "deliveryFailed",
];

fn simulation_samples() -> Vec<serde_json::Value> {
    common::json_files("tests/fixtures/simulateRequest")
        .iter()
        .map(|f| common::read_json(f)["request"].clone())
        .collect()
}

/// Sample `sample` (modulo their count) with the value at its `at`-th JSON
/// pointer (modulo their count; the root included) replaced.
fn replaced(
    all: &[serde_json::Value],
    sample: usize,
    at: usize,
    replacement: serde_json::Value,
) -> serde_json::Value {
    let mut request = all[sample % all.len()].clone();
    let mut paths = Vec::new();
    pointers(&request, String::new(), &mut paths);
    let path = &paths[at % paths.len()];
    if path.is_empty() {
        return replacement;
    }
    *request.pointer_mut(path).unwrap() = replacement;
    request
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn replacing_any_part_of_a_sample_simulation_with_anything_never_panics(
        sample in 0usize..64, at in 0usize..8192, replacement in any_json()
    ) {
        check_simulation(&replaced(&simulation_samples(), sample, at, replacement));
    }

    #[test]
    fn decisions_at_any_times_keep_the_timeline_ordered_and_terminal_states_final(
        sample in 0usize..64,
        events in prop::collection::vec((0i64..60 * 24, 0usize..4, any::<bool>(), any::<bool>()), 0..6)
    ) {
        let all = simulation_samples();
        let mut request = all[sample % all.len()].clone();
        let people = ["10000000-0000-0000-0000-000000000002", "10000000-0000-0000-0000-000000000003", "10000000-0000-0000-0000-000000000007", "10000000-0000-0000-0000-000000000001"];
        let list: Vec<serde_json::Value> = events.iter().map(|(hours, who, approve, cancel)| {
            let at = format!("2025-06-{:02}T{:02}:00:00Z", 1 + hours / 24 % 28, hours % 24);
            if *cancel && *approve {
                serde_json::json!({ "at": at, "type": "cancel", "by": people[*who] })
            } else {
                serde_json::json!({ "at": at, "type": "decision", "approverId": people[*who], "decision": if *approve { "approve" } else { "deny" }, "justification": "ok" })
            }
        }).collect();
        request["events"] = serde_json::Value::Array(list);
        check_simulation(&request);
    }

    #[test]
    fn events_of_every_kind_over_a_year_end_the_assignment_at_most_once(
        sample in 0usize..64,
        events in prop::collection::vec((0i64..400 * 24, 0usize..9, 0usize..4), 0..8)
    ) {
        let all = simulation_samples();
        let mut request = all[sample % all.len()].clone();
        request["until"] = serde_json::json!("2026-08-01T00:00:00Z");
        let people = ["10000000-0000-0000-0000-000000000002", "10000000-0000-0000-0000-000000000003", "10000000-0000-0000-0000-000000000007", "10000000-0000-0000-0000-000000000001"];
        let start = entitlement_policy::duration::parse_instant("2025-06-01T09:00:00Z").unwrap();
        let review_decisions = ["approve", "deny", "dontKnow", "deny"];
        let list: Vec<serde_json::Value> = events.iter().map(|(hours, kind, who)| {
            let at = entitlement_policy::duration::format_instant(start + chrono::TimeDelta::hours(*hours));
            match kind {
                0 => serde_json::json!({ "at": at, "type": "extend", "justification": "still needed" }),
                1 => serde_json::json!({ "at": at, "type": "decision", "approverId": people[*who], "decision": "approve", "justification": "ok" }),
                2 => serde_json::json!({ "at": at, "type": "decision", "approverId": people[*who], "decision": "deny", "justification": "no" }),
                3 => serde_json::json!({ "at": at, "type": "remove", "by": people[*who] }),
                4 if *who % 2 == 0 => serde_json::json!({ "at": at, "type": "attributeChange", "groupIds": ["90000000-0000-0000-0000-000000000002"] }),
                4 => serde_json::json!({ "at": at, "type": "attributeChange", "attributes": { "department": "Marketing" } }),
                5 => serde_json::json!({ "at": at, "type": "callback", "result": CALLBACK_RESULTS[*who] }),
                6 => serde_json::json!({ "at": at, "type": "delivery", "result": DELIVERY_RESULTS[*who] }),
                7 => serde_json::json!({ "at": at, "type": "reprocess", "by": people[*who] }),
                _ => serde_json::json!({ "at": at, "type": "reviewDecision", "reviewerId": people[*who], "decision": review_decisions[*who], "justification": "seen" }),
            }
        }).collect();
        request["events"] = serde_json::Value::Array(list);
        check_simulation(&request);
    }

    #[test]
    fn an_automatic_assignment_is_held_exactly_while_the_target_is_in_scope_or_in_grace(
        gaps in prop::collection::vec((0i64..30 * 24, any::<bool>()), 0..10),
        grace_hours in prop::option::of(0i64..20 * 24),
        removes in any::<bool>(),
    ) {
        let mut request = simulation_samples()
            .into_iter()
            .find(|r| r.get("initiator").and_then(|i| i.as_str()) == Some("system"))
            .unwrap();
        let settings = &mut request["draft"]["assignmentPolicies"][0]["automaticRequestSettings"];
        settings["removeAccessWhenTargetLeavesAllowedTargets"] = serde_json::json!(removes);
        settings["gracePeriodBeforeAccessRemoval"] = match grace_hours {
            Some(h) => serde_json::json!(format!("PT{h}H")),
            None => serde_json::Value::Null,
        };
        let start = entitlement_policy::duration::parse_instant("2025-06-01T00:00:00Z").unwrap();
        let until = start + chrono::TimeDelta::days(320);
        request["submittedAt"] = serde_json::json!("2025-06-01T00:00:00Z");
        request["until"] = serde_json::json!(entitlement_policy::duration::format_instant(until));
        // The requester starts in Sales (in scope); each change, some hours after the
        // one before, moves them in or out.
        let sorted: Vec<(i64, bool)> = gaps
            .iter()
            .scan(0, |hours, (gap, sales)| {
                *hours += gap;
                Some((*hours, *sales))
            })
            .collect();
        request["events"] = serde_json::Value::Array(sorted.iter().map(|(hours, sales)| {
            let at = entitlement_policy::duration::format_instant(start + chrono::TimeDelta::hours(*hours));
            serde_json::json!({ "at": at, "type": "attributeChange", "attributes": { "department": if *sales { "Sales" } else { "Marketing" } } })
        }).collect());
        check_simulation(&request);
        let answer = simulate_request(common::to_value(&request));
        let assignment = answer.assignment.expect("the requester starts in scope");
        // When the current stretch outside the scope began, if the requester is outside now.
        let mut left: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut removed_meanwhile = false;
        for (hours, sales) in &sorted {
            let at = start + chrono::TimeDelta::hours(*hours);
            match (*sales, left) {
                (true, Some(l)) => {
                    let grace_end = l + chrono::TimeDelta::hours(grace_hours.unwrap_or(0));
                    removed_meanwhile |= removes && (grace_hours.unwrap_or(0) == 0 || grace_end <= at);
                    left = None;
                }
                (false, None) => left = Some(at),
                _ => {}
            }
        }
        let expected = match left {
            Some(l) if removes && l + chrono::TimeDelta::hours(grace_hours.unwrap_or(0)) <= until => ("expired", "Removed"),
            Some(_) if removes && grace_hours.unwrap_or(0) > 0 => ("delivered", "AutoAssignmentInGracePeriod"),
            _ => ("delivered", "Delivered"),
        };
        prop_assert_eq!((assignment.state, assignment.status), expected, "{:?}", answer.timeline);
        // Every time access was removed in between, the service assigned again on return.
        let adds = answer.timeline.iter().filter(|e| e.kind == "submitted").count();
        let removals = answer.timeline.iter().filter(|e| e.kind == "removed").count();
        prop_assert!(adds == removals + usize::from(expected.0 == "delivered"), "{:?}", answer.timeline);
        prop_assert!(removed_meanwhile || adds == 1, "{:?}", answer.timeline);
    }

    #[test]
    fn no_json_value_of_any_shape_makes_validate_draft_panic(request in any_json()) {
        check(&request);
        check(&serde_json::json!({ "now": "2025-06-01T00:00:00Z", "draft": request }));
    }

    #[test]
    fn replacing_any_part_of_a_sample_draft_with_anything_never_panics(
        sample in 0usize..64, at in 0usize..4096, replacement in any_json()
    ) {
        check(&replaced(&samples(), sample, at, replacement));
    }
}

#[test]
fn a_request_nested_deeper_than_the_limit_is_refused_without_overflowing() {
    let mut v = serde_json::json!("leaf");
    for _ in 0..90 {
        v = serde_json::json!({ "draft": v });
    }
    check(&v);
    // Built and dropped on a thread with room for it (Rust drops nested values
    // recursively); the call itself refuses it before reading it.
    let answer = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut nested = Value::Array(vec![]);
            for _ in 0..10_000 {
                nested = Value::Array(vec![nested]);
            }
            let request = Value::object([
                ("draft".to_string(), nested),
                ("now".to_string(), Value::from("2025-06-01T00:00:00Z")),
            ]);
            validate_draft(request)
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(!answer.valid);
    assert_eq!(answer.diagnostics[0].code, "INPUT_UNREADABLE");
}
