// A node's certificate, read once per TLS connection. grpc-js's getAuthContext() parses the peer
// certificate again on every call: at 1,000 nodes, each heartbeat and report, 2.5% of the server's
// CPU. A TLS connection's certificate cannot change, so it is kept by the connection's socket.
import type { AuthContextLike } from "./node-identity.js";

const bySocket = new WeakMap<object, AuthContextLike>();

export function peerAuthContext(call: { getAuthContext(): AuthContextLike }): AuthContextLike {
  const socket = socketOf(call);
  if (!socket) return call.getAuthContext();
  let auth = bySocket.get(socket);
  if (!auth) bySocket.set(socket, (auth = call.getAuthContext()));
  return auth;
}

// grpc-js has no public way to the connection: down the chain of intercepting calls
// (`nextCall...stream.session.socket`). If a release changes that chain, nothing is found and
// every call reads the certificate again, as before.
function socketOf(call: unknown): object | undefined {
  let node = call;
  for (let depth = 0; node && depth < 10; depth++) {
    const socket = (node as { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket;
    if (socket && typeof socket === "object") return socket;
    node = (node as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}
