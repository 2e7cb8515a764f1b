//! One trigger and one silent neighbour per validation rule, read from
//! `tests/rules/*.json`. Each file has a `base` request (a valid draft) and `cases`;
//! a case names a sentence, the rule, the path where the finding must appear, and two
//! JSON patches of the base: `trigger` must produce the rule at that path, and
//! `neighbour` (a close, correct variant) must not produce the rule at all. An optional
//! `setup` patch runs first (with the `append-many` op of `tests/common` for inputs
//! too large to write out, such as the 15,000 users of `AUTO_SCOPE_SIZE`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::validate_draft;
use entitlement_policy::validation::rules::{Needs, ALL};
use std::collections::BTreeSet;

struct Case {
    file: String,
    name: String,
    rule: String,
    path: String,
    severity: Option<String>,
    trigger: serde_json::Value,
    neighbour: serde_json::Value,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for file in common::json_files("tests/rules") {
        let doc = common::read_json(&file);
        let base = &doc["base"];
        for case in doc["cases"].as_array().unwrap() {
            let mut trigger = case.get("base").unwrap_or(base).clone();
            if let Some(setup) = case.get("setup") {
                common::apply_patch(&mut trigger, setup);
            }
            let mut neighbour = trigger.clone();
            common::apply_patch(&mut trigger, &case["trigger"]);
            common::apply_patch(&mut neighbour, &case["neighbour"]);
            out.push(Case {
                file: file.file_name().unwrap().to_string_lossy().into_owned(),
                name: case["name"].as_str().unwrap().to_string(),
                rule: case["rule"].as_str().unwrap().to_string(),
                path: case["path"].as_str().unwrap().to_string(),
                severity: case
                    .get("severity")
                    .and_then(|s| s.as_str())
                    .map(str::to_string),
                trigger,
                neighbour,
            });
        }
    }
    out
}

#[test]
fn every_rule_case_triggers_its_rule_at_its_path_and_its_neighbour_stays_silent() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = validate_draft(common::to_value(&case.trigger));
        let hit = report
            .diagnostics
            .iter()
            .find(|d| d.code == case.rule && d.path == case.path);
        match hit {
            None => failures.push(format!(
                "{} / {}: {} not reported at {}; got {:#?}",
                case.file,
                case.name,
                case.rule,
                case.path,
                report
                    .diagnostics
                    .iter()
                    .map(|d| format!("{} {} {}", d.code, d.path, d.severity.as_str()))
                    .collect::<Vec<_>>()
            )),
            Some(d) => {
                if let Some(sev) = &case.severity {
                    if d.severity.as_str() != sev {
                        failures.push(format!(
                            "{} / {}: {} is {} not {sev}",
                            case.file,
                            case.name,
                            case.rule,
                            d.severity.as_str()
                        ));
                    }
                }
            }
        }
        let quiet = validate_draft(common::to_value(&case.neighbour));
        if let Some(d) = quiet.diagnostics.iter().find(|d| d.code == case.rule) {
            failures.push(format!(
                "{} / {}: the neighbour still reports {} at {}: {}",
                case.file, case.name, case.rule, d.path, d.message
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing rule cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_a_draft_can_show_has_a_case() {
    let covered: BTreeSet<String> = cases().into_iter().map(|c| c.rule).collect();
    let missing: Vec<&str> = ALL
        .iter()
        .filter(|r| r.needs != Needs::Operation && !covered.contains(r.id))
        .map(|r| r.id)
        .collect();
    assert!(
        missing.is_empty(),
        "{} rules without a case: {missing:?}",
        missing.len()
    );
}

#[test]
fn every_case_names_a_rule_of_the_table() {
    let known: BTreeSet<&str> = ALL.iter().map(|r| r.id).collect();
    for case in cases() {
        assert!(
            known.contains(case.rule.as_str()),
            "{}: unknown rule {}",
            case.name,
            case.rule
        );
    }
}
