//! Lookups over a [`Directory`]: entities by id, built once per call (or once per
//! loaded tenant) and shared by validation and applicability.

use super::directory::{ConnectedOrganization, Group, Principal};
use super::{AccessPackage, Catalog, Directory};

/// Entities by id: sorted once, found by binary search (a `BTreeMap` per entity
/// type would cost several KB of wasm each).
#[derive(Debug)]
pub struct Lookup<'a, T> {
    items: &'a [T],
    keys: Vec<(&'a str, usize)>,
}

impl<T> Default for Lookup<'_, T> {
    fn default() -> Self {
        Lookup {
            items: &[],
            keys: Vec::new(),
        }
    }
}

/// Compares ids ignoring ASCII case: object ids are GUIDs, written in either case.
fn cmp_ids(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Sorts `(id, position)` pairs; one function for every entity type.
fn sort_keys(keys: &mut [(&str, usize)]) {
    // The standard sort, for speed: tenant loads sort hundreds of thousands of keys here.
    keys.sort_unstable_by(|a, b| cmp_ids(a.0, b.0).then(a.1.cmp(&b.1)));
}

impl<'a, T> Lookup<'a, T> {
    /// Indexes `items` by `id`; the first of equal ids wins.
    pub fn new(items: Option<&'a Vec<T>>, id: fn(&T) -> Option<&str>) -> Lookup<'a, T> {
        let items: &'a [T] = items.map_or(&[], Vec::as_slice);
        let mut keys: Vec<(&'a str, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((id(t)?, i)))
            .collect();
        sort_keys(&mut keys);
        Lookup { items, keys }
    }

    /// The entity with this id (ignoring ASCII case).
    pub fn get(&self, id: &str) -> Option<&'a T> {
        let at = self
            .keys
            .partition_point(|(k, _)| cmp_ids(k, id) == std::cmp::Ordering::Less);
        let (key, index) = self.keys.get(at)?;
        key.eq_ignore_ascii_case(id)
            .then(|| self.items.get(*index))
            .flatten()
    }

    /// True when an entity has this id.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Every entity with an id, in id order.
    pub fn values(&self) -> impl Iterator<Item = &'a T> + '_ {
        self.keys.iter().filter_map(|(_, i)| self.items.get(*i))
    }
}

/// Lookups over the directory, built once per validation.
#[derive(Debug, Default)]
pub struct DirIndex<'a> {
    /// Groups by id.
    pub groups: Lookup<'a, Group>,
    /// Users and service principals by id.
    pub users: Lookup<'a, Principal>,
    /// Connected organizations by id.
    pub orgs: Lookup<'a, ConnectedOrganization>,
    /// Other packages by id.
    pub packages: Lookup<'a, AccessPackage>,
    /// Other catalogs.
    pub catalogs: Vec<&'a Catalog>,
    /// The directory itself.
    pub dir: Option<&'a Directory>,
}

impl<'a> DirIndex<'a> {
    /// `principal` completed with the directory's record of it (by id), when the
    /// directory has one.
    pub fn facts<'p>(&self, principal: &'p Principal) -> std::borrow::Cow<'p, Principal> {
        match principal.id.as_deref().and_then(|id| self.users.get(id)) {
            Some(known) => std::borrow::Cow::Owned(principal.with_facts_from(known)),
            None => std::borrow::Cow::Borrowed(principal),
        }
    }

    /// Indexes a directory.
    pub fn new(dir: &'a Directory) -> DirIndex<'a> {
        DirIndex {
            groups: Lookup::new(dir.groups.as_ref(), |g| g.id.as_deref()),
            users: Lookup::new(dir.users.as_ref(), |u| u.id.as_deref()),
            orgs: Lookup::new(dir.connected_organizations.as_ref(), |o| o.id.as_deref()),
            packages: Lookup::new(dir.access_packages.as_ref(), |p| p.id.as_deref()),
            catalogs: dir.catalogs.iter().flatten().collect(),
            dir: Some(dir),
        }
    }
}
