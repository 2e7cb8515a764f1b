//! The Graph v1.0 model of access packages (domain.md §1): serde-writable types read
//! from [`crate::json::Value`] by [`decode::Decode`], which reports wrong shapes as
//! `INPUT_*` findings and keeps every member it does not model, so that payloads
//! round-trip. No rules live here.

pub mod catalog;
pub mod decode;
pub mod directory;
pub mod enums;
pub mod index;
pub mod package;
pub mod policy;
pub mod question;
pub mod schedule;
pub mod subject_set;

pub use catalog::{
    Catalog, CustomExtension, Reference, Resource, ResourceRole, ResourceScope, RoleScope,
};
pub use decode::{Decode, Decoder, DurationText, Instant};
pub use directory::{ConnectedOrganization, Directory, Group, IdentitySource, Principal};
pub use enums::*;
pub use package::AccessPackage;
pub use policy::{
    ApprovalSettings, ApprovalStage, Policy, PolicyKind, RequestorSettings, ReviewSettings,
};
pub use question::{AnswerChoice, LocalizedText, Question, QuestionKind};
pub use schedule::{ExpirationPattern, PatternedRecurrence, Schedule};
pub use subject_set::{SubjectKind, SubjectSet};

use decode::graph_struct;

graph_struct! {
    /// A draft: the catalog, the package and its policies, as the wizard's
    /// "Review + create" sees them together (api.md "Draft").
    Draft ("draft") {
        /// The package's catalog, possibly with `resources`.
        "catalog" => catalog: Catalog,
        /// The package.
        "accessPackage" => access_package: AccessPackage,
        /// Its policies.
        "assignmentPolicies" => assignment_policies: Vec<Policy>,
    }
    accepts []
    legacy [
        "accessPackageAssignmentPolicies" => "use `assignmentPolicies`",
        "policies" => "use `assignmentPolicies`",
        "package" => "use `accessPackage`",
    ]
}

/// Where a policy of a draft was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyPlace {
    /// `/draft/assignmentPolicies/i`.
    Draft(usize),
    /// `/draft/accessPackage/assignmentPolicies/i`.
    Package(usize),
}

impl Draft {
    /// Every policy with where it was written: the draft's list first, then the package's.
    pub fn policies(&self) -> Vec<(PolicyPlace, &Policy)> {
        let top = self
            .assignment_policies
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, p)| (PolicyPlace::Draft(i), p));
        let nested = self
            .access_package
            .iter()
            .flat_map(|a| a.assignment_policies.iter().flatten())
            .enumerate()
            .map(|(i, p)| (PolicyPlace::Package(i), p));
        top.chain(nested).collect()
    }
}
