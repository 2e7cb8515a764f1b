//! Resource role scope rules of domain.md §2.2 (`RRS_*`): what a package grants.

use super::catalog::check_resource;
use super::rules::*;
use super::Seen;
use super::{is_guid, Ctx};
use crate::diagnostics::Path;
use crate::model::{Resource, RoleScope};

/// The catalog's resources, when the catalog lists them.
type CatalogResources<'a> = Option<&'a [Resource]>;

/// The resource a role scope grants: the role's (or scope's) inline resource, or,
/// when that only names an id, the catalog's resource with that id.
fn resource_of<'a>(rs: &'a RoleScope, catalog: CatalogResources<'a>) -> Option<&'a Resource> {
    let inline = rs
        .role
        .as_ref()
        .and_then(|r| r.resource.as_deref())
        .or_else(|| rs.scope.as_ref().and_then(|s| s.resource.as_deref()))?;
    if inline.origin_id.is_some() {
        return Some(inline);
    }
    let id = inline.id.as_deref();
    catalog
        .and_then(|list| list.iter().find(|c| id.is_some() && c.id.as_deref() == id))
        .or(Some(inline))
}

/// The group a group role scope is about: from `Member_<id>`, the scope, or the resource.
fn group_id<'a>(rs: &'a RoleScope, catalog: CatalogResources<'a>) -> Option<&'a str> {
    rs.role
        .as_ref()
        .and_then(|r| r.origin_id.as_deref())
        .and_then(|o| o.split_once('_').map(|(_, g)| g))
        .or_else(|| rs.scope.as_ref().and_then(|s| s.origin_id.as_deref()))
        .or_else(|| resource_of(rs, catalog)?.origin_id.as_deref())
}

fn origin_system<'a>(rs: &'a RoleScope, catalog: CatalogResources<'a>) -> &'a str {
    rs.role
        .as_ref()
        .and_then(|r| r.origin_system.as_deref())
        .or_else(|| rs.scope.as_ref().and_then(|s| s.origin_system.as_deref()))
        .or_else(|| resource_of(rs, catalog).and_then(|r| r.origin_system.as_deref()))
        .unwrap_or("")
}

/// A key that identifies the resource of a role scope across entries.
fn resource_key(rs: &RoleScope, catalog: CatalogResources<'_>) -> Option<String> {
    let res = resource_of(rs, catalog);
    res.and_then(|r| r.id.clone())
        .or_else(|| res.and_then(|r| r.origin_id.clone()))
        .or_else(|| rs.scope.as_ref().and_then(|s| s.origin_id.clone()))
}

/// True when a role or scope reference names nothing: no id, origin id or name.
fn names_nothing(id: &Option<String>, origin_id: &Option<String>, name: &Option<String>) -> bool {
    super::blank(id) && super::blank(origin_id) && super::blank(name)
}

pub(super) fn check(ctx: &mut Ctx<'_>, base: &Path<'_>) {
    let Some(pkg) = ctx.draft.access_package.as_ref() else {
        return;
    };
    let pp = base.key("accessPackage");
    let lp = pp.key("resourceRoleScopes");
    let catalog = ctx.catalog();
    let catalog_resources = catalog.and_then(|c| c.resources.as_deref());
    let mut seen = Seen::new();
    let mut app_roles: Seen<(String, String)> = Seen::new();
    for (i, rs) in pkg
        .resource_role_scopes
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, rs)| rs.unreadable.is_none())
    {
        let ip = lp.index(i);
        let (role, scope) = (rs.role.as_ref(), rs.scope.as_ref());
        if role.is_none_or(|r| names_nothing(&r.id, &r.origin_id, &r.display_name)) {
            ctx.emit(
                &RRS_ROLE_AND_SCOPE_REQUIRED,
                &ip.key("role"),
                "the resource role scope names no role",
                "name the resource role to grant, e.g. the group's `Member` role",
            );
        }
        if scope.is_none_or(|s| names_nothing(&s.id, &s.origin_id, &s.display_name)) {
            ctx.emit(
                &RRS_ROLE_AND_SCOPE_REQUIRED,
                &ip.key("scope"),
                "the resource role scope names no scope",
                "name the resource scope, usually the resource's root scope",
            );
        }
        let system = origin_system(rs, catalog_resources).to_string();
        let role_path = ip.key("role");
        // Inline resources not already checked as catalog resources.
        if let Some(res) = role.and_then(|r| r.resource.as_deref()) {
            let in_catalog = catalog_resources
                .is_some_and(|list| list.iter().any(|c| c.id.is_some() && c.id == res.id));
            if !in_catalog {
                check_resource(ctx, res, &role_path.key("resource"));
            }
        } else if let Some(r) = role {
            let sys = r.origin_system.as_deref().unwrap_or("");
            if !sys.is_empty() && !super::catalog::KNOWN_ORIGIN_SYSTEMS.contains(&sys) {
                ctx.emit(&RES_ORIGIN_SYSTEM_UNKNOWN, &role_path.key("originSystem"), format!("origin system `{sys}` is not one this library can reason about"), "known origin systems are `AadGroup`, `AadApplication`, `SharePointOnline` and `DirectoryRole`");
            }
        }
        // In the catalog?
        if let Some(list) = catalog_resources {
            let res = resource_of(rs, catalog_resources);
            let wanted_id = res.and_then(|r| r.id.as_deref());
            let wanted_origin =
                res.and_then(|r| r.origin_id.as_deref())
                    .or(if system == "AadGroup" {
                        group_id(rs, catalog_resources)
                    } else {
                        scope.and_then(|s| s.origin_id.as_deref())
                    });
            let found = list.iter().any(|c| {
                (wanted_id.is_some() && c.id.as_deref() == wanted_id)
                    || (wanted_origin.is_some() && c.origin_id.as_deref() == wanted_origin)
            });
            if (wanted_id.is_some() || wanted_origin.is_some()) && !found {
                let label = wanted_origin.or(wanted_id).unwrap_or("");
                ctx.emit(
                    &RRS_RESOURCE_NOT_IN_CATALOG,
                    &role_path,
                    format!("resource `{label}` is not in the package's catalog"),
                    "add the resource to the catalog first (catalog → Resources → Add resources)",
                );
            }
        }
        let role_res = role
            .and_then(|r| r.resource.as_ref())
            .and_then(|r| r.id.as_deref());
        let scope_res = scope
            .and_then(|s| s.resource.as_ref())
            .and_then(|r| r.id.as_deref());
        if let (Some(a), Some(b)) = (role_res, scope_res) {
            if a != b {
                ctx.emit(
                    &RRS_ROLE_SCOPE_RESOURCE_MISMATCH,
                    &ip.key("scope").key("resource"),
                    format!("the role belongs to resource `{a}` but the scope to resource `{b}`"),
                    "pick a scope of the same resource as the role",
                );
            }
        }
        let role_key = role.and_then(|r| {
            r.id.clone().or_else(|| {
                r.origin_id
                    .clone()
                    .map(|o| format!("{}:{o}", r.origin_system.as_deref().unwrap_or("")))
            })
        });
        let scope_key = scope.and_then(|s| s.id.clone().or_else(|| s.origin_id.clone()));
        if let (Some(rk), Some(sk)) = (role_key, scope_key) {
            if !seen.insert((rk, sk)) {
                ctx.emit(
                    &RRS_DUPLICATE,
                    &ip,
                    "the same role and scope are granted twice",
                    "remove the repeated resource role scope",
                );
            }
        }
        match system.as_str() {
            "AadGroup" => check_group_role(ctx, rs, catalog_resources, &role_path),
            "DirectoryRole" => check_directory_role(ctx, rs, catalog_resources, &role_path),
            "AadApplication" => {
                if let (Some(key), Some(r)) = (resource_key(rs, catalog_resources), role) {
                    let role_id =
                        r.id.clone()
                            .or_else(|| r.origin_id.clone())
                            .or_else(|| r.display_name.clone())
                            .unwrap_or_default();
                    let new_role = app_roles.insert((key.clone(), role_id));
                    if new_role && app_roles.count(|(app, _)| *app == key) == 2 {
                        let app = resource_of(rs, catalog_resources)
                            .and_then(|r| r.display_name.clone())
                            .unwrap_or_default();
                        ctx.emit(&RRS_APP_MULTIPLE_ROLES, &role_path, format!("several roles of application `{app}` are granted: assignees get all of them"), "if users should get only one role, put each role in its own package");
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_group_role(
    ctx: &mut Ctx<'_>,
    rs: &RoleScope,
    catalog_resources: CatalogResources<'_>,
    role_path: &Path<'_>,
) {
    let Some(role) = rs.role.as_ref() else { return };
    let origin = role.origin_id.as_deref().unwrap_or("");
    let scope_group = rs.scope.as_ref().and_then(|s| s.origin_id.as_deref());
    let parsed = origin
        .split_once('_')
        .filter(|(kind, id)| (*kind == "Member" || *kind == "Owner") && is_guid(id));
    match parsed {
        None if !origin.is_empty() => ctx.emit(
            &RRS_GROUP_ROLE_ORIGINID_FORMAT,
            &role_path.key("originId"),
            format!(
                "group role origin id `{origin}` is not `Member_<groupId>` or `Owner_<groupId>`"
            ),
            "use `Member_` or `Owner_` followed by the group's object id",
        ),
        Some((_, id)) if scope_group.is_some_and(|g| !g.eq_ignore_ascii_case(id)) => ctx.emit(
            &RRS_GROUP_ROLE_ORIGINID_FORMAT,
            &role_path.key("originId"),
            format!(
                "group role `{origin}` names another group than its scope `{}`",
                scope_group.unwrap_or("")
            ),
            "the role's group id and the scope's origin id must be the same group",
        ),
        _ => {}
    }
    let is_member = parsed.map_or_else(
        || role.display_name.as_deref() == Some("Member"),
        |(kind, _)| kind == "Member",
    );
    let Some(gid) = group_id(rs, catalog_resources) else {
        return;
    };
    let Some(group) = ctx.dir.as_ref().and_then(|d| d.groups.get(gid)) else {
        return;
    };
    let name = group
        .display_name
        .clone()
        .unwrap_or_else(|| gid.to_string());
    if is_member && group.dynamic() {
        ctx.emit(
            &RRS_DYNAMIC_GROUP_MEMBER_ROLE,
            &role_path.key("originId"),
            format!("group `{name}` has dynamic membership, so its Member role can't be granted"),
            "grant the group's Owner role, or use a group with assigned membership",
        );
    }
    let members = group.member_ids.as_ref().map_or(0, Vec::len);
    if is_member && members > 0 {
        ctx.emit(&RRS_PREEXISTING_MEMBERS, role_path, format!("{members} users are already members of `{name}`: they are not assigned the package automatically"), "users who are later assigned and then removed lose the membership they had before");
    }
}

fn check_directory_role(
    ctx: &mut Ctx<'_>,
    rs: &RoleScope,
    catalog_resources: CatalogResources<'_>,
    role_path: &Path<'_>,
) {
    let Some(role) = rs.role.as_ref() else { return };
    if !role
        .origin_id
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case("Active"))
    {
        return;
    }
    let definition = resource_of(rs, catalog_resources)
        .and_then(|r| r.origin_id.as_deref())
        .or_else(|| rs.scope.as_ref().and_then(|s| s.origin_id.as_deref()));
    let Some(def_id) = definition else { return };
    let privileged = ctx
        .dir
        .as_ref()
        .and_then(|d| d.dir)
        .and_then(|d| d.role_definitions.as_ref())
        .and_then(|list| list.iter().find(|r| r.id.as_deref() == Some(def_id)))
        .filter(|r| r.is_privileged == Some(true));
    if let Some(def) = privileged {
        ctx.emit(&RRS_PRIVILEGED_ROLE_ACTIVE, &role_path.key("originId"), format!("Entra role `{}` is privileged, so only its Eligible role can be granted", def.display_name.as_deref().unwrap_or(def_id)), "grant the `Eligible` role; the user activates it through Privileged Identity Management");
    }
}
