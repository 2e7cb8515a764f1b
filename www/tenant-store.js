// The loaded tenant kept in this browser (IndexedDB) until the person removes it.

const DB = "entitlement-policy";
const STORE = "tenant";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run(mode, action) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(request?.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

/** The kept tenant: { data, active }, or undefined. */
export const keptTenant = () => run("readonly", (s) => s.get("current")).catch(() => undefined);
export const keepTenant = (value) => run("readwrite", (s) => s.put(value, "current"));
export const removeTenant = () => run("readwrite", (s) => s.delete("current"));
