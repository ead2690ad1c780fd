// The transition rules of a CRD (x-kubernetes-validations naming `oldSelf`, such as
// `self.size == oldSelf.size` for a field that may not change), as a validating plugin of the
// admission chain: only an update knows the stored object, so the chain, not the object's
// validation, is where they can run. The rules that need no old object run in validation
// (@skiff/api custom/cel-rules.ts), for every write.
import { ValidationError, customKind, transitionRuleIssues } from "@skiff/api";
import type { AdmissionPlugin } from "./request.js";

export const customResourceRulesPlugin: AdmissionPlugin = {
  name: "CustomResourceValidationRules",
  handles: ({ object, operation }) => operation === "UPDATE" && customKind(object.kind) !== undefined,
  async validate(object, request) {
    if (!request.oldObject) return;
    const issues = transitionRuleIssues(object, request.oldObject);
    if (issues.length > 0) throw new ValidationError(issues);
  },
};
