//! What a simulation answers: the request's and the assignment's final states, and
//! the dated timeline (api.md `Simulation`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When, RFC 3339.
    pub at: String,
    /// When, for ordering.
    #[serde(skip)]
    pub time: DateTime<Utc>,
    /// What (api.md lists the kinds).
    pub kind: &'static str,
    /// The approval stage (1-based), for stage entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<usize>,
    /// The people concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actors: Option<Vec<String>>,
    /// More, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A state and its status text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct State {
    /// A Graph state value.
    pub state: &'static str,
    /// A Graph status text.
    pub status: &'static str,
}

/// The assignment the request led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentOut {
    /// `accessPackageAssignmentState` value.
    pub state: &'static str,
    /// Status text.
    pub status: &'static str,
    /// Start and end in force.
    pub schedule: ScheduleOut,
}

/// An `entitlementManagementSchedule` written by the simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleOut {
    /// Start.
    pub start_date_time: String,
    /// End.
    pub expiration: ExpirationOut,
}

/// An `expirationPattern` written by the simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpirationOut {
    /// `afterDateTime` or `noExpiration`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The end, when there is one.
    pub end_date_time: Option<String>,
}

/// What a simulation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The request.
    pub request: State,
    /// The assignment, when one was created.
    pub assignment: Option<AssignmentOut>,
    /// What happened, in order.
    pub timeline: Vec<Entry>,
    /// Ignored events and other findings.
    pub diagnostics: Vec<Diagnostic>,
}
