//! A whole tenant loaded once and indexed, for questions across many packages
//! (api.md `Tenant`): which packages a person may request, and the applicability
//! of one package, with the same answers as [`crate::api::ApplicabilityCall`].
//!
//! Loading indexes every request-based policy of a package in a published catalog
//! by what it can match: a group, a user, a connected organization, or a whole kind
//! of principal (all members, all users, external users, service principals). A
//! question then evaluates only the packages those keys lead to, so its work follows
//! what can match the requester, not the size of the tenant.

use crate::api::{answer_for, query_options, required_now, Applicability};
use crate::applicability::{
    evaluate, resolve_org, Env, Initiator, Mode, Query, RequestType, Requirements, Subject,
};
use crate::diagnostics::{sort_diagnostics, Diagnostic, Path, Severity};
use crate::json::Value;
use crate::model::decode::{codes, graph_struct, Decode, Decoder, Instant};
use crate::model::directory::Principal;
use crate::model::{
    AccessPackage, AllowedTargetScope as S, Catalog, CatalogState, Directory, Policy, PolicyKind,
    SubjectKind as K,
};
use serde::Serialize;

mod limits;
mod snapshot;

graph_struct! {
    /// What `new Tenant(snapshot)` takes.
    Snapshot ("tenant snapshot") {
        /// Catalogs.
        "catalogs" => catalogs: Vec<Catalog>,
        /// Access packages.
        "accessPackages" => access_packages: Vec<AccessPackage>,
        /// Policies, each naming its package in `accessPackage.id`.
        "assignmentPolicies" => assignment_policies: Vec<Policy>,
        /// What is known about the directory.
        "directory" => directory: Directory,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// Options of `requestablePackages`.
    RequestableOptions ("requestablePackages options") {
        /// The instant to evaluate at.
        "now" => now: Instant,
        /// List hidden packages too (they stay requestable by link).
        "includeHidden" => include_hidden: bool,
    }
    accepts []
    legacy []
}

graph_struct! {
    /// Options of `tenant.applicablePolicies`.
    TenantQueryOptions ("applicablePolicies options") {
        /// The instant to evaluate at.
        "now" => now: Instant,
        /// `add` (default), `update` or `remove`.
        "requestType" => request_type: String,
        /// `user` (default), `onBehalf` or `admin`.
        "initiator" => initiator: String,
        /// Whom access is for, when someone else requests it.
        "target" => target: Principal,
        /// `prioritized` (default) or `raw`.
        "mode" => mode: String,
    }
    accepts []
    legacy []
}

/// Whole kinds of principals a policy can match ("all …" scopes), for the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Broad {
    // Variants name who is matched: every member user, every directory user, …
    Members,
    DirectoryUsers,
    ConfiguredOrgUsers,
    ExternalUsers,
    ServicePrincipals,
    Agents,
}

/// One package a requester may request (like `filterByCurrentUser(on='allowedRequestor')`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestablePackage<'a> {
    /// The package's id.
    pub access_package_id: &'a str,
    /// Its name.
    pub display_name: &'a str,
    /// Its catalog's id.
    pub catalog_id: &'a str,
    /// Hidden from My Access (requestable by link).
    pub is_hidden: bool,
    /// The requirements of each policy the requester may use.
    pub policies: Vec<Requirements<'a>>,
}

/// A loaded tenant.
#[derive(Debug)]
pub struct Tenant {
    catalogs: Vec<Catalog>,
    packages: Vec<AccessPackage>,
    policies: Vec<Policy>,
    policy_ids: Vec<String>,
    directory: Directory,
    diagnostics: Vec<Diagnostic>,
    /// Package ids (lowercased) with their index, sorted.
    package_ids: Vec<(String, usize)>,
    /// The catalog of each package.
    catalog_of: Vec<Option<usize>>,
    /// The policies of each package.
    policies_of: Vec<Vec<usize>>,
    /// (key, package): group, user, connected organization and service principal ids, lowercased.
    by_group: Vec<(String, usize)>,
    by_subject: Vec<(String, usize)>,
    by_org: Vec<(String, usize)>,
    by_broad: Vec<(Broad, usize)>,
    /// (user, group) from the directory's member lists, lowercased, sorted.
    member_of: Vec<(String, String)>,
    /// Connected organizations by id, by tenant id and by domain, lowercased.
    org_by_id: Vec<(String, usize)>,
    org_by_source: Vec<(String, usize)>,
    /// The directory's users by id, lowercased.
    user_ids: Vec<(String, usize)>,
}

/// Pairs sorted and without repeats.
fn finish<K: Ord>(list: &mut Vec<(K, usize)>) {
    crate::sort::sort(list);
    list.dedup();
}

/// Id keys sorted and without repeats. The standard sort, for speed: a tenant has
/// hundreds of thousands of these (one copy of it, for this one type).
fn finish_ids(list: &mut Vec<(String, usize)>) {
    list.sort_unstable();
    list.dedup();
}

/// The packages listed under `key` in a sorted index.
fn lookup<'i, K: Ord + ?Sized, O: std::borrow::Borrow<K> + Ord>(
    list: &'i [(O, usize)],
    key: &K,
) -> impl Iterator<Item = usize> + 'i {
    let start = list.partition_point(|(k, _)| k.borrow() < key);
    let end = start
        + list
            .get(start..)
            .map_or(0, |rest| rest.partition_point(|(k, _)| k.borrow() <= key));
    list.get(start..end).unwrap_or(&[]).iter().map(|(_, p)| *p)
}

impl Tenant {
    /// Loads and indexes a snapshot; what can't be loaded is reported by
    /// [`Tenant::diagnostics`] and the rest loads.
    pub fn new(snapshot: Value) -> Tenant {
        Tenant::from_source(snapshot, crate::json::Source::Built)
    }

    /// [`Tenant::new`] for a snapshot from `source`.
    pub(crate) fn from_source(snapshot: Value, source: crate::json::Source) -> Tenant {
        let root = Path::root();
        let mut d = Decoder::new();
        let snapshot = if source.too_deep(&snapshot) {
            d.findings.input(
                codes::UNREADABLE,
                Severity::Error,
                &root,
                format!(
                    "the snapshot nests deeper than {} levels",
                    crate::json::MAX_DEPTH
                ),
                None,
            );
            (
                Snapshot::default(),
                snapshot::Origins::default(),
                Vec::new(),
            )
        } else {
            let arranged = snapshot::arrange(snapshot);
            (
                Snapshot::decode(arranged.snapshot, &root, &mut d).unwrap_or_default(),
                arranged.origins,
                arranged.findings.into_vec(),
            )
        };
        let (snapshot, origins, arranging) = snapshot;
        let mut tenant = Tenant {
            catalogs: snapshot.catalogs.unwrap_or_default(),
            packages: snapshot.access_packages.unwrap_or_default(),
            policies: snapshot.assignment_policies.unwrap_or_default(),
            policy_ids: Vec::new(),
            directory: snapshot.directory.unwrap_or_default(),
            diagnostics: Vec::new(),
            package_ids: Vec::new(),
            catalog_of: Vec::new(),
            policies_of: Vec::new(),
            by_group: Vec::new(),
            by_subject: Vec::new(),
            by_org: Vec::new(),
            by_broad: Vec::new(),
            member_of: Vec::new(),
            org_by_id: Vec::new(),
            org_by_source: Vec::new(),
            user_ids: Vec::new(),
        };
        tenant.index(&root, &origins, &mut d);
        tenant.diagnostics = d.findings.into_vec();
        origins.repoint(&mut tenant.diagnostics);
        tenant.diagnostics.extend(arranging);
        tenant.diagnostics.extend(tenant.limits());
        sort_diagnostics(&mut tenant.diagnostics);
        tenant
    }

    fn index(&mut self, root: &Path<'_>, origins: &snapshot::Origins, d: &mut Decoder) {
        let packages_path = root.key("accessPackages");
        let policies_path = root.key("assignmentPolicies");
        // Packages by id.
        for (i, p) in self.packages.iter().enumerate() {
            match p.id.as_deref().filter(|s| !s.trim().is_empty()) {
                Some(id) if p.unreadable.is_none() => {
                    self.package_ids.push((id.to_ascii_lowercase(), i))
                }
                _ if p.unreadable.is_some() => {}
                _ => d.missing(&packages_path.index(i).key("id"), "the package's `id`"),
            }
        }
        self.package_ids.sort_unstable();
        let mut unique: Vec<(String, usize)> = Vec::with_capacity(self.package_ids.len());
        for (id, i) in std::mem::take(&mut self.package_ids) {
            if unique.last().is_some_and(|(last, _)| *last == id) {
                d.findings.input(
                    codes::DUPLICATE_ID,
                    Severity::Error,
                    &packages_path.index(i).key("id"),
                    format!("another package already has the id `{id}`; this one is not loaded"),
                    None,
                );
            } else {
                unique.push((id, i));
            }
        }
        self.package_ids = unique;
        let mut loaded = vec![false; self.packages.len()];
        for (_, i) in &self.package_ids {
            if let Some(flag) = loaded.get_mut(*i) {
                *flag = true;
            }
        }
        // Catalog of each package.
        let mut catalog_ids: Vec<(String, usize)> = self
            .catalogs
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((c.id.as_deref()?.to_ascii_lowercase(), i)))
            .collect();
        catalog_ids.sort_unstable();
        self.catalog_of = self
            .packages
            .iter()
            .map(|p| {
                let id = p.catalog.as_ref()?.id.as_deref()?.to_ascii_lowercase();
                lookup(&catalog_ids, id.as_str()).next()
            })
            .collect();
        // Policies of each package.
        self.policies_of = vec![Vec::new(); self.packages.len()];
        for (i, policy) in self.policies.iter().enumerate() {
            let here = policies_path.index(i);
            self.policy_ids.push(
                policy
                    .id
                    .clone()
                    .unwrap_or_else(|| origins.given(&here.to_string())),
            );
            if policy.unreadable.is_some() {
                continue;
            }
            let Some(package_id) = policy.access_package.as_ref().and_then(|r| r.id.as_deref())
            else {
                d.findings.input(
                    codes::MISSING,
                    Severity::Error,
                    &here.key("accessPackage"),
                    "the policy's `accessPackage.id` is missing, so it belongs to no package and is not loaded".into(),
                    Some("list policies with `assignmentPolicies?$expand=accessPackage` (PowerShell: `Get-MgEntitlementManagementAssignmentPolicy -All -ExpandProperty accessPackage`), or packages with `$expand=assignmentPolicies`".into()),
                );
                continue;
            };
            let lower = package_id.to_ascii_lowercase();
            match lookup(&self.package_ids, lower.as_str()).next() {
                Some(p) => {
                    if let Some(list) = self.policies_of.get_mut(p) {
                        list.push(i);
                    }
                }
                None => d.findings.input(
                    codes::UNKNOWN_REFERENCE,
                    Severity::Error,
                    &here.key("accessPackage").key("id"),
                    format!("no package of the snapshot has the id `{package_id}`; the policy is not loaded"),
                    None,
                ),
            }
        }
        // What each request-based policy of a package in a published catalog can match.
        for (p, policies) in self.policies_of.iter().enumerate() {
            let published = self
                .catalog_of
                .get(p)
                .copied()
                .flatten()
                .and_then(|c| self.catalogs.get(c))
                .is_none_or(|c| c.state.as_ref() != Some(&CatalogState::Unpublished));
            if !published || !loaded.get(p).copied().unwrap_or(false) {
                continue;
            }
            for policy in policies.iter().filter_map(|i| self.policies.get(*i)) {
                if policy.kind() != PolicyKind::RequestBased {
                    continue;
                }
                let targets = policy.specific_allowed_targets.as_deref().unwrap_or(&[]);
                let lower = |s: Option<&str>| s.map(str::to_ascii_lowercase);
                match policy
                    .allowed_target_scope
                    .clone()
                    .unwrap_or(S::NotSpecified)
                {
                    S::SpecificDirectoryUsers | S::SpecificDirectoryServicePrincipals => {
                        for t in targets {
                            match t.kind() {
                                K::GroupMembers => {
                                    if let Some(g) = lower(t.group_id.as_deref()) {
                                        self.by_group.push((g, p));
                                    }
                                }
                                K::SingleUser | K::SingleServicePrincipal => {
                                    let id =
                                        t.user_id.as_deref().or(t.service_principal_id.as_deref());
                                    if let Some(id) = lower(id) {
                                        self.by_subject.push((id, p));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    S::SpecificConnectedOrganizationUsers => {
                        for t in targets {
                            if let Some(o) = lower(t.connected_organization_id.as_deref()) {
                                self.by_org.push((o, p));
                            }
                        }
                    }
                    S::AllMemberUsers => self.by_broad.push((Broad::Members, p)),
                    S::AllDirectoryUsers => self.by_broad.push((Broad::DirectoryUsers, p)),
                    S::AllConfiguredConnectedOrganizationUsers => {
                        self.by_broad.push((Broad::ConfiguredOrgUsers, p));
                    }
                    S::AllExternalUsers => self.by_broad.push((Broad::ExternalUsers, p)),
                    S::AllDirectoryServicePrincipals => {
                        self.by_broad.push((Broad::ServicePrincipals, p));
                    }
                    S::AllDirectoryAgentIdentities => self.by_broad.push((Broad::Agents, p)),
                    _ => {}
                }
            }
        }
        finish_ids(&mut self.by_group);
        finish_ids(&mut self.by_subject);
        finish_ids(&mut self.by_org);
        finish(&mut self.by_broad);
        // Group membership the directory lists, by user.
        for g in self.directory.groups.iter().flatten() {
            let Some(gid) = g.id.as_deref() else { continue };
            for m in g.member_ids.iter().flatten() {
                self.member_of
                    .push((m.to_ascii_lowercase(), gid.to_ascii_lowercase()));
            }
        }
        crate::sort::sort(&mut self.member_of);
        self.member_of.dedup();
        for (i, u) in self.directory.users.iter().flatten().enumerate() {
            if let Some(id) = u.id.as_deref() {
                self.user_ids.push((id.to_ascii_lowercase(), i));
            }
        }
        finish_ids(&mut self.user_ids);
        // Connected organizations by what recognises their users.
        for (i, o) in self
            .directory
            .connected_organizations
            .iter()
            .flatten()
            .enumerate()
        {
            if let Some(id) = o.id.as_deref() {
                self.org_by_id.push((id.to_ascii_lowercase(), i));
            }
            for source in o.identity_sources.iter().flatten() {
                for key in [source.tenant_id.as_deref(), source.domain_name.as_deref()]
                    .into_iter()
                    .flatten()
                {
                    self.org_by_source.push((key.to_ascii_lowercase(), i));
                }
                if source
                    .odata_type
                    .as_deref()
                    .map(crate::model::decode::short_odata_type)
                    == Some("socialIdentitySource")
                {
                    self.org_by_source.push(("#social".to_string(), i));
                }
            }
        }
        finish_ids(&mut self.org_by_id);
        finish_ids(&mut self.org_by_source);
    }

    /// An empty tenant for a snapshot that could not be read at all.
    pub fn unreadable(reason: &str, path: &str) -> Tenant {
        let mut tenant = Tenant::new(Value::Object(Vec::new()));
        tenant.diagnostics = crate::api::unreadable(reason, path).diagnostics;
        tenant
    }

    /// Entries of the snapshot that could not be loaded, with their paths.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// How many packages and policies were loaded.
    pub fn size(&self) -> (usize, usize) {
        (
            self.package_ids.len(),
            self.policies_of.iter().map(Vec::len).sum(),
        )
    }

    /// `principal` completed with the directory's record of it, when it has one.
    fn facts<'p>(&self, principal: &'p Principal) -> std::borrow::Cow<'p, Principal> {
        let known = principal.id.as_deref().and_then(|id| {
            let i = lookup(&self.user_ids, id.to_ascii_lowercase().as_str()).next()?;
            self.directory.users.as_deref()?.get(i)
        });
        match known {
            Some(known) => std::borrow::Cow::Owned(principal.with_facts_from(known)),
            None => std::borrow::Cow::Borrowed(principal),
        }
    }

    /// A principal with its groups (its own and the directory's member lists) and its
    /// connected organization, from the tenant's indexes.
    fn subject<'a>(&'a self, principal: &'a Principal) -> Subject<'a> {
        let mut groups = Subject::own_groups(principal);
        if let Some(id) = principal.id.as_deref() {
            let id = id.to_ascii_lowercase();
            let start = self.member_of.partition_point(|(u, _)| *u < id);
            groups.extend(
                self.member_of
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|(u, _)| *u == id)
                    .map(|(_, g)| g.clone()),
            );
        }
        crate::sort::sort(&mut groups);
        groups.dedup();
        let orgs = self
            .directory
            .connected_organizations
            .as_deref()
            .unwrap_or(&[]);
        let by_id = |id: &str| {
            lookup(&self.org_by_id, id.to_ascii_lowercase().as_str())
                .next()
                .and_then(|i| orgs.get(i))
        };
        // Only organizations whose sources name the requester's tenant or mail domain
        // (or any social source) can recognise it; try those, in id order.
        let mut keys: Vec<String> = Vec::new();
        if let Some(t) = principal.home_tenant_id.as_deref() {
            keys.push(t.to_ascii_lowercase());
        }
        if let Some((_, domain)) = principal.mail.as_deref().and_then(|m| m.rsplit_once('@')) {
            keys.push(domain.to_ascii_lowercase());
        }
        keys.push("#social".to_string());
        if principal.auth_kind.as_deref() == Some("msa") {
            keys.extend(
                crate::applicability::MSA_DOMAINS
                    .iter()
                    .map(|d| d.to_string()),
            );
        }
        let mut candidates: Vec<usize> = keys
            .iter()
            .flat_map(|k| lookup(&self.org_by_source, k.as_str()))
            .collect();
        crate::sort::sort(&mut candidates);
        candidates.dedup();
        let mut ordered: Vec<&'a crate::model::ConnectedOrganization> =
            candidates.iter().filter_map(|i| orgs.get(*i)).collect();
        crate::sort::sort_by(&mut ordered, |a, b| {
            let key = |o: &crate::model::ConnectedOrganization| {
                o.id.as_deref().map(str::to_ascii_lowercase)
            };
            key(a).cmp(&key(b))
        });
        let org = resolve_org(principal, by_id, ordered.into_iter());
        Subject::with(principal, groups, org)
    }

    /// The package `index` as the evaluation sees it.
    fn env(&self, index: usize) -> Option<Env<'_>> {
        let package = self.packages.get(index)?;
        let catalog = self
            .catalog_of
            .get(index)
            .copied()
            .flatten()
            .and_then(|c| self.catalogs.get(c));
        let policies = self
            .policies_of
            .get(index)?
            .iter()
            .filter_map(|i| Some((self.policy_ids.get(*i)?.clone(), self.policies.get(*i)?)))
            .collect();
        Some(Env {
            catalog,
            package,
            policies,
        })
    }

    /// Packages `requester` may request for themselves, with the requirements of each
    /// policy they may use, by package id.
    pub fn requestable_packages<'a>(
        &'a self,
        requester: &'a Principal,
        include_hidden: bool,
        now: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Vec<RequestablePackage<'a>> {
        let requester = self.facts(requester);
        let requester: &Principal = &requester;
        let subject = self.subject(requester);
        let mut candidates: Vec<usize> = Vec::new();
        for g in &subject.groups {
            candidates.extend(lookup(&self.by_group, g.as_str()));
        }
        if let Some(id) = requester.id.as_deref() {
            candidates.extend(lookup(&self.by_subject, id.to_ascii_lowercase().as_str()));
        }
        if let Some(org) = subject.org.as_ref() {
            candidates.extend(lookup(&self.by_org, org.id.to_ascii_lowercase().as_str()));
        }
        let kind = requester.kind.as_deref().unwrap_or("user");
        let guest = requester
            .user_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("Guest"));
        let in_directory = subject.in_directory();
        let broad: &[Broad] = match kind {
            "servicePrincipal" => &[Broad::ServicePrincipals],
            "agentIdentity" => &[Broad::Agents],
            _ if !in_directory => &[Broad::ConfiguredOrgUsers, Broad::ExternalUsers],
            _ if guest => &[
                Broad::DirectoryUsers,
                Broad::ConfiguredOrgUsers,
                Broad::ExternalUsers,
            ],
            _ => &[Broad::Members, Broad::DirectoryUsers],
        };
        for b in broad {
            candidates.extend(lookup(&self.by_broad, b));
        }
        crate::sort::sort(&mut candidates);
        candidates.dedup();
        let mut out = Vec::new();
        for index in candidates {
            let Some(env) = self.env(index) else {
                continue;
            };
            let query = Query {
                requester: &subject,
                target: &subject,
                request_type: RequestType::Add,
                initiator: Initiator::User,
                mode: Mode::Prioritized,
                now,
            };
            let answer = evaluate(&env, &query);
            if !answer.requestable || (!include_hidden && !answer.listed_in_my_access) {
                continue;
            }
            let package = env.package;
            out.push(RequestablePackage {
                access_package_id: package.id.as_deref().unwrap_or(""),
                display_name: package.display_name.as_deref().unwrap_or(""),
                catalog_id: package
                    .catalog
                    .as_ref()
                    .and_then(|c| c.id.as_deref())
                    .unwrap_or(""),
                is_hidden: package.is_hidden == Some(true),
                policies: answer
                    .policies
                    .into_iter()
                    .filter_map(|p| p.requirements)
                    .collect(),
            });
        }
        crate::sort::sort_by(&mut out, |a, b| {
            a.access_package_id.cmp(b.access_package_id)
        });
        out
    }

    /// The applicability of one package, as `applicablePolicies` answers for a draft
    /// of that package.
    pub fn applicable_policies<'a>(
        &'a self,
        package_id: &str,
        requester: &'a Principal,
        options: &'a TenantQueryOptions,
        mut diagnostics: Vec<Diagnostic>,
    ) -> Applicability<'a> {
        let root = Path::root();
        let mut d = Decoder::new();
        let now = required_now(options.now.as_ref(), &mut d, &root);
        let options_tuple = query_options(
            options.request_type.as_deref(),
            options.initiator.as_deref(),
            options.mode.as_deref(),
            &mut d,
            &root,
        );
        diagnostics.extend(d.findings.into_vec());
        let lower = package_id.to_ascii_lowercase();
        let found = lookup(&self.package_ids, lower.as_str()).next();
        let Some(env) = found.and_then(|i| self.env(i)) else {
            diagnostics.push(
                Diagnostic::new(
                    codes::UNKNOWN_REFERENCE,
                    Severity::Error,
                    "",
                    format!("no package of the tenant has the id `{package_id}`"),
                )
                .with_help("ask with the `id` of a loaded package"),
            );
            sort_diagnostics(&mut diagnostics);
            return Applicability {
                answer: crate::api::empty_answer(),
                diagnostics,
            };
        };
        sort_diagnostics(&mut diagnostics);
        let requester = self.facts(requester);
        let target = options.target.as_ref().map(|t| self.facts(t));
        Applicability {
            answer: answer_for(
                &env,
                self.subject(&requester),
                target.as_deref().map(|t| self.subject(t)),
                options_tuple,
                now,
            ),
            diagnostics,
        }
    }
}

/// Reads a requester given to a Tenant method; `INPUT_*` findings at `/requester`.
pub fn read_principal(value: Value, d: &mut Decoder) -> Principal {
    let root = Path::root();
    let here = root.key("requester");
    Principal::decode(value, &here, d).unwrap_or_default()
}

/// Reads options given to a Tenant method; `INPUT_*` findings at `/options`.
pub fn read_options<T: Decode + Default>(value: Value, d: &mut Decoder) -> T {
    let root = Path::root();
    let here = root.key("options");
    if value.is_null() {
        return T::default();
    }
    T::decode(value, &here, d).unwrap_or_default()
}
