//! Questions asked of requestors (domain.md §2.9).

use super::rules::*;
use super::Seen;
use super::{blank, Ctx};
use crate::diagnostics::{Path, Severity};
use crate::model::{LocalizedText, Policy, PolicyKind, QuestionKind};

pub(super) fn check<'a>(ctx: &mut Ctx<'a>, policy: &'a Policy, pp: &Path<'_>) {
    let questions = policy.question_list();
    if questions.is_empty() {
        return;
    }
    let lp = pp.key("questions");
    match policy.kind() {
        PolicyKind::Automatic => ctx.emit(&Q_ON_NON_REQUEST_POLICY, &lp, "questions on an automatic-assignment policy are never asked", "remove the questions; nobody requests through this policy"),
        PolicyKind::Direct => ctx.emit(&Q_ON_NON_REQUEST_POLICY, &lp, "questions on a direct-assignment policy are answered by the administrator, one user at a time", "administrators can then assign only one user per assignment"),
        PolicyKind::RequestBased => {}
    }
    for (i, q) in questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.unreadable.is_none())
    {
        let qp = lp.index(i);
        let kind = q.kind();
        if kind == QuestionKind::NotConcrete {
            let written = q.odata_type.as_deref().unwrap_or("(none)");
            ctx.emit(&Q_TYPE_CONCRETE, &qp.key("@odata.type"), format!("question type `{written}` is not a concrete question type"), "use `#microsoft.graph.accessPackageTextInputQuestion` or `#microsoft.graph.accessPackageMultipleChoiceQuestion`");
        }
        if blank(&q.text) {
            ctx.emit(
                &Q_TEXT_REQUIRED,
                &qp.key("text"),
                format!("question {} has no text", i + 1),
                "write the question requestors will read",
            );
        }
        if let Some(s) = q.sequence {
            if s < 0 {
                ctx.emit(
                    &Q_SEQUENCE_DUPLICATE,
                    &qp.key("sequence"),
                    format!("question sequence `{s}` is negative"),
                    "number questions 1, 2, 3 in display order",
                );
            } else if questions.iter().filter(|o| o.sequence == Some(s)).count() > 1 {
                ctx.emit(
                    &Q_SEQUENCE_DUPLICATE,
                    &qp.key("sequence"),
                    format!(
                        "another question also has sequence `{s}`, so their order is ambiguous"
                    ),
                    "give each question its own sequence number",
                );
            }
        }
        check_localizations(
            ctx,
            q.localizations.as_deref().unwrap_or(&[]),
            &qp.key("localizations"),
        );
        match kind {
            QuestionKind::MultipleChoice => {
                let choices = q.choices.as_deref().unwrap_or(&[]);
                let cp = qp.key("choices");
                match choices.len() {
                    0 => ctx.emit(
                        &Q_CHOICES_REQUIRED,
                        &cp,
                        "the multiple-choice question has no choices",
                        "add the answers requestors pick from",
                    ),
                    1 => ctx.emit_as(
                        &Q_CHOICES_REQUIRED,
                        Severity::Warning,
                        &cp,
                        "the multiple-choice question has a single choice",
                        "offer at least two choices, or use a text question",
                    ),
                    _ => {}
                }
                let mut values = Seen::new();
                for (j, c) in choices.iter().enumerate() {
                    let ip = cp.index(j);
                    if blank(&c.actual_value) {
                        ctx.emit(
                            &Q_CHOICE_FIELDS,
                            &ip.key("actualValue"),
                            format!("choice {} has no `actualValue`", j + 1),
                            "set the value stored when this choice is picked",
                        );
                    }
                    if blank(&c.text) {
                        ctx.emit(
                            &Q_CHOICE_FIELDS,
                            &ip.key("text"),
                            format!("choice {} has no `text`", j + 1),
                            "set the text requestors see",
                        );
                    }
                    if let Some(v) = c.actual_value.as_deref().filter(|v| !v.trim().is_empty()) {
                        if !values.insert(v) {
                            ctx.emit(
                                &Q_CHOICE_DUPLICATE_VALUE,
                                &ip.key("actualValue"),
                                format!("two choices have the value `{v}`"),
                                "give each choice its own `actualValue`",
                            );
                        }
                    }
                    check_localizations(
                        ctx,
                        c.localizations.as_deref().unwrap_or(&[]),
                        &ip.key("localizations"),
                    );
                }
                if q.regex_pattern.is_some() {
                    ctx.emit(
                        &Q_REGEX_ON_CHOICE,
                        &qp.key("regexPattern"),
                        "a multiple-choice question can't have a `regexPattern`",
                        "remove it; only text-input questions check answers with a pattern",
                    );
                }
            }
            QuestionKind::TextInput => {
                if let Some(pattern) = q.regex_pattern.as_deref() {
                    if let Some(e) = ctx.regex_error(pattern) {
                        ctx.emit(
                            &Q_REGEX_INVALID,
                            &qp.key("regexPattern"),
                            format!(
                                "pattern `{}` doesn't compile: {e}",
                                crate::diagnostics::quote(pattern)
                            ),
                            "patterns use ECMAScript syntax, e.g. `^[0-9]{6}$`",
                        );
                    }
                }
            }
            QuestionKind::NotConcrete => {}
        }
    }
}

fn check_localizations(ctx: &mut Ctx<'_>, list: &[LocalizedText], lp: &Path<'_>) {
    let mut seen = Seen::new();
    for (i, l) in list.iter().enumerate() {
        let ip = lp.index(i);
        match l.language_code.as_deref() {
            None | Some("") => ctx.emit(
                &Q_LOCALIZATION_FIELDS,
                &ip.key("languageCode"),
                "the localization has no language code",
                "set `languageCode`, e.g. `fr` or `fr-CA`",
            ),
            Some(code) if !is_language_code(code) => ctx.emit(
                &Q_LOCALIZATION_FIELDS,
                &ip.key("languageCode"),
                format!("`{code}` is not an ISO 639-1 language code with an optional region"),
                "write codes like `fr` or `fr-CA`",
            ),
            Some(code) => {
                if !seen.insert(code.to_ascii_lowercase()) {
                    ctx.emit(
                        &Q_LOCALIZATION_DUPLICATE,
                        &ip.key("languageCode"),
                        format!("language `{code}` is given twice"),
                        "keep one text per language",
                    );
                }
            }
        }
        if blank(&l.text) {
            ctx.emit(
                &Q_LOCALIZATION_FIELDS,
                &ip.key("text"),
                "the localization has no text",
                "set the translated text",
            );
        }
    }
}

/// `fr`, `fr-CA`: two letters, then optionally a dash and two letters.
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let lang = parts.next().unwrap_or("");
    let region = parts.next();
    parts.next().is_none()
        && lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
}
