// The Kubernetes API listener: HTTPS with the cluster CA's certificate (HTTP/1.1, so that
// WebSocket upgrades work), on its own port beside the gRPC one (6443 by convention).
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { DEFAULT_CIPHERS } from "node:tls";
import type { Socket } from "node:net";
import type { KeyPairPem } from "../security/ca.js";
import { splitListen } from "../security/listener.js";
import { kubeHandler, type KubeApiDeps } from "./handler.js";


/**
 * As Kubernetes' Go TLS stack: a TLS 1.2 client that offers no SHA-256 handshake signature (busybox
 * wget in a pod, reaching the `kubernetes` Service) is still answered, with RSA+SHA1, last of the
 * list. Every client that offers better gets it (RSA-PSS/SHA-256); the ciphers stay Node's default.
 */
const LEGACY_CLIENT_TLS = {
  ciphers: `${DEFAULT_CIPHERS}:@SECLEVEL=0`,
  sigalgs: "ECDSA+SHA256:ECDSA+SHA384:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512:RSA+SHA1",
};

export interface KubeListener {
  port: number;
  close(): Promise<void>;
}

/** Listen on `listen` (HOST:PORT, port 0 picks one); plaintext when `tls` is undefined (--insecure). */
export async function listenKube(listen: string, tls: KeyPairPem | undefined, deps: Omit<KubeApiDeps, "address"> & { address?: () => string }): Promise<KubeListener> {
  let port = 0;
  const { host, port: wanted } = splitListen(listen);
  const handler = kubeHandler({ address: () => `${host.includes(":") ? `[${host}]` : host}:${port}`, ...deps });
  const server: HttpServer = tls ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem, ...LEGACY_CLIENT_TLS }) : createHttpServer();
  server.on("request", (req, res) => void handler.request(req, res));
  server.on("upgrade", handler.upgrade);
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : wanted;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Watches and log streams never end by themselves: cut them.
        for (const s of sockets) s.destroy();
      }),
  };
}
