//! Findings: [`Diagnostic`], [`Severity`], [`Profile`], and the JSON-pointer [`Path`]
//! that says where a finding is.
//!
//! Every operation reports what it finds as plain records (code, severity, path,
//! message, help) and never stops at the first one. Rule metadata (which profile
//! enforces a rule, at which severity) lives with the rules in
//! [`crate::validation::rules`]; this module only carries findings.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The draft or request would be rejected, or cannot work.
    Error,
    /// Accepted, but probably wrong or surprising.
    Warning,
    /// Advice.
    Info,
}

impl Severity {
    /// The name used in answers: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which rule set applies (domain.md conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// What the Graph v1.0 API enforces: only Graph rules are errors; admin-center
    /// and inferred rules that would be errors are reported as warnings.
    Graph,
    /// Also what the Entra admin center enforces (the default).
    #[default]
    Portal,
    /// Also best practice: every rule at its full severity.
    Strict,
}

impl Profile {
    /// Parses `graph`, `portal` or `strict`.
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "graph" => Some(Profile::Graph),
            "portal" => Some(Profile::Portal),
            "strict" => Some(Profile::Strict),
            _ => None,
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Rule id from domain.md §2 (e.g. `APPR_STAGES_REQUIRED`) or an `INPUT_*` code.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// JSON pointer into the request, e.g. `/draft/assignmentPolicies/0/requestApprovalSettings/stages`.
    pub path: String,
    /// One sentence: lowercase start, no trailing period, user values in backticks.
    pub message: String,
    /// What to change.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding without help text.
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            severity,
            path: path.into(),
            message: bounded(message.into()),
            help: None,
        }
    }

    /// The same finding with help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(bounded(help.into()));
        self
    }
}

/// Longest message or help, in bytes (README "Limits"): a value the caller sent is
/// quoted in messages, and a hostile one must not make the answer huge.
pub const MAX_MESSAGE_BYTES: usize = 1_000;

/// A value the caller sent, as a message quotes it: at most 100 characters, with `…`
/// when cut.
pub fn quote(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(100) {
        Some((end, _)) => format!("{}…", value.get(..end).unwrap_or("")).into(),
        None => value.into(),
    }
}

/// `text` cut to [`MAX_MESSAGE_BYTES`] at a character boundary, with `…` when cut.
pub(crate) fn bounded(mut text: String) -> String {
    if text.len() > MAX_MESSAGE_BYTES {
        let mut end = MAX_MESSAGE_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at {}: {}",
            self.severity.as_str(),
            self.code,
            if self.path.is_empty() {
                "/"
            } else {
                &self.path
            },
            self.message
        )
    }
}

/// One step of a [`Path`].
#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A JSON pointer under construction: a chain of steps kept on the stack and only
/// written out as text when a finding needs it.
///
/// ```
/// use entitlement_policy::Path;
/// let root = Path::root();
/// let draft = root.key("draft");
/// let policies = draft.key("assignmentPolicies");
/// let first = policies.index(0);
/// assert_eq!(first.key("a/b~c").to_string(), "/draft/assignmentPolicies/0/a~1b~0c");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

impl<'a> Path<'a> {
    /// The whole request (`""`).
    pub fn root() -> Path<'static> {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }

    /// The member `key` of the object at this path.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The element `index` of the array at this path.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.segment {
            Segment::Root => Ok(()),
            Segment::Index(i) => write!(f, "/{i}"),
            Segment::Key(k) => {
                f.write_str("/")?;
                f.write_str(&pointer_segment(k))
            }
        }
    }
}

/// A member name as a JSON pointer segment (RFC 6901: `~` as `~0`, `/` as `~1`).
pub(crate) fn pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

/// The most findings an answer lists (README "Limits"): the rest are counted in one
/// last finding, [`TOO_MANY_FINDINGS`], whose severity is the worst of those left out.
pub const MAX_DIAGNOSTICS: usize = 1_000;

/// The code of the finding that counts the findings left out.
pub const TOO_MANY_FINDINGS: &str = "INPUT_TOO_MANY_FINDINGS";

/// The findings left out of a list: how many, and the worst severity among them.
#[derive(Debug, Default, Clone, Copy)]
struct LeftOut {
    count: usize,
    worst: Option<Severity>,
}

impl LeftOut {
    fn add(&mut self, count: usize, severity: Severity) {
        self.count += count;
        self.worst = Some(self.worst.map_or(severity, |w| w.min(severity)));
    }

    /// Takes a summary made earlier into the count; false for any other finding.
    fn absorb(&mut self, d: &Diagnostic) -> bool {
        if d.code != TOO_MANY_FINDINGS {
            return false;
        }
        let count = d.message.split(' ').next().and_then(|n| n.parse().ok());
        self.add(count.unwrap_or(1), d.severity);
        true
    }

    fn summary(self) -> Option<Diagnostic> {
        let worst = self.worst.filter(|_| self.count > 0)?;
        let n = self.count;
        Some(
            Diagnostic::new(
                TOO_MANY_FINDINGS,
                worst,
                "",
                format!(
                    "{n} more finding{} left out: an answer lists at most {MAX_DIAGNOSTICS}",
                    if n == 1 { " was" } else { "s were" }
                ),
            )
            .with_help("fix the findings listed (often one mistake repeated) and ask again"),
        )
    }
}

/// Appends findings; the one place where diagnostics are collected. Beyond
/// [`MAX_DIAGNOSTICS`] it only counts, so that hostile input costs bounded memory.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    items: Vec<Diagnostic>,
    left_out: LeftOut,
}

impl Findings {
    /// No findings yet.
    pub fn new() -> Findings {
        Findings::default()
    }

    /// Records a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.items.len() < MAX_DIAGNOSTICS {
            self.items.push(diagnostic);
        } else {
            self.left_out.add(1, diagnostic.severity);
        }
    }

    /// Records an `INPUT_*` finding.
    pub fn input(
        &mut self,
        code: &str,
        severity: Severity,
        path: &Path<'_>,
        message: String,
        help: Option<String>,
    ) {
        if self.items.len() >= MAX_DIAGNOSTICS {
            self.left_out.add(1, severity);
            return;
        }
        self.items.push(Diagnostic {
            code: code.to_string(),
            severity,
            path: path.to_string(),
            message: bounded(message),
            help: help.map(bounded),
        });
    }

    /// The findings so far.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// All findings, with the count of those left out last.
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.items.extend(self.left_out.summary());
        self.items
    }

    /// Moves every finding of `other` here.
    pub fn extend(&mut self, other: Findings) {
        for d in other.into_vec() {
            if !self.left_out.absorb(&d) {
                self.push(d);
            }
        }
    }
}

/// Orders findings for output: in document order of their paths (array indexes
/// compared as numbers), then severity, then code, so the same input
/// always gives the same answer and a page lists them field by field.
///
/// ```
/// use entitlement_policy::{Diagnostic, Severity, diagnostics::sort_diagnostics};
/// let mut found = vec![
///     Diagnostic::new("B", Severity::Warning, "/p/10", "later"),
///     Diagnostic::new("A", Severity::Error, "/p/2", "earlier"),
/// ];
/// sort_diagnostics(&mut found);
/// assert_eq!(found[0].path, "/p/2");
/// ```
///
/// Beyond [`MAX_DIAGNOSTICS`], the first in that order are kept and the rest counted
/// in one last [`TOO_MANY_FINDINGS`] finding (with any counted while decoding).
pub fn sort_diagnostics(items: &mut Vec<Diagnostic>) {
    let mut left_out = LeftOut::default();
    items.retain(|d| !left_out.absorb(d));
    // Stable: findings equal in all of these keep the (deterministic) order they were made in.
    crate::sort::sort_by_cached_key(items, |d| {
        (pointer_sort_key(&d.path), d.severity, d.code.clone())
    });
    if items.len() > MAX_DIAGNOSTICS {
        for d in items.drain(MAX_DIAGNOSTICS..) {
            left_out.add(1, d.severity);
        }
    }
    items.extend(left_out.summary());
}

/// A string that sorts like the pointer in document order: every array index is
/// padded to twenty digits, so that `/2` sorts before `/10`.
fn pointer_sort_key(pointer: &str) -> String {
    let mut key = String::with_capacity(pointer.len() + 16);
    for (i, segment) in pointer.split('/').enumerate() {
        if i > 0 {
            key.push('/');
        }
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            key.extend(std::iter::repeat_n(
                '0',
                20usize.saturating_sub(segment.len()),
            ));
        }
        key.push_str(segment);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash_and_the_root_is_empty() {
        let root = Path::root();
        assert_eq!(root.to_string(), "");
        let k = root.key("~/");
        assert_eq!(k.index(2).to_string(), "/~0~1/2");
    }

    #[test]
    fn pointers_sort_in_document_order_with_numeric_indexes() {
        assert!(pointer_sort_key("/a/2") < pointer_sort_key("/a/10"));
        assert!(pointer_sort_key("/a") < pointer_sort_key("/a/0"));
        assert!(pointer_sort_key("/a/0/x") < pointer_sort_key("/a/1"));
    }

    #[test]
    fn profile_names_parse_and_portal_is_the_default() {
        assert_eq!(Profile::parse("strict"), Some(Profile::Strict));
        assert_eq!(Profile::parse("Graph"), None);
        assert_eq!(Profile::default(), Profile::Portal);
    }
}
