// The gate for a pod status an agent reports (server/src/nodes/dispatcher.ts): checked against
// schemas/pod-status.ts before it is stored, so a broken report (`containerStatuses: "x"`) is
// refused with the path of the field at fault, and never reaches a controller.
import { ValidationError, type FieldIssue } from "./errors.js";
import { describeValue, errorMap, fieldIssues } from "./issues.js";
import { joinPath } from "./paths.js";
import { podStatus } from "./schemas/pod-status.js";
import type { PodStatus } from "./types.js";

/**
 * `raw` (decoded JSON) as a PodStatus, with undeclared fields dropped. Throws ValidationError
 * listing every problem, each path starting at `at` (`status.containerStatuses[0].ready`).
 */
export function parsePodStatus(raw: unknown, at = "status"): PodStatus {
  const fail = (issues: FieldIssue[]): never => {
    throw new ValidationError(issues.map((i) => ({ ...i, path: joinPath(at, i.path) })));
  };
  let result: ReturnType<typeof podStatus.safeParse>;
  try {
    result = podStatus.safeParse(raw, { error: errorMap });
  } catch (e) {
    // A hostile value (a throwing getter): still a ValidationError for the caller.
    return fail([{ path: "", message: `could not check this status: ${e instanceof Error ? e.message : describeValue(e)}` }]);
  }
  if (!result.success) return fail(fieldIssues(result.error.issues));
  return result.data as PodStatus;
}
