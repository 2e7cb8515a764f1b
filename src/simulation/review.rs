//! Access reviews of the assignment (domain.md §4.7): who reviews, the open
//! instance, and the recommendation from the assignee's last sign-in.

use chrono::{DateTime, Utc};

use super::{Out, Person, Run};
use crate::approval::resolve;
use crate::duration::format_instant;
use crate::model::{ReviewExpirationBehavior, ReviewSettings};

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

/// The recommendation for a review opening at `opens` (domain.md §4.7, §9 R9): approve
/// when the assignee signed in during the 30 days before, else deny; deny for someone who
/// never signed in (`signInActivity` without dates, or `neverSignedIn`); none without
/// any sign-in data.
fn recommendation(person: &Person, opens: DateTime<Utc>) -> Option<(bool, String)> {
    let activity = person.principal.sign_in_activity.as_ref();
    let Some(last) = activity.and_then(|a| a.last()) else {
        let never = activity.is_some() || person.principal.never_signed_in == Some(true);
        return never.then(|| (false, "deny (never signed in)".to_string()));
    };
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

impl OpenReview {
    /// Takes a reviewer's decision; the last one before the review closes counts.
    /// Why not, when the reviewer may not decide or owes a justification.
    pub(super) fn take(
        &mut self,
        reviewer: String,
        decision: &'static str,
        justification: Option<String>,
        settings: Option<&ReviewSettings>,
    ) -> Result<(), String> {
        if !self
            .reviewers
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&reviewer))
        {
            return Err(format!("`{reviewer}` does not review this assignment"));
        }
        // "Require reviewer justification" asks for the reasons of an approval: a denial
        // needs none (domain.md §9 R10).
        if decision == "approve"
            && settings.and_then(|r| r.is_reviewer_justification_required) == Some(true)
            && justification.as_deref().is_none_or(|j| j.trim().is_empty())
        {
            return Err("approving needs the reviewer's justification".to_string());
        }
        self.decision = Some((reviewer, decision));
        Ok(())
    }

    /// Whether access stays when the review closes, and why in words: the last
    /// decision, else the policy's `expirationBehavior` (with the recommendation).
    pub(super) fn outcome(
        &self,
        behavior: Option<&ReviewExpirationBehavior>,
    ) -> (bool, &'static str) {
        match (self.decision.as_ref().map(|d| d.1), behavior) {
            (Some("deny"), _) => (false, "denied"),
            (Some("approve"), _) => (true, "approved"),
            (Some(_), _) => (true, "don't know: access kept"),
            (None, Some(ReviewExpirationBehavior::RemoveAccess)) => {
                (false, "not reviewed: access removed")
            }
            (None, Some(ReviewExpirationBehavior::AcceptAccessRecommendation)) => {
                match self.recommendation {
                    Some((false, _)) => (
                        false,
                        "not reviewed: the recommendation to deny (no recent sign-in) removes access",
                    ),
                    Some((true, _)) => (
                        true,
                        "not reviewed: the recommendation to approve (a recent sign-in) keeps access",
                    ),
                    None => (
                        true,
                        "not reviewed: no sign-in data for a recommendation, access kept",
                    ),
                }
            }
            (None, _) => (true, "not reviewed: access kept"),
        }
    }
}

impl Run<'_> {
    /// Opens the review instance `opens`..`closes`: its reviewers, the
    /// recommendation (shown when the policy enables recommendations), an entry.
    pub(super) fn open_review(
        &self,
        out: &mut Out,
        opens: DateTime<Utc>,
        closes: DateTime<Utc>,
        settings: Option<&ReviewSettings>,
    ) -> OpenReview {
        let reviewers = self.reviewers(settings);
        let recommendation = recommendation(&out.person, opens);
        let shown = recommendation
            .as_ref()
            .filter(|_| settings.and_then(|r| r.is_recommendation_enabled) == Some(true));
        let detail = match shown {
            Some(r) => format!(
                "open until {}; recommendation: {}",
                format_instant(closes),
                r.1
            ),
            None => format!("open until {}", format_instant(closes)),
        };
        out.entry(
            opens,
            "reviewStarted",
            None,
            Some(reviewers.clone()),
            Some(detail),
        );
        OpenReview {
            midpoint: opens + (closes - opens) / 2,
            closes,
            reminded: false,
            reviewers,
            decision: None,
            recommendation,
        }
    }

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
