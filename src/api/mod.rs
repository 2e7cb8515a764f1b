//! The JavaScript contract of `../shared/spec/api.md` in pure Rust: request and
//! answer types and one function per operation. [`crate::bindings`] only converts
//! between JavaScript values and these; everything here is testable natively.

use crate::applicability::{
    evaluate, Env, Initiator, Mode, PackageAnswer, Query, RequestType, Subject,
};
use crate::diagnostics::{sort_diagnostics, Diagnostic, Path, Profile, Severity};
use crate::json::{Source, Value};
use crate::model::decode::{codes, graph_struct, Decode, Decoder, Instant};
use crate::model::directory::Principal;
use crate::model::index::DirIndex;
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
    validate_draft_from(request, Source::Built)
}

/// [`validate_draft`] for a request from `source`.
pub(crate) fn validate_draft_from(request: Value, source: Source) -> ValidationReport {
    if source.too_deep(&request) {
        return unreadable(
            &format!("it nests deeper than {} levels", crate::json::MAX_DEPTH),
            "",
        );
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

/// A report for a request that could not be read at all (not plain data), at the JSON
/// pointer of what could not be read (`""`: the request as a whole).
pub fn unreadable(reason: &str, path: &str) -> ValidationReport {
    ValidationReport::from_diagnostics(vec![Diagnostic::new(
        codes::UNREADABLE,
        Severity::Error,
        path,
        format!("the request could not be read: {reason}"),
    )
    .with_help("pass a plain object of JSON data (no functions, symbols or cycles)")])
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

graph_struct! {
    /// The request of `applicablePolicies`.
    ApplicabilityRequest ("applicablePolicies request") {
        /// The package, its catalog and policies.
        "draft" => draft: Draft,
        /// Who requests.
        "requester" => requester: Principal,
        /// The instant to evaluate at.
        "now" => now: Instant,
        /// `add` (default), `update` or `remove`.
        "requestType" => request_type: String,
        /// `user` (default), `onBehalf` or `admin`.
        "initiator" => initiator: String,
        /// Whom access is for, when someone else requests it.
        "target" => target: Principal,
        /// `prioritized` (default) or `raw`.
        "mode" => mode: String,
        /// What is known about the tenant.
        "directory" => directory: Directory,
    }
    accepts []
    legacy []
}

/// The answer of `applicablePolicies`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applicability<'a> {
    /// The package's answer.
    #[serde(flatten)]
    pub answer: PackageAnswer<'a>,
    /// `INPUT_*` findings about the request.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one of the named options, reporting other values.
fn option<T: Copy + Default>(
    value: Option<&str>,
    choices: &[(&str, T)],
    d: &mut Decoder,
    path: &Path<'_>,
) -> T {
    let Some(value) = value else {
        return T::default();
    };
    match choices.iter().find(|(name, _)| *name == value) {
        Some((_, choice)) => *choice,
        None => {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("`{n}`")).collect();
            d.findings.input(
                codes::INVALID_OPTION,
                Severity::Error,
                path,
                format!("`{value}` is not one of {}", names.join(", ")),
                None,
            );
            T::default()
        }
    }
}

/// The request-shaping options shared by `applicablePolicies` and the Tenant.
pub(crate) fn query_options(
    request_type: Option<&str>,
    initiator: Option<&str>,
    mode: Option<&str>,
    d: &mut Decoder,
    root: &Path<'_>,
) -> (RequestType, Initiator, Mode) {
    (
        option(
            request_type,
            &[
                ("add", RequestType::Add),
                ("update", RequestType::Update),
                ("remove", RequestType::Remove),
            ],
            d,
            &root.key("requestType"),
        ),
        option(
            initiator,
            &[
                ("user", Initiator::User),
                ("onBehalf", Initiator::OnBehalf),
                ("admin", Initiator::Admin),
            ],
            d,
            &root.key("initiator"),
        ),
        option(
            mode,
            &[("prioritized", Mode::Prioritized), ("raw", Mode::Raw)],
            d,
            &root.key("mode"),
        ),
    )
}

/// Evaluates a package for a query; the target is the requester unless someone else
/// requests.
pub(crate) fn answer_for<'a>(
    env: &Env<'a>,
    requester: Subject<'_>,
    target: Option<Subject<'_>>,
    options: (RequestType, Initiator, Mode),
    now: Option<chrono::DateTime<chrono::Utc>>,
) -> PackageAnswer<'a> {
    let (request_type, initiator, mode) = options;
    let target = match (initiator, &target) {
        (Initiator::User, _) | (_, None) => &requester,
        (_, Some(t)) => t,
    };
    let query = Query {
        requester: &requester,
        target,
        request_type,
        initiator,
        mode,
        now,
    };
    evaluate(env, &query)
}

/// `applicablePolicies`, read and checked: [`ApplicabilityCall::answer`] evaluates it.
/// Two steps because the answer borrows from the request (questions, expirations).
///
/// ```
/// use entitlement_policy::api::ApplicabilityCall;
/// let request = entitlement_policy::json::parse(r#"{
///   "now": "2025-06-01T00:00:00Z",
///   "requester": { "id": "10000000-0000-0000-0000-000000000009", "userType": "Guest" },
///   "draft": {
///     "accessPackage": { "id": "a1", "displayName": "Sales", "catalog": { "id": "c1" } },
///     "assignmentPolicies": [ { "id": "p1", "displayName": "All members",
///       "allowedTargetScope": "allMemberUsers",
///       "requestorSettings": { "enableTargetsToSelfAddAccess": true } } ] } }"#).unwrap();
/// let call = ApplicabilityCall::new(request);
/// let answer = call.answer();
/// assert!(!answer.answer.requestable);
/// assert_eq!(answer.answer.policies[0].reasons, vec!["NOT_IN_SCOPE"]);
/// ```
#[derive(Debug)]
pub struct ApplicabilityCall {
    request: Option<ApplicabilityRequest>,
    now: Option<chrono::DateTime<chrono::Utc>>,
    options: (RequestType, Initiator, Mode),
    diagnostics: Vec<Diagnostic>,
}

impl ApplicabilityCall {
    /// Reads the request; `INPUT_*` findings are kept for the answer.
    pub fn new(request: Value) -> ApplicabilityCall {
        ApplicabilityCall::from_source(request, Source::Built)
    }

    /// [`ApplicabilityCall::new`] for a request from `source`.
    pub(crate) fn from_source(request: Value, source: Source) -> ApplicabilityCall {
        let root = Path::root();
        let mut d = Decoder::new();
        let mut call = ApplicabilityCall {
            request: None,
            now: None,
            options: Default::default(),
            diagnostics: Vec::new(),
        };
        if source.too_deep(&request) {
            call.diagnostics = unreadable("it nests deeper than the limit", "").diagnostics;
            return call;
        }
        let Ok(req) = ApplicabilityRequest::decode(request, &root, &mut d) else {
            call.diagnostics = d.findings.into_vec();
            return call;
        };
        call.now = required_now(req.now.as_ref(), &mut d, &root);
        call.options = query_options(
            req.request_type.as_deref(),
            req.initiator.as_deref(),
            req.mode.as_deref(),
            &mut d,
            &root,
        );
        let draft_path = root.key("draft");
        match req.draft.as_ref() {
            None => d.missing(&draft_path, "the draft"),
            Some(draft) if draft.access_package.is_none() => d.missing(
                &draft_path.key("accessPackage"),
                "the draft's `accessPackage`",
            ),
            Some(_) => {}
        }
        if req.requester.is_none() {
            d.missing(&root.key("requester"), "the requester");
        }
        if call.options.1 != Initiator::User && req.target.is_none() {
            d.missing(
                &root.key("target"),
                "the `target` of an on-behalf or administrator request",
            );
        }
        call.diagnostics = d.findings.into_vec();
        sort_diagnostics(&mut call.diagnostics);
        call.request = Some(req);
        call
    }

    /// The answer.
    pub fn answer(&self) -> Applicability<'_> {
        let diagnostics = self.diagnostics.clone();
        let Some(req) = self.request.as_ref() else {
            return Applicability {
                answer: empty_answer(),
                diagnostics,
            };
        };
        let (Some(draft), Some(requester)) = (req.draft.as_ref(), req.requester.as_ref()) else {
            return Applicability {
                answer: empty_answer(),
                diagnostics,
            };
        };
        let Some(package) = draft.access_package.as_ref() else {
            return Applicability {
                answer: empty_answer(),
                diagnostics,
            };
        };
        let dir = req
            .directory
            .as_ref()
            .map(DirIndex::new)
            .unwrap_or_default();
        let env = draft_env(draft, package, &dir);
        // What the directory knows of the people fills what the request leaves out.
        let requester = dir.facts(requester);
        let target = req.target.as_ref().map(|t| dir.facts(t));
        let requester = Subject::new(&requester, &dir);
        let target = target.as_deref().map(|t| Subject::new(t, &dir));
        Applicability {
            answer: answer_for(&env, requester, target, self.options, self.now),
            diagnostics,
        }
    }
}

/// A draft's package as the evaluation sees it: its catalog (the draft's, else the
/// directory's with the package's catalog id) and its readable policies, each named
/// by its id or, without one, by its JSON pointer in the draft.
pub(crate) fn draft_env<'a>(
    draft: &'a Draft,
    package: &'a crate::model::AccessPackage,
    dir: &DirIndex<'a>,
) -> Env<'a> {
    let catalog = draft.catalog.as_ref().or_else(|| {
        let id = package.catalog.as_ref()?.id.as_deref()?;
        dir.catalogs
            .iter()
            .copied()
            .find(|c| c.id.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(id)))
    });
    let draft_path = Path::root();
    let draft_path = draft_path.key("draft");
    let policies = draft
        .policies()
        .into_iter()
        .filter(|(_, p)| p.unreadable.is_none())
        .map(|(place, p)| {
            let id =
                p.id.clone()
                    .unwrap_or_else(|| crate::validation::policy_pointer(&draft_path, place));
            (id, p)
        })
        .collect();
    Env {
        catalog,
        package,
        policies,
    }
}

/// An answer about nothing, for requests that could not be read.
pub fn empty_answer<'a>() -> PackageAnswer<'a> {
    PackageAnswer {
        access_package_id: String::new(),
        requestable: false,
        listed_in_my_access: false,
        reasons: Vec::new(),
        policies: Vec::new(),
    }
}

mod plan;
mod simulate;
mod upgrade;

pub use plan::creation_plan;
pub(crate) use plan::creation_plan_from;
pub(crate) use simulate::simulate_request_from;
pub use simulate::{simulate_request, AnswerIn, EventIn, SimulateRequest, Simulation};
pub(crate) use upgrade::upgrade_draft_from;
pub use upgrade::{upgrade_draft, Upgrade, UpgradeRequest};
