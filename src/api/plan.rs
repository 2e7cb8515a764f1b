//! `creationPlan` (api.md "Graph in, Graph out"): reads the request, validates the draft
//! as `validateDraft` does, and hands both to [`crate::plan::build`].

use super::validate_draft_from;
use crate::json::{Source, Value};
use crate::plan::{build, CreationPlan, Input};

/// The Graph calls that create the draft, or change `current` into it.
///
/// ```
/// use entitlement_policy::api::creation_plan;
/// let plan = creation_plan(serde_json::from_str(r#"{
///   "now": "2025-06-01T00:00:00Z",
///   "draft": { "accessPackage": { "displayName": "Sales", "description": "Sales team",
///                                 "catalog": { "id": "c0000000-0000-0000-0000-000000000001" } } }
/// }"#).unwrap());
/// assert!(plan.valid);
/// assert_eq!(plan.steps[0].method, "POST");
/// assert_eq!(plan.steps[0].url, "/identityGovernance/entitlementManagement/accessPackages");
/// assert!(plan.powershell.contains("New-MgEntitlementManagementAccessPackage"));
/// ```
pub fn creation_plan(request: Value) -> CreationPlan {
    creation_plan_from(request, Source::Built)
}

/// [`creation_plan`] for a request from `source`.
pub(crate) fn creation_plan_from(request: Value, source: Source) -> CreationPlan {
    let mut request = request;
    // The draft's findings, exactly as validateDraft gives them: the request without `current`.
    let current = match &mut request {
        Value::Object(m) => m
            .iter()
            .position(|(k, _)| k == "current")
            .map(|i| m.remove(i).1),
        _ => None,
    };
    let report = validate_draft_from(request.clone(), source);
    let empty = Value::Null;
    let input = Input {
        draft: request.get("draft").unwrap_or(&empty),
        current: current.as_ref().filter(|c| !c.is_null()),
        directory: request.get("directory"),
        diagnostics: report.diagnostics,
    };
    build(&input)
}
