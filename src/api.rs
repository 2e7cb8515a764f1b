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
            call.diagnostics = unreadable("it nests deeper than the limit").diagnostics;
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
        let env = Env {
            catalog,
            package,
            policies,
        };
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

graph_struct! {
    /// An answer to a question (`accessPackageAnswerString`).
    AnswerIn ("accessPackageAnswer") {
        /// The subtype.
        "@odata.type" => odata_type: String,
        /// The value.
        "value" => value: String,
        /// The text shown.
        "displayValue" => display_value: String,
        /// The question, by id.
        "answeredQuestion" => answered_question: crate::model::Reference,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// A dated event of `simulateRequest`.
    EventIn ("simulation event") {
        /// When.
        "at" => at: Instant,
        /// `decision`, `cancel`, `remove`, `delivery`, `extend`, `reviewDecision`, `attributeChange`.
        "type" => kind: String,
        /// Decisions: who.
        "approverId" => approver_id: String,
        /// Decisions: `approve` or `deny`.
        "decision" => decision: String,
        /// Decisions and extensions: why.
        "justification" => justification: String,
        /// Cancel and remove: who.
        "by" => by: String,
        /// Delivery: the result.
        "result" => result: String,
        /// Extensions: the schedule asked for.
        "schedule" => schedule: crate::model::Schedule,
        /// Review decisions: who.
        "reviewerId" => reviewer_id: String,
        /// Callbacks: the approval stage the extension decided on.
        "approvalStage" => approval_stage: crate::model::ApprovalStage,
        /// Attribute changes: the new attributes.
        "attributes" => attributes: Value,
        /// Attribute changes: the new groups.
        "groupIds" => group_ids: Vec<String>,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// The request of `simulateRequest`.
    SimulateRequest ("simulateRequest request") {
        /// The package, its catalog and policies.
        "draft" => draft: Draft,
        /// Who requests.
        "requester" => requester: Principal,
        /// For whom, when someone else requests.
        "target" => target: Principal,
        /// The policy asked for; the most specific applying one when absent.
        "policyId" => policy_id: String,
        /// `add` (default), `update` or `remove`.
        "requestType" => request_type: String,
        /// `user` (default), `onBehalf` or `admin`.
        "initiator" => initiator: String,
        /// When the request is submitted.
        "submittedAt" => submitted_at: Instant,
        /// Up to when to simulate.
        "until" => until: Instant,
        /// The requestor's business justification.
        "justification" => justification: String,
        /// Answers to the policy's questions.
        "answers" => answers: Vec<AnswerIn>,
        /// Start and end asked for.
        "schedule" => schedule: crate::model::Schedule,
        /// What happens, when.
        "events" => events: Vec<EventIn>,
        /// What is known about the tenant.
        "directory" => directory: Directory,
    }
    accepts []
    legacy []
}

/// The request-time rule a reason of applicability stands for (domain.md §2.12).
fn request_code(reason: &str) -> &str {
    use crate::applicability::reasons as R;
    match reason {
        R::NOT_IN_SCOPE | R::PRINCIPAL_KIND_MISMATCH => "REQ_TARGET_NOT_IN_SCOPE",
        R::SELF_ADD_DISABLED => "REQ_SELF_ADD_DISABLED",
        R::SELF_UPDATE_DISABLED => "REQ_SELF_UPDATE_DISABLED",
        R::SELF_REMOVE_DISABLED => "REQ_SELF_REMOVE_DISABLED",
        R::NOT_ON_BEHALF_REQUESTOR | R::ON_BEHALF_DISABLED => "REQ_NOT_ONBEHALF_REQUESTOR",
        R::CATALOG_DISABLED => "REQ_CATALOG_DISABLED",
        R::CATALOG_NOT_EXTERNAL => "REQ_CATALOG_NOT_EXTERNAL",
        R::ACCOUNT_DISABLED => "REQ_ACCOUNT_DISABLED",
        R::INCOMPATIBLE_PACKAGE => "REQ_INCOMPATIBLE_PACKAGE",
        R::INCOMPATIBLE_GROUP => "REQ_INCOMPATIBLE_GROUP",
        R::DIRECT_ASSIGNMENT_ONLY => "REQ_DIRECT_POLICY_SELF",
        R::AUTOMATIC_POLICY => "REQ_AUTO_POLICY_MANUAL",
        R::ALREADY_ASSIGNED => "REQ_ALREADY_ASSIGNED",
        R::PENDING_REQUEST_EXISTS => "REQ_OPEN_REQUEST_EXISTS",
        R::NO_ASSIGNMENT_TO_CHANGE => "REQ_EXISTING_ASSIGNMENT_FIELDS",
        R::OUT_OF_SCOPE_FOR_EXTENSION => "REQ_UPDATE_TARGET_OUT_OF_SCOPE",
        other => other,
    }
}

/// The answer of `simulateRequest`.
pub type Simulation = crate::simulation::Outcome;

/// `simulateRequest`: what happens to one request, as a dated timeline (domain.md §4).
///
/// ```
/// use entitlement_policy::api::simulate_request;
/// let request = entitlement_policy::json::parse(r#"{
///   "requester": { "id": "10000000-0000-0000-0000-000000000001", "userType": "Member" },
///   "submittedAt": "2025-06-01T09:00:00Z", "until": "2025-12-31T00:00:00Z",
///   "draft": {
///     "accessPackage": { "id": "a1", "displayName": "Sales", "catalog": { "id": "c1" } },
///     "assignmentPolicies": [ { "id": "p1", "displayName": "All members",
///       "allowedTargetScope": "allMemberUsers",
///       "expiration": { "type": "afterDuration", "duration": "P30D" },
///       "requestorSettings": { "enableTargetsToSelfAddAccess": true } } ] } }"#).unwrap();
/// let sim = simulate_request(request);
/// let kinds: Vec<&str> = sim.timeline.iter().map(|e| e.kind).collect();
/// assert_eq!(kinds, ["submitted", "delivered", "expired"]);
/// assert_eq!(sim.timeline[2].at, "2025-07-01T09:00:00Z");
/// ```
pub fn simulate_request(request: Value) -> Simulation {
    simulate_request_from(request, Source::Built)
}

/// [`simulate_request`] for a request from `source`.
pub(crate) fn simulate_request_from(request: Value, source: Source) -> Simulation {
    use crate::simulation::{Outcome, Run, State};
    let root = Path::root();
    let mut d = Decoder::new();
    let refused = |diagnostics: Vec<Diagnostic>, timeline: Vec<crate::simulation::Entry>| Outcome {
        request: State {
            state: "denied",
            status: "Rejected",
        },
        assignment: None,
        timeline,
        diagnostics,
    };
    if source.too_deep(&request) {
        return refused(
            unreadable("it nests deeper than the limit").diagnostics,
            Vec::new(),
        );
    }
    let Ok(req) = SimulateRequest::decode(request, &root, &mut d) else {
        return refused(d.findings.into_vec(), Vec::new());
    };
    let submitted = match req.submitted_at.as_ref() {
        None => {
            d.missing(
                &root.key("submittedAt"),
                "`submittedAt`, when the request is submitted,",
            );
            None
        }
        Some(t) => t.parsed,
    };
    let until = match req.until.as_ref() {
        None => {
            d.missing(&root.key("until"), "`until`, up to when to simulate,");
            None
        }
        Some(t) => t.parsed,
    };
    // The service requests under an automatic-assignment policy: our addition to the
    // contract's initiators, for domain.md §4.8.
    let system = req.initiator.as_deref() == Some("system");
    let options = query_options(
        req.request_type.as_deref(),
        req.initiator.as_deref().filter(|_| !system),
        None,
        &mut d,
        &root,
    );
    let (Some(draft), Some(requester), Some(submitted), Some(until)) =
        (req.draft.as_ref(), req.requester.as_ref(), submitted, until)
    else {
        if req.draft.is_none() {
            d.missing(&root.key("draft"), "the draft");
        }
        if req.requester.is_none() {
            d.missing(&root.key("requester"), "the requester");
        }
        return refused(d.findings.into_vec(), Vec::new());
    };
    let Some(package) = draft.access_package.as_ref() else {
        d.missing(
            &root.key("draft").key("accessPackage"),
            "the draft's `accessPackage`",
        );
        return refused(d.findings.into_vec(), Vec::new());
    };
    let events = read_events(req.events.as_deref().unwrap_or(&[]), &root, &mut d);
    // Who may request, under which policy.
    let dir = req
        .directory
        .as_ref()
        .map(DirIndex::new)
        .unwrap_or_default();
    let catalog = draft.catalog.as_ref();
    let draft_path = root.key("draft");
    let policies: Vec<(String, &crate::model::Policy)> = draft
        .policies()
        .into_iter()
        .filter(|(_, p)| p.unreadable.is_none())
        .map(|(place, p)| {
            (
                p.id.clone()
                    .unwrap_or_else(|| crate::validation::policy_pointer(&draft_path, place)),
                p,
            )
        })
        .collect();
    let env = Env {
        catalog,
        package,
        policies,
    };
    // What the directory knows of the people fills what the request leaves out.
    let requester = dir.facts(requester);
    let requester: &crate::model::Principal = &requester;
    let target_facts = req.target.as_ref().map(|t| dir.facts(t));
    let requester_subject = Subject::new(requester, &dir);
    let target_subject = target_facts.as_deref().map(|t| Subject::new(t, &dir));
    let (request_type, initiator, _) = options;
    let target_or_requester = target_subject
        .clone()
        .unwrap_or_else(|| requester_subject.clone());
    let (policy, approval, target, problems) = if system {
        let Some(policy) = system_policy(&env, req.policy_id.as_deref(), request_type, &mut d)
        else {
            return refused(d.findings.into_vec(), Vec::new());
        };
        (policy, false, &target_or_requester, d.findings.into_vec())
    } else {
        let answer = answer_for(
            &env,
            requester_subject.clone(),
            target_subject.clone(),
            options,
            Some(submitted),
        );
        let submitted_entry = |kind: &'static str| crate::simulation::Entry {
            at: crate::duration::format_instant(submitted),
            time: submitted,
            kind,
            stage: None,
            actors: requester.id.clone().map(|id| vec![id]),
            detail: None,
        };
        let chosen = choose_policy(&answer, req.policy_id.as_deref(), &mut d);
        let Some(chosen) = chosen else {
            return refused(
                d.findings.into_vec(),
                vec![submitted_entry("submitted"), submitted_entry("rejected")],
            );
        };
        let (Some(policy_answer), Some((_, policy))) =
            (answer.policies.get(chosen), env.policies.get(chosen))
        else {
            return refused(d.findings.into_vec(), Vec::new());
        };
        let policy: &crate::model::Policy = policy;
        for code in &policy_answer.reasons {
            d.findings.push(Diagnostic::new(
                request_code(code),
                Severity::Error,
                "/policyId",
                format!(
                    "policy `{}` does not take this request: {code}",
                    policy_answer.policy_id
                ),
            ));
        }
        // A removal asks nothing of the requester: no justification, answers or schedule.
        if request_type != RequestType::Remove {
            submission_checks(policy, &req, (request_type, initiator), &mut d);
        }
        let problems = d.findings.into_vec();
        if problems.iter().any(|p| p.severity == Severity::Error) {
            return refused(
                problems,
                vec![submitted_entry("submitted"), submitted_entry("rejected")],
            );
        }
        let approval = match request_type {
            RequestType::Add => policy.approval_for_add(),
            RequestType::Update => policy.approval_for_update(),
            RequestType::Remove => false,
        };
        let target = if initiator == Initiator::User {
            &requester_subject
        } else {
            &target_or_requester
        };
        (policy, approval, target, problems)
    };
    let run = Run {
        policy,
        requester: &requester_subject,
        target,
        kind: request_type,
        current: current_window(target, package.id.as_deref(), submitted),
        dir: &dir,
        catalog,
        approval,
        submitted_at: submitted,
        until,
        schedule: req.schedule.as_ref(),
        events,
        automatic: system,
    };
    let mut outcome = run.simulate();
    let mut all = problems;
    all.extend(outcome.diagnostics);
    sort_diagnostics(&mut all);
    outcome.diagnostics = all;
    outcome
}

/// The request's events, sorted by time (stable); one that cannot be read is left
/// out with an `INPUT_*` warning at its path.
fn read_events(
    given: &[EventIn],
    root: &Path<'_>,
    d: &mut Decoder,
) -> Vec<(
    chrono::DateTime<chrono::Utc>,
    crate::simulation::Event,
    String,
)> {
    use crate::simulation::Event;
    let mut events = Vec::new();
    let events_path = root.key("events");
    for (i, e) in given.iter().enumerate() {
        let here = events_path.index(i).to_string();
        let Some(at) = e.at.as_ref().and_then(|t| t.parsed) else {
            d.findings.push(Diagnostic::new(
                codes::MISSING,
                Severity::Warning,
                format!("{here}/at"),
                "the event has no readable `at`: it is left out",
            ));
            continue;
        };
        let event = match e.kind.as_deref() {
            Some("decision") => Event::Decision {
                approver: e.approver_id.clone().unwrap_or_default(),
                approve: match e.decision.as_deref() {
                    Some("approve") => true,
                    Some("deny") => false,
                    other => {
                        bad_decision(d, &here, other, "`approve` or `deny`");
                        continue;
                    }
                },
                justification: e.justification.clone(),
            },
            Some("cancel") => Event::Cancel { by: e.by.clone() },
            Some("remove") => Event::Remove { by: e.by.clone() },
            Some("reprocess") => Event::Reprocess { by: e.by.clone() },
            Some("delivery") => Event::Delivery {
                result: e.result.clone().unwrap_or_default(),
            },
            Some("extend") => Event::Extend {
                justification: e.justification.clone(),
                schedule: e.schedule.clone().map(Box::new),
            },
            Some("reviewDecision") => {
                let decision = match e.decision.as_deref() {
                    Some("approve") => "approve",
                    Some("deny") => "deny",
                    Some("dontKnow") => "dontKnow",
                    other => {
                        bad_decision(d, &here, other, "`approve`, `deny` or `dontKnow`");
                        continue;
                    }
                };
                Event::ReviewDecision {
                    reviewer: e.reviewer_id.clone().unwrap_or_default(),
                    decision,
                    justification: e.justification.clone(),
                }
            }
            Some("callback") => Event::Callback {
                approval_stage: e.approval_stage.clone().map(Box::new),
                result: match e.result.as_deref() {
                    None | Some("continue") => "continue",
                    Some("denied") => "denied",
                    Some("canceled") => "canceled",
                    Some(other) => {
                        d.findings.push(Diagnostic::new(
                            codes::INVALID_OPTION,
                            Severity::Warning,
                            format!("{here}/result"),
                            format!(
                                "`{other}` is not a callback result (use `continue`, `denied` or `canceled`): the event is left out"
                            ),
                        ));
                        continue;
                    }
                },
            },
            Some("attributeChange") => Event::AttributeChange {
                attributes: e.attributes.clone(),
                group_ids: e.group_ids.clone(),
            },
            other => {
                d.findings.push(Diagnostic::new(
                    codes::INVALID_OPTION,
                    Severity::Warning,
                    format!("{here}/type"),
                    format!(
                        "`{}` is not an event type: the event is left out",
                        other.unwrap_or("")
                    ),
                ));
                continue;
            }
        };
        events.push((at, event, here));
    }
    crate::sort::sort_by(&mut events, |a, b| a.0.cmp(&b.0));
    events
}

/// The policy a request goes through (by position in the answer): the one `policyId`
/// names, else the only one that applies; `None` with the findings that say why not.
fn choose_policy(
    answer: &PackageAnswer<'_>,
    policy_id: Option<&str>,
    d: &mut Decoder,
) -> Option<usize> {
    match policy_id {
        Some(id) => match answer
            .policies
            .iter()
            .position(|p| p.policy_id.eq_ignore_ascii_case(id))
        {
            Some(i) => Some(i),
            None => {
                d.findings.push(Diagnostic::new(
                    "REQ_POLICY_OF_PACKAGE",
                    Severity::Error,
                    "/policyId",
                    format!("policy `{id}` is not a policy of the package"),
                ));
                None
            }
        },
        None => {
            let applying: Vec<usize> = answer
                .policies
                .iter()
                .enumerate()
                .filter(|(_, p)| p.applies)
                .map(|(i, _)| i)
                .collect();
            match applying.as_slice() {
                [one] => Some(*one),
                [] => {
                    for code in &answer.reasons {
                        d.findings.push(Diagnostic::new(
                            request_code(code),
                            Severity::Error,
                            "/draft/accessPackage",
                            format!("no policy takes this request: {code}"),
                        ));
                    }
                    None
                }
                _ => {
                    d.findings.push(
                        Diagnostic::new(
                            "POLICY_SELECTION_REQUIRED",
                            Severity::Error,
                            "/policyId",
                            "several policies take this request",
                        )
                        .with_help("name one in `policyId`"),
                    );
                    None
                }
            }
        }
    }
}

/// The request's own checks (domain.md §2.12): justification, answers, schedule.
fn submission_checks(
    policy: &crate::model::Policy,
    req: &SimulateRequest,
    (request_type, initiator): (RequestType, Initiator),
    d: &mut Decoder,
) {
    let update = request_type == RequestType::Update;
    use crate::model::QuestionKind;
    let mut push = |code: &str, path: String, message: String| {
        d.findings
            .push(Diagnostic::new(code, Severity::Error, path, message));
    };
    if initiator != Initiator::Admin
        && policy.justification_required()
        && req
            .justification
            .as_deref()
            .is_none_or(|j| j.trim().is_empty())
    {
        push(
            "REQ_JUSTIFICATION_MISSING",
            "/justification".into(),
            "the policy requires a business justification".into(),
        );
    }
    let answers = req.answers.as_deref().unwrap_or(&[]);
    let questions = policy.question_list();
    for (i, a) in answers.iter().enumerate() {
        let id = a
            .answered_question
            .as_ref()
            .and_then(|r| r.id.as_deref())
            .unwrap_or("");
        let Some(q) = questions.iter().find(|q| {
            q.id.as_deref()
                .is_some_and(|qid| qid.eq_ignore_ascii_case(id))
        }) else {
            push(
                "REQ_ANSWER_UNKNOWN_QUESTION",
                format!("/answers/{i}/answeredQuestion"),
                format!("`{id}` is not a question of the policy"),
            );
            continue;
        };
        // An update may change only the answers the policy lets change (§4.5).
        if update && q.is_answer_editable == Some(false) {
            push(
                "REQ_ANSWER_NOT_EDITABLE",
                format!("/answers/{i}"),
                format!(
                    "the answer to `{}` cannot be changed by an update request",
                    q.text.as_deref().unwrap_or(id)
                ),
            );
            continue;
        }
        let value = a.value.as_deref().unwrap_or("");
        match q.kind() {
            QuestionKind::MultipleChoice => {
                let choices = q.choices.as_deref().unwrap_or(&[]);
                if !choices
                    .iter()
                    .any(|c| c.actual_value.as_deref() == Some(value))
                {
                    push(
                        "REQ_ANSWER_NOT_A_CHOICE",
                        format!("/answers/{i}/value"),
                        format!("`{value}` is not one of the question's choices"),
                    );
                }
            }
            QuestionKind::TextInput => {
                if let Some(pattern) = q.regex_pattern.as_deref() {
                    let matches = crate::regex::Regex::new(pattern)
                        .ok()
                        .and_then(|r| r.is_match(value));
                    if matches == Some(false) {
                        push(
                            "REQ_ANSWER_REGEX",
                            format!("/answers/{i}/value"),
                            format!("`{value}` does not match `{pattern}`"),
                        );
                    }
                }
            }
            QuestionKind::NotConcrete => {}
        }
    }
    // The assignment an update changes keeps its answers: none is required again.
    if initiator != Initiator::Admin && !update {
        for q in questions.iter().filter(|q| q.is_required == Some(true)) {
            let answered = answers.iter().any(|a| {
                a.answered_question
                    .as_ref()
                    .and_then(|r| r.id.as_deref())
                    .is_some_and(|id| {
                        q.id.as_deref()
                            .is_some_and(|qid| qid.eq_ignore_ascii_case(id))
                    })
                    && a.value.as_deref().is_some_and(|v| !v.trim().is_empty())
            });
            if !answered {
                push(
                    "REQ_REQUIRED_ANSWER_MISSING",
                    "/answers".into(),
                    format!(
                        "required question `{}` has no answer",
                        q.text.as_deref().unwrap_or("")
                    ),
                );
            }
        }
    }
    if let Some(schedule) = req.schedule.as_ref() {
        if initiator != Initiator::Admin && !policy.requestor().custom_schedule() {
            push(
                "REQ_SCHEDULE_NOT_ALLOWED",
                "/schedule".into(),
                "the policy does not let requestors choose their schedule".into(),
            );
        }
        if schedule.recurrence.is_some() {
            push(
                "REQ_SCHEDULE_RECURRENCE",
                "/schedule/recurrence".into(),
                "requests don't recur".into(),
            );
        }
        let start = schedule
            .start_date_time
            .as_ref()
            .and_then(|t| t.parsed)
            .or_else(|| req.submitted_at.as_ref().and_then(|t| t.parsed));
        if let Some(start) = start {
            let asked = crate::lifecycle::requested_end(Some(schedule), start);
            if let Some(Some(end)) = asked {
                if end <= start {
                    push(
                        "REQ_SCHEDULE_ORDER",
                        "/schedule/expiration".into(),
                        "the requested end is not after the start".into(),
                    );
                }
            }
            let allowed = crate::lifecycle::policy_end(policy.expiration.as_ref(), start).flatten();
            if let Some(asked) = asked {
                if !crate::lifecycle::within(asked, allowed) {
                    push(
                        "REQ_SCHEDULE_BEYOND_POLICY",
                        "/schedule/expiration".into(),
                        "the requested end is later than the policy allows".into(),
                    );
                }
            }
        }
    }
}

/// `INPUT_INVALID_OPTION` for an event's `decision` outside `allowed`.
fn bad_decision(d: &mut Decoder, here: &str, value: Option<&str>, allowed: &str) {
    d.findings.push(Diagnostic::new(
        codes::INVALID_OPTION,
        Severity::Warning,
        format!("{here}/decision"),
        format!(
            "`{}` is not a decision (use {allowed}): the event is left out",
            value.unwrap_or("")
        ),
    ));
}

/// The automatic-assignment policy the service's requests go through
/// (`initiator: "system"`, domain.md §4.8).
fn system_policy<'a>(
    env: &Env<'a>,
    policy_id: Option<&str>,
    request_type: RequestType,
    d: &mut Decoder,
) -> Option<&'a crate::model::Policy> {
    use crate::model::PolicyKind::Automatic;
    let mut refuse = |code: &str, path: &str, message: String| {
        d.findings
            .push(Diagnostic::new(code, Severity::Error, path, message));
        None
    };
    if request_type != RequestType::Add {
        return refuse(
            codes::INVALID_OPTION,
            "/requestType",
            "the service only adds assignments; it removes them when attribute changes take \
             the target out of scope"
                .to_string(),
        );
    }
    let found = match policy_id {
        Some(id) => env
            .policies
            .iter()
            .find(|(pid, _)| pid.eq_ignore_ascii_case(id)),
        None => env.policies.iter().find(|(_, p)| p.kind() == Automatic),
    };
    match (found, policy_id) {
        (Some((_, p)), _) if p.kind() == Automatic => Some(*p),
        (Some((id, _)), _) => refuse(
            "SIM_NOT_AUTOMATIC",
            "/policyId",
            format!("policy `{id}` is not an automatic-assignment policy: only those take the service's requests"),
        ),
        (None, Some(id)) => refuse(
            "REQ_POLICY_OF_PACKAGE",
            "/policyId",
            format!("policy `{id}` is not a policy of the package"),
        ),
        (None, None) => refuse(
            "SIM_NOT_AUTOMATIC",
            "/initiator",
            "the package has no automatic-assignment policy to take the service's requests"
                .to_string(),
        ),
    }
}

/// The window of the target's delivered assignment to `package`, which an update
/// or removal changes; `None` when the principal lists none.
fn current_window(
    target: &Subject<'_>,
    package: Option<&str>,
    at: chrono::DateTime<chrono::Utc>,
) -> Option<crate::lifecycle::Window> {
    let held = target.principal.assignments.iter().flatten().find(|a| {
        a.access_package_id.is_some()
            && a.access_package_id.as_deref() == package
            && a.state.as_deref().is_none_or(|s| s == "delivered")
    })?;
    let schedule = held.schedule.as_ref();
    let start = schedule
        .and_then(|s| s.start_date_time.as_ref()?.parsed)
        .unwrap_or(at);
    Some(crate::lifecycle::Window {
        start,
        end: crate::lifecycle::requested_end(schedule, start).flatten(),
    })
}
