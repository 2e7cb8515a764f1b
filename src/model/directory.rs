//! What the caller knows about the tenant: groups, users (as [`Principal`]s),
//! connected organizations, other packages and catalogs (api.md "Directory").
//! Everything is optional; rules that need absent data are skipped.

use super::catalog::{Catalog, Reference};
use super::decode::graph_struct;
use super::enums::ConnectedOrganizationState;
use super::package::AccessPackage;
use super::schedule::Schedule;
use crate::json::Value;
use crate::membership_rule::{AttributeSource, AttributeValue, MembershipRule, NotEvaluable};

graph_struct! {
    /// The directory of api.md.
    Directory ("directory") {
        /// Groups with their members.
        "groups" => groups: Vec<Group>,
        /// Users and service principals.
        "users" => users: Vec<Principal>,
        /// Connected organizations.
        "connectedOrganizations" => connected_organizations: Vec<ConnectedOrganization>,
        /// Other access packages (for incompatibility references).
        "accessPackages" => access_packages: Vec<AccessPackage>,
        /// Other catalogs (for name uniqueness and custom extensions).
        "catalogs" => catalogs: Vec<Catalog>,
        /// Entra role definitions (for privileged roles).
        "roleDefinitions" => role_definitions: Vec<RoleDefinition>,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// A group as the rules need it.
    Group ("group") {
        /// Object id.
        "id" => id: String,
        /// Name.
        "displayName" => display_name: String,
        /// Dynamic membership.
        "isDynamic" => is_dynamic: bool,
        /// Security-enabled.
        "securityEnabled" => security_enabled: bool,
        /// Mail-enabled.
        "mailEnabled" => mail_enabled: bool,
        /// `Unified` for Microsoft 365 groups, `DynamicMembership` for dynamic ones.
        "groupTypes" => group_types: Vec<String>,
        /// Synchronised from on-premises AD.
        "onPremisesSyncEnabled" => on_premises_sync_enabled: bool,
        /// Direct members.
        "memberIds" => member_ids: Vec<String>,
    }
    accepts ["description", "mail", "membershipRule", "@odata.type"]
    legacy []
}

impl Group {
    /// Dynamic membership, from `isDynamic` or `groupTypes`.
    pub fn dynamic(&self) -> bool {
        self.is_dynamic.unwrap_or(false)
            || self
                .group_types
                .iter()
                .flatten()
                .any(|t| t.eq_ignore_ascii_case("DynamicMembership"))
    }

    /// An Exchange distribution group: mail-enabled, not security-enabled, not a Microsoft 365 group.
    pub fn distribution(&self) -> bool {
        self.mail_enabled == Some(true)
            && self.security_enabled == Some(false)
            && !self
                .group_types
                .iter()
                .flatten()
                .any(|t| t.eq_ignore_ascii_case("Unified"))
    }
}

graph_struct! {
    /// An Entra role definition.
    RoleDefinition ("unifiedRoleDefinition") {
        /// Role definition (template) id, the resource's `originId`.
        "id" => id: String,
        /// Name.
        "displayName" => display_name: String,
        /// Tagged privileged.
        "isPrivileged" => is_privileged: bool,
    }
    accepts ["templateId", "description", "isBuiltIn", "isEnabled"]
    legacy []
}

graph_struct! {
    /// A user or service principal (api.md "Principal").
    Principal ("principal") {
        /// Object id; absent or null when not yet in the directory.
        "id" => id: String,
        /// `user` (default), `servicePrincipal` or `agentIdentity`.
        "kind" => kind: String,
        /// Name, for display.
        "displayName" => display_name: String,
        /// `Member` or `Guest`.
        "userType" => user_type: String,
        /// Sign-in allowed (default true).
        "accountEnabled" => account_enabled: bool,
        /// E-mail address.
        "mail" => mail: String,
        /// Tenant the user signs in with.
        "homeTenantId" => home_tenant_id: String,
        /// How an external user signs in: `entra`, `otp`, `federation`, `msa`, `social`.
        "authKind" => auth_kind: String,
        /// Pre-resolved connected organization.
        "connectedOrganizationId" => connected_organization_id: String,
        /// Groups.
        "groupIds" => group_ids: Vec<String>,
        /// Manager chain: direct manager first.
        "managerIds" => manager_ids: Vec<String>,
        /// Sponsors.
        "sponsorIds" => sponsor_ids: Vec<String>,
        /// Attributes for dynamic rules.
        "attributes" => attributes: Value,
        /// Current assignments.
        "assignments" => assignments: Vec<AssignmentSummary>,
        /// Open requests.
        "openRequests" => open_requests: Vec<OpenRequest>,
        /// When the user last signed in (Graph's `user.signInActivity`), for review
        /// recommendations.
        "signInActivity" => sign_in_activity: SignInActivity,
        /// The directory record says the user never signed in (our addition, for review
        /// recommendations when `signInActivity` is not given: domain.md §9 R9).
        "neverSignedIn" => never_signed_in: bool,
    }
    accepts ["userPrincipalName", "@odata.type"]
    legacy []
}

graph_struct! {
    /// Graph's `signInActivity` of a user.
    SignInActivity ("signInActivity") {
        /// The last interactive sign-in.
        "lastSignInDateTime" => last_sign_in_date_time: super::decode::Instant,
        /// The last non-interactive sign-in.
        "lastNonInteractiveSignInDateTime" => last_non_interactive_sign_in_date_time: super::decode::Instant,
    }
    accepts [
        "lastSignInRequestId",
        "lastNonInteractiveSignInRequestId",
        "lastSuccessfulSignInDateTime",
        "lastSuccessfulSignInRequestId"
    ]
    legacy []
}

impl SignInActivity {
    /// The latest sign-in of either kind.
    pub fn last(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let interactive = self.last_sign_in_date_time.as_ref().and_then(|t| t.parsed);
        let other = self
            .last_non_interactive_sign_in_date_time
            .as_ref()
            .and_then(|t| t.parsed);
        interactive.max(other)
    }
}

graph_struct! {
    /// An assignment a principal holds: api.md's summary (`accessPackageId`,
    /// `assignmentPolicyId`), or Graph v1.0's `accessPackageAssignment` as listed with
    /// `$expand=target,accessPackage,assignmentPolicy`.
    AssignmentSummary ("assignment") {
        /// Package.
        "accessPackageId" => access_package_id: String,
        /// Policy it was granted under.
        "assignmentPolicyId" => assignment_policy_id: String,
        /// The package, as Graph's `accessPackageAssignment` names it.
        "accessPackage" => access_package: Reference,
        /// The policy, as Graph's `accessPackageAssignment` names it.
        "assignmentPolicy" => assignment_policy: Reference,
        /// `accessPackageAssignmentState` value.
        "state" => state: String,
        /// Start and end.
        "schedule" => schedule: Schedule,
    }
    accepts ["id", "status", "targetId", "expiredDateTime", "target", "customExtensionCalloutInstances"]
    legacy []
}

impl AssignmentSummary {
    /// The package's id, however the assignment names it.
    pub fn package_id(&self) -> Option<&str> {
        self.access_package_id
            .as_deref()
            .or_else(|| self.access_package.as_ref()?.id.as_deref())
    }

    /// The policy's id, however the assignment names it.
    pub fn policy_id(&self) -> Option<&str> {
        self.assignment_policy_id
            .as_deref()
            .or_else(|| self.assignment_policy.as_ref()?.id.as_deref())
    }
}

graph_struct! {
    /// An open request of a principal.
    OpenRequest ("request") {
        /// Package.
        "accessPackageId" => access_package_id: String,
        /// `accessPackageRequestType` value.
        "requestType" => request_type: String,
        /// `accessPackageRequestState` value.
        "state" => state: String,
        /// Policy named by the request.
        "assignmentPolicyId" => assignment_policy_id: String,
    }
    accepts ["id", "status", "createdDateTime"]
    legacy []
}

graph_struct! {
    /// `connectedOrganization`.
    ConnectedOrganization ("connectedOrganization") {
        /// Id.
        "id" => id: String,
        /// Name.
        "displayName" => display_name: String,
        /// Description.
        "description" => description: String,
        /// How its users are recognised.
        "identitySources" => identity_sources: Vec<IdentitySource>,
        /// Configured or proposed.
        "state" => state: ConnectedOrganizationState,
        /// Internal sponsors (users or groups).
        "internalSponsors" => internal_sponsors: Vec<Reference>,
        /// External sponsors.
        "externalSponsors" => external_sponsors: Vec<Reference>,
    }
    accepts ["createdDateTime", "modifiedDateTime", "createdBy", "modifiedBy"]
    legacy []
}

graph_struct! {
    /// `identitySource` of any subtype.
    IdentitySource ("identitySource") {
        /// Subtype.
        "@odata.type" => odata_type: String,
        /// Entra tenant id.
        "tenantId" => tenant_id: String,
        /// Cloud, for cross-cloud tenants.
        "cloudInstance" => cloud_instance: String,
        /// Name.
        "displayName" => display_name: String,
        /// Domain (OTP or federation).
        "domainName" => domain_name: String,
        /// Federation issuer.
        "issuerUri" => issuer_uri: String,
        /// `facebook`, …
        "socialIdentitySourceType" => social_identity_source_type: String,
    }
    accepts []
    legacy []
    types (true) [
        "azureActiveDirectoryTenant", "crossCloudAzureActiveDirectoryTenant", "domainIdentitySource",
        "externalDomainFederation", "socialIdentitySource",
    ]
}

impl Principal {
    /// This principal with what `known` (the directory's record of the same
    /// principal) says about what it leaves out; its own values win. A requester
    /// may then be given by its id alone.
    pub fn with_facts_from(&self, known: &Principal) -> Principal {
        let mut p = self.clone();
        macro_rules! fill {
            ($($field:ident),*) => {$(
                if p.$field.is_none() {
                    p.$field.clone_from(&known.$field);
                }
            )*};
        }
        fill!(
            kind,
            display_name,
            user_type,
            account_enabled,
            mail,
            home_tenant_id,
            auth_kind,
            connected_organization_id,
            group_ids,
            manager_ids,
            sponsor_ids,
            attributes,
            assignments,
            open_requests,
            sign_in_activity,
            never_signed_in
        );
        p
    }

    /// True for users (the default kind), false for service principals and agents.
    pub fn is_user(&self) -> bool {
        self.kind.as_deref().is_none_or(|k| k == "user")
    }

    /// Whether the principal satisfies a dynamic-membership rule, `-match` evaluated
    /// case-insensitively with our ECMAScript engine.
    pub fn matches_rule(&self, rule: &MembershipRule) -> Result<bool, NotEvaluable> {
        rule.evaluate(self, &rule_matcher)
    }

    /// A member of `attributes`, looked up ignoring case.
    fn attribute_member(&self, name: &str) -> Option<&Value> {
        match self.attributes.as_ref()? {
            Value::Object(members) => members
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

impl AttributeSource for Principal {
    /// `attributes` first, then the principal's own fields (`userType`, `accountEnabled`
    /// (true when absent), `mail`, `displayName`, `id`).
    fn attribute(&self, name: &str) -> Option<AttributeValue> {
        if let Some(value) = self.attribute_member(name) {
            return attribute_value(value);
        }
        match name.to_ascii_lowercase().as_str() {
            "usertype" => self.user_type.clone().map(AttributeValue::Text),
            "accountenabled" => Some(AttributeValue::Bool(self.account_enabled.unwrap_or(true))),
            "mail" => self.mail.clone().map(AttributeValue::Text),
            "displayname" => self.display_name.clone().map(AttributeValue::Text),
            "objectid" | "id" => self.id.clone().map(AttributeValue::Text),
            _ => None,
        }
    }

    fn group_ids(&self) -> Option<Vec<String>> {
        self.group_ids.clone()
    }
}

/// A principal's attribute as the rule engine sees it.
pub fn attribute_value(value: &Value) -> Option<AttributeValue> {
    match value {
        Value::String(s) => Some(AttributeValue::Text(s.clone())),
        Value::Number(n) => Some(AttributeValue::Number(n.get())),
        Value::Bool(b) => Some(AttributeValue::Bool(*b)),
        Value::Array(items) => Some(AttributeValue::List(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
        )),
        _ => None,
    }
}

/// Case-insensitive `-match`, as Entra evaluates it: the pattern is matched ignoring
/// case, never lowercased, so `\D` keeps meaning "not a digit".
pub fn rule_matcher(pattern: &str, value: &str) -> Option<bool> {
    let regex = crate::regex::Regex::new_ignore_case(&format!("(?:{pattern})")).ok()?;
    regex.is_match(value)
}
