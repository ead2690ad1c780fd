// `auth can-i --list`: a SelfSubjectRulesReview's rules printed as kubectl prints them
// (kubectl/pkg/cmd/auth/cani.go): each rule broken down to one resource of one group (and one
// name) or one URL, rules of the same resource merged (their verbs appended, as kubectl does,
// repeats and all), sorted by Go's String() of the rbac/v1 PolicyRule, in a tabwriter table.

export interface ListedRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RulesStatus {
  resourceRules?: ListedRule[];
  nonResourceRules?: ListedRule[];
  incomplete?: boolean;
  evaluationError?: string;
}

/** rbacutil.BreakdownRule: one rule per group x resource (x resourceName), and one per URL. */
export function breakdown(rule: ListedRule): ListedRule[] {
  const out: ListedRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      const names = rule.resourceNames ?? [];
      if (names.length) for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: rule.verbs, resourceNames: [name] });
      else out.push({ apiGroups: [group], resources: [resource], verbs: rule.verbs });
    }
  }
  for (const url of rule.nonResourceURLs ?? []) out.push({ nonResourceURLs: [url], verbs: rule.verbs });
  return out;
}

/** rbacutil.CompactRules: rules of one group, one resource and at most one name merge, verbs appended. */
export function compact(rules: ListedRule[]): ListedRule[] {
  const merged = new Map<string, ListedRule>();
  const others: ListedRule[] = [];
  for (const r of rules) {
    const simple = !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1 && (r.resourceNames?.length ?? 0) <= 1;
    if (!simple) {
      others.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = merged.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else merged.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...others, ...merged.values()];
}

const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(" ")}]`;

/** The generated String() of rbac/v1 PolicyRule, which kubectl sorts by. */
function goString(r: ListedRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`, `*.*`. */
function resourceColumn(r: ListedRule): string {
  const resource = r.resources?.[0];
  if (resource === undefined) return "";
  const slash = resource.indexOf("/");
  const [base, sub] = slash < 0 ? [resource, undefined] : [resource.slice(0, slash), resource.slice(slash + 1)];
  const group = r.apiGroups?.[0];
  return `${base}${group ? `.${group}` : ""}${sub === undefined ? "" : `/${sub}`}`;
}

/** The rows, sorted as kubectl sorts them. */
export function listedRows(status: RulesStatus): string[][] {
  const rules = compact([...(status.resourceRules ?? []), ...(status.nonResourceRules ?? [])].flatMap(breakdown));
  const keyed = rules.map((r) => ({ r, key: goString(r) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // stable, byte order as Go's strings.Compare
  return keyed.map(({ r }) => [resourceColumn(r), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)]);
}

/** kubectl's tabwriter (minwidth 10, padding 3, spaces); the last column is not padded. */
export function rulesTable(status: RulesStatus): string {
  const rows = [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"], ...listedRows(status)];
  const widths = [0, 1, 2].map((i) => Math.max(10, ...rows.map((row) => row[i]!.length + 3)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("")).join("\n") + "\n";
}
