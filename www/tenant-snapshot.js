// A tenant snapshot as Graph exports it (the shapes `new Tenant` takes: arrays, Graph
// pages or arrays of pages; policies nested in their package or carrying it;
// accessPackageAssignment objects) turned into what the page's pickers use. Pure data,
// so that it also runs in the loading worker.

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The entries of a collection given as an array, a Graph page or an array of pages. */
export function entries(collection) {
  if (Array.isArray(collection)) return collection.flatMap((item) => (isObject(item) && Array.isArray(item.value) ? item.value : [item])).filter(isObject);
  if (isObject(collection) && Array.isArray(collection.value)) return collection.value.filter(isObject);
  return [];
}

const COLLECTIONS = [
  ["assignmentPolicies", ["snapshot", "assignmentPolicies"]],
  ["accessPackages", ["snapshot", "accessPackages"]],
  ["catalogs", ["snapshot", "catalogs"]],
  ["assignments", ["directory", "assignments"]],
  ["connectedOrganizations", ["directory", "connectedOrganizations"]],
  ["users", ["directory", "users"]],
  ["groups", ["directory", "groups"]],
];

/**
 * Merges files into one snapshot: a file is a whole snapshot, or one Graph list
 * response (a page or an array of pages), placed by its `@odata.context`.
 */
export function mergeFiles(texts) {
  const snapshot = { catalogs: [], accessPackages: [], assignmentPolicies: [], directory: { users: [], groups: [], connectedOrganizations: [], assignments: [] } };
  const push = (where, key, value) => {
    const target = where === "directory" ? snapshot.directory : snapshot;
    target[key].push(...(Array.isArray(value) ? value : [value]));
  };
  texts.forEach(({ name, text }) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new Error(`${name} is not JSON (${e.message})`);
    }
    const first = Array.isArray(data) ? data[0] : data;
    const context = isObject(first) ? String(first["@odata.context"] || "") : "";
    const listed = COLLECTIONS.find(([key]) => new RegExp(`[#/]${key}(\\(|$|/|\\?)`).test(context.split("$metadata")[1] || ""));
    if (listed) {
      push(listed[1][0], listed[1][1], data);
    } else if (isObject(data) && ["catalogs", "accessPackages", "assignmentPolicies", "directory"].some((k) => k in data)) {
      for (const key of ["catalogs", "accessPackages", "assignmentPolicies"]) if (key in data) push("snapshot", key, data[key]);
      for (const key of ["users", "groups", "connectedOrganizations", "assignments"]) if (isObject(data.directory) && key in data.directory) push("directory", key, data.directory[key]);
    } else {
      throw new Error(`${name} is neither a tenant snapshot nor a Graph list response with an \`@odata.context\``);
    }
  });
  return snapshot;
}

/** The page's tenant: catalogs with resources, groups, users, organizations and packages. */
export function pageData(snapshot, name) {
  const directory = isObject(snapshot.directory) ? snapshot.directory : {};
  const groups = entries(directory.groups).map((g) => {
    const types = Array.isArray(g.groupTypes) ? g.groupTypes : [];
    return {
      id: g.id, displayName: g.displayName || g.id, kind: types.includes("Unified") ? "team" : "group",
      isDynamic: g.isDynamic === true || types.includes("DynamicMembership"), securityEnabled: g.securityEnabled !== false,
      ...(g.onPremisesSyncEnabled ? { onPremisesSyncEnabled: true } : {}), ...(g.mailEnabled !== undefined ? { mailEnabled: g.mailEnabled } : {}),
      memberIds: Array.isArray(g.memberIds) ? g.memberIds : [],
    };
  });
  const users = entries(directory.users).map((u) => ({ ...u, displayName: u.displayName || u.mail || u.userPrincipalName || u.id }));
  const byId = new Map(users.map((u) => [String(u.id).toLowerCase(), u]));
  for (const a of entries(directory.assignments)) {
    const id = a.target?.objectId;
    if (!id) continue;
    let user = byId.get(String(id).toLowerCase());
    if (!user) {
      user = { id, displayName: a.target.displayName || a.target.email || id, ...(a.target.email ? { mail: a.target.email } : {}) };
      users.push(user);
      byId.set(String(id).toLowerCase(), user);
    }
    (user.assignments ||= []).push({ accessPackageId: a.accessPackage?.id, assignmentPolicyId: a.assignmentPolicy?.id, state: a.state, ...(a.schedule ? { schedule: a.schedule } : {}) });
  }
  // Packages with their policies: nested, carried by the policies, or listed apart.
  const packages = new Map();
  const add = (p) => {
    const key = String(p.id || "").toLowerCase();
    if (key && !packages.has(key)) {
      const { assignmentPolicies, ...accessPackage } = p;
      packages.set(key, { accessPackage, assignmentPolicies: [] });
    }
    return packages.get(key);
  };
  for (const p of entries(snapshot.accessPackages)) {
    const entry = add(p);
    for (const policy of entries(p.assignmentPolicies)) entry?.assignmentPolicies.push({ ...policy, accessPackage: { id: p.id } });
  }
  for (const policy of entries(snapshot.assignmentPolicies)) {
    const carried = policy.accessPackage;
    if (!isObject(carried) || !carried.id) continue;
    const entry = Object.keys(carried).some((k) => k !== "id" && !k.startsWith("@")) ? add(carried) : packages.get(String(carried.id).toLowerCase());
    entry?.assignmentPolicies.push({ ...policy, accessPackage: { id: carried.id } });
  }
  const catalogs = entries(snapshot.catalogs).map((c) => ({ ...c, resources: entries(c.resources) }));
  const list = [...packages.values()].sort((a, b) => String(a.accessPackage.displayName || "").localeCompare(String(b.accessPackage.displayName || "")));
  return {
    name,
    loadedAt: new Date().toISOString(),
    catalogs,
    groups,
    users,
    organizations: entries(directory.connectedOrganizations),
    packages: list,
    counts: { catalogs: catalogs.length, packages: list.length, policies: list.reduce((n, p) => n + p.assignmentPolicies.length, 0), users: users.length, groups: groups.length, organizations: entries(directory.connectedOrganizations).length },
  };
}
