#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod api;
pub mod applicability;
pub mod approval;
pub mod bindings;
pub mod diagnostics;
pub mod duration;
pub mod json;
pub mod json_writer;
pub mod lifecycle;
pub mod membership_rule;
pub mod model;
pub mod plan;
pub mod regex;
pub mod simulation;
pub mod sort;
pub mod tenant;
pub mod upgrade;
pub mod validation;

pub use diagnostics::{Diagnostic, Path, Profile, Severity};
