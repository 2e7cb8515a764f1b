//! The approval stages of a request (domain.md §4.2), one after another with their
//! own clocks, over the dated decisions.

use chrono::{DateTime, Utc};

use super::{Event, Out, Run, Timed};
use crate::approval::stage_approvers;
use crate::duration::format_instant;

/// How an approval ended.
pub(super) enum Settled {
    /// Every stage approved, the last at this time.
    Approved(DateTime<Utc>),
    /// Denied, timed out or canceled: the request's final state and status.
    Ended(&'static str, &'static str),
    /// Still waiting (at the limit, or interrupted by a removal), with this status.
    Pending(&'static str),
}

impl Run<'_> {
    /// Runs `stages` from `start`, taking decisions and cancellations from
    /// `events[*next..]`, up to `limit`. For an `extension`, a removal stops the
    /// approval and is left for the caller; otherwise other events are ignored.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn approve(
        &self,
        out: &mut Out,
        events: &[Timed],
        next: &mut usize,
        start: DateTime<Utc>,
        limit: DateTime<Utc>,
        stages: &[crate::model::ApprovalStage],
        extension: bool,
    ) -> Settled {
        let mut now = start;
        let mut status = "PendingApproval";
        for (k, stage) in stages.iter().take(3).enumerate() {
            let n = k + 1;
            let approvers = stage_approvers(stage, self.requester, self.target, self.dir);
            out.entry(now, "stageStarted", Some(n), None, None);
            let notified = if approvers.primary.is_empty() {
                Some("nobody can approve this stage".to_string())
            } else {
                approvers
                    .primary_from_fallback
                    .then(|| "fallback approvers".to_string())
            };
            out.entry(
                now,
                "approversNotified",
                Some(n),
                Some(approvers.primary.clone()),
                notified,
            );
            let denial = stage
                .duration_before_automatic_denial
                .as_ref()
                .and_then(|d| d.value())
                .and_then(|d| d.add_to(now));
            let escalation = (stage.is_escalation_enabled == Some(true))
                .then(|| {
                    stage
                        .duration_before_escalation
                        .as_ref()
                        .and_then(|d| d.value())
                        .and_then(|d| d.add_to(now))
                })
                .flatten()
                .filter(|e| denial.is_none_or(|d| *e < d));
            let mut escalated = false;
            let justification_required = stage.is_approver_justification_required == Some(true);
            loop {
                let event = events.get(*next).filter(|(at, _, _)| *at <= limit);
                // Timers that fall before the next event (or the limit).
                let horizon = event.map_or(limit, |(at, _, _)| *at);
                if let Some(e) = escalation.filter(|e| !escalated && *e <= horizon) {
                    escalated = true;
                    status = "PendingApprovalEscalated";
                    out.entry(
                        e,
                        "escalated",
                        Some(n),
                        Some(approvers.escalation.clone()),
                        approvers
                            .escalation_from_fallback
                            .then(|| "fallback alternate approvers".to_string()),
                    );
                    continue;
                }
                if let Some(d) = denial.filter(|d| *d <= horizon) {
                    out.entry(
                        d,
                        "timedOut",
                        Some(n),
                        None,
                        Some("no decision before the stage's automatic denial".to_string()),
                    );
                    out.entry(d, "denied", Some(n), None, None);
                    return Settled::Ended("denied", "Denied");
                }
                let Some((at, event, path)) = event else {
                    return Settled::Pending(status);
                };
                let at = *at;
                match event {
                    Event::Remove { .. } if extension => return Settled::Pending(status),
                    Event::Decision {
                        approver,
                        approve,
                        justification,
                    } => {
                        *next += 1;
                        let eligible = approvers
                            .primary
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(approver))
                            || (escalated
                                && approvers
                                    .escalation
                                    .iter()
                                    .any(|a| a.eq_ignore_ascii_case(approver)));
                        if !eligible {
                            out.ignore(
                                path,
                                format!(
                                    "`{approver}` may not decide stage {n} at {}",
                                    format_instant(at)
                                ),
                            );
                            continue;
                        }
                        if justification_required
                            && justification.as_deref().is_none_or(|j| j.trim().is_empty())
                        {
                            out.ignore(
                                path,
                                format!("stage {n} needs the approver's justification"),
                            );
                            continue;
                        }
                        now = at;
                        if *approve {
                            out.entry(
                                at,
                                "stageApproved",
                                Some(n),
                                Some(vec![approver.clone()]),
                                None,
                            );
                            break;
                        }
                        out.entry(at, "denied", Some(n), Some(vec![approver.clone()]), None);
                        return Settled::Ended("denied", "Denied");
                    }
                    Event::Cancel { by } => {
                        *next += 1;
                        out.entry(at, "canceled", Some(n), by.clone().map(|b| vec![b]), None);
                        return Settled::Ended("canceled", "Canceled");
                    }
                    Event::AttributeChange {
                        attributes,
                        group_ids,
                    } => {
                        *next += 1;
                        self.change(out, at, attributes.as_ref(), group_ids.as_deref());
                    }
                    _ => {
                        *next += 1;
                        out.ignore(
                            path,
                            "only decisions and cancellation apply while approval is pending"
                                .to_string(),
                        );
                    }
                }
            }
        }
        Settled::Approved(now)
    }
}
