//! Catalogs and what they hold: resources, their roles and scopes, custom
//! extensions (domain.md §1.1–§1.5, §1.17, §1.20), and references to other entities.

use super::decode::{graph_struct, Decode, Decoder, Extra};
use super::enums::{CatalogState, CatalogType, RoleType};
use crate::diagnostics::Path;
use crate::json::Value;

graph_struct! {
    /// `accessPackageCatalog`.
    Catalog ("accessPackageCatalog") {
        /// RO.
        "id" => id: String,
        /// Required on create.
        "displayName" => display_name: String,
        /// Shown to users.
        "description" => description: String,
        /// Enabled or not.
        "state" => state: CatalogState,
        /// Enabled for external users.
        "isExternallyVisible" => is_externally_visible: bool,
        /// Set by the service.
        "catalogType" => catalog_type: CatalogType,
        /// Resources of the catalog, with their roles and scopes.
        "resources" => resources: Vec<Resource>,
        /// Roles of catalog resources.
        "resourceRoles" => resource_roles: Vec<ResourceRole>,
        /// Scopes of catalog resources.
        "resourceScopes" => resource_scopes: Vec<ResourceScope>,
        /// Custom extensions defined in this catalog.
        "customWorkflowExtensions" => custom_workflow_extensions: Vec<CustomExtension>,
    }
    accepts ["createdDateTime", "modifiedDateTime", "accessPackages"]
    legacy [
        "catalogStatus" => "use `state` (`published` or `unpublished`)",
        "createdBy" => "beta read-only property; v1.0 has no equivalent",
        "modifiedBy" => "beta read-only property; v1.0 has no equivalent",
    ]
}

graph_struct! {
    /// `accessPackageResource`.
    Resource ("accessPackageResource") {
        /// RO.
        "id" => id: String,
        /// Name.
        "displayName" => display_name: String,
        /// Description.
        "description" => description: String,
        /// Id in the origin system.
        "originId" => origin_id: String,
        /// `AadGroup`, `AadApplication`, `SharePointOnline`, `DirectoryRole`, …
        "originSystem" => origin_system: String,
        /// Attributes requestors must supply.
        "attributes" => attributes: Vec<ResourceAttribute>,
        /// Roles.
        "roles" => roles: Vec<ResourceRole>,
        /// Scopes.
        "scopes" => scopes: Vec<ResourceScope>,
    }
    accepts ["createdDateTime", "modifiedDateTime", "environment", "uploadSessions"]
    legacy [
        "resourceType" => "beta property; v1.0 identifies the kind of resource by `originSystem`",
        "url" => "beta property; not part of the v1.0 resource",
        "isPendingOnboarding" => "beta read-only property; v1.0 has no equivalent",
        "addedBy" => "beta read-only property; v1.0 has no equivalent",
        "addedOn" => "beta read-only property; use `createdDateTime`",
        "accessPackageResourceEnvironment" => "use `environment`",
    ]
}

graph_struct! {
    /// `accessPackageResourceAttribute` (catalog "Require attributes").
    ResourceAttribute ("accessPackageResourceAttribute") {
        /// Attribute name.
        "name" => name: String,
        /// The question asked.
        "source" => source: Value,
        /// Where the answer is written.
        "destination" => destination: Value,
        /// Whether an existing value may be changed.
        "isEditable" => is_editable: bool,
        /// Whether the value stays after the assignment ends.
        "isPersistedOnAssignmentRemoval" => is_persisted_on_assignment_removal: bool,
    }
    accepts ["id"]
    legacy []
}

graph_struct! {
    /// `accessPackageResourceRole`.
    ResourceRole ("accessPackageResourceRole") {
        /// RO.
        "id" => id: String,
        /// Name (`Member`, `Owner`, …).
        "displayName" => display_name: String,
        /// Description.
        "description" => description: String,
        /// `Member_<groupId>`, a SharePoint role number, `Eligible`/`Active`, an app role id.
        "originId" => origin_id: String,
        /// As on the resource.
        "originSystem" => origin_system: String,
        /// Round-tripped only.
        "type" => role_type: RoleType,
        /// The resource this role belongs to.
        "resource" => resource: Box<Resource>,
    }
    accepts []
    legacy [
        "accessPackageResource" => "use `resource`",
    ]
}

graph_struct! {
    /// `accessPackageResourceScope`.
    ResourceScope ("accessPackageResourceScope") {
        /// RO.
        "id" => id: String,
        /// Typically `Root`.
        "displayName" => display_name: String,
        /// Description.
        "description" => description: String,
        /// Top of a scope hierarchy.
        "isRootScope" => is_root_scope: bool,
        /// Group id, site URL, …
        "originId" => origin_id: String,
        /// As on the resource.
        "originSystem" => origin_system: String,
        /// The resource this scope belongs to.
        "resource" => resource: Box<Resource>,
    }
    accepts []
    legacy [
        "accessPackageResource" => "use `resource`",
        "roleOriginId" => "beta property; not part of v1.0",
    ]
}

graph_struct! {
    /// `accessPackageResourceRoleScope`: a role of a resource, granted at a scope.
    RoleScope ("accessPackageResourceRoleScope") {
        /// RO (`<roleId>_<scopeId>`).
        "id" => id: String,
        /// The role.
        "role" => role: ResourceRole,
        /// The scope.
        "scope" => scope: ResourceScope,
    }
    accepts ["createdDateTime"]
    legacy [
        "accessPackageResourceRole" => "use `role`",
        "accessPackageResourceScope" => "use `scope`",
    ]
}

graph_struct! {
    /// `customCalloutExtension` (request-workflow or pre-expiration extension).
    CustomExtension ("customCalloutExtension") {
        /// The concrete type.
        "@odata.type" => odata_type: String,
        /// RO.
        "id" => id: String,
        /// Name.
        "displayName" => display_name: String,
        /// Description.
        "description" => description: String,
        /// Logic App endpoint.
        "endpointConfiguration" => endpoint_configuration: Value,
        /// Authentication.
        "authenticationConfiguration" => authentication_configuration: Value,
        /// Retries and timeout.
        "clientConfiguration" => client_configuration: Value,
        /// Launch-and-wait settings.
        "callbackConfiguration" => callback_configuration: CallbackConfiguration,
    }
    accepts ["createdBy", "createdDateTime", "lastModifiedBy", "lastModifiedDateTime"]
    legacy []
    types (false) ["accessPackageAssignmentRequestWorkflowExtension", "accessPackageAssignmentWorkflowExtension", "customCalloutExtension"]
}

/// Kind of custom extension, from its `@odata.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomExtensionKind {
    /// `accessPackageAssignmentRequestWorkflowExtension` ("Request workflow").
    RequestWorkflow,
    /// `accessPackageAssignmentWorkflowExtension` ("pre-expiration").
    PreExpiration,
    /// No or another type.
    Unknown,
}

impl CustomExtension {
    /// The kind, from `@odata.type`.
    pub fn kind(&self) -> CustomExtensionKind {
        match self
            .odata_type
            .as_deref()
            .map(super::decode::short_odata_type)
        {
            Some("accessPackageAssignmentRequestWorkflowExtension") => {
                CustomExtensionKind::RequestWorkflow
            }
            Some("accessPackageAssignmentWorkflowExtension") => CustomExtensionKind::PreExpiration,
            _ => CustomExtensionKind::Unknown,
        }
    }
}

graph_struct! {
    /// `customExtensionCallbackConfiguration`.
    CallbackConfiguration ("customExtensionCallbackConfiguration") {
        /// The concrete type.
        "@odata.type" => odata_type: String,
        /// How long to wait for the callback.
        "timeoutDuration" => timeout_duration: super::decode::DurationText,
    }
    accepts ["authorizedApps"]
    legacy []
}

/// A reference to another entity (`{"id": …}`, an expanded entity, or `{"@odata.id": …}`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// The id, from `id` or from the last segment of `@odata.id`.
    pub id: Option<String>,
    /// Every member as given.
    pub members: Extra,
}

impl Decode for Reference {
    fn decode(value: Value, path: &Path<'_>, d: &mut Decoder) -> Result<Self, Value> {
        let members = d.object(value, path, "reference")?;
        let mut id = None;
        let mut odata_id = None;
        for (k, v) in &members {
            match (k.as_str(), v) {
                ("id", Value::String(s)) => id = Some(s.clone()),
                ("id", Value::Null) => {}
                ("id", other) => d.wrong_type(other, &path.key("id"), "a string"),
                ("@odata.id", Value::String(url)) => odata_id = id_from_odata_id(url),
                _ => {}
            }
        }
        Ok(Reference {
            id: id.or(odata_id),
            members,
        })
    }
}

impl Reference {
    /// The member the id was read from: `id`, or `@odata.id`.
    pub fn id_member(&self) -> &'static str {
        if self.members.iter().any(|(k, _)| k == "id") {
            "id"
        } else {
            "@odata.id"
        }
    }
}

impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::Object(self.members.clone()).serialize(s)
    }
}

/// The entity id at the end of an `@odata.id` URL (`…/accessPackages/<id>` or `…/accessPackages('<id>')`).
pub fn id_from_odata_id(url: &str) -> Option<String> {
    let trimmed = url.trim_end_matches('/');
    let last = trimmed.rsplit('/').next()?;
    let id = match (last.find("('"), last.ends_with("')")) {
        (Some(open), true) => last.get(open + 2..last.len() - 2)?,
        _ => last,
    };
    (!id.is_empty()).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ids_come_from_id_or_from_the_odata_id_url() {
        assert_eq!(
            id_from_odata_id("https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/a1"),
            Some("a1".into())
        );
        assert_eq!(
            id_from_odata_id("https://graph.microsoft.com/v1.0/groups('g1')"),
            Some("g1".into())
        );
    }
}
