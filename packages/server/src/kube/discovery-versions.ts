// Kubernetes' order of API versions within a group (apimachinery version.CompareKubeAwareVersionStrings):
// GA before beta before alpha, then the higher number first: v2, v1, v1beta2, v1beta1, v1alpha1,
// then anything not of that form, alphabetically. The first is the group's preferred version.

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY: Record<string, number> = { "": 2, beta: 1, alpha: 0 };

function rank(v: string): [number, number, number] | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  return [STABILITY[m[2] ?? ""] ?? 0, Number(m[1]), Number(m[3] ?? 0)];
}

/** Sorts versions most preferred first: `["v1beta1", "v1", "v2alpha1"]` -> `["v1", "v1beta1", "v2alpha1"]`. */
export function compareKubeVersions(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (rb[i] ?? 0) - (ra[i] ?? 0);
  return 0;
}
