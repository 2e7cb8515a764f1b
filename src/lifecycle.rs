//! When access starts and ends (domain.md §4.4), what an extension changes (§4.5),
//! and when the pre-expiry notices fall (§4.3, §4.6): pure functions of the policy,
//! the request's schedule and the instants given. The simulator drives them; this
//! module holds no state and reads no clock.

use crate::duration::IsoDuration;
use crate::model::schedule::{ExpirationPattern, Schedule};
use crate::model::{
    ExpirationType as E, RecurrencePatternType as Pat, RecurrenceRangeType as Range, ReviewSettings,
};
use chrono::{DateTime, Months, TimeDelta, Utc};

/// When an assignment is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Access starts.
    pub start: DateTime<Utc>,
    /// Access ends; `None` for never.
    pub end: Option<DateTime<Utc>>,
}

/// The latest end the policy allows for access starting at `start`: `Some(None)` when
/// it allows no end at all, `None` when the policy's expiration can't be read.
pub fn policy_end(
    policy: Option<&ExpirationPattern>,
    start: DateTime<Utc>,
) -> Option<Option<DateTime<Utc>>> {
    let Some(pattern) = policy else {
        return Some(None);
    };
    match pattern.kind_or_default() {
        E::NoExpiration | E::NotSpecified => Some(None),
        E::AfterDateTime => pattern.end_date_time.as_ref()?.parsed.map(Some),
        E::AfterDuration => pattern.duration.as_ref()?.value()?.add_to(start).map(Some),
        E::Other(_) => None,
    }
}

/// The end a request's own schedule asks for, for access starting at `start`:
/// `None` when it asks for nothing (the policy decides), `Some(None)` for never.
pub fn requested_end(
    schedule: Option<&Schedule>,
    start: DateTime<Utc>,
) -> Option<Option<DateTime<Utc>>> {
    let pattern = schedule?.expiration.as_ref()?;
    match pattern.kind_or_default() {
        E::NotSpecified | E::Other(_) => None,
        E::NoExpiration => Some(None),
        E::AfterDateTime => pattern.end_date_time.as_ref()?.parsed.map(Some),
        E::AfterDuration => pattern.duration.as_ref()?.value()?.add_to(start).map(Some),
    }
}

/// Whether `requested` stays within `allowed` (`None` = never ends).
pub fn within(requested: Option<DateTime<Utc>>, allowed: Option<DateTime<Utc>>) -> bool {
    match (requested, allowed) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(r), Some(a)) => r <= a,
    }
}

/// The window of an assignment granted at `granted_at` (domain.md §4.4): it starts at
/// the request's start when that is later, else when granted; it ends where the
/// request asks, capped by what the policy allows, else where the policy says, and
/// never before it starts (access granted after the policy's end date ends at once).
pub fn assignment_window(
    granted_at: DateTime<Utc>,
    schedule: Option<&Schedule>,
    policy: Option<&ExpirationPattern>,
) -> Window {
    let asked_start = schedule
        .and_then(|s| s.start_date_time.as_ref())
        .and_then(|t| t.parsed);
    let start = asked_start
        .filter(|s| *s > granted_at)
        .unwrap_or(granted_at);
    let allowed = policy_end(policy, start).flatten();
    let end = match requested_end(schedule, start) {
        Some(asked) if within(asked, allowed) => asked,
        _ => allowed,
    };
    Window {
        start,
        end: end.map(|e| e.max(start)),
    }
}

/// The new end after an extension granted at `granted_at` (domain.md §4.5, an
/// inference): the schedule the request asks for, capped by the policy; otherwise a
/// fresh policy duration from the grant, or the policy's end date. Never beyond the
/// policy's end date, and never earlier than the current end.
pub fn extended_end(
    current: Window,
    granted_at: DateTime<Utc>,
    schedule: Option<&Schedule>,
    policy: Option<&ExpirationPattern>,
) -> Option<DateTime<Utc>> {
    let allowed = policy_end(policy, granted_at).flatten();
    let wanted = match requested_end(schedule, granted_at) {
        Some(asked) if within(asked, allowed) => asked,
        _ => allowed,
    };
    match (wanted, current.end) {
        (Some(w), Some(c)) if w < c => Some(c),
        (w, _) => w,
    }
}

/// The pre-expiry notices of a window: 14 days and 1 day before the end, when they
/// fall after the start (domain.md §4.3, §4.6 N9).
pub fn reminders(window: Window) -> Vec<(DateTime<Utc>, u32)> {
    let Some(end) = window.end else {
        return Vec::new();
    };
    [14u32, 1]
        .iter()
        .filter_map(|days| {
            let at = end.checked_sub_signed(TimeDelta::days(i64::from(*days)))?;
            (at > window.start).then_some((at, *days))
        })
        .collect()
}

/// The access-review instances of a policy that open from `from` up to `until`, as
/// (opens, closes) (domain.md §4.7): the first at `schedule.startDateTime`, then
/// every `interval` weeks (`weekly`) or months (`absoluteMonthly`, counted from the
/// first so month ends don't drift), each open for `schedule.expiration.duration`
/// (14 days when unreadable, an inference), until the range ends. Empty when reviews
/// are off or the schedule can't be read.
pub fn review_instances(
    settings: Option<&ReviewSettings>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let Some(rs) = settings.filter(|r| r.is_enabled == Some(true)) else {
        return out;
    };
    let Some(schedule) = rs.schedule.as_ref() else {
        return out;
    };
    let Some(first) = schedule.start_date_time.as_ref().and_then(|s| s.parsed) else {
        return out;
    };
    let length = schedule
        .expiration
        .as_ref()
        .and_then(|x| x.duration.as_ref()?.value())
        .filter(|d| !d.is_zero())
        .unwrap_or(IsoDuration::from_days(14));
    let recurrence = schedule.recurrence.as_ref();
    let pattern = recurrence.and_then(|r| r.pattern.as_ref());
    let interval = u32::try_from(pattern.and_then(|p| p.interval).unwrap_or(1).max(1)).unwrap_or(1);
    let range = recurrence.and_then(|r| r.range.as_ref());
    let count = match range.and_then(|r| r.kind.as_ref()) {
        Some(Range::Numbered) => range
            .and_then(|r| r.number_of_occurrences)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(1),
        _ => usize::MAX,
    };
    let last_day = match range.and_then(|r| r.kind.as_ref()) {
        Some(Range::EndDate) => range.and_then(|r| r.end_date.as_ref()?.parsed),
        _ => None,
    };
    for k in 0..count.min(10_000) {
        let k = u32::try_from(k).unwrap_or(u32::MAX);
        let opens = match pattern.and_then(|p| p.kind.as_ref()) {
            Some(Pat::Weekly) => {
                IsoDuration::from_days(7 * interval.saturating_mul(k)).add_to(first)
            }
            Some(Pat::AbsoluteMonthly) => {
                first.checked_add_months(Months::new(interval.saturating_mul(k)))
            }
            // Without a usable recurrence, one review.
            _ => (k == 0).then_some(first),
        };
        let Some(opens) = opens else { break };
        if opens > until || last_day.is_some_and(|d| opens.date_naive() > d) {
            break;
        }
        if opens >= from {
            if let Some(closes) = length.add_to(opens) {
                out.push((opens, closes));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Path;
    use crate::duration::{format_instant, parse_instant};
    use crate::model::{Decode, Decoder};

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn read<T: Decode>(json: &str) -> T {
        T::decode(
            crate::json::parse(json).unwrap(),
            &Path::root(),
            &mut Decoder::new(),
        )
        .unwrap()
    }

    fn pattern(json: &str) -> ExpirationPattern {
        read(json)
    }

    fn schedule(json: &str) -> Schedule {
        read(json)
    }

    fn end(w: Window) -> String {
        w.end.map(format_instant).unwrap_or_else(|| "never".into())
    }

    #[test]
    fn access_granted_on_june_10th_under_a_180_day_policy_ends_on_december_7th() {
        let p = pattern(r#"{"type": "afterDuration", "duration": "P180D"}"#);
        let w = assignment_window(at("2025-06-10T09:05:00Z"), None, Some(&p));
        assert_eq!(format_instant(w.start), "2025-06-10T09:05:00Z");
        assert_eq!(end(w), "2025-12-07T09:05:00Z");
    }

    #[test]
    fn a_month_long_policy_granted_on_january_31st_ends_on_the_last_day_of_february() {
        let p = pattern(r#"{"type": "afterDuration", "duration": "P1M"}"#);
        assert_eq!(
            end(assignment_window(
                at("2024-01-31T10:00:00Z"),
                None,
                Some(&p)
            )),
            "2024-02-29T10:00:00Z"
        );
        assert_eq!(
            end(assignment_window(
                at("2025-01-31T10:00:00Z"),
                None,
                Some(&p)
            )),
            "2025-02-28T10:00:00Z"
        );
    }

    #[test]
    fn a_policy_end_date_ends_access_whatever_the_grant_time() {
        let p = pattern(r#"{"type": "afterDateTime", "endDateTime": "2026-06-30T23:59:59Z"}"#);
        assert_eq!(
            end(assignment_window(
                at("2025-06-04T11:02:00Z"),
                None,
                Some(&p)
            )),
            "2026-06-30T23:59:59Z"
        );
    }

    #[test]
    fn access_granted_after_the_policy_end_date_ends_the_moment_it_starts() {
        let p = pattern(r#"{"type": "afterDateTime", "endDateTime": "2025-07-15T00:00:00Z"}"#);
        let w = assignment_window(at("2025-07-15T01:00:00Z"), None, Some(&p));
        assert_eq!(format_instant(w.start), "2025-07-15T01:00:00Z");
        assert_eq!(end(w), "2025-07-15T01:00:00Z");
    }

    #[test]
    fn no_expiration_and_no_policy_expiration_never_end() {
        let p = pattern(r#"{"type": "noExpiration"}"#);
        assert_eq!(
            end(assignment_window(
                at("2025-06-04T11:02:00Z"),
                None,
                Some(&p)
            )),
            "never"
        );
        assert_eq!(
            end(assignment_window(at("2025-06-04T11:02:00Z"), None, None)),
            "never"
        );
    }

    #[test]
    fn a_requested_later_start_and_shorter_end_are_honoured() {
        let p = pattern(r#"{"type": "afterDuration", "duration": "P90D"}"#);
        let s = schedule(
            r#"{"startDateTime": "2025-07-01T00:00:00Z", "expiration": {"type": "afterDuration", "duration": "P30D"}}"#,
        );
        let w = assignment_window(at("2025-06-04T00:00:00Z"), Some(&s), Some(&p));
        assert_eq!(format_instant(w.start), "2025-07-01T00:00:00Z");
        assert_eq!(end(w), "2025-07-31T00:00:00Z");
    }

    #[test]
    fn a_requested_end_beyond_the_policy_is_capped_and_never_ending_is_refused_under_a_limited_policy(
    ) {
        let p = pattern(r#"{"type": "afterDuration", "duration": "P90D"}"#);
        let long = schedule(r#"{"expiration": {"type": "afterDuration", "duration": "P365D"}}"#);
        assert_eq!(
            end(assignment_window(
                at("2025-06-01T00:00:00Z"),
                Some(&long),
                Some(&p)
            )),
            "2025-08-30T00:00:00Z"
        );
        let never = schedule(r#"{"expiration": {"type": "noExpiration"}}"#);
        assert_eq!(
            end(assignment_window(
                at("2025-06-01T00:00:00Z"),
                Some(&never),
                Some(&p)
            )),
            "2025-08-30T00:00:00Z"
        );
        assert!(!within(None, Some(at("2025-08-30T00:00:00Z"))));
    }

    #[test]
    fn a_past_requested_start_means_access_starts_when_granted() {
        let s = schedule(r#"{"startDateTime": "2025-01-01T00:00:00Z"}"#);
        let w = assignment_window(at("2025-06-04T00:00:00Z"), Some(&s), None);
        assert_eq!(format_instant(w.start), "2025-06-04T00:00:00Z");
    }

    #[test]
    fn an_extension_approved_on_november_26th_gives_a_fresh_180_days() {
        let p = pattern(r#"{"type": "afterDuration", "duration": "P180D"}"#);
        let current = assignment_window(at("2025-06-10T09:05:00Z"), None, Some(&p));
        let new_end = extended_end(current, at("2025-11-26T10:00:00Z"), None, Some(&p)).unwrap();
        assert_eq!(format_instant(new_end), "2026-05-25T10:00:00Z");
    }

    #[test]
    fn an_extension_never_goes_beyond_the_policy_end_date_nor_shortens_access() {
        let p = pattern(r#"{"type": "afterDateTime", "endDateTime": "2026-06-30T23:59:59Z"}"#);
        let current = assignment_window(at("2025-06-10T00:00:00Z"), None, Some(&p));
        let asked = schedule(
            r#"{"expiration": {"type": "afterDateTime", "endDateTime": "2027-01-01T00:00:00Z"}}"#,
        );
        let new_end =
            extended_end(current, at("2026-06-01T00:00:00Z"), Some(&asked), Some(&p)).unwrap();
        assert_eq!(format_instant(new_end), "2026-06-30T23:59:59Z");
        let shorter = schedule(
            r#"{"expiration": {"type": "afterDateTime", "endDateTime": "2026-01-01T00:00:00Z"}}"#,
        );
        let kept = extended_end(
            current,
            at("2025-12-01T00:00:00Z"),
            Some(&shorter),
            Some(&p),
        )
        .unwrap();
        assert_eq!(format_instant(kept), "2026-06-30T23:59:59Z");
    }

    #[test]
    fn notices_fall_fourteen_days_and_one_day_before_the_end_across_a_leap_day() {
        let w = Window {
            start: at("2024-01-01T00:00:00Z"),
            end: Some(at("2024-03-10T12:00:00Z")),
        };
        let r: Vec<(String, u32)> = reminders(w)
            .into_iter()
            .map(|(t, d)| (format_instant(t), d))
            .collect();
        assert_eq!(
            r,
            vec![
                ("2024-02-25T12:00:00Z".to_string(), 14),
                ("2024-03-09T12:00:00Z".to_string(), 1)
            ]
        );
    }

    #[test]
    fn notices_before_the_start_are_left_out_and_access_without_end_has_none() {
        let short = Window {
            start: at("2025-06-01T00:00:00Z"),
            end: Some(at("2025-06-05T00:00:00Z")),
        };
        assert_eq!(reminders(short).len(), 1);
        let never = Window {
            start: at("2025-06-01T00:00:00Z"),
            end: None,
        };
        assert!(reminders(never).is_empty());
    }

    fn reviews(json: &str) -> ReviewSettings {
        read(json)
    }

    fn opened(settings: &ReviewSettings, from: &str, until: &str) -> Vec<String> {
        review_instances(Some(settings), at(from), at(until))
            .into_iter()
            .map(|(o, c)| format!("{} {}", format_instant(o), format_instant(c)))
            .collect()
    }

    #[test]
    fn monthly_reviews_from_january_31st_open_on_each_month_end_without_drifting() {
        let r = reviews(
            r#"{"isEnabled": true, "schedule": {"startDateTime": "2025-01-31T08:00:00Z",
                "expiration": {"type": "afterDuration", "duration": "P7D"},
                "recurrence": {"pattern": {"type": "absoluteMonthly", "interval": 1},
                               "range": {"type": "noEnd"}}}}"#,
        );
        assert_eq!(
            opened(&r, "2025-01-01T00:00:00Z", "2025-04-30T07:00:00Z"),
            [
                "2025-01-31T08:00:00Z 2025-02-07T08:00:00Z",
                "2025-02-28T08:00:00Z 2025-03-07T08:00:00Z",
                "2025-03-31T08:00:00Z 2025-04-07T08:00:00Z",
            ]
        );
    }

    #[test]
    fn reviews_before_delivery_are_skipped_and_ranges_stop_the_series() {
        let numbered = reviews(
            r#"{"isEnabled": true, "schedule": {"startDateTime": "2025-01-06T00:00:00Z",
                "expiration": {"type": "afterDuration", "duration": "P3D"},
                "recurrence": {"pattern": {"type": "weekly", "interval": 2},
                               "range": {"type": "numbered", "numberOfOccurrences": 3}}}}"#,
        );
        assert_eq!(
            opened(&numbered, "2025-01-10T00:00:00Z", "2026-01-01T00:00:00Z"),
            [
                "2025-01-20T00:00:00Z 2025-01-23T00:00:00Z",
                "2025-02-03T00:00:00Z 2025-02-06T00:00:00Z",
            ]
        );
        let until_date = reviews(
            r#"{"isEnabled": true, "schedule": {"startDateTime": "2025-01-01T00:00:00Z",
                "recurrence": {"pattern": {"type": "absoluteMonthly", "interval": 3},
                               "range": {"type": "endDate", "endDate": "2025-07-01"}}}}"#,
        );
        assert_eq!(
            opened(&until_date, "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            [
                "2025-01-01T00:00:00Z 2025-01-15T00:00:00Z",
                "2025-04-01T00:00:00Z 2025-04-15T00:00:00Z",
                "2025-07-01T00:00:00Z 2025-07-15T00:00:00Z",
            ]
        );
        let off = reviews(
            r#"{"isEnabled": false, "schedule": {"startDateTime": "2025-01-01T00:00:00Z"}}"#,
        );
        assert!(opened(&off, "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z").is_empty());
    }
}
