//! Reading a [`Value`] into the Graph model without ever failing as a whole.
//!
//! Every model type implements [`Decode`]: it reads what it can, reports what it
//! cannot as an `INPUT_*` finding at the exact JSON pointer, and keeps every member
//! it does not model (annotations, read-only and navigation properties, unknown
//! properties, explicit nulls) in `extra`, so that writing the value back gives
//! what the caller sent. [`graph_struct!`] and [`graph_enum!`] generate the
//! repetitive parts. The rules of §2 are not here; they read the decoded model.

use crate::diagnostics::{Findings, Path, Severity};
use crate::duration::{parse_date, parse_instant, DurationError, IsoDuration};
use crate::json::Value;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, Serializer};

/// Members of an object that the model keeps verbatim.
pub type Extra = Vec<(String, Value)>;

/// Collects the `INPUT_*` findings of one decoding pass.
#[derive(Debug, Default)]
pub struct Decoder {
    /// What was found so far.
    pub findings: Findings,
}

/// Codes of the input findings.
pub mod codes {
    /// A value has the wrong JSON type.
    pub const WRONG_TYPE: &str = "INPUT_WRONG_TYPE";
    /// A required member is missing.
    pub const MISSING: &str = "INPUT_MISSING_REQUIRED";
    /// A property the model does not know.
    pub const UNKNOWN_PROPERTY: &str = "INPUT_UNKNOWN_PROPERTY";
    /// An `@odata.type` the model does not know.
    pub const UNKNOWN_ODATA_TYPE: &str = "INPUT_UNKNOWN_ODATA_TYPE";
    /// An enum string that is not (yet) a member.
    pub const UNKNOWN_ENUM_VALUE: &str = "INPUT_UNKNOWN_ENUM_VALUE";
    /// A string that is not an ISO 8601 duration.
    pub const INVALID_DURATION: &str = "INPUT_INVALID_DURATION";
    /// A string that is not an RFC 3339 instant.
    pub const INVALID_DATETIME: &str = "INPUT_INVALID_DATETIME";
    /// A string that is not a calendar date.
    pub const INVALID_DATE: &str = "INPUT_INVALID_DATE";
    /// A number out of range, or not whole where an integer is needed.
    pub const INVALID_NUMBER: &str = "INPUT_INVALID_NUMBER";
    /// A boolean or number written as a string (`"true"`, `"1"`), which Graph's
    /// JSON reader accepts and Graph's own examples use.
    pub const STRING_ENCODED: &str = "INPUT_STRING_ENCODED_VALUE";
    /// Two entries of a snapshot share an id.
    pub const DUPLICATE_ID: &str = "INPUT_DUPLICATE_ID";
    /// An id that names nothing the input holds.
    pub const UNKNOWN_REFERENCE: &str = "INPUT_UNKNOWN_REFERENCE";
    /// An option of the call itself has a value it does not take.
    pub const INVALID_OPTION: &str = "INPUT_INVALID_OPTION";
    /// The request could not be read at all.
    pub const UNREADABLE: &str = "INPUT_UNREADABLE";
    /// A Graph page whose next page is not in the input.
    pub const INCOMPLETE: &str = "INPUT_INCOMPLETE_COLLECTION";
    /// Beyond a documented limit (README "Limits"): the rest is not read.
    pub const TOO_LARGE: &str = "INPUT_TOO_LARGE";
}

/// How the message of an `INPUT_UNKNOWN_PROPERTY` finding about a beta-API name ends.
pub const BETA_PROPERTY: &str = " is a beta API property, not part of Graph v1.0; it is ignored";

/// True for an `INPUT_UNKNOWN_PROPERTY` finding about a beta-API name.
pub fn is_beta_property(d: &crate::diagnostics::Diagnostic) -> bool {
    d.code == codes::UNKNOWN_PROPERTY && d.message.ends_with(BETA_PROPERTY)
}

/// A model type that can be read from a [`Value`].
pub trait Decode: Sized {
    /// Reads `value` found at `path`, taking it (strings are moved, not copied); when
    /// it has the wrong shape, reports it and gives it back so that it is kept as written.
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value>;

    /// What an element of the wrong shape becomes in a list, so that indexes (and the
    /// JSON pointers built from them) stay those of the input.
    fn placeholder(_raw: Value) -> Self
    where
        Self: Default,
    {
        Self::default()
    }
}

impl Decoder {
    /// A decoder with no findings.
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Reports a value of the wrong JSON type.
    pub fn wrong_type(&mut self, value: &Value, path: &Path<'_>, expected: &str) {
        self.findings.input(
            codes::WRONG_TYPE,
            Severity::Error,
            path,
            format!("expected {expected}, found {}", describe(value)),
            Some(format!(
                "the value is ignored; Graph expects {expected} here"
            )),
        );
    }

    /// Reports a missing required member.
    pub fn missing(&mut self, path: &Path<'_>, what: &str) {
        self.findings.input(
            codes::MISSING,
            Severity::Error,
            path,
            format!("{what} is missing"),
            None,
        );
    }

    /// The members of an object, or a finding (and the value back).
    pub fn object(
        &mut self,
        value: Value,
        path: &Path<'_>,
        label: &str,
    ) -> Result<Vec<(String, Value)>, Value> {
        match value {
            Value::Object(members) => Ok(members),
            other => {
                self.wrong_type(&other, path, &format!("an object ({label})"));
                Err(other)
            }
        }
    }

    /// Reads an optional member: `null` is absence and is not reported (it is given
    /// back, like a value of the wrong shape, to be kept as written).
    pub fn field<T: Decode>(&mut self, value: Value, path: &Path<'_>) -> Result<T, Value> {
        if value.is_null() {
            Err(value)
        } else {
            T::decode(value, path, self)
        }
    }

    /// Reports a member the model does not read, unless it is an annotation or an accepted name.
    pub fn other_member(
        &mut self,
        key: &str,
        path: &Path<'_>,
        known: &[&str],
        accepted: &[&str],
        legacy: &[(&str, &str)],
    ) {
        if key.contains('@') || accepted.contains(&key) {
            return;
        }
        if let Some((_, help)) = legacy.iter().find(|(name, _)| *name == key) {
            self.findings.input(
                codes::UNKNOWN_PROPERTY,
                Severity::Warning,
                path,
                format!("`{key}`{BETA_PROPERTY}"),
                Some((*help).to_string()),
            );
            return;
        }
        let help = closest(key, known.iter().chain(accepted.iter()).copied())
            .map(|name| format!("did you mean `{name}`?"));
        self.findings.input(
            codes::UNKNOWN_PROPERTY,
            Severity::Warning,
            path,
            format!(
                "unknown property `{}` is ignored",
                crate::diagnostics::quote(key)
            ),
            help,
        );
    }
}

impl Decoder {
    /// Reports an `@odata.type` that is not one of `known` (short names), or missing when `required`.
    pub fn odata_type(
        &mut self,
        written: Option<&str>,
        required: bool,
        path: &Path<'_>,
        label: &str,
        known: &[&str],
    ) {
        let here = path.key("@odata.type");
        match written {
            None if !required => {}
            None => self.findings.input(
                codes::UNKNOWN_ODATA_TYPE,
                Severity::Warning,
                &here,
                format!("the {label} has no `@odata.type`, so its kind is unknown"),
                Some(format!(
                    "add `\"@odata.type\": \"#microsoft.graph.{}\"` or another subtype",
                    known.first().copied().unwrap_or(label)
                )),
            ),
            Some(t) if !known.contains(&short_odata_type(t)) => {
                let help = closest(short_odata_type(t), known.iter().copied())
                    .map(|n| format!("did you mean `#microsoft.graph.{n}`?"))
                    .unwrap_or_else(|| format!("known types: {}", known.join(", ")));
                self.findings.input(
                    codes::UNKNOWN_ODATA_TYPE,
                    Severity::Warning,
                    &here,
                    format!(
                        "`{}` is not a known {label} type; it is kept as written",
                        crate::diagnostics::quote(t)
                    ),
                    Some(help),
                );
            }
            Some(_) => {}
        }
    }
}

/// How a value is described in messages: its type, and short scalars themselves.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() <= 40 => format!("string `{s}`"),
        Value::Number(n) => format!("number `{}`", crate::json::format_number(n.get())),
        Value::Bool(b) => format!("boolean `{b}`"),
        other => other.type_name().to_string(),
    }
}

/// The candidate closest to `word`: equal ignoring case, or within a small edit distance.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // No Graph name is this long, so none is within a few edits: the cost stays small
    // whatever the caller wrote.
    if word.len() > 100 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let candidate_lower = candidate.to_ascii_lowercase();
        let distance = if candidate_lower == lower {
            0
        } else {
            edit_distance(&lower, &candidate_lower)
        };
        // A shortened name (`allMembers` for `allMemberUsers`) counts as close too.
        let shortened = lower.len() >= 5
            && candidate_lower.len() <= lower.len() + 6
            && is_subsequence(&lower, &candidate_lower);
        let distance = if shortened {
            distance.min(limit)
        } else {
            distance
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// True when the chars of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            let value = (diagonal + cost).min(up + 1).min(left + 1);
            next.push(value);
            diagonal = up;
            left = value;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

impl Decode for String {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        match value {
            Value::String(s) => Ok(s),
            other => {
                d.wrong_type(&other, path, "a string");
                Err(other)
            }
        }
    }
}

impl Decoder {
    /// Notes a scalar written as a string that Graph accepts anyway.
    fn string_encoded(&mut self, path: &Path<'_>, text: &str, kind: &str) {
        self.findings.input(
            codes::STRING_ENCODED,
            Severity::Info,
            path,
            format!("{kind} `{text}` is written as a string; Graph accepts it"),
            Some(format!("write it without quotes: {text}")),
        );
    }
}

impl Decode for bool {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        match value {
            Value::Bool(b) => Ok(b),
            Value::String(s) if s == "true" || s == "false" => {
                d.string_encoded(path, &s, "boolean");
                Ok(s == "true")
            }
            other => {
                d.wrong_type(&other, path, "a boolean");
                Err(other)
            }
        }
    }
}

impl Decode for i64 {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        match value {
            Value::Number(n) if n.get().fract() == 0.0 && n.get().abs() <= f64::from(i32::MAX) =>
            {
                #[allow(clippy::cast_possible_truncation)]
                Ok(n.get() as i64)
            }
            Value::String(s) if s.parse::<i32>().is_ok() => {
                d.string_encoded(path, &s, "number");
                s.parse::<i32>()
                    .map(i64::from)
                    .map_err(|_| Value::String(s))
            }
            Value::Number(n) => {
                d.findings.input(
                    codes::INVALID_NUMBER,
                    Severity::Error,
                    path,
                    format!(
                        "expected a whole number that fits in 32 bits, found `{}`",
                        crate::json::format_number(n.get())
                    ),
                    None,
                );
                Err(Value::Number(n))
            }
            other => {
                d.wrong_type(&other, path, "an integer");
                Err(other)
            }
        }
    }
}

impl Decode for Value {
    fn decode(value: Value, _: &Path<'_>, _: &mut Decoder) -> Result<Self, Value> {
        Ok(value)
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        T::decode(value, path, d).map(Box::new)
    }
}

impl<T: Decode + Default> Decode for Vec<T> {
    /// Elements of the wrong shape become `T::default()` so that indexes, and the
    /// JSON pointers built from them, stay those of the input.
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        match value {
            Value::Array(items) => Ok(items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::decode(item, &path.index(i), d).unwrap_or_else(T::placeholder))
                .collect()),
            other => {
                d.wrong_type(&other, path, "an array");
                Err(other)
            }
        }
    }
}

/// An ISO 8601 duration as written, with its parsed value when it parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationText {
    /// The text as given.
    pub raw: String,
    /// The duration, or why the text is not one.
    pub parsed: Result<IsoDuration, DurationError>,
}

impl DurationText {
    /// The duration, if the text parsed.
    pub fn value(&self) -> Option<IsoDuration> {
        self.parsed.as_ref().ok().copied()
    }
}

impl Default for DurationText {
    fn default() -> Self {
        DurationText {
            raw: String::new(),
            parsed: IsoDuration::parse(""),
        }
    }
}

impl Decode for DurationText {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        let raw = String::decode(value, path, d)?;
        let parsed = IsoDuration::parse(&raw);
        if let Err(e) = &parsed {
            d.findings.input(
                codes::INVALID_DURATION,
                Severity::Error,
                path,
                format!("`{raw}` is not an ISO 8601 duration: {e}"),
                Some("write durations like `P14D` (14 days), `PT4H` (4 hours) or `P1DT12H`".into()),
            );
        }
        Ok(DurationText { raw, parsed })
    }
}

impl Serialize for DurationText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// An RFC 3339 instant as written, with its parsed value when it parses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Instant {
    /// The text as given.
    pub raw: String,
    /// The instant, when the text is one.
    pub parsed: Option<DateTime<Utc>>,
}

impl Decode for Instant {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        let raw = String::decode(value, path, d)?;
        let parsed = parse_instant(&raw);
        if parsed.is_none() {
            d.findings.input(
                codes::INVALID_DATETIME,
                Severity::Error,
                path,
                format!("`{raw}` is not an RFC 3339 date and time"),
                Some("write instants in UTC like `2025-06-01T09:00:00Z`".into()),
            );
        }
        Ok(Instant { raw, parsed })
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// A calendar date (`2025-06-01`) as written, with its parsed value when it parses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DateText {
    /// The text as given.
    pub raw: String,
    /// The date, when the text is one.
    pub parsed: Option<NaiveDate>,
}

impl Decode for DateText {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        let raw = String::decode(value, path, d)?;
        let parsed = parse_date(&raw);
        if parsed.is_none() {
            d.findings.input(
                codes::INVALID_DATE,
                Severity::Error,
                path,
                format!("`{raw}` is not a calendar date"),
                Some("write dates like `2025-06-01`".into()),
            );
        }
        Ok(DateText { raw, parsed })
    }
}

impl Serialize for DateText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// Strips `#` and the `microsoft.graph.` namespace from an `@odata.type`.
pub fn short_odata_type(raw: &str) -> &str {
    let t = raw.strip_prefix('#').unwrap_or(raw);
    t.strip_prefix("microsoft.graph.").unwrap_or(t)
}

/// Generates a Graph enum that keeps values it does not know.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        $name:ident ($label:literal) { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, kept as written.
            Other(String),
        }

        impl $name {
            /// Every member this version knows, in Graph's order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            /// The member named `text`, or `Other`.
            pub fn parse(text: &str) -> $name {
                match text {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }

            /// The value as Graph spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl $crate::model::decode::Decode for $name {
            fn decode(
                value: $crate::json::Value,
                path: &$crate::diagnostics::Path<'_>,
                d: &mut $crate::model::decode::Decoder,
            ) -> Result<Self, $crate::json::Value> {
                let text = <String as $crate::model::decode::Decode>::decode(value, path, d)?;
                let parsed = $name::parse(&text);
                if let $name::Other(_) = parsed {
                    let help = $crate::model::decode::closest(&text, $name::NAMES.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| format!("known values: {}", $name::NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")));
                    d.findings.input(
                        $crate::model::decode::codes::UNKNOWN_ENUM_VALUE,
                        $crate::diagnostics::Severity::Warning,
                        path,
                        format!("`{text}` is not a known {} value; it is kept as written", $label),
                        Some(help),
                    );
                }
                Ok(parsed)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use graph_enum;

/// Generates a Graph object type: every property optional, everything else kept in `extra`.
///
/// `accepts` lists names that are valid on the type but not read (read-only and
/// navigation properties); `legacy` lists beta-API names with the v1.0 way to say them.
macro_rules! graph_struct {
    (
        $(#[$meta:meta])*
        $name:ident ($label:literal) {
            $( $(#[$fmeta:meta])* $json:literal => $field:ident : $ty:ty ),* $(,)?
        }
        accepts [$($acc:literal),* $(,)?]
        legacy [$($old:literal => $help:literal),* $(,)?]
        $(types ($required:literal) [$($odata:literal),* $(,)?])?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            /// Members kept as they came: annotations, read-only and unknown properties, explicit nulls.
            pub extra: $crate::model::decode::Extra,
            /// The value as given when it was not an object: it stands in a list only to keep
            /// indexes (and is written back as it came); rules skip it.
            pub unreadable: Option<$crate::json::Value>,
        }

        impl $name {
            /// Nothing given: every property absent.
            pub const EMPTY: $name = $name { $($field: None,)* extra: Vec::new(), unreadable: None };

            /// The JSON names of the properties it reads.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];
            /// Valid names it keeps without reading.
            pub const ACCEPTS: &'static [&'static str] = &[$($acc),*];
            /// Beta-API names and what to use instead.
            pub const LEGACY: &'static [(&'static str, &'static str)] = &[$(($old, $help)),*];
        }

        impl $crate::model::decode::Decode for $name {
            fn decode(
                value: $crate::json::Value,
                path: &$crate::diagnostics::Path<'_>,
                d: &mut $crate::model::decode::Decoder,
            ) -> Result<Self, $crate::json::Value> {
                let members = d.object(value, path, $label)?;
                let mut out = $name::default();
                for (key, member) in members {
                    let here = path.key(&key);
                    match key.as_str() {
                        $( $json => match d.field::<$ty>(member, &here) {
                            Ok(x) => out.$field = Some(x),
                            Err(raw) => out.extra.push((key, raw)),
                        }, )*
                        _ => {
                            d.other_member(&key, &here, Self::FIELDS, Self::ACCEPTS, Self::LEGACY);
                            out.extra.push((key, member));
                        }
                    }
                }
                $(d.odata_type(out.odata_type.as_deref(), $required, path, $label, &[$($odata),*]);)?
                Ok(out)
            }

            fn placeholder(raw: $crate::json::Value) -> Self {
                $name { unreadable: Some(raw), ..$name::default() }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                if let Some(raw) = &self.unreadable {
                    return serde::Serialize::serialize(raw, s);
                }
                let mut map = s.serialize_map(None)?;
                $( if let Some(v) = &self.$field { map.serialize_entry($json, v)?; } )*
                for (k, v) in &self.extra {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    };
}
pub(crate) use graph_struct;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_name_ignores_case_and_small_typos_but_not_unrelated_words() {
        let names = ["displayName", "description", "isHidden"];
        assert_eq!(
            closest("displayname", names.iter().copied()),
            Some("displayName")
        );
        assert_eq!(
            closest("descripton", names.iter().copied()),
            Some("description")
        );
        assert_eq!(closest("owner", names.iter().copied()), None);
        let scopes = ["allMemberUsers", "allDirectoryUsers"];
        assert_eq!(
            closest("allMembers", scopes.iter().copied()),
            Some("allMemberUsers")
        );
    }

    #[test]
    fn odata_types_are_accepted_with_or_without_hash_and_namespace() {
        assert_eq!(
            short_odata_type("#microsoft.graph.singleUser"),
            "singleUser"
        );
        assert_eq!(short_odata_type("microsoft.graph.singleUser"), "singleUser");
        assert_eq!(short_odata_type("singleUser"), "singleUser");
    }
}
