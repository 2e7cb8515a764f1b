//! Launch-and-wait custom extensions (domain.md §4.1, §4.10, §9 R2) at request creation
//! and after approval: the request waits (`WaitingForCallback`) until the extension
//! calls back, is canceled, or the callback times out. At both stages a callback may
//! deny the request. (Waits at granted and removed are not simulated yet.)

use super::{Event, Out, Run, Timed};
use crate::duration::{format_instant, IsoDuration};
use crate::model::{ApprovalStage, CustomExtension, CustomExtensionStage as X};
use chrono::{DateTime, Utc};

/// How waiting ended, when the request does not go on to approval.
pub(super) type Stopped = (&'static str, &'static str);

impl Run<'_> {
    /// The launch-and-wait extension the request waits for when it is created: its
    /// name and its `callbackConfiguration.timeoutDuration`. An extension referred to
    /// by id is looked up among the catalog's `customWorkflowExtensions`.
    fn waits_at(&self, stage: &X) -> Option<(String, IsoDuration)> {
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
    /// `Ok` at once when there is none.
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
        out.entry(
            since,
            "customExtension",
            None,
            None,
            Some(match deadline {
                Some(d) => format!(
                    "waiting for {name} to call back, until {}",
                    format_instant(d)
                ),
                None => format!("waiting for {name} to call back"),
            }),
        );
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
                Event::Cancel { by } if !self.cancels_as_requester(by.as_deref()) => {
                    out.entry(at, "canceled", None, by.clone().map(|b| vec![b]), None);
                    return Err(("canceled", "Canceled"));
                }
                Event::Cancel { .. } => out.ignore(path, super::ADMIN_CANCELS.to_string()),
                _ => out.ignore(
                    path,
                    format!("the request is waiting for {name} to call back"),
                ),
            }
        }
        match deadline {
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
