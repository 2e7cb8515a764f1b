// Loads a tenant off the page's thread: reads the files, checks the snapshot with the
// engine's Tenant (its diagnostics), and turns it into the page's data, saying how far it is.
import { Tenant } from "../pkg/index.js";
import { mergeFiles, pageData } from "./tenant-snapshot.js";
import { keepTenant } from "./tenant-store.js";

self.onmessage = async ({ data: { files, name, domain } }) => {
  try {
    self.postMessage({ progress: "Reading the files…", value: 0.1 });
    const snapshot = mergeFiles(files);
    self.postMessage({ progress: "Checking the snapshot with the engine…", value: 0.4 });
    const tenant = new Tenant(snapshot);
    const diagnostics = tenant.diagnostics();
    tenant.free();
    self.postMessage({ progress: "Preparing the pickers…", value: 0.8 });
    const data = { ...pageData(snapshot, name), domain: domain || "" };
    const findings = diagnostics.slice(0, 200);
    // The page gets each package's name only; the packages themselves wait in IndexedDB
    // until one is opened. Kept here, off the page's thread: a tenant is tens of megabytes.
    const packages = data.packages;
    data.packages = packages.map((p) => ({ id: p.accessPackage.id, displayName: p.accessPackage.displayName || "", policies: p.assignmentPolicies.length }));
    self.postMessage({ progress: "Keeping it in this browser…", value: 0.9 });
    const kept = await keepTenant({ data, active: true, findings }, packages).then(() => true, () => false);
    self.postMessage({ done: true, data, diagnostics: findings, kept });
  } catch (e) {
    self.postMessage({ error: String(e?.message || e) });
  }
};
