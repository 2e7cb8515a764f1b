//! Approval settings and stages (domain.md §2.6): who approves, in which order, and
//! what happens when nobody does.

use super::rules::*;
use super::Ctx;
use crate::diagnostics::{Path, Severity};
use crate::duration::IsoDuration;
use crate::model::{
    AllowedTargetScope as S, ApprovalStage, ApproverInformationVisibility, Policy, PolicyKind,
    SubjectKind as K, SubjectSet,
};
use std::cmp::Ordering;

const DAY: i64 = 86_400;

/// The four approver lists of a stage with their JSON names.
pub(super) fn stage_lists(stage: &ApprovalStage) -> [(&'static str, &[SubjectSet]); 4] {
    [
        (
            "primaryApprovers",
            stage.primary_approvers.as_deref().unwrap_or(&[]),
        ),
        (
            "fallbackPrimaryApprovers",
            stage.fallback_primary_approvers.as_deref().unwrap_or(&[]),
        ),
        (
            "escalationApprovers",
            stage.escalation_approvers.as_deref().unwrap_or(&[]),
        ),
        (
            "fallbackEscalationApprovers",
            stage
                .fallback_escalation_approvers
                .as_deref()
                .unwrap_or(&[]),
        ),
    ]
}

/// The exact length of a duration, resolved at `now` (or at the Unix epoch without it).
fn seconds(ctx: &Ctx<'_>, d: IsoDuration) -> Option<i64> {
    let reference = ctx.opts.now.unwrap_or_default();
    d.resolve_at(reference).map(|t| t.num_seconds())
}

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let ap = pp.key("requestApprovalSettings");
    let lp = ap.key("stages");
    let (add, update) = (policy.approval_for_add(), policy.approval_for_update());
    let stages = policy.stages();
    let scope = policy
        .allowed_target_scope
        .clone()
        .unwrap_or(S::NotSpecified);
    let request_based = policy.kind() == PolicyKind::RequestBased;
    if (add || update) && stages.is_empty() {
        ctx.emit(&APPR_STAGES_REQUIRED, &lp, format!("{} requires approval but has no approval stage", policy.label()), "add a stage with approvers, or set `isApprovalRequiredForAdd` and `isApprovalRequiredForUpdate` to false");
    }
    if stages.len() > 3 {
        ctx.emit(
            &APPR_STAGES_MAX,
            &lp,
            format!(
                "{} approval stages are configured; at most 3 are allowed",
                stages.len()
            ),
            "merge stages so that there are one, two or three",
        );
    }
    if !add && !update && !stages.is_empty() {
        ctx.emit(
            &APPR_STAGES_WHEN_NOT_REQUIRED,
            &lp,
            "approval stages are configured but no approval is required, so they are ignored",
            "send `stages: []`, or require approval",
        );
    }
    if update && !add {
        ctx.emit(
            &APPR_UPDATE_ONLY,
            &ap.key("isApprovalRequiredForUpdate"),
            "extensions need approval while new requests don't",
            "the admin center ties extension approval to the approval of new requests",
        );
    }
    let r = policy.requestor();
    if update && request_based && !r.self_update() && !r.on_behalf_update() {
        ctx.emit(&APPR_UPDATE_WITHOUT_UPDATES, &ap.key("isApprovalRequiredForUpdate"), "extension approval is required but nobody may request an extension", "only administrators' updates go through it; enable `enableTargetsToSelfUpdateAccess` if users should extend");
    }
    if request_based && scope.is_external() && !add {
        let base = if scope == S::AllExternalUsers {
            Severity::Error
        } else {
            Severity::Warning
        };
        ctx.emit_as(
            &APPR_EXTERNAL_WITHOUT_APPROVAL,
            base,
            &ap.key("isApprovalRequiredForAdd"),
            format!(
                "users not in your directory join through `{}` without approval",
                scope.as_str()
            ),
            "require approval so that someone oversees who is added to the directory",
        );
    }
    if request_based && matches!(scope, S::AllMemberUsers | S::AllDirectoryUsers) && !add {
        ctx.emit(
            &APPR_ORG_WIDE_INFO,
            &ap.key("isApprovalRequiredForAdd"),
            format!(
                "anyone in scope `{}` gets access without approval",
                scope.as_str()
            ),
            "fine for low-risk resources; require approval otherwise",
        );
    }
    if !add && !update {
        return;
    }
    let mut manager_stage: Option<usize> = None;
    let mut sponsors_stage: Option<usize> = None;
    let mut seen_primary: Vec<((K, String), usize)> = Vec::new();
    for (k, stage) in stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.unreadable.is_none())
    {
        let sp = lp.index(k);
        check_stage(ctx, policy, &scope, stage, k, &sp);
        // STAGE_DYNAMIC_REUSED, across stages.
        let pap = sp.key("primaryApprovers");
        for (i, s) in stage.primary_approvers.iter().flatten().enumerate() {
            let kind = s.kind();
            let ep = pap.index(i);
            // Stage 2 may take either sponsor whatever stage 1 used; stage 3 is the
            // restricted one (domain.md §9 R8).
            if let Some(earlier) = sponsors_stage.filter(|e| *e < k && k >= 2) {
                if kind.is_dynamic_approver() {
                    ctx.emit(
                        &STAGE_DYNAMIC_REUSED,
                        &ep,
                        format!(
                            "stage {} uses `{}` after sponsors approved in stage {}",
                            k + 1,
                            kind.name(),
                            earlier + 1
                        ),
                        "after a stage with sponsors, later stages take specific approvers only",
                    );
                    continue;
                }
            }
            if kind == K::RequestorManager {
                match manager_stage {
                    Some(earlier) if earlier != k => ctx.emit(
                        &STAGE_DYNAMIC_REUSED,
                        &ep,
                        format!("the manager already approves in stage {}", earlier + 1),
                        "the manager may approve in one stage only; pick specific approvers here",
                    ),
                    _ => manager_stage = Some(k),
                }
            }
        }
        if stage
            .primary_approvers
            .iter()
            .flatten()
            .any(|s| matches!(s.kind(), K::InternalSponsors | K::ExternalSponsors))
        {
            sponsors_stage.get_or_insert(k);
        }
        // STAGE_APPROVER_OVERLAP across stages (primary and fallback primary).
        for (list, entries) in stage_lists(stage).into_iter().take(2) {
            for (i, s) in entries.iter().enumerate() {
                let Some(id) = concrete_id(s) else { continue };
                match seen_primary
                    .iter()
                    .find(|(other, _)| *other == id)
                    .map(|(_, k)| k)
                {
                    Some(first) if *first != k => ctx.emit(
                        &STAGE_APPROVER_OVERLAP,
                        &sp.key(list).index(i),
                        format!("{} also approves in stage {}", s.label(), first + 1),
                        "use different approvers in each stage so that each stage adds a review",
                    ),
                    Some(_) => {}
                    None => {
                        seen_primary.push((id, k));
                    }
                }
            }
        }
    }
}

/// `singleUser`/`groupMembers` id, lowercased, for overlap checks.
fn concrete_id(s: &SubjectSet) -> Option<(K, String)> {
    let kind = s.kind();
    matches!(kind, K::SingleUser | K::GroupMembers)
        .then(|| s.subject_id())
        .flatten()
        .map(|id| (kind, id.to_ascii_lowercase()))
}

fn check_stage(
    ctx: &mut Ctx<'_>,
    policy: &Policy,
    scope: &S,
    stage: &ApprovalStage,
    k: usize,
    sp: &Path<'_>,
) {
    let dp = sp.key("durationBeforeAutomaticDenial");
    let denial = stage
        .duration_before_automatic_denial
        .as_ref()
        .and_then(|d| d.value());
    let denial_s = denial.and_then(|d| seconds(ctx, d));
    match (&stage.duration_before_automatic_denial, denial) {
        (None, _) => ctx.emit(
            &STAGE_DENIAL_DURATION_REQUIRED,
            &dp,
            format!("stage {} has no decision timeout", k + 1),
            "set `durationBeforeAutomaticDenial`, e.g. `P14D`",
        ),
        (Some(raw), None) => ctx.emit(
            &STAGE_DENIAL_DURATION_REQUIRED,
            &dp,
            format!(
                "stage {} decision timeout `{}` is not an ISO 8601 duration",
                k + 1,
                raw.raw
            ),
            "write it like `P14D` for 14 days",
        ),
        (Some(_), Some(d)) if d.is_zero() => ctx.emit(
            &STAGE_DENIAL_DURATION_REQUIRED,
            &dp,
            format!("stage {} decision timeout is zero", k + 1),
            "give approvers time to decide, e.g. `P14D`",
        ),
        (Some(raw), Some(d)) => {
            if d.whole_days().is_none() {
                ctx.emit(
                    &STAGE_DENIAL_WHOLE_DAYS,
                    &dp,
                    format!(
                        "decision timeout `{}` is not a whole number of days",
                        raw.raw
                    ),
                    "the admin center edits the timeout in days; use e.g. `P3D`",
                );
            }
            if d.compare_at(
                &IsoDuration::from_days(14),
                ctx.opts.now.unwrap_or_default(),
            ) == Some(Ordering::Greater)
            {
                ctx.emit(
                    &STAGE_DENIAL_MAX,
                    &dp,
                    format!("decision timeout `{}` is longer than 14 days", raw.raw),
                    "14 days is the admin center's default and commonly cited maximum",
                );
            }
        }
    }
    let primary = stage.primary_approvers.as_deref().unwrap_or(&[]);
    let fallback = stage.fallback_primary_approvers.as_deref().unwrap_or(&[]);
    let escalation = stage.escalation_approvers.as_deref().unwrap_or(&[]);
    let fallback_escalation = stage
        .fallback_escalation_approvers
        .as_deref()
        .unwrap_or(&[]);
    if primary.is_empty() && fallback.is_empty() {
        ctx.emit(
            &STAGE_PRIMARY_REQUIRED,
            &sp.key("primaryApprovers"),
            format!("stage {} has no approvers", k + 1),
            "add a specific user, a group, or the manager with a fallback approver",
        );
    } else if primary.is_empty() {
        ctx.emit(
            &STAGE_PRIMARY_EMPTY_FALLBACK_ONLY,
            &sp.key("primaryApprovers"),
            format!("stage {} has fallback approvers only", k + 1),
            "the admin center can't show this; move the approvers to `primaryApprovers`",
        );
    }
    for (list, entries) in stage_lists(stage) {
        let lp = sp.key(list);
        let fallback_list = list.starts_with("fallback");
        for (i, s) in entries
            .iter()
            .enumerate()
            .filter(|(_, s)| s.unreadable.is_none())
        {
            let ep = lp.index(i);
            let kind = s.kind();
            let approver_type = matches!(
                kind,
                K::SingleUser
                    | K::GroupMembers
                    | K::RequestorManager
                    | K::InternalSponsors
                    | K::ExternalSponsors
                    | K::TargetUserSponsors
                    | K::SingleServicePrincipal
            );
            if !approver_type {
                ctx.emit(&STAGE_APPROVER_TYPE, &ep.key("@odata.type"), format!("`{}` can't approve requests", s.type_name()), "approvers are `singleUser`, `groupMembers`, `requestorManager`, `internalSponsors`, `externalSponsors`, `targetUserSponsors` or `singleServicePrincipal`");
            }
            if fallback_list && !matches!(kind, K::SingleUser | K::GroupMembers) {
                ctx.emit(&STAGE_FALLBACK_TYPE, &ep.key("@odata.type"), format!("fallback approver `{}` is not a specific user or group", s.type_name()), "fallbacks are used when dynamic approvers resolve to nobody; pick users or groups");
            }
            if kind == K::RequestorManager && !(1..=2).contains(&s.level()) {
                ctx.emit(
                    &STAGE_MANAGER_LEVEL,
                    &ep.key("managerLevel"),
                    format!("manager level `{}` is not 1 or 2", s.level()),
                    "use 1 for the direct manager or 2 for the second-level manager",
                );
            }
            if !fallback_list
                && scope.is_external()
                && matches!(kind, K::RequestorManager | K::TargetUserSponsors)
            {
                ctx.emit(&STAGE_MANAGER_FOR_EXTERNAL, &ep, format!("`{}` approves users not in your directory, who have no manager or sponsors yet", kind.name()), "use internal or external sponsors, or specific approvers");
            }
            if !fallback_list
                && scope.is_directory_users()
                && matches!(kind, K::InternalSponsors | K::ExternalSponsors)
            {
                ctx.emit(&STAGE_SPONSORS_FOR_INTERNAL, &ep, format!("`{}` only resolves for users of a connected organization, never for directory users", kind.name()), "use the manager, the user's sponsors (`targetUserSponsors`) or specific approvers");
            }
        }
    }
    if !primary.is_empty()
        && primary.iter().all(|s| s.kind().is_dynamic_approver())
        && fallback.is_empty()
    {
        ctx.emit(
            &STAGE_DYNAMIC_WITHOUT_FALLBACK,
            &sp.key("fallbackPrimaryApprovers"),
            format!(
                "stage {} relies on managers or sponsors and has no fallback approver",
                k + 1
            ),
            "add a fallback user or group for requesters without a manager or sponsor",
        );
    }
    let escalation_on = stage.is_escalation_enabled == Some(true);
    let ep = sp.key("durationBeforeEscalation");
    if escalation_on {
        if escalation.is_empty() {
            ctx.emit(
                &STAGE_ESCALATION_NO_APPROVERS,
                &sp.key("escalationApprovers"),
                format!("stage {} escalates but names no alternate approvers", k + 1),
                "add `escalationApprovers` (fallback escalation approvers alone are not enough)",
            );
        }
        let escalate = stage
            .duration_before_escalation
            .as_ref()
            .and_then(|d| d.value())
            .filter(|d| !d.is_zero());
        match escalate {
            None => ctx.emit(
                &STAGE_ESCALATION_DURATION,
                &ep,
                format!(
                    "stage {} escalates without a positive `durationBeforeEscalation`",
                    k + 1
                ),
                "set when to forward, e.g. `P8D`; zero is rejected",
            ),
            Some(e) => {
                if e.whole_days().is_none() {
                    // The admin center takes the forward-to-alternate delay in days (§9 R12).
                    let raw = stage
                        .duration_before_escalation
                        .as_ref()
                        .map_or("", |d| d.raw.as_str());
                    ctx.emit(
                        &STAGE_ESCALATION_WHOLE_DAYS,
                        &ep,
                        format!("forwarding after `{raw}` is not a whole number of days"),
                        "the admin center edits this delay in days; use e.g. `P8D`",
                    );
                }
                let esc_s = seconds(ctx, e);
                if let (Some(es), Some(ds)) = (esc_s, denial_s) {
                    if es >= ds {
                        ctx.emit(&STAGE_ESCALATION_AFTER_DENIAL, &ep, format!("stage {} forwards after the request would already be denied", k + 1), "make `durationBeforeEscalation` shorter than `durationBeforeAutomaticDenial`");
                    } else if ds >= 2 * DAY {
                        let days = ds / DAY;
                        let earliest = (days / 2 + 1) * DAY;
                        let latest = (days - 1) * DAY;
                        if es < earliest || es > latest {
                            ctx.emit(&STAGE_ESCALATION_HALF_LIFE, &ep, format!("stage {} forwards outside the documented window of day {} to day {}", k + 1, days / 2 + 1, days - 1), "the admin center forwards no earlier than one day after half the timeout and not on the last day");
                        }
                    }
                }
            }
        }
        if denial_s.is_some_and(|ds| ds < 4 * DAY) {
            ctx.emit(
                &STAGE_ESCALATION_MIN_TIMEOUT,
                &dp,
                format!(
                    "stage {} escalates with a decision timeout under four days",
                    k + 1
                ),
                "the documentation asks for at least four days when alternate approvers are used",
            );
        }
        if k == 2 {
            ctx.emit(
                &STAGE_ESCALATION_STAGE3,
                &sp.key("isEscalationEnabled"),
                "the third stage escalates",
                "the admin center describes alternate approvers for the first two stages",
            );
        }
    } else {
        let off_path = if !escalation.is_empty() {
            Some(sp.key("escalationApprovers"))
        } else if !fallback_escalation.is_empty() {
            Some(sp.key("fallbackEscalationApprovers"))
        } else if stage
            .duration_before_escalation
            .as_ref()
            .and_then(|d| d.value())
            .is_some_and(|d| !d.is_zero())
        {
            Some(sp.key("durationBeforeEscalation"))
        } else {
            None
        };
        if let Some(path) = off_path {
            ctx.emit(
                &STAGE_ESCALATION_OFF_NONEMPTY,
                &path,
                format!(
                    "stage {} has escalation settings but escalation is off, so they are ignored",
                    k + 1
                ),
                "send empty collections and `PT0S`, or set `isEscalationEnabled` to true",
            );
        }
    }
    for (i, s) in escalation.iter().enumerate() {
        if s.kind() == K::RequestorManager && s.level() == 2 {
            let manager_primary = primary
                .iter()
                .any(|p| p.kind() == K::RequestorManager && p.level() == 1);
            if !manager_primary || fallback_escalation.is_empty() {
                ctx.emit(&STAGE_SECOND_LEVEL_MANAGER, &sp.key("escalationApprovers").index(i), "the second-level manager as alternate approver needs the manager as primary approver and a fallback alternate approver", if manager_primary { "add `fallbackEscalationApprovers` for requesters without a second-level manager" } else { "make the manager (level 1) the primary approver, or pick specific alternate approvers" });
            }
        }
    }
    // Overlap inside a stage: primary side against escalation side.
    let primary_side: Vec<(K, String)> = primary
        .iter()
        .chain(fallback)
        .filter_map(concrete_id)
        .collect();
    for (list, entries) in stage_lists(stage).into_iter().skip(2) {
        for (i, s) in entries.iter().enumerate() {
            if concrete_id(s).is_some_and(|id| primary_side.contains(&id)) {
                ctx.emit(&STAGE_APPROVER_OVERLAP, &sp.key(list).index(i), format!("{} is both primary and alternate approver of stage {}", s.label(), k + 1), "forwarding to someone who already had the request adds nothing; pick another alternate approver");
            }
        }
    }
    check_self_approval(ctx, policy, primary, fallback, k, sp);
    if stage.approver_information_visibility
        == Some(ApproverInformationVisibility::UnknownFutureValue)
    {
        ctx.emit(
            &STAGE_VISIBILITY_VALUE,
            &sp.key("approverInformationVisibility"),
            "`unknownFutureValue` can't be written as approver visibility",
            "use `default`, `notVisible` or `visible`",
        );
    }
}

/// `STAGE_SELF_APPROVAL_ONLY`: the stage's only approver is the only possible requester.
fn check_self_approval(
    ctx: &mut Ctx<'_>,
    policy: &Policy,
    primary: &[SubjectSet],
    fallback: &[SubjectSet],
    k: usize,
    sp: &Path<'_>,
) {
    let approvers: Vec<&SubjectSet> = primary.iter().chain(fallback).collect();
    let [only] = approvers.as_slice() else { return };
    if only.kind() != K::SingleUser {
        return;
    }
    let targets = policy.specific_allowed_targets.as_deref().unwrap_or(&[]);
    let scope_is_specific = policy.allowed_target_scope == Some(S::SpecificDirectoryUsers);
    if let ([target], true) = (targets, scope_is_specific) {
        if target.kind() == K::SingleUser
            && target.user_id.is_some()
            && target.user_id == only.user_id
        {
            ctx.emit(&STAGE_SELF_APPROVAL_ONLY, &sp.key("primaryApprovers"), format!("stage {}'s only approver `{}` is also the only person who can request, and nobody approves their own request", k + 1, only.user_id.as_deref().unwrap_or("")), "add another approver, or a fallback approver");
        }
    }
}
