//! Access package rules (domain.md §2.3).

use super::rules::*;
use super::Seen;
use super::{blank, policy_pointer, Ctx};
use crate::diagnostics::Path;
use crate::model::PolicyKind;

/// States of an assignment that still grant access (domain.md §3.5 step A.4).
pub(crate) const ACTIVE_ASSIGNMENT_STATES: &[&str] =
    &["delivered", "partiallyDelivered", "delivering"];

pub(super) fn check(ctx: &mut Ctx<'_>, base: &Path<'_>) {
    let Some(pkg) = ctx.draft.access_package.as_ref() else {
        return;
    };
    let pp = base.key("accessPackage");
    let name = pkg.display_name.as_deref().unwrap_or("");
    if blank(&pkg.display_name) {
        ctx.emit(
            &PKG_DISPLAYNAME_REQUIRED,
            &pp.key("displayName"),
            "the access package has no display name",
            "give the package a name requestors recognise, e.g. `Marketing Campaign`",
        );
    }
    if blank(&pkg.description) {
        ctx.emit(
            &PKG_DESCRIPTION_REQUIRED,
            &pp.key("description"),
            "the access package has no description",
            "describe what the package gives access to; requestors see it in My Access",
        );
    }
    check_catalog_reference(ctx, &pp);
    let policies = ctx.policies();
    if policies.is_empty() {
        ctx.emit(
            &PKG_NO_POLICY,
            &base.key("assignmentPolicies"),
            "the package has no assignment policy, so nobody can be assigned",
            "add a policy: requests from users, administrator direct assignment, or automatic assignment",
        );
    }
    if pkg.resource_role_scopes.as_ref().is_none_or(Vec::is_empty) {
        ctx.emit(
            &PKG_NO_RESOURCE_ROLES,
            &pp.key("resourceRoleScopes"),
            "the package grants no resource roles",
            "add a group, application or SharePoint site role from the catalog",
        );
    }
    let hidden = pkg.is_hidden == Some(true);
    let external = policies.iter().any(|(_, p)| {
        p.allowed_target_scope
            .as_ref()
            .is_some_and(|s| s.is_external())
    });
    if external && !hidden {
        ctx.emit(
            &PKG_HIDDEN_EXTERNAL_RECOMMENDED,
            &pp.key("isHidden"),
            "a policy admits users not in your directory while the package is listed in My Access",
            "consider `isHidden: true` and sharing the My Access link with the partner organisation",
        );
    }
    let request_based = policies
        .iter()
        .any(|(_, p)| p.kind() == PolicyKind::RequestBased);
    if hidden && !policies.is_empty() && !request_based {
        ctx.emit(
            &PKG_HIDDEN_NO_REQUEST_POLICY,
            &pp.key("isHidden"),
            "hiding has no effect: no policy of this package accepts requests",
            "`isHidden` only affects listing in My Access",
        );
    }
    check_incompatible(ctx, &pp);
    let automatic: Vec<_> = policies
        .iter()
        .filter(|(_, p)| p.kind() == PolicyKind::Automatic)
        .collect();
    for (place, policy) in automatic.iter().skip(1) {
        ctx.emit(
            &PKG_MULTIPLE_AUTO_POLICIES,
            &format!("{}/automaticRequestSettings", policy_pointer(base, *place)),
            format!(
                "policy `{}` is a second automatic-assignment policy on this package",
                policy.display_name.as_deref().unwrap_or("")
            ),
            "a package has one automatic-assignment policy; combine the rules with `-or` in one policy",
        );
    }
    if policies.len() > 10 {
        ctx.emit(
            &PKG_POLICY_COUNT,
            &base.key("assignmentPolicies"),
            format!(
                "package `{name}` has {} policies, above the older limit of 10",
                policies.len()
            ),
            "older tenants allow 10 policies per package; consider splitting the package",
        );
    }
}

fn check_catalog_reference(ctx: &mut Ctx<'_>, pp: &Path<'_>) {
    let Some(pkg) = ctx.draft.access_package.as_ref() else {
        return;
    };
    let cp = pp.key("catalog");
    let id = pkg
        .catalog
        .as_ref()
        .and_then(|c| c.id.as_deref())
        .filter(|s| !s.trim().is_empty());
    let Some(id) = id else {
        ctx.emit(
            &PKG_CATALOG_REQUIRED,
            &cp,
            "the access package names no catalog",
            "set `catalog: { \"id\": … }` to the catalog the package is created in",
        );
        return;
    };
    let draft_catalog = ctx.draft.catalog.as_ref().and_then(|c| c.id.as_deref());
    let known_elsewhere = ctx
        .dir
        .as_ref()
        .is_some_and(|d| d.catalogs.iter().any(|c| c.id.as_deref() == Some(id)));
    if let Some(draft_id) = draft_catalog.filter(|d| *d != id) {
        if !known_elsewhere {
            ctx.emit(
                &PKG_CATALOG_REQUIRED,
                &cp.key("id"),
                format!("the package names catalog `{id}` but the draft's catalog is `{draft_id}`"),
                "make `accessPackage.catalog.id` the id of the draft's catalog",
            );
        }
    } else if draft_catalog.is_none() {
        let listed = ctx
            .dir
            .as_ref()
            .and_then(|d| d.dir)
            .is_some_and(|d| d.catalogs.as_ref().is_some_and(|c| !c.is_empty()));
        if listed && !known_elsewhere {
            ctx.emit(
                &PKG_CATALOG_REQUIRED,
                &cp.key("id"),
                format!("catalog `{id}` is not in the directory"),
                "name an existing catalog",
            );
        }
    }
    let previous = pkg
        .id
        .as_deref()
        .and_then(|pid| ctx.dir.as_ref()?.packages.get(pid))
        .and_then(|p| p.catalog.as_ref()?.id.clone());
    if let Some(previous) = previous.filter(|p| p != id) {
        ctx.emit(
            &PKG_CATALOG_CHANGE,
            &cp.key("id"),
            format!("the package is in catalog `{previous}` and can't move to `{id}`"),
            "create a new package in the other catalog instead",
        );
    }
}

fn check_incompatible(ctx: &mut Ctx<'_>, pp: &Path<'_>) {
    let Some(pkg) = ctx.draft.access_package.as_ref() else {
        return;
    };
    let own_id = pkg.id.as_deref();
    let lp = pp.key("incompatibleAccessPackages");
    let mut seen = Seen::new();
    for (i, r) in pkg
        .incompatible_access_packages
        .iter()
        .flatten()
        .enumerate()
    {
        let ip = lp.index(i);
        let Some(id) = r.id.as_deref() else {
            ctx.emit(
                &PKG_INCOMPATIBLE_UNKNOWN,
                &ip,
                "the incompatible package has no id",
                "reference packages as `{ \"id\": … }` or by `@odata.id`",
            );
            continue;
        };
        if Some(id) == own_id {
            ctx.emit(
                &PKG_INCOMPATIBLE_SELF,
                &ip.key(r.id_member()),
                "the package lists itself as incompatible, so nobody could ever hold it",
                "remove the package's own id from `incompatibleAccessPackages`",
            );
        }
        if !seen.insert(id) {
            ctx.emit(
                &PKG_INCOMPATIBLE_DUPLICATE,
                &ip.key(r.id_member()),
                format!("incompatible package `{id}` is listed twice"),
                "list each package once",
            );
            continue;
        }
        let Some(dir) = ctx.dir.as_ref() else {
            continue;
        };
        let listed = dir.dir.is_some_and(|d| d.access_packages.is_some());
        match dir.packages.get(id) {
            None if listed && Some(id) != own_id => ctx.emit(
                &PKG_INCOMPATIBLE_UNKNOWN,
                &ip.key(r.id_member()),
                format!("incompatible package `{id}` is not in the directory"),
                "reference an existing access package",
            ),
            Some(other) if Some(id) != own_id => {
                let links_back =
                    own_id.is_some_and(|own| other.incompatible_package_ids().any(|x| x == own));
                if other.incompatible_access_packages.is_some() && !links_back {
                    let other_name = other.display_name.as_deref().unwrap_or(id).to_string();
                    ctx.emit(
                        &PKG_INCOMPATIBLE_ONE_WAY,
                        &ip.key(r.id_member()),
                        format!("holders of `{other_name}` can't request this package, but holders of this package can still request `{other_name}`"),
                        "if it must work both ways, add this package to the other package's `incompatibleAccessPackages`",
                    );
                }
            }
            _ => {}
        }
    }
    let gp = pp.key("incompatibleGroups");
    let mut seen = Seen::new();
    for (i, r) in pkg.incompatible_groups.iter().flatten().enumerate() {
        let ip = gp.index(i);
        let Some(id) = r.id.as_deref() else {
            ctx.emit(
                &PKG_INCOMPATIBLE_UNKNOWN,
                &ip,
                "the incompatible group has no id",
                "reference groups as `{ \"id\": … }` or by `@odata.id`",
            );
            continue;
        };
        if !seen.insert(id) {
            ctx.emit(
                &PKG_INCOMPATIBLE_DUPLICATE,
                &ip.key(r.id_member()),
                format!("incompatible group `{id}` is listed twice"),
                "list each group once",
            );
            continue;
        }
        let Some(dir) = ctx.dir.as_ref() else {
            continue;
        };
        let listed = dir.dir.is_some_and(|d| d.groups.is_some());
        match dir.groups.get(id) {
            None if listed => ctx.emit(
                &PKG_INCOMPATIBLE_UNKNOWN,
                &ip.key(r.id_member()),
                format!("incompatible group `{id}` is not in the directory"),
                "reference an existing group",
            ),
            Some(g) if g.security_enabled == Some(false) => ctx.emit(
                &PKG_INCOMPATIBLE_GROUP_NOT_SECURITY,
                &ip.key(r.id_member()),
                format!(
                    "incompatible group `{}` is not security-enabled",
                    g.display_name.as_deref().unwrap_or(id)
                ),
                "separation of duties is meant to use security groups",
            ),
            _ => {}
        }
    }
    check_existing_holders(ctx, pp);
}

/// `PKG_INCOMPATIBLE_EXISTING_HOLDERS`: assignees who already hold something incompatible.
fn check_existing_holders(ctx: &mut Ctx<'_>, pp: &Path<'_>) {
    let Some(pkg) = ctx.draft.access_package.as_ref() else {
        return;
    };
    let (Some(own), Some(dir)) = (pkg.id.as_deref(), ctx.dir.as_ref()) else {
        return;
    };
    let packages: Vec<&str> = pkg.incompatible_package_ids().collect();
    let groups: Vec<&str> = pkg.incompatible_group_ids().collect();
    if packages.is_empty() && groups.is_empty() {
        return;
    }
    let mut holders = Vec::new();
    let mut via_package = false;
    for user in dir.users.values() {
        let active = |p: &str| {
            user.assignments.iter().flatten().any(|a| {
                a.package_id() == Some(p)
                    && a.state
                        .as_deref()
                        .is_some_and(|s| ACTIVE_ASSIGNMENT_STATES.contains(&s))
            })
        };
        if !active(own) {
            continue;
        }
        let by_package = packages.iter().any(|p| active(p));
        let by_group = user
            .group_ids
            .iter()
            .flatten()
            .any(|g| groups.iter().any(|x| x.eq_ignore_ascii_case(g)));
        via_package |= by_package;
        if by_package || by_group {
            holders.push(
                user.display_name
                    .clone()
                    .or_else(|| user.id.clone())
                    .unwrap_or_default(),
            );
        }
    }
    if !holders.is_empty() {
        let list = holders
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.emit(
            &PKG_INCOMPATIBLE_EXISTING_HOLDERS,
            &pp.key(if via_package { "incompatibleAccessPackages" } else { "incompatibleGroups" }),
            format!("current assignees {list} also hold an incompatible package or group; they keep access but can't request again"),
            "review them with the `additionalAccess` function and remove the conflicting access",
        );
    }
}
