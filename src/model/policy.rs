//! `accessPackageAssignmentPolicy` and its settings (domain.md §1.7–§1.10,
//! §1.14–§1.18).

use super::catalog::{CustomExtension, Reference};
use super::decode::{graph_struct, DurationText, Instant};
use super::enums::{
    AllowedTargetScope, ApproverInformationVisibility, CustomExtensionStage,
    ReviewExpirationBehavior,
};
use super::question::Question;
use super::schedule::{ExpirationPattern, Schedule};
use super::subject_set::SubjectSet;

graph_struct! {
    /// `accessPackageAssignmentPolicy`.
    Policy ("accessPackageAssignmentPolicy") {
        /// RO.
        "id" => id: String,
        /// Required.
        "displayName" => display_name: String,
        /// Shown to requestors.
        "description" => description: String,
        /// Who can be assigned.
        "allowedTargetScope" => allowed_target_scope: AllowedTargetScope,
        /// The principals of `specific*` scopes.
        "specificAllowedTargets" => specific_allowed_targets: Vec<SubjectSet>,
        /// Present only on automatic policies.
        "automaticRequestSettings" => automatic_request_settings: AutomaticRequestSettings,
        /// Lifetime of assignments.
        "expiration" => expiration: ExpirationPattern,
        /// Who may create which requests.
        "requestorSettings" => requestor_settings: RequestorSettings,
        /// Approval.
        "requestApprovalSettings" => request_approval_settings: ApprovalSettings,
        /// Access reviews.
        "reviewSettings" => review_settings: ReviewSettings,
        /// E-mail switch.
        "notificationSettings" => notification_settings: NotificationSettings,
        /// The package (required on create).
        "accessPackage" => access_package: Reference,
        /// RO: the package's catalog.
        "catalog" => catalog: Reference,
        /// Questions.
        "questions" => questions: Vec<Question>,
        /// Custom extensions by stage.
        "customExtensionStageSettings" => custom_extension_stage_settings: Vec<CustomExtensionStageSetting>,
        /// Beta only: Verified ID requirement.
        "verifiableCredentialSettings" => verifiable_credential_settings: VerifiableCredentialSettings,
        /// RO.
        "createdDateTime" => created_date_time: Instant,
        /// RO.
        "modifiedDateTime" => modified_date_time: Instant,
    }
    accepts []
    legacy [
        "accessPackageId" => "use `accessPackage: { \"id\": … }`",
        "accessPackageCatalog" => "read-only in v1.0 as `catalog`",
        "catalogId" => "read-only in v1.0 as `catalog`; the policy's catalog is its package's",
        "durationInDays" => "use `expiration: { \"type\": \"afterDuration\", \"duration\": \"P<n>D\" }`",
        "expirationDateTime" => "use `expiration: { \"type\": \"afterDateTime\", \"endDateTime\": … }`",
        "canExtend" => "use `requestorSettings.enableTargetsToSelfUpdateAccess`",
        "accessReviewSettings" => "use `reviewSettings` (with `schedule`, `primaryReviewers`, `expirationBehavior`)",
        "approvalSettings" => "use `requestApprovalSettings`",
        "customExtensionHandlers" => "use `customExtensionStageSettings`",
        "isCustomAssignmentScheduleAllowed" => "use `requestorSettings.allowCustomAssignmentSchedule`",
        "createdBy" => "beta read-only property; v1.0 has no equivalent",
        "modifiedBy" => "beta read-only property; v1.0 has no equivalent",
    ]
}

graph_struct! {
    /// `accessPackageAssignmentRequestorSettings`.
    RequestorSettings ("accessPackageAssignmentRequestorSettings") {
        /// Targets may request for themselves.
        "enableTargetsToSelfAddAccess" => enable_targets_to_self_add_access: bool,
        /// Targets may extend.
        "enableTargetsToSelfUpdateAccess" => enable_targets_to_self_update_access: bool,
        /// Targets may remove.
        "enableTargetsToSelfRemoveAccess" => enable_targets_to_self_remove_access: bool,
        /// Requestors may pick start and end.
        "allowCustomAssignmentSchedule" => allow_custom_assignment_schedule: bool,
        /// On-behalf add.
        "enableOnBehalfRequestorsToAddAccess" => enable_on_behalf_requestors_to_add_access: bool,
        /// On-behalf update.
        "enableOnBehalfRequestorsToUpdateAccess" => enable_on_behalf_requestors_to_update_access: bool,
        /// On-behalf remove.
        "enableOnBehalfRequestorsToRemoveAccess" => enable_on_behalf_requestors_to_remove_access: bool,
        /// Who may request on behalf.
        "onBehalfRequestors" => on_behalf_requestors: Vec<SubjectSet>,
    }
    accepts []
    legacy [
        "scopeType" => "v1.0 says who can request with the policy's `allowedTargetScope`: NoSubjects → `notSpecified`, SpecificDirectorySubjects → `specificDirectoryUsers`, SpecificConnectedOrganizationSubjects → `specificConnectedOrganizationUsers`, AllConfiguredConnectedOrganizationSubjects → `allConfiguredConnectedOrganizationUsers`, AllExistingDirectoryMemberUsers → `allMemberUsers`, AllExistingDirectorySubjects → `allDirectoryUsers`, AllExternalSubjects → `allExternalUsers`",
        "acceptRequests" => "use `enableTargetsToSelfAddAccess`",
        "allowedRequestors" => "use the policy's `specificAllowedTargets`",
        "isOnBehalfAllowed" => "use `enableOnBehalfRequestorsToAddAccess` with `onBehalfRequestors`",
    ]
}

graph_struct! {
    /// `accessPackageAssignmentApprovalSettings`.
    ApprovalSettings ("accessPackageAssignmentApprovalSettings") {
        /// Add requests need approval.
        "isApprovalRequiredForAdd" => is_approval_required_for_add: bool,
        /// Update (extension) requests need approval.
        "isApprovalRequiredForUpdate" => is_approval_required_for_update: bool,
        /// Requestors must justify.
        "isRequestorJustificationRequired" => is_requestor_justification_required: bool,
        /// One to three stages.
        "stages" => stages: Vec<ApprovalStage>,
    }
    accepts []
    legacy [
        "isApprovalRequired" => "use `isApprovalRequiredForAdd`",
        "isApprovalRequiredForExtension" => "use `isApprovalRequiredForUpdate`",
        "approvalMode" => "v1.0 has no approval mode: the number of `stages` says it",
        "approvalStages" => "use `stages`",
    ]
}

graph_struct! {
    /// `accessPackageApprovalStage`.
    ApprovalStage ("accessPackageApprovalStage") {
        /// Undecided for this long ⇒ denied.
        "durationBeforeAutomaticDenial" => duration_before_automatic_denial: DurationText,
        /// Undecided for this long ⇒ forwarded.
        "durationBeforeEscalation" => duration_before_escalation: DurationText,
        /// Escalation approvers exist.
        "isEscalationEnabled" => is_escalation_enabled: bool,
        /// Approvers must justify.
        "isApproverJustificationRequired" => is_approver_justification_required: bool,
        /// Primary approvers.
        "primaryApprovers" => primary_approvers: Vec<SubjectSet>,
        /// Used when primary approvers resolve to nobody.
        "fallbackPrimaryApprovers" => fallback_primary_approvers: Vec<SubjectSet>,
        /// Alternate approvers.
        "escalationApprovers" => escalation_approvers: Vec<SubjectSet>,
        /// Used when escalation approvers resolve to nobody.
        "fallbackEscalationApprovers" => fallback_escalation_approvers: Vec<SubjectSet>,
        /// Whether requestors see approvers.
        "approverInformationVisibility" => approver_information_visibility: ApproverInformationVisibility,
    }
    accepts []
    legacy [
        "approvalStageTimeOutInDays" => "use `durationBeforeAutomaticDenial` as an ISO 8601 duration, e.g. `P14D`",
        "escalationTimeInMinutes" => "use `durationBeforeEscalation` as an ISO 8601 duration, e.g. `PT120M`",
    ]
}

graph_struct! {
    /// `accessPackageAssignmentReviewSettings`.
    ReviewSettings ("accessPackageAssignmentReviewSettings") {
        /// Reviews required.
        "isEnabled" => is_enabled: bool,
        /// What happens to unreviewed assignments.
        "expirationBehavior" => expiration_behavior: ReviewExpirationBehavior,
        /// Show recommendations.
        "isRecommendationEnabled" => is_recommendation_enabled: bool,
        /// Reviewers must justify.
        "isReviewerJustificationRequired" => is_reviewer_justification_required: bool,
        /// Assignees review themselves.
        "isSelfReview" => is_self_review: bool,
        /// Reviewers.
        "primaryReviewers" => primary_reviewers: Vec<SubjectSet>,
        /// Used when primary reviewers resolve to nobody.
        "fallbackReviewers" => fallback_reviewers: Vec<SubjectSet>,
        /// First review, recurrence and length.
        "schedule" => schedule: Schedule,
    }
    accepts []
    legacy [
        "recurrenceType" => "use `schedule.recurrence.pattern` (`absoluteMonthly` with interval 1, 3, 6 or 12, or `weekly`)",
        "reviewerType" => "use `isSelfReview`, or `primaryReviewers` (`requestorManager` for the manager)",
        "durationInDays" => "use `schedule.expiration` with `type: afterDuration` and a `duration` such as `P14D`",
        "accessReviewTimeoutBehavior" => "use `expirationBehavior`",
        "isAccessRecommendationEnabled" => "use `isRecommendationEnabled`",
        "isApprovalJustificationRequired" => "use `isReviewerJustificationRequired`",
        "reviewers" => "use `primaryReviewers`",
        "startDateTime" => "use `schedule.startDateTime`",
    ]
}

graph_struct! {
    /// `accessPackageAutomaticRequestSettings`.
    AutomaticRequestSettings ("accessPackageAutomaticRequestSettings") {
        /// Create assignments for everyone in scope.
        "requestAccessForAllowedTargets" => request_access_for_allowed_targets: bool,
        /// Remove them when people leave scope.
        "removeAccessWhenTargetLeavesAllowedTargets" => remove_access_when_target_leaves_allowed_targets: bool,
        /// How long access stays after leaving scope.
        "gracePeriodBeforeAccessRemoval" => grace_period_before_access_removal: DurationText,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// `accessPackageNotificationSettings`.
    NotificationSettings ("accessPackageNotificationSettings") {
        /// No assignment e-mails.
        "isAssignmentNotificationDisabled" => is_assignment_notification_disabled: bool,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// `customExtensionStageSetting`.
    CustomExtensionStageSetting ("customExtensionStageSetting") {
        /// RO.
        "id" => id: String,
        /// When it runs.
        "stage" => stage: CustomExtensionStage,
        /// Which extension.
        "customExtension" => custom_extension: CustomExtension,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// Beta `verifiableCredentialSettings`.
    VerifiableCredentialSettings ("verifiableCredentialSettings") {
        /// Credentials that must all be presented.
        "credentialTypes" => credential_types: Vec<VerifiableCredentialType>,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// Beta `verifiableCredentialType`.
    VerifiableCredentialType ("verifiableCredentialType") {
        /// The credential type.
        "credentialType" => credential_type: String,
        /// Accepted issuers.
        "issuers" => issuers: Vec<String>,
    }
    accepts []
    legacy []
}

/// How a policy assigns access (domain.md §1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// `allowedTargetScope = notSpecified`: administrators assign.
    Direct,
    /// Users request.
    RequestBased,
    /// `automaticRequestSettings` present: the service assigns.
    Automatic,
}

impl Policy {
    /// Direct, request-based or automatic.
    pub fn kind(&self) -> PolicyKind {
        if self.automatic_request_settings.is_some() {
            PolicyKind::Automatic
        } else if matches!(
            self.allowed_target_scope,
            Some(AllowedTargetScope::NotSpecified)
        ) {
            PolicyKind::Direct
        } else {
            PolicyKind::RequestBased
        }
    }

    /// "policy `name`", or "the policy" when it has no name, for messages.
    pub fn label(&self) -> String {
        match self.display_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("policy `{name}`"),
            _ => "the policy".to_string(),
        }
    }

    /// The requestor settings, or all-false defaults.
    pub fn requestor(&self) -> &RequestorSettings {
        static ABSENT: RequestorSettings = RequestorSettings::EMPTY;
        self.requestor_settings.as_ref().unwrap_or(&ABSENT)
    }

    /// The approval stages (empty when absent).
    pub fn stages(&self) -> &[ApprovalStage] {
        self.request_approval_settings
            .as_ref()
            .and_then(|a| a.stages.as_deref())
            .unwrap_or(&[])
    }

    /// Whether add requests need approval.
    pub fn approval_for_add(&self) -> bool {
        self.request_approval_settings
            .as_ref()
            .and_then(|a| a.is_approval_required_for_add)
            .unwrap_or(false)
    }

    /// Whether update requests need approval.
    pub fn approval_for_update(&self) -> bool {
        self.request_approval_settings
            .as_ref()
            .and_then(|a| a.is_approval_required_for_update)
            .unwrap_or(false)
    }

    /// Whether requestors must justify.
    pub fn justification_required(&self) -> bool {
        self.request_approval_settings
            .as_ref()
            .and_then(|a| a.is_requestor_justification_required)
            .unwrap_or(false)
    }

    /// The questions (empty when absent).
    pub fn question_list(&self) -> &[Question] {
        self.questions.as_deref().unwrap_or(&[])
    }
}

impl RequestorSettings {
    /// `enableTargetsToSelfAddAccess`, false when absent.
    pub fn self_add(&self) -> bool {
        self.enable_targets_to_self_add_access.unwrap_or(false)
    }
    /// `enableTargetsToSelfUpdateAccess`, false when absent.
    pub fn self_update(&self) -> bool {
        self.enable_targets_to_self_update_access.unwrap_or(false)
    }
    /// `enableTargetsToSelfRemoveAccess`, false when absent.
    pub fn self_remove(&self) -> bool {
        self.enable_targets_to_self_remove_access.unwrap_or(false)
    }
    /// `enableOnBehalfRequestorsToAddAccess`, false when absent.
    pub fn on_behalf_add(&self) -> bool {
        self.enable_on_behalf_requestors_to_add_access
            .unwrap_or(false)
    }
    /// `enableOnBehalfRequestorsToUpdateAccess`, false when absent.
    pub fn on_behalf_update(&self) -> bool {
        self.enable_on_behalf_requestors_to_update_access
            .unwrap_or(false)
    }
    /// `enableOnBehalfRequestorsToRemoveAccess`, false when absent.
    pub fn on_behalf_remove(&self) -> bool {
        self.enable_on_behalf_requestors_to_remove_access
            .unwrap_or(false)
    }
    /// `allowCustomAssignmentSchedule`, false when absent.
    pub fn custom_schedule(&self) -> bool {
        self.allow_custom_assignment_schedule.unwrap_or(false)
    }
    /// The on-behalf requestors (empty when absent).
    pub fn on_behalf(&self) -> &[SubjectSet] {
        self.on_behalf_requestors.as_deref().unwrap_or(&[])
    }
}
