//! Entra's tenant limits (domain.md §2.11, §9 R14), as warnings against a snapshot:
//! what a tenant holds beyond them is over what Entra lets a tenant hold, so the
//! snapshot is either not a real tenant's or is about to meet the service's refusal.

use super::Tenant;
use crate::diagnostics::{Diagnostic, Severity};

/// A limit: its rule id, what it counts, where that is in the snapshot, and how many are allowed.
struct Limit {
    code: &'static str,
    what: &'static str,
    pointer: &'static str,
    most: usize,
}

const LIMITS: [Limit; 6] = [
    Limit {
        code: "LIMIT_TENANT_PACKAGES",
        what: "access packages",
        pointer: "/accessPackages",
        most: 20_000,
    },
    Limit {
        code: "LIMIT_TENANT_POLICIES",
        what: "assignment policies",
        pointer: "/assignmentPolicies",
        most: 25_000,
    },
    Limit {
        code: "LIMIT_TENANT_CATALOGS",
        what: "catalogs",
        pointer: "/catalogs",
        most: 7_500,
    },
    Limit {
        code: "LIMIT_TENANT_CONNECTED_ORGS",
        what: "connected organizations",
        pointer: "/directory/connectedOrganizations",
        most: 2_500,
    },
    Limit {
        code: "LIMIT_TENANT_ASSIGNMENTS",
        what: "assignments",
        pointer: "/directory",
        most: 300_000,
    },
    Limit {
        code: "LIMIT_TENANT_CUSTOM_EXTENSIONS",
        what: "custom extensions",
        pointer: "/catalogs",
        most: 500,
    },
];

impl Tenant {
    /// The tenant limits the snapshot goes beyond.
    pub(super) fn limits(&self) -> Vec<Diagnostic> {
        let users = self.directory.users.as_deref().unwrap_or(&[]);
        let counts = [
            self.packages.len(),
            self.policies.len(),
            self.catalogs.len(),
            self.directory
                .connected_organizations
                .as_ref()
                .map_or(0, Vec::len),
            users
                .iter()
                .map(|u| u.assignments.as_ref().map_or(0, Vec::len))
                .sum(),
            self.catalogs
                .iter()
                .map(|c| c.custom_workflow_extensions.as_ref().map_or(0, Vec::len))
                .sum(),
        ];
        LIMITS
            .iter()
            .zip(counts)
            .filter(|(limit, count)| *count > limit.most)
            .map(|(limit, count)| {
                Diagnostic::new(
                    limit.code,
                    Severity::Warning,
                    limit.pointer,
                    format!("the snapshot holds {count} {}, more than the {} Entra allows in one tenant", limit.what, limit.most),
                )
                .with_help(format!("Entra refuses to create {} beyond {} per tenant", limit.what, limit.most))
            })
            .collect()
    }
}
