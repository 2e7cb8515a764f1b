//! Beta-era payloads to v1.0 drafts (api.md `upgradeDraft`): the shapes of the Graph
//! beta API (domain.md §1.30) and of the old PowerShell how-tos, read into the v1.0
//! draft that means the same, with one mapping per moved property and an
//! `UPGRADE_*` finding for what has no v1.0 home or is not a real beta value.
//!
//! This room reads a raw value and writes a draft; the model's decoding stays v1.0
//! only. Keys written in PowerShell's PascalCase (`AccessPackageId`) are read as
//! Graph's camelCase. A v1.0 payload comes back unchanged, with no mappings.

use crate::diagnostics::{Diagnostic, Severity};
use crate::json::Value;
use serde::Serialize;

/// One moved property.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    /// JSON pointer into the payload.
    pub from: String,
    /// JSON pointer into the draft; `None` when nothing in v1.0 holds it.
    pub to: Option<String>,
    /// What was done, in one sentence.
    pub note: String,
}

/// Codes of the upgrade's findings.
pub mod codes {
    /// A beta property with no v1.0 home: it is left out.
    pub const NO_V1_HOME: &str = "UPGRADE_NO_V1_EQUIVALENT";
    /// A value that no version of the beta API took.
    pub const NOT_A_BETA_VALUE: &str = "UPGRADE_NOT_A_BETA_VALUE";
    /// A beta value whose v1.0 counterpart is close, not exact.
    pub const APPROXIMATE: &str = "UPGRADE_APPROXIMATE";
    /// Keys written in PowerShell's PascalCase, read as Graph's camelCase.
    pub const PASCAL_CASE: &str = "UPGRADE_PASCAL_CASE";
}

/// The draft, its mappings and the upgrade's own findings.
#[derive(Debug, Default)]
pub struct Upgraded {
    /// `{ catalog?, accessPackage, assignmentPolicies }`.
    pub draft: Value,
    /// One per moved property.
    pub mappings: Vec<Mapping>,
    /// `UPGRADE_*` findings (paths into the payload, as `/payload/...`).
    pub findings: Vec<Diagnostic>,
    /// The payload was one policy: the draft's package is only its reference.
    pub policy_only: bool,
}

/// Gives back a value that is not an object as it is: validateDraft reports its shape.
macro_rules! objects_only {
    ($value:ident) => {
        if !matches!($value, Value::Object(_)) {
            return $value;
        }
    };
}

struct Ctx {
    mappings: Vec<Mapping>,
    findings: Vec<Diagnostic>,
    pascal: bool,
}

impl Ctx {
    fn moved(&mut self, from: &str, to: &str, note: impl Into<String>) {
        self.mappings.push(Mapping {
            from: from.to_string(),
            to: Some(to.to_string()),
            note: note.into(),
        });
    }

    fn dropped(&mut self, from: &str, note: impl Into<String>) {
        self.mappings.push(Mapping {
            from: from.to_string(),
            to: None,
            note: note.into(),
        });
    }

    fn finding(&mut self, code: &str, severity: Severity, from: &str, message: String, help: &str) {
        self.findings.push(
            Diagnostic::new(code, severity, format!("/payload{from}"), message).with_help(help),
        );
    }
}

/// An object's members with PascalCase keys read as camelCase (`AccessPackageId` → `accessPackageId`),
/// each with the key as written.
fn members(value: Value, ctx: &mut Ctx) -> Vec<(String, String, Value)> {
    let Value::Object(m) = value else {
        return Vec::new();
    };
    m.into_iter()
        .map(|(key, v)| {
            let mut chars = key.chars();
            let camel = match chars.next() {
                Some(first) if first.is_ascii_uppercase() && !key.contains('@') => {
                    ctx.pascal = true;
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                }
                _ => key.clone(),
            };
            (camel, key, v)
        })
        .collect()
}

fn esc(key: &str) -> String {
    crate::diagnostics::pointer_segment(key).into_owned()
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn number(value: &Value) -> Option<i64> {
    match value {
        #[allow(clippy::cast_possible_truncation)]
        Value::Number(n) if n.get().fract() == 0.0 && n.get().abs() < 1e12 => Some(n.get() as i64),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn truthy(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Minutes as the shortest ISO 8601 duration: whole days, whole hours, else minutes.
fn minutes(m: i64) -> String {
    if m % 1440 == 0 {
        format!("P{}D", m / 1440)
    } else if m % 60 == 0 {
        format!("PT{}H", m / 60)
    } else {
        format!("PT{m}M")
    }
}

/// A mutable builder of one v1.0 object: members in the order they are set.
#[derive(Default)]
struct Out(Vec<(String, Value)>);

impl Out {
    fn set(&mut self, key: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
    }
    /// Sets `inner` of the object member `outer`, creating it.
    fn set_in(&mut self, outer: &str, inner: &str, value: Value) {
        let at = match self.0.iter().position(|(k, _)| k == outer) {
            Some(i) => i,
            None => {
                self.0.push((outer.to_string(), Value::Object(Vec::new())));
                self.0.len() - 1
            }
        };
        if let Some((_, Value::Object(m))) = self.0.get_mut(at) {
            match m.iter_mut().find(|(k, _)| k == inner) {
                Some((_, v)) => *v = value,
                None => m.push((inner.to_string(), value)),
            }
        }
    }
    fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// Beta `requestorSettings.scopeType` values and their v1.0 `allowedTargetScope` (§1.30).
const SCOPE_TYPES: [(&str, &str); 8] = [
    ("NoSubjects", "notSpecified"),
    ("SpecificDirectorySubjects", "specificDirectoryUsers"),
    (
        "SpecificConnectedOrganizationSubjects",
        "specificConnectedOrganizationUsers",
    ),
    (
        "AllConfiguredConnectedOrganizationSubjects",
        "allConfiguredConnectedOrganizationUsers",
    ),
    (
        "AllExistingConnectedOrganizationSubjects",
        "allConfiguredConnectedOrganizationUsers",
    ),
    ("AllExistingDirectoryMemberUsers", "allMemberUsers"),
    ("AllExistingDirectorySubjects", "allDirectoryUsers"),
    ("AllExternalSubjects", "allExternalUsers"),
];

/// A beta `userSet` (or a how-to's `{ principalId }`) as a v1.0 subject set, and whether it is a backup.
fn subject_set(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> (Value, bool) {
    if !matches!(value, Value::Object(_)) {
        return (value, false);
    }
    let mut out = Out::default();
    let mut backup = false;
    let fields = members(value, ctx);
    let kind = fields
        .iter()
        .find(|(k, _, _)| k == "@odata.type")
        .and_then(|(_, _, v)| v.as_str())
        .map(|t| {
            t.rsplit('.')
                .next()
                .unwrap_or(t)
                .trim_start_matches('#')
                .to_string()
        });
    let id_key = match kind.as_deref() {
        Some("groupMembers") => Some("groupId"),
        Some("connectedOrganizationMembers") => Some("connectedOrganizationId"),
        Some("singleServicePrincipal") => Some("servicePrincipalId"),
        Some("singleUser") | None => Some("userId"),
        _ => None,
    };
    if kind.is_none()
        && fields
            .iter()
            .any(|(k, _, _)| k == "id" || k == "principalId" || k == "userId")
    {
        out.set("@odata.type", Value::from("#microsoft.graph.singleUser"));
        ctx.moved(from, &format!("{to}/@odata.type"), "a subject set without `@odata.type` that names a principal is read as `#microsoft.graph.singleUser`");
    }
    for (key, written, v) in fields {
        let here = format!("{from}/{}", esc(&written));
        match (key.as_str(), id_key) {
            ("isBackup", _) => {
                backup = truthy(&v).unwrap_or(false);
                ctx.moved(
                    &here,
                    to,
                    if backup {
                        "a backup approver is a fallback approver in v1.0"
                    } else {
                        "a primary approver stays primary"
                    },
                );
            }
            ("id" | "principalId", Some(id)) => {
                out.set(id, v);
                ctx.moved(
                    &here,
                    &format!("{to}/{id}"),
                    format!("the principal's id is `{id}` in v1.0"),
                );
            }
            _ => out.set(&key, v),
        }
    }
    (out.done(), backup)
}

/// A list of beta approvers as v1.0 primary and fallback lists.
fn approvers(
    value: Value,
    from: &str,
    to_primary: &str,
    to_fallback: &str,
    ctx: &mut Ctx,
) -> (Vec<Value>, Vec<Value>) {
    let (mut primary, mut fallback) = (Vec::new(), Vec::new());
    let Value::Array(items) = value else {
        return (primary, fallback);
    };
    for (i, item) in items.into_iter().enumerate() {
        // Where it goes is known only once its backup flag is read: its mappings are
        // written for the primary list, and moved to the fallback list after.
        let (first_mapping, primary_at) = (
            ctx.mappings.len(),
            format!("{to_primary}/{}", primary.len()),
        );
        let (set, backup) = subject_set(item, &format!("{from}/{i}"), &primary_at, ctx);
        if backup {
            let fallback_at = format!("{to_fallback}/{}", fallback.len());
            for m in ctx.mappings.iter_mut().skip(first_mapping) {
                if let Some(rest) = m.to.as_deref().and_then(|t| t.strip_prefix(&primary_at)) {
                    m.to = Some(format!("{fallback_at}{rest}"));
                }
            }
            fallback.push(set);
        } else {
            primary.push(set);
        }
    }
    (primary, fallback)
}

fn stage(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    let fields = members(value, ctx);
    let escalation_on = fields
        .iter()
        .find(|(k, _, _)| k == "isEscalationEnabled")
        .and_then(|(_, _, v)| truthy(v))
        .unwrap_or(false);
    for (key, written, v) in fields {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "approvalStageTimeOutInDays" => {
                if let Some(n) = number(&v) {
                    out.set(
                        "durationBeforeAutomaticDenial",
                        Value::String(format!("P{n}D")),
                    );
                    ctx.moved(
                        &here,
                        &format!("{to}/durationBeforeAutomaticDenial"),
                        format!("{n} days is `P{n}D`"),
                    );
                }
            }
            "escalationTimeInMinutes" => match number(&v) {
                Some(m) if escalation_on => {
                    out.set("durationBeforeEscalation", Value::String(minutes(m)));
                    ctx.moved(
                        &here,
                        &format!("{to}/durationBeforeEscalation"),
                        format!("{m} minutes is `{}`", minutes(m)),
                    );
                }
                _ => ctx.dropped(&here, "escalation is off, so its delay is left out"),
            },
            "primaryApprovers" | "approvers" => {
                let (p, f) = approvers(
                    v,
                    &here,
                    &format!("{to}/primaryApprovers"),
                    &format!("{to}/fallbackPrimaryApprovers"),
                    ctx,
                );
                if key == "approvers" {
                    ctx.moved(
                        &here,
                        &format!("{to}/primaryApprovers"),
                        "a how-to's `approvers` are the stage's `primaryApprovers`",
                    );
                }
                out.set("primaryApprovers", Value::Array(p));
                if !f.is_empty() {
                    out.set("fallbackPrimaryApprovers", Value::Array(f));
                }
            }
            "escalationApprovers" => {
                let (p, f) = approvers(
                    v,
                    &here,
                    &format!("{to}/escalationApprovers"),
                    &format!("{to}/fallbackEscalationApprovers"),
                    ctx,
                );
                if p.is_empty() && !f.is_empty() {
                    // Backups alone: v1.0 needs escalation approvers, and these are the ones meant.
                    ctx.finding(
                        codes::APPROXIMATE,
                        Severity::Warning,
                        &here,
                        "every escalation approver is marked as a backup; they become the stage's escalation approvers".into(),
                        "v1.0 needs `escalationApprovers` when escalation is on; add fallbacks separately if you want them",
                    );
                    let (was, now) = (
                        format!("{to}/fallbackEscalationApprovers"),
                        format!("{to}/escalationApprovers"),
                    );
                    for m in ctx
                        .mappings
                        .iter_mut()
                        .filter(|m| m.from.starts_with(&here))
                    {
                        if let Some(rest) = m.to.as_deref().and_then(|t| t.strip_prefix(&was)) {
                            m.to = Some(format!("{now}{rest}"));
                        }
                    }
                    ctx.moved(
                        &here,
                        &now,
                        "backup-only escalation approvers are the escalation approvers",
                    );
                    out.set("escalationApprovers", Value::Array(f));
                } else {
                    out.set("escalationApprovers", Value::Array(p));
                    if !f.is_empty() {
                        out.set("fallbackEscalationApprovers", Value::Array(f));
                    }
                }
            }
            _ => out.set(&key, v),
        }
    }
    out.done()
}

fn approval(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "isApprovalRequired" => {
                out.set("isApprovalRequiredForAdd", v);
                ctx.moved(
                    &here,
                    &format!("{to}/isApprovalRequiredForAdd"),
                    "`isApprovalRequired` is `isApprovalRequiredForAdd` in v1.0",
                );
            }
            "isApprovalRequiredForExtension" => {
                out.set("isApprovalRequiredForUpdate", v);
                ctx.moved(
                    &here,
                    &format!("{to}/isApprovalRequiredForUpdate"),
                    "extension is an update request in v1.0",
                );
            }
            "approvalMode" => {
                let mode = v.as_str().unwrap_or("").to_string();
                if mode.eq_ignore_ascii_case("Parallel") {
                    ctx.finding(
                        codes::NO_V1_HOME,
                        Severity::Warning,
                        &here,
                        "v1.0 has no parallel approval: its stages run one after another".into(),
                        "check that approving stage by stage is what you want",
                    );
                }
                ctx.dropped(
                    &here,
                    format!("v1.0 has no approval mode: `{mode}` follows from the stages"),
                );
            }
            "approvalStages" | "stages" => {
                let Value::Array(items) = v else {
                    out.set("stages", v);
                    continue;
                };
                let stages: Vec<Value> = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        stage(s, &format!("{here}/{i}"), &format!("{to}/stages/{i}"), ctx)
                    })
                    .collect();
                if key == "approvalStages" {
                    ctx.moved(
                        &here,
                        &format!("{to}/stages"),
                        "`approvalStages` are `stages` in v1.0",
                    );
                }
                out.set("stages", Value::Array(stages));
            }
            _ => out.set(&key, v),
        }
    }
    out.done()
}

/// Beta review recurrences and their v1.0 patterns: (type, interval).
fn recurrence(kind: &str) -> Option<(&'static str, i64)> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "weekly" => ("weekly", 1),
        "monthly" => ("absoluteMonthly", 1),
        "quarterly" => ("absoluteMonthly", 3),
        "halfyearly" | "semiannually" => ("absoluteMonthly", 6),
        "annual" | "annually" | "yearly" => ("absoluteMonthly", 12),
        _ => return None,
    })
}

fn review(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    let mut schedule = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "recurrenceType" => {
                let kind = v.as_str().unwrap_or("").to_string();
                match recurrence(&kind) {
                    Some((pattern, interval)) => {
                        schedule.set(
                            "recurrence",
                            obj(vec![
                                (
                                    "pattern",
                                    obj(vec![
                                        ("type", Value::from(pattern)),
                                        ("interval", Value::number(interval as f64)),
                                    ]),
                                ),
                                ("range", obj(vec![("type", Value::from("noEnd"))])),
                            ]),
                        );
                        ctx.moved(
                            &here,
                            &format!("{to}/schedule/recurrence"),
                            format!("`{kind}` is a `{pattern}` recurrence every {interval}"),
                        );
                    }
                    None => ctx.finding(
                        codes::NOT_A_BETA_VALUE,
                        Severity::Error,
                        &here,
                        format!("`{kind}` is not a review recurrence of the beta API"),
                        "use `weekly`, `monthly`, `quarterly`, `halfyearly` or `annual`",
                    ),
                }
            }
            "reviewerType" => {
                let kind = v.as_str().unwrap_or("").to_string();
                match kind.to_ascii_lowercase().as_str() {
                    "self" => {
                        out.set("isSelfReview", Value::Bool(true));
                        ctx.moved(
                            &here,
                            &format!("{to}/isSelfReview"),
                            "`Self` reviews are `isSelfReview: true`",
                        );
                    }
                    "manager" => {
                        out.set("isSelfReview", Value::Bool(false));
                        out.set(
                            "primaryReviewers",
                            Value::Array(vec![obj(vec![
                                (
                                    "@odata.type",
                                    Value::from("#microsoft.graph.requestorManager"),
                                ),
                                ("managerLevel", Value::number(1.0)),
                            ])]),
                        );
                        ctx.moved(
                            &here,
                            &format!("{to}/primaryReviewers"),
                            "the `Manager` reviews as a `requestorManager` reviewer",
                        );
                    }
                    "reviewers" => {
                        out.set("isSelfReview", Value::Bool(false));
                        ctx.moved(
                            &here,
                            &format!("{to}/isSelfReview"),
                            "`Reviewers` review: `isSelfReview: false` and the `reviewers` below",
                        );
                    }
                    _ => ctx.finding(
                        codes::NOT_A_BETA_VALUE,
                        Severity::Error,
                        &here,
                        format!("`{kind}` is not a reviewer type of the beta API"),
                        "use `Self`, `Reviewers` or `Manager`",
                    ),
                }
            }
            "reviewers" => {
                let (p, f) = approvers(
                    v,
                    &here,
                    &format!("{to}/primaryReviewers"),
                    &format!("{to}/fallbackReviewers"),
                    ctx,
                );
                if !p.is_empty() {
                    out.set("primaryReviewers", Value::Array(p));
                    ctx.moved(
                        &here,
                        &format!("{to}/primaryReviewers"),
                        "`reviewers` are `primaryReviewers` in v1.0",
                    );
                }
                if !f.is_empty() {
                    out.set("fallbackReviewers", Value::Array(f));
                }
            }
            "durationInDays" => {
                if let Some(n) = number(&v) {
                    schedule.set(
                        "expiration",
                        obj(vec![
                            ("type", Value::from("afterDuration")),
                            ("duration", Value::String(format!("P{n}D"))),
                        ]),
                    );
                    ctx.moved(
                        &here,
                        &format!("{to}/schedule/expiration"),
                        format!("a review of {n} days lasts `P{n}D`"),
                    );
                }
            }
            "startDateTime" => {
                schedule.set("startDateTime", v);
                ctx.moved(
                    &here,
                    &format!("{to}/schedule/startDateTime"),
                    "the first review's start is the schedule's `startDateTime`",
                );
            }
            "accessReviewTimeoutBehavior" => {
                out.set("expirationBehavior", v);
                ctx.moved(
                    &here,
                    &format!("{to}/expirationBehavior"),
                    "what happens without a decision is `expirationBehavior`",
                );
            }
            "isAccessRecommendationEnabled" => {
                out.set("isRecommendationEnabled", v);
                ctx.moved(
                    &here,
                    &format!("{to}/isRecommendationEnabled"),
                    "recommendations are `isRecommendationEnabled`",
                );
            }
            "isApprovalJustificationRequired" => {
                out.set("isReviewerJustificationRequired", v);
                ctx.moved(
                    &here,
                    &format!("{to}/isReviewerJustificationRequired"),
                    "the reviewer's justification is `isReviewerJustificationRequired`",
                );
            }
            _ => out.set(&key, v),
        }
    }
    if !schedule.0.is_empty() {
        out.set("schedule", schedule.done());
    }
    let enabled = out
        .0
        .iter()
        .any(|(k, v)| k == "isEnabled" && truthy(v) == Some(true));
    if enabled && !out.has("expirationBehavior") {
        out.set("expirationBehavior", Value::from("keepAccess"));
        ctx.finding(
            codes::APPROXIMATE,
            Severity::Warning,
            from,
            "the beta review settings don't say what happens when reviewers don't decide; v1.0 needs it, and the draft says `keepAccess`".into(),
            "`keepAccess` is the admin center's \"No change\"; set `expirationBehavior` to `removeAccess` or `acceptAccessRecommendation` if you want those",
        );
    }
    out.done()
}

/// Beta localized content (`{ defaultText, localizedTexts }`) as v1.0 `text` and `localizations`.
fn localized(value: Value, from: &str, to: &str, text_key: &str, out: &mut Out, ctx: &mut Ctx) {
    match value {
        Value::Object(_) => {
            let fields = members(value, ctx);
            let has_default = fields.iter().any(|(k, _, _)| k == "defaultText");
            if !has_default {
                let first = fields
                    .iter()
                    .find(|(k, _, _)| k == "localizedTexts")
                    .and_then(|(_, _, v)| match v {
                        Value::Array(items) => items.first().and_then(|t| {
                            Some((
                                t.get("text")?.clone(),
                                t.get("languageCode")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_string(),
                            ))
                        }),
                        _ => None,
                    });
                if let Some((text, language)) = first {
                    out.set("text", text);
                    ctx.finding(
                        codes::APPROXIMATE,
                        Severity::Warning,
                        from,
                        format!("`{text_key}` has no default text; its first translation (`{language}`) is the text"),
                        "write the text in the default language, and keep the translations in `localizations`",
                    );
                }
            }
            for (key, written, v) in fields {
                let here = format!("{from}/{}", esc(&written));
                match key.as_str() {
                    "defaultText" => {
                        out.set("text", v);
                        ctx.moved(
                            &here,
                            &format!("{to}/text"),
                            format!("the default text of `{text_key}` is `text`"),
                        );
                    }
                    "localizedTexts" => {
                        out.set("localizations", v);
                        ctx.moved(
                            &here,
                            &format!("{to}/localizations"),
                            "the translations are `localizations`",
                        );
                    }
                    _ => {}
                }
            }
        }
        other => out.set("text", other),
    }
}

fn question(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "text" => localized(v, &here, to, "text", &mut out, ctx),
            "allowsMultipleSelection" => {
                out.set("isMultipleSelectionAllowed", v);
                ctx.moved(
                    &here,
                    &format!("{to}/isMultipleSelectionAllowed"),
                    "`allowsMultipleSelection` is `isMultipleSelectionAllowed`",
                );
            }
            "choices" => {
                let Value::Array(items) = v else {
                    out.set("choices", v);
                    continue;
                };
                let choices = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let (cf, ct) = (format!("{here}/{i}"), format!("{to}/choices/{i}"));
                        let mut choice = Out::default();
                        for (k, w, cv) in members(c, ctx) {
                            match k.as_str() {
                                "displayValue" => localized(
                                    cv,
                                    &format!("{cf}/{}", esc(&w)),
                                    &ct,
                                    "displayValue",
                                    &mut choice,
                                    ctx,
                                ),
                                _ => choice.set(&k, cv),
                            }
                        }
                        choice.done()
                    })
                    .collect();
                out.set("choices", Value::Array(choices));
            }
            _ => out.set(&key, v),
        }
    }
    out.done()
}

/// A beta policy (or a v1.0 one, which comes back as it is).
fn policy(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    let fields = members(value, ctx);
    let scope_type = fields
        .iter()
        .find(|(k, _, _)| k == "requestorSettings")
        .and_then(|(_, _, rs)| match rs {
            Value::Object(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("scopeType"))
                .and_then(|(_, v)| v.as_str()),
            _ => None,
        })
        .map(str::to_string);
    let has_expiration = fields.iter().any(|(k, _, _)| k == "expiration");
    let mut duration_days: Option<(i64, String)> = None;
    for (key, written, v) in fields {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "accessPackageId" => {
                out.set("accessPackage", obj(vec![("id", v)]));
                ctx.moved(
                    &here,
                    &format!("{to}/accessPackage/id"),
                    "the package is the `accessPackage` reference in v1.0",
                );
            }
            "durationInDays" => {
                if let Some(n) = number(&v) {
                    duration_days = Some((n, here));
                }
            }
            "expirationDateTime" => {
                if !v.is_null() && !has_expiration {
                    out.set(
                        "expiration",
                        obj(vec![
                            ("type", Value::from("afterDateTime")),
                            ("endDateTime", v),
                        ]),
                    );
                    ctx.moved(
                        &here,
                        &format!("{to}/expiration"),
                        "a fixed end is an `afterDateTime` expiration",
                    );
                } else {
                    ctx.dropped(
                        &here,
                        "no end date: the expiration is set from `durationInDays` or `expiration`",
                    );
                }
            }
            "canExtend" => {
                out.set_in("requestorSettings", "enableTargetsToSelfUpdateAccess", v);
                ctx.moved(
                    &here,
                    &format!("{to}/requestorSettings/enableTargetsToSelfUpdateAccess"),
                    "extending is a self-update request in v1.0",
                );
            }
            "requestorSettings" => {
                for (k, w, rv) in members(v, ctx) {
                    let rhere = format!("{here}/{}", esc(&w));
                    match k.as_str() {
                        "scopeType" => {
                            let beta = rv.as_str().unwrap_or("").to_string();
                            match SCOPE_TYPES
                                .iter()
                                .find(|(b, _)| b.eq_ignore_ascii_case(&beta))
                            {
                                Some((b, v1)) => {
                                    out.set("allowedTargetScope", Value::from(*v1));
                                    ctx.moved(
                                        &rhere,
                                        &format!("{to}/allowedTargetScope"),
                                        format!("`{b}` is `{v1}`"),
                                    );
                                    if *b == "AllExistingConnectedOrganizationSubjects" {
                                        ctx.finding(codes::APPROXIMATE, Severity::Warning, &rhere, format!("`{b}` has no exact v1.0 equivalent; it becomes `{v1}`"), "v1.0 admits users of configured connected organizations only; check that proposed organizations need no access");
                                    }
                                }
                                None => {
                                    ctx.dropped(
                                        &rhere,
                                        "not a beta scope: who may request is left unset",
                                    );
                                    let names: Vec<&str> =
                                        SCOPE_TYPES.iter().map(|(b, _)| *b).collect();
                                    ctx.finding(codes::NOT_A_BETA_VALUE, Severity::Error, &rhere, format!("`{beta}` is not a `scopeType` of the beta API, so who may request is unknown"), &format!("use one of {}, or write `allowedTargetScope` directly", names.join(", ")));
                                }
                            }
                        }
                        "acceptRequests" => {
                            let direct = scope_type
                                .as_deref()
                                .is_some_and(|s| s.eq_ignore_ascii_case("NoSubjects"));
                            let accepts = truthy(&rv).unwrap_or(false) && !direct;
                            out.set_in(
                                "requestorSettings",
                                "enableTargetsToSelfAddAccess",
                                Value::Bool(accepts),
                            );
                            ctx.moved(
                                &rhere,
                                &format!("{to}/requestorSettings/enableTargetsToSelfAddAccess"),
                                if direct { "a policy for no requestors takes administrators' assignments only: self-service add is off" } else { "accepting requests is self-service add in v1.0" },
                            );
                        }
                        "allowedRequestors" => {
                            let Value::Array(items) = rv else {
                                out.set("specificAllowedTargets", rv);
                                continue;
                            };
                            let targets: Vec<Value> = items
                                .into_iter()
                                .enumerate()
                                .map(|(i, t)| {
                                    subject_set(
                                        t,
                                        &format!("{rhere}/{i}"),
                                        &format!("{to}/specificAllowedTargets/{i}"),
                                        ctx,
                                    )
                                    .0
                                })
                                .collect();
                            ctx.moved(
                                &rhere,
                                &format!("{to}/specificAllowedTargets"),
                                "the allowed requestors are `specificAllowedTargets`",
                            );
                            out.set("specificAllowedTargets", Value::Array(targets));
                        }
                        "isOnBehalfAllowed" => {
                            out.set_in(
                                "requestorSettings",
                                "enableOnBehalfRequestorsToAddAccess",
                                rv,
                            );
                            ctx.moved(&rhere, &format!("{to}/requestorSettings/enableOnBehalfRequestorsToAddAccess"), "on-behalf requests are `enableOnBehalfRequestorsToAddAccess` (our inference)");
                        }
                        _ => out.set_in("requestorSettings", &k, rv),
                    }
                }
            }
            "requestApprovalSettings" | "approvalSettings" => {
                let upgraded = approval(v, &here, &format!("{to}/requestApprovalSettings"), ctx);
                if key == "approvalSettings" {
                    ctx.moved(
                        &here,
                        &format!("{to}/requestApprovalSettings"),
                        "`approvalSettings` are `requestApprovalSettings`",
                    );
                }
                out.set("requestApprovalSettings", upgraded);
            }
            "accessReviewSettings" => {
                if v.is_null() {
                    ctx.dropped(&here, "no reviews: `reviewSettings` is left out");
                } else {
                    out.set(
                        "reviewSettings",
                        review(v, &here, &format!("{to}/reviewSettings"), ctx),
                    );
                    ctx.moved(
                        &here,
                        &format!("{to}/reviewSettings"),
                        "`accessReviewSettings` are `reviewSettings`",
                    );
                }
            }
            "questions" => {
                let Value::Array(items) = v else {
                    out.set("questions", v);
                    continue;
                };
                let qs = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, q)| {
                        question(
                            q,
                            &format!("{here}/{i}"),
                            &format!("{to}/questions/{i}"),
                            ctx,
                        )
                    })
                    .collect();
                out.set("questions", Value::Array(qs));
            }
            "customExtensionHandlers" => {
                out.set("customExtensionStageSettings", v);
                ctx.moved(
                    &here,
                    &format!("{to}/customExtensionStageSettings"),
                    "the deprecated `customExtensionHandlers` are `customExtensionStageSettings`",
                );
            }
            "createdBy" | "modifiedBy" => {
                ctx.dropped(&here, "set by the service and not part of v1.0")
            }
            "isDenyPolicy" => {
                if truthy(&v) == Some(true) {
                    ctx.finding(
                        codes::NO_V1_HOME,
                        Severity::Error,
                        &here,
                        "v1.0 has no deny policies".into(),
                        "remove the policy, or make it a policy that grants access",
                    );
                }
                ctx.dropped(&here, "v1.0 has no deny policies");
            }
            _ => out.set(&key, v),
        }
    }
    if let Some((n, here)) = duration_days {
        if !out.has("expiration") {
            let expiration = if n > 0 {
                obj(vec![
                    ("type", Value::from("afterDuration")),
                    ("duration", Value::String(format!("P{n}D"))),
                ])
            } else {
                obj(vec![("type", Value::from("noExpiration"))])
            };
            out.set("expiration", expiration);
            ctx.moved(
                &here,
                &format!("{to}/expiration"),
                if n > 0 {
                    format!("{n} days is an `afterDuration` expiration of `P{n}D`")
                } else {
                    "0 days: assignments never expire".into()
                },
            );
        } else {
            ctx.dropped(
                &here,
                "the policy's `expiration` already says how long access lasts",
            );
        }
    }
    out.done()
}

fn role_scope(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        let (name, inner) = match key.as_str() {
            "accessPackageResourceRole" => ("role", true),
            "accessPackageResourceScope" => ("scope", true),
            "role" | "scope" => (key.as_str(), false),
            _ => {
                out.set(&key, v);
                continue;
            }
        };
        let name = name.to_string();
        if inner {
            ctx.moved(
                &here,
                &format!("{to}/{name}"),
                format!("`{key}` is `{name}`"),
            );
        }
        let mut part = Out::default();
        for (k, w, pv) in members(v, ctx) {
            if k == "accessPackageResource" {
                part.set("resource", pv);
                ctx.moved(
                    &format!("{here}/{}", esc(&w)),
                    &format!("{to}/{name}/resource"),
                    "`accessPackageResource` is `resource`",
                );
            } else {
                part.set(&k, pv);
            }
        }
        out.set(&name, part.done());
    }
    out.done()
}

fn package(
    value: Value,
    from: &str,
    to: &str,
    ctx: &mut Ctx,
    nested_policies: &mut Vec<(Value, String)>,
) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "catalogId" => {
                out.set("catalog", obj(vec![("id", v)]));
                ctx.moved(
                    &here,
                    &format!("{to}/catalog/id"),
                    "the catalog is the `catalog` reference in v1.0",
                );
            }
            "accessPackageResourceRoleScopes" | "resourceRoleScopes" => {
                let Value::Array(items) = v else {
                    out.set("resourceRoleScopes", v);
                    continue;
                };
                let list = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, rs)| {
                        role_scope(
                            rs,
                            &format!("{here}/{i}"),
                            &format!("{to}/resourceRoleScopes/{i}"),
                            ctx,
                        )
                    })
                    .collect();
                if key != "resourceRoleScopes" {
                    ctx.moved(
                        &here,
                        &format!("{to}/resourceRoleScopes"),
                        "`accessPackageResourceRoleScopes` are `resourceRoleScopes`",
                    );
                }
                out.set("resourceRoleScopes", Value::Array(list));
            }
            "accessPackageAssignmentPolicies" | "assignmentPolicies" => match v {
                Value::Array(items) => {
                    for (i, p) in items.into_iter().enumerate() {
                        nested_policies.push((p, format!("{here}/{i}")));
                    }
                }
                // Not a list: kept where it is, for validateDraft to report.
                other => out.set(&key, other),
            },
            "isRoleScopesVisible" => ctx.dropped(
                &here,
                "v1.0 has no `isRoleScopesVisible`; My Access shows the roles",
            ),
            "createdBy" | "modifiedBy" => {
                ctx.dropped(&here, "set by the service and not part of v1.0")
            }
            _ => out.set(&key, v),
        }
    }
    out.done()
}

fn catalog(value: Value, from: &str, to: &str, ctx: &mut Ctx) -> Value {
    objects_only!(value);
    let mut out = Out::default();
    for (key, written, v) in members(value, ctx) {
        let here = format!("{from}/{}", esc(&written));
        match key.as_str() {
            "catalogStatus" | "state" => {
                let lower = v.as_str().map(|s| s.to_ascii_lowercase());
                if key == "catalogStatus" {
                    ctx.moved(
                        &here,
                        &format!("{to}/state"),
                        "`catalogStatus` is `state`, in lower case",
                    );
                }
                out.set("state", lower.map(Value::String).unwrap_or(v));
            }
            "catalogType" => {
                let camel = v.as_str().map(|s| {
                    let mut c = s.chars();
                    c.next()
                        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
                        .unwrap_or_default()
                });
                out.set("catalogType", camel.map(Value::String).unwrap_or(v));
            }
            "createdBy" | "modifiedBy" => {
                ctx.dropped(&here, "set by the service and not part of v1.0")
            }
            _ => out.set(&key, v),
        }
    }
    out.done()
}

/// True when an object looks like a policy rather than a package.
fn is_policy(value: &Value) -> bool {
    const POLICY_KEYS: [&str; 9] = [
        "requestorsettings",
        "requestapprovalsettings",
        "approvalsettings",
        "accesspackageid",
        "allowedtargetscope",
        "durationindays",
        "expiration",
        "accessreviewsettings",
        "specificallowedtargets",
    ];
    matches!(value, Value::Object(m) if m.iter().any(|(k, _)| POLICY_KEYS.contains(&k.to_ascii_lowercase().as_str())))
}

/// Upgrades `payload`: a draft (`{ catalog?, accessPackage, assignmentPolicies }`), a
/// single package or a single policy, in beta or v1.0 names.
pub fn upgrade(payload: Value) -> Upgraded {
    let mut ctx = Ctx {
        mappings: Vec::new(),
        findings: Vec::new(),
        pascal: false,
    };
    let mut draft = Out::default();
    let mut policies: Vec<(Value, String)> = Vec::new();
    // `assignmentPolicies` that is not a list: kept as given, for validateDraft to report.
    let mut unlisted: Option<Value> = None;
    let policy_only = is_policy(&payload);
    let is_draft = matches!(&payload, Value::Object(m) if m.iter().any(|(k, _)| {
        let k = k.to_ascii_lowercase();
        k == "accesspackage" || k == "assignmentpolicies" || k == "accesspackageassignmentpolicies"
    }));
    let policy_only = policy_only && !is_draft;
    if is_draft {
        for (key, written, v) in members(payload, &mut ctx) {
            let here = format!("/{}", esc(&written));
            match key.as_str() {
                "accessPackage" => {
                    let p = package(v, &here, "/accessPackage", &mut ctx, &mut policies);
                    draft.set("accessPackage", p);
                }
                "catalog" | "accessPackageCatalog" => {
                    draft.set("catalog", catalog(v, &here, "/catalog", &mut ctx))
                }
                "assignmentPolicies" | "accessPackageAssignmentPolicies" => match v {
                    Value::Array(items) => {
                        for (i, p) in items.into_iter().enumerate() {
                            policies.push((p, format!("{here}/{i}")));
                        }
                    }
                    other => unlisted = Some(other),
                },
                _ => draft.set(&key, v),
            }
        }
    } else if policy_only {
        policies.push((payload, String::new()));
    } else {
        let p = package(payload, "", "/accessPackage", &mut ctx, &mut policies);
        draft.set("accessPackage", p);
    }
    let upgraded: Vec<Value> = policies
        .into_iter()
        .enumerate()
        .map(|(i, (p, from))| {
            let to = format!("/assignmentPolicies/{i}");
            let moved = from != format!("/assignmentPolicies/{i}");
            if moved {
                ctx.moved(
                    &from,
                    &to,
                    "the policy is one of the draft's `assignmentPolicies`",
                );
            }
            policy(p, &from, &to, &mut ctx)
        })
        .collect();
    // A policy given alone names its package; the draft needs the package too.
    if !draft.has("accessPackage") {
        let id = upgraded
            .iter()
            .find_map(|p| p.get("accessPackage").and_then(|a| a.get("id")).cloned());
        draft.set(
            "accessPackage",
            obj(id.map(|id| vec![("id", id)]).unwrap_or_default()),
        );
    }
    match unlisted {
        Some(raw) if upgraded.is_empty() => draft.set("assignmentPolicies", raw),
        _ if is_draft || !upgraded.is_empty() => {
            draft.set("assignmentPolicies", Value::Array(upgraded))
        }
        _ => {}
    }
    if ctx.pascal {
        ctx.findings.push(
            Diagnostic::new(codes::PASCAL_CASE, Severity::Info, "/payload", "keys written in PowerShell's PascalCase (`AccessPackageId`) are read as Graph's camelCase (`accessPackageId`)")
                .with_help("Graph's JSON names start with a lower-case letter"),
        );
    }
    Upgraded {
        draft: draft.done(),
        mappings: ctx.mappings,
        findings: ctx.findings,
        policy_only,
    }
}
