//! The Tenant answers as `applicablePolicies` does for each package, and its index
//! finds every package a requester may request: both checked over generated tenants
//! and requesters against a brute-force evaluation of every package.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::api::ApplicabilityCall;
use entitlement_policy::json::Value;
use entitlement_policy::model::{Decode, Decoder};
use entitlement_policy::tenant::{Tenant, TenantQueryOptions};
use serde_json::{json, Value as Json};

use common::Rng;

fn id(prefix: char, n: u64) -> String {
    format!("{prefix}0000000-0000-0000-0000-{n:012}")
}

fn tenant_json(seed: u64, packages: u64) -> Json {
    let mut r = Rng(seed);
    let catalogs: Vec<Json> = (0..4)
        .map(|c| {
            json!({ "id": id('c', c), "displayName": format!("Catalog {c}"),
                          "state": if c == 3 { "unpublished" } else { "published" },
                          "isExternallyVisible": c != 2 })
        })
        .collect();
    let mut pkgs = Vec::new();
    let mut policies = Vec::new();
    for p in 0..packages {
        let mut pkg = json!({ "id": id('a', p), "displayName": format!("Package {p}"), "description": "d",
                               "isHidden": r.next(8) == 0, "catalog": { "id": id('c', r.next(4)) } });
        if r.next(10) == 0 {
            pkg["incompatibleAccessPackages"] = json!([{ "id": id('a', r.next(packages)) }]);
        }
        if r.next(12) == 0 {
            pkg["incompatibleGroups"] = json!([{ "id": id('9', r.next(20)) }]);
        }
        pkgs.push(pkg);
        for k in 0..(1 + r.next(3)) {
            let scope = [
                "specificDirectoryUsers",
                "specificDirectoryUsers",
                "allMemberUsers",
                "allDirectoryUsers",
                "specificConnectedOrganizationUsers",
                "allConfiguredConnectedOrganizationUsers",
                "allExternalUsers",
                "notSpecified",
                "specificDirectoryServicePrincipals",
            ][r.next(9) as usize];
            let targets = match scope {
                "specificDirectoryUsers" if r.next(4) == 0 => {
                    json!([{ "@odata.type": "#microsoft.graph.singleUser", "userId": id('1', r.next(30)) }])
                }
                "specificDirectoryUsers" => {
                    json!([{ "@odata.type": "#microsoft.graph.groupMembers", "groupId": id('9', r.next(20)) }])
                }
                "specificConnectedOrganizationUsers" => {
                    json!([{ "@odata.type": "#microsoft.graph.connectedOrganizationMembers", "connectedOrganizationId": id('e', r.next(3)) }])
                }
                "specificDirectoryServicePrincipals" => {
                    json!([{ "@odata.type": "#microsoft.graph.singleServicePrincipal", "servicePrincipalId": id('5', r.next(3)) }])
                }
                _ => json!([]),
            };
            let mut policy = json!({ "id": id('b', p * 10 + k), "displayName": format!("Policy {p}.{k}"), "description": "d",
                "accessPackage": { "id": id('a', p) }, "allowedTargetScope": scope, "specificAllowedTargets": targets,
                "expiration": { "type": "afterDuration", "duration": "P30D" },
                "requestorSettings": { "enableTargetsToSelfAddAccess": r.next(6) != 0, "enableTargetsToSelfUpdateAccess": r.next(2) == 0,
                    "enableOnBehalfRequestorsToAddAccess": r.next(4) == 0,
                    "onBehalfRequestors": [{ "@odata.type": "#microsoft.graph.targetManager", "managerLevel": 1 }] },
                "requestApprovalSettings": { "isApprovalRequiredForAdd": false, "stages": [] } });
            if r.next(15) == 0 {
                policy["automaticRequestSettings"] =
                    json!({ "requestAccessForAllowedTargets": true });
            }
            policies.push(policy);
        }
    }
    let orgs: Vec<Json> = (0..3)
        .map(|o| json!({ "id": id('e', o), "displayName": format!("Org {o}"), "state": if o == 2 { "proposed" } else { "configured" },
            "identitySources": [{ "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", "tenantId": format!("t-{o}") }] }))
        .collect();
    let groups: Vec<Json> = (0..20)
        .map(|g| {
            json!({ "id": id('9', g), "displayName": format!("Group {g}"), "securityEnabled": true,
                          "memberIds": (0..3).map(|_| id('1', r.next(30))).collect::<Vec<_>>() })
        })
        .collect();
    // The directory's records of users 0..30 (some guests), for requesters given by id alone.
    let users: Vec<Json> = (0..30)
        .map(|u| {
            json!({ "id": id('1', u), "userType": if u % 5 == 0 { "Guest" } else { "Member" },
                    "managerIds": [id('1', (u + 1) % 30)], "groupIds": [id('9', u % 20)] })
        })
        .collect();
    json!({ "catalogs": catalogs, "accessPackages": pkgs, "assignmentPolicies": policies,
            "directory": { "connectedOrganizations": orgs, "groups": groups, "users": users } })
}

fn requesters(seed: u64, packages: u64) -> Vec<Json> {
    let mut r = Rng(seed);
    let mut out = Vec::new();
    for n in 0..24 {
        let groups: Vec<String> = (0..r.next(4)).map(|_| id('9', r.next(20))).collect();
        let mut p = match n % 7 {
            6 => json!({ "id": id('1', r.next(30)) }),
            0..=2 => {
                json!({ "id": id('1', r.next(30)), "userType": "Member", "groupIds": groups, "managerIds": [id('1', r.next(30))] })
            }
            3 => {
                json!({ "id": id('1', 100 + n), "userType": "Guest", "homeTenantId": format!("t-{}", r.next(3)), "authKind": "entra", "groupIds": groups })
            }
            4 => {
                json!({ "id": null, "mail": "x@example.org", "homeTenantId": format!("t-{}", r.next(4)), "authKind": "entra" })
            }
            _ => json!({ "id": id('5', r.next(3)), "kind": "servicePrincipal" }),
        };
        if r.next(8) == 0 {
            p["accountEnabled"] = json!(false);
        }
        if r.next(3) == 0 {
            p["assignments"] = json!([{ "accessPackageId": id('a', r.next(packages)), "assignmentPolicyId": id('b', r.next(packages * 10)), "state": "delivered" }]);
        }
        out.push(p);
    }
    out
}

/// The draft `applicablePolicies` sees for one package of the tenant.
fn draft_for(tenant: &Json, package: &Json) -> Json {
    let pid = &package["id"];
    let catalog = tenant["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == package["catalog"]["id"])
        .cloned();
    let policies: Vec<Json> = tenant["assignmentPolicies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| &p["accessPackage"]["id"] == pid)
        .cloned()
        .collect();
    let mut draft = json!({ "accessPackage": package, "assignmentPolicies": policies });
    if let Some(c) = catalog {
        draft["catalog"] = c;
    }
    draft
}

fn now() -> Option<chrono::DateTime<chrono::Utc>> {
    entitlement_policy::duration::parse_instant("2025-06-01T00:00:00Z")
}

fn principal(v: &Json) -> entitlement_policy::model::Principal {
    entitlement_policy::model::Principal::decode(
        common::to_value(v),
        &entitlement_policy::Path::root(),
        &mut Decoder::new(),
    )
    .unwrap()
}

#[test]
fn tenant_answers_equal_applicable_policies_for_every_package_and_requester() {
    for seed in [1, 2, 3] {
        let snapshot = tenant_json(seed, 40);
        let tenant = Tenant::new(common::to_value(&snapshot));
        assert!(
            tenant.diagnostics().is_empty(),
            "{:?}",
            tenant.diagnostics()
        );
        for (n, who) in requesters(seed * 7, 40).iter().enumerate() {
            let requester = principal(who);
            for initiator in ["user", "onBehalf", "admin"] {
                for request_type in ["add", "update"] {
                    let options = json!({ "now": "2025-06-01T00:00:00Z", "initiator": initiator, "requestType": request_type,
                                          "target": requesters(seed * 11, 40)[n % 24] });
                    let opts = TenantQueryOptions::decode(
                        common::to_value(&options),
                        &entitlement_policy::Path::root(),
                        &mut Decoder::new(),
                    )
                    .unwrap();
                    for package in snapshot["accessPackages"].as_array().unwrap() {
                        let pid = package["id"].as_str().unwrap();
                        let from_tenant = serde_json::to_value(tenant.applicable_policies(
                            pid,
                            &requester,
                            &opts,
                            vec![],
                        ))
                        .unwrap();
                        let mut request = options.clone();
                        request["draft"] = draft_for(&snapshot, package);
                        request["requester"] = who.clone();
                        request["directory"] = snapshot["directory"].clone();
                        let call = ApplicabilityCall::new(common::to_value(&request));
                        let from_draft = serde_json::to_value(call.answer()).unwrap();
                        assert_eq!(
                            from_tenant, from_draft,
                            "seed {seed}, requester {n}, {initiator} {request_type}, package {pid}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn requestable_packages_are_exactly_the_listed_packages_found_by_asking_each_one() {
    let (mut empty, mut listed_total) = (0, 0);
    for seed in [4, 5, 6, 7] {
        let snapshot = tenant_json(seed, 120);
        let tenant = Tenant::new(common::to_value(&snapshot));
        let opts = TenantQueryOptions::decode(
            common::to_value(&json!({ "now": "2025-06-01T00:00:00Z" })),
            &entitlement_policy::Path::root(),
            &mut Decoder::new(),
        )
        .unwrap();
        for who in requesters(seed * 3, 120) {
            let requester = principal(&who);
            for include_hidden in [false, true] {
                let listed: Vec<String> = tenant
                    .requestable_packages(&requester, include_hidden, now())
                    .iter()
                    .map(|p| p.access_package_id.to_string())
                    .collect();
                let mut expected: Vec<String> = snapshot["accessPackages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|p| {
                        let pid = p["id"].as_str().unwrap();
                        let a = tenant.applicable_policies(pid, &requester, &opts, vec![]);
                        // Requestable ones only: My Access also shows members packages they can't request (§9 R6).
                        let shown = a.answer.requestable
                            && (include_hidden || a.answer.listed_in_my_access);
                        shown.then(|| pid.to_string())
                    })
                    .collect();
                expected.sort();
                assert_eq!(
                    listed, expected,
                    "seed {seed}, requester {who}, hidden {include_hidden}"
                );
                listed_total += listed.len();
                empty += usize::from(listed.is_empty());
            }
        }
    }
    // The generated requesters cover both outcomes, so the comparison can fail.
    assert!(
        listed_total > 100 && empty > 5,
        "{listed_total} listed, {empty} empty lists"
    );
}

#[test]
fn entries_that_cannot_be_loaded_are_reported_with_their_paths_and_the_rest_loads() {
    let snapshot = json!({
        "catalogs": [{ "id": "c1", "state": "published" }],
        "accessPackages": [
            { "id": "a1", "displayName": "One", "catalog": { "id": "c1" } },
            { "displayName": "No id" },
            { "id": "a1", "displayName": "Same id" },
            42
        ],
        "assignmentPolicies": [
            { "id": "p1", "accessPackage": { "id": "a1" }, "allowedTargetScope": "allMemberUsers",
              "requestorSettings": { "enableTargetsToSelfAddAccess": true } },
            { "id": "p2", "allowedTargetScope": "allMemberUsers" },
            { "id": "p3", "accessPackage": { "id": "a9" } }
        ]
    });
    let tenant = Tenant::new(common::to_value(&snapshot));
    let found: Vec<(String, String)> = tenant
        .diagnostics()
        .iter()
        .map(|d| (d.code.clone(), d.path.clone()))
        .collect();
    for expected in [
        ("INPUT_MISSING_REQUIRED", "/accessPackages/1/id"),
        ("INPUT_DUPLICATE_ID", "/accessPackages/2/id"),
        ("INPUT_WRONG_TYPE", "/accessPackages/3"),
        (
            "INPUT_MISSING_REQUIRED",
            "/assignmentPolicies/1/accessPackage",
        ),
        (
            "INPUT_UNKNOWN_REFERENCE",
            "/assignmentPolicies/2/accessPackage/id",
        ),
    ] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {found:?}"
        );
    }
    assert_eq!(tenant.size(), (1, 1));
    let member =
        principal(&json!({ "id": "10000000-0000-0000-0000-000000000001", "userType": "Member" }));
    let listed: Vec<&str> = tenant
        .requestable_packages(&member, false, now())
        .iter()
        .map(|p| p.access_package_id)
        .collect();
    assert_eq!(listed, vec!["a1"]);
}

#[test]
fn a_snapshot_that_is_not_an_object_gives_an_empty_tenant_and_a_finding() {
    let tenant = Tenant::new(Value::from("tenant"));
    assert_eq!(tenant.size(), (0, 0));
    assert_eq!(tenant.diagnostics()[0].code, "INPUT_WRONG_TYPE");
}

/// Every collection of `snapshot` as Graph returns it: two pages, the first continued
/// at `@odata.nextLink`.
fn as_pages(snapshot: &Json) -> Json {
    let mut out = snapshot.clone();
    let paged = |list: &Json| {
        let items = list.as_array().unwrap();
        let (first, rest) = items.split_at(items.len() / 2);
        json!([{ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", "value": first,
                 "@odata.nextLink": "https://graph.microsoft.com/v1.0/next" },
               { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", "value": rest }])
    };
    for key in ["catalogs", "accessPackages", "assignmentPolicies"] {
        if snapshot[key].is_array() {
            out[key] = paged(&snapshot[key]);
        }
    }
    for key in ["users", "groups", "connectedOrganizations"] {
        out["directory"][key] = paged(&snapshot["directory"][key]);
    }
    out
}

/// The policies nested in their packages, as `accessPackages?$expand=assignmentPolicies` gives them.
fn nested(snapshot: &Json) -> Json {
    let mut out = snapshot.clone();
    for package in out["accessPackages"].as_array_mut().unwrap() {
        let policies: Vec<Json> = snapshot["assignmentPolicies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["accessPackage"]["id"] == package["id"])
            .map(|p| {
                let mut p = p.clone();
                p.as_object_mut().unwrap().remove("accessPackage");
                p
            })
            .collect();
        package["assignmentPolicies"] = json!(policies);
    }
    out.as_object_mut().unwrap().remove("assignmentPolicies");
    out
}

/// Each policy carrying its package, as `assignmentPolicies?$expand=accessPackage` gives them.
fn expanded(snapshot: &Json) -> Json {
    let mut out = snapshot.clone();
    let packages = snapshot["accessPackages"].as_array().unwrap();
    for policy in out["assignmentPolicies"].as_array_mut().unwrap() {
        let package = packages
            .iter()
            .find(|p| p["id"] == policy["accessPackage"]["id"])
            .unwrap();
        policy["accessPackage"] = package.clone();
    }
    out.as_object_mut().unwrap().remove("accessPackages");
    out
}

#[test]
fn a_tenant_given_as_graph_pages_nested_policies_or_expanded_packages_answers_as_its_arrays_do() {
    for seed in [8, 9] {
        let snapshot = tenant_json(seed, 60);
        let reference = Tenant::new(common::to_value(&snapshot));
        let opts = TenantQueryOptions::decode(
            common::to_value(&json!({ "now": "2025-06-01T00:00:00Z" })),
            &entitlement_policy::Path::root(),
            &mut Decoder::new(),
        )
        .unwrap();
        for (shape, given) in [
            ("pages", as_pages(&snapshot)),
            ("nested", nested(&snapshot)),
            ("expanded", expanded(&snapshot)),
            ("nested pages", as_pages(&nested(&snapshot))),
        ] {
            let tenant = Tenant::new(common::to_value(&given));
            let findings: Vec<&str> = tenant
                .diagnostics()
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert!(findings.is_empty(), "{shape}: {:?}", tenant.diagnostics());
            let mut asked = 0;
            for who in requesters(seed * 5, 60) {
                let requester = principal(&who);
                let listed = |t: &Tenant| {
                    serde_json::to_value(t.requestable_packages(&requester, true, now())).unwrap()
                };
                assert_eq!(
                    listed(&tenant),
                    listed(&reference),
                    "{shape}, seed {seed}, requester {who}"
                );
                for package in snapshot["accessPackages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .take(10)
                {
                    let pid = package["id"].as_str().unwrap();
                    let answer = |t: &Tenant| {
                        serde_json::to_value(t.applicable_policies(pid, &requester, &opts, vec![]))
                            .unwrap()
                    };
                    if shape != "expanded" {
                        assert_eq!(
                            answer(&tenant),
                            answer(&reference),
                            "{shape}, seed {seed}, package {pid}"
                        );
                        asked += 1;
                    }
                }
            }
            assert!(
                shape == "expanded" || asked > 100,
                "{shape}: {asked} packages asked"
            );
        }
    }
}

#[test]
fn findings_about_entries_of_graph_pages_and_nested_policies_point_where_the_caller_put_them() {
    let snapshot = json!({
        "catalogs": { "value": [{ "id": "c1", "state": "published" }] },
        "accessPackages": [
            { "value": [{ "id": "a1", "displayName": "One", "catalog": { "id": "c1" },
                          "assignmentPolicies": [{ "id": "p1", "allowedTargetScope": 7 }] }],
              "@odata.nextLink": "https://graph.microsoft.com/v1.0/next" },
            { "value": [{ "displayName": "No id" }] }
        ],
        "assignmentPolicies": { "value": [{ "id": "p2", "displayName": "Listed without $expand" }],
                                "@odata.nextLink": "https://graph.microsoft.com/v1.0/more" }
    });
    let tenant = Tenant::new(common::to_value(&snapshot));
    let found: Vec<(&str, &str)> = tenant
        .diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "INPUT_WRONG_TYPE",
                "/accessPackages/0/value/0/assignmentPolicies/0/allowedTargetScope"
            ),
            ("INPUT_MISSING_REQUIRED", "/accessPackages/1/value/0/id"),
            (
                "INPUT_INCOMPLETE_COLLECTION",
                "/assignmentPolicies/@odata.nextLink"
            ),
            (
                "INPUT_MISSING_REQUIRED",
                "/assignmentPolicies/value/0/accessPackage"
            ),
        ]
    );
    let missing = tenant
        .diagnostics()
        .iter()
        .find(|d| d.path == "/assignmentPolicies/value/0/accessPackage")
        .unwrap();
    assert!(
        missing
            .help
            .as_deref()
            .unwrap()
            .contains("$expand=accessPackage"),
        "{missing:?}"
    );
}

#[test]
fn graph_assignments_feed_their_targets_so_a_holder_is_already_assigned_and_none_is_an_unknown_property(
) {
    let snapshot = json!({
        "catalogs": [{ "id": "c1", "state": "published" }],
        "accessPackages": [{ "id": "a1", "displayName": "One", "catalog": { "id": "c1" } }],
        "assignmentPolicies": [{ "id": "p1", "accessPackage": { "id": "a1" }, "allowedTargetScope": "allMemberUsers",
                                 "requestorSettings": { "enableTargetsToSelfAddAccess": true } }],
        "directory": {
            "users": [{ "id": "10000000-0000-0000-0000-000000000001", "userType": "Member" }],
            "assignments": { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", "value": [{
                "id": "x1", "state": "delivered", "status": "Delivered", "expiredDateTime": null,
                "schedule": { "startDateTime": "2025-01-01T00:00:00Z", "expiration": { "type": "noExpiration" } },
                "target": { "id": "s1", "objectId": "10000000-0000-0000-0000-000000000002", "displayName": "Bo",
                            "email": "bo@example.com", "subjectType": "user", "principalName": "bo@example.com" },
                "accessPackage": { "id": "a1", "displayName": "One" },
                "assignmentPolicy": { "id": "p1", "displayName": "All members" } }] }
        }
    });
    let tenant = Tenant::new(common::to_value(&snapshot));
    assert!(
        tenant.diagnostics().is_empty(),
        "{:?}",
        tenant.diagnostics()
    );
    let opts = TenantQueryOptions::decode(
        common::to_value(&json!({ "now": "2025-06-01T00:00:00Z" })),
        &entitlement_policy::Path::root(),
        &mut Decoder::new(),
    )
    .unwrap();
    let holder = principal(&json!({ "id": "10000000-0000-0000-0000-000000000002" }));
    let other = principal(&json!({ "id": "10000000-0000-0000-0000-000000000001" }));
    let reasons = |who| {
        tenant
            .applicable_policies("a1", who, &opts, vec![])
            .answer
            .policies[0]
            .reasons
            .clone()
    };
    assert_eq!(reasons(&holder), ["ALREADY_ASSIGNED"]);
    assert!(reasons(&other).is_empty());
}

#[test]
fn a_snapshot_beyond_entras_tenant_limits_is_warned_about_with_the_limit() {
    let packages: Vec<Json> = (0..20_001)
        .map(|p| json!({ "id": format!("a{p}"), "catalog": { "id": "c1" } }))
        .collect();
    let tenant = Tenant::new(common::to_value(
        &json!({ "catalogs": [{ "id": "c1" }], "accessPackages": packages, "assignmentPolicies": [] }),
    ));
    let found: Vec<(&str, &str)> = tenant
        .diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(found, [("LIMIT_TENANT_PACKAGES", "/accessPackages")]);
    assert!(
        tenant.diagnostics()[0].message.contains("20001"),
        "{:?}",
        tenant.diagnostics()[0]
    );
}

/// `tests/fixtures/tenant/graph-docs-list-responses.json` holds Microsoft Graph v1.0 list
/// responses exactly as the Graph docs show them (microsoft-graph-docs-contrib,
/// `api-reference/v1.0/api/`): `entitlementmanagement-list-catalogs`,
/// `-list-accesspackages`, `-list-assignmentpolicies`, `-list-connectedorganizations`,
/// `-list-assignments`, and `accesspackage-list-resourcerolescopes` (a package fetched
/// with `$expand=resourceRoleScopes($expand=role,scope)`) as a second page of packages.
/// The docs' examples list without `$expand`, so their policy names no package and their
/// assignment no target: exactly what the snapshot reports, with the query to fix it.
#[test]
fn a_snapshot_of_the_graph_docs_own_list_responses_loads_and_says_which_expand_each_unplaced_entry_needs(
) {
    let snapshot = common::read_value(
        &common::root().join("tests/fixtures/tenant/graph-docs-list-responses.json"),
    );
    let tenant = Tenant::new(snapshot);
    let found: Vec<(&str, &str, &str)> = tenant
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.path.as_str(),
                d.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    // Both packages load; the policy, which names no package, cannot.
    assert_eq!(tenant.size(), (2, 0), "{found:?}");
    let codes: Vec<(&str, &str)> = found.iter().map(|(c, p, _)| (*c, *p)).collect();
    assert_eq!(
        codes,
        [
            (
                "INPUT_UNKNOWN_PROPERTY",
                "/accessPackages/1/value/0/catalogId"
            ),
            (
                "INPUT_MISSING_REQUIRED",
                "/assignmentPolicies/value/0/accessPackage"
            ),
            ("INPUT_MISSING_REQUIRED", "/directory/assignments/value/0"),
        ]
    );
    assert!(
        found[1].2.contains("$expand=accessPackage") && found[2].2.contains("$expand=target"),
        "{found:?}"
    );
}

#[test]
fn the_tenant_finds_a_microsoft_account_organization_for_any_microsoft_account_as_applicable_policies_does(
) {
    let doc = common::read_json(&common::root().join(
        "tests/fixtures/applicablePolicies/9-R11-a-microsoft-account-matches-the-live-com-organization-whatever-its-mail.json",
    ));
    let request = &doc["request"];
    let mut package = request["draft"]["accessPackage"].clone();
    package["id"] = json!("a0000000-0000-0000-0000-000000000001");
    let mut policy = request["draft"]["assignmentPolicies"][0].clone();
    policy["accessPackage"] = json!({ "id": "a0000000-0000-0000-0000-000000000001" });
    let tenant = Tenant::new(common::to_value(&json!({
        "catalogs": [request["draft"]["catalog"]], "accessPackages": [package], "assignmentPolicies": [policy],
        "directory": request["directory"] })));
    for (auth, listed) in [("msa", 1), ("otp", 0)] {
        let mut who = request["requester"].clone();
        who["authKind"] = json!(auth);
        let found = tenant
            .requestable_packages(&principal(&who), true, now())
            .len();
        assert_eq!(found, listed, "{auth}");
        assert_eq!(doc["expected"]["requestable"], json!(true));
    }
}
