// One port, TLS first: skiff's own TCP listener looks at the first byte of each connection and
// hands it to grpc-js (a connection injector): a TLS handshake (0x16) to the TLS side, anything
// else (a plaintext HTTP/2 client) to a plaintext side whose every call is refused with a
// message saying the server speaks TLS (auth.ts). Without this split a plaintext client would
// only see "connection dropped", and the server would have nothing to log.
//
// The TLS side asks every client for a certificate but requires none: the API authenticates by
// bearer token, the node protocol by certificate, on the same port. grpc-js shows a handler the
// peer certificate only when it verified against the cluster CA.
import * as grpc from "@grpc/grpc-js";
import { createServer, type Socket } from "node:net";
import type { KeyPairPem } from "./ca.js";

export interface TlsListener {
  port: number;
  /** Did the connection of this peer (HOST:PORT, as grpc-js's getPeer()) start in plaintext? */
  isPlaintext(peer: string): boolean;
  /** Stop accepting; `force` also cuts the open connections. */
  close(force?: boolean): Promise<void>;
}

/** Server credentials: this key and certificate chain; client certificates requested, verified against `caPem`, optional. */
export function serverCredentials(identity: KeyPairPem, caPem: string): grpc.ServerCredentials {
  const identityProvider = staticProvider({ certificate: Buffer.from(identity.certPem), privateKey: Buffer.from(identity.keyPem) }, null);
  const caProvider = staticProvider(null, { caCertificate: Buffer.from(caPem) });
  return grpc.experimental.createCertificateProviderServerCredentials(identityProvider, caProvider, false);
}

export async function listenTlsFirst(server: grpc.Server, listen: string, credentials: grpc.ServerCredentials): Promise<TlsListener> {
  const tls = server.createConnectionInjector(credentials);
  const plain = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const plaintextPeers = new Set<string>();
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x16) {
        tls.injectConnection(socket);
      } else {
        const peer = `${socket.remoteAddress}:${socket.remotePort}`;
        plaintextPeers.add(peer);
        socket.once("close", () => plaintextPeers.delete(peer));
        plain.injectConnection(socket);
      }
      process.nextTick(() => socket.resume());
    });
  });
  const { host, port } = splitListen(listen);
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, host, () => {
      tcp.off("error", reject);
      resolve();
    });
  });
  const address = tcp.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    isPlaintext: (peer) => plaintextPeers.has(peer),
    close: (force = false) =>
      new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        if (force) for (const s of sockets) s.destroy();
        tls.destroy();
        plain.destroy();
      }),
  };
}

/** `HOST:PORT`, `[v6]:PORT`. */
export function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(":");
  if (i <= 0) throw new Error(`"${listen}" is not HOST:PORT`);
  const host = listen.slice(0, i).replace(/^\[(.*)\]$/, "$1");
  const port = Number(listen.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`"${listen}" has no valid port`);
  return { host, port };
}

// A certificate provider that never changes: grpc-js's certificate-provider credentials are the
// ones that can request a client certificate without requiring it.
function staticProvider(
  identity: grpc.experimental.IdentityCertificateUpdate | null,
  ca: grpc.experimental.CaCertificateUpdate | null,
): grpc.experimental.CertificateProvider {
  // Told on the next tick: grpc-js registers what it watches with only after it adds the listener.
  return {
    addCaCertificateListener: (listener) => queueMicrotask(() => listener(ca)),
    removeCaCertificateListener: () => undefined,
    addIdentityCertificateListener: (listener) => queueMicrotask(() => listener(identity)),
    removeIdentityCertificateListener: () => undefined,
  };
}
