//! Properties of `creationPlan` over generated drafts and tenants: the bodies it sends
//! are valid Graph (the graph profile finds no error once the ids of earlier steps are
//! filled in), every id it uses comes from an earlier step it depends on, and applying
//! a change plan's calls to the current package gives the draft.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::{creation_plan, validate_draft};
use serde_json::{json, Value as Json};

use common::Rng;

const CATALOG: &str = "c0000000-0000-0000-0000-000000000001";
const PACKAGE: &str = "a0000000-0000-0000-0000-000000000001";

fn group(n: usize) -> String {
    format!("90000000-0000-0000-0000-00000000000{n}")
}

/// Every policy of the fixtures that validates without errors on its own.
fn policy_pool() -> Vec<Json> {
    let mut pool = Vec::new();
    for folder in [
        "validateDraft",
        "applicablePolicies",
        "simulateRequest",
        "creationPlan",
    ] {
        for file in common::json_files(&format!("tests/fixtures/{folder}")) {
            let doc = common::read_json(&file);
            for policy in doc["request"]["draft"]["assignmentPolicies"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let mut policy = policy.clone();
                let Some(obj) = policy.as_object_mut() else {
                    continue;
                };
                obj.remove("id");
                obj.insert("accessPackage".into(), json!({ "id": PACKAGE }));
                let report = validate_draft(common::to_value(&json!({
                    "now": "2025-06-01T00:00:00Z",
                    "draft": { "accessPackage": package("Pool", &[]), "assignmentPolicies": [policy] }
                })));
                // Clean v1.0 only: a plan refuses beta names and drops unknown ones.
                if report.valid
                    && report
                        .diagnostics
                        .iter()
                        .all(|d| d.code != "INPUT_UNKNOWN_PROPERTY")
                {
                    pool.push(policy);
                }
            }
        }
    }
    assert!(
        pool.len() > 10,
        "only {} valid policies in the fixtures",
        pool.len()
    );
    pool
}

fn role_scope(g: usize, with_ids: bool) -> Json {
    let mut rs = json!({
        "role": { "displayName": "Member", "originSystem": "AadGroup", "originId": format!("Member_{}", group(g)),
                  "resource": { "id": format!("r{g}"), "originId": group(g), "originSystem": "AadGroup" } },
        "scope": { "displayName": "Root", "originSystem": "AadGroup", "originId": group(g), "isRootScope": true }
    });
    if with_ids {
        rs["id"] = json!(format!("rr{g}_rs{g}"));
        rs["role"]["id"] = json!(format!("rr{g}"));
        rs["scope"]["id"] = json!(format!("rs{g}"));
    }
    rs
}

fn package(name: &str, groups: &[usize]) -> Json {
    json!({ "id": PACKAGE, "displayName": name, "description": "Generated", "isHidden": false, "catalog": { "id": CATALOG },
            "resourceRoleScopes": groups.iter().map(|g| role_scope(*g, false)).collect::<Vec<_>>() })
}

/// The catalog holds groups 1–3; groups 4–5 are added by the plans that use them.
fn catalog() -> Json {
    json!({ "id": CATALOG, "displayName": "General", "state": "published",
            "resources": (1..=3).map(|g| json!({ "id": format!("r{g}"), "originId": group(g), "originSystem": "AadGroup" })).collect::<Vec<_>>() })
}

/// The `{{step-N.id}}` numbers a string or body uses.
fn placeholders(text: &str) -> Vec<usize> {
    text.match_indices("{{step-")
        .filter_map(|(i, _)| text[i + 7..].split(".id}}").next()?.parse().ok())
        .collect()
}

/// `value` with every `{{step-N.id}}` replaced by a made-up GUID.
fn filled(value: &Json) -> Json {
    let text = serde_json::to_string(value).unwrap();
    let mut out = text.clone();
    for n in placeholders(&text) {
        out = out.replace(
            &format!("{{{{step-{n}.id}}}}"),
            &format!("f0000000-0000-0000-0000-{n:012}"),
        );
    }
    serde_json::from_str(&out).unwrap()
}

fn check_order(plan: &Json) {
    for (i, step) in plan["steps"].as_array().unwrap().iter().enumerate() {
        assert_eq!(step["id"], json!(format!("step-{}", i + 1)));
        let depends: Vec<usize> = step["dependsOn"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                d.as_str()
                    .unwrap()
                    .trim_start_matches("step-")
                    .parse()
                    .unwrap()
            })
            .collect();
        assert!(
            depends.iter().all(|d| *d <= i),
            "{step} depends on a later step"
        );
        let used = placeholders(&format!("{} {}", step["url"], step["body"]));
        for n in used {
            assert!(
                depends.contains(&n),
                "{step} uses step-{n} without depending on it"
            );
        }
    }
}

/// Validates a body the way Graph reads it: a package body as the package, a policy body as the package's only policy.
fn check_bodies(plan: &Json, request: &Json) {
    for step in plan["steps"].as_array().unwrap() {
        let url = step["url"].as_str().unwrap();
        let Some(body) = step.get("body") else {
            continue;
        };
        let body = filled(body);
        let draft = if url.ends_with("/assignmentPolicies")
            || (step["method"] == "PUT" && url.contains("/assignmentPolicies/"))
        {
            let mut pkg = package("Body check", &[]);
            pkg["id"] = body["accessPackage"]["id"].clone();
            json!({ "accessPackage": pkg, "assignmentPolicies": [body] })
        } else if url.ends_with("/accessPackages") {
            json!({ "accessPackage": body, "assignmentPolicies": [] })
        } else {
            continue;
        };
        let mut check = json!({ "now": request["now"], "profile": "graph", "draft": draft });
        if let Some(directory) = request.get("directory") {
            check["directory"] = directory.clone();
        }
        let report = serde_json::to_value(validate_draft(common::to_value(&check))).unwrap();
        let errors: Vec<&Json> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(
            errors.is_empty(),
            "the body of {} is not valid Graph: {errors:?}\n{body}",
            step["id"]
        );
    }
}

#[test]
fn every_body_a_plan_sends_is_valid_graph_and_every_id_it_uses_comes_from_a_step_it_follows() {
    let pool = policy_pool();
    let mut r = Rng(7);
    let mut checked = 0;
    for round in 0..120 {
        let groups: Vec<usize> = (1..=5).filter(|_| r.next(2) == 0).collect();
        let policies: Vec<Json> = (0..1 + r.pick(3))
            .map(|_| pool[r.pick(pool.len())].clone())
            .collect();
        let mut pkg = package(&format!("Package {round}"), &groups);
        pkg.as_object_mut().unwrap().remove("id");
        let new_catalog = r.next(3) == 0;
        let draft = if new_catalog {
            pkg.as_object_mut().unwrap().remove("catalog");
            json!({ "catalog": { "displayName": "New", "description": "New", "state": "published" }, "accessPackage": pkg, "assignmentPolicies": policies })
        } else {
            json!({ "catalog": catalog(), "accessPackage": pkg, "assignmentPolicies": policies })
        };
        let request = json!({ "now": "2025-06-01T00:00:00Z", "draft": draft });
        let plan = serde_json::to_value(creation_plan(common::to_value(&request))).unwrap();
        if plan["valid"] != true {
            continue;
        }
        checked += 1;
        check_order(&plan);
        check_bodies(&plan, &request);
        let methods: Vec<&str> = plan["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["method"].as_str().unwrap())
            .collect();
        let lacking = groups.iter().filter(|g| new_catalog || **g > 3).count();
        assert_eq!(
            methods.iter().filter(|m| **m == "GET").count(),
            lacking,
            "{plan}"
        );
    }
    assert!(
        checked > 60,
        "only {checked} generated drafts had valid plans"
    );
}

/// What Graph holds after `plan`'s calls, starting from `current`.
fn apply(current: &Json, plan: &Json) -> Json {
    let mut held = current.clone();
    let prefix = "/identityGovernance/entitlementManagement";
    for step in plan["steps"].as_array().unwrap() {
        let url = step["url"].as_str().unwrap().strip_prefix(prefix).unwrap();
        let body = step.get("body").cloned().unwrap_or(Json::Null);
        let parts: Vec<&str> = url.split('/').skip(1).collect();
        let package = &mut held["accessPackage"];
        match (step["method"].as_str().unwrap(), parts.as_slice()) {
            ("PATCH", ["accessPackages", _]) => {
                for (k, v) in body.as_object().unwrap() {
                    package[k] = v.clone();
                }
            }
            ("POST", ["accessPackages", _, "resourceRoleScopes"]) => package["resourceRoleScopes"]
                .as_array_mut()
                .unwrap()
                .push(body),
            ("DELETE", ["accessPackages", _, "resourceRoleScopes", id]) => {
                package["resourceRoleScopes"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|rs| rs["id"] != json!(id));
            }
            ("POST", ["accessPackages", _, kind, "$ref"]) => {
                let id = body["@odata.id"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string();
                package[*kind]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({ "id": id }));
            }
            ("DELETE", ["accessPackages", _, kind, id, "$ref"]) => package[*kind]
                .as_array_mut()
                .unwrap()
                .retain(|r| r["id"] != json!(id)),
            ("POST", ["assignmentPolicies"]) => held["assignmentPolicies"]
                .as_array_mut()
                .unwrap()
                .push(body),
            ("PUT", ["assignmentPolicies", id]) => {
                for p in held["assignmentPolicies"].as_array_mut().unwrap() {
                    if p["id"] == json!(id) {
                        *p = body.clone();
                    }
                }
            }
            ("DELETE", ["assignmentPolicies", id]) => held["assignmentPolicies"]
                .as_array_mut()
                .unwrap()
                .retain(|p| p["id"] != json!(id)),
            ("POST", ["resourceRequests"]) | ("GET", _) => {}
            (method, _) => panic!("a step the tenant model does not know: {method} {url}"),
        }
    }
    held
}

/// A value as Graph compares it: no `null`s, empty lists or objects.
fn comparable(value: &Json) -> Json {
    match value {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), comparable(v)))
                .filter(|(_, v)| !v.is_null() && v != &json!([]) && v != &json!({}))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(comparable).collect()),
        other => other.clone(),
    }
}

/// A policy as the draft means it: without what the service sets (its id, its
/// questions' and stage settings' ids, timestamps).
fn policy_shape(policy: &Json) -> String {
    let mut p = comparable(policy);
    let obj = p.as_object_mut().unwrap();
    for key in ["id", "accessPackage", "createdDateTime", "modifiedDateTime"] {
        obj.remove(key);
    }
    for key in ["questions", "customExtensionStageSettings"] {
        for item in obj
            .get_mut(key)
            .and_then(Json::as_array_mut)
            .into_iter()
            .flatten()
        {
            item.as_object_mut().unwrap().remove("id");
        }
    }
    serde_json::to_string(&p).unwrap()
}

fn role_scope_shape(rs: &Json) -> String {
    format!("{}|{}", rs["role"]["originId"], rs["scope"]["originId"])
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

#[test]
fn applying_a_change_plan_to_the_current_package_gives_the_draft() {
    let pool = policy_pool();
    let mut r = Rng(11);
    let mut changed = 0;
    for round in 0..150 {
        let current_groups: Vec<usize> = (1..=3).filter(|_| r.next(2) == 0).collect();
        let mut current_package = package("Current", &[]);
        current_package["resourceRoleScopes"] = json!(current_groups
            .iter()
            .map(|g| role_scope(*g, true))
            .collect::<Vec<_>>());
        current_package["incompatibleAccessPackages"] = json!((0..r.pick(3))
            .map(|k| json!({ "id": format!("a000000{k}-0000-0000-0000-000000000009") }))
            .collect::<Vec<_>>());
        current_package["createdDateTime"] = json!("2025-01-01T00:00:00Z");
        let current_policies: Vec<Json> = (0..r.pick(4))
            .map(|k| {
                let mut p = pool[r.pick(pool.len())].clone();
                p["id"] = json!(format!("p{k}"));
                p["createdDateTime"] = json!("2025-01-01T00:00:00Z");
                p
            })
            .collect();
        let current =
            json!({ "accessPackage": current_package, "assignmentPolicies": current_policies });

        // The draft: some of the roles and policies kept (some changed), others new.
        let draft_groups: Vec<usize> = (1..=5).filter(|_| r.next(2) == 0).collect();
        let name = if r.next(2) == 0 {
            "Current".to_string()
        } else {
            format!("Renamed {round}")
        };
        let mut draft_package = package(&name, &draft_groups);
        draft_package["isHidden"] = json!(r.next(4) == 0);
        draft_package["incompatibleAccessPackages"] = json!((0..r.pick(3))
            .map(|k| json!({ "id": format!("a000000{}-0000-0000-0000-000000000009", k + 1) }))
            .collect::<Vec<_>>());
        let mut draft_policies = Vec::new();
        for p in current["assignmentPolicies"].as_array().unwrap() {
            match r.next(3) {
                0 => {}
                1 => draft_policies.push(p.clone()),
                _ => {
                    let mut p = p.clone();
                    p["displayName"] = json!(format!("Changed {round}"));
                    draft_policies.push(p);
                }
            }
        }
        for _ in 0..r.pick(3) {
            draft_policies.push(pool[r.pick(pool.len())].clone());
        }
        let draft = json!({ "catalog": catalog(), "accessPackage": draft_package, "assignmentPolicies": draft_policies });
        let request = json!({ "now": "2025-06-01T00:00:00Z", "draft": draft, "current": current });
        let plan = serde_json::to_value(creation_plan(common::to_value(&request))).unwrap();
        if plan["valid"] != true {
            continue;
        }
        check_order(&plan);
        check_bodies(&plan, &request);
        changed += usize::from(!plan["steps"].as_array().unwrap().is_empty());
        let after = apply(&current, &plan);
        let (got, want) = (&after["accessPackage"], &draft["accessPackage"]);
        for key in ["displayName", "description", "isHidden"] {
            assert_eq!(
                got[key], want[key],
                "{key} after the plan, round {round}\n{plan}"
            );
        }
        let shapes = |v: &Json, f: fn(&Json) -> String, key: &str| {
            sorted(v[key].as_array().unwrap().iter().map(f).collect())
        };
        assert_eq!(
            shapes(got, role_scope_shape, "resourceRoleScopes"),
            shapes(want, role_scope_shape, "resourceRoleScopes"),
            "round {round}"
        );
        let ids = |v: &Json| -> Vec<String> {
            sorted(
                v["incompatibleAccessPackages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["id"].to_string())
                    .collect(),
            )
        };
        assert_eq!(ids(got), ids(want), "round {round}");
        assert_eq!(
            shapes(&after, policy_shape, "assignmentPolicies"),
            shapes(&draft, policy_shape, "assignmentPolicies"),
            "policies after the plan, round {round}\n{plan}"
        );
        // Nothing is deleted before what replaces it exists.
        let steps = plan["steps"].as_array().unwrap();
        let first_delete = steps
            .iter()
            .position(|s| s["method"] == "DELETE" && !s["url"].as_str().unwrap().ends_with("$ref"));
        if let Some(first) = first_delete {
            assert!(
                steps[first..].iter().all(|s| s["method"] == "DELETE"),
                "a step after a deletion, round {round}\n{plan}"
            );
        }
    }
    assert!(changed > 100, "only {changed} change plans had steps");
}
