//! Access review settings (domain.md §2.8).

use super::rules::*;
use super::Ctx;
use crate::diagnostics::Path;
use crate::duration::IsoDuration;
use crate::model::{
    ExpirationType, Policy, RecurrencePatternType as Pat, RecurrenceRangeType as Range,
    ReviewExpirationBehavior, ReviewSettings, SubjectKind as K,
};
use chrono::Months;

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let Some(rs) = policy.review_settings.as_ref() else {
        return;
    };
    let rp = pp.key("reviewSettings");
    let primary = rs.primary_reviewers.as_deref().unwrap_or(&[]);
    let fallback = rs.fallback_reviewers.as_deref().unwrap_or(&[]);
    let self_review = rs.is_self_review == Some(true);
    if rs.is_enabled != Some(true) {
        let configured = rs.schedule.is_some()
            || !primary.is_empty()
            || !fallback.is_empty()
            || self_review
            || rs.expiration_behavior.is_some();
        if configured {
            ctx.emit(
                &REV_DISABLED_NONEMPTY,
                &rp.key("isEnabled"),
                "reviews are off, so the other review settings are ignored",
                "set `isEnabled` to true to review assignments, or drop the settings",
            );
        }
        return;
    }
    match &rs.expiration_behavior {
        None | Some(ReviewExpirationBehavior::UnknownFutureValue) => ctx.emit(&REV_EXPIRATION_BEHAVIOR_REQUIRED, &rp.key("expirationBehavior"), "enabled reviews don't say what happens when reviewers don't respond", "set `expirationBehavior` to `keepAccess`, `removeAccess` or `acceptAccessRecommendation`"),
        _ => {}
    }
    if !self_review && primary.is_empty() {
        ctx.emit(
            &REV_REVIEWERS_REQUIRED,
            &rp.key("primaryReviewers"),
            "reviews are not self-reviews but name no reviewers",
            "add reviewers, the manager (`requestorManager`), or set `isSelfReview`",
        );
    }
    if self_review && !primary.is_empty() {
        ctx.emit(
            &REV_SELF_WITH_REVIEWERS,
            &rp.key("primaryReviewers"),
            "reviews are self-reviews and also name reviewers",
            "choose self-review, specific reviewers or the manager",
        );
    }
    if primary.iter().any(|s| s.kind() == K::RequestorManager) && fallback.is_empty() {
        ctx.emit(
            &REV_MANAGER_NEEDS_FALLBACK,
            &rp.key("fallbackReviewers"),
            "the manager reviews but there is no fallback reviewer for users without a manager",
            "add a fallback reviewer",
        );
    }
    for (list, entries, manager_ok) in [
        ("primaryReviewers", primary, true),
        ("fallbackReviewers", fallback, false),
    ] {
        for (i, s) in entries
            .iter()
            .enumerate()
            .filter(|(_, s)| s.unreadable.is_none())
        {
            let ok = matches!(s.kind(), K::SingleUser | K::GroupMembers)
                || (manager_ok && s.kind() == K::RequestorManager);
            if !ok {
                ctx.emit(
                    &REV_REVIEWER_TYPE,
                    &rp.key(list).index(i).key("@odata.type"),
                    format!(
                        "`{}` can't be a {}",
                        s.type_name(),
                        if manager_ok {
                            "reviewer"
                        } else {
                            "fallback reviewer"
                        }
                    ),
                    if manager_ok {
                        "reviewers are `singleUser`, `groupMembers` or `requestorManager`"
                    } else {
                        "fallback reviewers are `singleUser` or `groupMembers`"
                    },
                );
            }
        }
    }
    check_schedule(ctx, rs, &rp);
    check_start_changed(ctx, policy, &rp);
}

fn check_schedule(ctx: &mut Ctx<'_>, rs: &ReviewSettings, rp: &Path<'_>) {
    let sp = rp.key("schedule");
    let Some(schedule) = rs.schedule.as_ref() else {
        ctx.emit(&REV_SCHEDULE_REQUIRED, &sp, "enabled reviews have no schedule", "set `schedule` with `startDateTime`, `recurrence` and `expiration` (the review length)");
        return;
    };
    for (name, missing) in [
        ("startDateTime", schedule.start_date_time.is_none()),
        ("recurrence", schedule.recurrence.is_none()),
        ("expiration", schedule.expiration.is_none()),
    ] {
        if missing {
            ctx.emit(
                &REV_SCHEDULE_REQUIRED,
                &sp.key(name),
                format!("the review schedule has no `{name}`"),
                "a review schedule needs a first start, a recurrence and a review length",
            );
        }
    }
    let start = schedule.start_date_time.as_ref().and_then(|s| s.parsed);
    if let (Some(start), Some(now)) = (start, ctx.opts.now) {
        if start < now {
            ctx.emit(
                &REV_START_PAST,
                &sp.key("startDateTime"),
                "the first review starts in the past",
                "reviews would begin at once or at the next occurrence; pick a future start",
            );
        }
    }
    let xp = sp.key("expiration");
    let length = schedule.expiration.as_ref().and_then(|e| {
        let kind_ok = matches!(
            e.kind_or_default(),
            ExpirationType::AfterDuration | ExpirationType::NotSpecified
        );
        let d = e.duration.as_ref()?.value()?;
        (kind_ok && !d.is_zero()).then_some(d)
    });
    if schedule.expiration.is_some() && length.is_none() {
        ctx.emit(
            &REV_DURATION_FORMAT,
            &xp,
            "the review length is not a positive `afterDuration`",
            "set `expiration: { \"type\": \"afterDuration\", \"duration\": \"P14D\" }`",
        );
    }
    let Some(recurrence) = schedule.recurrence.as_ref() else {
        return;
    };
    let rcp = sp.key("recurrence");
    let pattern_path = rcp.key("pattern");
    let period = match recurrence.pattern.as_ref() {
        None => {
            ctx.emit(
                &REV_RECURRENCE_TYPE,
                &pattern_path,
                "the review recurrence has no pattern",
                "use `{ \"type\": \"absoluteMonthly\", \"interval\": 3 }` for quarterly reviews",
            );
            None
        }
        Some(p) => {
            let interval = p.interval.unwrap_or(0);
            if interval < 1 {
                ctx.emit(
                    &REV_RECURRENCE_TYPE,
                    &pattern_path.key("interval"),
                    format!("recurrence interval `{interval}` is below 1"),
                    "use 1 or more",
                );
            }
            let interval = u32::try_from(interval.max(1)).unwrap_or(1);
            match &p.kind {
                Some(Pat::Weekly) => {
                    ctx.emit(
                        &REV_FREQUENCY_PORTAL,
                        &pattern_path.key("type"),
                        "weekly reviews are not offered by the admin center",
                        "the admin center offers monthly, quarterly, bi-annual and annual reviews",
                    );
                    Some(Period::Days(7 * interval))
                }
                Some(Pat::AbsoluteMonthly) => {
                    if ![1, 3, 6, 12].contains(&interval) {
                        ctx.emit(&REV_FREQUENCY_PORTAL, &pattern_path.key("interval"), format!("reviews every {interval} months are not offered by the admin center"), "use 1, 3, 6 or 12 months");
                    }
                    Some(Period::Months(interval))
                }
                other => {
                    let name = other.as_ref().map_or("", |k| k.as_str());
                    ctx.emit(
                        &REV_RECURRENCE_TYPE,
                        &pattern_path.key("type"),
                        format!("recurrence `{name}` is not supported for reviews"),
                        "use `weekly` or `absoluteMonthly`",
                    );
                    None
                }
            }
        }
    };
    if let (Some(length), Some(period)) = (length, period) {
        let reference = start.or(ctx.opts.now).unwrap_or_default();
        let period_end = match period {
            Period::Days(d) => IsoDuration::from_days(d).add_to(reference),
            Period::Months(m) => reference.checked_add_months(Months::new(m)),
        };
        if let (Some(period_end), Some(review_end)) = (period_end, length.add_to(reference)) {
            if review_end > period_end {
                ctx.emit(
                    &REV_DURATION_EXCEEDS_RECURRENCE,
                    &xp.key("duration"),
                    "each review lasts longer than the time between reviews",
                    match period {
                        Period::Days(_) => {
                            "a weekly series allows reviews of at most 7 days per week of interval"
                        }
                        Period::Months(_) => {
                            "shorten the review so that it closes before the next one opens"
                        }
                    },
                );
            }
        }
    }
    let range_path = rcp.key("range");
    match recurrence.range.as_ref() {
        None => ctx.emit(
            &REV_RANGE,
            &range_path,
            "the review recurrence has no range",
            "use `{ \"type\": \"noEnd\" }`, `numbered` with a count, or `endDate` with a date",
        ),
        Some(range) => match &range.kind {
            Some(Range::Other(t)) => ctx.emit(
                &REV_RANGE,
                &range_path.key("type"),
                format!("`{t}` is not a recurrence range type"),
                "use `noEnd`, `numbered` or `endDate`",
            ),
            Some(Range::Numbered) if range.number_of_occurrences.unwrap_or(0) <= 0 => ctx.emit(
                &REV_RANGE,
                &range_path.key("numberOfOccurrences"),
                "a `numbered` range needs more than zero occurrences",
                "set `numberOfOccurrences` to 1 or more, or use `noEnd`",
            ),
            Some(Range::EndDate) => {
                let written = range.end_date.is_some();
                let end = range.end_date.as_ref().and_then(|d| d.parsed);
                let first = range
                    .start_date
                    .as_ref()
                    .and_then(|d| d.parsed)
                    .or(start.map(|s| s.date_naive()));
                match (end, first) {
                    (None, _) if !written => ctx.emit(
                        &REV_RANGE,
                        &range_path.key("endDate"),
                        "an `endDate` range needs an end date",
                        "set `endDate`, e.g. `2026-12-31`",
                    ),
                    (Some(e), Some(f)) if e < f => ctx.emit(
                        &REV_RANGE,
                        &range_path.key("endDate"),
                        format!("the range ends on `{e}`, before it starts on `{f}`"),
                        "pick an end date after the first review",
                    ),
                    _ => {}
                }
            }
            None => ctx.emit(
                &REV_RANGE,
                &range_path.key("type"),
                "the recurrence range has no type",
                "use `noEnd`, `numbered` or `endDate`",
            ),
            _ => {}
        },
    }
}

#[derive(Clone, Copy)]
enum Period {
    Days(u32),
    Months(u32),
}

/// `REV_START_IMMUTABLE`: the directory holds this policy with another first review.
fn check_start_changed(ctx: &mut Ctx<'_>, policy: &Policy, rp: &Path<'_>) {
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
    let existing = dir
        .packages
        .get(pkg_id)
        .and_then(|p| p.assignment_policies.as_ref())
        .and_then(|list| list.iter().find(|p| p.id.as_deref() == Some(id)));
    let start_of = |p: &Policy| {
        p.review_settings
            .as_ref()
            .filter(|r| r.is_enabled == Some(true))
            .and_then(|r| r.schedule.as_ref()?.start_date_time.as_ref()?.parsed)
    };
    if let (Some(before), Some(after)) = (existing.and_then(start_of), start_of(policy)) {
        if before != after {
            ctx.emit(
                &REV_START_IMMUTABLE,
                &rp.key("schedule").key("startDateTime"),
                "the review series already exists, so its start date doesn't change",
                "to start reviews on another date, disable reviews and enable them again",
            );
        }
    }
}
