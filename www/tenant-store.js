// The loaded tenant kept in this browser (IndexedDB) until the person removes it: the
// pickers' data in one entry, and each package with its policies in an entry of its own,
// read only when it is opened (a tenant has 20,000 of them).

const DB = "entitlement-policy";
const TENANT = "tenant";
const PACKAGES = "packages";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 2);
    request.onupgradeneeded = () => {
      for (const store of [TENANT, PACKAGES]) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run(stores, mode, action) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const request = action(tx);
    tx.oncomplete = () => { db.close(); resolve(request?.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

/** The kept tenant: { data, active, findings }, or undefined. */
export const keptTenant = () => run([TENANT], "readonly", (tx) => tx.objectStore(TENANT).get("current")).catch(() => undefined);

/** Keeps the tenant's pickers data and, one entry each, its packages. */
export const keepTenant = (value, packages) => run([TENANT, PACKAGES], "readwrite", (tx) => {
  const store = tx.objectStore(PACKAGES);
  if (packages) {
    store.clear();
    for (const entry of packages) store.put(entry, String(entry.accessPackage.id).toLowerCase());
  }
  return tx.objectStore(TENANT).put(value, "current");
});

/** One kept package with its policies, by id. */
export const keptPackage = (id) => run([PACKAGES], "readonly", (tx) => tx.objectStore(PACKAGES).get(String(id).toLowerCase()));

export const removeTenant = () => run([TENANT, PACKAGES], "readwrite", (tx) => {
  tx.objectStore(PACKAGES).clear();
  return tx.objectStore(TENANT).delete("current");
});
