//! Launch-and-wait custom extensions (domain.md §4.1, §4.10, §9 R2). At request
//! creation and after approval the request waits (`WaitingForCallback`) until the
//! extension calls back, is canceled, or the callback times out, and a callback may
//! deny or cancel it. After delivery the request waits while access is in force; before
//! access is removed the removal waits for the callback or its timeout. A callback
//! at those two stages cannot deny or cancel anything: it is recorded and its state
//! ignored with a diagnostic.

use super::{Event, Out, Run, Timed};
use crate::duration::{format_instant, IsoDuration};
use crate::model::{ApprovalStage, CustomExtension, CustomExtensionStage as X};
use chrono::{DateTime, Utc};

/// How waiting ended, when the request does not go on to approval.
pub(super) type Stopped = (&'static str, &'static str);

impl Run<'_> {
    /// The launch-and-wait extension the request waits for at `stage`: its name and its `callbackConfiguration.timeoutDuration`. An extension referred to
    /// by id is looked up among the catalog's `customWorkflowExtensions`.
    pub(super) fn waits_at(&self, stage: &X) -> Option<(String, IsoDuration)> {
        let settings = self.policy.custom_extension_stage_settings.iter().flatten();
        settings
            .filter(|s| s.stage.as_ref() == Some(stage))
            .filter_map(|s| s.custom_extension.as_ref())
            .find_map(|given| {
                let full = if given.callback_configuration.is_some() {
                    Some(given)
                } else {
                    self.catalog_extension(given.id.as_deref()?)
                }?;
                let timeout = full
                    .callback_configuration
                    .as_ref()?
                    .timeout_duration
                    .as_ref()?
                    .value()?;
                Some((self.extension_name(given).to_string(), timeout))
            })
    }

    /// An extension's name: its own, the catalog's for its id, or the id.
    pub(super) fn extension_name<'e>(&'e self, given: &'e CustomExtension) -> &'e str {
        given
            .display_name
            .as_deref()
            .or_else(|| {
                self.catalog_extension(given.id.as_deref()?)?
                    .display_name
                    .as_deref()
            })
            .or(given.id.as_deref())
            .unwrap_or("an unnamed extension")
    }

    fn catalog_extension(&self, id: &str) -> Option<&CustomExtension> {
        self.catalog?
            .custom_workflow_extensions
            .iter()
            .flatten()
            .find(|c| c.id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(id)))
    }

    /// Waits for the creation extension's callback, when there is one to wait for:
    /// `Ok` with the time the request goes on to approval and the approval stage the
    /// callback returned, if any; or how it stopped.
    pub(super) fn wait_for_callback(
        &self,
        out: &mut Out,
        events: &[Timed],
        next: &mut usize,
    ) -> Result<(DateTime<Utc>, Option<Box<ApprovalStage>>), Stopped> {
        self.wait_at(
            out,
            events,
            next,
            &X::AssignmentRequestCreated,
            self.submitted_at,
        )
    }

    /// Waits, from `since`, for the callback of a launch-and-wait extension at `stage`;
    /// `Ok` at once when there is none. Before a removal, a timeout lets the removal go
    /// on (`Ok` at the deadline).
    pub(super) fn wait_at(
        &self,
        out: &mut Out,
        events: &[Timed],
        next: &mut usize,
        stage: &X,
        since: DateTime<Utc>,
    ) -> Result<(DateTime<Utc>, Option<Box<ApprovalStage>>), Stopped> {
        let Some((name, timeout)) = self.waits_at(stage) else {
            return Ok((since, None));
        };
        let deadline = timeout.add_to(since);
        let before = if *stage == X::AssignmentRequestRemoved {
            " before access is removed"
        } else {
            ""
        };
        waiting(out, since, &name, before, deadline);
        while let Some((at, event, path)) = events.get(*next) {
            let at = *at;
            if at > self.until || deadline.is_some_and(|d| at >= d) {
                break;
            }
            if at < since {
                *next += 1;
                out.ignore(path, "it comes before the extension was called".to_string());
                continue;
            }
            *next += 1;
            match event {
                Event::Callback {
                    result,
                    approval_stage,
                } => {
                    let detail = match (*result, approval_stage) {
                        ("continue", Some(_)) => {
                            format!("{name} called back with an approval stage")
                        }
                        _ => format!("{name} called back: {result}"),
                    };
                    out.entry(at, "customExtension", None, None, Some(detail));
                    if !may_stop(stage) && *result != "continue" {
                        out.ignore(path, CALLBACK_STATE_IGNORED.to_string());
                        return Ok((at, None));
                    }
                    return match *result {
                        "denied" => {
                            out.entry(at, "denied", None, None, Some(format!("by {name}")));
                            Err(("denied", "Denied"))
                        }
                        "canceled" => {
                            out.entry(at, "canceled", None, None, Some(format!("by {name}")));
                            Err(("canceled", "Canceled"))
                        }
                        // Only the creation extension may return an approval stage.
                        _ if *stage == X::AssignmentRequestCreated => {
                            Ok((at, approval_stage.clone()))
                        }
                        _ => Ok((at, None)),
                    };
                }
                // Waiting for a callback is not pending approval: only an administrator
                // cancels now (domain.md §9 R4).
                Event::Cancel { .. } if !may_stop(stage) => {
                    out.ignore(path, "no request is pending".to_string());
                }
                Event::Cancel { by } if !self.cancels_as_requester(by.as_deref()) => {
                    out.entry(at, "canceled", None, by.clone().map(|b| vec![b]), None);
                    return Err(("canceled", "Canceled"));
                }
                Event::Cancel { .. } => out.ignore(path, super::ADMIN_CANCELS.to_string()),
                _ if *stage == X::AssignmentRequestRemoved => out.ignore(
                    path,
                    format!("access is being removed: the removal waits for {name} to call back"),
                ),
                _ => out.ignore(
                    path,
                    format!("the request is waiting for {name} to call back"),
                ),
            }
        }
        match deadline {
            Some(d) if d <= self.until && *stage == X::AssignmentRequestRemoved => {
                out.entry(
                    d,
                    "timedOut",
                    None,
                    None,
                    Some(format!(
                        "{name} did not call back in time: access is removed"
                    )),
                );
                Ok((d, None))
            }
            Some(d) if d <= self.until => {
                out.entry(
                    d,
                    "timedOut",
                    None,
                    None,
                    Some(format!("{name} did not call back in time")),
                );
                Err(("deliveryFailed", "DeliveryFailed"))
            }
            _ => Err(("submitted", "WaitingForCallback")),
        }
    }
}

/// Whether a callback at `stage` may deny or cancel the request (domain.md §9 R2).
pub(super) fn may_stop(stage: &X) -> bool {
    matches!(
        stage,
        X::AssignmentRequestCreated | X::AssignmentRequestApproved
    )
}

/// Why a deny or cancel callback after delivery changes nothing.
pub(super) const CALLBACK_STATE_IGNORED: &str =
    "a callback denies or cancels a request only at assignmentRequestCreated or assignmentRequestApproved: its state is ignored";

/// The entry saying the request waits for `name` to call back, until `deadline`.
pub(super) fn waiting(
    out: &mut Out,
    since: DateTime<Utc>,
    name: &str,
    before: &str,
    deadline: Option<DateTime<Utc>>,
) {
    let detail = match deadline {
        Some(d) => format!(
            "waiting for {name} to call back{before}, until {}",
            format_instant(d)
        ),
        None => format!("waiting for {name} to call back{before}"),
    };
    out.entry(since, "customExtension", None, None, Some(detail));
}
