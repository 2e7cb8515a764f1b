// Loads a tenant off the page's thread: reads the files, checks the snapshot with the
// engine's Tenant (its diagnostics), and turns it into the page's data, saying how far it is.
import { Tenant } from "../pkg/index.js";
import { mergeFiles, pageData } from "./tenant-snapshot.js";

self.onmessage = ({ data: { files, name } }) => {
  try {
    self.postMessage({ progress: "Reading the files…", value: 0.1 });
    const snapshot = mergeFiles(files);
    self.postMessage({ progress: "Checking the snapshot with the engine…", value: 0.4 });
    const tenant = new Tenant(snapshot);
    const diagnostics = tenant.diagnostics();
    tenant.free();
    self.postMessage({ progress: "Preparing the pickers…", value: 0.8 });
    const data = pageData(snapshot, name);
    self.postMessage({ done: true, data, diagnostics: diagnostics.slice(0, 200), findings: diagnostics.length });
  } catch (e) {
    self.postMessage({ error: String(e?.message || e) });
  }
};
