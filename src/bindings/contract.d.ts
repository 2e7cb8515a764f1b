
// ---- The public contract (shared/spec/api.md), typed. ----

/**
 * A Graph enum as a request writes it: one of the members Graph v1.0 lists, so that a
 * typo (`allowedTargetScope: "allMembers"`) is a compile error. At run time an unknown
 * value is still accepted, kept and reported as an `INPUT_UNKNOWN_ENUM_VALUE` warning.
 */
export type GraphEnum<Known extends string> = Known;

/**
 * A Graph object as an answer gives it back: every Graph enum in it may also hold a
 * value that a later Graph version adds (forward compatible), so compare with `===`
 * and keep a default branch.
 */
export type Answered<T> =
  T extends string ? (string extends T ? T : T | (string & {}))
  : T extends readonly (infer Item)[] ? Answered<Item>[]
  : T extends object ? { [Key in keyof T]: Answered<T[Key]> }
  : T;

/** Members every Graph object may carry: OData annotations such as `@odata.type` or `catalog@odata.bind`. */
export interface GraphObject {
  "@odata.type"?: string;
  "@odata.id"?: string;
  "@odata.context"?: string;
  "@odata.etag"?: string;
  [annotation: `${string}@${string}`]: unknown;
}

export type Severity = "error" | "warning" | "info";
export type Profile = "graph" | "portal" | "strict";

/** One finding. */
export interface Diagnostic {
  /** Rule id from domain.md §2 (e.g. `APPR_STAGES_REQUIRED`) or an `INPUT_*` code. */
  code: string;
  severity: Severity;
  /** JSON pointer into the request, e.g. `/draft/assignmentPolicies/0/requestApprovalSettings/stages`. */
  path: string;
  /** One sentence, lowercase start, no trailing period, user values in backticks. */
  message: string;
  /** What to change. */
  help?: string;
}

export type allowedTargetScope = GraphEnum<
  | "notSpecified" | "specificDirectoryUsers" | "specificConnectedOrganizationUsers"
  | "specificDirectoryServicePrincipals" | "allMemberUsers" | "allDirectoryUsers"
  | "allDirectoryServicePrincipals" | "allConfiguredConnectedOrganizationUsers"
  | "allExternalUsers" | "allDirectoryAgentIdentities" | "unknownFutureValue">;
export type accessPackageCatalogState = GraphEnum<"unpublished" | "published" | "unknownFutureValue">;
export type accessPackageCatalogType = GraphEnum<"userManaged" | "serviceDefault" | "serviceManaged" | "unknownFutureValue">;
export type expirationPatternType = GraphEnum<"notSpecified" | "noExpiration" | "afterDateTime" | "afterDuration">;
export type accessReviewExpirationBehavior = GraphEnum<"keepAccess" | "removeAccess" | "acceptAccessRecommendation" | "unknownFutureValue">;
export type approverInformationVisibility = GraphEnum<"default" | "notVisible" | "visible" | "unknownFutureValue">;
export type accessPackageCustomExtensionStage = GraphEnum<
  | "assignmentRequestCreated" | "assignmentRequestApproved" | "assignmentRequestGranted"
  | "assignmentRequestRemoved" | "assignmentFourteenDaysBeforeExpiration"
  | "assignmentOneDayBeforeExpiration" | "unknownFutureValue">;
export type connectedOrganizationState = GraphEnum<"configured" | "proposed" | "unknownFutureValue">;
export type recurrencePatternType = GraphEnum<"daily" | "weekly" | "absoluteMonthly" | "relativeMonthly" | "absoluteYearly" | "relativeYearly">;
export type recurrenceRangeType = GraphEnum<"endDate" | "noEnd" | "numbered">;

/** A reference to another entity: `{ id }`, an expanded entity, or `{ "@odata.id": url }`. */
export interface entityReference extends GraphObject {
  id?: string;
  displayName?: string;
  [property: string]: unknown;
}

export interface accessPackageCatalog extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  state?: accessPackageCatalogState;
  isExternallyVisible?: boolean;
  catalogType?: accessPackageCatalogType;
  createdDateTime?: string;
  modifiedDateTime?: string;
  resources?: accessPackageResource[];
  resourceRoles?: accessPackageResourceRole[];
  resourceScopes?: accessPackageResourceScope[];
  customWorkflowExtensions?: customCalloutExtension[];
  accessPackages?: accessPackage[];
}

export interface accessPackageResource extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  originId?: string;
  /** `AadGroup`, `AadApplication`, `SharePointOnline`, `DirectoryRole`, … */
  originSystem?: string;
  attributes?: accessPackageResourceAttribute[];
  createdDateTime?: string;
  modifiedDateTime?: string;
  environment?: GraphObject | null;
  roles?: accessPackageResourceRole[];
  scopes?: accessPackageResourceScope[];
}

export interface accessPackageResourceAttribute extends GraphObject {
  name?: string;
  source?: GraphObject;
  destination?: GraphObject;
  isEditable?: boolean;
  isPersistedOnAssignmentRemoval?: boolean;
}

export interface accessPackageResourceRole extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  originId?: string;
  originSystem?: string;
  type?: GraphEnum<"active" | "eligible" | "application" | "delegated" | "unknownFutureValue">;
  resource?: accessPackageResource;
}

export interface accessPackageResourceScope extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  isRootScope?: boolean;
  originId?: string;
  originSystem?: string;
  resource?: accessPackageResource;
}

export interface accessPackageResourceRoleScope extends GraphObject {
  id?: string;
  createdDateTime?: string;
  role?: accessPackageResourceRole;
  scope?: accessPackageResourceScope;
}

export interface accessPackage extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  isHidden?: boolean;
  createdDateTime?: string;
  modifiedDateTime?: string;
  catalog?: entityReference;
  resourceRoleScopes?: accessPackageResourceRoleScope[];
  /** Accepted inline, as `GET accessPackages/{id}?$expand=assignmentPolicies` returns them. */
  assignmentPolicies?: accessPackageAssignmentPolicy[];
  incompatibleAccessPackages?: entityReference[];
  incompatibleGroups?: entityReference[];
  accessPackagesIncompatibleWith?: entityReference[];
}

interface subjectSetBase extends GraphObject {
  description?: string | null;
}
export interface singleUser extends subjectSetBase { "@odata.type": string; userId: string }
export interface groupMembers extends subjectSetBase { "@odata.type": string; groupId: string }
export interface connectedOrganizationMembers extends subjectSetBase { "@odata.type": string; connectedOrganizationId: string }
export interface attributeRuleMembers extends subjectSetBase { "@odata.type": string; membershipRule: string }
export interface singleServicePrincipal extends subjectSetBase { "@odata.type": string; servicePrincipalId: string }
export interface requestorManager extends subjectSetBase { "@odata.type": string; managerLevel?: number }
export interface targetManager extends subjectSetBase { "@odata.type": string; managerLevel?: number }
/** `internalSponsors`, `externalSponsors`, `targetUserSponsors`, `targetApplicationOwners`, … */
export interface parameterlessSubjectSet extends subjectSetBase { "@odata.type": string }
/** A `subjectSet` of any subtype, tagged by `@odata.type` (`#microsoft.graph.singleUser`, `singleUser`, …). */
export type subjectSet =
  | singleUser | groupMembers | connectedOrganizationMembers | attributeRuleMembers
  | singleServicePrincipal | requestorManager | targetManager | parameterlessSubjectSet;

export interface expirationPattern extends GraphObject {
  type?: expirationPatternType;
  /** ISO 8601 duration, e.g. `P30D`, `PT8H`. */
  duration?: string | null;
  /** RFC 3339 instant. */
  endDateTime?: string | null;
}

export interface recurrencePattern extends GraphObject {
  type?: recurrencePatternType;
  interval?: number;
  dayOfMonth?: number;
  daysOfWeek?: string[];
  firstDayOfWeek?: string | null;
  index?: string | null;
  month?: number;
}

export interface recurrenceRange extends GraphObject {
  type?: recurrenceRangeType;
  startDate?: string | null;
  endDate?: string | null;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string | null;
}

export interface patternedRecurrence extends GraphObject {
  pattern?: recurrencePattern;
  range?: recurrenceRange;
}

export interface entitlementManagementSchedule extends GraphObject {
  startDateTime?: string | null;
  expiration?: expirationPattern | null;
  recurrence?: patternedRecurrence | null;
}

export interface accessPackageAssignmentRequestorSettings extends GraphObject {
  enableTargetsToSelfAddAccess?: boolean;
  enableTargetsToSelfUpdateAccess?: boolean;
  enableTargetsToSelfRemoveAccess?: boolean;
  allowCustomAssignmentSchedule?: boolean;
  enableOnBehalfRequestorsToAddAccess?: boolean;
  enableOnBehalfRequestorsToUpdateAccess?: boolean;
  enableOnBehalfRequestorsToRemoveAccess?: boolean;
  onBehalfRequestors?: subjectSet[];
}

export interface accessPackageApprovalStage extends GraphObject {
  durationBeforeAutomaticDenial?: string;
  durationBeforeEscalation?: string;
  isEscalationEnabled?: boolean;
  isApproverJustificationRequired?: boolean;
  primaryApprovers?: subjectSet[];
  fallbackPrimaryApprovers?: subjectSet[];
  escalationApprovers?: subjectSet[];
  fallbackEscalationApprovers?: subjectSet[];
  approverInformationVisibility?: approverInformationVisibility;
}

export interface accessPackageAssignmentApprovalSettings extends GraphObject {
  isApprovalRequiredForAdd?: boolean;
  isApprovalRequiredForUpdate?: boolean;
  isRequestorJustificationRequired?: boolean;
  stages?: accessPackageApprovalStage[];
}

export interface accessPackageAssignmentReviewSettings extends GraphObject {
  isEnabled?: boolean;
  expirationBehavior?: accessReviewExpirationBehavior;
  isRecommendationEnabled?: boolean;
  isReviewerJustificationRequired?: boolean;
  isSelfReview?: boolean;
  primaryReviewers?: subjectSet[];
  fallbackReviewers?: subjectSet[];
  schedule?: entitlementManagementSchedule;
}

export interface accessPackageAutomaticRequestSettings extends GraphObject {
  requestAccessForAllowedTargets?: boolean;
  removeAccessWhenTargetLeavesAllowedTargets?: boolean;
  gracePeriodBeforeAccessRemoval?: string | null;
}

export interface accessPackageNotificationSettings extends GraphObject {
  isAssignmentNotificationDisabled?: boolean;
}

export interface customExtensionCallbackConfiguration extends GraphObject {
  timeoutDuration?: string;
}

export interface customCalloutExtension extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  endpointConfiguration?: GraphObject;
  authenticationConfiguration?: GraphObject;
  clientConfiguration?: GraphObject;
  callbackConfiguration?: customExtensionCallbackConfiguration;
}

export interface customExtensionStageSetting extends GraphObject {
  id?: string;
  stage?: accessPackageCustomExtensionStage;
  customExtension?: customCalloutExtension;
}

export interface accessPackageLocalizedText extends GraphObject {
  languageCode?: string;
  text?: string;
}

export interface accessPackageAnswerChoice extends GraphObject {
  actualValue?: string;
  text?: string;
  localizations?: accessPackageLocalizedText[];
}

/** `accessPackageTextInputQuestion` or `accessPackageMultipleChoiceQuestion`, tagged by `@odata.type`. */
export interface accessPackageQuestion extends GraphObject {
  id?: string;
  text?: string;
  localizations?: accessPackageLocalizedText[];
  sequence?: number;
  isRequired?: boolean;
  isAnswerEditable?: boolean;
  isSingleLineQuestion?: boolean;
  regexPattern?: string | null;
  choices?: accessPackageAnswerChoice[];
  isMultipleSelectionAllowed?: boolean;
}

/** Beta only: reported by `VC_BETA_ONLY`. */
export interface verifiableCredentialSettings extends GraphObject {
  credentialTypes?: { credentialType?: string; issuers?: string[] }[];
}

export interface accessPackageAssignmentPolicy extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  allowedTargetScope?: allowedTargetScope;
  specificAllowedTargets?: subjectSet[];
  automaticRequestSettings?: accessPackageAutomaticRequestSettings | null;
  expiration?: expirationPattern | null;
  requestorSettings?: accessPackageAssignmentRequestorSettings | null;
  requestApprovalSettings?: accessPackageAssignmentApprovalSettings | null;
  reviewSettings?: accessPackageAssignmentReviewSettings | null;
  notificationSettings?: accessPackageNotificationSettings | null;
  accessPackage?: entityReference;
  catalog?: entityReference;
  questions?: accessPackageQuestion[];
  customExtensionStageSettings?: customExtensionStageSetting[];
  verifiableCredentialSettings?: verifiableCredentialSettings;
  createdDateTime?: string;
  modifiedDateTime?: string;
}

/** A draft: the catalog, the package and its policies, validated together. */
export interface Draft {
  catalog?: accessPackageCatalog;
  accessPackage: accessPackage;
  assignmentPolicies?: accessPackageAssignmentPolicy[];
}

export interface identitySource extends GraphObject {
  "@odata.type"?: string;
  tenantId?: string;
  cloudInstance?: string;
  displayName?: string;
  domainName?: string;
  issuerUri?: string;
  socialIdentitySourceType?: string;
}

export interface connectedOrganization extends GraphObject {
  id?: string;
  displayName?: string;
  description?: string | null;
  identitySources?: identitySource[];
  state?: connectedOrganizationState;
  internalSponsors?: entityReference[];
  externalSponsors?: entityReference[];
  createdDateTime?: string;
  modifiedDateTime?: string;
}

export interface DirectoryGroup {
  id: string;
  displayName?: string;
  isDynamic?: boolean;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  groupTypes?: string[];
  onPremisesSyncEnabled?: boolean;
  memberIds?: string[];
}

export interface DirectoryRoleDefinition {
  id: string;
  displayName?: string;
  isPrivileged?: boolean;
}

export type AttributeValue = string | number | boolean | string[];

/** A user or service principal, as the rules see it. */
export interface Principal {
  /** `null`: not yet in the directory (external requester). */
  id?: string | null;
  kind?: "user" | "servicePrincipal" | "agentIdentity";
  displayName?: string;
  userType?: "Member" | "Guest";
  accountEnabled?: boolean;
  mail?: string;
  homeTenantId?: string;
  /** How an external user signs in. */
  authKind?: "entra" | "otp" | "federation" | "msa" | "social";
  connectedOrganizationId?: string;
  groupIds?: string[];
  /** `managerIds[0]` is the direct manager, `[1]` the second level. */
  managerIds?: string[];
  sponsorIds?: string[];
  attributes?: { [name: string]: AttributeValue };
  /** Assignments held: api.md's summary, or Graph's `accessPackageAssignment` (`accessPackage`, `assignmentPolicy` expanded). */
  assignments?: PrincipalAssignment[];
  /** Graph's `user.signInActivity`, for access review recommendations (our addition). */
  signInActivity?: { lastSignInDateTime?: string; lastNonInteractiveSignInDateTime?: string };
  /** The directory record says the user never signed in (our addition; review recommendations deny, domain.md §9 R9). */
  neverSignedIn?: boolean;
  openRequests?: { accessPackageId: string; requestType: string; state: string; assignmentPolicyId?: string }[];
}

/** What the caller knows about the tenant (optional everywhere). */
export interface Directory {
  groups?: DirectoryGroup[];
  users?: Principal[];
  connectedOrganizations?: connectedOrganization[];
  /** Other packages, for incompatibility references (and the stored version of this one). */
  accessPackages?: accessPackage[];
  /** Other catalogs, for name uniqueness. */
  catalogs?: accessPackageCatalog[];
  /** Entra role definitions, for privileged roles. */
  roleDefinitions?: DirectoryRoleDefinition[];
}

export interface ValidateDraftRequest {
  draft: Draft;
  /** RFC 3339, e.g. `2026-03-01T09:00:00Z`. */
  now: string;
  /** `portal` when absent. */
  profile?: Profile;
  directory?: Directory;
  /** Rule ids not to report. */
  disabledRules?: string[];
}

export interface ValidationReport {
  /** No diagnostic of severity `error`. */
  valid: boolean;
  errorCount: number;
  warningCount: number;
  /** Every finding, in document order. */
  diagnostics: Diagnostic[];
}

export type RequestType = "add" | "update" | "remove";
export type Initiator = "user" | "onBehalf" | "admin";

/** Reason codes of domain.md §3.8. */
export type ReasonCode =
  | "CATALOG_DISABLED" | "CATALOG_NOT_EXTERNAL" | "ACCOUNT_DISABLED" | "INCOMPATIBLE_PACKAGE"
  | "INCOMPATIBLE_GROUP" | "NO_POLICIES" | "NOT_IN_SCOPE" | "PRINCIPAL_KIND_MISMATCH"
  | "DIRECT_ASSIGNMENT_ONLY" | "AUTOMATIC_POLICY" | "SELF_ADD_DISABLED" | "SELF_UPDATE_DISABLED"
  | "SELF_REMOVE_DISABLED" | "NOT_ON_BEHALF_REQUESTOR" | "ON_BEHALF_DISABLED" | "NO_ASSIGNMENT_TO_CHANGE"
  | "ALREADY_ASSIGNED" | "PENDING_REQUEST_EXISTS" | "LOWER_PRIORITY_POLICY" | "POLICY_SELECTION_REQUIRED"
  | "SCHEDULE_NOT_ALLOWED" | "SCHEDULE_INVALID" | "JUSTIFICATION_REQUIRED" | "ANSWER_MISSING"
  | "ANSWER_INVALID" | "ANSWER_NOT_EDITABLE" | "OUT_OF_SCOPE_FOR_EXTENSION";

export interface ApplicablePoliciesRequest {
  draft: Draft;
  requester: Principal;
  /** RFC 3339. */
  now: string;
  /** `add` when absent. */
  requestType?: RequestType;
  /** `user` when absent. */
  initiator?: Initiator;
  /** The person access is for, when `initiator` is `onBehalf` or `admin`. */
  target?: Principal;
  /** `prioritized` (domain.md §3.5 step C) when absent. */
  mode?: "prioritized" | "raw";
  directory?: Directory;
}

/** Graph's `accessPackageAssignmentRequestRequirements`. */
export interface accessPackageAssignmentRequestRequirements {
  policyId: string;
  policyDisplayName: string | null;
  policyDescription: string | null;
  isApprovalRequiredForAdd: boolean;
  isApprovalRequiredForUpdate: boolean;
  isRequestorJustificationRequired: boolean;
  allowCustomAssignmentSchedule: boolean;
  /** The policy's questions, by `sequence`. */
  questions: Answered<accessPackageQuestion>[];
  schedule: { startDateTime: null; recurrence: null; expiration: Answered<expirationPattern> | null };
}

export interface PolicyApplicability {
  /** The policy's `id`, or its JSON pointer in the draft when it has none. */
  policyId: string;
  displayName: string;
  applies: boolean;
  /** Why not: every reason, empty when it applies. */
  reasons: ReasonCode[];
  requirements: accessPackageAssignmentRequestRequirements | null;
}

export interface Applicability {
  accessPackageId: string;
  /** At least one policy applies. */
  requestable: boolean;
  /** Shown in My Access (domain.md §9 R6): not hidden, and requestable, or a member looking at a package with an enabled "specific users and groups" policy. */
  listedInMyAccess: boolean;
  /** Package-level reasons (also repeated on each policy). */
  reasons: ReasonCode[];
  policies: PolicyApplicability[];
  /** `INPUT_*` findings about the request itself. */
  diagnostics: Diagnostic[];
}

/** A Graph collection page, as a `GET` of a collection returns it. */
export interface GraphPage<T> {
  "@odata.context"?: string;
  /** Where Graph continues; the snapshot should hold that page too (else `INPUT_INCOMPLETE_COLLECTION`). */
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  value: T[];
}

/** A collection as an array, as one Graph page, or as the pages of a paged list. */
export type GraphCollection<T> = T[] | GraphPage<T> | GraphPage<T>[];

/** Graph's `accessPackageSubject`: whom an assignment is for. */
export interface accessPackageSubject extends GraphObject {
  id?: string;
  /** The directory object's id: the user's (or service principal's) `id`. */
  objectId?: string | null;
  displayName?: string | null;
  email?: string | null;
  principalName?: string | null;
  onPremisesSecurityIdentifier?: string | null;
  subjectType?: GraphEnum<"notSpecified" | "user" | "servicePrincipal" | "unknownFutureValue">;
  subjectLifecycle?: GraphEnum<"notDefined" | "notGoverned" | "governed" | "unknownFutureValue">;
  connectedOrganization?: connectedOrganization | null;
}

/** Graph's `accessPackageAssignment`, as `assignments?$expand=target,accessPackage,assignmentPolicy` lists it. */
export interface accessPackageAssignment extends GraphObject {
  id?: string;
  state?: GraphEnum<"delivering" | "partiallyDelivered" | "delivered" | "expired" | "deliveryFailed" | "unknownFutureValue">;
  status?: string | null;
  expiredDateTime?: string | null;
  schedule?: entitlementManagementSchedule | null;
  target?: accessPackageSubject;
  accessPackage?: entityReference;
  assignmentPolicy?: entityReference;
  customExtensionCalloutInstances?: GraphObject[];
}

/** An assignment a Principal holds: `accessPackageId` / `assignmentPolicyId`, or Graph's shape. */
export interface PrincipalAssignment extends GraphObject {
  accessPackageId?: string;
  assignmentPolicyId?: string;
  accessPackage?: entityReference;
  assignmentPolicy?: entityReference;
  state?: string;
  status?: string | null;
  schedule?: entitlementManagementSchedule | null;
  id?: string;
  expiredDateTime?: string | null;
  target?: accessPackageSubject;
  customExtensionCalloutInstances?: GraphObject[];
}

/** What a tenant snapshot's `directory` takes: every collection also as Graph returns it. */
export interface TenantDirectory {
  groups?: GraphCollection<DirectoryGroup>;
  users?: GraphCollection<Principal>;
  connectedOrganizations?: GraphCollection<connectedOrganization>;
  accessPackages?: GraphCollection<accessPackage>;
  catalogs?: GraphCollection<accessPackageCatalog>;
  roleDefinitions?: GraphCollection<DirectoryRoleDefinition>;
  /** Graph's assignments; each goes to the user whose `id` is its `target.objectId`. */
  assignments?: GraphCollection<accessPackageAssignment>;
}

/**
 * What `new Tenant(snapshot)` takes. Every collection may be an array, a Graph page or
 * the pages of a paged list; policies may be nested in their package
 * (`accessPackages?$expand=assignmentPolicies`) or carry it
 * (`assignmentPolicies?$expand=accessPackage`); otherwise each names its package in
 * `accessPackage.id`.
 */
export interface TenantSnapshot {
  catalogs?: GraphCollection<accessPackageCatalog>;
  accessPackages?: GraphCollection<accessPackage>;
  assignmentPolicies?: GraphCollection<accessPackageAssignmentPolicy>;
  directory?: TenantDirectory;
}

export interface RequestablePackagesOptions {
  /** RFC 3339. */
  now: string;
  /** List hidden packages too (they stay requestable by link); false when absent. */
  includeHidden?: boolean;
}

export interface TenantApplicabilityOptions {
  /** RFC 3339. */
  now: string;
  requestType?: RequestType;
  initiator?: Initiator;
  target?: Principal;
  mode?: "prioritized" | "raw";
}

export interface RequestablePackage {
  accessPackageId: string;
  displayName: string;
  catalogId: string;
  isHidden: boolean;
  /** The requirements of each policy the requester may use. */
  policies: accessPackageAssignmentRequestRequirements[];
}

export type SimEvent =
  | { at: string; type: "decision"; approverId: string; decision: "approve" | "deny"; justification?: string }
  | { at: string; type: "cancel" | "remove"; by?: string }
  | { at: string; type: "delivery"; result: "delivered" | "partiallyDelivered" | "deliveryFailed" }
  | { at: string; type: "extend"; justification?: string; schedule?: entitlementManagementSchedule }
  | { at: string; type: "reviewDecision"; reviewerId: string; decision: "approve" | "deny" | "dontKnow" }
  /** Retry a partial or failed delivery (14 days), or re-apply a delivered assignment's roles (our addition). */
  | { at: string; type: "reprocess"; by?: string }
  /** A launch-and-wait custom extension at request creation calls back (our addition; default `continue`). */
  | { at: string; type: "callback"; result?: "continue" | "denied" | "canceled"; approvalStage?: accessPackageApprovalStage }
  | { at: string; type: "attributeChange"; attributes: { [name: string]: AttributeValue }; groupIds?: string[] };

/** An answer to a question (`accessPackageAnswerString`). */
export interface accessPackageAnswer extends GraphObject {
  value?: string;
  displayValue?: string;
  answeredQuestion?: entityReference;
}

export interface SimulateRequestRequest {
  draft: Draft;
  requester: Principal;
  /** For onBehalf and admin requests. */
  target?: Principal;
  /** The most specific applying policy when absent. */
  policyId?: string;
  requestType?: RequestType;
  /**
   * `"system"`: the service's own requests under the package's automatic-assignment
   * policy (or the one `policyId` names) for the requester, driven by `attributeChange` events.
   */
  initiator?: Initiator | "system";
  /** RFC 3339. */
  submittedAt: string;
  /** RFC 3339: nothing after it is simulated. */
  until: string;
  justification?: string;
  answers?: accessPackageAnswer[];
  schedule?: entitlementManagementSchedule;
  events?: SimEvent[];
  directory?: Directory;
  /** The tenant's `entitlementManagementSettings`: what happens to an external user the request brought in, after the last assignment. */
  settings?: { externalUserLifecycleAction?: GraphEnum<"none" | "blockSignIn" | "blockSignInAndDelete" | "unknownFutureValue">; durationUntilExternalUserDeletedAfterBlocked?: string };
}

export type TimelineKind =
  | "submitted" | "rejected" | "stageStarted" | "approversNotified" | "escalated" | "stageApproved"
  | "approved" | "denied" | "timedOut" | "canceled" | "scheduled" | "delivered" | "expiryReminder"
  | "extended" | "expired" | "reviewStarted" | "reviewClosed" | "removed" | "customExtension"
  | "reviewReminder" | "attributesChanged" | "gracePeriodStarted" | "gracePeriodEnded"
  | "partiallyDelivered" | "deliveryFailed" | "reprocessed"
  /** The service made no automatic assignment over one the target already holds (domain.md §9 R3). */
  | "skipped"
  /** A governed external user lost the last assignment and can no longer sign in (domain.md §9 R15). */
  | "externalUserBlocked"
  /** That user is then removed from the directory (domain.md §9 R15). */
  | "externalUserDeleted";

export interface TimelineEntry {
  /** RFC 3339. */
  at: string;
  kind: TimelineKind;
  /** 1-based approval stage. */
  stage?: number;
  /** User ids concerned (approvers notified, who decided, the target). */
  actors?: string[];
  detail?: string;
}

export interface Simulation {
  /** Graph `accessPackageRequestState` and status; a request refused at submission is `denied` / `Rejected`. */
  request: { state: string; status: string };
  assignment: { state: string; status: string; schedule: Answered<entitlementManagementSchedule> } | null;
  timeline: TimelineEntry[];
  /** Why a request was refused; events ignored or left out. */
  diagnostics: Diagnostic[];
}

export interface CreationPlanRequest {
  draft: Draft;
  /** RFC 3339. */
  now: string;
  profile?: Profile;
  directory?: Directory;
  disabledRules?: string[];
  /** The package as the tenant holds it now, with its policies (Graph shapes, with ids): the plan changes it into the draft. */
  current?: { accessPackage: accessPackage; assignmentPolicies?: accessPackageAssignmentPolicy[] };
}

/** One Graph v1.0 call of a plan. */
export interface PlanStep {
  /** `step-1`, `step-2`, … */
  id: string;
  /** `GET` finds a resource just added to a catalog (a resource request does not return it). */
  method: "POST" | "PATCH" | "PUT" | "DELETE" | "GET";
  /** Relative to `https://graph.microsoft.com/v1.0`. */
  url: string;
  /** No read-only properties; ids not yet known are `{{step-N.id}}`. */
  body?: { [property: string]: unknown };
  /** Earlier steps whose results it uses or which it must follow. */
  dependsOn: string[];
  /** What the step does, in one sentence. */
  summary: string;
}

export interface CreationPlan {
  /** False: the draft has errors the plan can't resolve, and `steps` is empty. */
  valid: boolean;
  /** validateDraft's findings, plus `PLAN_*` notes. */
  diagnostics: Diagnostic[];
  steps: PlanStep[];
  /** A script for the Microsoft Graph PowerShell SDK (Connect-MgGraph, the Microsoft.Graph.Identity.Governance cmdlets). */
  powershell: string;
  /** The same calls for VS Code's REST Client: named requests, later ones using `{{stepN.response.body.$.id}}`. */
  http: string;
}

export interface UpgradeDraftRequest {
  /** `{ catalog?, accessPackage, assignmentPolicies }`, or a single package or policy, in Graph beta or v1.0 names (PowerShell's PascalCase too). */
  payload: { [property: string]: unknown };
  /** RFC 3339: the instant the resulting draft is validated at. */
  now: string;
}

export interface Upgrade {
  /** The v1.0 draft (`null` when the payload is not an object). */
  draft: Draft | null;
  /** One per moved property: `from` points into the payload, `to` into the draft (`null`: nothing in v1.0 holds it). */
  mappings: { from: string; to: string | null; note: string }[];
  /** validateDraft's findings about the draft (`/draft/...`), plus `UPGRADE_*` findings (`/payload/...`). */
  diagnostics: Diagnostic[];
}
