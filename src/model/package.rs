//! `accessPackage` (domain.md §1.6).

use super::catalog::{Reference, RoleScope};
use super::decode::graph_struct;
use super::policy::Policy;

graph_struct! {
    /// `accessPackage`, with its role scopes, incompatibilities and (optionally) policies inline.
    AccessPackage ("accessPackage") {
        /// RO.
        "id" => id: String,
        /// Required.
        "displayName" => display_name: String,
        /// Shown to requestors.
        "description" => description: String,
        /// Not listed in My Access.
        "isHidden" => is_hidden: bool,
        /// The catalog (required on create).
        "catalog" => catalog: Reference,
        /// Resource roles granted.
        "resourceRoleScopes" => resource_role_scopes: Vec<RoleScope>,
        /// Policies, when the payload carries them inline.
        "assignmentPolicies" => assignment_policies: Vec<Policy>,
        /// Holders of these packages can't request this one.
        "incompatibleAccessPackages" => incompatible_access_packages: Vec<Reference>,
        /// Members of these groups can't request this one.
        "incompatibleGroups" => incompatible_groups: Vec<Reference>,
    }
    accepts ["createdDateTime", "modifiedDateTime", "accessPackagesIncompatibleWith"]
    legacy [
        "catalogId" => "use `catalog: { \"id\": … }`",
        "accessPackageCatalog" => "use `catalog`",
        "accessPackageResourceRoleScopes" => "use `resourceRoleScopes`",
        "accessPackageAssignmentPolicies" => "use `assignmentPolicies`",
        "isRoleScopesVisible" => "beta property; not part of v1.0",
        "createdBy" => "beta read-only property; v1.0 has no equivalent",
        "modifiedBy" => "beta read-only property; v1.0 has no equivalent",
    ]
}

impl AccessPackage {
    /// Ids of `incompatibleAccessPackages`.
    pub fn incompatible_package_ids(&self) -> impl Iterator<Item = &str> {
        self.incompatible_access_packages
            .iter()
            .flatten()
            .filter_map(|r| r.id.as_deref())
    }

    /// Ids of `incompatibleGroups`.
    pub fn incompatible_group_ids(&self) -> impl Iterator<Item = &str> {
        self.incompatible_groups
            .iter()
            .flatten()
            .filter_map(|r| r.id.as_deref())
    }
}
