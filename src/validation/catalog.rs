//! Catalog rules (domain.md §2.1) and the resource rules of §2.2 that concern what
//! may be added to a catalog (`RES_*`).

use super::rules::*;
use super::{blank, Ctx};
use crate::diagnostics::Path;
use crate::model::{CatalogState, CatalogType, PolicyKind, Resource};

/// Origin systems the rules can reason about.
pub(super) const KNOWN_ORIGIN_SYSTEMS: &[&str] = &[
    "AadGroup",
    "AadApplication",
    "SharePointOnline",
    "DirectoryRole",
];

pub(super) fn check(ctx: &mut Ctx<'_>, base: &Path<'_>) {
    let cp = base.key("catalog");
    if let Some(cat) = ctx.draft.catalog.as_ref() {
        if blank(&cat.display_name) {
            ctx.emit(
                &CAT_DISPLAYNAME_REQUIRED,
                &cp.key("displayName"),
                "the catalog has no display name",
                "give the catalog a name, e.g. `Sales`",
            );
        } else if let (Some(name), Some(dir)) = (cat.display_name.as_deref(), ctx.dir.as_ref()) {
            let clash = dir.catalogs.iter().any(|other| {
                other.id != cat.id
                    && other
                        .display_name
                        .as_deref()
                        .is_some_and(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            });
            if clash {
                ctx.emit(
                    &CAT_DISPLAYNAME_UNIQUE,
                    &cp.key("displayName"),
                    format!("another catalog is already named `{name}`"),
                    "pick a name no other catalog of the tenant uses",
                );
            }
        }
        if cat.state == Some(CatalogState::UnknownFutureValue) {
            ctx.emit(
                &CAT_STATE_WRITABLE,
                &cp.key("state"),
                "catalog state `unknownFutureValue` can't be written",
                "use `published` (enabled) or `unpublished`",
            );
        }
        if let Some(t) = cat
            .catalog_type
            .as_ref()
            .filter(|t| **t != CatalogType::UserManaged)
        {
            ctx.emit(
                &CAT_TYPE_SERVICE_MANAGED,
                &cp.key("catalogType"),
                format!("catalog type `{}` is set by the service", t.as_str()),
                "leave `catalogType` out or use `userManaged`; `serviceDefault` is the built-in General catalog",
            );
        }
        let resources_path = cp.key("resources");
        for (i, res) in cat.resources.iter().flatten().enumerate() {
            let rp = resources_path.index(i);
            check_resource(ctx, res, &rp);
            let ap = rp.key("attributes");
            for (j, attr) in res.attributes.iter().flatten().enumerate() {
                if attr.is_editable == Some(false) {
                    ctx.emit(
                        &CAT_ATTRIBUTES_EDITABLE_INFO,
                        &ap.index(j).key("isEditable"),
                        format!(
                            "attribute `{}` is not editable: a user's existing value is kept",
                            attr.name.as_deref().unwrap_or("")
                        ),
                        "an empty value can still be entered once; set `isEditable` to let requestors change it",
                    );
                }
            }
        }
    }
    check_catalog_gates(ctx, base);
}

/// `CAT_UNPUBLISHED_BLOCKS_REQUESTS` and `CAT_EXTERNAL_DISABLED_BUT_EXTERNAL_POLICY`.
fn check_catalog_gates(ctx: &mut Ctx<'_>, base: &Path<'_>) {
    let Some(cat) = ctx.catalog() else { return };
    let in_draft = ctx.draft.catalog.is_some();
    let cp = base.key("catalog");
    let pp = base.key("accessPackage");
    let reference = pp.key("catalog");
    let name = cat.display_name.as_deref().unwrap_or("");
    let requestable = ctx.policies().iter().any(|(_, p)| {
        let r = p.requestor();
        p.kind() == PolicyKind::RequestBased && (r.self_add() || r.on_behalf_add())
    });
    if cat.state == Some(CatalogState::Unpublished) && requestable {
        let state = cp.key("state");
        ctx.emit(
            &CAT_UNPUBLISHED_BLOCKS_REQUESTS,
            if in_draft { &state } else { &reference },
            format!("catalog `{name}` is unpublished, so nobody can request this package"),
            "publish the catalog (`state: published`, \"Enabled\" in the admin center) before users request",
        );
    }
    if cat.is_externally_visible == Some(false) {
        let external: Vec<String> = ctx
            .policies()
            .iter()
            .filter(|(_, p)| {
                p.allowed_target_scope
                    .as_ref()
                    .is_some_and(|s| s.is_external())
            })
            .map(|(_, p)| format!("`{}`", p.display_name.as_deref().unwrap_or("")))
            .collect();
        if !external.is_empty() {
            let visible = cp.key("isExternallyVisible");
            ctx.emit(
                &CAT_EXTERNAL_DISABLED_BUT_EXTERNAL_POLICY,
                if in_draft { &visible } else { &reference },
                format!(
                    "catalog `{name}` is not enabled for external users, so policy {} can't be used",
                    external.join(", ")
                ),
                "set `isExternallyVisible` to true on the catalog, or scope the policy to users in your directory",
            );
        }
    }
}

/// Well-known application ids of services that are not applications.
const SERVICE_APP_IDS: &[(&str, &str)] = &[
    ("00000002-0000-0ff1-ce00-000000000000", "Exchange Online"),
    ("00000003-0000-0ff1-ce00-000000000000", "SharePoint Online"),
];

/// The `RES_*` rules for one resource at `rp`.
pub(super) fn check_resource(ctx: &mut Ctx<'_>, res: &Resource, rp: &Path<'_>) {
    let system = res.origin_system.as_deref().unwrap_or("");
    if !system.is_empty() && !KNOWN_ORIGIN_SYSTEMS.contains(&system) {
        ctx.emit(
            &RES_ORIGIN_SYSTEM_UNKNOWN,
            &rp.key("originSystem"),
            format!("origin system `{system}` is not one this library can reason about"),
            "known origin systems are `AadGroup`, `AadApplication`, `SharePointOnline` and `DirectoryRole`",
        );
    }
    let origin = res.origin_id.as_deref().unwrap_or("");
    match system {
        "AadGroup" => {
            let group = ctx.dir.as_ref().and_then(|d| d.groups.get(origin));
            if let Some(g) = group {
                let name = g.display_name.as_deref().unwrap_or(origin);
                if g.on_premises_sync_enabled == Some(true) {
                    ctx.emit(
                        &RES_GROUP_ONPREM_SYNCED,
                        &rp.key("originId"),
                        format!("group `{name}` is synchronised from on-premises AD, so its membership can't be managed here"),
                        "use a cloud-created security or Microsoft 365 group",
                    );
                }
                if g.distribution() {
                    ctx.emit(
                        &RES_GROUP_DISTRIBUTION,
                        &rp.key("originId"),
                        format!("group `{name}` is an Exchange distribution group"),
                        "use a security or Microsoft 365 group",
                    );
                }
            }
        }
        "AadApplication" => {
            if res.roles.as_ref().is_some_and(Vec::is_empty) {
                ctx.emit(
                    &RES_APP_PERSONAL_ACCOUNTS_ONLY,
                    &rp.key("roles"),
                    format!(
                        "application `{}` has no roles, as apps for personal Microsoft accounts only",
                        res.display_name.as_deref().unwrap_or(origin)
                    ),
                    "only applications that accept organizational accounts can be added; they have at least a `Default Access` role",
                );
            }
            let display = res.display_name.as_deref().unwrap_or("");
            let service = SERVICE_APP_IDS
                .iter()
                .find(|(id, name)| {
                    origin.eq_ignore_ascii_case(id)
                        || display.eq_ignore_ascii_case(name)
                        || display.eq_ignore_ascii_case(&format!("Office 365 {name}"))
                })
                .map(|(_, name)| *name);
            if let Some(service) = service {
                ctx.emit(
                    &RES_SERVICE_NOT_APPLICATION,
                    &rp.key("originId"),
                    format!("{service} is a service, not an application"),
                    "grant the service's licence through a group (group-based licensing) and add that group instead",
                );
            }
        }
        "SharePointOnline" if is_sharepoint_library(origin) => {
            ctx.emit(
                &RES_SPO_LIBRARY,
                &rp.key("originId"),
                format!("`{origin}` is a SharePoint library, list or document, not a site"),
                "add the site or site collection (e.g. `https://contoso.sharepoint.com/sites/sales`)",
            );
        }
        _ => {}
    }
}

/// True for SharePoint URLs below site level: libraries, lists, forms, pages and
/// documents. The site is the host, or `/sites/<name>` / `/teams/<name>`; only what
/// follows it is looked at, so a site named `documents` stays a site.
pub(super) fn is_sharepoint_library(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let without_scheme = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let path = without_scheme.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').skip(1).filter(|s| !s.is_empty()).collect();
    let below_site: &[&str] = match segments.as_slice() {
        [first, _, rest @ ..] if *first == "sites" || *first == "teams" => rest,
        [first, ..] if *first == "sites" || *first == "teams" => &[],
        all => all,
    };
    let Some(first) = below_site.first() else {
        return false;
    };
    let containers = [
        "shared documents",
        "shared%20documents",
        "documents",
        "forms",
        "lists",
        "_layouts",
        "sitepages",
        "site pages",
        "style library",
        "siteassets",
    ];
    let extensions = [
        ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".ppt", ".pdf", ".txt", ".aspx", ".one", ".csv",
        ".zip",
    ];
    let last = below_site.last().copied().unwrap_or("");
    containers.contains(first) || extensions.iter().any(|e| last.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharepoint_sites_are_not_libraries_but_documents_and_lists_are() {
        assert!(!is_sharepoint_library(
            "https://contoso.sharepoint.com/sites/sales"
        ));
        assert!(!is_sharepoint_library(
            "https://contoso.sharepoint.com/sites/sales/"
        ));
        assert!(is_sharepoint_library(
            "https://contoso.sharepoint.com/sites/sales/Shared Documents"
        ));
        assert!(is_sharepoint_library(
            "https://contoso.sharepoint.com/sites/sales/Lists/Tasks"
        ));
        assert!(is_sharepoint_library(
            "https://contoso.sharepoint.com/sites/sales/plan.docx"
        ));
    }
}
