//! A JSON value of our own, the form every request takes before it is decoded.
//!
//! Requests arrive as JSON text: `JSON.stringify`'s at the wasm boundary, or a
//! native caller's (serde's `Deserialize` reads any other data model into it). Both
//! are read into [`Value`] first, whatever their
//! shape, so that decoding into the Graph model can report a wrong type at its
//! exact JSON pointer instead of failing as a whole. Objects keep their key order so
//! that what the caller sent is written back as it came. This module does not know
//! the Graph model; see [`crate::model`].

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Deepest nesting accepted in a request; deeper input is refused as a whole
/// (Graph payloads nest about ten levels; a cycle or a hostile input nests forever).
pub const MAX_DEPTH: usize = 100;

/// A JSON value. Objects are ordered lists of members, as the caller wrote them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null` (and JavaScript `undefined`).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number (JSON numbers are doubles), with the text it was read from.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in the order given.
    Object(Vec<(String, Value)>),
}

/// A JSON number, kept as the text it was read from: what the caller's
/// `JSON.stringify` wrote (the shortest form that reads back as the same double). A
/// number written back is exactly the number sent, without a float formatter or an
/// exact float parser in the wasm, and a `Value` stays 16 bytes in wasm memory.
/// Numbers compare by value.
#[derive(Debug, Clone)]
pub struct Number(Box<str>);

impl Number {
    /// The number's value (within a unit in the last place; exact for integers up
    /// to 2^53).
    pub fn get(&self) -> f64 {
        parse_number(&self.0).unwrap_or(f64::NAN)
    }

    /// The number as JSON text.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl From<f64> for Number {
    /// A number computed here: whole numbers exactly, others to fifteen digits.
    fn from(value: f64) -> Self {
        Number(crate::json_writer::number_text(value).into())
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.get() == other.get()
    }
}

impl Value {
    /// A number computed here, not read.
    pub fn number(value: f64) -> Value {
        Value::Number(Number::from(value))
    }

    /// The JSON type name used in messages (`object`, `array`, `string`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True when the value nests deeper than `limit` levels. Iterative, so that even
    /// a value built in Rust to any depth can be checked without exhausting the stack.
    pub fn nests_deeper_than(&self, limit: usize) -> bool {
        let mut stack = vec![(self, 0usize)];
        while let Some((value, depth)) = stack.pop() {
            if depth > limit {
                return true;
            }
            match value {
                Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
                Value::Object(members) => stack.extend(members.iter().map(|(_, v)| (v, depth + 1))),
                _ => {}
            }
        }
        false
    }

    /// The member `key` of an object (first occurrence), if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Builds an object from members.
    pub fn object<I: IntoIterator<Item = (String, Value)>>(members: I) -> Value {
        Value::Object(members.into_iter().collect())
    }
}

/// Writes a number for messages: whole numbers as integers, others with up to six
/// decimals. Avoids core's float formatting, which costs 14 KB of wasm.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return "not a number".to_string();
    }
    let negative = n < 0.0;
    let scaled = (n.abs() * 1_000_000.0).round();
    if scaled >= 9.0e15 {
        return if negative {
            "a very large negative number"
        } else {
            "a very large number"
        }
        .to_string();
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let micros = scaled as u64;
    let (whole, fraction) = (micros / 1_000_000, micros % 1_000_000);
    let sign = if negative && micros > 0 { "-" } else { "" };
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        let digits = format!("{fraction:06}");
        format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// Parses a JSON number (`-12`, `3.5`, `1e-7`) without core's float parser, whose
/// tables cost several KB of wasm. Exact for integers up to 2^53; other values are
/// within a unit in the last place, which is enough for the numbers Graph carries.
pub fn parse_number(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let mut mantissa: u64 = 0;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    let mut seen_point = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if seen_point {
                        exponent -= 1;
                    }
                } else if !seen_point {
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let mut e: i32 = 0;
        let start = i;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            e = e.saturating_mul(10).saturating_add(i32::from(b - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent = exponent.saturating_add(sign * e);
    }
    if i != bytes.len() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let m = mantissa as f64;
    let value = if exponent >= 0 {
        m * 10f64.powi(exponent)
    } else {
        m / 10f64.powi(-exponent)
    };
    Some(if negative { -value } else { value })
}

/// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`,
/// so that the text written back is JSON.
fn is_json_number(text: &[u8]) -> bool {
    let digits = |i: usize| {
        text.iter()
            .skip(i)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = usize::from(text.first() == Some(&b'-'));
    match text.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(i),
        _ => return false,
    }
    if text.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == text.len()
}

/// Why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at byte {offset}")]
pub struct ParseError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: &'static str,
    /// The JSON pointer of the value the problem is in.
    pub path: String,
}

impl ParseError {
    /// The error as seen from the container that holds the value at `segment`.
    fn within(mut self, segment: &str) -> ParseError {
        let segment = crate::diagnostics::pointer_segment(segment);
        self.path = format!("/{segment}{}", self.path);
        self
    }
}

/// Where a request comes from, which says whether its depth must be checked before
/// it is decoded recursively: [`parse`] refuses text nested deeper than
/// [`MAX_DEPTH`], a value built in Rust may nest to any depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// From [`parse`] (the wasm boundary).
    Parsed,
    /// Built by a Rust caller.
    Built,
}

impl Source {
    /// True when `value` must be refused for its depth.
    pub(crate) fn too_deep(self, value: &Value) -> bool {
        self == Source::Built && value.nests_deeper_than(MAX_DEPTH)
    }
}

/// Parses JSON text (RFC 8259) into a [`Value`], refusing nesting deeper than
/// [`MAX_DEPTH`]. Used at the wasm boundary, where one `JSON.stringify` and one
/// string copy cost far less than visiting every JavaScript property.
///
/// ```
/// use entitlement_policy::json::{parse, Value};
/// let v = parse(r#"{"a": [1, "x\u00e9", true, null]}"#).unwrap();
/// assert_eq!(v.get("a"), Some(&Value::Array(vec![
///     Value::number(1.0), Value::from("xé"), Value::Bool(true), Value::Null])));
/// ```
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        members: Vec::new(),
        items: Vec::new(),
    };
    let value = parser.value(0)?;
    parser.space();
    if parser.at < parser.bytes.len() {
        return Err(parser.fail("unexpected text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// Members and items of the objects and arrays being read, innermost last: each
    /// container is moved out in one allocation of its exact size when it closes,
    /// instead of growing its own vector member by member.
    members: Vec<(String, Value)>,
    items: Vec<Value>,
}

impl Parser<'_> {
    fn fail(&self, message: &'static str) -> ParseError {
        ParseError {
            offset: self.at,
            message,
            path: String::new(),
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline(always)]
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static [u8], value: Value) -> Result<Value, ParseError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("unknown literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("it nests deeper than 100 levels"));
        }
        self.space();
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let base = self.members.len();
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Value::Object(Vec::new()));
                }
                loop {
                    self.space();
                    if self.peek() != Some(b'"') {
                        return Err(self.fail("expected a member name"));
                    }
                    let key = self.string()?;
                    self.space();
                    if self.peek() != Some(b':') {
                        return Err(self.fail("expected `:`"));
                    }
                    self.at += 1;
                    let value = self.value(depth + 1).map_err(|e| e.within(&key))?;
                    self.members.push((key, value));
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Value::Object(self.members.split_off(base)));
                        }
                        _ => return Err(self.fail("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let base = self.items.len();
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Value::Array(Vec::new()));
                }
                loop {
                    let index = self.items.len() - base;
                    let item = self
                        .value(depth + 1)
                        .map_err(|e| e.within(&index.to_string()))?;
                    self.items.push(item);
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Value::Array(self.items.split_off(base)));
                        }
                        _ => return Err(self.fail("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.fail("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        let text = self
            .bytes
            .get(start..self.at)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        Some(Value::Number(Number(text.into())))
            .filter(|_| is_json_number(text.as_bytes()))
            .ok_or(ParseError {
                offset: start,
                message: "invalid number",
                path: String::new(),
            })
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("short \\u escape"))?;
        let mut n = 0u32;
        for d in digits {
            n = n * 16
                + char::from(*d)
                    .to_digit(16)
                    .ok_or_else(|| self.fail("invalid \\u escape"))?;
        }
        self.at += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            let rest = self.bytes.get(start..).unwrap_or(&[]);
            let run = rest
                .iter()
                .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20)
                .unwrap_or(rest.len());
            self.at += run;
            // The text is a `&str` and the run stops at an ASCII byte: it is valid UTF-8.
            let piece = self
                .text
                .get(start..self.at)
                .ok_or_else(|| self.fail("invalid UTF-8"))?;
            if out.is_empty() && self.peek() == Some(b'"') {
                self.at += 1;
                return Ok(piece.to_string());
            }
            out.push_str(piece);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self
                        .peek()
                        .ok_or_else(|| self.fail("unterminated string"))?;
                    self.at += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first)
                                && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let save = self.at;
                                self.at += 2;
                                let second = self.hex4()?;
                                if (0xDC00..0xE000).contains(&second) {
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                                } else {
                                    self.at = save;
                                    first
                                }
                            } else {
                                first
                            };
                            // A lone surrogate is not text: replacing it would make
                            // distinct strings equal, so the request is refused.
                            let c = char::from_u32(code).ok_or_else(|| {
                                self.fail("a string holds a lone surrogate (an unpaired \\uD800-\\uDFFF code unit), which is not text")
                            })?;
                            out.push(c);
                        }
                        _ => return Err(self.fail("invalid escape")),
                    }
                }
                _ => return Err(self.fail("unterminated string")),
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            // Our writer (the compact form) writes the text as it came; others take
            // the value.
            Value::Number(n) if !serializer.is_human_readable() => {
                serializer.serialize_newtype_struct(RAW_NUMBER, n.text())
            }
            Value::Number(n) => serialize_number(n.get(), serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// The newtype name under which a read number's text reaches a serializer:
/// [`crate::json_writer`] writes it unquoted, as it came.
pub(crate) const RAW_NUMBER: &str = "$entitlement_policy::RawNumber";

/// Writes whole numbers as integers so that `3` stays `3` and not `3.0`.
fn serialize_number<S: Serializer>(n: f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < EXACT {
        // Exact: |n| < 2^53 and whole.
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        serializer.serialize_i64(i)
    } else {
        serializer.serialize_f64(n)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Depth(0).deserialize(deserializer)
    }
}

/// A deserialisation seed that counts nesting so that no input can exhaust the stack.
#[derive(Clone, Copy)]
struct Depth(usize);

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.0 > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "the request nests deeper than {MAX_DEPTH} levels"
            )));
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Depth {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(Value::number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(Value::number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Array(
            v.iter().map(|b| Value::number(f64::from(*b))).collect(),
        ))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(Depth(self.0 + 1))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(256));
        while let Some(key) = map.next_key::<KeyString>()? {
            let value = map.next_value_seed(Depth(self.0 + 1))?;
            members.push((key.0, value));
        }
        Ok(Value::Object(members))
    }
}

/// Object keys: strings, or numbers and booleans turned into their text.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<KeyString, E> {
                Ok(KeyString(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_number_is_written_back_as_it_was_sent() {
        let text = "[0.30000000000000004,9007199254740993,1.797e+308,5e-324,-0.1,1e21,3]";
        let value = parse(text).unwrap();
        assert_eq!(crate::json_writer::to_text(&value).unwrap(), text);
    }

    #[test]
    fn numbers_outside_json_s_grammar_are_refused() {
        for bad in [
            "1.", "01", "-", "1e", "1e+", ".5", "+1", "1.5.2", "--1", "1ee2",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        for good in ["0", "-0", "0.5", "1E5", "1e-5", "-12.5e+3"] {
            assert!(parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn objects_keep_their_key_order_and_numbers_stay_integers() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":[true,null,"x",2.5]}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"b":1,"a":[true,null,"x",2.5]}"#
        );
    }

    #[test]
    fn numbers_are_written_for_messages_without_float_formatting() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(format_number(0.125), "0.125");
        assert_eq!(format_number(1e300), "a very large number");
        assert_eq!(format_number(f64::NAN), "not a number");
    }

    #[test]
    fn numbers_parse_without_core_float_parsing() {
        for (text, value) in [
            ("0", 0.0),
            ("-12", -12.0),
            ("3.5", 3.5),
            ("1e-7", 1e-7),
            ("2.5E3", 2500.0),
            ("0.1", 0.1),
        ] {
            assert_eq!(parse_number(text), Some(value), "{text}");
        }
        for bad in ["", "-", "1e", "1.2.3", "abc", "1x"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn our_parser_reads_what_serde_json_reads() {
        for text in [
            r#"{"b":1,"a":[true,null,"x",-2.5e3,{}],"c":"\u00e9\ud83d\ude00\n\"q\""}"#,
            "[]",
            " 0 ",
        ] {
            let ours = parse(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap_or_else(|_| ours.clone());
            assert_eq!(ours, theirs, "{text}");
        }
        for bad in [
            "",
            "{",
            "[1,]",
            r#"{"a" 1}"#,
            "tru",
            r#""\x""#,
            "1 2",
            "\"unterminated",
            // A lone surrogate is not text (serde_json puts U+FFFD in its place).
            r#""\ud800 lone""#,
            r#"{"k\udc00":1}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_not_overflowed() {
        let deep = "[".repeat(MAX_DEPTH + 5) + &"]".repeat(MAX_DEPTH + 5);
        // serde_json's own limit is 128 levels, above ours: the refusal below is ours.
        let err = serde_json::from_str::<Value>(&deep).unwrap_err();
        assert!(err.to_string().contains("nests deeper"), "{err}");
    }
}
