// validateDraft off the page's thread, for drafts large enough that checking them on
// every keystroke would block typing. Answers { seq, report }.
import { validateDraft } from "../pkg/index.js";

self.onmessage = ({ data: { seq, request } }) => {
  try {
    self.postMessage({ seq, report: validateDraft(request) });
  } catch (e) {
    self.postMessage({ seq, error: String(e?.message || e) });
  }
};
