//! `subjectSet` and its subtypes (domain.md §1.11): who a policy targets, who may
//! request on behalf, who approves and who reviews.

use super::decode::{graph_struct, short_odata_type};

graph_struct! {
    /// A `subjectSet` of any subtype; [`SubjectSet::kind`] tells which.
    SubjectSet ("subjectSet") {
        /// The subtype.
        "@odata.type" => odata_type: String,
        /// `singleUser`.
        "userId" => user_id: String,
        /// `groupMembers`.
        "groupId" => group_id: String,
        /// `connectedOrganizationMembers`.
        "connectedOrganizationId" => connected_organization_id: String,
        /// `attributeRuleMembers`.
        "membershipRule" => membership_rule: String,
        /// `singleServicePrincipal`.
        "servicePrincipalId" => service_principal_id: String,
        /// `requestorManager` (1–2) and `targetManager` (1–4).
        "managerLevel" => manager_level: i64,
        /// RO display name of the subject.
        "description" => description: String,
    }
    // `rule` of `ruleBasedSubjectSet` and `groups` of `groupBasedSubjectSet`, in v1.0's
    // schema (domain.md §9 R13): known, though only a callback's dynamic stage takes them.
    accepts ["rule", "groups"]
    legacy [
        "id" => "beta subject sets carry the id in `id`; v1.0 uses `userId`, `groupId` or `connectedOrganizationId` by type",
        "isBackup" => "beta `isBackup: true` means the entry belongs in the matching `fallback…` collection in v1.0",
    ]
    types (true) [
        "singleUser", "groupMembers", "connectedOrganizationMembers", "attributeRuleMembers",
        "singleServicePrincipal", "requestorManager", "targetManager", "internalSponsors",
        "externalSponsors", "targetUserSponsors", "targetApplicationOwners",
        "targetAgentIdentitySponsorsOrOwners", "subjectSet",
        "identityGovernance.ruleBasedSubjectSet", "identityGovernance.groupBasedSubjectSet",
    ]
}

/// The subtype of a [`SubjectSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectKind {
    /// One user.
    SingleUser,
    /// Members of a group.
    GroupMembers,
    /// Users of a connected organization.
    ConnectedOrganizationMembers,
    /// Users matching a dynamic-membership rule.
    AttributeRuleMembers,
    /// One service principal.
    SingleServicePrincipal,
    /// The requester's manager at a level.
    RequestorManager,
    /// Managers of the target (on-behalf requestors).
    TargetManager,
    /// Internal sponsors of the requester's connected organization.
    InternalSponsors,
    /// External sponsors of the requester's connected organization.
    ExternalSponsors,
    /// The target user's sponsors.
    TargetUserSponsors,
    /// Owners of the target application.
    TargetApplicationOwners,
    /// Sponsors or owners of an agent identity.
    TargetAgentIdentitySponsorsOrOwners,
    /// No `@odata.type`.
    Untyped,
    /// The abstract base type, or a type this version does not know.
    Unknown,
}

impl SubjectKind {
    /// Every concrete subtype name, for suggestions.
    pub const NAMES: &'static [&'static str] = &[
        "singleUser",
        "groupMembers",
        "connectedOrganizationMembers",
        "attributeRuleMembers",
        "singleServicePrincipal",
        "requestorManager",
        "targetManager",
        "internalSponsors",
        "externalSponsors",
        "targetUserSponsors",
        "targetApplicationOwners",
        "targetAgentIdentitySponsorsOrOwners",
    ];

    /// The subtype for a short type name.
    pub fn from_name(name: &str) -> SubjectKind {
        match name {
            "singleUser" => SubjectKind::SingleUser,
            "groupMembers" => SubjectKind::GroupMembers,
            "connectedOrganizationMembers" => SubjectKind::ConnectedOrganizationMembers,
            "attributeRuleMembers" => SubjectKind::AttributeRuleMembers,
            "singleServicePrincipal" => SubjectKind::SingleServicePrincipal,
            "requestorManager" => SubjectKind::RequestorManager,
            "targetManager" => SubjectKind::TargetManager,
            "internalSponsors" => SubjectKind::InternalSponsors,
            "externalSponsors" => SubjectKind::ExternalSponsors,
            "targetUserSponsors" => SubjectKind::TargetUserSponsors,
            "targetApplicationOwners" => SubjectKind::TargetApplicationOwners,
            "targetAgentIdentitySponsorsOrOwners" => {
                SubjectKind::TargetAgentIdentitySponsorsOrOwners
            }
            _ => SubjectKind::Unknown,
        }
    }

    /// Graph's name of the subtype (`singleUser`, …), or `subjectSet`.
    pub fn name(self) -> &'static str {
        match self {
            SubjectKind::SingleUser => "singleUser",
            SubjectKind::GroupMembers => "groupMembers",
            SubjectKind::ConnectedOrganizationMembers => "connectedOrganizationMembers",
            SubjectKind::AttributeRuleMembers => "attributeRuleMembers",
            SubjectKind::SingleServicePrincipal => "singleServicePrincipal",
            SubjectKind::RequestorManager => "requestorManager",
            SubjectKind::TargetManager => "targetManager",
            SubjectKind::InternalSponsors => "internalSponsors",
            SubjectKind::ExternalSponsors => "externalSponsors",
            SubjectKind::TargetUserSponsors => "targetUserSponsors",
            SubjectKind::TargetApplicationOwners => "targetApplicationOwners",
            SubjectKind::TargetAgentIdentitySponsorsOrOwners => {
                "targetAgentIdentitySponsorsOrOwners"
            }
            SubjectKind::Untyped | SubjectKind::Unknown => "subjectSet",
        }
    }

    /// Approver types that resolve per request (manager, sponsors).
    pub fn is_dynamic_approver(self) -> bool {
        matches!(
            self,
            SubjectKind::RequestorManager
                | SubjectKind::InternalSponsors
                | SubjectKind::ExternalSponsors
                | SubjectKind::TargetUserSponsors
        )
    }
}

impl SubjectSet {
    /// The subtype, from `@odata.type`.
    pub fn kind(&self) -> SubjectKind {
        match &self.odata_type {
            None => SubjectKind::Untyped,
            Some(t) => SubjectKind::from_name(short_odata_type(t)),
        }
    }

    /// The id a concrete subject names (user, group, connected organization or service principal).
    pub fn subject_id(&self) -> Option<&str> {
        match self.kind() {
            SubjectKind::SingleUser => self.user_id.as_deref(),
            SubjectKind::GroupMembers => self.group_id.as_deref(),
            SubjectKind::ConnectedOrganizationMembers => self.connected_organization_id.as_deref(),
            SubjectKind::SingleServicePrincipal => self.service_principal_id.as_deref(),
            SubjectKind::AttributeRuleMembers => self.membership_rule.as_deref(),
            _ => None,
        }
    }

    /// The subtype's name as written (short form), for messages about wrong types.
    pub fn type_name(&self) -> String {
        match (self.kind(), self.odata_type.as_deref()) {
            (SubjectKind::Untyped, _) => "subjectSet without `@odata.type`".to_string(),
            (SubjectKind::Unknown, Some(t)) => short_odata_type(t).to_string(),
            (kind, _) => kind.name().to_string(),
        }
    }

    /// The manager level, 1 when absent.
    pub fn level(&self) -> i64 {
        self.manager_level.unwrap_or(1)
    }

    /// A short label for messages: `singleUser` `…id…`, `requestorManager` level 2, …
    pub fn label(&self) -> String {
        let kind = self.kind();
        match (kind, self.subject_id()) {
            (SubjectKind::AttributeRuleMembers, _) => "attributeRuleMembers".to_string(),
            (_, Some(id)) => format!("{} `{id}`", kind.name()),
            (SubjectKind::RequestorManager | SubjectKind::TargetManager, None) => {
                format!("{} level {}", kind.name(), self.level())
            }
            (_, None) => kind.name().to_string(),
        }
    }
}
