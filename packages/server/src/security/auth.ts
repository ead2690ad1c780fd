// Who may call: one interceptor in front of both services of the port (docs/security.md).
//   - A connection that did not start with TLS is refused whatever it asks (the listener marks
//     it), with a message saying the server speaks TLS.
//   - The API (`/skiff.v1.Api/...`) wants `authorization: Bearer <id>.<secret>`, an API token.
//   - The node protocol (`/skiff.v1.NodeService/...`) wants a client certificate of the cluster
//     CA naming a node (`node:<name>`), except Join, which carries a join token instead. Which
//     node a call may act for is checked by the handlers (nodes/grpc-service.ts), which know the
//     session the call names.
// Each refusal is UNAUTHENTICATED, logged once with the peer address (refusals.ts).
import * as grpc from "@grpc/grpc-js";
import { UnauthenticatedError } from "@skiff/api";
import type { RefusalLog } from "./refusals.js";
import { tokenUser, type TokenStore } from "./tokens.js";
import type { UserInfo } from "../authz/types.js";
import { nodeOfCertificate, type AuthContextLike } from "./node-identity.js";
import { peerAuthContext } from "./peer-auth.js";
import { looksLikeJwt } from "../serviceaccounts/token.js";

const API_PREFIX = "/skiff.v1.Api/";
const NODE_PREFIX = "/skiff.v1.NodeService/";
const JOIN = `${NODE_PREFIX}Join`;
/** The metadata entry through which the interceptor tells the API handlers the caller's user (JSON UserInfo). */
export const USER_METADATA = "x-skiff-authenticated-user";
/** Likewise the node a node-protocol call's certificate names: the certificate is read once a call, not once per check. */
export const NODE_METADATA = "x-skiff-authenticated-node";

export const PLAINTEXT_REFUSED =
  "the server speaks TLS, and this client connected in plaintext: use the client config written by 'skiff server' " +
  "(~/.skiff/config, or SKIFF_CONFIG: server, ca and token), or run the server with --insecure";

/** What a handler needs to know about the caller of a node-protocol call. */
export interface NodeAuth {
  /** The node the call's certificate names; undefined when the server runs --insecure (anyone is anyone). */
  node(call: { getAuthContext(): AuthContextLike | null; getPeer(): string; metadata?: grpc.Metadata }): string | undefined;
  refusals?: RefusalLog;
}

export const INSECURE_NODE_AUTH: NodeAuth = { node: () => undefined };

export function secureNodeAuth(refusals: RefusalLog): NodeAuth {
  return {
    refusals,
    node: (call) => {
      const passed = call.metadata?.get(NODE_METADATA)[0];
      const node = typeof passed === "string" ? passed : nodeOfCertificate(call.getAuthContext());
      if (!node) throw new UnauthenticatedError("a node certificate is required: join with a token first");
      return node;
    },
  };
}

/** The decision for one call, apart from gRPC: undefined to let it through, else why not. */
export function checkCall(
  path: string,
  o: { plaintext: boolean; authorization: string | undefined; auth: AuthContextLike | null; tokens: TokenStore },
): { reason: string; message: string } | undefined {
  if (o.plaintext) return { reason: "plaintext connection", message: PLAINTEXT_REFUSED };
  if (path.startsWith(API_PREFIX)) return bearerRefusal(o.authorization, o.tokens);
  if (path.startsWith(NODE_PREFIX) && path !== JOIN && !nodeOfCertificate(o.auth)) {
    return { reason: "no node certificate", message: "a node certificate of this cluster is required: join with a token first ('skiff agent --token-file')" };
  }
  return undefined;
}

/** An API call's `authorization` header checked against the API tokens: undefined when good, else why not. Both API edges use it. */
export function bearerRefusal(authorization: string | undefined, tokens: TokenStore): { reason: string; message: string } | undefined {
  const out = authenticateBearer(authorization, tokens);
  return "refusal" in out ? out.refusal : undefined;
}

/** The user an API call's bearer token names, or why it is refused. */
export function authenticateBearer(authorization: string | undefined, tokens: TokenStore): { user: UserInfo } | { refusal: { reason: string; message: string } } {
  // A JWT is a pod's ServiceAccount token; an API token is `<id>.<secret>`.
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (bearer && tokens.serviceAccounts && looksLikeJwt(bearer)) return tokens.serviceAccounts.authenticate(bearer);
  const refusal = bearerCheck(authorization, tokens);
  if (typeof refusal !== "string") return { refusal };
  const verdict = tokens.verify(refusal, "api");
  return "record" in verdict ? { user: tokenUser(verdict.record) } : { refusal: { reason: verdict.refused, message: "the API token is not valid" } };
}

function bearerCheck(authorization: string | undefined, tokens: TokenStore): string | { reason: string; message: string } {
  const header = authorization?.trim();
  if (!header) {
    return {
      reason: "no API token",
      message: "this call carried no API token (authorization: Bearer <token>); the client config written by 'skiff server' holds one",
    };
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { reason: "malformed token", message: "the authorization header is not 'Bearer <token>'" };
  const verdict = tokens.verify(match[1]!, "api");
  if (!("refused" in verdict)) return match[1]!;
  const message =
    verdict.refused === "expired token" ? "the API token has expired: create another with 'skiff token create --api'" :
    verdict.refused === "token of the wrong kind" ? "that is a join token, not an API token" :
    "the API token is not valid (unknown, revoked or mistyped)";
  return { reason: verdict.refused, message };
}

/** The interceptor that applies checkCall to every call of the server. */
export function authInterceptor(tokens: TokenStore, refusals: RefusalLog, isPlaintext: (peer: string) => boolean): grpc.ServerInterceptor {
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, proceed) => {
            const peer = call.getPeer();
            const value = metadata.get("authorization")[0];
            // Reading the peer certificate costs more than the rest of a heartbeat: only node calls need it.
            const auth = method.path.startsWith(NODE_PREFIX) ? peerAuthContext(call) : null;
            const refusal = checkCall(method.path, {
              plaintext: isPlaintext(peer),
              authorization: value === undefined ? undefined : String(value),
              auth,
              tokens,
            });
            if (!refusal) {
              // The handlers learn who called from these entries, set here only (a client's own are dropped).
              metadata.remove(USER_METADATA);
              metadata.remove(NODE_METADATA);
              const node = nodeOfCertificate(auth);
              if (node) metadata.set(NODE_METADATA, node);
              if (method.path.startsWith(API_PREFIX)) {
                const who = authenticateBearer(value === undefined ? undefined : String(value), tokens);
                if ("user" in who) metadata.set(USER_METADATA, JSON.stringify(who.user));
              }
              proceed(metadata);
              return;
            }
            refusals.refused(peer, refusal.reason, { method: method.path });
            call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: refusal.message, metadata: new grpc.Metadata() });
          },
        }),
    });
}
