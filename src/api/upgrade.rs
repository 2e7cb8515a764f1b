//! `upgradeDraft` (api.md "Graph in, Graph out"): a beta-era payload as a v1.0 draft,
//! with the mappings of [`crate::upgrade`] and `validateDraft`'s report of the result.

use super::{required_now, validate_draft_from};
use crate::diagnostics::{sort_diagnostics, Diagnostic, Path};
use crate::json::{Source, Value};
use crate::model::decode::{graph_struct, Decode, Decoder, Instant};
use crate::upgrade::{upgrade, Mapping};
use serde::Serialize;

/// The answer of `upgradeDraft`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upgrade {
    /// The v1.0 draft.
    pub draft: Value,
    /// One per moved property.
    pub mappings: Vec<Mapping>,
    /// validateDraft's findings about the draft, plus `UPGRADE_*` findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Upgrades `request.payload` to a v1.0 draft.
///
/// ```
/// use entitlement_policy::api::upgrade_draft;
/// let up = upgrade_draft(serde_json::from_str(r#"{ "now": "2025-06-01T00:00:00Z",
///   "payload": { "accessPackageId": "a1", "displayName": "Direct", "description": "Admins assign",
///                "durationInDays": 30, "requestorSettings": { "scopeType": "NoSubjects", "acceptRequests": true } } }"#).unwrap());
/// let policy = &up.draft.get("assignmentPolicies").unwrap();
/// assert!(up.mappings.iter().any(|m| m.from == "/requestorSettings/scopeType"
///     && m.to.as_deref() == Some("/assignmentPolicies/0/allowedTargetScope")));
/// # let _ = policy;
/// ```
pub fn upgrade_draft(request: Value) -> Upgrade {
    upgrade_draft_from(request, Source::Built)
}

graph_struct! {
    /// The request of `upgradeDraft`.
    UpgradeRequest ("upgradeDraft request") {
        /// A draft, a package or a policy, in beta or v1.0 names.
        "payload" => payload: Value,
        /// The instant to validate the result at.
        "now" => now: Instant,
    }
    accepts []
    legacy []
}

/// [`upgrade_draft`] for a request from `source`.
pub(crate) fn upgrade_draft_from(request: Value, source: Source) -> Upgrade {
    let root = Path::root();
    let mut d = Decoder::new();
    let req = UpgradeRequest::decode(request, &root, &mut d).unwrap_or_default();
    let now = required_now(req.now.as_ref(), &mut d, &root)
        .map(|_| req.now.as_ref().map(|n| n.raw.clone()));
    let Some(payload) = req.payload.filter(|p| matches!(p, Value::Object(_))) else {
        d.missing(
            &root.key("payload"),
            "the payload (an object: a draft, a package or a policy)",
        );
        return Upgrade {
            draft: Value::Null,
            mappings: Vec::new(),
            diagnostics: d.findings.into_vec(),
        };
    };
    let upgraded = upgrade(payload);
    let mut check = vec![("draft".to_string(), upgraded.draft.clone())];
    if let Some(Some(now)) = now {
        check.push(("now".to_string(), Value::String(now)));
    }
    let report = validate_draft_from(Value::Object(check), source);
    // `now` was read above, at the request's own path: not again. A payload that is one
    // policy holds no package: what the draft's package lacks is not its finding.
    let mut diagnostics: Vec<Diagnostic> = report
        .diagnostics
        .into_iter()
        .filter(|f| f.path != "/now")
        .filter(|f| {
            !(upgraded.policy_only
                && (f.path.starts_with("/draft/accessPackage") || f.code.starts_with("PKG_")))
        })
        .collect();
    diagnostics.extend(upgraded.findings);
    diagnostics.extend(d.findings.into_vec());
    sort_diagnostics(&mut diagnostics);
    Upgrade {
        draft: upgraded.draft,
        mappings: upgraded.mappings,
        diagnostics,
    }
}
