//! Draft validation (domain.md §2.1–§2.10): every rule that can be checked from a
//! draft, and from the directory when one is given.
//!
//! One file per area of rules; each rule pushes findings through [`Ctx::emit`] and
//! never returns early, so a page can show every problem at once. Which profile
//! reports a rule at which severity is decided in [`rules`], not here.

mod approval;
mod automatic;
mod catalog;
mod expiration;
mod package;
mod questions;
mod requestor;
mod resources;
mod review;
pub mod rules;
mod scope;

use crate::diagnostics::{Diagnostic, Path, Profile, Severity};
pub(crate) use crate::model::index::DirIndex;
use crate::model::{Catalog, Directory, Draft, Policy, PolicyPlace};
use chrono::{DateTime, Utc};
use rules::Rule;
use std::fmt;

/// How to validate.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Which rule set applies.
    pub profile: Profile,
    /// The instant time-dependent rules compare against; they are skipped without it.
    pub now: Option<DateTime<Utc>>,
    /// What is known about the tenant.
    pub directory: Option<&'a Directory>,
    /// Rule ids not to report.
    pub disabled: &'a [String],
    /// Where the directory is in the request (`/directory`), for findings about its catalogs.
    pub directory_pointer: &'a str,
}

/// What a rule has seen so far, for duplicate checks over short lists (a
/// `BTreeSet` per element type would cost wasm size for no speed at these lengths).
#[derive(Debug)]
pub(crate) struct Seen<T>(Vec<T>);

impl<T: PartialEq> Seen<T> {
    /// Nothing seen.
    pub fn new() -> Seen<T> {
        Seen(Vec::new())
    }

    /// Records `item`; true when it was not seen before (like `BTreeSet::insert`).
    pub fn insert(&mut self, item: T) -> bool {
        if self.0.contains(&item) {
            false
        } else {
            self.0.push(item);
            true
        }
    }

    /// How many items seen so far satisfy `f`.
    pub fn count(&self, f: impl Fn(&T) -> bool) -> usize {
        self.0.iter().filter(|t| f(t)).count()
    }
}

/// The state of one validation run.
pub(crate) struct Ctx<'a> {
    pub opts: &'a Options<'a>,
    pub draft: &'a Draft,
    /// The draft's JSON pointer.
    pub base: String,
    pub dir: Option<DirIndex<'a>>,
    out: Vec<Diagnostic>,
    /// Patterns compiled so far, with why each does not compile (`None`: it does).
    regexes: Vec<(&'a str, Option<String>)>,
}

impl<'a> Ctx<'a> {
    /// Reports a finding of `rule` at its own severity.
    pub fn emit(
        &mut self,
        rule: &Rule,
        path: &dyn fmt::Display,
        message: impl Into<String>,
        help: &str,
    ) {
        self.emit_as(rule, rule.severity, path, message, help);
    }

    /// Reports a finding of `rule` at `severity` (before the profile adjusts it).
    pub fn emit_as(
        &mut self,
        rule: &Rule,
        severity: Severity,
        path: &dyn fmt::Display,
        message: impl Into<String>,
        help: &str,
    ) {
        if self.opts.disabled.iter().any(|d| d == rule.id) {
            return;
        }
        let Some(severity) = rule.severity_in(self.opts.profile, severity) else {
            return;
        };
        self.out.push(Diagnostic {
            code: rule.id.to_string(),
            severity,
            path: path.to_string(),
            message: crate::diagnostics::bounded(message.into()),
            help: (!help.is_empty()).then(|| help.to_string()),
        });
    }

    /// Why `pattern` does not compile as an ECMAScript regular expression, if it
    /// doesn't; each pattern is compiled once per validation.
    pub fn regex_error(&mut self, pattern: &'a str) -> Option<String> {
        if let Some((_, known)) = self.regexes.iter().find(|(p, _)| *p == pattern) {
            return known.clone();
        }
        let error = crate::regex::Regex::new(pattern)
            .err()
            .map(|e| e.to_string());
        self.regexes.push((pattern, error.clone()));
        error
    }

    /// The catalog of the draft's package: the draft's own, or the directory's by id.
    pub fn catalog(&self) -> Option<&'a Catalog> {
        if let Some(c) = self.draft.catalog.as_ref() {
            return Some(c);
        }
        let id = self
            .draft
            .access_package
            .as_ref()
            .and_then(|p| p.catalog.as_ref())
            .and_then(|r| r.id.as_deref())?;
        self.dir
            .as_ref()?
            .catalogs
            .iter()
            .copied()
            .find(|c| c.id.as_deref() == Some(id))
    }

    /// The JSON pointer of the package's catalog: the draft's, or the directory's.
    pub fn catalog_pointer(&self) -> Option<String> {
        if self.draft.catalog.is_some() {
            return Some(format!("{}/catalog", self.base));
        }
        let catalog = self.catalog()?;
        let dir = self.dir.as_ref()?;
        let k = dir
            .catalogs
            .iter()
            .position(|c| std::ptr::eq(*c, catalog))?;
        Some(format!("{}/catalogs/{k}", self.opts.directory_pointer))
    }

    /// Every policy of the draft with its path base.
    pub fn policies(&self) -> Vec<(PolicyPlace, &'a Policy)> {
        self.draft.policies()
    }
}

/// Validates `draft`, found at `base` in the request; findings in document order.
///
/// ```
/// use entitlement_policy::{diagnostics::Path, json::Value, model::{Decode, Decoder, Draft}};
/// use entitlement_policy::validation::{validate, Options};
/// let text = r#"{"accessPackage": {"displayName": "", "catalog": {"id": "c1"}},
///                "assignmentPolicies": []}"#;
/// let value: Value = serde_json::from_str(text).unwrap();
/// let root = Path::root();
/// let draft = Draft::decode(value, &root, &mut Decoder::new()).unwrap();
/// let found = validate(&draft, &root, &Options::default());
/// assert!(found.iter().any(|d| d.code == "PKG_DISPLAYNAME_REQUIRED" && d.path == "/accessPackage/displayName"));
/// assert!(found.iter().any(|d| d.code == "PKG_NO_POLICY"));
/// ```
pub fn validate(draft: &Draft, base: &Path<'_>, opts: &Options<'_>) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        opts,
        draft,
        base: base.to_string(),
        dir: opts.directory.map(DirIndex::new),
        out: Vec::new(),
        regexes: Vec::new(),
    };
    catalog::check(&mut ctx, base);
    package::check(&mut ctx, base);
    resources::check(&mut ctx, base);
    let package_path = base.key("accessPackage");
    let top = base.key("assignmentPolicies");
    let nested = package_path.key("assignmentPolicies");
    for (place, policy) in ctx.policies() {
        if policy.unreadable.is_some() {
            continue;
        }
        let path = match place {
            PolicyPlace::Draft(i) => top.index(i),
            PolicyPlace::Package(i) => nested.index(i),
        };
        scope::check(&mut ctx, policy, &path);
        requestor::check(&mut ctx, policy, &path);
        approval::check(&mut ctx, policy, &path);
        expiration::check(&mut ctx, policy, &path);
        review::check(&mut ctx, policy, &path);
        questions::check(&mut ctx, policy, &path);
        automatic::check(&mut ctx, policy, &path);
    }
    let mut out = ctx.out;
    crate::diagnostics::sort_diagnostics(&mut out);
    out
}

/// The JSON pointer of a policy of the draft.
pub fn policy_pointer(base: &Path<'_>, place: PolicyPlace) -> String {
    match place {
        PolicyPlace::Draft(i) => base.key("assignmentPolicies").index(i).to_string(),
        PolicyPlace::Package(i) => base
            .key("accessPackage")
            .key("assignmentPolicies")
            .index(i)
            .to_string(),
    }
}

/// True when `s` is absent or blank.
pub(crate) fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// True when `s` has the shape of a GUID.
pub(crate) fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
