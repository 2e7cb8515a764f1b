//! Access reviews of the assignment (domain.md §4.7): who reviews, the open
//! instance, and the recommendation from the assignee's last sign-in.

use chrono::{DateTime, Utc};

use super::{Person, Run};
use crate::approval::resolve;
use crate::duration::format_instant;
use crate::model::ReviewSettings;

/// An access review in progress.
pub(super) struct OpenReview {
    pub(super) midpoint: DateTime<Utc>,
    pub(super) closes: DateTime<Utc>,
    pub(super) reminded: bool,
    pub(super) reviewers: Vec<String>,
    /// The last decision so far, and who made it.
    pub(super) decision: Option<(String, &'static str)>,
    /// Approve (true) or deny, and why in words, when there is sign-in data.
    pub(super) recommendation: Option<(bool, String)>,
}

/// How many days before a review a sign-in makes the recommendation approve.
const RECENT_SIGN_IN_DAYS: i64 = 30;

/// The recommendation for a review opening at `opens` (domain.md §4.7): approve when
/// the assignee signed in during the 30 days before, else deny; none without
/// sign-in data.
pub(super) fn recommendation(person: &Person, opens: DateTime<Utc>) -> Option<(bool, String)> {
    let last = person.principal.sign_in_activity.as_ref()?.last()?;
    let recent = last > opens - chrono::TimeDelta::days(RECENT_SIGN_IN_DAYS);
    Some(if recent {
        (
            true,
            format!("approve (signed in {})", format_instant(last)),
        )
    } else {
        (
            false,
            format!("deny (no sign-in in the {RECENT_SIGN_IN_DAYS} days before)"),
        )
    })
}

impl Run<'_> {
    /// Who reviews the assignment (domain.md §4.7): the assignee for self-review,
    /// else the primary reviewers (a manager is the assignee's), else the fallbacks.
    pub(super) fn reviewers(&self, settings: Option<&ReviewSettings>) -> Vec<String> {
        let Some(rs) = settings else {
            return Vec::new();
        };
        if rs.is_self_review == Some(true) {
            return self.target.principal.id.clone().into_iter().collect();
        }
        let primary = resolve(
            rs.primary_reviewers.as_deref().unwrap_or_default(),
            self.target,
            self.target,
            self.dir,
        );
        if primary.is_empty() {
            return resolve(
                rs.fallback_reviewers.as_deref().unwrap_or_default(),
                self.target,
                self.target,
                self.dir,
            );
        }
        primary
    }
}
