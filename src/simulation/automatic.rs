//! Attribute changes, and the service's own requests under an automatic-assignment
//! policy (domain.md §4.8).

use super::{callback, expiration_out, sorted, AssignmentOut, Event, Out, Outcome, Run, Timed};
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
    /// The delivered request waits for the extension at `assignmentRequestGranted`:
    /// its name and deadline (domain.md §9 R2).
    granted_wait: Option<(String, Option<DateTime<Utc>>)>,
    /// How the service's last request stands, when a launch-and-wait extension stopped
    /// it or holds it at `until`.
    request: Option<State>,
    /// A removal waits for its extension's callback at `until`: access is in force.
    removing: bool,
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
        let events: Vec<Timed> = self
            .events
            .iter()
            .filter(|(at, _, _)| *at >= self.submitted_at && *at <= self.until)
            .cloned()
            .collect();
        let mut next = 0usize;
        if creates && self.in_scope(&out.person) {
            let at = self.submitted_at;
            self.system_add(&mut out, &mut life, at, &events, &mut next);
        }
        while let Some((at, _, _)) = events.get(next) {
            // A removal the timers start may wait for the events to come.
            let before = next;
            self.timers(&mut out, &mut life, *at, &events, &mut next);
            if life.removing {
                break;
            }
            if next != before {
                continue;
            }
            let Some((at, event, path)) = events.get(next) else {
                break;
            };
            next += 1;
            let at = *at;
            match event {
                Event::AttributeChange {
                    attributes,
                    group_ids,
                } => {
                    let inside = self.change(&mut out, at, attributes.as_ref(), group_ids.as_deref());
                    let in_grace = life.grace_until.is_some();
                    match (life.held.as_mut(), inside) {
                        (None, true) if creates => {
                            self.system_add(&mut out, &mut life, at, &events, &mut next);
                        }
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
                                None => self.system_remove(
                                    &mut out,
                                    &mut life,
                                    (at, &events, &mut next),
                                    "left the policy's scope",
                                ),
                            }
                        }
                        _ => {}
                    }
                }
                Event::Remove { by } if life.held.is_some() => {
                    let ending = ("removed", by.clone().map(|b| vec![b]), None);
                    self.end_with(&mut out, &mut life, (at, &events, &mut next), ending, "Removed");
                }
                Event::Callback { result, .. } if life.granted_wait.is_some() => {
                    if let Some((name, _)) = life.granted_wait.take() {
                        let detail = format!("{name} called back: {result}");
                        out.entry(at, "customExtension", None, None, Some(detail));
                        if *result != "continue" {
                            out.ignore(path, callback::CALLBACK_STATE_IGNORED.to_string());
                        }
                    }
                }
                Event::Remove { .. } => out.ignore(path, "no assignment is held".to_string()),
                _ => out.ignore(
                    path,
                    "under an automatic-assignment policy only attribute changes and removals apply"
                        .to_string(),
                ),
            }
        }
        let until = self.until;
        if !life.removing {
            self.timers(&mut out, &mut life, until, &events, &mut next);
        }
        self.granted_timeout(&mut out, &mut life, until);
        if life.granted_wait.is_some() && life.request.is_none() {
            life.request = Some(State {
                state: "delivered",
                status: "WaitingForCallback",
            });
        }
        // The service made a request if it ever assigned.
        let request = if let Some(request) = life.request {
            request
        } else if life.held.is_some() || life.ended.is_some() {
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
    fn system_add(
        &self,
        out: &mut Out,
        life: &mut Life,
        at: DateTime<Utc>,
        events: &[Timed],
        next: &mut usize,
    ) {
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
        // The service's request waits for launch-and-wait extensions as any request
        // does (domain.md §9 R2); it needs no approval.
        self.callouts(out, at, X::AssignmentRequestCreated);
        let waited = self
            .wait_at(out, events, next, &X::AssignmentRequestCreated, at)
            .and_then(|(at, _)| {
                self.callouts(out, at, X::AssignmentRequestApproved);
                self.wait_at(out, events, next, &X::AssignmentRequestApproved, at)
            });
        let at = match waited {
            Ok((at, _)) => at,
            Err((state, status)) => {
                life.request = Some(State { state, status });
                return;
            }
        };
        life.request = None;
        out.entry(at, "delivered", None, self.assignee(), None);
        self.callouts(out, at, X::AssignmentRequestGranted);
        if let Some((name, timeout)) = self.waits_at(&X::AssignmentRequestGranted) {
            let deadline = timeout.add_to(at);
            callback::waiting(out, at, &name, "", deadline);
            life.granted_wait = Some((name, deadline));
        }
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
    fn system_remove(&self, out: &mut Out, life: &mut Life, when: When, why: &str) {
        let ending = ("removed", None, Some(format!("systemRemove: {why}")));
        self.end_with(out, life, when, ending, "Removed");
    }

    /// Ends the assignment in force with `status`, once the removal's extension lets
    /// it ([`Run::end_access`]).
    fn end_with(
        &self,
        out: &mut Out,
        life: &mut Life,
        (at, events, next): When,
        ending: super::Ending,
        status: &'static str,
    ) {
        self.granted_timeout(out, life, at);
        match self.end_access(out, events, next, at, ending) {
            Some(_) => end(life, status),
            None => life.removing = true,
        }
    }

    /// The extension the delivered request waits for times out, if it does by `upto`.
    fn granted_timeout(&self, out: &mut Out, life: &mut Life, upto: DateTime<Utc>) {
        if let Some((name, Some(deadline))) = &life.granted_wait {
            if *deadline <= upto {
                let why = format!("{name} did not call back in time");
                out.entry(*deadline, "timedOut", None, None, Some(why));
                life.granted_wait = None;
            }
        }
    }

    /// Plays the grace period's end and the assignment's expiry up to `upto`.
    fn timers(
        &self,
        out: &mut Out,
        life: &mut Life,
        upto: DateTime<Utc>,
        events: &[Timed],
        next: &mut usize,
    ) {
        while let Some((_, window)) = life.held.as_ref().filter(|_| !life.removing) {
            match (life.grace_until, window.end) {
                (Some(g), end) if g <= upto && end.is_none_or(|e| g < e) => {
                    let when = (g, events, &mut *next);
                    self.system_remove(out, life, when, "the grace period ended");
                }
                (_, Some(e)) if e <= upto => {
                    let ending = ("expired", self.assignee(), None);
                    let status = "ExpiredNotificationTriggered";
                    self.end_with(out, life, (e, events, &mut *next), ending, status);
                }
                _ => break,
            }
        }
        self.granted_timeout(out, life, upto);
    }
}

/// When something happens, with the events still to come (a removal may wait for them).
type When<'e, 'n> = (DateTime<Utc>, &'e [Timed], &'n mut usize);

/// The assignment in force ends with `status`.
fn end(life: &mut Life, status: &'static str) {
    if let Some((mut assignment, _)) = life.held.take() {
        assignment.state = "expired";
        assignment.status = status;
        life.ended = Some(assignment);
    }
    life.grace_until = None;
}
