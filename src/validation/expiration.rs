//! Expiration, schedule and extension rules (domain.md §2.7).

use super::rules::*;
use super::Ctx;
use crate::diagnostics::Path;
use crate::duration::IsoDuration;
use crate::model::{ExpirationPattern, ExpirationType as E, Policy};
use std::cmp::Ordering;

/// The longest assignment the admin center allows, in days.
pub const MAX_DAYS: u32 = 3660;

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let ep = pp.key("expiration");
    let exp = policy.expiration.as_ref();
    let kind = exp.map_or(E::NotSpecified, ExpirationPattern::kind_or_default);
    let duration = exp.and_then(|e| e.duration.as_ref());
    let end = exp.and_then(|e| e.end_date_time.as_ref());
    match &kind {
        E::NotSpecified if duration.is_some() || end.is_some() => {
            ctx.emit(&EXP_TYPE_MISSING, &ep, "the expiration has no type, so assignments never expire", "set `type` to `afterDuration` or `afterDateTime` to match the value given");
            let (field, kind) = if duration.is_some() { ("duration", "afterDuration") } else { ("endDateTime", "afterDateTime") };
            ctx.emit(&EXP_FIELDS_CONFLICT, &ep.key(field), format!("`{field}` is set but the expiration type is not `{kind}`"), "set the matching `type`");
        }
        E::NotSpecified => ctx.emit(&EXP_TYPE_MISSING, &ep, "no expiration is given, so assignments never expire", "set `expiration` to `afterDuration` (e.g. `P90D`), `afterDateTime`, or explicitly `noExpiration`"),
        E::Other(t) => ctx.emit(&EXP_TYPE_VALUE, &ep.key("type"), format!("`{t}` is not an expiration type"), "use `noExpiration`, `afterDateTime` or `afterDuration`"),
        E::AfterDuration => {
            match duration {
                None => ctx.emit(&EXP_DURATION_REQUIRED, &ep.key("duration"), "`afterDuration` needs a `duration`", "set `duration`, e.g. `P30D` or `PT8H`"),
                Some(d) => match d.value() {
                    None => ctx.emit(&EXP_DURATION_FORMAT, &ep.key("duration"), format!("expiration duration `{}` is not an ISO 8601 duration", d.raw), "write it like `P90D` (days) or `PT8H` (hours)"),
                    Some(v) => check_duration(ctx, &d.raw, v, &ep.key("duration")),
                },
            }
            if end.is_some() {
                ctx.emit(&EXP_FIELDS_CONFLICT, &ep.key("endDateTime"), "`endDateTime` is set on an `afterDuration` expiration", "remove `endDateTime`, or use `afterDateTime`");
            }
        }
        E::AfterDateTime => {
            match end {
                None => ctx.emit(&EXP_ENDDATE_REQUIRED, &ep.key("endDateTime"), "`afterDateTime` needs an `endDateTime`", "set `endDateTime`, e.g. `2026-06-30T23:59:59Z`"),
                Some(t) => {
                    if let (Some(at), Some(now)) = (t.parsed, ctx.opts.now) {
                        if at <= now {
                            ctx.emit(&EXP_ENDDATE_FUTURE, &ep.key("endDateTime"), format!("end date `{}` is not in the future", t.raw), "pick an end date after today");
                        }
                    }
                }
            }
            if duration.is_some() {
                ctx.emit(&EXP_FIELDS_CONFLICT, &ep.key("duration"), "`duration` is set on an `afterDateTime` expiration", "remove `duration`, or use `afterDuration`");
            }
        }
        E::NoExpiration => {
            if duration.is_some() {
                ctx.emit(&EXP_FIELDS_CONFLICT, &ep.key("duration"), "`duration` is set on a `noExpiration` expiration", "remove `duration`");
            }
            if end.is_some() {
                ctx.emit(&EXP_FIELDS_CONFLICT, &ep.key("endDateTime"), "`endDateTime` is set on a `noExpiration` expiration", "remove `endDateTime`");
            }
        }
    }
    let r = policy.requestor();
    if r.self_update() && policy.approval_for_update() {
        ctx.emit(
            &EXT_APPROVAL_USES_STAGES,
            &pp.key("requestApprovalSettings")
                .key("isApprovalRequiredForUpdate"),
            "extension requests go through the same approval stages as new requests",
            "change the stages to change who approves extensions",
        );
    }
    if r.self_update() && kind == E::AfterDateTime {
        ctx.emit(
            &EXT_CAPPED_BY_ENDDATE,
            &ep.key("endDateTime"),
            "extensions can't go beyond the policy's end date",
            "move the end date if extensions should reach further",
        );
    }
    check_changed(ctx, policy, &ep);
}

fn check_duration(ctx: &mut Ctx<'_>, raw: &str, d: IsoDuration, path: &Path<'_>) {
    if d.is_zero() {
        ctx.emit(
            &EXP_DURATION_ZERO,
            path,
            format!("expiration duration `{raw}` is zero"),
            "a zero duration likely ends access at once; give at least a day or some hours",
        );
        return;
    }
    let reference = ctx.opts.now.unwrap_or_default();
    if d.compare_at(&IsoDuration::from_days(MAX_DAYS), reference) == Some(Ordering::Greater) {
        ctx.emit(
            &EXP_DURATION_MAX,
            path,
            format!("expiration duration `{raw}` is longer than {MAX_DAYS} days"),
            "use at most `P3660D`, or `noExpiration`",
        );
    }
    if d.has_calendar_units() {
        ctx.emit(
            &EXP_DURATION_CALENDAR_UNITS,
            path,
            format!("expiration duration `{raw}` uses years or months, whose length varies"),
            "prefer days or hours, e.g. `P90D`",
        );
    }
}

/// `EXP_CHANGE_NOT_RETROACTIVE`: the directory holds this policy with another expiration.
fn check_changed(ctx: &mut Ctx<'_>, policy: &Policy, ep: &Path<'_>) {
    let (Some(id), Some(dir)) = (policy.id.as_deref(), ctx.dir.as_ref()) else {
        return;
    };
    let Some(pkg_id) = ctx
        .draft
        .access_package
        .as_ref()
        .and_then(|p| p.id.as_deref())
    else {
        return;
    };
    let Some(existing) = dir
        .packages
        .get(pkg_id)
        .and_then(|p| p.assignment_policies.as_ref())
        .and_then(|list| list.iter().find(|p| p.id.as_deref() == Some(id)))
    else {
        return;
    };
    let summary = |e: Option<&ExpirationPattern>| {
        e.map(|e| {
            (
                e.kind_or_default(),
                e.duration.as_ref().map(|d| d.raw.clone()),
                e.end_date_time.as_ref().map(|t| t.raw.clone()),
            )
        })
    };
    if summary(existing.expiration.as_ref()) != summary(policy.expiration.as_ref()) {
        ctx.emit(
            &EXP_CHANGE_NOT_RETROACTIVE,
            ep,
            "the new expiration applies to new requests only",
            "requests already pending or approved keep the expiration they were made with",
        );
    }
}
