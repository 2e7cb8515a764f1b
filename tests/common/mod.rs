//! Helpers shared by the native test files.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use entitlement_policy::json::Value;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.json` files of a folder of the repository, sorted.
pub fn json_files(relative: &str) -> Vec<PathBuf> {
    let dir = root().join(relative);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Reads a JSON file as our Value.
pub fn read_value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads a JSON file as serde_json's value.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Converts a serde_json value into ours.
pub fn to_value(v: &serde_json::Value) -> Value {
    serde_json::from_value(v.clone()).unwrap()
}

/// True when golden files should be rewritten instead of compared.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Applies a JSON Patch (RFC 6902 `add`, `replace`, `remove`) to `doc`.
pub fn apply_patch(doc: &mut serde_json::Value, patch: &serde_json::Value) {
    for op in patch.as_array().expect("a patch is an array") {
        let kind = op["op"].as_str().expect("op");
        let path = op["path"].as_str().expect("path");
        let (parent_path, last) = path.rsplit_once('/').expect("path has a parent");
        let last = last.replace("~1", "/").replace("~0", "~");
        let parent = if parent_path.is_empty() {
            &mut *doc
        } else {
            doc.pointer_mut(parent_path)
                .unwrap_or_else(|| panic!("no {parent_path} for {path}"))
        };
        match (kind, parent) {
            ("remove", serde_json::Value::Object(m)) => {
                m.remove(&last)
                    .unwrap_or_else(|| panic!("nothing to remove at {path}"));
            }
            ("remove", serde_json::Value::Array(a)) => {
                a.remove(last.parse::<usize>().unwrap());
            }
            ("add" | "replace", serde_json::Value::Object(m)) => {
                m.insert(last, op["value"].clone());
            }
            ("add", serde_json::Value::Array(a)) if last == "-" => a.push(op["value"].clone()),
            ("append-many", serde_json::Value::Object(m)) => {
                // Our addition for large inputs: appends `count` copies of `value` to the
                // array at `path`, each `{n}` in its strings replaced by the copy's number
                // (1-based, twelve digits, so that it can end a GUID).
                let list = m.entry(last).or_insert_with(|| serde_json::json!([]));
                let count = op["count"].as_u64().expect("count");
                let template = serde_json::to_string(&op["value"]).unwrap();
                for n in 1..=count {
                    let text = template.replace("{n}", &format!("{n:012}"));
                    list.as_array_mut()
                        .expect("an array")
                        .push(serde_json::from_str(&text).unwrap());
                }
            }
            ("add", serde_json::Value::Array(a)) => {
                a.insert(last.parse().unwrap(), op["value"].clone())
            }
            ("replace", serde_json::Value::Array(a)) => {
                a[last.parse::<usize>().unwrap()] = op["value"].clone()
            }
            (k, _) => panic!("unsupported patch op {k} at {path}"),
        }
    }
}

/// A small deterministic generator (linear congruential), for generated test inputs.
pub struct Rng(pub u64);

impl Rng {
    /// A number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// An index below `n`.
    pub fn pick(&mut self, n: usize) -> usize {
        self.next(n as u64) as usize
    }
}
