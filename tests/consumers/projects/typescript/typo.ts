// Must NOT compile: a typo in a closed Graph enum of a request.
import { validateDraft } from "entitlement-policy";

validateDraft({
  now: "2025-06-01T00:00:00Z",
  draft: { accessPackage: { displayName: "Sales" }, assignmentPolicies: [{ allowedTargetScope: "allMembers" }] },
});
