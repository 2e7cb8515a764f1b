//! Questions asked of requestors, their choices and localizations (domain.md §1.19).

use super::decode::{graph_struct, short_odata_type};

graph_struct! {
    /// `accessPackageQuestion` of either concrete kind; [`Question::kind`] tells which.
    Question ("accessPackageQuestion") {
        /// The subtype.
        "@odata.type" => odata_type: String,
        /// Referenced by answers.
        "id" => id: String,
        /// Default text.
        "text" => text: String,
        /// Translations.
        "localizations" => localizations: Vec<LocalizedText>,
        /// Display order.
        "sequence" => sequence: i64,
        /// Must be answered.
        "isRequired" => is_required: bool,
        /// May be changed later.
        "isAnswerEditable" => is_answer_editable: bool,
        /// Text questions: short or long text.
        "isSingleLineQuestion" => is_single_line_question: bool,
        /// Text questions: every answer must match.
        "regexPattern" => regex_pattern: String,
        /// Multiple-choice questions: the choices.
        "choices" => choices: Vec<AnswerChoice>,
        /// Multiple-choice questions: several answers allowed.
        "isMultipleSelectionAllowed" => is_multiple_selection_allowed: bool,
    }
    accepts []
    legacy [
        "questionText" => "use `text` (default text) and `localizations`",
        "answerChoices" => "use `choices`",
        "allowsMultipleSelection" => "use `isMultipleSelectionAllowed`",
    ]
    types (false) ["accessPackageTextInputQuestion", "accessPackageMultipleChoiceQuestion", "accessPackageQuestion"]
}

/// Which kind of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// `accessPackageTextInputQuestion`.
    TextInput,
    /// `accessPackageMultipleChoiceQuestion`.
    MultipleChoice,
    /// `accessPackageQuestion` itself (abstract), no type, or an unknown type.
    NotConcrete,
}

impl Question {
    /// The kind, from `@odata.type`.
    pub fn kind(&self) -> QuestionKind {
        match self.odata_type.as_deref().map(short_odata_type) {
            Some("accessPackageTextInputQuestion") => QuestionKind::TextInput,
            Some("accessPackageMultipleChoiceQuestion") => QuestionKind::MultipleChoice,
            _ => QuestionKind::NotConcrete,
        }
    }
}

graph_struct! {
    /// `accessPackageLocalizedText`.
    LocalizedText ("accessPackageLocalizedText") {
        /// ISO 639-1 language, optional ISO 3166-1 region (`fr-CA`).
        "languageCode" => language_code: String,
        /// The text.
        "text" => text: String,
    }
    accepts []
    legacy [
        "localizedText" => "use `text`",
    ]
}

graph_struct! {
    /// `accessPackageAnswerChoice`.
    AnswerChoice ("accessPackageAnswerChoice") {
        /// The value stored.
        "actualValue" => actual_value: String,
        /// The text shown.
        "text" => text: String,
        /// Translations.
        "localizations" => localizations: Vec<LocalizedText>,
    }
    accepts []
    legacy [
        "displayValue" => "use `text` and `localizations`",
    ]
}
