// Aggregated ClusterRoles (Kubernetes' clusterrole-aggregation controller, computed on read
// instead of written back): a ClusterRole with an aggregationRule has its own rules and those of
// every ClusterRole whose labels match one of its selectors, following aggregates of aggregates.
// That is how `admin` includes `edit`, which includes `view`: a role labelled
// `rbac.authorization.k8s.io/aggregate-to-view: "true"` extends view, edit and admin at once.
import { selectorFromLabelSelector, type ClusterRole, type PolicyRule } from "@skiff/api";

export function aggregatedRules(role: ClusterRole, all: Iterable<ClusterRole>): PolicyRule[] {
  const roles = [...all];
  const seen = new Set<string>();
  const rules: PolicyRule[] = [];
  const visit = (r: ClusterRole) => {
    if (seen.has(r.metadata.name)) return; // a cycle of aggregates ends here
    seen.add(r.metadata.name);
    rules.push(...(r.rules ?? []));
    const selectors = (r.aggregationRule?.clusterRoleSelectors ?? []).map(safeSelector).filter((s) => s !== undefined);
    if (selectors.length === 0) return;
    for (const other of roles) if (selectors.some((s) => s.matches(other.metadata.labels ?? {}))) visit(other);
  };
  visit(role);
  return rules;
}

function safeSelector(ls: Parameters<typeof selectorFromLabelSelector>[0]) {
  try {
    return selectorFromLabelSelector(ls);
  } catch {
    return undefined; // validation refuses a bad selector on write; an old one matches nothing
  }
}
