//! Attribute changes, and the service's own requests under an automatic-assignment
//! policy (domain.md §4.8).

use super::{expiration_out, sorted, AssignmentOut, Event, Out, Outcome, Run};
use super::{ScheduleOut, State};
use crate::applicability::{scope_reason, Initiator, Subject};
use crate::diagnostics::{Diagnostic, Severity};
use crate::duration::format_instant;
use crate::json::Value;
use crate::lifecycle::{assignment_window, Window};
use crate::model::{CustomExtensionStage as X, Instant, Principal};
use chrono::{DateTime, Utc};

/// The target's attributes and groups as attribute changes leave them.
pub(super) struct Person {
    pub(super) principal: Principal,
    /// Lowercased, sorted, without repeats.
    pub(super) groups: Vec<String>,
}

impl Person {
    /// Sets the changed attributes (the principal's own fields `userType`,
    /// `accountEnabled`, `mail` and `displayName` included) and replaces the groups.
    pub(super) fn apply(&mut self, attributes: Option<&Value>, group_ids: Option<&[String]>) {
        if let Some(Value::Object(changes)) = attributes {
            let p = &mut self.principal;
            let mut members = match p.attributes.take() {
                Some(Value::Object(members)) => members,
                _ => Vec::new(),
            };
            for (name, value) in changes {
                let text = value.as_str().map(str::to_string);
                match name.to_ascii_lowercase().as_str() {
                    "usertype" => p.user_type = text,
                    "mail" => p.mail = text,
                    "displayname" => p.display_name = text,
                    "lastsignindatetime" => {
                        p.sign_in_activity
                            .get_or_insert_with(Default::default)
                            .last_sign_in_date_time = value.as_str().map(|raw| Instant {
                            raw: raw.to_string(),
                            parsed: crate::duration::parse_instant(raw),
                        });
                    }
                    "accountenabled" => {
                        p.account_enabled = match value {
                            Value::Bool(b) => Some(*b),
                            _ => None,
                        }
                    }
                    _ => {}
                }
                members.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                if *value != Value::Null {
                    members.push((name.clone(), value.clone()));
                }
            }
            p.attributes = Some(Value::Object(members));
        }
        if let Some(ids) = group_ids {
            self.principal.group_ids = Some(ids.to_vec());
            let mut groups: Vec<String> = ids.iter().map(|g| g.to_ascii_lowercase()).collect();
            crate::sort::sort(&mut groups);
            groups.dedup();
            self.groups = groups;
        }
    }
}

/// The automatic assignment as the run goes.
#[derive(Default)]
struct Life {
    /// The assignment in force and its window.
    held: Option<(AssignmentOut, Window)>,
    /// The last assignment that ended.
    ended: Option<AssignmentOut>,
    /// When access goes, while the target is outside the rule in the grace period.
    grace_until: Option<DateTime<Utc>>,
    /// The service found the target already assigned the package and made no request.
    skipped: bool,
}

impl Run<'_> {
    /// Whether the target, as changes have left it, is in the policy's scope.
    pub(super) fn in_scope(&self, person: &Person) -> bool {
        let subject = Subject::with(
            &person.principal,
            person.groups.clone(),
            self.target.org.clone(),
        );
        scope_reason(self.policy, &subject, Initiator::User).is_none()
    }

    /// Applies an attribute change to the target and records it; true when the
    /// target is in the policy's scope afterwards.
    pub(super) fn change(
        &self,
        out: &mut Out,
        at: DateTime<Utc>,
        attributes: Option<&Value>,
        group_ids: Option<&[String]>,
    ) -> bool {
        out.person.apply(attributes, group_ids);
        let inside = self.in_scope(&out.person);
        let detail = if inside {
            "in the policy's scope"
        } else {
            "outside the policy's scope"
        };
        out.entry(
            at,
            "attributesChanged",
            None,
            self.assignee(),
            Some(detail.to_string()),
        );
        inside
    }

    fn assignee(&self) -> Option<Vec<String>> {
        self.target.principal.id.clone().map(|id| vec![id])
    }

    /// The service's requests for the target under an automatic-assignment policy:
    /// a `systemAdd` whenever the target is in the rule's scope without access, the
    /// grace period and a `systemRemove` when it leaves (if the policy removes access).
    pub(super) fn run_automatic(&self, mut out: Out) -> Outcome {
        let settings = self.policy.automatic_request_settings.as_ref();
        let creates = settings.and_then(|s| s.request_access_for_allowed_targets) == Some(true);
        let removes =
            settings.and_then(|s| s.remove_access_when_target_leaves_allowed_targets) == Some(true);
        let grace = settings
            .and_then(|s| s.grace_period_before_access_removal.as_ref())
            .and_then(|d| d.value())
            .filter(|d| !d.is_zero());
        let mut life = Life::default();
        if creates && self.in_scope(&out.person) {
            self.system_add(&mut out, &mut life, self.submitted_at);
        }
        let events = self
            .events
            .iter()
            .filter(|(at, _, _)| *at >= self.submitted_at && *at <= self.until);
        for (at, event, path) in events {
            let at = *at;
            self.timers(&mut out, &mut life, at);
            match event {
                Event::AttributeChange {
                    attributes,
                    group_ids,
                } => {
                    let inside = self.change(&mut out, at, attributes.as_ref(), group_ids.as_deref());
                    let in_grace = life.grace_until.is_some();
                    match (life.held.as_mut(), inside) {
                        (None, true) if creates => self.system_add(&mut out, &mut life, at),
                        (Some((assignment, _)), true) if in_grace => {
                            life.grace_until = None;
                            assignment.status = "Delivered";
                            out.entry(
                                at,
                                "gracePeriodEnded",
                                None,
                                self.assignee(),
                                Some("back in the policy's scope: access kept".to_string()),
                            );
                        }
                        (Some((assignment, _)), false) if removes && !in_grace => {
                            match grace.and_then(|g| g.add_to(at)) {
                                Some(end) => {
                                    life.grace_until = Some(end);
                                    assignment.status = "AutoAssignmentInGracePeriod";
                                    out.entry(
                                        at,
                                        "gracePeriodStarted",
                                        None,
                                        self.assignee(),
                                        Some(format!(
                                            "access is removed at {} unless the assignee is back in scope",
                                            format_instant(end)
                                        )),
                                    );
                                }
                                None => self.system_remove(&mut out, &mut life, at, "left the policy's scope"),
                            }
                        }
                        _ => {}
                    }
                }
                Event::Remove { by } if life.held.is_some() => {
                    out.entry(at, "removed", None, by.clone().map(|b| vec![b]), None);
                    self.callouts(&mut out, at, X::AssignmentRequestRemoved);
                    end(&mut life, "Removed");
                }
                Event::Remove { .. } => out.ignore(path, "no assignment is held".to_string()),
                _ => out.ignore(
                    path,
                    "under an automatic-assignment policy only attribute changes and removals apply"
                        .to_string(),
                ),
            }
        }
        self.timers(&mut out, &mut life, self.until);
        // The service made a request if it ever assigned.
        let request = if life.held.is_some() || life.ended.is_some() {
            State {
                state: "delivered",
                status: "Delivered",
            }
        } else {
            let why = if life.skipped {
                "the target already holds an assignment of the package: the service makes no request"
            } else if creates {
                "the target is not in the policy's scope up to `until`: the service makes no request"
            } else {
                "the policy creates no assignments: `requestAccessForAllowedTargets` is not true"
            };
            out.diagnostics.push(Diagnostic::new(
                "SIM_NO_AUTOMATIC_ASSIGNMENT",
                Severity::Info,
                "/requester",
                why,
            ));
            State {
                state: "denied",
                status: "Rejected",
            }
        };
        Outcome {
            request,
            assignment: life.held.map(|(a, _)| a).or(life.ended),
            timeline: sorted(out.timeline),
            diagnostics: out.diagnostics,
        }
    }

    /// The service assigns: request created, approved without approval, delivered; not
    /// over an assignment of the package the target already holds, from any policy
    /// (domain.md §9 R3).
    fn system_add(&self, out: &mut Out, life: &mut Life, at: DateTime<Utc>) {
        if self
            .current
            .as_ref()
            .is_some_and(|w| w.end.is_none_or(|e| e > at))
        {
            life.skipped = true;
            out.entry(
                at,
                "skipped",
                None,
                self.assignee(),
                Some(
                    "systemAdd skipped: the target already holds an assignment of the package"
                        .to_string(),
                ),
            );
            return;
        }
        out.entry(
            at,
            "submitted",
            None,
            None,
            Some("systemAdd: in the policy's scope".to_string()),
        );
        self.callouts(out, at, X::AssignmentRequestCreated);
        self.callouts(out, at, X::AssignmentRequestApproved);
        out.entry(at, "delivered", None, self.assignee(), None);
        self.callouts(out, at, X::AssignmentRequestGranted);
        let window = assignment_window(at, None, self.policy.expiration.as_ref());
        let assignment = AssignmentOut {
            state: "delivered",
            status: "Delivered",
            schedule: ScheduleOut {
                start_date_time: format_instant(window.start),
                expiration: expiration_out(window.end),
            },
        };
        life.held = Some((assignment, window));
    }

    /// The service removes the assignment.
    fn system_remove(&self, out: &mut Out, life: &mut Life, at: DateTime<Utc>, why: &str) {
        out.entry(
            at,
            "removed",
            None,
            None,
            Some(format!("systemRemove: {why}")),
        );
        self.callouts(out, at, X::AssignmentRequestRemoved);
        end(life, "Removed");
    }

    /// Plays the grace period's end and the assignment's expiry up to `upto`.
    fn timers(&self, out: &mut Out, life: &mut Life, upto: DateTime<Utc>) {
        while let Some((_, window)) = life.held.as_ref() {
            match (life.grace_until, window.end) {
                (Some(g), end) if g <= upto && end.is_none_or(|e| g < e) => {
                    self.system_remove(out, life, g, "the grace period ended");
                }
                (_, Some(e)) if e <= upto => {
                    out.entry(e, "expired", None, self.assignee(), None);
                    self.callouts(out, e, X::AssignmentRequestRemoved);
                    end(life, "ExpiredNotificationTriggered");
                }
                _ => break,
            }
        }
    }
}

/// The assignment in force ends with `status`.
fn end(life: &mut Life, status: &'static str) {
    if let Some((mut assignment, _)) = life.held.take() {
        assignment.state = "expired";
        assignment.status = status;
        life.ended = Some(assignment);
    }
    life.grace_until = None;
}
