//! Real Graph payloads round-trip: decoding a draft into the model and writing it back
//! gives the JSON that came in, unknown enum values, unknown `@odata.type`s, annotations,
//! read-only and unknown properties included.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use entitlement_policy::diagnostics::Path;
use entitlement_policy::model::{Decode, Decoder, Directory, Draft};

#[test]
fn every_fixture_draft_and_directory_is_written_back_as_it_came() {
    let mut checked = 0;
    for file in common::json_files("tests/fixtures/validateDraft") {
        let doc = common::read_json(&file);
        // Booleans and numbers written as strings are read as what they mean (and
        // written back as booleans and numbers): that fixture is not byte-preserving.
        if serde_json::to_string(&doc["expected"])
            .unwrap()
            .contains("INPUT_STRING_ENCODED_VALUE")
        {
            continue;
        }
        for (name, member) in [
            ("draft", &doc["request"]["draft"]),
            ("directory", &doc["request"]["directory"]),
        ] {
            if !member.is_object() {
                continue;
            }
            let value = common::to_value(member);
            let mut d = Decoder::new();
            let written = if name == "draft" {
                serde_json::to_value(Draft::decode(value, &Path::root(), &mut d).unwrap()).unwrap()
            } else {
                serde_json::to_value(Directory::decode(value, &Path::root(), &mut d).unwrap())
                    .unwrap()
            };
            assert_eq!(&written, member, "{} {name}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} documents checked");
}

#[test]
fn unknown_enum_values_and_subject_types_are_kept_and_written_back() {
    let text = r##"{"accessPackage": {"displayName": "p", "catalog": {"id": "c"}},
      "assignmentPolicies": [{"allowedTargetScope": "allDirectoryRobots",
        "@odata.etag": "W/1", "futureSetting": {"x": 1},
        "specificAllowedTargets": [{"@odata.type": "#microsoft.graph.futureSubjectSet", "anything": [1, 2]}],
        "expiration": {"type": "afterDuration", "duration": "P30D", "endDateTime": null}}]}"##;
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    let draft = Draft::decode(common::to_value(&json), &Path::root(), &mut Decoder::new()).unwrap();
    assert_eq!(serde_json::to_value(&draft).unwrap(), json);
}
