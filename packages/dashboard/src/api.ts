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
