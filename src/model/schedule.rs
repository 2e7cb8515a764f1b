//! Expiration patterns, schedules and recurrences (domain.md §1.12–§1.13).

use super::decode::{graph_struct, DateText, DurationText, Instant};
use super::enums::{ExpirationType, RecurrencePatternType, RecurrenceRangeType};

graph_struct! {
    /// `expirationPattern`.
    ExpirationPattern ("expirationPattern") {
        /// How the end is expressed.
        "type" => kind: ExpirationType,
        /// For `afterDuration`.
        "duration" => duration: DurationText,
        /// For `afterDateTime`.
        "endDateTime" => end_date_time: Instant,
    }
    accepts []
    legacy [
        "durationInDays" => "use `duration` as an ISO 8601 duration such as `P30D`",
    ]
}

graph_struct! {
    /// `entitlementManagementSchedule`.
    Schedule ("entitlementManagementSchedule") {
        /// Start (requests, assignments) or first review (review settings).
        "startDateTime" => start_date_time: Instant,
        /// End, or the length of each review.
        "expiration" => expiration: ExpirationPattern,
        /// Review recurrence.
        "recurrence" => recurrence: PatternedRecurrence,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// `patternedRecurrence`.
    PatternedRecurrence ("patternedRecurrence") {
        /// How often.
        "pattern" => pattern: RecurrencePattern,
        /// For how long.
        "range" => range: RecurrenceRange,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// `recurrencePattern`.
    RecurrencePattern ("recurrencePattern") {
        /// Kind.
        "type" => kind: RecurrencePatternType,
        /// Every n units.
        "interval" => interval: i64,
        /// Day of the month.
        "dayOfMonth" => day_of_month: i64,
        /// Days of the week.
        "daysOfWeek" => days_of_week: Vec<String>,
        /// First day of the week.
        "firstDayOfWeek" => first_day_of_week: String,
        /// Week index.
        "index" => index: String,
        /// Month (1–12).
        "month" => month: i64,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// `recurrenceRange`.
    RecurrenceRange ("recurrenceRange") {
        /// Kind.
        "type" => kind: RecurrenceRangeType,
        /// First date.
        "startDate" => start_date: DateText,
        /// Last date, for `endDate`.
        "endDate" => end_date: DateText,
        /// Count, for `numbered`.
        "numberOfOccurrences" => number_of_occurrences: i64,
        /// Time zone name.
        "recurrenceTimeZone" => recurrence_time_zone: String,
    }
    accepts []
    legacy []
}

impl ExpirationPattern {
    /// The expiration type, treating absence as `notSpecified`.
    pub fn kind_or_default(&self) -> ExpirationType {
        self.kind.clone().unwrap_or(ExpirationType::NotSpecified)
    }
}
