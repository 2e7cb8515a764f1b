//! The rule table: every rule id of domain.md §2.1–§2.10 with who enforces it, its
//! severity per profile, whether a draft can show it, and a one-line summary. The
//! README's rule list is generated from this table (a test keeps them equal).

use crate::diagnostics::{Profile, Severity};

/// Enforced by the Graph v1.0 API.
pub const G: u8 = 1;
/// Enforced by the Entra admin center.
pub const P: u8 = 2;
/// Documented best practice.
pub const B: u8 = 4;
/// Our inference where the sources are silent.
pub const I: u8 = 8;

/// What a rule needs to be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The draft alone.
    Draft,
    /// The directory (skipped when it is absent).
    Directory,
    /// An operation on existing objects (delete, remove), not a draft: never reported.
    Operation,
}

/// One validation rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The id, used as diagnostic `code`.
    pub id: &'static str,
    /// The section of domain.md.
    pub section: &'static str,
    /// Who enforces it: a mix of [`G`], [`P`], [`B`], [`I`].
    pub sources: u8,
    /// Severity in the `portal` and `strict` profiles.
    pub severity: Severity,
    /// Severity in the `graph` profile when the table says so explicitly.
    pub graph: Option<Severity>,
    /// What it needs.
    pub needs: Needs,
}

impl Rule {
    /// The severity a finding of this rule has in `profile`, when it is reported at
    /// `base` severity; `None` when the profile leaves the rule out.
    ///
    /// `strict` reports every rule at full severity. `portal` leaves out warnings
    /// that are best practice only. `graph` keeps Graph rules as they are and
    /// reports what only the admin center or our inference would refuse as a warning,
    /// so that `valid` means "Graph would accept it".
    pub fn severity_in(&self, profile: Profile, base: Severity) -> Option<Severity> {
        let best_practice_only = self.sources == B;
        match profile {
            Profile::Strict => Some(base),
            Profile::Portal => (!best_practice_only || base == Severity::Info).then_some(base),
            Profile::Graph => {
                if let Some(explicit) = self.graph {
                    return Some(explicit);
                }
                if self.sources & G != 0 {
                    Some(base)
                } else if best_practice_only && base != Severity::Info {
                    None
                } else if base == Severity::Error {
                    Some(Severity::Warning)
                } else {
                    Some(base)
                }
            }
        }
    }

    /// Who enforces it, as in domain.md (`G,P`).
    pub fn sources_label(&self) -> String {
        [(G, "G"), (P, "P"), (B, "B"), (I, "I")]
            .iter()
            .filter(|(bit, _)| self.sources & bit != 0)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(",")
    }
}

macro_rules! rules {
    ($( $id:ident $section:literal $sources:expr, $sev:ident $(/ graph $gsev:ident)?, $needs:ident, $summary:literal; )*) => {
        $(
            #[doc = $summary]
            pub const $id: Rule = Rule {
                id: stringify!($id),
                section: $section,
                sources: $sources,
                severity: Severity::$sev,
                graph: rules!(@graph $($gsev)?),
                needs: Needs::$needs,
            };
        )*
        /// Every rule, in domain.md order.
        pub const ALL: &[Rule] = &[$($id),*];
        /// What each rule of [`ALL`] checks, in one line (kept apart from [`Rule`] so
        /// that the text stays out of the wasm, which only needs the ids).
        pub const SUMMARIES: &[&str] = &[$($summary),*];
    };
    (@graph) => { None };
    (@graph $g:ident) => { Some(Severity::$g) };
}

rules! {
    CAT_DISPLAYNAME_REQUIRED "2.1" G|P, Error, Draft, "The catalog needs a non-empty `displayName`.";
    CAT_DISPLAYNAME_UNIQUE "2.1" P, Error, Directory, "Catalog names are unique in the tenant.";
    CAT_STATE_WRITABLE "2.1" G, Error, Draft, "Catalog `state` must be `published` or `unpublished`.";
    CAT_TYPE_SERVICE_MANAGED "2.1" G, Warning, Draft, "`catalogType` is set by the service; omit it or use `userManaged`.";
    CAT_UNPUBLISHED_BLOCKS_REQUESTS "2.1" P, Warning, Draft, "An unpublished catalog blocks every request to a package with self-service or on-behalf add.";
    CAT_EXTERNAL_DISABLED_BUT_EXTERNAL_POLICY "2.1" P, Warning, Draft, "A catalog not enabled for external users holds a policy for users not in the directory.";
    CAT_DELETE_NOT_EMPTY "2.1" P, Error, Operation, "A catalog can be deleted only when it holds no packages.";
    CAT_RESOURCE_REMOVE_IN_USE "2.1" P, Error, Operation, "A resource can leave a catalog only when no package uses its roles.";
    CAT_ATTRIBUTES_EDITABLE_INFO "2.1" P, Info, Draft, "A required attribute that is not editable keeps the user's existing value.";
    RES_ORIGIN_SYSTEM_UNKNOWN "2.2" I, Warning, Draft, "`originSystem` is not `AadGroup`, `AadApplication`, `SharePointOnline` or `DirectoryRole`.";
    RES_GROUP_ONPREM_SYNCED "2.2" P, Error, Directory, "Groups synchronised from on-premises AD can't be resources.";
    RES_GROUP_DISTRIBUTION "2.2" P, Error, Directory, "Exchange distribution groups can't be resources.";
    RES_APP_PERSONAL_ACCOUNTS_ONLY "2.2" P, Error, Draft, "An application with no roles at all (personal Microsoft accounts only) can't be a resource.";
    RES_SERVICE_NOT_APPLICATION "2.2" P, Error, Draft, "Exchange Online and SharePoint Online are services, not applications.";
    RES_SPO_LIBRARY "2.2" P, Error, Draft, "SharePoint libraries, lists and documents can't be resources; only sites.";
    RRS_ROLE_AND_SCOPE_REQUIRED "2.2" G, Error, Draft, "Each resource role scope names a `role` and a `scope`.";
    RRS_RESOURCE_NOT_IN_CATALOG "2.2" G, Error, Draft, "The role's resource must be in the package's catalog.";
    RRS_ROLE_SCOPE_RESOURCE_MISMATCH "2.2" I, Error, Draft, "A role and its scope belong to the same resource.";
    RRS_DUPLICATE "2.2" I, Error, Draft, "The same role and scope pair appears twice.";
    RRS_DYNAMIC_GROUP_MEMBER_ROLE "2.2" P, Error, Directory, "Only the Owner role of a dynamic group can be granted.";
    RRS_GROUP_ROLE_ORIGINID_FORMAT "2.2" G, Warning, Draft, "A group role's `originId` is `Member_<groupId>` or `Owner_<groupId>` of the scope's group.";
    RRS_PRIVILEGED_ROLE_ACTIVE "2.2" P, Error, Directory, "Only the Eligible role of a privileged Entra role can be granted.";
    RRS_APP_MULTIPLE_ROLES "2.2" P, Info, Draft, "Several roles of one application: assignees get all of them.";
    RRS_PREEXISTING_MEMBERS "2.2" P, Info, Directory, "Users already holding a granted role are not assigned the package automatically.";
    PKG_DISPLAYNAME_REQUIRED "2.3" G|P, Error, Draft, "The package needs a non-empty `displayName`.";
    PKG_DESCRIPTION_REQUIRED "2.3" P, Error / graph Warning, Draft, "The package needs a non-empty `description`.";
    PKG_CATALOG_REQUIRED "2.3" G, Error, Draft, "The package names an existing catalog.";
    PKG_CATALOG_CHANGE "2.3" P, Error, Directory, "An existing package can't move to another catalog.";
    PKG_NO_POLICY "2.3" P, Warning, Draft, "A package without policies can't be assigned.";
    PKG_NO_RESOURCE_ROLES "2.3" P, Warning, Draft, "A package without resource roles grants nothing.";
    PKG_HIDDEN_EXTERNAL_RECOMMENDED "2.3" B, Info, Draft, "A package for users not in the directory is best hidden and shared by link.";
    PKG_HIDDEN_NO_REQUEST_POLICY "2.3" I, Info, Draft, "Hiding a package with only direct or automatic policies has no effect.";
    PKG_INCOMPATIBLE_SELF "2.3" I, Error, Draft, "A package can't be incompatible with itself.";
    PKG_INCOMPATIBLE_DUPLICATE "2.3" I, Warning, Draft, "An incompatible package or group is listed twice.";
    PKG_INCOMPATIBLE_UNKNOWN "2.3" G, Error, Draft, "Incompatible packages and groups must exist.";
    PKG_INCOMPATIBLE_GROUP_NOT_SECURITY "2.3" P, Warning, Directory, "Incompatible groups are meant to be security groups.";
    PKG_INCOMPATIBLE_ONE_WAY "2.3" P, Info, Directory, "Incompatibility is one-way: the other package does not list this one.";
    PKG_INCOMPATIBLE_EXISTING_HOLDERS "2.3" P, Warning, Directory, "Current assignees also hold an incompatible package.";
    PKG_MULTIPLE_AUTO_POLICIES "2.3" P, Error, Draft, "A package has at most one automatic-assignment policy.";
    PKG_DELETE_HAS_ASSIGNMENTS "2.3" P, Error, Operation, "A package can be deleted only without active assignments.";
    PKG_POLICY_COUNT "2.3" P, Warning, Draft, "More than 10 policies on one package (older limit).";
    POL_DISPLAYNAME_REQUIRED "2.4" G|P, Error, Draft, "The policy needs a non-empty `displayName`.";
    POL_DESCRIPTION_REQUIRED "2.4" P, Error / graph Warning, Draft, "The policy needs a non-empty `description`.";
    POL_ACCESSPACKAGE_REQUIRED "2.4" G, Error, Draft, "The policy names the draft's package in `accessPackage.id`.";
    POL_READONLY_IGNORED "2.4" G, Info, Draft, "Read-only policy properties in a draft are ignored.";
    SCOPE_VALUE_WRITABLE "2.4" G, Error, Draft, "`allowedTargetScope` can't be `unknownFutureValue`.";
    SCOPE_SPECIFIC_REQUIRES_TARGETS "2.4" G|P, Error, Draft, "A `specific*` scope needs at least one `specificAllowedTargets` entry.";
    SCOPE_TARGETS_IGNORED "2.4" G, Warning, Draft, "`specificAllowedTargets` is ignored unless the scope is `specific*`.";
    SCOPE_TARGET_TYPE_MISMATCH "2.4" G|P, Error, Draft, "A target's type doesn't fit the scope.";
    SCOPE_MIXED_INTERNAL_EXTERNAL "2.4" P, Error, Draft, "One policy can't target directory users and connected organizations together.";
    SCOPE_TARGET_ID_REQUIRED "2.4" G, Error, Draft, "Each target names its user, group, organization, service principal (a GUID) or rule.";
    SCOPE_TARGET_UNRESOLVED "2.4" I, Warning, Directory, "A target is not in the directory.";
    SCOPE_TARGET_DUPLICATE "2.4" I, Warning, Draft, "The same target is listed twice.";
    SCOPE_ATTRIBUTE_RULE_OUTSIDE_AUTO "2.4" I, Error, Draft, "`attributeRuleMembers` belongs to automatic policies only.";
    SCOPE_EXPLICIT_LIMIT "2.4" G, Error, Draft, "At most 500 users and groups in one policy.";
    SCOPE_CONNECTED_ORG_LIMIT "2.4" G, Error, Draft, "At most 1,000 connected organizations in one policy.";
    SCOPE_PROPOSED_ORG_SPECIFIC_ONLY "2.4" P, Info, Directory, "Proposed connected organizations match only when listed explicitly or under all external users.";
    SCOPE_ALL_EXTERNAL_PREREQS "2.4" P, Info, Draft, "`allExternalUsers` needs e-mail one-time passcode and compatible B2B lists.";
    SCOPE_DIRECT_ONLY_SELF_FLAGS "2.4" P, Warning, Draft, "Self-service flags have no effect on a direct-assignment policy.";
    SCOPE_DIRECT_ONLY_APPROVAL "2.4" P, Info, Draft, "Approval on a direct-assignment policy sends administrators' assignments through approval.";
    REQS_NO_ENTRY_POINT "2.5" I, Warning, Draft, "Neither self-service nor on-behalf add is enabled: nobody can request.";
    REQS_ONBEHALF_NO_REQUESTORS "2.5" I, Warning, Draft, "On-behalf requests are enabled but nobody is listed in `onBehalfRequestors`.";
    REQS_ONBEHALF_TYPE "2.5" I, Error, Draft, "`onBehalfRequestors` takes `targetManager`, `singleUser` or `groupMembers`.";
    REQS_TARGET_MANAGER_LEVEL "2.5" G, Error, Draft, "`targetManager.managerLevel` is 1 to 4.";
    REQS_ONBEHALF_WITHOUT_SELF_ADD "2.5" P, Warning, Draft, "On-behalf add is enabled while new requests are disabled.";
    REQS_EXTENSION_WITHOUT_EXPIRY "2.5" P, Warning, Draft, "Extension is enabled but assignments never expire.";
    REQS_CUSTOM_SCHEDULE_ON_DIRECT "2.5" I, Info, Draft, "A custom schedule on a direct-assignment policy only concerns administrators.";
    APPR_STAGES_REQUIRED "2.6" G|P, Error, Draft, "Approval required needs at least one stage.";
    APPR_STAGES_MAX "2.6" G|P, Error, Draft, "At most three approval stages.";
    APPR_STAGES_WHEN_NOT_REQUIRED "2.6" G, Warning, Draft, "Stages are ignored when no approval is required.";
    APPR_UPDATE_ONLY "2.6" P, Warning, Draft, "Approval for extensions only, not for new requests.";
    APPR_UPDATE_WITHOUT_UPDATES "2.6" I, Info, Draft, "Extension approval without anyone able to request an extension.";
    APPR_EXTERNAL_WITHOUT_APPROVAL "2.6" B|P, Warning / graph Warning, Draft, "Users not in the directory are added without approval.";
    APPR_ORG_WIDE_INFO "2.6" B, Info, Draft, "An organisation-wide scope without approval.";
    STAGE_DENIAL_DURATION_REQUIRED "2.6" G|P, Error, Draft, "Each stage needs a positive ISO 8601 `durationBeforeAutomaticDenial`.";
    STAGE_DENIAL_WHOLE_DAYS "2.6" P, Warning, Draft, "The admin center edits the decision timeout in whole days.";
    STAGE_DENIAL_MAX "2.6" P|I, Warning, Draft, "A decision timeout above 14 days.";
    STAGE_PRIMARY_REQUIRED "2.6" G|P, Error, Draft, "A stage needs primary or fallback approvers.";
    STAGE_PRIMARY_EMPTY_FALLBACK_ONLY "2.6" G, Warning, Draft, "A stage with fallback approvers only.";
    STAGE_APPROVER_TYPE "2.6" G, Error, Draft, "An approver type that approval stages don't take.";
    STAGE_FALLBACK_TYPE "2.6" P, Error, Draft, "Fallback approvers are specific users or groups.";
    STAGE_MANAGER_LEVEL "2.6" G, Error, Draft, "`requestorManager.managerLevel` is 1 or 2.";
    STAGE_DYNAMIC_WITHOUT_FALLBACK "2.6" G|P, Warning, Draft, "Only manager or sponsor approvers, and no fallback.";
    STAGE_MANAGER_FOR_EXTERNAL "2.6" P, Error / graph Warning, Draft, "Manager or sponsors as approvers of users not in the directory.";
    STAGE_SPONSORS_FOR_INTERNAL "2.6" P, Error / graph Warning, Draft, "Connected-organization sponsors as approvers of directory users.";
    STAGE_DYNAMIC_REUSED "2.6" P, Error, Draft, "The manager in two stages, or a dynamic approver after sponsors.";
    STAGE_ESCALATION_NO_APPROVERS "2.6" G, Error, Draft, "Escalation on needs `escalationApprovers`.";
    STAGE_ESCALATION_DURATION "2.6" G, Error, Draft, "Escalation on needs a positive `durationBeforeEscalation`.";
    STAGE_ESCALATION_WHOLE_DAYS "9 R12" P, Warning, Draft, "The admin center edits the forward-to-alternate delay in whole days.";
    STAGE_ESCALATION_AFTER_DENIAL "2.6" P|I, Error / graph Error, Draft, "Escalation must come before the automatic denial.";
    STAGE_ESCALATION_MIN_TIMEOUT "2.6" P, Warning, Draft, "Escalation with a decision timeout under four days.";
    STAGE_ESCALATION_HALF_LIFE "2.6" P, Warning, Draft, "Escalation outside the documented window (after half the timeout, before the last day).";
    STAGE_ESCALATION_OFF_NONEMPTY "2.6" G, Warning, Draft, "Escalation settings given while escalation is off.";
    STAGE_SECOND_LEVEL_MANAGER "2.6" P, Error, Draft, "Second-level manager as alternate approver needs the manager as primary and a fallback.";
    STAGE_ESCALATION_STAGE3 "2.6" P, Warning, Draft, "Escalation on the third stage.";
    STAGE_APPROVER_OVERLAP "2.6" B, Warning, Draft, "The same approver is primary and alternate, or in several stages.";
    STAGE_SELF_APPROVAL_ONLY "2.6" I, Warning, Draft, "The only approver is the only possible requester.";
    STAGE_VISIBILITY_VALUE "2.6" G, Error, Draft, "`approverInformationVisibility` is `default`, `notVisible` or `visible`.";
    EXP_TYPE_VALUE "2.7" G, Error, Draft, "`expiration.type` is `noExpiration`, `afterDateTime` or `afterDuration`.";
    EXP_TYPE_MISSING "2.7" G, Warning, Draft, "No expiration given: assignments never expire.";
    EXP_DURATION_REQUIRED "2.7" G, Error, Draft, "`afterDuration` needs `duration`.";
    EXP_DURATION_FORMAT "2.7" G, Error, Draft, "`duration` is an ISO 8601 duration.";
    EXP_DURATION_ZERO "2.7" P|I, Warning, Draft, "A zero expiration duration.";
    EXP_DURATION_MAX "2.7" P, Error, Draft, "At most 3,660 days.";
    EXP_DURATION_CALENDAR_UNITS "2.7" I, Warning, Draft, "Years and months vary in length; prefer days or hours.";
    EXP_ENDDATE_REQUIRED "2.7" G, Error, Draft, "`afterDateTime` needs `endDateTime`.";
    EXP_ENDDATE_FUTURE "2.7" P, Error, Draft, "`endDateTime` lies in the future.";
    EXP_FIELDS_CONFLICT "2.7" G, Error, Draft, "`duration` and `endDateTime` fit only their own expiration type.";
    EXP_CHANGE_NOT_RETROACTIVE "2.7" P, Info, Directory, "A changed expiration doesn't change pending or approved requests.";
    EXT_APPROVAL_USES_STAGES "2.7" P, Info, Draft, "Extension approval reuses the request stages.";
    EXT_CAPPED_BY_ENDDATE "2.7" P, Info, Draft, "Extensions can't go beyond the policy end date.";
    REV_SCHEDULE_REQUIRED "2.8" G|P, Error, Draft, "Enabled reviews need a start, a recurrence and a length.";
    REV_EXPIRATION_BEHAVIOR_REQUIRED "2.8" G, Error, Draft, "Enabled reviews need `expirationBehavior`.";
    REV_REVIEWERS_REQUIRED "2.8" P, Error, Draft, "Reviews that aren't self-reviews need reviewers.";
    REV_SELF_WITH_REVIEWERS "2.8" I, Warning, Draft, "Self-review and reviewers together.";
    REV_MANAGER_NEEDS_FALLBACK "2.8" P, Error, Draft, "The manager as reviewer needs fallback reviewers.";
    REV_REVIEWER_TYPE "2.8" I, Error, Draft, "A reviewer type that reviews don't take.";
    REV_RECURRENCE_TYPE "2.8" G, Error, Draft, "Reviews recur `weekly` or `absoluteMonthly` with an interval of at least 1.";
    REV_FREQUENCY_PORTAL "2.8" P, Warning, Draft, "A review frequency the admin center doesn't offer.";
    REV_DURATION_FORMAT "2.8" G, Error, Draft, "The review length is a positive `afterDuration`.";
    REV_DURATION_EXCEEDS_RECURRENCE "2.8" P, Error, Draft, "A review lasts no longer than its recurrence period.";
    REV_RANGE "2.8" G, Error, Draft, "The recurrence range is complete and consistent.";
    REV_START_PAST "2.8" I, Warning, Draft, "The first review starts in the past.";
    REV_START_IMMUTABLE "2.8" G, Info, Directory, "The start of an existing review series can't change.";
    REV_DISABLED_NONEMPTY "2.8" I, Info, Draft, "Review settings given while reviews are off are ignored.";
    Q_TYPE_CONCRETE "2.9" G, Error, Draft, "A question is a text-input or multiple-choice question.";
    Q_TEXT_REQUIRED "2.9" G, Error, Draft, "A question needs `text`.";
    Q_SEQUENCE_DUPLICATE "2.9" I, Warning, Draft, "Two questions share a `sequence`, or a sequence is negative.";
    Q_LOCALIZATION_FIELDS "2.9" G, Error, Draft, "A localization needs a valid `languageCode` and `text`.";
    Q_LOCALIZATION_DUPLICATE "2.9" I, Warning, Draft, "The same language twice.";
    Q_CHOICES_REQUIRED "2.9" P, Error, Draft, "A multiple-choice question needs choices (one choice is a warning).";
    Q_CHOICE_FIELDS "2.9" G, Error, Draft, "A choice needs `actualValue` and `text`.";
    Q_CHOICE_DUPLICATE_VALUE "2.9" I, Error, Draft, "Two choices with the same `actualValue`.";
    Q_REGEX_INVALID "2.9" I, Error, Draft, "`regexPattern` doesn't compile (ECMAScript dialect).";
    Q_REGEX_ON_CHOICE "2.9" G, Error, Draft, "`regexPattern` belongs to text-input questions.";
    Q_ON_NON_REQUEST_POLICY "2.9" I, Warning, Draft, "Questions on an automatic or direct policy.";
    AUTO_SCOPE_SHAPE "2.10" G|P, Error, Draft, "An automatic policy targets `specificDirectoryUsers` with exactly one attribute rule.";
    AUTO_RULE_SYNTAX "2.10" I, Error, Draft, "`membershipRule` parses as a dynamic-membership rule.";
    AUTO_NOT_REQUESTING "2.10" I, Warning, Draft, "An automatic policy that creates no assignments.";
    AUTO_GRACE_FORMAT "2.10" G, Error, Draft, "The grace period is a valid non-negative duration.";
    AUTO_GRACE_WITHOUT_REMOVAL "2.10" I, Warning, Draft, "A grace period without removal is never used.";
    AUTO_SELF_SERVICE_FLAGS "2.10" I, Warning, Draft, "Self-service settings on an automatic policy don't apply.";
    AUTO_ADMIN_ONLY "2.10" G, Info, Draft, "Only Global or Identity Governance Administrators manage automatic policies.";
    AUTO_SCOPE_SIZE "2.10" G, Warning, Directory, "More than 15,000 users match the rule.";
    NOTIF_DISABLED_INFO "2.10" P, Info, Draft, "Assignment e-mails are turned off for this policy.";
    CX_STAGE_VALUE "2.10" G, Error, Draft, "A custom extension stage is a stage value, not `unknownFutureValue`.";
    CX_EXTENSION_REQUIRED "2.10" G, Error, Draft, "A stage setting names a `customExtension`.";
    CX_EXTENSION_OTHER_CATALOG "2.10" P, Error, Draft, "The custom extension is defined in the package's catalog.";
    CX_TYPE_STAGE_MISMATCH "2.10" P, Error, Draft, "Request-workflow extensions run at request stages, pre-expiration ones before expiry.";
    CX_WAIT_TIMEOUT_MAX "2.10" P, Error, Draft, "Launch-and-wait timeout at most 14 days.";
    CX_PER_POLICY_LIMIT "2.10" P, Warning, Draft, "More than 5 custom extensions on one policy (older limit).";
    CX_DUPLICATE_STAGE "2.10" I, Warning, Draft, "The same extension twice at the same stage.";
    VC_BETA_ONLY "2.10" G, Warning, Draft, "`verifiableCredentialSettings` is beta-only.";
    VC_TYPE_FIELDS "2.10" G, Error, Draft, "Each credential type names `credentialType` and issuers.";
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}

/// The rule list of the README, as Markdown.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| id | § | checks | by | portal | graph | from |\n|---|---|---|---|---|---|---|\n",
    );
    for (r, summary) in ALL.iter().zip(SUMMARIES) {
        let graph = r
            .severity_in(Profile::Graph, r.severity)
            .map_or("—", Severity::as_str);
        let portal = r
            .severity_in(Profile::Portal, r.severity)
            .map_or("— (strict only)", Severity::as_str);
        let needs = match r.needs {
            Needs::Draft => "draft",
            Needs::Directory => "directory",
            Needs::Operation => "not a draft rule",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.section,
            summary,
            r.sources_label(),
            portal,
            graph,
            needs
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_unique() {
        let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }

    #[test]
    fn graph_profile_demotes_admin_center_errors_to_warnings_and_drops_best_practice_warnings() {
        assert_eq!(
            PKG_DESCRIPTION_REQUIRED.severity_in(Profile::Graph, Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            RRS_DUPLICATE.severity_in(Profile::Graph, Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            STAGE_APPROVER_OVERLAP.severity_in(Profile::Graph, Severity::Warning),
            None
        );
        assert_eq!(
            STAGE_APPROVER_OVERLAP.severity_in(Profile::Portal, Severity::Warning),
            None
        );
        assert_eq!(
            STAGE_APPROVER_OVERLAP.severity_in(Profile::Strict, Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(
            APPR_STAGES_REQUIRED.severity_in(Profile::Graph, Severity::Error),
            Some(Severity::Error)
        );
    }
}
