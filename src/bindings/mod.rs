//! The only place that knows about JavaScript: each export decodes its argument
//! into [`crate::json::Value`], calls one function of [`crate::api`], and encodes
//! the answer as plain objects. No domain decisions are made here. The TypeScript
//! types of the contract are in `contract.d.ts`, appended to the generated `.d.ts`.

use crate::api;
use crate::json::{Source, Value};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CONTRACT: &str = include_str!("contract.d.ts");

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Reads any JavaScript value as JSON data: one `JSON.stringify`, one native UTF-8
/// encoding and one copy into wasm memory, then our parser; far cheaper than visiting
/// every property across the boundary. (The generated glue's own string passing
/// copies an ASCII string character by character in JavaScript, which took a
/// quarter of a typical call.) `undefined` members are dropped, as
/// `JSON.stringify` drops them.
///
/// Measured against serde-wasm-bindgen both ways and JSON text through serde_json
/// (`tests/js/bench-boundary.sh`, README "Benchmarks"): 2.1-2.7x and 1.05-1.16x
/// slower than this path, and 13 and 9 KiB more brotli, beyond the budget.
fn read(value: JsValue) -> Result<Value, Unreadable> {
    let text = stringify(value)?;
    crate::json::parse(&text).map_err(|e| (format!("{e}"), e.path))
}

/// Why a request could not be read, and the JSON pointer of where.
type Unreadable = (String, String);

/// The longest request read, in UTF-16 units of its JSON (README "Limits"): a tenant at
/// Entra's limits is well under it, and reading it stays far from the 4 GiB of wasm
/// memory.
const MAX_REQUEST_CHARS: usize = 256 << 20;

/// The request as JSON text, in wasm memory.
fn stringify(value: JsValue) -> Result<String, Unreadable> {
    if value.is_undefined() {
        return Ok("null".to_string());
    }
    let text = js_sys::JSON::stringify(&value).map_err(|e| (why_unreadable(&e), String::new()))?;
    if !text.is_string() {
        return Err(("it is not JSON data".to_string(), String::new()));
    }
    let length = text.length() as usize;
    if length > MAX_REQUEST_CHARS {
        let reason = format!(
            "it is {} MiB of JSON, above the limit of {} MiB",
            length >> 20,
            MAX_REQUEST_CHARS >> 20
        );
        return Err((reason, String::new()));
    }
    if length > 1 << 20 {
        // A large request (a tenant): let the allocator take the memory it will need
        // in one step. Growing wasm memory a page at a time is slow.
        drop(Vec::<u8>::with_capacity(length.saturating_mul(4)));
    }
    let bytes = ENCODER.with(|encoder| encoder.encode(&text)).to_vec();
    String::from_utf8(bytes).map_err(|_| ("it is not JSON data".to_string(), String::new()))
}

/// What made `JSON.stringify` throw, in words: a cycle, a BigInt, or a getter or
/// `toJSON` of the caller's that threw (with its message).
fn why_unreadable(error: &JsValue) -> String {
    let message = js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if message.contains("ircular") || message.contains("yclic") {
        "it refers to itself (a cycle)".to_string()
    } else if message.contains("BigInt") {
        "it holds a BigInt, which is not JSON data".to_string()
    } else {
        let first = message.lines().next().unwrap_or("");
        format!("reading it threw ({first}): a getter or toJSON failed, or it nests too deeply")
    }
}

/// Writes an answer as plain objects (`null`s kept, no `Map`s, numbers as numbers):
/// our JSON text and one `JSON.parse`.
fn write<T: Serialize>(answer: &T) -> JsValue {
    crate::json_writer::to_text(answer)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Validates a draft access package with its policies (api.md `validateDraft`).
#[wasm_bindgen(js_name = validateDraft, unchecked_return_type = "ValidationReport")]
pub fn validate_draft(
    #[wasm_bindgen(unchecked_param_type = "ValidateDraftRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::validate_draft_from(value, Source::Parsed)),
        Err((reason, path)) => write(&api::unreadable(&reason, &path)),
    }
}

/// Which policies of a package apply to a requester, and why not (api.md `applicablePolicies`).
#[wasm_bindgen(js_name = applicablePolicies, unchecked_return_type = "Applicability")]
pub fn applicable_policies(
    #[wasm_bindgen(unchecked_param_type = "ApplicablePoliciesRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::ApplicabilityCall::from_source(value, Source::Parsed).answer()),
        Err((reason, path)) => write(&api::Applicability {
            answer: api::empty_answer(),
            diagnostics: api::unreadable(&reason, &path).diagnostics,
        }),
    }
}

/// What happens to one request, as a dated timeline (api.md `simulateRequest`).
#[wasm_bindgen(js_name = simulateRequest, unchecked_return_type = "Simulation")]
pub fn simulate_request(
    #[wasm_bindgen(unchecked_param_type = "SimulateRequestRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::simulate_request_from(value, Source::Parsed)),
        Err((reason, path)) => write(&crate::simulation::Outcome {
            request: crate::simulation::State {
                state: "denied",
                status: "Rejected",
            },
            assignment: None,
            timeline: Vec::new(),
            diagnostics: api::unreadable(&reason, &path).diagnostics,
        }),
    }
}

/// The Graph calls that create a draft, or change the current package into it (api.md `creationPlan`).
#[wasm_bindgen(js_name = creationPlan, unchecked_return_type = "CreationPlan")]
pub fn creation_plan(
    #[wasm_bindgen(unchecked_param_type = "CreationPlanRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::creation_plan_from(value, Source::Parsed)),
        Err((reason, path)) => write(&crate::plan::CreationPlan {
            valid: false,
            diagnostics: api::unreadable(&reason, &path).diagnostics,
            steps: Vec::new(),
            powershell: String::new(),
            http: String::new(),
        }),
    }
}

/// A beta-era payload as a v1.0 draft, with its mappings (api.md `upgradeDraft`).
#[wasm_bindgen(js_name = upgradeDraft, unchecked_return_type = "Upgrade")]
pub fn upgrade_draft(
    #[wasm_bindgen(unchecked_param_type = "UpgradeDraftRequest")] request: JsValue,
) -> JsValue {
    match read(request) {
        Ok(value) => write(&api::upgrade_draft_from(value, Source::Parsed)),
        Err((reason, path)) => write(&api::Upgrade {
            draft: crate::json::Value::Null,
            mappings: Vec::new(),
            diagnostics: api::unreadable(&reason, &path).diagnostics,
        }),
    }
}

/// A whole tenant loaded once and indexed (api.md `Tenant`).
#[wasm_bindgen]
pub struct Tenant {
    inner: crate::tenant::Tenant,
}

#[wasm_bindgen]
impl Tenant {
    /// Loads and indexes a snapshot; entries that can't be loaded go to `diagnostics()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TenantSnapshot")] snapshot: JsValue,
    ) -> Tenant {
        let inner = match read(snapshot) {
            Ok(value) => crate::tenant::Tenant::from_source(value, Source::Parsed),
            Err((reason, path)) => crate::tenant::Tenant::unreadable(&reason, &path),
        };
        Tenant { inner }
    }

    /// Entries of the snapshot that could not be loaded, with their paths.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn diagnostics(&self) -> JsValue {
        write(&self.inner.diagnostics())
    }

    /// Packages the requester may request for themselves (like `filterByCurrentUser(on='allowedRequestor')`).
    #[wasm_bindgen(js_name = requestablePackages, unchecked_return_type = "RequestablePackage[]")]
    pub fn requestable_packages(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Principal")] requester: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestablePackagesOptions")] options: JsValue,
    ) -> JsValue {
        let mut d = crate::model::Decoder::new();
        let requester = crate::tenant::read_principal(read(requester).unwrap_or_default(), &mut d);
        let options: crate::tenant::RequestableOptions =
            crate::tenant::read_options(read(options).unwrap_or_default(), &mut d);
        let include_hidden = options.include_hidden.unwrap_or(false);
        let now = options.now.as_ref().and_then(|t| t.parsed);
        write(
            &self
                .inner
                .requestable_packages(&requester, include_hidden, now),
        )
    }

    /// The applicability of one package, as `applicablePolicies` gives it for a draft.
    #[wasm_bindgen(js_name = applicablePolicies, unchecked_return_type = "Applicability")]
    pub fn applicable_policies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] access_package_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Principal")] requester: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TenantApplicabilityOptions")] options: JsValue,
    ) -> JsValue {
        let mut d = crate::model::Decoder::new();
        let id = access_package_id.as_string().unwrap_or_default();
        let requester = crate::tenant::read_principal(read(requester).unwrap_or_default(), &mut d);
        let options: crate::tenant::TenantQueryOptions =
            crate::tenant::read_options(read(options).unwrap_or_default(), &mut d);
        let diagnostics = d.findings.into_vec();
        write(
            &self
                .inner
                .applicable_policies(&id, &requester, &options, diagnostics),
        )
    }
}

/// The version of the package.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}
