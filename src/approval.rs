//! Who approves a stage (domain.md §3.3, §4.2 steps 1 and 3): approver subject sets
//! resolved for a request's requester and target against the directory, the
//! requester and target removed, fallbacks used when a set resolves to nobody. The
//! order of stages, their clocks and decisions belong to the simulator; this module
//! only answers "who may decide, and from when".

use crate::applicability::Subject;
use crate::model::index::DirIndex;
use crate::model::{ApprovalStage, SubjectKind as K, SubjectSet};

/// The people a list of subject sets stands for, for one request: user ids in the
/// order first met, without repeats and without the requester or the target.
pub fn resolve(
    sets: &[SubjectSet],
    requester: &Subject<'_>,
    target: &Subject<'_>,
    dir: &DirIndex<'_>,
) -> Vec<String> {
    let mut people: Vec<String> = Vec::new();
    let mut add = |id: &str| {
        let excluded = [
            requester.principal.id.as_deref(),
            target.principal.id.as_deref(),
        ]
        .iter()
        .flatten()
        .any(|x| x.eq_ignore_ascii_case(id));
        if !id.is_empty() && !excluded && !people.iter().any(|p| p.eq_ignore_ascii_case(id)) {
            people.push(id.to_string());
        }
    };
    let members = |group: &str| -> Vec<String> {
        dir.groups
            .get(group)
            .map(|g| g.member_ids.clone().unwrap_or_default())
            .unwrap_or_default()
    };
    for set in sets.iter().filter(|s| s.unreadable.is_none()) {
        match set.kind() {
            K::SingleUser => add(set.user_id.as_deref().unwrap_or("")),
            K::SingleServicePrincipal => add(set.service_principal_id.as_deref().unwrap_or("")),
            K::GroupMembers => {
                for m in members(set.group_id.as_deref().unwrap_or("")) {
                    add(&m);
                }
            }
            K::RequestorManager => {
                let level = usize::try_from(set.level().clamp(1, 2)).unwrap_or(1);
                let manager = target
                    .principal
                    .manager_ids
                    .as_deref()
                    .and_then(|m| m.get(level - 1));
                if let Some(m) = manager {
                    add(m);
                }
            }
            K::TargetUserSponsors => {
                for s in target.principal.sponsor_ids.iter().flatten() {
                    add(s);
                }
            }
            K::InternalSponsors | K::ExternalSponsors => {
                let Some(org) = target.org.as_ref().and_then(|o| o.org) else {
                    continue;
                };
                let list = if set.kind() == K::InternalSponsors {
                    &org.internal_sponsors
                } else {
                    &org.external_sponsors
                };
                for sponsor in list.iter().flatten().filter_map(|r| r.id.as_deref()) {
                    // A sponsor may be a group: its members sponsor.
                    let expanded = members(sponsor);
                    if expanded.is_empty() {
                        add(sponsor);
                    } else {
                        for m in expanded {
                            add(&m);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    people
}

/// The approvers of one stage for one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageApprovers {
    /// Who may decide from the start of the stage.
    pub primary: Vec<String>,
    /// True when `primary` came from `fallbackPrimaryApprovers`.
    pub primary_from_fallback: bool,
    /// Who may also decide from the escalation on (empty without escalation).
    pub escalation: Vec<String>,
    /// True when `escalation` came from `fallbackEscalationApprovers`.
    pub escalation_from_fallback: bool,
}

/// Resolves a stage's approvers (domain.md §4.2 steps 1 and 3): primary approvers, or
/// their fallbacks when they resolve to nobody; escalation approvers (when escalation
/// is on), or their fallbacks when those resolve to nobody.
pub fn stage_approvers(
    stage: &ApprovalStage,
    requester: &Subject<'_>,
    target: &Subject<'_>,
    dir: &DirIndex<'_>,
) -> StageApprovers {
    let list =
        |l: &Option<Vec<SubjectSet>>| resolve(l.as_deref().unwrap_or(&[]), requester, target, dir);
    let mut out = StageApprovers {
        primary: list(&stage.primary_approvers),
        ..StageApprovers::default()
    };
    if out.primary.is_empty() {
        out.primary = list(&stage.fallback_primary_approvers);
        out.primary_from_fallback = true;
    }
    if stage.is_escalation_enabled == Some(true) {
        out.escalation = list(&stage.escalation_approvers);
        if out.escalation.is_empty() {
            out.escalation = list(&stage.fallback_escalation_approvers);
            out.escalation_from_fallback = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Path;
    use crate::model::directory::Principal;
    use crate::model::{Decode, Decoder, Directory};

    fn parse<T: Decode>(text: &str) -> T {
        T::decode(
            crate::json::parse(text).unwrap(),
            &Path::root(),
            &mut Decoder::new(),
        )
        .unwrap()
    }

    fn tenant() -> Directory {
        parse(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/tenant.json"
            ))
            .unwrap(),
        )
    }

    const ALICE: &str = "10000000-0000-0000-0000-000000000001";
    const BOB: &str = "10000000-0000-0000-0000-000000000002";
    const CAROL: &str = "10000000-0000-0000-0000-000000000003";
    const FRANK: &str = "10000000-0000-0000-0000-000000000007";

    /// The stage of P-SALES-TEAM (domain.md §5.2).
    const SALES_STAGE: &str = r##"{"durationBeforeAutomaticDenial": "P14D", "isEscalationEnabled": true, "durationBeforeEscalation": "P8D",
        "primaryApprovers": [{"@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 1}],
        "fallbackPrimaryApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "10000000-0000-0000-0000-000000000003"}],
        "escalationApprovers": [{"@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 2}],
        "fallbackEscalationApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "10000000-0000-0000-0000-000000000007"}]}"##;

    fn user(dir: &Directory, id: &str) -> Principal {
        dir.users
            .iter()
            .flatten()
            .find(|u| u.id.as_deref() == Some(id))
            .cloned()
            .unwrap()
    }

    #[test]
    fn alices_manager_approves_and_her_second_level_manager_is_the_alternate() {
        let dir = tenant();
        let index = DirIndex::new(&dir);
        let alice = user(&dir, ALICE);
        let s = Subject::new(&alice, &index);
        let a = stage_approvers(&parse(SALES_STAGE), &s, &s, &index);
        assert_eq!(a.primary, vec![BOB.to_string()]);
        assert_eq!(a.escalation, vec![CAROL.to_string()]);
        assert!(!a.primary_from_fallback && !a.escalation_from_fallback);
    }

    #[test]
    fn a_requester_without_a_manager_goes_to_the_fallbacks() {
        let dir = tenant();
        let index = DirIndex::new(&dir);
        let carol = user(&dir, CAROL);
        let s = Subject::new(&carol, &index);
        let a = stage_approvers(&parse(SALES_STAGE), &s, &s, &index);
        // Carol has no manager; the fallback is carol herself, who can't approve her own request.
        assert!(a.primary.is_empty() && a.primary_from_fallback);
        assert_eq!(a.escalation, vec![FRANK.to_string()]);
        assert!(a.escalation_from_fallback);
    }

    #[test]
    fn internal_sponsors_of_the_requesters_connected_organization_approve_an_external_request() {
        let dir = tenant();
        let index = DirIndex::new(&dir);
        let pat: Principal = parse(
            r##"{"id": null, "mail": "pat@contoso.example", "homeTenantId": "t-contoso", "authKind": "entra"}"##,
        );
        let s = Subject::new(&pat, &index);
        let stage: ApprovalStage = parse(
            r##"{"primaryApprovers": [{"@odata.type": "#microsoft.graph.internalSponsors"}],
            "fallbackPrimaryApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "10000000-0000-0000-0000-000000000007"}]}"##,
        );
        assert_eq!(
            stage_approvers(&stage, &s, &s, &index).primary,
            vec![BOB.to_string()]
        );
        let xavier: Principal =
            parse(r##"{"id": null, "mail": "xavier@fabrikam.example", "authKind": "otp"}"##);
        let x = Subject::new(&xavier, &index);
        let a = stage_approvers(&stage, &x, &x, &index);
        assert_eq!(a.primary, vec![FRANK.to_string()]);
        assert!(a.primary_from_fallback);
    }

    #[test]
    fn group_approvers_are_its_members_less_the_requester_and_the_target() {
        let dir = tenant();
        let index = DirIndex::new(&dir);
        let alice = user(&dir, ALICE);
        let bob = user(&dir, BOB);
        let (a, b) = (Subject::new(&alice, &index), Subject::new(&bob, &index));
        let all = [parse::<SubjectSet>(
            r##"{"@odata.type": "#microsoft.graph.groupMembers", "groupId": "90000000-0000-0000-0000-000000000002"}"##,
        )];
        let people = resolve(&all, &b, &a, &index);
        assert_eq!(
            people.len(),
            5,
            "G-ALL has seven members, less bob (requester) and alice (target): {people:?}"
        );
        assert!(!people.iter().any(|p| p == ALICE || p == BOB));
    }

    #[test]
    fn escalation_off_means_no_alternates_and_sponsors_come_from_the_target() {
        let dir = tenant();
        let index = DirIndex::new(&dir);
        let gina = user(&dir, "10000000-0000-0000-0000-000000000005");
        let s = Subject::new(&gina, &index);
        let stage: ApprovalStage = parse(
            r##"{"isEscalationEnabled": false,
            "primaryApprovers": [{"@odata.type": "#microsoft.graph.targetUserSponsors"}],
            "escalationApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": "10000000-0000-0000-0000-000000000007"}]}"##,
        );
        let a = stage_approvers(&stage, &s, &s, &index);
        assert_eq!(a.primary, vec![BOB.to_string()]);
        assert!(a.escalation.is_empty());
    }
}
