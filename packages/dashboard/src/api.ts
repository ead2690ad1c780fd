// Calls to the Kubernetes API as the logged-in user, through /dashboard/api/k8s (the server adds
// the session's token). Writes carry X-Skiff-Dashboard: the server refuses writes without it.

export class ApiError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export async function k8s<T = unknown>(path: string, init: { method?: string; body?: unknown; contentType?: string } = {}): Promise<T> {
  const res = await fetch(`api/k8s${path}`, {
    method: init.method ?? "GET",
    headers: { "X-Skiff-Dashboard": "1", ...(init.body !== undefined ? { "Content-Type": init.contentType ?? "application/json" } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  if (!res.ok) throw new ApiError(res.status, (body as { message?: string })?.message ?? `HTTP ${res.status}`);
  return body as T;
}

/** SelfSubjectAccessReview: may the logged-in user do this? (The buttons are drawn only if so.) */
export async function canI(verb: string, group: string, resource: string, namespace: string, subresource = ""): Promise<boolean> {
  const review = await k8s<{ status?: { allowed?: boolean } }>("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
    method: "POST",
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb, group, resource, namespace, subresource } } },
  });
  return review.status?.allowed === true;
}

export const mergePatch = (path: string, patch: unknown) => k8s(path, { method: "PATCH", body: patch, contentType: "application/merge-patch+json" });

/** Puts `template` in place of the pod template, whole (a merge patch would keep the current one's extra keys, such as restartedAt). */
export const replaceTemplate = (path: string, template: unknown) => k8s(path, { method: "PATCH", body: [{ op: "replace", path: "/spec/template", value: template }], contentType: "application/json-patch+json" });

export interface Resource {
  /** `/api/v1` or `/apis/GROUP/VERSION`. */
  base: string;
  plural: string;
  namespaced: boolean;
}

interface ResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

const discovered = new Map<string, Promise<ResourceList>>();
const discover = (base: string) => {
  let list = discovered.get(base);
  if (!list) discovered.set(base, (list = k8s<ResourceList>(base)));
  return list;
};

/** Where the API serves `kind` (Kubernetes discovery, as kubectl asks it; each list once per page). */
export async function resourceOf(kind: string): Promise<Resource | undefined> {
  const bases = ["/api/v1"];
  const groups = await k8s<{ groups: { preferredVersion: { groupVersion: string } }[] }>("/apis");
  bases.push(...groups.groups.map((g) => `/apis/${g.preferredVersion.groupVersion}`));
  for (const base of bases) {
    const found = (await discover(base)).resources.find((r) => r.kind === kind && !r.name.includes("/"));
    if (found) return { base, plural: found.name, namespaced: found.namespaced };
  }
  return undefined;
}
