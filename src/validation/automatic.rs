//! Automatic assignment, notifications, custom extensions and Verified ID
//! (domain.md §2.10).

use super::rules::*;
use super::Seen;
use super::{blank, Ctx};
use crate::diagnostics::{Path, Severity};
use crate::duration::IsoDuration;
use crate::membership_rule::MembershipRule;
use crate::model::catalog::CustomExtensionKind;
use crate::model::{
    AllowedTargetScope as S, CustomExtensionStage, Policy, PolicyKind, SubjectKind as K,
};
use std::cmp::Ordering;

/// Users an automatic policy assigns at most.
pub const AUTO_SCOPE_LIMIT: usize = 15_000;

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    if policy.kind() == PolicyKind::Automatic {
        check_automatic(ctx, policy, pp);
    }
    if policy
        .notification_settings
        .as_ref()
        .and_then(|n| n.is_assignment_notification_disabled)
        == Some(true)
    {
        ctx.emit(
            &NOTIF_DISABLED_INFO,
            &pp.key("notificationSettings")
                .key("isAssignmentNotificationDisabled"),
            "assignment e-mails (delivered, near expiry, expired) are turned off for this policy",
            "users won't be told when access starts or is about to end",
        );
    }
    check_extensions(ctx, policy, pp);
    check_verified_id(ctx, policy, pp);
}

fn check_automatic(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let Some(settings) = policy.automatic_request_settings.as_ref() else {
        return;
    };
    let ap = pp.key("automaticRequestSettings");
    ctx.emit(&AUTO_ADMIN_ONLY, &ap, "only Global Administrators and Identity Governance Administrators can create or change automatic-assignment policies", "catalog owners and access package managers get `AutoAssignmentPolicyRequirementNotMet`");
    let targets = policy.specific_allowed_targets.as_deref().unwrap_or(&[]);
    let tp = pp.key("specificAllowedTargets");
    let shape_ok = policy.allowed_target_scope == Some(S::SpecificDirectoryUsers)
        && targets.len() == 1
        && targets
            .iter()
            .all(|t| t.kind() == K::AttributeRuleMembers && !blank(&t.membership_rule));
    if !shape_ok {
        let path = if policy.allowed_target_scope != Some(S::SpecificDirectoryUsers) {
            pp.key("allowedTargetScope")
        } else {
            tp
        };
        ctx.emit(&AUTO_SCOPE_SHAPE, &path, "an automatic-assignment policy needs scope `specificDirectoryUsers` and exactly one attribute rule", "set `allowedTargetScope: specificDirectoryUsers` and one `attributeRuleMembers` target with a `membershipRule`");
    }
    for (i, t) in targets.iter().enumerate() {
        if t.kind() != K::AttributeRuleMembers {
            continue;
        }
        let Some(text) = t
            .membership_rule
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        else {
            continue;
        };
        let entry = tp.index(i);
        let rp = entry.key("membershipRule");
        match MembershipRule::parse(text) {
            Err(e) => ctx.emit(
                &AUTO_RULE_SYNTAX,
                &rp,
                format!("the membership rule doesn't parse: {e}"),
                "write rules like `(user.department -eq \"Sales\") -and (user.country -eq \"DE\")`",
            ),
            Ok(rule) => {
                let limits = rule.offline_limitations();
                if let Some(first) = limits.first() {
                    ctx.emit_as(
                        &AUTO_RULE_SYNTAX,
                        Severity::Warning,
                        &rp,
                        format!(
                            "part of the rule is not evaluable offline: {}",
                            first.message
                        ),
                        "the rule is valid for Entra, but who it matches can't be previewed here",
                    );
                }
                check_scope_size(ctx, &rule, &rp);
            }
        }
    }
    if settings.request_access_for_allowed_targets != Some(true) {
        ctx.emit(
            &AUTO_NOT_REQUESTING,
            &ap.key("requestAccessForAllowedTargets"),
            "the automatic policy doesn't create assignments",
            "set `requestAccessForAllowedTargets` to true",
        );
    }
    let gp = ap.key("gracePeriodBeforeAccessRemoval");
    if let Some(grace) = settings.grace_period_before_access_removal.as_ref() {
        if grace.value().is_none() {
            ctx.emit(
                &AUTO_GRACE_FORMAT,
                &gp,
                format!(
                    "grace period `{}` is not a valid ISO 8601 duration",
                    grace.raw
                ),
                "write it like `P7D` or `PT12H`",
            );
        }
        let removes = settings.remove_access_when_target_leaves_allowed_targets == Some(true);
        if !removes && grace.value().is_some_and(|g| !g.is_zero()) {
            ctx.emit(&AUTO_GRACE_WITHOUT_REMOVAL, &gp, "a grace period is set but access is never removed, so it is never used", "set `removeAccessWhenTargetLeavesAllowedTargets` to true, or drop the grace period");
        }
    }
    let r = policy.requestor();
    let mut parts = Vec::new();
    if r.self_add()
        || r.self_update()
        || r.self_remove()
        || r.on_behalf_add()
        || r.on_behalf_update()
        || r.on_behalf_remove()
    {
        parts.push("self-service and on-behalf requests");
    }
    if policy.approval_for_add() || policy.approval_for_update() || !policy.stages().is_empty() {
        parts.push("approval");
    }
    if !policy.question_list().is_empty() {
        parts.push("questions");
    }
    if !parts.is_empty() {
        ctx.emit(
            &AUTO_SELF_SERVICE_FLAGS,
            pp,
            format!(
                "{} don't apply to assignments the service creates",
                join_and(&parts)
            ),
            "remove them from the automatic-assignment policy",
        );
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn check_scope_size(ctx: &mut Ctx<'_>, rule: &MembershipRule, rp: &Path<'_>) {
    let Some(dir) = ctx.dir.as_ref() else { return };
    let matched = dir
        .users
        .values()
        .filter(|u| u.is_user() && u.matches_rule(rule) == Ok(true))
        .count();
    if matched > AUTO_SCOPE_LIMIT {
        ctx.emit(&AUTO_SCOPE_SIZE, rp, format!("{matched} users match the rule; an automatic policy assigns at most {AUTO_SCOPE_LIMIT}"), "narrow the rule or split it across packages");
    }
}

fn check_extensions(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let list = policy
        .custom_extension_stage_settings
        .as_deref()
        .unwrap_or(&[]);
    if list.is_empty() {
        return;
    }
    let lp = pp.key("customExtensionStageSettings");
    if list.len() > 5 {
        ctx.emit(
            &CX_PER_POLICY_LIMIT,
            &lp,
            format!(
                "{} custom extensions on one policy, above the older limit of 5",
                list.len()
            ),
            "older tenants allow 5 custom extensions per policy",
        );
    }
    let catalog_extensions = ctx
        .catalog()
        .and_then(|c| c.custom_workflow_extensions.as_ref());
    let mut seen = Seen::new();
    for (i, setting) in list.iter().enumerate() {
        let ip = lp.index(i);
        match &setting.stage {
            None | Some(CustomExtensionStage::UnknownFutureValue) => ctx.emit(
                &CX_STAGE_VALUE,
                &ip.key("stage"),
                "the custom extension has no valid stage",
                "pick a stage such as `assignmentRequestApproved`",
            ),
            _ => {}
        }
        let Some(extension) = setting.custom_extension.as_ref() else {
            ctx.emit(
                &CX_EXTENSION_REQUIRED,
                &ip.key("customExtension"),
                "the stage setting names no custom extension",
                "set `customExtension: { \"id\": … }` to an extension of the catalog",
            );
            continue;
        };
        let ep = ip.key("customExtension");
        let Some(id) = extension.id.as_deref().filter(|s| !s.trim().is_empty()) else {
            ctx.emit(
                &CX_EXTENSION_REQUIRED,
                &ep.key("id"),
                "the custom extension has no id",
                "reference the extension by its id",
            );
            continue;
        };
        let defined =
            catalog_extensions.and_then(|list| list.iter().find(|e| e.id.as_deref() == Some(id)));
        if catalog_extensions.is_some() && defined.is_none() {
            ctx.emit(
                &CX_EXTENSION_OTHER_CATALOG,
                &ep.key("id"),
                format!("custom extension `{id}` is not defined in the package's catalog"),
                "use an extension of this catalog (catalog → Custom extensions)",
            );
        }
        let kind = match extension.kind() {
            CustomExtensionKind::Unknown => {
                defined.map_or(CustomExtensionKind::Unknown, |d| d.kind())
            }
            known => known,
        };
        if let Some(stage) = setting.stage.as_ref() {
            let mismatch = match kind {
                CustomExtensionKind::RequestWorkflow => stage.is_pre_expiration_stage(),
                CustomExtensionKind::PreExpiration => stage.is_request_stage(),
                CustomExtensionKind::Unknown => false,
            };
            if mismatch {
                ctx.emit(&CX_TYPE_STAGE_MISMATCH, &ip.key("stage"), format!("a {} extension can't run at stage `{}`", if kind == CustomExtensionKind::RequestWorkflow { "request-workflow" } else { "pre-expiration" }, stage.as_str()), "request-workflow extensions run at the four request stages; pre-expiration ones 14 days or 1 day before expiry");
            }
            if !seen.insert((stage.as_str().to_string(), id.to_string())) {
                ctx.emit(
                    &CX_DUPLICATE_STAGE,
                    &ip,
                    format!("extension `{id}` runs twice at stage `{}`", stage.as_str()),
                    "keep one of the two settings",
                );
            }
        }
        // The timeout written on the setting, or else on the catalog's extension.
        let own = extension
            .callback_configuration
            .as_ref()
            .and_then(|c| c.timeout_duration.as_ref())
            .map(|t| {
                (
                    t,
                    ep.key("callbackConfiguration")
                        .key("timeoutDuration")
                        .to_string(),
                )
            });
        let from_catalog = || {
            let list = catalog_extensions?;
            let (i, d) = list
                .iter()
                .enumerate()
                .find(|(_, e)| e.id.as_deref() == Some(id))?;
            let t = d
                .callback_configuration
                .as_ref()?
                .timeout_duration
                .as_ref()?;
            let at = ctx.catalog_pointer()?;
            Some((
                t,
                format!("{at}/customWorkflowExtensions/{i}/callbackConfiguration/timeoutDuration"),
            ))
        };
        if let Some((t, at)) = own.or_else(from_catalog) {
            let over = t.value().and_then(|v| {
                v.compare_at(
                    &IsoDuration::from_days(14),
                    ctx.opts.now.unwrap_or_default(),
                )
            });
            if over == Some(Ordering::Greater) {
                ctx.emit(
                    &CX_WAIT_TIMEOUT_MAX,
                    &at,
                    format!("launch-and-wait timeout `{}` is longer than 14 days", t.raw),
                    "wait at most `P14D` for the callback",
                );
            }
        }
    }
}

fn check_verified_id(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let Some(vc) = policy.verifiable_credential_settings.as_ref() else {
        return;
    };
    let vp = pp.key("verifiableCredentialSettings");
    ctx.emit(
        &VC_BETA_ONLY,
        &vp,
        "`verifiableCredentialSettings` exists only in the beta API and is not sent to v1.0",
        "configure Verified ID requirements through the beta endpoint or the admin center",
    );
    let cp = vp.key("credentialTypes");
    for (i, t) in vc.credential_types.iter().flatten().enumerate() {
        let ip = cp.index(i);
        if blank(&t.credential_type) {
            ctx.emit(
                &VC_TYPE_FIELDS,
                &ip.key("credentialType"),
                "the credential type has no name",
                "set `credentialType`, e.g. `VerifiedEmployee`",
            );
        }
        if t.issuers
            .as_ref()
            .is_none_or(|v| v.iter().all(|s| s.trim().is_empty()))
        {
            ctx.emit(
                &VC_TYPE_FIELDS,
                &ip.key("issuers"),
                "the credential type names no issuer",
                "list at least one issuer DID",
            );
        }
    }
}
