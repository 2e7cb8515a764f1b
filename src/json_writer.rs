//! Writes any `serde::Serialize` value as JSON text: answers cross the wasm boundary
//! as one string and one `JSON.parse`, which is faster for large answers and smaller
//! in code than building JavaScript objects property by property.
//!
//! Numbers: integers exactly; other finite numbers with up to fifteen significant
//! digits (answers only carry fractions that callers sent, such as an unusual
//! `sequence`); non-finite numbers as `null`, as `JSON.stringify` does.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write};

/// Why a value could not be written (only for map keys that are not strings).
#[derive(Debug)]
pub struct WriteError(String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// `value` as JSON text.
///
/// ```
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Answer { error_count: usize, help: Option<String>, codes: Vec<&'static str> }
/// let text = entitlement_policy::json_writer::to_text(&Answer { error_count: 2, help: None, codes: vec!["A\"B"] }).unwrap();
/// assert_eq!(text, r#"{"errorCount":2,"help":null,"codes":["A\"B"]}"#);
/// ```
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let mut out = Writer {
        out: String::with_capacity(256),
        raw: false,
    };
    value.serialize(&mut out)?;
    Ok(out.out)
}

struct Writer {
    out: String,
    /// The next string is a read number's text ([`crate::json::RAW_NUMBER`]).
    raw: bool,
}

fn write_string(out: &mut String, s: &str) {
    // Most strings (ids, names, codes) need no escape: one copy.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// A computed number as JSON text: whole numbers exactly, others to fifteen digits.
pub(crate) fn number_text(n: f64) -> String {
    let mut out = String::new();
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)]
        let _ = write!(out, "{}", n as i64);
    } else {
        write_float(&mut out, n);
    }
    out
}

/// Up to fifteen significant digits, without core's float formatting or libm's
/// `pow` and `log10` (the wasm writes computed numbers only: a read number keeps its
/// text).
fn write_float(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n == 0.0 {
        out.push('0');
        return;
    }
    // The decimal exponent, in steps of ten.
    let (mut mantissa, mut magnitude) = (n.abs(), 0i32);
    while mantissa >= 10.0 {
        mantissa /= 10.0;
        magnitude += 1;
    }
    while mantissa < 1.0 {
        mantissa *= 10.0;
        magnitude -= 1;
    }
    if !(-6..15).contains(&magnitude) {
        // Very large or very small: a scientific form with fifteen digits.
        write_fixed(out, mantissa.copysign(n), 14);
        let _ = write!(out, "e{magnitude}");
        return;
    }
    #[allow(clippy::cast_sign_loss)]
    let decimals = (14 - magnitude).clamp(0, 20) as usize;
    write_fixed(out, n, decimals);
}

/// `n` with at most `decimals` fraction digits, trailing zeros trimmed (fewer than
/// sixteen significant digits, so that they fit a `u64`).
fn write_fixed(out: &mut String, n: f64, decimals: usize) {
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
    let scaled = (n.abs() * scale).round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let digits = scaled as u64;
    let text = digits.to_string();
    let text = if text.len() <= decimals {
        format!("{}{text}", "0".repeat(decimals + 1 - text.len()))
    } else {
        text
    };
    let (whole, fraction) = text.split_at(text.len() - decimals);
    if n < 0.0 {
        out.push('-');
    }
    out.push_str(whole);
    let fraction = fraction.trim_end_matches('0');
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
}

/// Writes a comma before every element but the first.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.out.push(',');
        }
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        write_float(&mut self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        if std::mem::take(&mut self.raw) {
            self.out.push_str(v);
        } else {
            write_string(&mut self.out, v);
        }
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    /// The compact form: a read number's text as it came ([`crate::json::RAW_NUMBER`]).
    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.raw = name == crate::json::RAW_NUMBER;
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.out.push('{');
        write_string(&mut self.out, variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, WriteError> {
        self.out.push('[');
        Ok(Compound {
            w: self,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        write_string(&mut self.out, variant);
        self.out.push_str(":[");
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, WriteError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        write_string(&mut self.out, variant);
        self.out.push_str(":{");
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push(']');
        self.w.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.comma();
        let mut text = Writer {
            out: String::new(),
            raw: false,
        };
        key.serialize(&mut text)?;
        if !text.out.starts_with('"') {
            return Err(ser::Error::custom("map keys must be strings"));
        }
        self.w.out.push_str(&text.out);
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.comma();
        write_string(&mut self.w.out, key);
        self.w.out.push(':');
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push_str("}}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;

    #[test]
    fn text_parses_back_to_the_same_value_with_escapes_and_numbers() {
        let v = crate::json::parse(
            r#"{"a":[1,-2.5,0.1,1e21,3e-7,true,null],"b":"q\"\\\n\u0001é😀","":{}}"#,
        )
        .unwrap();
        let text = to_text(&v).unwrap();
        let back: Value = crate::json::parse(&text).unwrap();
        assert_eq!(back, v, "{text}");
        assert_eq!(to_text(&Value::number(0.1)).unwrap(), "0.1");
        assert_eq!(to_text(&Value::number(-1234.5)).unwrap(), "-1234.5");
        assert_eq!(to_text(&Value::number(f64::NAN)).unwrap(), "null");
    }
}
