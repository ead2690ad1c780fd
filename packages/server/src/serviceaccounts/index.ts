// ServiceAccounts: the tokens of pods (issued to agents, checked on both API edges) and the
// `kubernetes` Service that pods reach the API through. README.md tells the whole story.
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";
import type { ServerSecurity } from "../security/index.js";
import { ServiceAccountAuthenticator } from "./authenticator.js";
import { ServiceAccountTokenIssuer } from "./issuer.js";
import { DEFAULT_TOKEN_TTL_SECONDS, signingKey } from "./token.js";

export { ensureKubernetesService, kubernetesServiceObjects, KUBERNETES_SERVICE } from "./kubernetes-service.js";
export { ServiceAccountTokenIssuer } from "./issuer.js";
export { DEFAULT_TOKEN_TTL_SECONDS, issueToken, verifyToken, serviceAccountUser, signingKey, SERVICE_ACCOUNT_ISSUER } from "./token.js";

/**
 * Start checking ServiceAccount tokens on this server's edges (synced before it serves), and
 * return the issuer of pods' tokens. Signed with the cluster CA's key: every server has it.
 */
export async function startServiceAccounts(store: Store, security: ServerSecurity, log: Logger, signal: AbortSignal, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): Promise<ServiceAccountTokenIssuer> {
  const key = signingKey(security.ca.keyPem);
  const authenticator = new ServiceAccountAuthenticator(store, log, key);
  await authenticator.start(signal);
  security.tokens.serviceAccounts = authenticator;
  return new ServiceAccountTokenIssuer(store, key, ttlSeconds, Date.now, authenticator);
}
