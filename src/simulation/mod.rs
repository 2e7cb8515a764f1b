//! What happens to one request, as a dated timeline (domain.md §4): approval stages
//! with their clocks, escalation and automatic denial, delivery, the assignment's
//! window, pre-expiry notices, expiry and removal, driven by dated events up to
//! `until`. It holds no rules of its own: who may request comes from
//! [`crate::applicability`], who approves from [`crate::approval`], when access ends
//! from [`crate::lifecycle`].
//!
//! Extension requests run the policy's stages again when update requests need
//! approval, and move the end as [`crate::lifecycle::extended_end`] says.
//!
//! Access reviews open on the policy's schedule for a delivered assignment, take
//! `reviewDecision` events (the last one counts) and apply the decision, or the
//! policy's `expirationBehavior` (with the recommendation from the assignee's last
//! sign-in), when they close.
//!
//! Custom extensions configured on the policy appear as `customExtension` entries at
//! their stage (domain.md §4.10): request created, approved, granted, removed (or
//! expired), and 14 days and 1 day before expiry. A launch-and-wait extension holds
//! the request (created, approved, granted) or the removal until its `callback` event
//! or its timeout ([`callback`]).
//!
//! A partial or failed delivery can be reprocessed for 14 days (domain.md §4.9).
//!
//! Attribute changes update the target's attributes and groups: an extension asked
//! for by someone no longer in the policy's scope is refused (domain.md §4.5). Under
//! an automatic-assignment policy (the service as requester, `initiator: "system"`)
//! they drive the assignment itself (domain.md §4.8): a `systemAdd` when the target
//! comes into the rule's scope, the grace period when it leaves, a `systemRemove`
//! when the grace period ends, and the grace cleared when it comes back in time.

use crate::applicability::{RequestType, Subject};
use crate::diagnostics::{Diagnostic, Severity};
use crate::duration::format_instant;
use crate::json::Value;
use crate::lifecycle::{assignment_window, extended_end, reminders, review_instances, Window};
use crate::model::index::DirIndex;
use crate::model::{CustomExtensionStage as X, Policy, PolicyKind};
use chrono::{DateTime, Utc};

mod answer;
mod automatic;
mod callback;
mod review;
mod stages;

pub use answer::{AssignmentOut, Entry, ExpirationOut, Outcome, ScheduleOut, State};
use automatic::Person;
use review::OpenReview;
use stages::Settled;

/// One dated event a simulation is driven by.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An approver decides.
    Decision {
        /// Who.
        approver: String,
        /// Approve or deny.
        approve: bool,
        /// Why, when given.
        justification: Option<String>,
    },
    /// The request is canceled.
    Cancel {
        /// Who.
        by: Option<String>,
    },
    /// The assignment is removed.
    Remove {
        /// Who.
        by: Option<String>,
    },
    /// Provisioning reports its result.
    Delivery {
        /// `delivered`, `partiallyDelivered` or `deliveryFailed`.
        result: String,
    },
    /// The assignee asks for a later end (an `userUpdate` request).
    Extend {
        /// Why, when given.
        justification: Option<String>,
        /// The schedule asked for, when given.
        schedule: Option<Box<crate::model::Schedule>>,
    },
    /// A reviewer decides in an open access review.
    ReviewDecision {
        /// Who.
        reviewer: String,
        /// `approve`, `deny` or `dontKnow`.
        decision: &'static str,
        /// Why, when given.
        justification: Option<String>,
    },
    /// Someone retries a partial or failed delivery, or re-applies a delivered
    /// assignment's resource roles.
    Reprocess {
        /// Who.
        by: Option<String>,
    },
    /// A launch-and-wait custom extension calls back.
    Callback {
        /// `continue`, `denied` or `canceled`.
        result: &'static str,
        /// The approval stage the extension decided on (dynamic approval).
        approval_stage: Option<Box<crate::model::ApprovalStage>>,
    },
    /// The target's attributes or groups change.
    AttributeChange {
        /// Attributes set (a `null` value removes one).
        attributes: Option<Value>,
        /// The complete list of the target's groups afterwards, when given.
        group_ids: Option<Vec<String>>,
    },
}

/// The simulation of one accepted request.
pub struct Run<'a> {
    /// The policy it goes through.
    pub policy: &'a Policy,
    /// Who requests.
    pub requester: &'a Subject<'a>,
    /// For whom.
    pub target: &'a Subject<'a>,
    /// The directory.
    pub dir: &'a DirIndex<'a>,
    /// The package's catalog, for the custom extensions policies refer to by id.
    pub catalog: Option<&'a crate::model::Catalog>,
    /// Add, update or remove.
    pub kind: RequestType,
    /// The assignment an update or removal changes, when the target holds one.
    pub current: Option<Window>,
    /// Whether approval applies to this request type.
    pub approval: bool,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Up to when to simulate.
    pub until: DateTime<Utc>,
    /// The request's own schedule.
    pub schedule: Option<&'a crate::model::Schedule>,
    /// Events, sorted by time.
    pub events: Vec<(DateTime<Utc>, Event, String)>,
    /// The service requests under an automatic-assignment policy (domain.md §4.8).
    pub automatic: bool,
    /// An administrator's direct assignment keeps the end it asks for (domain.md §9 R5).
    pub keeps_requested_end: bool,
}

impl Run<'_> {
    /// A cancellation from the requester's side: no `by`, or the requester or the target
    /// (anyone else is an administrator, domain.md §9 R4).
    fn cancels_as_requester(&self, by: Option<&str>) -> bool {
        by.is_none_or(|b| {
            [
                self.requester.principal.id.as_deref(),
                self.target.principal.id.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(|id| id.eq_ignore_ascii_case(b))
        })
    }
}

struct Out {
    timeline: Vec<Entry>,
    diagnostics: Vec<Diagnostic>,
    /// The target as attribute changes have left it.
    person: Person,
}

impl Out {
    fn entry(
        &mut self,
        at: DateTime<Utc>,
        kind: &'static str,
        stage: Option<usize>,
        actors: Option<Vec<String>>,
        detail: Option<String>,
    ) {
        self.timeline.push(Entry {
            at: format_instant(at),
            time: at,
            kind,
            stage,
            actors,
            detail,
        });
    }

    fn ignore(&mut self, path: &str, message: String) {
        self.diagnostics.push(Diagnostic::new(
            "SIM_EVENT_IGNORED",
            Severity::Warning,
            path,
            message,
        ));
    }
}

impl Run<'_> {
    /// Runs the request to `until`.
    pub fn simulate(mut self) -> Outcome {
        let mut out = Out {
            timeline: Vec::new(),
            diagnostics: Vec::new(),
            person: Person {
                principal: self.target.principal.clone(),
                groups: self.target.groups.clone(),
            },
        };
        for (_, _, path) in self
            .events
            .iter()
            .filter(|(at, _, _)| *at < self.submitted_at)
        {
            out.ignore(
                path,
                "it comes before `submittedAt`, when the simulation starts".to_string(),
            );
        }
        if self.automatic {
            return self.run_automatic(out);
        }
        let who = self
            .requester
            .principal
            .id
            .clone()
            .into_iter()
            .collect::<Vec<_>>();
        out.entry(self.submitted_at, "submitted", None, Some(who), None);
        self.callouts(&mut out, self.submitted_at, X::AssignmentRequestCreated);
        let mut events: Vec<(DateTime<Utc>, Event, String)> = std::mem::take(&mut self.events);
        events.retain(|(at, _, _)| *at >= self.submitted_at);
        let mut next = 0usize;
        // A removal needs no approval (domain.md §4.1): the request is delivered and
        // the assignment ends at once, or when the removal's extension lets it.
        if self.kind == RequestType::Remove {
            let by = self.requester.principal.id.clone().map(|id| vec![id]);
            let ended = self.end_access(
                &mut out,
                &events,
                &mut next,
                self.submitted_at,
                ("removed", by, None),
            );
            let rest = events.get(next..).unwrap_or_default();
            for (at, _, path) in rest.iter().filter(|(at, _, _)| *at <= self.until) {
                let why = if ended.is_some_and(|e| *at >= e) {
                    "the assignment had already ended"
                } else {
                    "a removal request takes no events"
                };
                out.ignore(path, why.to_string());
            }
            let (request, assignment) = match ended {
                Some(end) => (
                    State {
                        state: "delivered",
                        status: "Delivered",
                    },
                    self.current.map(|w| AssignmentOut {
                        state: "expired",
                        status: "Removed",
                        schedule: ScheduleOut {
                            start_date_time: format_instant(w.start),
                            expiration: expiration_out(Some(end)),
                        },
                    }),
                ),
                None => (
                    State {
                        state: "submitted",
                        status: "WaitingForCallback",
                    },
                    self.current.map(|w| AssignmentOut {
                        state: "delivered",
                        status: "Delivered",
                        schedule: ScheduleOut {
                            start_date_time: format_instant(w.start),
                            expiration: expiration_out(w.end),
                        },
                    }),
                ),
            };
            return Outcome {
                request,
                assignment,
                timeline: sorted(out.timeline),
                diagnostics: out.diagnostics,
            };
        }
        let (mut now, dynamic) = match self.wait_for_callback(&mut out, &events, &mut next) {
            Ok(continued) => continued,
            Err((state, status)) => {
                let rest = events.get(next..).unwrap_or_default();
                return without_assignment(out, rest, self.until, State { state, status });
            }
        };
        // A stage returned by the creation extension replaces the policy's (§4.1).
        let stages: &[crate::model::ApprovalStage] = match dynamic.as_deref() {
            Some(stage) => std::slice::from_ref(stage),
            None if self.approval => self.policy.stages(),
            None => &[],
        };
        match self.approve(&mut out, &events, &mut next, now, self.until, stages, false) {
            Settled::Approved(at) => now = at,
            Settled::Ended(state, status) => {
                let rest = events.get(next..).unwrap_or_default();
                return without_assignment(out, rest, self.until, State { state, status });
            }
            Settled::Pending(status) => {
                return Outcome {
                    request: State {
                        state: "pendingApproval",
                        status,
                    },
                    assignment: None,
                    timeline: sorted(out.timeline),
                    diagnostics: out.diagnostics,
                };
            }
        }
        if !stages.is_empty() {
            out.entry(now, "approved", None, None, None);
        }
        self.callouts(&mut out, now, X::AssignmentRequestApproved);
        // A launch-and-wait extension after approval holds the request until it calls
        // back (domain.md §9 R2), and may still deny it.
        match self.wait_at(
            &mut out,
            &events,
            &mut next,
            &X::AssignmentRequestApproved,
            now,
        ) {
            Ok((at, _)) => now = at,
            Err((state, status)) => {
                let rest = events.get(next..).unwrap_or_default();
                return without_assignment(out, rest, self.until, State { state, status });
            }
        }
        // Access is granted when approved, or at the requested start if later; the
        // window counts from delivery (domain.md §4.4).
        // An update changes the assignment the target holds (domain.md §4.5).
        let update = self.current.filter(|_| self.kind == RequestType::Update);
        let start_at = assignment_window(now, self.schedule, self.policy.expiration.as_ref()).start;
        if update.is_none() && start_at > now {
            out.entry(
                now,
                "scheduled",
                None,
                None,
                Some(format!("access starts at {}", format_instant(start_at))),
            );
            // A scheduled request can still be canceled before it starts (§4.1).
            while let Some((at, event, path)) = events.get(next) {
                if *at >= start_at || *at > self.until {
                    break;
                }
                next += 1;
                // Only an administrator cancels a scheduled request (domain.md §9 R4).
                if let Event::Cancel { by } = event {
                    if self.cancels_as_requester(by.as_deref()) {
                        out.ignore(path, ADMIN_CANCELS.to_string());
                        continue;
                    }
                    out.entry(*at, "canceled", None, by.clone().map(|b| vec![b]), None);
                    let rest = events.get(next..).unwrap_or_default();
                    let state = State {
                        state: "canceled",
                        status: "Canceled",
                    };
                    return without_assignment(out, rest, self.until, state);
                }
                out.ignore(path, "the request waits for its start".to_string());
            }
            if start_at > self.until {
                return Outcome {
                    request: State {
                        state: "scheduled",
                        status: "PendingNotBefore",
                    },
                    assignment: None,
                    timeline: sorted(out.timeline),
                    diagnostics: out.diagnostics,
                };
            }
        }
        let mut delivered_at = if update.is_some() { now } else { start_at };
        let mut delivery = ("delivered", "Delivered");
        // Events the delivery used: its result, and a reprocessing.
        let mut used: Vec<usize> = Vec::new();
        if let Some(i) = events.iter().skip(next).position(|(at, e, _)| {
            update.is_none()
                && matches!(e, Event::Delivery { .. })
                && *at >= start_at
                && *at <= self.until
        }) {
            if let Some((at, Event::Delivery { result }, _)) = events.get(next + i) {
                used.push(next + i);
                delivered_at = *at;
                delivery = match result.as_str() {
                    "partiallyDelivered" => ("partiallyDelivered", "PartiallyDelivered"),
                    "deliveryFailed" => ("deliveryFailed", "DeliveryFailed"),
                    _ => ("delivered", "Delivered"),
                };
            }
        }
        let target = self
            .target
            .principal
            .id
            .clone()
            .into_iter()
            .collect::<Vec<_>>();
        // The window counts from when access was first granted, fully or in part.
        let mut granted_at = delivered_at;
        if update.is_none() && delivery.0 != "delivered" {
            out.entry(delivered_at, delivery.0, None, Some(target.clone()), None);
            if let Some((k, at, by)) = reprocessing(&events, next, &used, delivered_at, self.until)
            {
                used.push(k);
                out.entry(at, "reprocessed", None, by, None);
                if delivery.0 == "deliveryFailed" {
                    granted_at = at;
                }
                delivered_at = at;
                delivery = ("delivered", "Delivered");
            }
        }
        let window = match update {
            Some(current) => {
                let end =
                    extended_end(current, now, self.schedule, self.policy.expiration.as_ref());
                out.entry(
                    now,
                    "extended",
                    None,
                    Some(target.clone()),
                    Some(new_end(end)),
                );
                Window {
                    start: current.start,
                    end,
                }
            }
            None => {
                if delivery.0 == "delivered" {
                    out.entry(delivered_at, "delivered", None, Some(target.clone()), None);
                }
                let window =
                    assignment_window(granted_at, self.schedule, self.policy.expiration.as_ref());
                match crate::lifecycle::requested_end(self.schedule, window.start) {
                    Some(asked) if self.keeps_requested_end => Window {
                        start: window.start,
                        end: asked.map(|e| e.max(window.start)),
                    },
                    _ => window,
                }
            }
        };
        let mut request = State {
            state: delivery.0,
            status: delivery.1,
        };
        // After delivery, a launch-and-wait extension holds the request, not the
        // access (domain.md §9 R2): its name and the deadline of its callback.
        let mut granted_wait = None;
        if delivery.0 != "deliveryFailed" {
            self.callouts(&mut out, delivered_at, X::AssignmentRequestGranted);
            if let Some((name, timeout)) = self.waits_at(&X::AssignmentRequestGranted) {
                let deadline = timeout.add_to(delivered_at);
                callback::waiting(&mut out, delivered_at, &name, "", deadline);
                granted_wait = Some((name, deadline));
            }
        }
        if delivery.0 == "deliveryFailed" {
            let mut rest: Vec<Timed> = events
                .iter()
                .enumerate()
                .skip(next)
                .filter(|(k, _)| !used.contains(k))
                .map(|(_, e)| e.clone())
                .collect();
            // An administrator may cancel a request whose delivery failed (domain.md §9 R4).
            let cancel = rest.iter().position(|(at, e, _)| {
                *at <= self.until && matches!(e, Event::Cancel { by } if !self.cancels_as_requester(by.as_deref()))
            });
            if let Some(k) = cancel {
                for (at, e, path) in rest.get(..k).unwrap_or_default() {
                    if *at <= self.until {
                        let why = if matches!(e, Event::Cancel { .. }) {
                            ADMIN_CANCELS
                        } else {
                            "the delivery failed"
                        };
                        out.ignore(path, why.to_string());
                    }
                }
                let (at, by) = match rest.get(k) {
                    Some((at, Event::Cancel { by }, _)) => (*at, by.clone()),
                    _ => (delivered_at, None),
                };
                out.entry(
                    at,
                    "canceled",
                    None,
                    by.map(|b| vec![b]),
                    Some("after the failed delivery".to_string()),
                );
                rest.drain(..=k);
                let canceled = State {
                    state: "canceled",
                    status: "Canceled",
                };
                return without_assignment(out, &rest, self.until, canceled);
            }
            return without_assignment(out, &rest, self.until, request);
        }
        // The events delivery used are spent.
        let events: Vec<Timed> = events
            .into_iter()
            .enumerate()
            .filter(|(k, _)| !used.contains(k))
            .map(|(_, e)| e)
            .collect();
        let mut assignment = AssignmentOut {
            state: delivery.0,
            status: delivery.1,
            schedule: ScheduleOut {
                start_date_time: format_instant(window.start),
                expiration: expiration_out(window.end),
            },
        };
        let r = self.policy.requestor();
        let notify = self
            .policy
            .notification_settings
            .as_ref()
            .and_then(|n| n.is_assignment_notification_disabled)
            != Some(true);
        let extensible = (r.self_update() || r.on_behalf_update())
            && self.policy.kind() != PolicyKind::Automatic;
        let mut window = window;
        // Timers up to `cursor` have been played.
        let mut cursor = delivered_at;
        let review_settings = self.policy.review_settings.as_ref();
        let reviews = review_instances(review_settings, delivered_at, self.until);
        let mut review_at = 0usize;
        let mut open: Option<OpenReview> = None;
        let mut i = next;
        'life: loop {
            let event = events
                .get(i)
                .filter(|(at, _, _)| *at <= self.until)
                .cloned();
            let horizon = event.as_ref().map_or(self.until, |(at, _, _)| *at);
            // Timers up to the next event, earliest first: notices, reviews, expiry.
            loop {
                // Pre-expiration extensions run whether or not anyone is told.
                let reminder = reminders(window).into_iter().find(|(at, _)| *at > cursor);
                let review = match &open {
                    Some(o) if !o.reminded => Some(o.midpoint),
                    Some(o) => Some(o.closes),
                    None => reviews.get(review_at).map(|r| r.0),
                };
                // At the same instant: expiry, then notices, then reviews (domain.md §8).
                let rank = |k: usize| match k {
                    2 => 0,
                    0 => 1,
                    _ => 2,
                };
                let Some((which, t)) = [reminder.map(|r| r.0), review, window.end]
                    .into_iter()
                    .enumerate()
                    .filter_map(|(k, t)| Some((k, t.filter(|t| *t <= horizon)?)))
                    .min_by_key(|(k, t)| (*t, rank(*k)))
                else {
                    break;
                };
                cursor = cursor.max(t);
                match (which, reminder, open.take()) {
                    (0, Some((_, days)), o) => {
                        open = o;
                        // The notice (when sent) first, then the extension it triggers.
                        if extensible && notify {
                            out.entry(
                                t,
                                "expiryReminder",
                                None,
                                Some(target.clone()),
                                Some(format!(
                                    "{days} day{} before expiry",
                                    if days == 1 { "" } else { "s" }
                                )),
                            );
                            if days == 1 {
                                assignment.status = "NearExpiry1DayNotificationTriggered";
                            }
                        }
                        self.callouts(
                            &mut out,
                            t,
                            if days == 1 {
                                X::AssignmentOneDayBeforeExpiration
                            } else {
                                X::AssignmentFourteenDaysBeforeExpiration
                            },
                        );
                    }
                    (1, _, None) => {
                        let (opens, closes) = reviews.get(review_at).copied().unwrap_or((t, t));
                        review_at += 1;
                        // Only delivered assignments are reviewed (domain.md §4.7).
                        if assignment.state != "delivered" {
                            continue;
                        }
                        open = Some(self.open_review(&mut out, opens, closes, review_settings));
                    }
                    (1, _, Some(mut o)) if !o.reminded => {
                        o.reminded = true;
                        out.entry(t, "reviewReminder", None, Some(o.reviewers.clone()), None);
                        open = Some(o);
                    }
                    (1, _, Some(o)) => {
                        let behavior = review_settings.and_then(|r| r.expiration_behavior.as_ref());
                        let (keep, detail) = o.outcome(behavior);
                        out.entry(
                            t,
                            "reviewClosed",
                            None,
                            o.decision.map(|d| vec![d.0]),
                            Some(detail.to_string()),
                        );
                        if !keep {
                            let why = Some("removed by the access review".to_string());
                            let ending = ("removed", None, why);
                            if self
                                .end_access(&mut out, &events, &mut i, t, ending)
                                .is_some()
                            {
                                assignment.state = "expired";
                                assignment.status = "Removed";
                            }
                            break 'life;
                        }
                    }
                    _ => {
                        let ending = ("expired", Some(target), None);
                        if self
                            .end_access(&mut out, &events, &mut i, t, ending)
                            .is_some()
                        {
                            assignment.state = "expired";
                            assignment.status = "ExpiredNotificationTriggered";
                        }
                        break 'life;
                    }
                }
            }
            cursor = horizon;
            if let Some((name, Some(deadline))) = &granted_wait {
                if *deadline <= horizon {
                    let why = format!("{name} did not call back in time");
                    out.entry(*deadline, "timedOut", None, None, Some(why));
                    granted_wait = None;
                }
            }
            let Some((at, event, path)) = event else {
                break;
            };
            i += 1;
            if at < delivered_at {
                out.ignore(&path, "access was not delivered yet".to_string());
                continue;
            }
            match event {
                Event::Remove { by } => {
                    let ending = ("removed", by.map(|b| vec![b]), None);
                    if self
                        .end_access(&mut out, &events, &mut i, at, ending)
                        .is_some()
                    {
                        assignment.state = "expired";
                        assignment.status = "Removed";
                    }
                    break;
                }
                Event::Extend {
                    justification,
                    schedule,
                } => {
                    let refusal = if !extensible {
                        Some("the policy does not let assignees extend their access")
                    } else if assignment.state != "delivered" {
                        Some("only delivered assignments can be extended")
                    } else if !self.in_scope(&out.person) {
                        Some("the assignee is no longer in the policy's scope")
                    } else if self.policy.justification_required()
                        && justification.as_deref().is_none_or(|j| j.trim().is_empty())
                    {
                        Some("the policy requires a justification")
                    } else {
                        None
                    };
                    if let Some(why) = refusal {
                        out.ignore(&path, why.to_string());
                        continue;
                    }
                    out.entry(
                        at,
                        "submitted",
                        None,
                        Some(target.clone()),
                        Some("extension request".to_string()),
                    );
                    self.callouts(&mut out, at, X::AssignmentRequestCreated);
                    // The extension request waits for launch-and-wait extensions as
                    // the first request did (domain.md §9 R2).
                    let created = X::AssignmentRequestCreated;
                    let Ok((asked, dynamic)) =
                        self.wait_at(&mut out, &events, &mut i, &created, at)
                    else {
                        cursor = at;
                        continue;
                    };
                    let limit = window.end.map_or(self.until, |e| e.min(self.until));
                    let stages: &[crate::model::ApprovalStage] = match dynamic.as_deref() {
                        Some(stage) => std::slice::from_ref(stage),
                        None if self.policy.approval_for_update() => self.policy.stages(),
                        None => &[],
                    };
                    let approved =
                        match self.approve(&mut out, &events, &mut i, asked, limit, stages, true) {
                            Settled::Approved(a) => {
                                if !stages.is_empty() {
                                    out.entry(a, "approved", None, None, None);
                                }
                                self.callouts(&mut out, a, X::AssignmentRequestApproved);
                                a
                            }
                            Settled::Ended(..) | Settled::Pending(_) => {
                                cursor = at;
                                continue;
                            }
                        };
                    let Ok((granted_at, _)) = self.wait_at(
                        &mut out,
                        &events,
                        &mut i,
                        &X::AssignmentRequestApproved,
                        approved,
                    ) else {
                        cursor = at;
                        continue;
                    };
                    cursor = granted_at;
                    let end = extended_end(
                        window,
                        granted_at,
                        schedule.as_deref(),
                        self.policy.expiration.as_ref(),
                    );
                    if end == window.end {
                        out.ignore(&path, "the policy allows no later end".to_string());
                        continue;
                    }
                    window.end = end;
                    assignment.status = "Delivered";
                    assignment.schedule.expiration = expiration_out(end);
                    out.entry(
                        granted_at,
                        "extended",
                        None,
                        Some(target.clone()),
                        Some(new_end(end)),
                    );
                }
                Event::Decision { .. } => {
                    out.ignore(&path, "no request awaits a decision".to_string());
                }
                Event::Cancel { .. } => {
                    out.ignore(&path, "no request is pending".to_string());
                }
                Event::Delivery { .. } => {
                    out.ignore(&path, "access was already delivered".to_string());
                }
                Event::Callback { result, .. } => match granted_wait.take() {
                    Some((name, _)) => {
                        let detail = format!("{name} called back: {result}");
                        out.entry(at, "customExtension", None, None, Some(detail));
                        if result != "continue" {
                            out.ignore(&path, callback::CALLBACK_STATE_IGNORED.to_string());
                        }
                    }
                    None => {
                        out.ignore(&path, "no custom extension awaits a callback".to_string());
                    }
                },
                Event::Reprocess { by } if assignment.state == "delivered" => out.entry(
                    at,
                    "reprocessed",
                    None,
                    by.map(|b| vec![b]),
                    Some("the assignment's resource roles are applied again".to_string()),
                ),
                Event::Reprocess { .. } => out.ignore(
                    &path,
                    format!(
                        "a partial or failed delivery can be reprocessed for {REPROCESS_DAYS} days"
                    ),
                ),
                Event::ReviewDecision {
                    reviewer,
                    decision,
                    justification,
                } => {
                    let taken = match open.as_mut() {
                        None => Err("no access review is open".to_string()),
                        Some(o) => o.take(reviewer, decision, justification, review_settings),
                    };
                    if let Err(why) = taken {
                        out.ignore(&path, why);
                    }
                }
                Event::AttributeChange {
                    attributes,
                    group_ids,
                } => {
                    self.change(&mut out, at, attributes.as_ref(), group_ids.as_deref());
                }
            }
        }
        for (at, _, path) in events.iter().skip(i) {
            if *at <= self.until {
                out.ignore(path, "the assignment had already ended".to_string());
            }
        }
        match granted_wait {
            Some((name, Some(deadline))) if deadline <= self.until => {
                let why = format!("{name} did not call back in time");
                out.entry(deadline, "timedOut", None, None, Some(why));
            }
            Some(_) => request.status = "WaitingForCallback",
            None => {}
        }
        Outcome {
            request,
            assignment: Some(assignment),
            timeline: sorted(out.timeline),
            diagnostics: out.diagnostics,
        }
    }
}

type Timed = (DateTime<Utc>, Event, String);

/// How an assignment ends: the entry's kind, actors and detail.
type Ending = (&'static str, Option<Vec<String>>, Option<String>);

impl Run<'_> {
    /// Ends the assignment at `t` with the entry `ending`: at once, or, with a
    /// launch-and-wait extension at `assignmentRequestRemoved`, when it calls back or
    /// times out (domain.md §9 R2). The time access ended, or `None` when `until` comes
    /// first and access is still in force.
    fn end_access(
        &self,
        out: &mut Out,
        events: &[Timed],
        next: &mut usize,
        t: DateTime<Utc>,
        (kind, actors, detail): Ending,
    ) -> Option<DateTime<Utc>> {
        if self.waits_at(&X::AssignmentRequestRemoved).is_none() {
            out.entry(t, kind, None, actors, detail);
            self.callouts(out, t, X::AssignmentRequestRemoved);
            return Some(t);
        }
        self.callouts(out, t, X::AssignmentRequestRemoved);
        let (at, _) = self
            .wait_at(out, events, next, &X::AssignmentRequestRemoved, t)
            .ok()?;
        out.entry(at, kind, None, actors, detail);
        Some(at)
    }

    /// The custom extensions the policy runs at `stage` (domain.md §4.10), as
    /// `customExtension` entries naming the stage and the extension.
    fn callouts(&self, out: &mut Out, at: DateTime<Utc>, stage: X) {
        for setting in self.policy.custom_extension_stage_settings.iter().flatten() {
            if setting.stage.as_ref() != Some(&stage) {
                continue;
            }
            let name = setting
                .custom_extension
                .as_ref()
                .map_or("an unnamed extension", |c| self.extension_name(c));
            out.entry(
                at,
                "customExtension",
                None,
                None,
                Some(format!("{}: {name}", stage.as_str())),
            );
        }
    }
}

/// How long after a partial or failed delivery it can be reprocessed (Graph's
/// figure; the admin center's text says seven days, domain.md §4.9).
const REPROCESS_DAYS: i64 = 14;

/// The first `reprocess` event after the partial or failed delivery at `failed`,
/// when it comes in time: its index, time and who asked.
fn reprocessing(
    events: &[Timed],
    next: usize,
    used: &[usize],
    failed: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Option<(usize, DateTime<Utc>, Option<Vec<String>>)> {
    let (k, (at, event, _)) = events
        .iter()
        .enumerate()
        .skip(next)
        .find(|(k, (at, e, _))| {
            !used.contains(k)
                && matches!(e, Event::Reprocess { .. })
                && *at >= failed
                && *at <= until
        })?;
    let by = match event {
        Event::Reprocess { by } => by.clone().map(|b| vec![b]),
        _ => None,
    };
    (*at <= failed + chrono::TimeDelta::days(REPROCESS_DAYS)).then_some((k, *at, by))
}

/// The answer for a request that ended without an assignment; the events left up
/// to `until` are reported as ignored.
/// Why a requester's cancellation is ignored outside pending approval.
const ADMIN_CANCELS: &str =
    "the requester can cancel only while the request waits for approval; an administrator (`by`) can cancel it now";

fn without_assignment(
    mut out: Out,
    rest: &[Timed],
    until: DateTime<Utc>,
    request: State,
) -> Outcome {
    for (at, _, path) in rest {
        if *at <= until {
            out.ignore(path, "the request had already ended".to_string());
        }
    }
    Outcome {
        request,
        assignment: None,
        timeline: sorted(out.timeline),
        diagnostics: out.diagnostics,
    }
}

/// The detail of an `extended` entry.
fn new_end(end: Option<DateTime<Utc>>) -> String {
    match end {
        Some(e) => format!("access now ends at {}", format_instant(e)),
        None => "access no longer ends".to_string(),
    }
}

/// The written form of an assignment's end.
fn expiration_out(end: Option<DateTime<Utc>>) -> ExpirationOut {
    ExpirationOut {
        kind: if end.is_some() {
            "afterDateTime"
        } else {
            "noExpiration"
        },
        end_date_time: end.map(format_instant),
    }
}

/// The timeline in time order; entries at the same instant keep the order in which
/// they happened (a stage's approval before the next stage's start, a timeout before
/// the denial it causes).
fn sorted(mut timeline: Vec<Entry>) -> Vec<Entry> {
    crate::sort::sort_by(&mut timeline, |a, b| a.time.cmp(&b.time));
    timeline
}
