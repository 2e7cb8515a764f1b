//! Who may request or be assigned an access package, under which policy, and why
//! not (domain.md §3): package gates (§3.5 step A), scope matching (§3.2) with
//! connected-organization resolution (§3.4), requestor settings by initiator and
//! request type (step B), policy priority (step C), and the requirements a requester
//! faces (§3.6). Every "no" carries every reason that applies, not only the first.
//!
//! The evaluation reads a package through [`Env`], so that a draft
//! ([`crate::api::ApplicabilityCall`]) and a loaded tenant ([`crate::tenant`]) give
//! the same answer. This module knows nothing of JavaScript or of how the package
//! was found.

use crate::model::directory::{ConnectedOrganization, Principal};
use crate::model::index::DirIndex;
use crate::model::schedule::ExpirationPattern;
use crate::model::{
    AccessPackage, AllowedTargetScope as S, Catalog, CatalogState, ConnectedOrganizationState,
    Policy, PolicyKind, Question, SubjectKind as K, SubjectSet,
};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Reason codes of domain.md §3.8, in the order answers list them.
pub mod reasons {
    /// The catalog is not published.
    pub const CATALOG_DISABLED: &str = "CATALOG_DISABLED";
    /// The catalog is not enabled for external users.
    pub const CATALOG_NOT_EXTERNAL: &str = "CATALOG_NOT_EXTERNAL";
    /// The account is blocked from sign-in.
    pub const ACCOUNT_DISABLED: &str = "ACCOUNT_DISABLED";
    /// The target holds an incompatible package.
    pub const INCOMPATIBLE_PACKAGE: &str = "INCOMPATIBLE_PACKAGE";
    /// The target is in an incompatible group.
    pub const INCOMPATIBLE_GROUP: &str = "INCOMPATIBLE_GROUP";
    /// The package has no policy.
    pub const NO_POLICIES: &str = "NO_POLICIES";
    /// The target is not in the policy's scope.
    pub const NOT_IN_SCOPE: &str = "NOT_IN_SCOPE";
    /// A user scope and a service principal, or the reverse.
    pub const PRINCIPAL_KIND_MISMATCH: &str = "PRINCIPAL_KIND_MISMATCH";
    /// The policy is for administrators' direct assignments.
    pub const DIRECT_ASSIGNMENT_ONLY: &str = "DIRECT_ASSIGNMENT_ONLY";
    /// The policy assigns automatically.
    pub const AUTOMATIC_POLICY: &str = "AUTOMATIC_POLICY";
    /// `enableTargetsToSelfAddAccess` is off.
    pub const SELF_ADD_DISABLED: &str = "SELF_ADD_DISABLED";
    /// `enableTargetsToSelfUpdateAccess` is off.
    pub const SELF_UPDATE_DISABLED: &str = "SELF_UPDATE_DISABLED";
    /// `enableTargetsToSelfRemoveAccess` is off.
    pub const SELF_REMOVE_DISABLED: &str = "SELF_REMOVE_DISABLED";
    /// The requestor is not among `onBehalfRequestors`.
    pub const NOT_ON_BEHALF_REQUESTOR: &str = "NOT_ON_BEHALF_REQUESTOR";
    /// The on-behalf flag for this request type is off.
    pub const ON_BEHALF_DISABLED: &str = "ON_BEHALF_DISABLED";
    /// Update or remove without an assignment from this policy.
    pub const NO_ASSIGNMENT_TO_CHANGE: &str = "NO_ASSIGNMENT_TO_CHANGE";
    /// Add while the target holds the package.
    pub const ALREADY_ASSIGNED: &str = "ALREADY_ASSIGNED";
    /// Add while a request for the package is open.
    pub const PENDING_REQUEST_EXISTS: &str = "PENDING_REQUEST_EXISTS";
    /// A more specific policy applies.
    pub const LOWER_PRIORITY_POLICY: &str = "LOWER_PRIORITY_POLICY";
    /// Several policies apply and the request names none.
    pub const POLICY_SELECTION_REQUIRED: &str = "POLICY_SELECTION_REQUIRED";
    /// The request carries a schedule the policy does not allow.
    pub const SCHEDULE_NOT_ALLOWED: &str = "SCHEDULE_NOT_ALLOWED";
    /// The request's schedule is not valid.
    pub const SCHEDULE_INVALID: &str = "SCHEDULE_INVALID";
    /// A justification is required.
    pub const JUSTIFICATION_REQUIRED: &str = "JUSTIFICATION_REQUIRED";
    /// A required answer is missing.
    pub const ANSWER_MISSING: &str = "ANSWER_MISSING";
    /// An answer is not valid.
    pub const ANSWER_INVALID: &str = "ANSWER_INVALID";
    /// An answer that can't be edited was changed.
    pub const ANSWER_NOT_EDITABLE: &str = "ANSWER_NOT_EDITABLE";
    /// Extension while no longer in the policy's scope.
    pub const OUT_OF_SCOPE_FOR_EXTENSION: &str = "OUT_OF_SCOPE_FOR_EXTENSION";

    /// Every code, in answer order.
    pub const ORDER: &[&str] = &[
        CATALOG_DISABLED,
        CATALOG_NOT_EXTERNAL,
        ACCOUNT_DISABLED,
        INCOMPATIBLE_PACKAGE,
        INCOMPATIBLE_GROUP,
        NO_POLICIES,
        NOT_IN_SCOPE,
        PRINCIPAL_KIND_MISMATCH,
        DIRECT_ASSIGNMENT_ONLY,
        AUTOMATIC_POLICY,
        SELF_ADD_DISABLED,
        SELF_UPDATE_DISABLED,
        SELF_REMOVE_DISABLED,
        NOT_ON_BEHALF_REQUESTOR,
        ON_BEHALF_DISABLED,
        NO_ASSIGNMENT_TO_CHANGE,
        ALREADY_ASSIGNED,
        PENDING_REQUEST_EXISTS,
        LOWER_PRIORITY_POLICY,
        POLICY_SELECTION_REQUIRED,
        SCHEDULE_NOT_ALLOWED,
        SCHEDULE_INVALID,
        JUSTIFICATION_REQUIRED,
        ANSWER_MISSING,
        ANSWER_INVALID,
        ANSWER_NOT_EDITABLE,
        OUT_OF_SCOPE_FOR_EXTENSION,
    ];

    /// Adds `code` to `list` once, keeping the answer order.
    pub fn add(list: &mut Vec<&'static str>, code: &'static str) {
        if list.contains(&code) {
            return;
        }
        let rank = |c: &&str| ORDER.iter().position(|o| o == c).unwrap_or(ORDER.len());
        let at = list.partition_point(|c| rank(c) <= rank(&code));
        list.insert(at, code);
    }
}

use reasons as R;

/// What the request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestType {
    /// A new assignment.
    #[default]
    Add,
    /// Extend or change an assignment.
    Update,
    /// Remove an assignment.
    Remove,
}

/// Who makes the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Initiator {
    /// The target, for itself.
    #[default]
    User,
    /// Someone else (a manager, a named requestor) for the target.
    OnBehalf,
    /// An administrator or assignment manager (direct assignment).
    Admin,
}

/// Whether policy priority applies (domain.md §3.5 step C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keep only the most specific matching policies.
    #[default]
    Prioritized,
    /// Every matching policy.
    Raw,
}

/// A package as the evaluation sees it.
#[derive(Debug, Clone)]
pub struct Env<'a> {
    /// Its catalog, when known.
    pub catalog: Option<&'a Catalog>,
    /// The package.
    pub package: &'a AccessPackage,
    /// Its policies, each with the id answers use for it.
    pub policies: Vec<(String, &'a Policy)>,
}

/// A principal with what the directory adds to it: groups and connected organization.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// The principal as given.
    pub principal: &'a Principal,
    /// Group ids, lowercased, sorted, without repeats: its own `groupIds` and the
    /// directory groups that list it as a member.
    pub groups: Vec<String>,
    /// Its connected organization (given, or resolved from the directory per §3.4).
    pub org: Option<OrgMatch<'a>>,
}

/// A connected organization a principal belongs to.
#[derive(Debug, Clone)]
pub struct OrgMatch<'a> {
    /// The organization's id.
    pub id: String,
    /// The organization, when the directory has it.
    pub org: Option<&'a ConnectedOrganization>,
}

impl OrgMatch<'_> {
    /// Configured (the default when the directory doesn't say), not proposed.
    pub fn configured(&self) -> bool {
        self.org.and_then(|o| o.state.as_ref()) != Some(&ConnectedOrganizationState::Proposed)
    }
}

impl<'a> Subject<'a> {
    /// Looks the principal up in the directory.
    pub fn new(principal: &'a Principal, dir: &DirIndex<'a>) -> Subject<'a> {
        let mut groups = Subject::own_groups(principal);
        if let Some(id) = principal.id.as_deref() {
            for g in dir.groups.values() {
                let member = g
                    .member_ids
                    .iter()
                    .flatten()
                    .any(|m| m.eq_ignore_ascii_case(id));
                if member {
                    if let Some(gid) = g.id.as_deref() {
                        groups.push(gid.to_ascii_lowercase());
                    }
                }
            }
        }
        crate::sort::sort(&mut groups);
        groups.dedup();
        let org = resolve_org(principal, |id| dir.orgs.get(id), dir.orgs.values());
        Subject::with(principal, groups, org)
    }

    /// The principal's own `groupIds`, lowercased (not yet sorted).
    pub fn own_groups(principal: &Principal) -> Vec<String> {
        principal
            .group_ids
            .iter()
            .flatten()
            .map(|g| g.to_ascii_lowercase())
            .collect()
    }

    /// A subject whose groups (lowercased, sorted) and organization the caller has
    /// already worked out.
    pub fn with(
        principal: &'a Principal,
        groups: Vec<String>,
        org: Option<OrgMatch<'a>>,
    ) -> Subject<'a> {
        Subject {
            principal,
            groups,
            org,
        }
    }

    /// In the directory (has an object id).
    pub fn in_directory(&self) -> bool {
        self.principal
            .id
            .as_deref()
            .is_some_and(|id| !id.trim().is_empty())
    }

    /// A member of `group` (any case).
    pub fn in_group(&self, group: &str) -> bool {
        let lower = group.to_ascii_lowercase();
        self.groups.binary_search(&lower).is_ok()
    }

    fn kind(&self) -> &str {
        self.principal.kind.as_deref().unwrap_or("user")
    }

    fn is_user(&self) -> bool {
        self.kind() == "user"
    }

    fn is_guest(&self) -> bool {
        self.principal
            .user_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("Guest"))
    }

    /// External: not yet in the directory, or a guest.
    pub fn is_external(&self) -> bool {
        self.is_user() && (!self.in_directory() || self.is_guest())
    }

    fn is(&self, id: Option<&str>) -> bool {
        match (self.principal.id.as_deref(), id) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        }
    }

    /// Holds an active assignment of `package` (from `policy`, when given): in an
    /// active state and, when its schedule names an end, not ended at `now`.
    fn holds(&self, package: &str, policy: Option<&str>, now: Option<DateTime<Utc>>) -> bool {
        self.principal.assignments.iter().flatten().any(|a| {
            let ended = match (now, a.schedule.as_ref().and_then(|s| s.expiration.as_ref())) {
                (Some(now), Some(e)) => e
                    .end_date_time
                    .as_ref()
                    .and_then(|t| t.parsed)
                    .is_some_and(|end| end <= now),
                _ => false,
            };
            !ended
                && a.package_id()
                    .is_some_and(|p| p.eq_ignore_ascii_case(package))
                && policy
                    .is_none_or(|want| a.policy_id().is_some_and(|p| p.eq_ignore_ascii_case(want)))
                && a.state
                    .as_deref()
                    .is_some_and(|s| ACTIVE_STATES.contains(&s))
        })
    }

    fn has_open_request(&self, package: &str) -> bool {
        self.principal.open_requests.iter().flatten().any(|r| {
            r.access_package_id
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(package))
                && r.state
                    .as_deref()
                    .is_some_and(|s| OPEN_REQUEST_STATES.contains(&s))
        })
    }
}

/// Assignment states that grant access (domain.md §3.5 A.4).
pub const ACTIVE_STATES: &[&str] = &["delivered", "partiallyDelivered", "delivering"];
/// Request states that are still open (domain.md §2.12 `REQ_OPEN_REQUEST_EXISTS`).
pub const OPEN_REQUEST_STATES: &[&str] =
    &["submitted", "pendingApproval", "scheduled", "delivering"];

/// The mail domain, lowercased.
fn mail_domain(p: &Principal) -> Option<String> {
    p.mail
        .as_deref()
        .and_then(|m| m.rsplit_once('@'))
        .map(|(_, d)| d.to_ascii_lowercase())
}

/// The domains of Microsoft accounts: a connected organization for one of them admits
/// any user who signs in with a Microsoft account (domain.md §9 R11).
pub const MSA_DOMAINS: [&str; 4] = ["live.com", "outlook.com", "hotmail.com", "msn.com"];

/// True for a Microsoft-account domain.
pub fn is_msa_domain(domain: &str) -> bool {
    MSA_DOMAINS
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain.trim()))
}

/// Connected organization of a principal (domain.md §3.4): the given one, or the
/// first organization whose identity source recognises how the principal signs in,
/// configured before proposed. `by_id` finds a given organization; `candidates` are
/// the organizations to try, in id order.
pub fn resolve_org<'a>(
    p: &Principal,
    by_id: impl Fn(&str) -> Option<&'a ConnectedOrganization>,
    candidates: impl Iterator<Item = &'a ConnectedOrganization>,
) -> Option<OrgMatch<'a>> {
    if let Some(id) = p
        .connected_organization_id
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        return Some(OrgMatch {
            id: id.to_string(),
            org: by_id(id),
        });
    }
    let auth = p.auth_kind.as_deref();
    let domain = mail_domain(p);
    let tenant = p.home_tenant_id.as_deref();
    let mut best: Option<&'a ConnectedOrganization> = None;
    for org in candidates {
        let recognised = org.identity_sources.iter().flatten().any(|s| {
            let kind = s
                .odata_type
                .as_deref()
                .map(crate::model::decode::short_odata_type);
            match kind {
                Some("azureActiveDirectoryTenant" | "crossCloudAzureActiveDirectoryTenant") => {
                    auth.is_none_or(|a| a == "entra")
                        && tenant.is_some()
                        && s.tenant_id.as_deref().map(str::to_ascii_lowercase)
                            == tenant.map(str::to_ascii_lowercase)
                }
                Some("externalDomainFederation") => {
                    auth == Some("federation") && domain_is(s.domain_name.as_deref(), &domain)
                }
                Some("domainIdentitySource") => {
                    matches!(auth, Some("otp" | "msa") | None)
                        && (domain_is(s.domain_name.as_deref(), &domain)
                            // A Microsoft-account domain admits every Microsoft account (§9 R11).
                            || (auth == Some("msa") && s.domain_name.as_deref().is_some_and(is_msa_domain)))
                }
                Some("socialIdentitySource") => matches!(auth, Some("social" | "msa")),
                _ => false,
            }
        });
        if recognised {
            let configured = org.state.as_ref() != Some(&ConnectedOrganizationState::Proposed);
            let better = match best {
                None => true,
                Some(b) => {
                    configured && b.state.as_ref() == Some(&ConnectedOrganizationState::Proposed)
                }
            };
            if better {
                best = Some(org);
            }
        }
    }
    best.and_then(|o| {
        Some(OrgMatch {
            id: o.id.clone()?,
            org: Some(o),
        })
    })
}

fn domain_is(source: Option<&str>, domain: &Option<String>) -> bool {
    match (source, domain) {
        (Some(s), Some(d)) => s.eq_ignore_ascii_case(d),
        _ => false,
    }
}

/// One question of a request: who, for whom, what, how.
#[derive(Debug, Clone)]
pub struct Query<'q> {
    /// Who makes the request.
    pub requester: &'q Subject<'q>,
    /// Whom it is for (the requester itself for `User`).
    pub target: &'q Subject<'q>,
    /// Add, update or remove.
    pub request_type: RequestType,
    /// User, on behalf, or administrator.
    pub initiator: Initiator,
    /// Prioritized or raw.
    pub mode: Mode,
    /// The instant of the question (assignments whose end has passed don't count).
    pub now: Option<DateTime<Utc>>,
}

/// `accessPackageAssignmentRequestRequirements` (domain.md §1.25, §3.6).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirements<'a> {
    /// The policy's id.
    pub policy_id: String,
    /// The policy's name.
    pub policy_display_name: Option<&'a str>,
    /// The policy's description.
    pub policy_description: Option<&'a str>,
    /// `requestApprovalSettings.isApprovalRequiredForAdd`.
    pub is_approval_required_for_add: bool,
    /// `requestApprovalSettings.isApprovalRequiredForUpdate`.
    pub is_approval_required_for_update: bool,
    /// `requestApprovalSettings.isRequestorJustificationRequired`.
    pub is_requestor_justification_required: bool,
    /// `requestorSettings.allowCustomAssignmentSchedule`.
    pub allow_custom_assignment_schedule: bool,
    /// The policy's questions, by `sequence`, then the questions of the catalog's
    /// required attributes of the package's resources (domain.md §9 R1).
    pub questions: Vec<RequirementQuestion<'a>>,
    /// The schedule restrictions of the policy.
    pub schedule: RequirementSchedule<'a>,
}

/// The `schedule` of [`Requirements`]: the policy's expiration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequirementSchedule<'a> {
    /// Always `null`: the requester picks the start.
    pub start_date_time: Option<&'a str>,
    /// Always `null`: requests don't recur.
    pub recurrence: Option<&'a str>,
    /// The policy's `expiration`.
    pub expiration: Option<&'a ExpirationPattern>,
}

/// A question a requester answers: one of the policy's, or a catalog attribute's
/// (`accessPackageResourceAttribute.source.question`, as Graph writes it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RequirementQuestion<'a> {
    /// One of the policy's questions.
    Policy(&'a Question),
    /// The question of a required attribute of one of the package's resources.
    Attribute(&'a crate::json::Value),
}

/// The questions of the catalog's required attributes of the package's resources, in
/// the order of the package's role scopes (domain.md §1.20, §9 R1): each with its `id`.
pub fn attribute_questions<'a>(env: &Env<'a>) -> Vec<&'a crate::json::Value> {
    let Some(resources) = env.catalog.and_then(|c| c.resources.as_deref()) else {
        return Vec::new();
    };
    let mut out: Vec<&'a crate::json::Value> = Vec::new();
    for rs in env.package.resource_role_scopes.iter().flatten() {
        let wanted_id = rs
            .role
            .as_ref()
            .and_then(|r| r.resource.as_ref())
            .and_then(|r| r.id.as_deref());
        let wanted_origin = rs.scope.as_ref().and_then(|s| s.origin_id.as_deref());
        let resource = resources.iter().find(|r| {
            (wanted_id.is_some() && r.id.as_deref() == wanted_id)
                || (wanted_origin.is_some_and(|o| {
                    r.origin_id
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(o))
                }))
        });
        for attribute in resource
            .and_then(|r| r.attributes.as_deref())
            .unwrap_or(&[])
        {
            if let Some(q) = attribute.source.as_ref().and_then(|s| s.get("question")) {
                if !out.iter().any(|seen| std::ptr::eq(*seen, q)) {
                    out.push(q);
                }
            }
        }
    }
    out
}

impl<'a> Requirements<'a> {
    /// The requirements of `policy` (missing booleans are false, missing text null),
    /// asking also the `attributes` questions.
    pub fn of(
        policy_id: &str,
        policy: &'a Policy,
        attributes: &[&'a crate::json::Value],
    ) -> Requirements<'a> {
        let mut own: Vec<&'a Question> = policy
            .question_list()
            .iter()
            .filter(|q| q.unreadable.is_none())
            .collect();
        crate::sort::sort_by_cached_key(&mut own, |q| q.sequence.unwrap_or(i64::MAX));
        let questions = own
            .into_iter()
            .map(RequirementQuestion::Policy)
            .chain(attributes.iter().map(|q| RequirementQuestion::Attribute(q)))
            .collect();
        Requirements {
            policy_id: policy_id.to_string(),
            policy_display_name: policy.display_name.as_deref(),
            policy_description: policy.description.as_deref(),
            is_approval_required_for_add: policy.approval_for_add(),
            is_approval_required_for_update: policy.approval_for_update(),
            is_requestor_justification_required: policy.justification_required(),
            allow_custom_assignment_schedule: policy.requestor().custom_schedule(),
            questions,
            schedule: RequirementSchedule {
                start_date_time: None,
                recurrence: None,
                expiration: policy.expiration.as_ref(),
            },
        }
    }
}

/// The answer for one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAnswer<'a> {
    /// The policy's id.
    pub policy_id: String,
    /// The policy's name.
    pub display_name: &'a str,
    /// The request can go through this policy.
    pub applies: bool,
    /// Why not (empty when it applies).
    pub reasons: Vec<&'static str>,
    /// What the requester faces, when it applies.
    pub requirements: Option<Requirements<'a>>,
}

/// The answer for one package.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageAnswer<'a> {
    /// The package's id.
    pub access_package_id: String,
    /// At least one policy applies.
    pub requestable: bool,
    /// Requestable and not hidden.
    pub listed_in_my_access: bool,
    /// Package-level reasons.
    pub reasons: Vec<&'static str>,
    /// Every policy of the package.
    pub policies: Vec<PolicyAnswer<'a>>,
}

/// Scope priority (domain.md §3.5 step C): 1 is the most specific; service
/// principal and agent scopes don't compete with user scopes.
fn priority(scope: &S) -> Option<u8> {
    match scope {
        S::SpecificDirectoryUsers
        | S::SpecificConnectedOrganizationUsers
        | S::SpecificDirectoryServicePrincipals => Some(1),
        S::AllMemberUsers => Some(2),
        S::AllDirectoryUsers => Some(3),
        S::AllConfiguredConnectedOrganizationUsers | S::AllExternalUsers => Some(4),
        _ => None,
    }
}

/// Whether `subject` is in the policy's scope; the reason when not.
pub fn scope_reason(
    policy: &Policy,
    subject: &Subject<'_>,
    initiator: Initiator,
) -> Option<&'static str> {
    let scope = policy
        .allowed_target_scope
        .clone()
        .unwrap_or(S::NotSpecified);
    let kind = subject.kind();
    let kind_fits = match scope {
        S::SpecificDirectoryServicePrincipals | S::AllDirectoryServicePrincipals => {
            kind == "servicePrincipal"
        }
        S::AllDirectoryAgentIdentities => kind == "agentIdentity",
        _ => kind == "user",
    };
    if !kind_fits {
        return Some(R::PRINCIPAL_KIND_MISMATCH);
    }
    let targets = policy.specific_allowed_targets.as_deref().unwrap_or(&[]);
    let listed = |pred: &dyn Fn(&SubjectSet) -> bool| {
        targets.iter().any(|t| t.unreadable.is_none() && pred(t))
    };
    let fits = match scope {
        S::NotSpecified => initiator == Initiator::Admin && subject.in_directory(),
        S::SpecificDirectoryUsers => {
            subject.in_directory()
                && listed(&|t| match t.kind() {
                    K::SingleUser => subject.is(t.user_id.as_deref()),
                    K::GroupMembers => t.group_id.as_deref().is_some_and(|g| subject.in_group(g)),
                    K::AttributeRuleMembers => t
                        .membership_rule
                        .as_deref()
                        .and_then(|r| crate::membership_rule::MembershipRule::parse(r).ok())
                        .is_some_and(|r| subject.principal.matches_rule(&r) == Ok(true)),
                    _ => false,
                })
        }
        S::AllMemberUsers => subject.in_directory() && !subject.is_guest(),
        S::AllDirectoryUsers => subject.in_directory(),
        S::SpecificConnectedOrganizationUsers => {
            subject.is_external()
                && subject.org.as_ref().is_some_and(|o| {
                    listed(&|t| {
                        t.kind() == K::ConnectedOrganizationMembers
                            && t.connected_organization_id
                                .as_deref()
                                .is_some_and(|c| c.eq_ignore_ascii_case(&o.id))
                    })
                })
        }
        S::AllConfiguredConnectedOrganizationUsers => {
            subject.is_external() && subject.org.as_ref().is_some_and(OrgMatch::configured)
        }
        S::AllExternalUsers => subject.is_external(),
        S::SpecificDirectoryServicePrincipals => listed(&|t| {
            t.kind() == K::SingleServicePrincipal && subject.is(t.service_principal_id.as_deref())
        }),
        S::AllDirectoryServicePrincipals | S::AllDirectoryAgentIdentities => subject.in_directory(),
        S::UnknownFutureValue | S::Other(_) => false,
    };
    if fits {
        None
    } else if scope == S::NotSpecified && initiator != Initiator::Admin {
        Some(R::DIRECT_ASSIGNMENT_ONLY)
    } else {
        Some(R::NOT_IN_SCOPE)
    }
}

/// Whether `requester` is among the policy's on-behalf requestors for `target`.
fn is_on_behalf_requestor(policy: &Policy, requester: &Subject<'_>, target: &Subject<'_>) -> bool {
    policy
        .requestor()
        .on_behalf()
        .iter()
        .any(|s| match s.kind() {
            K::TargetManager => {
                let level = usize::try_from(s.level().clamp(1, 4)).unwrap_or(1);
                target
                    .principal
                    .manager_ids
                    .iter()
                    .flatten()
                    .take(level)
                    .any(|m| requester.is(Some(m)))
            }
            K::SingleUser => requester.is(s.user_id.as_deref()),
            K::GroupMembers => s.group_id.as_deref().is_some_and(|g| requester.in_group(g)),
            _ => false,
        })
}

/// Package gates (domain.md §3.5 step A) for this query.
fn package_reasons(env: &Env<'_>, q: &Query<'_>) -> Vec<&'static str> {
    let mut out = Vec::new();
    let requests = q.initiator != Initiator::Admin;
    if requests && env.catalog.and_then(|c| c.state.as_ref()) == Some(&CatalogState::Unpublished) {
        R::add(&mut out, R::CATALOG_DISABLED);
    }
    // "Enabled for external users" governs users from other directories, guests already
    // in this one included (domain.md §9 R7).
    let not_external = env.catalog.and_then(|c| c.is_externally_visible) == Some(false);
    if requests && not_external && q.target.is_external() {
        R::add(&mut out, R::CATALOG_NOT_EXTERNAL);
    }
    for s in [&q.target, &q.requester] {
        if s.in_directory() && s.principal.account_enabled == Some(false) {
            R::add(&mut out, R::ACCOUNT_DISABLED);
        }
    }
    if q.request_type == RequestType::Add {
        if env
            .package
            .incompatible_package_ids()
            .any(|p| q.target.holds(p, None, q.now))
        {
            R::add(&mut out, R::INCOMPATIBLE_PACKAGE);
        }
        if env
            .package
            .incompatible_group_ids()
            .any(|g| q.target.in_group(g))
        {
            R::add(&mut out, R::INCOMPATIBLE_GROUP);
        }
        // Existing assignments and open requests (inferences, domain.md §7): the raw
        // mode reads the API literally and leaves them out.
        if let Some(id) = env
            .package
            .id
            .as_deref()
            .filter(|_| q.mode == Mode::Prioritized)
        {
            if q.target.holds(id, None, q.now) {
                R::add(&mut out, R::ALREADY_ASSIGNED);
            }
            if q.target.has_open_request(id) {
                R::add(&mut out, R::PENDING_REQUEST_EXISTS);
            }
        }
    }
    if env.policies.is_empty() {
        R::add(&mut out, R::NO_POLICIES);
    }
    out
}

/// The policy's own reasons (domain.md §3.5 step B) for this query.
fn policy_reasons(
    env: &Env<'_>,
    policy_id: &str,
    policy: &Policy,
    q: &Query<'_>,
    not_external: bool,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    // Every request evaluated here is a client's: automatic policies only take the service's.
    if policy.kind() == PolicyKind::Automatic {
        R::add(&mut out, R::AUTOMATIC_POLICY);
    }
    let package = env.package.id.as_deref().unwrap_or("");
    let holds_from_policy = q.target.holds(package, Some(policy_id), q.now);
    if let Some(reason) = scope_reason(policy, q.target, q.initiator) {
        // An update is judged under the policy the assignment came from.
        let reason = if q.request_type == RequestType::Update
            && reason == R::NOT_IN_SCOPE
            && holds_from_policy
        {
            R::OUT_OF_SCOPE_FOR_EXTENSION
        } else {
            reason
        };
        R::add(&mut out, reason);
    } else if not_external
        && q.initiator != Initiator::Admin
        && policy
            .allowed_target_scope
            .as_ref()
            .is_some_and(S::is_external)
    {
        R::add(&mut out, R::CATALOG_NOT_EXTERNAL);
    }
    let r = policy.requestor();
    let needs_assignment = q.request_type != RequestType::Add;
    match (q.initiator, q.request_type) {
        (Initiator::User, RequestType::Add) if !r.self_add() => {
            R::add(&mut out, R::SELF_ADD_DISABLED)
        }
        (Initiator::User, RequestType::Update) if !r.self_update() => {
            R::add(&mut out, R::SELF_UPDATE_DISABLED)
        }
        (Initiator::User, RequestType::Remove) if !r.self_remove() => {
            R::add(&mut out, R::SELF_REMOVE_DISABLED)
        }
        (Initiator::OnBehalf, op) => {
            if !is_on_behalf_requestor(policy, q.requester, q.target) {
                R::add(&mut out, R::NOT_ON_BEHALF_REQUESTOR);
            }
            let enabled = match op {
                RequestType::Add => r.on_behalf_add(),
                RequestType::Update => r.on_behalf_update(),
                RequestType::Remove => r.on_behalf_remove(),
            };
            if !enabled {
                R::add(&mut out, R::ON_BEHALF_DISABLED);
            }
        }
        _ => {}
    }
    if needs_assignment && !holds_from_policy {
        R::add(&mut out, R::NO_ASSIGNMENT_TO_CHANGE);
    }
    out
}

/// My Access since 30 September 2025 (domain.md §9 R6): a member user sees a package that
/// has an enabled "specific users and groups" request policy, even outside its scope.
/// A catalog not enabled for requests shows nothing, and a disabled account signs in nowhere.
fn shown_to_members(env: &Env<'_>, q: &Query<'_>) -> bool {
    q.requester.is_user()
        && q.requester.in_directory()
        && !q.requester.is_guest()
        && q.requester.principal.account_enabled != Some(false)
        && env.catalog.and_then(|c| c.state.as_ref()) != Some(&CatalogState::Unpublished)
        && env.policies.iter().any(|(_, p)| {
            p.kind() == PolicyKind::RequestBased
                && p.allowed_target_scope.as_ref() == Some(&S::SpecificDirectoryUsers)
                && p.requestor().self_add()
        })
}

/// Evaluates one package for one query.
pub fn evaluate<'a>(env: &Env<'a>, q: &Query<'_>) -> PackageAnswer<'a> {
    let package_reasons = package_reasons(env, q);
    let not_external = env.catalog.and_then(|c| c.is_externally_visible) == Some(false);
    let mut policies: Vec<PolicyAnswer<'a>> = env
        .policies
        .iter()
        .map(|(id, policy)| {
            let mut reasons = package_reasons.clone();
            for r in policy_reasons(env, id, policy, q, not_external) {
                R::add(&mut reasons, r);
            }
            PolicyAnswer {
                policy_id: id.clone(),
                display_name: policy.display_name.as_deref().unwrap_or(""),
                applies: reasons.is_empty(),
                reasons,
                requirements: None,
            }
        })
        .collect();
    // Step C: only the most specific category of matching policies, for user and
    // on-behalf adds.
    if q.mode == Mode::Prioritized
        && q.request_type == RequestType::Add
        && q.initiator != Initiator::Admin
    {
        let rank = |i: usize| {
            env.policies.get(i).and_then(|(_, p)| {
                priority(p.allowed_target_scope.as_ref().unwrap_or(&S::NotSpecified))
            })
        };
        let best = policies
            .iter()
            .enumerate()
            .filter(|(_, a)| a.applies)
            .filter_map(|(i, _)| rank(i))
            .min();
        if let Some(best) = best {
            for (i, answer) in policies.iter_mut().enumerate() {
                if answer.applies && rank(i).is_some_and(|r| r > best) {
                    answer.applies = false;
                    R::add(&mut answer.reasons, R::LOWER_PRIORITY_POLICY);
                }
            }
        }
    }
    let attributes = attribute_questions(env);
    for (answer, (id, policy)) in policies.iter_mut().zip(&env.policies) {
        if answer.applies {
            answer.requirements = Some(Requirements::of(id, policy, &attributes));
        }
    }
    let requestable = policies.iter().any(|p| p.applies);
    let mut reasons = package_reasons;
    if !requestable && reasons.is_empty() {
        // Nothing at package level: say what stopped the policies that take this kind
        // of request (request-based ones, or every non-automatic one for administrators),
        // or every policy when there are none of those.
        let takes = |p: &Policy| match q.initiator {
            Initiator::Admin => p.kind() != PolicyKind::Automatic,
            _ => p.kind() == PolicyKind::RequestBased,
        };
        let relevant: Vec<&PolicyAnswer<'a>> = policies
            .iter()
            .zip(&env.policies)
            .filter(|(_, (_, p))| takes(p))
            .map(|(a, _)| a)
            .collect();
        let pool: Vec<&PolicyAnswer<'a>> = if relevant.is_empty() {
            policies.iter().collect()
        } else {
            relevant
        };
        for answer in pool {
            for code in &answer.reasons {
                R::add(&mut reasons, code);
            }
        }
    }
    PackageAnswer {
        access_package_id: env.package.id.clone().unwrap_or_default(),
        requestable,
        listed_in_my_access: env.package.is_hidden != Some(true)
            && (requestable || shown_to_members(env, q)),
        reasons,
        policies,
    }
}
