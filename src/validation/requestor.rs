//! Requestor settings (domain.md §2.5): who may create which requests.

use super::rules::*;
use super::Ctx;
use crate::diagnostics::Path;
use crate::model::{ExpirationType, Policy, PolicyKind, SubjectKind as K};

pub(super) fn check(ctx: &mut Ctx<'_>, policy: &Policy, pp: &Path<'_>) {
    let r = policy.requestor();
    let rp = pp.key("requestorSettings");
    let kind = policy.kind();
    if kind == PolicyKind::RequestBased && !r.self_add() && !r.on_behalf_add() {
        ctx.emit(&REQS_NO_ENTRY_POINT, &rp.key("enableTargetsToSelfAddAccess"), "new requests are disabled, so nobody can request through this policy", "set `enableTargetsToSelfAddAccess` to true (\"Enable new requests\"), or enable on-behalf requests");
    }
    let on_behalf_flag = r.on_behalf_add() || r.on_behalf_update() || r.on_behalf_remove();
    let list = r.on_behalf();
    let lp = rp.key("onBehalfRequestors");
    if on_behalf_flag && list.is_empty() {
        ctx.emit(
            &REQS_ONBEHALF_NO_REQUESTORS,
            &lp,
            "on-behalf requests are enabled but nobody may make them",
            "add `targetManager` (managers), specific users or groups to `onBehalfRequestors`",
        );
    }
    for (i, s) in list
        .iter()
        .enumerate()
        .filter(|(_, s)| s.unreadable.is_none())
    {
        let ip = lp.index(i);
        match s.kind() {
            K::TargetManager => {
                let level = s.level();
                if !(1..=4).contains(&level) {
                    ctx.emit(
                        &REQS_TARGET_MANAGER_LEVEL,
                        &ip.key("managerLevel"),
                        format!("manager level `{level}` is outside 1 to 4"),
                        "use 1 for the direct manager, up to 4 levels up",
                    );
                }
            }
            K::SingleUser | K::GroupMembers => {}
            _ => ctx.emit(
                &REQS_ONBEHALF_TYPE,
                &ip.key("@odata.type"),
                format!("`{}` can't request on behalf of others", s.type_name()),
                "use `targetManager`, `singleUser` or `groupMembers`",
            ),
        }
    }
    if kind == PolicyKind::RequestBased && r.on_behalf_add() && !r.self_add() {
        ctx.emit(
            &REQS_ONBEHALF_WITHOUT_SELF_ADD,
            &rp.key("enableOnBehalfRequestorsToAddAccess"),
            "on-behalf requests are enabled while new requests are disabled",
            "the admin center offers on-behalf requests only when new requests are enabled",
        );
    }
    let never_expires = matches!(
        policy.expiration.as_ref().map(|e| e.kind_or_default()),
        None | Some(ExpirationType::NoExpiration | ExpirationType::NotSpecified)
    );
    if r.self_update() && never_expires {
        ctx.emit(
            &REQS_EXTENSION_WITHOUT_EXPIRY,
            &rp.key("enableTargetsToSelfUpdateAccess"),
            "users may extend access that never expires",
            "set an expiration, or turn off `enableTargetsToSelfUpdateAccess`",
        );
    }
    if kind == PolicyKind::Direct && r.custom_schedule() {
        ctx.emit(
            &REQS_CUSTOM_SCHEDULE_ON_DIRECT,
            &rp.key("allowCustomAssignmentSchedule"),
            "a custom schedule on a direct-assignment policy only concerns administrators",
            "administrators may always set start and end dates on direct assignments",
        );
    }
}
