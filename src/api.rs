//! The JavaScript contract of `../shared/spec/api.md` in pure Rust: request and
//! answer types and one function per operation. [`crate::bindings`] only converts
//! between JavaScript values and these; everything here is testable natively.

use crate::diagnostics::{sort_diagnostics, Diagnostic, Path, Profile, Severity};
use crate::json::Value;
use crate::model::decode::{codes, graph_struct, Decode, Decoder, Instant};
use crate::model::{Directory, Draft};
use crate::validation::{self, Options};
use serde::Serialize;

graph_struct! {
    /// The request of `validateDraft`.
    ValidateRequest ("validateDraft request") {
        /// The draft.
        "draft" => draft: Draft,
        /// The instant time-dependent rules compare against.
        "now" => now: Instant,
        /// `graph`, `portal` (default) or `strict`.
        "profile" => profile: String,
        /// What is known about the tenant.
        "directory" => directory: Directory,
        /// Rule ids not to report (our addition: inferred rules are switchable).
        "disabledRules" => disabled_rules: Vec<String>,
    }
    accepts []
    legacy []
}

/// The answer of `validateDraft`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    /// No diagnostic of severity `error`.
    pub valid: bool,
    /// Number of errors.
    pub error_count: usize,
    /// Number of warnings.
    pub warning_count: usize,
    /// Every finding, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ValidationReport {
    /// A report over `diagnostics`, sorted.
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> ValidationReport {
        sort_diagnostics(&mut diagnostics);
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        ValidationReport {
            valid: count(Severity::Error) == 0,
            error_count: count(Severity::Error),
            warning_count: count(Severity::Warning),
            diagnostics,
        }
    }
}

/// Reads the request's `now`: an error when missing or unreadable (already reported
/// by decoding when unreadable).
pub(crate) fn required_now(
    now: Option<&Instant>,
    d: &mut Decoder,
    root: &Path<'_>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    match now {
        None => {
            d.missing(&root.key("now"), "`now`, the instant to evaluate at,");
            None
        }
        Some(instant) => instant.parsed,
    }
}

/// Reads the `profile` option.
fn profile_option(profile: Option<&str>, d: &mut Decoder, root: &Path<'_>) -> Profile {
    match profile {
        None => Profile::default(),
        Some(p) => Profile::parse(p).unwrap_or_else(|| {
            d.findings.input(
                codes::INVALID_OPTION,
                Severity::Error,
                &root.key("profile"),
                format!("profile `{p}` is not one of `graph`, `portal`, `strict`"),
                Some("leave it out for `portal`, the admin center's rules".into()),
            );
            Profile::default()
        }),
    }
}

/// `validateDraft`: every finding about a draft.
///
/// ```
/// use entitlement_policy::api::validate_draft;
/// let request = serde_json::from_str(r#"{
///   "now": "2025-06-01T00:00:00Z",
///   "draft": {
///     "accessPackage": { "displayName": "Sales", "description": "Sales team",
///                        "catalog": { "id": "c0000000-0000-0000-0000-000000000001" } },
///     "assignmentPolicies": [ { "displayName": "All members", "description": "Anyone",
///       "allowedTargetScope": "allMemberUsers",
///       "expiration": { "type": "afterDuration", "duration": "P30D" },
///       "requestorSettings": { "enableTargetsToSelfAddAccess": true },
///       "requestApprovalSettings": { "isApprovalRequiredForAdd": true, "stages": [] } } ] }
/// }"#).unwrap();
/// let report = validate_draft(request);
/// assert!(!report.valid);
/// let finding = report.diagnostics.iter().find(|d| d.code == "APPR_STAGES_REQUIRED").unwrap();
/// assert_eq!(finding.path, "/draft/assignmentPolicies/0/requestApprovalSettings/stages");
/// ```
pub fn validate_draft(request: Value) -> ValidationReport {
    if request.nests_deeper_than(crate::json::MAX_DEPTH) {
        return unreadable(&format!(
            "it nests deeper than {} levels",
            crate::json::MAX_DEPTH
        ));
    }
    let root = Path::root();
    let mut d = Decoder::new();
    let Ok(req) = ValidateRequest::decode(request, &root, &mut d) else {
        return ValidationReport::from_diagnostics(d.findings.into_vec());
    };
    let now = required_now(req.now.as_ref(), &mut d, &root);
    let profile = profile_option(req.profile.as_deref(), &mut d, &root);
    let draft_path = root.key("draft");
    let mut diagnostics = Vec::new();
    match req.draft.as_ref() {
        None => d.missing(&draft_path, "the draft"),
        Some(draft) => {
            if draft.access_package.is_none() {
                d.missing(
                    &draft_path.key("accessPackage"),
                    "the draft's `accessPackage`",
                );
            }
            let disabled = req.disabled_rules.clone().unwrap_or_default();
            let options = Options {
                profile,
                now,
                directory: req.directory.as_ref(),
                disabled: &disabled,
                directory_pointer: "/directory",
            };
            diagnostics = validation::validate(draft, &draft_path, &options);
        }
    }
    diagnostics.extend(d.findings.into_vec());
    ValidationReport::from_diagnostics(diagnostics)
}

/// A report for a request that could not be read at all (not plain data).
pub fn unreadable(reason: &str) -> ValidationReport {
    ValidationReport::from_diagnostics(vec![Diagnostic::new(
        codes::UNREADABLE,
        Severity::Error,
        "",
        format!("the request could not be read: {reason}"),
    )
    .with_help("pass a plain object of JSON data (no functions, symbols or cycles)")])
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
