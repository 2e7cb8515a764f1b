//! Policy basics and target scope (domain.md §2.4).

use super::rules::*;
use super::Seen;
use super::{blank, is_guid, Ctx};
use crate::diagnostics::Path;
use crate::model::{
    AllowedTargetScope as S, ConnectedOrganizationState, Policy, PolicyKind, SubjectKind as K,
};

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    if blank(&policy.display_name) {
        ctx.emit(
            &POL_DISPLAYNAME_REQUIRED,
            &pp.key("displayName"),
            "the policy has no display name",
            "name the policy; requestors choose between policies by name",
        );
    }
    if blank(&policy.description) {
        ctx.emit(
            &POL_DESCRIPTION_REQUIRED,
            &pp.key("description"),
            format!("{} has no description", policy.label()),
            "describe who the policy is for; requestors see it",
        );
    }
    check_package_reference(ctx, policy, pp);
    let read_only: Vec<&str> = [
        ("id", policy.id.is_some()),
        ("createdDateTime", policy.created_date_time.is_some()),
        ("modifiedDateTime", policy.modified_date_time.is_some()),
        ("catalog", policy.catalog.is_some()),
    ]
    .iter()
    .filter(|(_, present)| *present)
    .map(|(n, _)| *n)
    .collect();
    if !read_only.is_empty() {
        let list = read_only
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.emit(
            &POL_READONLY_IGNORED,
            pp,
            format!("read-only properties {list} are ignored when the policy is created"),
            "they are set by the service; keep them only to match an existing policy",
        );
    }
    let scope = policy
        .allowed_target_scope
        .clone()
        .unwrap_or(S::NotSpecified);
    let sp = pp.key("allowedTargetScope");
    if scope == S::UnknownFutureValue {
        ctx.emit(
            &SCOPE_VALUE_WRITABLE,
            &sp,
            "`unknownFutureValue` can't be written as the target scope",
            "pick a scope such as `specificDirectoryUsers` or `allMemberUsers`",
        );
    }
    let targets = policy.specific_allowed_targets.as_deref().unwrap_or(&[]);
    let tp = pp.key("specificAllowedTargets");
    let automatic = policy.kind() == PolicyKind::Automatic;
    if scope.is_specific() && targets.is_empty() {
        ctx.emit(
            &SCOPE_SPECIFIC_REQUIRES_TARGETS,
            &tp,
            format!(
                "scope `{}` needs at least one allowed target",
                scope.as_str()
            ),
            "add the users, groups or connected organizations who may request",
        );
    }
    if !scope.is_specific() && !targets.is_empty() && !matches!(scope, S::Other(_)) {
        ctx.emit(
            &SCOPE_TARGETS_IGNORED,
            &tp,
            format!(
                "scope `{}` ignores `specificAllowedTargets`",
                scope.as_str()
            ),
            "send an empty array, or pick a `specific…` scope",
        );
    }
    let mut seen = Seen::new();
    let mut explicit = 0usize;
    let mut orgs = 0usize;
    let (mut internal, mut external) = (false, false);
    for (i, t) in targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.unreadable.is_none())
    {
        let ip = tp.index(i);
        let kind = t.kind();
        let allowed = match scope {
            S::SpecificDirectoryUsers => {
                matches!(kind, K::SingleUser | K::GroupMembers)
                    || (automatic && kind == K::AttributeRuleMembers)
            }
            S::SpecificConnectedOrganizationUsers => kind == K::ConnectedOrganizationMembers,
            S::SpecificDirectoryServicePrincipals => kind == K::SingleServicePrincipal,
            _ => true,
        };
        if !allowed && kind != K::AttributeRuleMembers {
            ctx.emit(
                &SCOPE_TARGET_TYPE_MISMATCH,
                &ip.key("@odata.type"),
                format!(
                    "a `{}` target doesn't fit scope `{}`",
                    t.type_name(),
                    scope.as_str()
                ),
                match scope {
                    S::SpecificConnectedOrganizationUsers => {
                        "use `connectedOrganizationMembers` entries"
                    }
                    S::SpecificDirectoryServicePrincipals => "use `singleServicePrincipal` entries",
                    _ => "use `singleUser` or `groupMembers` entries",
                },
            );
        }
        if kind == K::AttributeRuleMembers && !automatic {
            ctx.emit(&SCOPE_ATTRIBUTE_RULE_OUTSIDE_AUTO, &ip, "an attribute rule targets a policy that users request", "attribute rules belong to automatic-assignment policies (`automaticRequestSettings`)");
        }
        match kind {
            K::SingleUser | K::GroupMembers => {
                internal = true;
                explicit += 1;
            }
            K::ConnectedOrganizationMembers => {
                external = true;
                orgs += 1;
            }
            _ => {}
        }
        let (field, value) = match kind {
            K::SingleUser => ("userId", t.user_id.as_deref()),
            K::GroupMembers => ("groupId", t.group_id.as_deref()),
            K::ConnectedOrganizationMembers => (
                "connectedOrganizationId",
                t.connected_organization_id.as_deref(),
            ),
            K::SingleServicePrincipal => ("servicePrincipalId", t.service_principal_id.as_deref()),
            K::AttributeRuleMembers => ("membershipRule", t.membership_rule.as_deref()),
            _ => continue,
        };
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => ctx.emit(
                &SCOPE_TARGET_ID_REQUIRED,
                &ip.key(field),
                format!("the `{}` target has no `{field}`", kind.name()),
                "fill in the id of the subject",
            ),
            Some(v) if kind != K::AttributeRuleMembers && !is_guid(v) => ctx.emit(
                &SCOPE_TARGET_ID_REQUIRED,
                &ip.key(field),
                format!("`{v}` is not an object id (a GUID)"),
                "use the object id, e.g. `10000000-0000-0000-0000-000000000001`",
            ),
            Some(v) => {
                if !seen.insert((kind, v.to_ascii_lowercase())) {
                    ctx.emit(
                        &SCOPE_TARGET_DUPLICATE,
                        &ip,
                        format!("{} is listed twice", t.label()),
                        "list each subject once",
                    );
                }
                check_resolved(ctx, kind, v, &ip.key(field));
            }
        }
    }
    if internal && external {
        ctx.emit(&SCOPE_MIXED_INTERNAL_EXTERNAL, &tp, "the policy mixes users of your directory with connected organizations", "make one policy for users in your directory and another for users not in your directory");
    }
    if explicit > 500 {
        ctx.emit(
            &SCOPE_EXPLICIT_LIMIT,
            &tp,
            format!("{explicit} users and groups are listed; a policy takes at most 500"),
            "put the users in a group and list the group",
        );
    }
    if orgs > 1000 {
        ctx.emit(
            &SCOPE_CONNECTED_ORG_LIMIT,
            &tp,
            format!("{orgs} connected organizations are listed; a policy takes at most 1,000"),
            "use `allConfiguredConnectedOrganizationUsers`, or split the policy",
        );
    }
    check_proposed_orgs(
        ctx,
        &scope,
        targets.iter().filter_map(|t| {
            (t.kind() == K::ConnectedOrganizationMembers)
                .then_some(t.connected_organization_id.as_deref())
                .flatten()
        }),
        &sp,
    );
    if scope == S::AllExternalUsers {
        ctx.emit(&SCOPE_ALL_EXTERNAL_PREREQS, &sp, "any external user can request, so the tenant must let them sign in", "enable e-mail one-time passcode and make sure the B2B allow and deny lists let the partners in");
    }
    if scope == S::NotSpecified && policy.allowed_target_scope.is_some() {
        let r = policy.requestor();
        let flags: Vec<&str> = [
            ("enableTargetsToSelfAddAccess", r.self_add()),
            ("enableTargetsToSelfUpdateAccess", r.self_update()),
            ("enableTargetsToSelfRemoveAccess", r.self_remove()),
            ("enableOnBehalfRequestorsToAddAccess", r.on_behalf_add()),
            (
                "enableOnBehalfRequestorsToUpdateAccess",
                r.on_behalf_update(),
            ),
            (
                "enableOnBehalfRequestorsToRemoveAccess",
                r.on_behalf_remove(),
            ),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
        if !flags.is_empty() && !automatic {
            let list = flags
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            ctx.emit(
                &SCOPE_DIRECT_ONLY_SELF_FLAGS,
                &pp.key("requestorSettings"),
                format!(
                    "{list} {} no effect: the policy is for administrator direct assignment only",
                    if flags.len() == 1 { "has" } else { "have" }
                ),
                "set them to false, or pick a scope of users who may request",
            );
        }
        if policy.approval_for_add() && !automatic {
            ctx.emit(&SCOPE_DIRECT_ONLY_APPROVAL, &pp.key("requestApprovalSettings").key("isApprovalRequiredForAdd"), "approval on a direct-assignment policy sends administrators' assignments through approval", "assignment managers can no longer bypass approval on this policy");
        }
    }
}

/// `POL_ACCESSPACKAGE_REQUIRED`: the policy names the draft's package.
fn check_package_reference(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let draft_id = ctx
        .draft
        .access_package
        .as_ref()
        .and_then(|p| p.id.as_deref());
    let Some(reference) = policy.access_package.as_ref() else {
        return;
    };
    let ap = pp.key("accessPackage");
    match reference.id.as_deref().map(str::trim) {
        None | Some("") => ctx.emit(
            &POL_ACCESSPACKAGE_REQUIRED,
            &ap.key("id"),
            "the policy's `accessPackage` has no id",
            "set `accessPackage: { \"id\": … }` to the package's id",
        ),
        Some(id) => {
            if let Some(own) = draft_id.filter(|own| *own != id) {
                ctx.emit(
                    &POL_ACCESSPACKAGE_REQUIRED,
                    &ap.key("id"),
                    format!("the policy names package `{id}` but the draft's package is `{own}`"),
                    "use the draft package's id",
                );
            }
        }
    }
}

/// `SCOPE_TARGET_UNRESOLVED`: a referenced subject the directory doesn't have.
fn check_resolved(ctx: &mut Ctx<'_>, kind: K, id: &str, path: &Path<'_>) {
    let Some(dir) = ctx.dir.as_ref() else { return };
    let Some(d) = dir.dir else { return };
    let missing = match kind {
        K::SingleUser | K::SingleServicePrincipal => {
            d.users.is_some() && !dir.users.contains_key(id)
        }
        K::GroupMembers => d.groups.is_some() && !dir.groups.contains_key(id),
        K::ConnectedOrganizationMembers => {
            d.connected_organizations.is_some() && !dir.orgs.contains_key(id)
        }
        _ => false,
    };
    if missing {
        ctx.emit(
            &SCOPE_TARGET_UNRESOLVED,
            path,
            format!("{} `{id}` is not in the directory", kind.name()),
            "check the id, or add the subject to the directory snapshot",
        );
    }
}

/// `SCOPE_PROPOSED_ORG_SPECIFIC_ONLY`.
fn check_proposed_orgs<'a>(
    ctx: &mut Ctx<'_>,
    scope: &S,
    listed: impl Iterator<Item = &'a str>,
    sp: &Path<'_>,
) {
    let Some(dir) = ctx.dir.as_ref() else { return };
    let proposed = |id: &str| {
        dir.orgs
            .get(id)
            .is_some_and(|o| o.state == Some(ConnectedOrganizationState::Proposed))
    };
    let names: Vec<String> = match scope {
        S::AllConfiguredConnectedOrganizationUsers => dir
            .orgs
            .values()
            .filter(|o| o.state == Some(ConnectedOrganizationState::Proposed))
            .map(|o| {
                o.display_name
                    .clone()
                    .or_else(|| o.id.clone())
                    .unwrap_or_default()
            })
            .collect(),
        S::SpecificConnectedOrganizationUsers => listed
            .filter(|id| proposed(id))
            .map(|id| {
                dir.orgs
                    .get(id)
                    .and_then(|o| o.display_name.clone())
                    .unwrap_or_else(|| id.to_string())
            })
            .collect(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        return;
    }
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = if *scope == S::AllConfiguredConnectedOrganizationUsers {
        format!("users of proposed connected organizations {list} are not matched by this scope")
    } else {
        format!("proposed connected organizations {list} match only because they are listed here")
    };
    ctx.emit(&SCOPE_PROPOSED_ORG_SPECIFIC_ONLY, sp, message, "set a connected organization's state to `configured` to include it in all configured organizations");
}
