// The tenant the page offers in its pickers: catalogs with their resources, roles and
// scopes, groups, users, connected organizations, and sample requesters. By default a
// small made-up tenant (Woodgrove), in Microsoft Graph v1.0 shapes, with ids from the
// fixture tenant of domain.md §5.0; `useTenant` puts a loaded tenant in its place. The
// lists are live bindings, so every module that imports them sees the tenant in use.

const user = (n) => `10000000-0000-0000-0000-00000000000${n}`;
const group = (n) => `90000000-0000-0000-0000-00000000000${n}`;

export const CONTOSO_TENANT = "7c000000-0000-0000-0000-00000000c0c0";

export const IDS = {
  catalogs: { sales: "c0000000-0000-0000-0000-000000000001", finance: "c0000000-0000-0000-0000-000000000002", general: "c0000000-0000-0000-0000-000000000003" },
  groups: { sales: group(1), all: group(2), dynamic: group(3), finAdmins: group(4), marketing: group(5), campaignTeam: group(6) },
  users: { alice: user(1), bob: user(2), carol: user(3), dave: user(4), gina: user(5), erin: user(6), frank: user(7), henry: user(8) },
  orgs: { contoso: "e0000000-0000-0000-0000-000000000001", live: "e0000000-0000-0000-0000-000000000002", litware: "e0000000-0000-0000-0000-000000000003" },
  packages: { dev: "a0000000-0000-0000-0000-000000000002" },
};

const SAMPLE_GROUPS = [
  { id: IDS.groups.sales, displayName: "Sales team", kind: "team", isDynamic: false, securityEnabled: true, memberIds: [user(1), user(6)] },
  { id: IDS.groups.all, displayName: "All employees", kind: "group", isDynamic: false, securityEnabled: true, memberIds: [user(1), user(2), user(3), user(4), user(6), user(7), user(8)] },
  { id: IDS.groups.dynamic, displayName: "Sales engineers (dynamic)", kind: "group", isDynamic: true, securityEnabled: true, memberIds: [] },
  { id: IDS.groups.finAdmins, displayName: "Finance admins", kind: "group", isDynamic: false, securityEnabled: true, memberIds: [user(4)] },
  { id: IDS.groups.marketing, displayName: "Marketing resources", kind: "group", isDynamic: false, securityEnabled: true, memberIds: [] },
  { id: IDS.groups.campaignTeam, displayName: "Campaign planning", kind: "team", isDynamic: false, securityEnabled: false, memberIds: [user(8)] },
];

/** Directory users, as `Principal`s with a display name. */
const SAMPLE_USERS = [
  { id: IDS.users.alice, displayName: "Alice Adams", userType: "Member", accountEnabled: true, mail: "alice@woodgrove.example", groupIds: [IDS.groups.sales, IDS.groups.all], managerIds: [IDS.users.bob, IDS.users.carol], attributes: { department: "Presales" } },
  { id: IDS.users.bob, displayName: "Bob Brown", userType: "Member", accountEnabled: true, mail: "bob@woodgrove.example", groupIds: [IDS.groups.all], managerIds: [IDS.users.carol] },
  { id: IDS.users.carol, displayName: "Carol Chen", userType: "Member", accountEnabled: true, mail: "carol@woodgrove.example", groupIds: [IDS.groups.all], managerIds: [] },
  { id: IDS.users.dave, displayName: "Dave Diaz", userType: "Member", accountEnabled: true, mail: "dave@woodgrove.example", groupIds: [IDS.groups.all, IDS.groups.finAdmins], managerIds: [],
    assignments: [{ accessPackageId: IDS.packages.dev, assignmentPolicyId: "p-dev", state: "delivered" }] },
  { id: IDS.users.gina, displayName: "Gina Garcia", userType: "Guest", accountEnabled: true, mail: "gina@contoso.example", homeTenantId: CONTOSO_TENANT, authKind: "entra", connectedOrganizationId: IDS.orgs.contoso, groupIds: [], managerIds: [], sponsorIds: [IDS.users.bob] },
  { id: IDS.users.erin, displayName: "Erin Evans", userType: "Member", accountEnabled: false, mail: "erin@woodgrove.example", groupIds: [IDS.groups.sales, IDS.groups.all], managerIds: [IDS.users.bob] },
  { id: IDS.users.frank, displayName: "Frank Fischer", userType: "Member", accountEnabled: true, mail: "frank@woodgrove.example", groupIds: [IDS.groups.all], managerIds: [IDS.users.carol] },
  { id: IDS.users.henry, displayName: "Henry Hall", userType: "Member", accountEnabled: true, mail: "henry@woodgrove.example", groupIds: [IDS.groups.all, IDS.groups.campaignTeam], managerIds: [IDS.users.carol], attributes: { department: "Sales" } },
];

/** People not (yet) in the directory. */
const SAMPLE_EXTERNAL_PEOPLE = [
  { id: null, displayName: "Pat Park", userType: "Guest", accountEnabled: true, mail: "pat@contoso.example", homeTenantId: CONTOSO_TENANT, authKind: "entra", connectedOrganizationId: IDS.orgs.contoso, groupIds: [], managerIds: [] },
  { id: null, displayName: "Xavier Xu", userType: "Guest", accountEnabled: true, mail: "xavier@fabrikam.example", authKind: "otp", groupIds: [], managerIds: [] },
];

const SAMPLE_ORGANIZATIONS = [
  { id: IDS.orgs.contoso, displayName: "Contoso", description: "Sales partner", state: "configured",
    identitySources: [{ "@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", tenantId: CONTOSO_TENANT, displayName: "Contoso" }],
    internalSponsors: [{ id: IDS.users.bob }], externalSponsors: [{ id: IDS.users.gina }] },
  { id: IDS.orgs.live, displayName: "live.com", description: "Created when a request was approved", state: "proposed",
    identitySources: [{ "@odata.type": "#microsoft.graph.domainIdentitySource", domainName: "live.com", displayName: "live.com" }],
    internalSponsors: [], externalSponsors: [] },
  { id: IDS.orgs.litware, displayName: "Litware", description: "Agency", state: "configured",
    identitySources: [{ "@odata.type": "#microsoft.graph.domainIdentitySource", domainName: "litware.example", displayName: "litware.example" }],
    internalSponsors: [{ id: IDS.users.frank }], externalSponsors: [] },
];

// Resource n has the id r0000000-…-n, its roles rr00000n-…-k and its root scope rs00000n-…-1.
const pad = (n, width) => String(n).padStart(width, "0");
const resourceId = (n) => `r0000000-0000-0000-0000-${pad(n, 12)}`;
const roleId = (n, k) => `rr${pad(n, 6)}-0000-0000-0000-${pad(k, 12)}`;
const scopeId = (n) => `rs${pad(n, 6)}-0000-0000-0000-000000000001`;

function groupResource(n, g) {
  const id = resourceId(n);
  const scope = { id: scopeId(n), displayName: "Root", description: "Root Scope", originSystem: "AadGroup", originId: g.id, isRootScope: true };
  return {
    id, displayName: g.displayName, description: g.kind === "team" ? "Microsoft Teams team" : "Security group", originSystem: "AadGroup", originId: g.id,
    roles: ["Owner", "Member"].map((r, k) => ({ id: roleId(n, k + 1), displayName: r, originSystem: "AadGroup", originId: `${r}_${g.id}` })),
    scopes: [scope],
  };
}

function appResource(n, displayName, servicePrincipalId, roles) {
  return {
    id: resourceId(n), displayName, description: "Enterprise application", originSystem: "AadApplication", originId: servicePrincipalId,
    roles: roles.map(([name, appRoleId], k) => ({ id: roleId(n, k + 1), displayName: name, originSystem: "AadApplication", originId: appRoleId })),
    scopes: [{ id: scopeId(n), displayName: "Root", description: "Root Scope", originSystem: "AadApplication", originId: servicePrincipalId, isRootScope: true }],
  };
}

function siteResource(n, displayName, url) {
  return {
    id: resourceId(n), displayName, description: url, originSystem: "SharePointOnline", originId: url,
    roles: [["Owners", "3"], ["Members", "4"], ["Visitors", "5"]].map(([name, seq], k) => ({ id: roleId(n, k + 1), displayName: `${displayName} ${name}`, originSystem: "SharePointOnline", originId: seq })),
    scopes: [{ id: scopeId(n), displayName: "Root", description: "Root Scope", originSystem: "SharePointOnline", originId: url, isRootScope: true }],
  };
}

const byId = (id) => SAMPLE_GROUPS.find((g) => g.id === id);

const SAMPLE_CATALOGS = [
  { id: IDS.catalogs.general, displayName: "General", description: "Built-in catalog", state: "published", isExternallyVisible: true,
    resources: [
      groupResource(1, byId(IDS.groups.marketing)),
      groupResource(2, byId(IDS.groups.campaignTeam)),
      { ...appResource(3, "Campaign analytics", "5a000000-0000-0000-0000-000000000001", [["Reader", "ar000000-0000-0000-0000-000000000001"], ["Editor", "ar000000-0000-0000-0000-000000000002"]]),
        // The catalog's "Require attributes": asked of every requester of a package with this app.
        attributes: [{ name: "costCenter", isEditable: true, isPersistedOnAssignmentRemoval: true,
          destination: { "@odata.type": "#microsoft.graph.userDirectoryAttributeStore", attributeName: "costCenter" },
          source: { "@odata.type": "#microsoft.graph.accessPackageResourceAttributeQuestion",
            question: { "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", id: "attr-cost-center", text: "Your cost center", isRequired: true, isSingleLineQuestion: true, sequence: 1 } } }] },
      siteResource(4, "Marketing site", "https://woodgrove.sharepoint.example/sites/marketing"),
    ] },
  { id: IDS.catalogs.sales, displayName: "Sales", description: "Resources for sales staff and sales partners", state: "published", isExternallyVisible: true,
    resources: [
      groupResource(5, byId(IDS.groups.sales)),
      groupResource(6, byId(IDS.groups.dynamic)),
      appResource(7, "Contoso CRM", "5a000000-0000-0000-0000-000000000002", [["Sales rep", "ar000000-0000-0000-0000-000000000003"], ["Sales manager", "ar000000-0000-0000-0000-000000000004"]]),
      siteResource(8, "Sales portal", "https://woodgrove.sharepoint.example/sites/sales"),
    ] },
  { id: IDS.catalogs.finance, displayName: "Finance", description: "Finance systems (not enabled for requests)", state: "unpublished", isExternallyVisible: false,
    resources: [
      groupResource(9, byId(IDS.groups.finAdmins)),
      appResource(10, "Ledger", "5a000000-0000-0000-0000-000000000003", [["Default Access", "00000000-0000-0000-0000-000000000000"]]),
    ] },
];


/** Sample requesters for "Who can request" and "What happens". */
const SAMPLE_SCENARIOS = [
  { key: "member", label: "Alice Adams, a member in the Sales team", requester: IDS.users.alice, initiator: "user" },
  { key: "sales-department", label: "Henry Hall, a member in the Sales department", requester: IDS.users.henry, initiator: "user" },
  { key: "guest", label: "Gina Garcia, a guest from Contoso", requester: IDS.users.gina, initiator: "user" },
  { key: "external", label: "Pat Park, from the connected organization Contoso, not yet in the directory", requester: "ext:Pat Park", initiator: "user" },
  { key: "unknown-external", label: "Xavier Xu, external with no connected organization", requester: "ext:Xavier Xu", initiator: "user" },
  { key: "manager", label: "Bob Brown, requesting on behalf of Alice (his report)", requester: IDS.users.bob, initiator: "onBehalf", target: IDS.users.alice },
  { key: "admin", label: "Frank Fischer, an administrator assigning Dave directly", requester: IDS.users.frank, initiator: "admin", target: IDS.users.dave },
  { key: "disabled", label: "Erin Evans, a member whose account is disabled", requester: IDS.users.erin, initiator: "user" },
];

/** A copy of a person, by id or by the `ext:` name of someone not in the directory. */
export function person(key) {
  if (key && key.startsWith("ext:")) {
    const p = EXTERNAL_PEOPLE.find((e) => e.displayName === key.slice(4));
    return p ? structuredClone(p) : null;
  }
  if (key === null) return { id: null, displayName: "Someone not in the directory", userType: "Guest", accountEnabled: true, groupIds: [], managerIds: [] };
  const u = userById(key);
  return u ? structuredClone(u) : null;
}

export function userName(id) {
  const u = userById(id);
  return u ? u.displayName : null;
}

export function groupName(id) {
  const g = GROUPS.find((x) => x.id === id);
  return g ? g.displayName : null;
}

export function orgName(id) {
  const o = CONNECTED_ORGANIZATIONS.find((x) => x.id === id);
  return o ? o.displayName : null;
}

export function catalogById(id) {
  return CATALOGS.find((c) => c.id === id) || null;
}

export let GROUPS = SAMPLE_GROUPS;
export let USERS = SAMPLE_USERS;
export let EXTERNAL_PEOPLE = SAMPLE_EXTERNAL_PEOPLE;
export let CONNECTED_ORGANIZATIONS = SAMPLE_ORGANIZATIONS;
export let CATALOGS = SAMPLE_CATALOGS;
export let SCENARIOS = SAMPLE_SCENARIOS;
/** The loaded tenant's packages ({ id, displayName, policies }: how many), none for the sample. */
export let PACKAGES = [];
/** What the page calls the tenant in use. */
export let TENANT_NAME = "Woodgrove (made up)";
let cachedDirectory = null;

/** Puts a loaded tenant (tenant-snapshot.js's `pageData`) in place of the sample. */
export function useTenant(data) {
  GROUPS = data.groups;
  USERS = data.users;
  EXTERNAL_PEOPLE = [];
  CONNECTED_ORGANIZATIONS = data.organizations;
  CATALOGS = data.catalogs;
  PACKAGES = data.packages;
  TENANT_NAME = data.name;
  SCENARIOS = data.users.slice(0, 200).map((u) => ({ key: u.id, label: `${u.displayName || u.mail || u.id} (${u.userType === "Guest" ? "guest" : "member"})`, requester: u.id, initiator: "user" }));
  if (SCENARIOS.length === 0) SCENARIOS = [{ key: "nobody", label: "Someone not in the directory", requester: null, initiator: "user" }];
  usersById = null;
  cachedDirectory = null;
}

/** Back to the made-up sample tenant. */
export function useSample() {
  GROUPS = SAMPLE_GROUPS;
  USERS = SAMPLE_USERS;
  EXTERNAL_PEOPLE = SAMPLE_EXTERNAL_PEOPLE;
  CONNECTED_ORGANIZATIONS = SAMPLE_ORGANIZATIONS;
  CATALOGS = SAMPLE_CATALOGS;
  SCENARIOS = SAMPLE_SCENARIOS;
  PACKAGES = [];
  TENANT_NAME = "Woodgrove (made up)";
  usersById = null;
  cachedDirectory = null;
}

/** The `directory` argument of the engine's calls, for the tenant in use. */
export function directory() {
  cachedDirectory ||= {
    groups: GROUPS.map(({ kind, ...g }) => g),
    users: USERS,
    connectedOrganizations: CONNECTED_ORGANIZATIONS,
    catalogs: CATALOGS.map(({ resources, ...c }) => c),
  };
  return cachedDirectory;
}

let usersById = null;
function userById(id) {
  usersById ||= new Map(USERS.map((u) => [String(u.id).toLowerCase(), u]));
  return id ? usersById.get(String(id).toLowerCase()) : undefined;
}
