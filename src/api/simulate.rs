//! `simulateRequest`: the request's own checks (domain.md §2.12), the policy it goes
//! through, and its events, handed to [`crate::simulation`].

use super::*;

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
        /// The tenant's `entitlementManagementSettings`, for what happens to an external
        /// user after the last assignment (domain.md §9 R15).
        "settings" => settings: Settings,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// Graph's `entitlementManagementSettings`.
    Settings ("entitlementManagementSettings") {
        /// `none`, `blockSignIn` or `blockSignInAndDelete`.
        "externalUserLifecycleAction" => external_user_lifecycle_action: String,
        /// How long a blocked external user stays before being deleted (30 days when absent).
        "durationUntilExternalUserDeletedAfterBlocked" => duration_until_external_user_deleted_after_blocked: crate::model::decode::DurationText,
    }
    accepts ["id", "@odata.type", "@odata.context"]
    legacy []
}

/// A governed external user (one the request brought into the directory) who loses the
/// last assignment is blocked, then deleted, as the tenant's settings say (domain.md §4.9,
/// §9 R15): entries after the assignment's end.
fn external_user_lifecycle(
    outcome: &mut crate::simulation::Outcome,
    settings: Option<&Settings>,
    created: bool,
    until: chrono::DateTime<chrono::Utc>,
) {
    let Some(settings) = settings.filter(|_| created) else {
        return;
    };
    let action = settings
        .external_user_lifecycle_action
        .as_deref()
        .unwrap_or("none");
    if !matches!(action, "blockSignIn" | "blockSignInAndDelete") {
        return;
    }
    let ended = outcome
        .assignment
        .as_ref()
        .is_some_and(|a| a.state == "expired");
    let Some(end) = outcome
        .timeline
        .iter()
        .rev()
        .find(|e| ended && matches!(e.kind, "expired" | "removed"))
        .map(|e| e.time)
    else {
        return;
    };
    let mut push = |at: chrono::DateTime<chrono::Utc>, kind: &'static str, detail: String| {
        outcome.timeline.push(crate::simulation::Entry {
            at: crate::duration::format_instant(at),
            time: at,
            kind,
            stage: None,
            actors: None,
            detail: Some(detail),
        });
    };
    push(
        end,
        "externalUserBlocked",
        "the external user lost their last assignment and can no longer sign in".to_string(),
    );
    if action == "blockSignInAndDelete" {
        let wait = settings
            .duration_until_external_user_deleted_after_blocked
            .as_ref()
            .and_then(|d| d.value())
            .unwrap_or_else(|| crate::duration::IsoDuration::from_days(30));
        if let Some(deleted) = wait.add_to(end).filter(|t| *t <= until) {
            push(
                deleted,
                "externalUserDeleted",
                "the blocked external user is removed from the directory".to_string(),
            );
        }
    }
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
            unreadable("it nests deeper than the limit", "").diagnostics,
            Vec::new(),
        );
    }
    let mut request = request;
    limit_events(&mut request, &mut d);
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
    let env = draft_env(draft, package, &dir);
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
            let attributes = crate::applicability::attribute_questions(&env);
            submission_checks(policy, &req, (request_type, initiator), &attributes, &mut d);
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
        catalog: env.catalog,
        approval,
        submitted_at: submitted,
        until,
        schedule: req.schedule.as_ref(),
        events,
        automatic: system,
        keeps_requested_end: initiator == Initiator::Admin,
    };
    let mut outcome = run.simulate();
    external_user_lifecycle(
        &mut outcome,
        req.settings.as_ref(),
        target.principal.id.is_none(),
        until,
    );
    outcome.timeline = {
        let mut t = std::mem::take(&mut outcome.timeline);
        crate::sort::sort_by(&mut t, |a, b| a.time.cmp(&b.time));
        t
    };
    let mut all = problems;
    all.extend(outcome.diagnostics);
    sort_diagnostics(&mut all);
    outcome.diagnostics = all;
    outcome
}

/// Most events one simulation plays (README "Limits").
pub const MAX_EVENTS: usize = 10_000;

/// Keeps the first [`MAX_EVENTS`] of the request's events, before they are read, and
/// says so.
fn limit_events(request: &mut Value, d: &mut Decoder) {
    let Value::Object(members) = request else {
        return;
    };
    let Some((_, Value::Array(events))) = members.iter_mut().find(|(k, _)| k == "events") else {
        return;
    };
    if events.len() > MAX_EVENTS {
        d.findings.push(Diagnostic::new(
            codes::TOO_LARGE,
            Severity::Warning,
            "/events",
            format!(
                "the request has {} events: only the first {MAX_EVENTS} are simulated",
                events.len()
            ),
        ));
        events.truncate(MAX_EVENTS);
    }
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
/// The `id` of a required attribute's question.
fn attribute_id(question: &Value) -> Option<&str> {
    question.get("id").and_then(Value::as_str)
}

fn submission_checks(
    policy: &crate::model::Policy,
    req: &SimulateRequest,
    (request_type, initiator): (RequestType, Initiator),
    attributes: &[&Value],
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
    let answers_for = |id: &str| {
        answers.iter().any(|a| {
            a.answered_question
                .as_ref()
                .and_then(|r| r.id.as_deref())
                .is_some_and(|x| x.eq_ignore_ascii_case(id))
                && a.value.as_deref().is_some_and(|v| !v.trim().is_empty())
        })
    };
    for (i, a) in answers.iter().enumerate() {
        let id = a
            .answered_question
            .as_ref()
            .and_then(|r| r.id.as_deref())
            .unwrap_or("");
        // An answer to a required attribute's question (domain.md §9 R1).
        if attributes
            .iter()
            .filter_map(|q| attribute_id(q))
            .any(|qid| qid.eq_ignore_ascii_case(id))
        {
            continue;
        }
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
                    // An answer the check cannot decide is refused, never accepted.
                    let (shown, quoted) = (
                        crate::diagnostics::quote(value),
                        crate::diagnostics::quote(pattern),
                    );
                    let refusal = match crate::regex::Regex::new(pattern) {
                        Err(e) => Some(format!(
                            "`{shown}` cannot be checked: the question's pattern `{quoted}` does not compile ({e})"
                        )),
                        Ok(r) => match r.is_match(value) {
                            Some(true) => None,
                            Some(false) => Some(format!("`{shown}` does not match `{quoted}`")),
                            None => Some(format!(
                                "whether `{shown}` matches `{quoted}` could not be decided within the matching budget, so the answer is refused"
                            )),
                        },
                    };
                    if let Some(message) = refusal {
                        push("REQ_ANSWER_REGEX", format!("/answers/{i}/value"), message);
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
        // Every required attribute of the package's resources is asked too (§9 R1).
        for q in attributes {
            if !attribute_id(q).is_some_and(answers_for) {
                let text = q.get("text").and_then(Value::as_str).unwrap_or("");
                push(
                    "REQ_REQUIRED_ANSWER_MISSING",
                    "/answers".into(),
                    format!(
                        "the catalog requires the attribute question `{text}`, which has no answer"
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
                if !crate::lifecycle::within(asked, allowed) && initiator == Initiator::Admin {
                    // An administrator's end date is kept (domain.md §9 R5).
                    d.findings.push(Diagnostic::new(
                        "REQ_ADMIN_END_BEYOND_POLICY",
                        Severity::Info,
                        "/schedule/expiration",
                        "the assignment ends later than the policy's expiration would: an administrator's end date is kept",
                    ));
                } else if !crate::lifecycle::within(asked, allowed) {
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
        a.package_id().is_some()
            && a.package_id() == package
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
