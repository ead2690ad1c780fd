// serviceaccounts/NAME/token: a TokenRequest (authentication.k8s.io/v1), what `kubectl create
// token` posts. Answered 201 with the TokenRequest and its status (token, expirationTimestamp).
import type { ServerResponse } from "node:http";
import { SkiffError } from "@skiff/api";
import type { ServiceAccountTokenIssuer, TokenRequestSpec } from "../serviceaccounts/issuer.js";
import { BadRequestError } from "./errors.js";
import { sendJson } from "./http.js";
import { refOfTarget, type Target } from "./read.js";

class NoSigningKeyError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}

export async function tokenRequestHandler(issuer: ServiceAccountTokenIssuer | undefined, t: Target & { name: string }, body: unknown, res: ServerResponse): Promise<void> {
  if (!issuer) throw new NoSigningKeyError("the server runs --insecure: it issues no service account tokens");
  const request = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as { kind?: unknown; metadata?: Record<string, unknown>; spec?: TokenRequestSpec };
  if (request.kind !== undefined && request.kind !== "TokenRequest") throw new BadRequestError(`not a TokenRequest object: kind ${JSON.stringify(request.kind)}`);
  const namespace = refOfTarget(t).namespace ?? "default";
  const { token, expiresAtMs } = await issuer.request(namespace, t.name, request.spec ?? {});
  const seconds = request.spec?.expirationSeconds ?? 3600;
  sendJson(res, 201, {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { name: t.name, namespace, creationTimestamp: null },
    spec: { audiences: ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: seconds, ...(request.spec?.boundObjectRef ? { boundObjectRef: request.spec.boundObjectRef } : {}) },
    status: { token, expirationTimestamp: new Date(expiresAtMs).toISOString().replace(/\.\d+Z$/, "Z") },
  });
}
