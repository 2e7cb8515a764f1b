//! A plan as a PowerShell script for the Microsoft Graph PowerShell SDK: it connects
//! with `EntitlementManagement.ReadWrite.All`, runs the `Microsoft.Graph.Identity.Governance`
//! cmdlets in the plan's order, keeps what each step creates or finds in `$stepN`, and
//! stops at the first error (`$ErrorActionPreference = 'Stop'`).

use super::{Call, Ref, Step};
use crate::json::Value;

/// A string as a PowerShell literal: single-quoted (no interpolation), with the ids of
/// earlier steps (`{{step-N.id}}`) as `$stepN.Id`.
fn string(text: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{step-") {
        let after = rest.get(start + 7..).unwrap_or("");
        let Some(end) = after.find(".id}}") else {
            break;
        };
        let Ok(n) = after.get(..end).unwrap_or("").parse::<usize>() else {
            break;
        };
        if start > 0 {
            parts.push(quote(rest.get(..start).unwrap_or("")));
        }
        parts.push(format!("$step{n}.Id"));
        rest = after.get(end + 5..).unwrap_or("");
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(quote(rest));
    }
    match parts.len() {
        1 => parts.concat(),
        _ => format!("({})", parts.join(" + ")),
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn key(name: &str) -> String {
    let bare = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        name.to_string()
    } else {
        quote(name)
    }
}

/// A JSON value as a PowerShell hashtable / array literal, indented by `depth` levels.
pub fn literal(value: &Value, depth: usize) -> String {
    let pad = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    match value {
        Value::Null => "$null".into(),
        Value::Bool(true) => "$true".into(),
        Value::Bool(false) => "$false".into(),
        Value::Number(_) => crate::json_writer::to_text(value).unwrap_or_else(|_| "0".into()),
        Value::String(s) => string(s),
        Value::Array(items) if items.is_empty() => "@()".into(),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|v| format!("{pad}{}", literal(v, depth + 1)))
                .collect();
            format!("@(\n{}\n{close})", inner.join("\n"))
        }
        Value::Object(m) if m.is_empty() => "@{}".into(),
        Value::Object(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{pad}{} = {}", key(k), literal(v, depth + 1)))
                .collect();
            format!("@{{\n{}\n{close}}}", inner.join("\n"))
        }
    }
}

fn id(r: &Ref) -> String {
    match r {
        Ref::Known(id) => quote(id),
        Ref::Step(n) => format!("$step{n}.Id"),
    }
}

/// One step as PowerShell lines.
fn step(n: usize, s: &Step) -> String {
    let body = s.body.as_ref().map(|b| literal(b, 0)).unwrap_or_default();
    let with_body =
        |cmdlet: &str, args: String| format!("$step{n} = {cmdlet}{args} -BodyParameter {body}");
    let run = |cmdlet: &str, args: String| format!("{cmdlet}{args}");
    let command = match &s.call {
        Call::CreateCatalog => with_body("New-MgEntitlementManagementCatalog", String::new()),
        Call::AddResource => with_body("New-MgEntitlementManagementResourceRequest", String::new()),
        Call::FindResource { catalog, origin_id } => {
            let filter = format!("originId eq '{}'", origin_id.replace('\'', "''"));
            format!(
                "# A new resource shows in the catalog after a few seconds: ask until it does.\n\
                 $step{n} = $null\n\
                 foreach ($attempt in 1..12) {{\n  \
                   $step{n} = Get-MgEntitlementManagementCatalogResource -AccessPackageCatalogId {} -Filter {} -ExpandProperty roles,scopes -All | Select-Object -First 1\n  \
                   if ($step{n}) {{ break }}\n  \
                   Start-Sleep -Seconds 5\n\
                 }}\n\
                 if (-not $step{n}) {{ throw {} }}",
                id(catalog),
                quote(&filter),
                quote(&format!("{}: `{origin_id}` did not appear in the catalog", s.id)),
            )
        }
        Call::CreatePackage => with_body("New-MgEntitlementManagementAccessPackage", String::new()),
        Call::UpdatePackage(p) => format!("Update-MgEntitlementManagementAccessPackage -AccessPackageId {} -BodyParameter {body}", id(p)),
        Call::AddRoleScope(p) => with_body("New-MgEntitlementManagementAccessPackageResourceRoleScope", format!(" -AccessPackageId {}", id(p))),
        Call::RemoveRoleScope(p, rs) => run(
            "Remove-MgEntitlementManagementAccessPackageResourceRoleScope",
            format!(" -AccessPackageId {} -AccessPackageResourceRoleScopeId {}", id(p), quote(rs)),
        ),
        Call::CreatePolicy => with_body("New-MgEntitlementManagementAssignmentPolicy", String::new()),
        Call::ReplacePolicy(policy) => with_body("Set-MgEntitlementManagementAssignmentPolicy", format!(" -AccessPackageAssignmentPolicyId {}", quote(policy))),
        Call::RemovePolicy(policy) => run("Remove-MgEntitlementManagementAssignmentPolicy", format!(" -AccessPackageAssignmentPolicyId {}", quote(policy))),
        Call::AddIncompatiblePackage(p) => format!(
            "New-MgEntitlementManagementAccessPackageIncompatibleAccessPackageByRef -AccessPackageId {} -BodyParameter {body}",
            id(p)
        ),
        Call::RemoveIncompatiblePackage(p, other) => run(
            "Remove-MgEntitlementManagementAccessPackageIncompatibleAccessPackageByRef",
            format!(" -AccessPackageId {} -AccessPackageId1 {}", id(p), quote(other)),
        ),
        Call::AddIncompatibleGroup(p) => format!(
            "New-MgEntitlementManagementAccessPackageIncompatibleGroupByRef -AccessPackageId {} -BodyParameter {body}",
            id(p)
        ),
        Call::RemoveIncompatibleGroup(p, group) => run(
            "Remove-MgEntitlementManagementAccessPackageIncompatibleGroupByRef",
            format!(" -AccessPackageId {} -GroupId {}", id(p), quote(group)),
        ),
    };
    format!("# {}: {}\n{command}\n", s.id, s.summary)
}

/// The plan as a script.
pub fn render(steps: &[Step], title: &str) -> String {
    let mut out = format!(
        "# {title}\n\
         # {} step(s), generated by entitlement-policy {} from a draft checked offline.\n\
         # Needs PowerShell 7 and the Microsoft Graph PowerShell SDK\n\
         # (Install-Module Microsoft.Graph.Identity.Governance). It stops at the first error;\n\
         # $step1, $step2, ... hold what each step created or found.\n\
         #Requires -Modules Microsoft.Graph.Identity.Governance\n\
         $ErrorActionPreference = 'Stop'\n\
         Import-Module Microsoft.Graph.Identity.Governance\n\
         Connect-MgGraph -Scopes 'EntitlementManagement.ReadWrite.All' -NoWelcome\n",
        steps.len(),
        crate::api::version()
    );
    for (i, s) in steps.iter().enumerate() {
        out.push('\n');
        out.push_str(&step(i + 1, s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_single_quoted_and_placeholders_become_step_variables() {
        assert_eq!(string("it's"), "'it''s'");
        assert_eq!(string("{{step-2.id}}"), "$step2.Id");
        assert_eq!(string("/x/{{step-3.id}}/y"), "('/x/' + $step3.Id + '/y')");
        assert_eq!(string("$(Remove-Item *)"), "'$(Remove-Item *)'");
    }

    #[test]
    fn objects_and_lists_become_hashtables_and_arrays() {
        let value = crate::json::parse(r##"{"@odata.type":"#microsoft.graph.singleUser","userId":"u","n":2,"on":true,"none":null,"list":[],"o":{}}"##).unwrap();
        assert_eq!(
            literal(&value, 0),
            "@{\n  '@odata.type' = '#microsoft.graph.singleUser'\n  userId = 'u'\n  n = 2\n  on = $true\n  none = $null\n  list = @()\n  o = @{}\n}"
        );
    }
}
