//! A tenant snapshot as Graph returns it, brought to the one arrangement the tenant
//! decodes (api.md "Tenant snapshots as Graph returns them").
//!
//! Each collection may be an array, a Graph collection page (`{ "@odata.context",
//! "value": [...], "@odata.nextLink" }`) or an array of pages. Policies may come nested
//! in their package (`accessPackages?$expand=assignmentPolicies`), and a policy from
//! `assignmentPolicies?$expand=accessPackage` carries its package, which is loaded from
//! there when the snapshot has it nowhere else. `directory.assignments` takes v1.0
//! `accessPackageAssignment` objects (with `target` expanded) and hands each to the
//! directory user whose id is the target's `objectId`.
//!
//! Nothing here decides anything about access: it only moves values, and remembers
//! where each moved value stood ([`Origins`]), so that every finding about it points
//! into the snapshot as the caller gave it.

use crate::diagnostics::{Diagnostic, Findings, Severity};
use crate::json::Value;
use crate::model::decode::codes;
use std::collections::BTreeMap;

/// Where moved values stood: the JSON pointer of a value in the arranged snapshot →
/// its pointer in the snapshot as given. Values that did not move are not listed.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    moved: BTreeMap<String, String>,
}

impl Origins {
    fn note(&mut self, arranged: String, given: &str) {
        if arranged != given {
            self.moved.insert(arranged, given.to_string());
        }
    }

    /// `pointer` (into the arranged snapshot) as a pointer into the snapshot as given.
    pub(crate) fn given(&self, pointer: &str) -> String {
        if self.moved.is_empty() {
            return pointer.to_string();
        }
        // The longest moved prefix that ends at a segment boundary.
        let mut end = pointer.len();
        loop {
            let prefix = pointer.get(..end).unwrap_or("");
            if let Some(origin) = self.moved.get(prefix) {
                return format!("{origin}{}", pointer.get(end..).unwrap_or(""));
            }
            match prefix.rfind('/') {
                Some(slash) if slash > 0 => end = slash,
                _ => return pointer.to_string(),
            }
        }
    }

    /// Rewrites the paths of `diagnostics` to point into the snapshot as given.
    pub(crate) fn repoint(&self, diagnostics: &mut [Diagnostic]) {
        if self.moved.is_empty() {
            return;
        }
        for d in diagnostics {
            d.path = self.given(&d.path);
        }
    }
}

/// One entry of a collection, with its pointer in the snapshot as given.
struct Entry {
    value: Value,
    origin: String,
}

/// The members of a collection given as an array, a Graph page, or an array of pages.
fn entries(value: Value, pointer: &str, findings: &mut Findings) -> Vec<Entry> {
    let mut out = Vec::new();
    match value {
        Value::Array(items) => {
            let mut pages = 0usize;
            let count = items.len();
            for (i, item) in items.into_iter().enumerate() {
                let here = format!("{pointer}/{i}");
                if is_page(&item) {
                    pages += 1;
                    page(item, &here, i + 1 == count, &mut out, findings);
                } else {
                    out.push(Entry {
                        value: item,
                        origin: here,
                    });
                }
            }
            if pages > 0 && pages < count {
                at(
                    findings,
                    codes::WRONG_TYPE,
                    Severity::Warning,
                    pointer,
                    "the collection mixes Graph pages and plain entries; both are loaded".into(),
                    Some("give either the entries or the pages Graph returned".into()),
                );
            }
        }
        Value::Null => {}
        page_value if is_page(&page_value) => page(page_value, pointer, true, &mut out, findings),
        other => at(
            findings,
            codes::WRONG_TYPE,
            Severity::Error,
            pointer,
            format!(
                "expected an array or a Graph page, found {}; nothing of it is loaded",
                other.type_name()
            ),
            Some(
                "give the entries as an array, or the `{ \"value\": [...] }` page Graph returned"
                    .into(),
            ),
        ),
    }
    out
}

/// A Graph collection page: an object with a `value` member.
fn is_page(value: &Value) -> bool {
    matches!(value, Value::Object(members) if members.iter().any(|(k, _)| k == "value"))
}

fn page(value: Value, pointer: &str, last: bool, out: &mut Vec<Entry>, findings: &mut Findings) {
    let Value::Object(members) = value else {
        return;
    };
    for (key, member) in members {
        match key.as_str() {
            "value" => match member {
                Value::Array(items) => out.extend(items.into_iter().enumerate().map(|(i, value)| Entry {
                    value,
                    origin: format!("{pointer}/value/{i}"),
                })),
                other => at(
                    findings,
                    codes::WRONG_TYPE,
                    Severity::Error,
                    &format!("{pointer}/value"),
                    format!("expected an array, found {}; the page is not loaded", other.type_name()),
                    None,
                ),
            },
            "@odata.nextLink" if last => at(
                findings,
                codes::INCOMPLETE,
                Severity::Warning,
                &format!("{pointer}/@odata.nextLink"),
                "Graph continues this page at `@odata.nextLink`, and the next page is not in the snapshot".into(),
                Some("fetch every page (PowerShell: `-All`) and give them as an array of pages".into()),
            ),
            _ => {}
        }
    }
}

/// A finding at `pointer`, already a pointer into the snapshot as given.
fn at(
    findings: &mut Findings,
    code: &str,
    severity: Severity,
    pointer: &str,
    message: String,
    help: Option<String>,
) {
    let mut d = Diagnostic::new(code, severity, pointer, message);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    findings.push(d);
}

fn member<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key)
}

fn id_of(value: &Value) -> Option<String> {
    member(value, "id")?.as_str().map(str::to_ascii_lowercase)
}

fn take(value: &mut Value, key: &str) -> Option<Value> {
    let Value::Object(members) = value else {
        return None;
    };
    let i = members.iter().position(|(k, _)| k == key)?;
    Some(members.remove(i).1)
}

fn set(value: &mut Value, key: &str, to: Value) {
    if let Value::Object(members) = value {
        members.push((key.to_string(), to));
    }
}

/// A Graph-shaped snapshot brought to plain arrays; the findings made on the way
/// already point into the snapshot as given.
pub(crate) struct Arranged {
    /// The snapshot with every collection a plain array.
    pub(crate) snapshot: Value,
    /// Where moved values stood.
    pub(crate) origins: Origins,
    /// What could not be arranged.
    pub(crate) findings: Findings,
}

/// Brings `snapshot` to the arrangement the tenant decodes.
pub(crate) fn arrange(snapshot: Value) -> Arranged {
    let mut findings = Findings::new();
    let mut origins = Origins::default();
    let Value::Object(mut top) = snapshot else {
        return Arranged {
            snapshot,
            origins,
            findings,
        };
    };
    let pull =
        |members: &mut Vec<(String, Value)>, key: &str, pointer: &str, findings: &mut Findings| {
            members
                .iter()
                .position(|(k, _)| k == key)
                .map(|i| entries(members.remove(i).1, pointer, findings))
        };
    let catalogs = pull(&mut top, "catalogs", "/catalogs", &mut findings);
    let packages = pull(&mut top, "accessPackages", "/accessPackages", &mut findings);
    let policies = pull(
        &mut top,
        "assignmentPolicies",
        "/assignmentPolicies",
        &mut findings,
    );

    // Policies nested in their package, and packages carried by their policies.
    let mut packages = packages.unwrap_or_default();
    let mut policies = policies.unwrap_or_default();
    for package in &mut packages {
        let Some(nested) = take(&mut package.value, "assignmentPolicies") else {
            continue;
        };
        let package_id = member(&package.value, "id").cloned();
        for mut policy in entries(
            nested,
            &format!("{}/assignmentPolicies", package.origin),
            &mut findings,
        ) {
            if member(&policy.value, "accessPackage").is_none() {
                if let Some(id) = &package_id {
                    set(
                        &mut policy.value,
                        "accessPackage",
                        Value::Object(vec![("id".into(), id.clone())]),
                    );
                }
            }
            policies.push(policy);
        }
    }
    let mut known: std::collections::BTreeSet<String> =
        packages.iter().filter_map(|p| id_of(&p.value)).collect();
    for policy in &policies {
        let Some(carried) = member(&policy.value, "accessPackage") else {
            continue;
        };
        // An expanded package, not a bare `{ id }` reference.
        let expanded = matches!(carried, Value::Object(m) if m.iter().any(|(k, _)| k != "id" && !k.starts_with('@')));
        if let (true, Some(id)) = (expanded, id_of(carried)) {
            if known.insert(id) {
                packages.push(Entry {
                    value: carried.clone(),
                    origin: format!("{}/accessPackage", policy.origin),
                });
            }
        }
    }

    let mut directory = top
        .iter()
        .position(|(k, _)| k == "directory")
        .map(|i| top.remove(i).1);
    if let Some(Value::Object(members)) = &mut directory {
        arrange_directory(members, &mut origins, &mut findings);
    }

    let mut put = |key: &str, list: Vec<Entry>, origins: &mut Origins| {
        let values = list
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                origins.note(format!("/{key}/{i}"), &e.origin);
                e.value
            })
            .collect();
        top.push((key.to_string(), Value::Array(values)));
    };
    if let Some(catalogs) = catalogs {
        put("catalogs", catalogs, &mut origins);
    }
    put("accessPackages", packages, &mut origins);
    put("assignmentPolicies", policies, &mut origins);
    if let Some(directory) = directory {
        top.push(("directory".into(), directory));
    }
    Arranged {
        snapshot: Value::Object(top),
        origins,
        findings,
    }
}

/// The directory's collections as plain arrays, and its assignments handed to their targets.
fn arrange_directory(
    members: &mut Vec<(String, Value)>,
    origins: &mut Origins,
    findings: &mut Findings,
) {
    for (key, value) in members.iter_mut() {
        if matches!(
            key.as_str(),
            "users"
                | "groups"
                | "connectedOrganizations"
                | "accessPackages"
                | "catalogs"
                | "roleDefinitions"
        ) {
            let pointer = format!("/directory/{key}");
            let list = entries(std::mem::take(value), &pointer, findings);
            *value = Value::Array(
                list.into_iter()
                    .enumerate()
                    .map(|(i, e)| {
                        origins.note(format!("{pointer}/{i}"), &e.origin);
                        e.value
                    })
                    .collect(),
            );
        }
    }
    let Some(i) = members.iter().position(|(k, _)| k == "assignments") else {
        return;
    };
    let assignments = entries(members.remove(i).1, "/directory/assignments", findings);
    if assignments.is_empty() {
        return;
    }
    let users_at = match members.iter().position(|(k, _)| k == "users") {
        Some(i) => i,
        None => {
            members.push(("users".into(), Value::Array(Vec::new())));
            members.len() - 1
        }
    };
    let Some((_, Value::Array(users))) = members.get_mut(users_at) else {
        return;
    };
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for (i, user) in users.iter().enumerate() {
        if let Some(id) = id_of(user) {
            by_id.entry(id).or_insert(i);
        }
    }
    for assignment in assignments {
        let target = member(&assignment.value, "target");
        let Some(object_id) = target
            .and_then(|t| member(t, "objectId"))
            .and_then(Value::as_str)
        else {
            let (pointer, what) = match target {
                None => (assignment.origin.clone(), "`target`"),
                Some(_) => (
                    format!("{}/target/objectId", assignment.origin),
                    "`target.objectId`",
                ),
            };
            at(
                findings,
                codes::MISSING,
                Severity::Error,
                &pointer,
                format!("the assignment's {what} is missing, so it is given to nobody"),
                Some(
                    "list assignments with `$expand=target` (PowerShell: `-ExpandProperty target`)"
                        .into(),
                ),
            );
            continue;
        };
        let lower = object_id.to_ascii_lowercase();
        let user = match by_id.get(&lower) {
            Some(&i) => i,
            None => {
                // A target the snapshot's users don't list: a user of its own, from the subject.
                let subject = target.cloned().unwrap_or_default();
                let mut user = vec![("id".to_string(), Value::String(object_id.to_string()))];
                for (from, to) in [("displayName", "displayName"), ("email", "mail")] {
                    if let Some(Value::String(s)) = member(&subject, from) {
                        user.push((to.to_string(), Value::String(s.clone())));
                    }
                }
                if member(&subject, "subjectType").and_then(Value::as_str)
                    == Some("servicePrincipal")
                {
                    user.push(("kind".into(), Value::String("servicePrincipal".into())));
                }
                users.push(Value::Object(user));
                origins.note(
                    format!("/directory/users/{}/id", users.len() - 1),
                    &format!("{}/target/objectId", assignment.origin),
                );
                by_id.insert(lower, users.len() - 1);
                users.len() - 1
            }
        };
        let Some(Value::Object(fields)) = users.get_mut(user) else {
            continue;
        };
        let list = match fields.iter().position(|(k, _)| k == "assignments") {
            Some(i) => i,
            None => {
                fields.push(("assignments".into(), Value::Array(Vec::new())));
                fields.len() - 1
            }
        };
        if let Some((_, Value::Array(held))) = fields.get_mut(list) {
            origins.note(
                format!("/directory/users/{user}/assignments/{}", held.len()),
                &assignment.origin,
            );
            held.push(assignment.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn arranged(text: &str) -> (String, Arranged) {
        let a = arrange(parse(text).unwrap());
        (crate::json_writer::to_text(&a.snapshot).unwrap(), a)
    }

    #[test]
    fn pages_and_arrays_of_pages_become_one_array_and_findings_point_into_the_pages() {
        let (text, a) = arranged(
            r#"{"catalogs": {"@odata.context": "x", "value": [{"id": "c1"}]},
                "accessPackages": [{"value": [{"id": "a1"}], "@odata.nextLink": "n"}, {"value": [{"id": "a2"}]}]}"#,
        );
        assert_eq!(
            text,
            r#"{"catalogs":[{"id":"c1"}],"accessPackages":[{"id":"a1"},{"id":"a2"}],"assignmentPolicies":[]}"#
        );
        assert_eq!(
            a.origins.given("/accessPackages/1/displayName"),
            "/accessPackages/1/value/0/displayName"
        );
        assert_eq!(a.origins.given("/catalogs/0"), "/catalogs/value/0");
        assert!(a.findings.as_slice().is_empty(), "{:?}", a.findings);
    }

    #[test]
    fn a_last_page_that_graph_continues_is_reported_as_incomplete() {
        let (_, a) = arranged(
            r#"{"accessPackages": {"value": [], "@odata.nextLink": "https://graph.microsoft.com/v1.0/next"}}"#,
        );
        let codes: Vec<&str> = a
            .findings
            .as_slice()
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, [codes::INCOMPLETE]);
    }

    #[test]
    fn policies_nested_in_their_package_are_loaded_as_its_policies() {
        let (text, a) =
            arranged(r#"{"accessPackages": [{"id": "a1", "assignmentPolicies": [{"id": "p1"}]}]}"#);
        assert_eq!(
            text,
            r#"{"accessPackages":[{"id":"a1"}],"assignmentPolicies":[{"id":"p1","accessPackage":{"id":"a1"}}]}"#
        );
        assert_eq!(
            a.origins.given("/assignmentPolicies/0/displayName"),
            "/accessPackages/0/assignmentPolicies/0/displayName"
        );
    }

    #[test]
    fn a_package_carried_by_its_policies_is_loaded_once() {
        let (text, _) = arranged(
            r#"{"assignmentPolicies": [{"id": "p1", "accessPackage": {"id": "a1", "displayName": "A"}},
                                       {"id": "p2", "accessPackage": {"id": "A1", "displayName": "A"}},
                                       {"id": "p3", "accessPackage": {"id": "a2"}}]}"#,
        );
        assert!(
            text.starts_with(r#"{"accessPackages":[{"id":"a1","displayName":"A"}],"#),
            "{text}"
        );
    }

    #[test]
    fn an_assignment_goes_to_the_user_its_target_names_or_to_a_user_of_its_own() {
        let (text, a) = arranged(
            r#"{"directory": {"users": [{"id": "U1"}], "assignments": {"value": [
                 {"id": "x1", "target": {"objectId": "u1"}, "accessPackage": {"id": "a1"}},
                 {"id": "x2", "target": {"objectId": "u2", "displayName": "Bo", "email": "bo@x"}},
                 {"id": "x3"}]}}}"#,
        );
        assert_eq!(
            text,
            concat!(
                r#"{"accessPackages":[],"assignmentPolicies":[],"directory":{"users":["#,
                r#"{"id":"U1","assignments":[{"id":"x1","target":{"objectId":"u1"},"accessPackage":{"id":"a1"}}]},"#,
                r#"{"id":"u2","displayName":"Bo","mail":"bo@x","assignments":[{"id":"x2","target":{"objectId":"u2","displayName":"Bo","email":"bo@x"}}]}]}}"#
            )
        );
        assert_eq!(
            a.origins.given("/directory/users/0/assignments/0/state"),
            "/directory/assignments/value/0/state"
        );
        let missing: Vec<&str> = a
            .findings
            .as_slice()
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(missing, ["/directory/assignments/value/2"]);
        assert_eq!(
            a.origins.given("/directory/users/1/id"),
            "/directory/assignments/value/1/target/objectId"
        );
    }
}
