//! The only place that knows about JavaScript: each export decodes its argument
//! into [`crate::json::Value`], calls one function of [`crate::api`], and encodes
//! the answer as plain objects. No domain decisions are made here. The TypeScript
//! types of the contract are in `contract.d.ts`, appended to the generated `.d.ts`.

use crate::api;
use crate::json::Value;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CONTRACT: &str = include_str!("contract.d.ts");

/// Reads any JavaScript value as JSON data. Walks the value directly rather than
/// through serde: serde's error messages alone pull in 14 KB of float formatting.
fn read(value: JsValue) -> Result<Value, String> {
    read_at(&value, 0)
}

fn read_at(value: &JsValue, depth: usize) -> Result<Value, String> {
    if depth > crate::json::MAX_DEPTH {
        return Err(format!(
            "it nests deeper than {} levels (or refers to itself)",
            crate::json::MAX_DEPTH
        ));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if js_sys::Array::is_array(value) {
        let array = js_sys::Array::from(value);
        return array
            .iter()
            .map(|item| read_at(&item, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() {
        return Err("it holds a function, a symbol or a BigInt".to_string());
    }
    if value.is_object() {
        let object = js_sys::Object::from(value.clone());
        let mut members = Vec::new();
        for key in js_sys::Object::keys(&object).iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let member = js_sys::Reflect::get(&object, &key)
                .map_err(|_| format!("property `{name}` can't be read"))?;
            if member.is_undefined() {
                continue;
            }
            members.push((name, read_at(&member, depth + 1)?));
        }
        return Ok(Value::Object(members));
    }
    Err("it is not JSON data".to_string())
}

/// Writes an answer as plain objects (`null`s kept, no `Map`s, numbers as numbers).
fn write<T: Serialize>(answer: &T) -> JsValue {
    answer
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Validates a draft access package with its policies (api.md `validateDraft`).
#[wasm_bindgen(js_name = validateDraft, unchecked_return_type = "ValidationReport")]
pub fn validate_draft(
    #[wasm_bindgen(unchecked_param_type = "ValidateDraftRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::validate_draft(&value)),
        Err(reason) => write(&api::unreadable(&reason)),
    }
}

/// The version of the package.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}
