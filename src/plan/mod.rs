//! The Graph v1.0 calls that make a tenant hold a draft (api.md `creationPlan`): create
//! it, or change the tenant's current package into it. The plan is data ([`Step`]s);
//! [`powershell`] and [`http`] render it as a script and as a VS Code REST Client file.
//!
//! Every URL, method and cmdlet follows the Graph v1.0 and Microsoft Graph PowerShell
//! references (microsoft-graph-docs-contrib `api-reference/v1.0/api/`, and
//! microsoftgraph-docs-powershell `Microsoft.Graph.Identity.Governance/`):
//!
//! | call | Graph v1.0 | cmdlet |
//! |---|---|---|
//! | create a catalog | `POST /identityGovernance/entitlementManagement/catalogs` (`entitlementmanagement-post-catalogs`) | `New-MgEntitlementManagementCatalog` |
//! | add a resource to a catalog | `POST …/resourceRequests` with `requestType: adminAdd` (`entitlementmanagement-post-resourcerequests`) | `New-MgEntitlementManagementResourceRequest` |
//! | find it with its roles and scopes | `GET …/catalogs/{id}/resources?$filter=originId eq '…'&$expand=roles,scopes` (`accesspackagecatalog-list-resources`) | `Get-MgEntitlementManagementCatalogResource` |
//! | create a package | `POST …/accessPackages` (`entitlementmanagement-post-accesspackages`) | `New-MgEntitlementManagementAccessPackage` |
//! | change a package | `PATCH …/accessPackages/{id}`: `displayName`, `description`, `isHidden` (`accesspackage-update`) | `Update-MgEntitlementManagementAccessPackage` |
//! | add a resource role | `POST …/accessPackages/{id}/resourceRoleScopes` (`accesspackage-post-resourcerolescopes`) | `New-MgEntitlementManagementAccessPackageResourceRoleScope` |
//! | remove one | `DELETE …/accessPackages/{id}/resourceRoleScopes/{id}` (`accesspackage-delete-resourcerolescopes`) | `Remove-MgEntitlementManagementAccessPackageResourceRoleScope` |
//! | create a policy | `POST …/assignmentPolicies` (`entitlementmanagement-post-assignmentpolicies`) | `New-MgEntitlementManagementAssignmentPolicy` |
//! | replace a policy | `PUT …/assignmentPolicies/{id}`, the whole policy (`accesspackageassignmentpolicy-update`; v1.0 has no PATCH) | `Set-MgEntitlementManagementAssignmentPolicy` |
//! | delete a policy | `DELETE …/assignmentPolicies/{id}` (`accesspackageassignmentpolicy-delete`) | `Remove-MgEntitlementManagementAssignmentPolicy` |
//! | mark a package or group incompatible | `POST …/accessPackages/{id}/incompatibleAccessPackages/$ref` or `…/incompatibleGroups/$ref` with `@odata.id` (`accesspackage-post-incompatibleaccesspackage`, `-incompatiblegroup`) | `New-MgEntitlementManagementAccessPackageIncompatibleAccessPackageByRef`, `…IncompatibleGroupByRef` |
//! | remove the mark | `DELETE …/incompatibleAccessPackages/{id}/$ref`, `…/incompatibleGroups/{id}/$ref` | `Remove-MgEntitlementManagementAccessPackageIncompatibleAccessPackageByRef`, `…IncompatibleGroupByRef` |
//!
//! A resource request answers with the request only, not the resource, so a plan that
//! adds a resource finds it afterwards (a `GET` step, our addition to the methods of
//! api.md) to learn the catalog resource's id. A package can't move to another catalog
//! in v1.0 (`moveToCatalog` is beta only): a change plan says so (`PLAN_CATALOG_CHANGE`).
//!
//! The plan knows nothing about rules: the caller passes the draft's findings, and the
//! plan only reads the draft's JSON as given.

pub mod http;
pub mod powershell;

use crate::diagnostics::{Diagnostic, Severity};
use crate::json::Value;
use serde::Serialize;

/// Graph's prefix of every entitlement-management URL.
pub const EM: &str = "/identityGovernance/entitlementManagement";

/// An id: one the tenant already has, or the one an earlier step creates or finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// An id the tenant has.
    Known(String),
    /// The id of what step `n` (1-based) creates or finds.
    Step(usize),
}

impl Ref {
    /// `{{step-N.id}}` or the id itself, as steps write it.
    pub fn text(&self) -> String {
        match self {
            Ref::Known(id) => id.clone(),
            Ref::Step(n) => placeholder(*n),
        }
    }
}

/// The placeholder for the id of what step `n` creates or finds.
pub fn placeholder(n: usize) -> String {
    format!("{{{{step-{n}.id}}}}")
}

/// What a step does, for the renderers (the cmdlet and its parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// New catalog.
    CreateCatalog,
    /// Resource request `adminAdd`.
    AddResource,
    /// The catalog resource with `origin_id`, found in `catalog`.
    FindResource {
        /// The catalog.
        catalog: Ref,
        /// The resource's `originId`.
        origin_id: String,
    },
    /// New access package.
    CreatePackage,
    /// PATCH of the package.
    UpdatePackage(Ref),
    /// New resource role scope of the package.
    AddRoleScope(Ref),
    /// DELETE of a role scope: package, role scope.
    RemoveRoleScope(Ref, String),
    /// New policy.
    CreatePolicy,
    /// PUT of a policy.
    ReplacePolicy(String),
    /// DELETE of a policy.
    RemovePolicy(String),
    /// `$ref` POST of an incompatible package to the package.
    AddIncompatiblePackage(Ref),
    /// `$ref` DELETE: package, the other package.
    RemoveIncompatiblePackage(Ref, String),
    /// `$ref` POST of an incompatible group.
    AddIncompatibleGroup(Ref),
    /// `$ref` DELETE: package, group.
    RemoveIncompatibleGroup(Ref, String),
}

/// One Graph call of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// `step-1`, `step-2`, …
    pub id: String,
    /// `POST`, `PATCH`, `PUT`, `DELETE`, or `GET` for a lookup.
    pub method: &'static str,
    /// Relative to `https://graph.microsoft.com/v1.0`.
    pub url: String,
    /// The request body: no read-only properties; ids not yet known are `{{step-N.id}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Earlier steps whose results it uses or which it must follow.
    pub depends_on: Vec<String>,
    /// What it does, in one sentence.
    pub summary: String,
    /// What it does, for the renderers.
    #[serde(skip)]
    pub call: Call,
}

/// The answer of `creationPlan`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreationPlan {
    /// False: the draft has errors the plan can't resolve, and `steps` is empty.
    pub valid: bool,
    /// The draft's findings, plus `PLAN_*` notes.
    pub diagnostics: Vec<Diagnostic>,
    /// The calls, in order.
    pub steps: Vec<Step>,
    /// The calls as a PowerShell script.
    pub powershell: String,
    /// The calls as a VS Code REST Client file.
    pub http: String,
}

/// Codes of the plan's own notes.
pub mod codes {
    /// The plan creates the catalog the package needs.
    pub const CATALOG_CREATED: &str = "PLAN_CATALOG_CREATED";
    /// The plan adds a resource to the catalog.
    pub const RESOURCE_ADDED: &str = "PLAN_RESOURCE_ADDED";
    /// The package would move to another catalog, which Graph v1.0 can't do.
    pub const CATALOG_CHANGE: &str = "PLAN_CATALOG_CHANGE";
    /// A role scope to remove has no id, so it can't be deleted.
    pub const ROLE_SCOPE_WITHOUT_ID: &str = "PLAN_ROLE_SCOPE_WITHOUT_ID";
    /// The catalog's resources are not known: the plan assumes it holds those it uses.
    pub const CATALOG_RESOURCES_UNKNOWN: &str = "PLAN_CATALOG_RESOURCES_UNKNOWN";
    /// The draft is written with beta-API names, which the plan would drop.
    pub const BETA_PROPERTY: &str = "PLAN_BETA_PROPERTY";
    /// The draft and the current package differ in nothing a plan changes.
    pub const NO_CHANGE: &str = "PLAN_NO_CHANGE";
}

// ---- Reading the draft's JSON.

fn get<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key)
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    get(value, key)?.as_str().filter(|s| !s.trim().is_empty())
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    match get(value, key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `value` without the members named in `drop`, annotations other than `@odata.type`,
/// and the members at the JSON pointers of `unknown` (relative to `value`).
fn body_of(value: &Value, drop: &[&str], unknown: &[String], at: &str) -> Value {
    let mut body = value.clone();
    for pointer in unknown {
        if let Some(rest) = pointer.strip_prefix(at) {
            if rest.starts_with('/') {
                remove_pointer(&mut body, rest);
            }
        }
    }
    if let Value::Object(m) = &mut body {
        m.retain(|(k, _)| !drop.contains(&k.as_str()) && (!k.contains('@') || k == "@odata.type"));
    }
    strip_annotations(&mut body);
    body
}

/// Annotations other than `@odata.type` are not part of a request body.
fn strip_annotations(value: &mut Value) {
    match value {
        Value::Object(m) => {
            m.retain(|(k, _)| !k.contains('@') || k == "@odata.type");
            for (_, v) in m.iter_mut() {
                strip_annotations(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_annotations),
        _ => {}
    }
}

/// Removes the member or element at a JSON pointer (`/a/0/b`), if it is there.
fn remove_pointer(value: &mut Value, pointer: &str) {
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let mut here = value;
    for segment in parent.split('/').skip(1) {
        let key = unescape(segment);
        here = match here {
            Value::Object(m) => match m.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v,
                None => return,
            },
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    let key = unescape(last);
    // Only members are removed: removing an element would shift the indexes after it.
    if let Value::Object(m) = here {
        m.retain(|(k, _)| *k != key);
    }
}

fn set(value: &mut Value, key: &str, to: Value) {
    if let Value::Object(m) = value {
        match m.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = to,
            None => m.push((key.to_string(), to)),
        }
    }
}

fn reference(id: &Ref) -> Value {
    Value::object([("id".to_string(), Value::String(id.text()))])
}

/// Questions and stage settings written for a new policy lose their ids (the service
/// gives them); a replaced policy keeps them, so that answers stay attached.
fn without_member_ids(body: &mut Value, key: &str) {
    if let Value::Object(m) = body {
        if let Some((_, Value::Array(items))) = m.iter_mut().find(|(k, _)| k == key) {
            for item in items {
                if let Value::Object(fields) = item {
                    fields.retain(|(k, _)| k != "id");
                }
            }
        }
    }
}

/// A body as Graph compares it: members in name order, without `null`s and empty
/// lists or objects (Graph's defaults), so that a policy as Graph returns it equals the
/// same policy as a draft writes it.
fn comparable(value: &Value) -> Value {
    match value {
        Value::Object(m) => {
            let mut kept: Vec<(String, Value)> = m
                .iter()
                .map(|(k, v)| (k.clone(), comparable(v)))
                .filter(|(_, v)| {
                    !matches!(v, Value::Null)
                        && !matches!(v, Value::Array(a) if a.is_empty())
                        && !matches!(v, Value::Object(o) if o.is_empty())
                })
                .collect();
            crate::sort::sort_by(&mut kept, |a, b| a.0.cmp(&b.0));
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(comparable).collect()),
        other => other.clone(),
    }
}

/// Everything the plan reads from the request.
pub struct Input<'a> {
    /// The draft as given.
    pub draft: &'a Value,
    /// The current package and policies as given, for a change plan.
    pub current: Option<&'a Value>,
    /// The directory as given.
    pub directory: Option<&'a Value>,
    /// The draft's findings (paths from the request's root).
    pub diagnostics: Vec<Diagnostic>,
}

/// A resource a role scope grants a role of: its system and origin id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ResourceKey {
    system: String,
    origin_id: String,
}

fn resource_key(role_scope: &Value) -> Option<ResourceKey> {
    let role = get(role_scope, "role");
    let scope = get(role_scope, "scope");
    let resource = role
        .and_then(|r| get(r, "resource"))
        .or_else(|| scope.and_then(|s| get(s, "resource")));
    let system = resource
        .and_then(|r| text(r, "originSystem"))
        .or_else(|| role.and_then(|r| text(r, "originSystem")))
        .or_else(|| scope.and_then(|s| text(s, "originSystem")))?;
    let origin_id = resource
        .and_then(|r| text(r, "originId"))
        .or_else(|| {
            (system == "AadGroup")
                .then(|| {
                    role.and_then(|r| text(r, "originId"))?
                        .split_once('_')
                        .map(|(_, g)| g)
                })
                .flatten()
        })
        .or_else(|| scope.and_then(|s| text(s, "originId")))?;
    Some(ResourceKey {
        system: system.to_string(),
        origin_id: origin_id.to_string(),
    })
}

/// What a role scope is, for comparing the draft with the current package.
fn role_scope_identity(role_scope: &Value) -> String {
    let part = |key: &str| {
        get(role_scope, key)
            .map(|v| {
                let system = text(v, "originSystem").unwrap_or("");
                match text(v, "originId") {
                    Some(origin) => format!("{system}:{}", origin.to_ascii_lowercase()),
                    None => format!("id:{}", text(v, "id").unwrap_or("").to_ascii_lowercase()),
                }
            })
            .unwrap_or_default()
    };
    format!("{}|{}", part("role"), part("scope"))
}

/// How a catalog holds resources: known to hold them (their ids by origin id), new, or unknown.
enum CatalogResources<'a> {
    New,
    Known(&'a [Value]),
    Unknown,
}

impl CatalogResources<'_> {
    /// The catalog resource's id, if the catalog is known to hold it; `None` inside:
    /// known to lack it.
    fn find(&self, key: &ResourceKey) -> Option<Option<String>> {
        match self {
            CatalogResources::New => Some(None),
            CatalogResources::Unknown => None,
            CatalogResources::Known(list) => Some(
                list.iter()
                    .find(|r| {
                        text(r, "originId").is_some_and(|o| o.eq_ignore_ascii_case(&key.origin_id))
                    })
                    .map(|r| text(r, "id").unwrap_or("").to_string()),
            ),
        }
    }
}

struct Planner {
    steps: Vec<Step>,
    notes: Vec<Diagnostic>,
    /// Resources found or given: key → the ref of the catalog resource.
    resources: Vec<(ResourceKey, Ref)>,
    unknown: Vec<String>,
}

impl Planner {
    fn push(
        &mut self,
        method: &'static str,
        url: String,
        body: Option<Value>,
        depends_on: &[usize],
        summary: String,
        call: Call,
    ) -> usize {
        let n = self.steps.len() + 1;
        let mut depends: Vec<usize> = depends_on.to_vec();
        depends.sort_unstable();
        depends.dedup();
        self.steps.push(Step {
            id: format!("step-{n}"),
            method,
            url,
            body,
            depends_on: depends.into_iter().map(|d| format!("step-{d}")).collect(),
            summary,
            call,
        });
        n
    }

    fn note(&mut self, code: &str, severity: Severity, path: &str, message: String, help: &str) {
        self.notes
            .push(Diagnostic::new(code, severity, path, message).with_help(help));
    }

    /// The catalog resource a role scope grants a role of: known, or added and found by steps.
    fn resource_for(
        &mut self,
        role_scope: &Value,
        catalog: &Ref,
        held: &CatalogResources<'_>,
        path: &str,
    ) -> Option<Ref> {
        let given_id = get(role_scope, "role")
            .and_then(|r| get(r, "resource"))
            .and_then(|r| text(r, "id"))
            .map(str::to_string);
        let Some(key) = resource_key(role_scope) else {
            return given_id.map(Ref::Known);
        };
        if let Some((_, r)) = self.resources.iter().find(|(k, _)| *k == key) {
            return Some(r.clone());
        }
        let found = match held.find(&key) {
            Some(Some(id)) if !id.is_empty() => Ref::Known(id),
            Some(Some(_)) | None => match given_id {
                Some(id) => Ref::Known(id),
                None => self.find_resource(catalog, &key, &[]),
            },
            Some(None) => {
                let body = Value::object([
                    ("requestType".to_string(), Value::from("adminAdd")),
                    (
                        "resource".to_string(),
                        Value::object([
                            ("originId".to_string(), Value::String(key.origin_id.clone())),
                            (
                                "originSystem".to_string(),
                                Value::String(key.system.clone()),
                            ),
                        ]),
                    ),
                    ("catalog".to_string(), reference(catalog)),
                ]);
                let after: Vec<usize> = match catalog {
                    Ref::Step(n) => vec![*n],
                    Ref::Known(_) => vec![],
                };
                let kind = match key.system.as_str() {
                    "AadGroup" => "group",
                    "AadApplication" => "application",
                    "SharePointOnline" => "SharePoint site",
                    _ => "resource",
                };
                let added = self.push(
                    "POST",
                    format!("{EM}/resourceRequests"),
                    Some(body),
                    &after,
                    format!("Adds the {kind} `{}` to the catalog.", key.origin_id),
                    Call::AddResource,
                );
                if !matches!(held, CatalogResources::New) {
                    self.note(
                        codes::RESOURCE_ADDED,
                        Severity::Info,
                        path,
                        format!("the catalog lacks the {kind} `{}`; the plan adds it (step-{added})", key.origin_id),
                        "nothing to change: the plan's resource request resolves `RRS_RESOURCE_NOT_IN_CATALOG`",
                    );
                }
                self.find_resource(catalog, &key, &[added])
            }
        };
        self.resources.push((key, found.clone()));
        Some(found)
    }

    fn find_resource(&mut self, catalog: &Ref, key: &ResourceKey, after: &[usize]) -> Ref {
        let mut depends = after.to_vec();
        if let Ref::Step(n) = catalog {
            depends.push(*n);
        }
        let n = self.push(
            "GET",
            format!(
                "{EM}/catalogs/{}/resources?$filter=originId eq '{}'&$expand=roles,scopes",
                catalog.text(),
                key.origin_id.replace('\'', "''")
            ),
            None,
            &depends,
            format!(
                "Finds `{}` in the catalog, with its roles and scopes.",
                key.origin_id
            ),
            Call::FindResource {
                catalog: catalog.clone(),
                origin_id: key.origin_id.clone(),
            },
        );
        Ref::Step(n)
    }

    /// A role scope's body: its role and scope as given, the role's resource the catalog's.
    fn role_scope_body(&self, role_scope: &Value, resource: Option<&Ref>, at: &str) -> Value {
        let mut body = body_of(role_scope, &["id", "createdDateTime"], &self.unknown, at);
        // Ids of roles and scopes belong to the catalog resource: unknown for one just added.
        let fresh = matches!(resource, Some(Ref::Step(_)));
        if let Value::Object(fields) = &mut body {
            for (key, part) in fields.iter_mut() {
                let Value::Object(m) = part else { continue };
                if key != "role" && key != "scope" {
                    continue;
                }
                m.retain(|(k, _)| k != "resource" && !(fresh && k == "id"));
                if let (true, Some(r)) = (key == "role", resource) {
                    m.push(("resource".to_string(), reference(r)));
                }
            }
        }
        body
    }

    fn add_role_scope(
        &mut self,
        role_scope: &Value,
        package: &Ref,
        resource: Option<Ref>,
        at: &str,
    ) -> usize {
        let body = self.role_scope_body(role_scope, resource.as_ref(), at);
        let mut depends = Vec::new();
        if let Some(Ref::Step(n)) = resource {
            depends.push(n);
        }
        if let Ref::Step(n) = package {
            depends.push(*n);
        }
        let role = get(role_scope, "role");
        let name = role
            .and_then(|r| text(r, "displayName"))
            .or_else(|| role.and_then(|r| text(r, "originId")))
            .unwrap_or("role");
        let of = resource_key(role_scope)
            .map(|k| format!(" of `{}`", k.origin_id))
            .unwrap_or_default();
        self.push(
            "POST",
            format!("{EM}/accessPackages/{}/resourceRoleScopes", package.text()),
            Some(body),
            &depends,
            format!("Grants the `{name}` role{of} through the package."),
            Call::AddRoleScope(package.clone()),
        )
    }

    fn policy_body(&self, policy: &Value, package: &Ref, at: &str, replace: Option<&str>) -> Value {
        let drop: &[&str] = if replace.is_some() {
            &[
                "createdDateTime",
                "modifiedDateTime",
                "catalog",
                "accessPackage",
            ]
        } else {
            &[
                "id",
                "createdDateTime",
                "modifiedDateTime",
                "catalog",
                "accessPackage",
            ]
        };
        let mut body = body_of(policy, drop, &self.unknown, at);
        if replace.is_none() {
            without_member_ids(&mut body, "questions");
            without_member_ids(&mut body, "customExtensionStageSettings");
        }
        if let Some(id) = replace {
            set(&mut body, "id", Value::String(id.to_string()));
        }
        set(&mut body, "accessPackage", reference(package));
        body
    }

    fn incompatibilities(
        &mut self,
        draft_package: &Value,
        current: Option<&Value>,
        package: &Ref,
        after: &[usize],
        removals_after: &mut Vec<usize>,
    ) {
        for (key, url_part, of) in [
            (
                "incompatibleAccessPackages",
                "incompatibleAccessPackages",
                format!("https://graph.microsoft.com/v1.0{EM}/accessPackages/"),
            ),
            (
                "incompatibleGroups",
                "incompatibleGroups",
                "https://graph.microsoft.com/v1.0/groups/".to_string(),
            ),
        ] {
            let ids = |v: Option<&Value>| -> Vec<String> {
                v.map(|v| list(v, key))
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|r| text(r, "id").map(str::to_string))
                    .collect()
            };
            let wanted = ids(Some(draft_package));
            let held = ids(current);
            let group = key == "incompatibleGroups";
            for id in wanted
                .iter()
                .filter(|w| !held.iter().any(|h| same_id(h, w)))
            {
                let body =
                    Value::object([("@odata.id".to_string(), Value::String(format!("{of}{id}")))]);
                let mut depends = after.to_vec();
                if let Ref::Step(n) = package {
                    depends.push(*n);
                }
                let n = self.push(
                    "POST",
                    format!("{EM}/accessPackages/{}/{url_part}/$ref", package.text()),
                    Some(body),
                    &depends,
                    format!(
                        "Marks the {} `{id}` incompatible with the package.",
                        if group { "group" } else { "access package" }
                    ),
                    if group {
                        Call::AddIncompatibleGroup(package.clone())
                    } else {
                        Call::AddIncompatiblePackage(package.clone())
                    },
                );
                removals_after.push(n);
            }
            for id in held
                .iter()
                .filter(|h| !wanted.iter().any(|w| same_id(h, w)))
            {
                let n = self.push(
                    "DELETE",
                    format!(
                        "{EM}/accessPackages/{}/{url_part}/{id}/$ref",
                        package.text()
                    ),
                    None,
                    after,
                    format!(
                        "Removes the {} `{id}` from the package's incompatible ones.",
                        if group { "group" } else { "access package" }
                    ),
                    if group {
                        Call::RemoveIncompatibleGroup(package.clone(), id.clone())
                    } else {
                        Call::RemoveIncompatiblePackage(package.clone(), id.clone())
                    },
                );
                removals_after.push(n);
            }
        }
    }
}

/// Which catalog resources the draft's catalog holds.
fn held_resources<'a>(input: &Input<'a>, catalog_id: Option<&str>) -> CatalogResources<'a> {
    let Some(id) = catalog_id else {
        return CatalogResources::New;
    };
    let draft_catalog =
        get(input.draft, "catalog").filter(|c| text(c, "id").is_none_or(|c| same_id(c, id)));
    let directory_catalog = input
        .directory
        .map(|d| list(d, "catalogs"))
        .unwrap_or(&[])
        .iter()
        .find(|c| text(c, "id").is_some_and(|c| same_id(c, id)));
    match draft_catalog
        .or(directory_catalog)
        .and_then(|c| get(c, "resources"))
    {
        Some(Value::Array(items)) => CatalogResources::Known(items),
        _ => CatalogResources::Unknown,
    }
}

/// Builds the plan of `input`: the steps, with the notes to add to the findings.
pub fn build(input: &Input<'_>) -> CreationPlan {
    let draft = input.draft;
    let empty = Value::Null;
    let package = get(draft, "accessPackage").unwrap_or(&empty);
    let unknown: Vec<String> = input
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::model::decode::codes::UNKNOWN_PROPERTY)
        .map(|d| d.path.clone())
        .collect();
    let mut planner = Planner {
        steps: Vec::new(),
        notes: Vec::new(),
        resources: Vec::new(),
        unknown,
    };

    // The catalog: the package's, the draft catalog's, or a new one.
    let draft_catalog = get(draft, "catalog");
    let catalog_id = get(package, "catalog")
        .and_then(|c| text(c, "id"))
        .or_else(|| draft_catalog.and_then(|c| text(c, "id")))
        .map(str::to_string);
    let creates_catalog = catalog_id.is_none() && draft_catalog.is_some();

    let current = input.current;
    let current_package = current.and_then(|c| get(c, "accessPackage"));
    if current.is_some() && current_package.and_then(|p| text(p, "id")).is_none() {
        planner.notes.push(
            Diagnostic::new(
                crate::model::decode::codes::MISSING,
                Severity::Error,
                "/current/accessPackage/id",
                "the current package's `id` is missing, so the plan can't tell what to change",
            )
            .with_help("give the package and its policies as Graph returns them, with their ids"),
        );
    }
    if let (Some(now_in), Some(wanted)) = (
        current_package
            .and_then(|p| get(p, "catalog"))
            .and_then(|c| text(c, "id")),
        catalog_id.as_deref(),
    ) {
        if !same_id(now_in, wanted) {
            planner.note(
                codes::CATALOG_CHANGE,
                Severity::Error,
                "/draft/accessPackage/catalog/id",
                format!("the package is in catalog `{now_in}`; Graph v1.0 can't move it to catalog `{wanted}`"),
                "keep the package's catalog, or create a new package in the other catalog (a plan without `current`) and remove this one",
            );
        }
    }
    // The role scopes the plan adds: the draft's that the current package lacks.
    let current_scopes = current_package
        .map(|p| list(p, "resourceRoleScopes"))
        .unwrap_or(&[]);
    let additions: Vec<usize> = list(package, "resourceRoleScopes")
        .iter()
        .enumerate()
        .filter(|(_, rs)| {
            !current_scopes
                .iter()
                .any(|c| role_scope_identity(c) == role_scope_identity(rs))
        })
        .map(|(i, _)| i)
        .collect();
    // Errors the plan resolves become its notes (a new catalog for the package, a
    // resource request for a role scope it adds); the others make it invalid.
    let mut diagnostics = Vec::new();
    for d in input.diagnostics.iter().cloned() {
        let adds_resource = d.code == "RRS_RESOURCE_NOT_IN_CATALOG"
            && additions.iter().any(|i| {
                d.path
                    .starts_with(&format!("/draft/accessPackage/resourceRoleScopes/{i}/"))
            });
        if d.severity == Severity::Error && d.code == "PKG_CATALOG_REQUIRED" && creates_catalog {
            planner.note(
                codes::CATALOG_CREATED,
                Severity::Info,
                &d.path,
                "the package names no existing catalog; the plan creates the draft's catalog first (step-1)".into(),
                "nothing to change: the new catalog's id goes into the package",
            );
        } else if !(d.severity == Severity::Error && adds_resource) {
            if crate::model::decode::is_beta_property(&d) {
                planner.note(
                    codes::BETA_PROPERTY,
                    Severity::Error,
                    &d.path,
                    "the draft uses a beta API name, which Graph v1.0 does not read: the plan would drop it and create something else".into(),
                    "turn the payload into a v1.0 draft first (`upgradeDraft`), then plan that",
                );
            }
            diagnostics.push(d);
        }
    }
    let blocked = diagnostics
        .iter()
        .chain(&planner.notes)
        .any(|d| d.severity == Severity::Error);
    if blocked {
        diagnostics.append(&mut planner.notes);
        crate::diagnostics::sort_diagnostics(&mut diagnostics);
        return CreationPlan {
            valid: false,
            diagnostics,
            steps: Vec::new(),
            powershell: String::new(),
            http: String::new(),
        };
    }

    let catalog = match (&catalog_id, draft_catalog) {
        (Some(id), _) => Ref::Known(id.clone()),
        (None, Some(c)) => {
            let body = body_of(
                c,
                &[
                    "id",
                    "createdDateTime",
                    "modifiedDateTime",
                    "catalogType",
                    "resources",
                    "resourceRoles",
                    "resourceScopes",
                    "accessPackages",
                    "customWorkflowExtensions",
                ],
                &planner.unknown,
                "/draft/catalog",
            );
            let name = text(c, "displayName").unwrap_or("new catalog").to_string();
            Ref::Step(planner.push(
                "POST",
                format!("{EM}/catalogs"),
                Some(body),
                &[],
                format!("Creates the catalog `{name}`."),
                Call::CreateCatalog,
            ))
        }
        // No catalog at all is a finding of the draft (PKG_CATALOG_REQUIRED), already refused above.
        (None, None) => Ref::Known(String::new()),
    };
    let held = held_resources(input, catalog_id.as_deref());
    if matches!(held, CatalogResources::Unknown) && !additions.is_empty() {
        planner.note(
            codes::CATALOG_RESOURCES_UNKNOWN,
            Severity::Info,
            "/draft/catalog",
            "the catalog's resources are not given, so the plan takes the catalog to hold every resource the package uses".into(),
            "give the catalog's `resources` (`GET …/catalogs/{id}/resources`) for the plan to add those it lacks",
        );
    }

    // The resources of the role scopes it adds, before the package (api.md's order).
    let mut resources = Vec::new();
    for &i in &additions {
        let Some(role_scope) = list(package, "resourceRoleScopes").get(i) else {
            continue;
        };
        let at = format!("/draft/accessPackage/resourceRoleScopes/{i}");
        resources.push((i, planner.resource_for(role_scope, &catalog, &held, &at)));
    }

    let name = text(package, "displayName")
        .unwrap_or("new access package")
        .to_string();
    let mut removals_after: Vec<usize> = Vec::new();
    let package_ref = match current_package.and_then(|p| text(p, "id")) {
        None => {
            let mut body = body_of(
                package,
                &[
                    "id",
                    "createdDateTime",
                    "modifiedDateTime",
                    "catalog",
                    "resourceRoleScopes",
                    "assignmentPolicies",
                    "incompatibleAccessPackages",
                    "incompatibleGroups",
                    "accessPackagesIncompatibleWith",
                ],
                &planner.unknown,
                "/draft/accessPackage",
            );
            set(&mut body, "catalog", reference(&catalog));
            let after: Vec<usize> = match &catalog {
                Ref::Step(n) => vec![*n],
                Ref::Known(_) => vec![],
            };
            Ref::Step(planner.push(
                "POST",
                format!("{EM}/accessPackages"),
                Some(body),
                &after,
                format!("Creates the access package `{name}`."),
                Call::CreatePackage,
            ))
        }
        Some(id) => {
            let id = Ref::Known(id.to_string());
            let changed: Vec<(String, Value)> = ["displayName", "description", "isHidden"]
                .iter()
                .filter_map(|key| {
                    let wanted = get(package, key)?;
                    (current_package.and_then(|p| get(p, key)) != Some(wanted))
                        .then(|| (key.to_string(), wanted.clone()))
                })
                .collect();
            if !changed.is_empty() {
                let names: Vec<String> = changed.iter().map(|(k, _)| format!("`{k}`")).collect();
                planner.push(
                    "PATCH",
                    format!("{EM}/accessPackages/{}", id.text()),
                    Some(Value::Object(changed)),
                    &[],
                    format!("Changes the package's {}.", names.join(", ")),
                    Call::UpdatePackage(id.clone()),
                );
            }
            id
        }
    };

    // Resource role scopes: the draft's that the package lacks are added; the package's
    // that the draft lacks are removed, after every addition.
    let mut added = Vec::new();
    for (i, resource) in resources {
        let Some(role_scope) = list(package, "resourceRoleScopes").get(i) else {
            continue;
        };
        let at = format!("/draft/accessPackage/resourceRoleScopes/{i}");
        added.push(planner.add_role_scope(role_scope, &package_ref, resource, &at));
    }
    let mut removed_scopes = Vec::new();
    for (i, role_scope) in current_scopes.iter().enumerate() {
        let identity = role_scope_identity(role_scope);
        if list(package, "resourceRoleScopes")
            .iter()
            .any(|d| role_scope_identity(d) == identity)
        {
            continue;
        }
        let id = text(role_scope, "id").map(str::to_string).or_else(|| {
            let role = get(role_scope, "role").and_then(|r| text(r, "id"))?;
            let scope = get(role_scope, "scope").and_then(|s| text(s, "id"))?;
            Some(format!("{role}_{scope}"))
        });
        match id {
            Some(id) => removed_scopes.push((id, role_scope)),
            None => planner.note(
                codes::ROLE_SCOPE_WITHOUT_ID,
                Severity::Warning,
                &format!("/current/accessPackage/resourceRoleScopes/{i}"),
                "this role scope of the current package is not in the draft, but it has no id, so the plan can't remove it".into(),
                "give the current package as Graph returns it (`$expand=resourceRoleScopes($expand=role,scope)`)",
            ),
        }
    }

    // Policies: new ones created, changed ones replaced, removed ones deleted last.
    let current_policies = current
        .map(|c| list(c, "assignmentPolicies"))
        .unwrap_or(&[]);
    let mut replacements = added.clone();
    for (i, policy) in list(draft, "assignmentPolicies").iter().enumerate() {
        let at = format!("/draft/assignmentPolicies/{i}");
        let display = text(policy, "displayName").unwrap_or("policy").to_string();
        let existing = text(policy, "id").and_then(|id| {
            current_policies
                .iter()
                .find(|c| text(c, "id").is_some_and(|c| same_id(c, id)))
        });
        let after: Vec<usize> = match &package_ref {
            Ref::Step(n) => vec![*n],
            Ref::Known(_) => vec![],
        };
        match existing {
            None => {
                let body = planner.policy_body(policy, &package_ref, &at, None);
                replacements.push(planner.push(
                    "POST",
                    format!("{EM}/assignmentPolicies"),
                    Some(body),
                    &after,
                    format!("Creates the policy `{display}`."),
                    Call::CreatePolicy,
                ));
            }
            Some(now) => {
                let id = text(now, "id").unwrap_or("").to_string();
                let body = planner.policy_body(policy, &package_ref, &at, Some(&id));
                let before = planner.policy_body(now, &package_ref, "/current", Some(&id));
                if comparable(&body) != comparable(&before) {
                    replacements.push(planner.push(
                        "PUT",
                        format!("{EM}/assignmentPolicies/{id}"),
                        Some(body),
                        &after,
                        format!("Replaces the policy `{display}` with the draft's."),
                        Call::ReplacePolicy(id),
                    ));
                }
            }
        }
    }
    planner.incompatibilities(
        package,
        current_package,
        &package_ref,
        &[],
        &mut removals_after,
    );
    replacements.extend(removals_after.iter().copied());
    for (id, role_scope) in removed_scopes {
        let role = get(role_scope, "role")
            .and_then(|r| text(r, "displayName").or_else(|| text(r, "originId")))
            .unwrap_or("role")
            .to_string();
        planner.push(
            "DELETE",
            format!(
                "{EM}/accessPackages/{}/resourceRoleScopes/{id}",
                package_ref.text()
            ),
            None,
            &replacements,
            format!("Removes the `{role}` role from the package."),
            Call::RemoveRoleScope(package_ref.clone(), id),
        );
    }
    for policy in current_policies {
        let Some(id) = text(policy, "id") else {
            continue;
        };
        if list(draft, "assignmentPolicies")
            .iter()
            .any(|p| text(p, "id").is_some_and(|p| same_id(p, id)))
        {
            continue;
        }
        let display = text(policy, "displayName").unwrap_or(id).to_string();
        planner.push(
            "DELETE",
            format!("{EM}/assignmentPolicies/{id}"),
            None,
            &replacements,
            format!("Deletes the policy `{display}`, which the draft no longer has."),
            Call::RemovePolicy(id.to_string()),
        );
    }
    if current.is_some() && planner.steps.is_empty() {
        planner.note(
            codes::NO_CHANGE,
            Severity::Info,
            "/draft",
            "the tenant's package already is the draft; there is nothing to change".into(),
            "nothing to do",
        );
    }

    let steps = planner.steps;
    diagnostics.append(&mut planner.notes);
    crate::diagnostics::sort_diagnostics(&mut diagnostics);
    let title = match current {
        Some(_) => format!("Changes the access package `{name}` into the draft."),
        None => format!("Creates the access package `{name}`."),
    };
    CreationPlan {
        valid: true,
        diagnostics,
        powershell: powershell::render(&steps, &title),
        http: http::render(&steps, &title),
        steps,
    }
}
