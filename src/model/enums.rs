//! The Graph v1.0 enumerations of domain.md §1.29, each keeping values it does not
//! know (Graph enums are evolvable) so that they are written back as they came.

use super::decode::graph_enum;

graph_enum! {
    /// Who can be assigned through a policy (`allowedTargetScope`).
    AllowedTargetScope ("allowedTargetScope") {
        /// Administrator direct assignments only.
        NotSpecified = "notSpecified",
        /// Specific users and groups of the directory.
        SpecificDirectoryUsers = "specificDirectoryUsers",
        /// Users of specific connected organizations.
        SpecificConnectedOrganizationUsers = "specificConnectedOrganizationUsers",
        /// Specific service principals.
        SpecificDirectoryServicePrincipals = "specificDirectoryServicePrincipals",
        /// All member users (no guests).
        AllMemberUsers = "allMemberUsers",
        /// All directory users, guests included.
        AllDirectoryUsers = "allDirectoryUsers",
        /// All service principals.
        AllDirectoryServicePrincipals = "allDirectoryServicePrincipals",
        /// Users of every configured connected organization.
        AllConfiguredConnectedOrganizationUsers = "allConfiguredConnectedOrganizationUsers",
        /// Any external user.
        AllExternalUsers = "allExternalUsers",
        /// All agent identities.
        AllDirectoryAgentIdentities = "allDirectoryAgentIdentities",
        /// Sentinel; invalid when written.
        UnknownFutureValue = "unknownFutureValue",
    }
}

impl AllowedTargetScope {
    /// True for scopes of users not in the directory (connected organizations, external users).
    pub fn is_external(&self) -> bool {
        matches!(
            self,
            AllowedTargetScope::SpecificConnectedOrganizationUsers
                | AllowedTargetScope::AllConfiguredConnectedOrganizationUsers
                | AllowedTargetScope::AllExternalUsers
        )
    }

    /// True for scopes of users in the directory.
    pub fn is_directory_users(&self) -> bool {
        matches!(
            self,
            AllowedTargetScope::SpecificDirectoryUsers
                | AllowedTargetScope::AllMemberUsers
                | AllowedTargetScope::AllDirectoryUsers
        )
    }

    /// True for the `specific*` scopes, which need `specificAllowedTargets`.
    pub fn is_specific(&self) -> bool {
        matches!(
            self,
            AllowedTargetScope::SpecificDirectoryUsers
                | AllowedTargetScope::SpecificConnectedOrganizationUsers
                | AllowedTargetScope::SpecificDirectoryServicePrincipals
        )
    }
}

graph_enum! {
    /// Whether a catalog is enabled.
    CatalogState ("catalog state") {
        /// Disabled: nobody can request.
        Unpublished = "unpublished",
        /// Enabled.
        Published = "published",
        /// Sentinel; invalid when written.
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// Who manages a catalog.
    CatalogType ("catalogType") {
        /// Created by an administrator.
        UserManaged = "userManaged",
        /// The built-in General catalog.
        ServiceDefault = "serviceDefault",
        /// Managed by a service.
        ServiceManaged = "serviceManaged",
        /// Sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// How an expiration is expressed.
    ExpirationType ("expiration type") {
        /// Not given.
        NotSpecified = "notSpecified",
        /// Never expires.
        NoExpiration = "noExpiration",
        /// Ends at `endDateTime`.
        AfterDateTime = "afterDateTime",
        /// Ends `duration` after the start.
        AfterDuration = "afterDuration",
    }
}

graph_enum! {
    /// What happens to unreviewed assignments when a review closes.
    ReviewExpirationBehavior ("expirationBehavior") {
        /// No change.
        KeepAccess = "keepAccess",
        /// Remove access.
        RemoveAccess = "removeAccess",
        /// Apply the recommendation.
        AcceptAccessRecommendation = "acceptAccessRecommendation",
        /// Sentinel; invalid when written.
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// Whether requestors see who approves.
    ApproverInformationVisibility ("approverInformationVisibility") {
        /// The tenant setting.
        Default = "default",
        /// Hidden.
        NotVisible = "notVisible",
        /// Shown.
        Visible = "visible",
        /// Sentinel; invalid when written.
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// When a custom extension runs.
    CustomExtensionStage ("custom extension stage") {
        /// Request created.
        AssignmentRequestCreated = "assignmentRequestCreated",
        /// Request approved.
        AssignmentRequestApproved = "assignmentRequestApproved",
        /// Assignment granted.
        AssignmentRequestGranted = "assignmentRequestGranted",
        /// Assignment removed.
        AssignmentRequestRemoved = "assignmentRequestRemoved",
        /// 14 days before expiry.
        AssignmentFourteenDaysBeforeExpiration = "assignmentFourteenDaysBeforeExpiration",
        /// 1 day before expiry.
        AssignmentOneDayBeforeExpiration = "assignmentOneDayBeforeExpiration",
        /// Sentinel; invalid when written.
        UnknownFutureValue = "unknownFutureValue",
    }
}

impl CustomExtensionStage {
    /// True for the four request stages (request-workflow extensions).
    pub fn is_request_stage(&self) -> bool {
        matches!(
            self,
            CustomExtensionStage::AssignmentRequestCreated
                | CustomExtensionStage::AssignmentRequestApproved
                | CustomExtensionStage::AssignmentRequestGranted
                | CustomExtensionStage::AssignmentRequestRemoved
        )
    }

    /// True for the two pre-expiration stages.
    pub fn is_pre_expiration_stage(&self) -> bool {
        matches!(
            self,
            CustomExtensionStage::AssignmentFourteenDaysBeforeExpiration
                | CustomExtensionStage::AssignmentOneDayBeforeExpiration
        )
    }
}

graph_enum! {
    /// State of a connected organization.
    ConnectedOrganizationState ("connected organization state") {
        /// Created by an administrator.
        Configured = "configured",
        /// Created automatically when an unknown external user was approved.
        Proposed = "proposed",
        /// Sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}

graph_enum! {
    /// Recurrence pattern kinds.
    RecurrencePatternType ("recurrence pattern type") {
        /// Every n days.
        Daily = "daily",
        /// Every n weeks.
        Weekly = "weekly",
        /// Every n months on a day of the month.
        AbsoluteMonthly = "absoluteMonthly",
        /// Every n months on a weekday.
        RelativeMonthly = "relativeMonthly",
        /// Every n years on a date.
        AbsoluteYearly = "absoluteYearly",
        /// Every n years on a weekday.
        RelativeYearly = "relativeYearly",
    }
}

graph_enum! {
    /// Recurrence range kinds.
    RecurrenceRangeType ("recurrence range type") {
        /// Until `endDate`.
        EndDate = "endDate",
        /// Forever.
        NoEnd = "noEnd",
        /// `numberOfOccurrences` times.
        Numbered = "numbered",
    }
}

graph_enum! {
    /// Type of a resource role (round-tripped only).
    RoleType ("role type") {
        /// Active.
        Active = "active",
        /// Eligible.
        Eligible = "eligible",
        /// Application.
        Application = "application",
        /// Delegated.
        Delegated = "delegated",
        /// Sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}
