// The node's identity: its own key and a certificate from the cluster CA (CN `node:<name>`),
// kept in the agent's state dir (`node.key` 0600, `node.crt`, `ca.crt`). The first start joins
// with a join token: it trusts the server only after checking the CA's hash the token carries
// (as `kubeadm join --discovery-token-ca-cert-hash`), then asks for a certificate. Every later
// call, and every later start, uses the certificate; the agent renews it at two thirds of its
// lifetime. docs/security.md.
import * as grpc from "@grpc/grpc-js";
import { generateKeyPair, X509Certificate } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { connect as tlsConnect, type DetailedPeerCertificate } from "node:tls";
import { join } from "node:path";
import { promisify } from "node:util";
import { caCertHash, parseCaCertHash, parseJoinToken } from "@skiff/api/core";
import { loadNodeProto, type NodeServiceClient } from "@skiff/proto";

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * The node's key: EC P-256, made by Node's crypto in a few milliseconds (an RSA-2048 key took
 * about half a second of CPU, which mattered to `skiff sim` making hundreds). Servers before
 * this sign RSA keys only.
 */
function newNodeKey(): Promise<{ publicKey: string; privateKey: string }> {
  return generateKeyPairAsync("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/** The name every skiff server certificate carries; checked instead of the address dialled. */
export const SERVER_CERT_NAME = "skiff-server";

export interface NodeCredentials {
  keyPem: string;
  certPem: string;
  caPem: string;
}

/** The agent cannot join: the token was refused, the CA does not match its hash... Not worth retrying. */
export class JoinError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JoinError";
  }
}

const FILES = { key: "node.key", cert: "node.crt", ca: "ca.crt" };

/** The credentials saved by an earlier start, or undefined. */
export async function loadCredentials(stateDir: string): Promise<NodeCredentials | undefined> {
  try {
    const [keyPem, certPem, caPem] = await Promise.all([FILES.key, FILES.cert, FILES.ca].map((f) => readFile(join(stateDir, f), "utf8")));
    return { keyPem: keyPem!, certPem: certPem!, caPem: caPem! };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export async function saveCredentials(stateDir: string, c: NodeCredentials): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeAtomically(join(stateDir, FILES.key), c.keyPem, 0o600);
  await writeAtomically(join(stateDir, FILES.cert), c.certPem, 0o644);
  await writeAtomically(join(stateDir, FILES.ca), c.caPem, 0o644);
}

/** When to renew: two thirds into the certificate's lifetime. */
export function renewalTime(certPem: string): number {
  const cert = new X509Certificate(certPem);
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return from + ((to - from) * 2) / 3;
}

/** TLS to the server trusting only the cluster CA, presenting the node's certificate when there is one. */
export function nodeChannelCredentials(caPem: string, identity?: { keyPem: string; certPem: string }): grpc.ChannelCredentials {
  return identity
    ? grpc.credentials.createSsl(Buffer.from(caPem), Buffer.from(identity.keyPem), Buffer.from(identity.certPem))
    : grpc.credentials.createSsl(Buffer.from(caPem));
}

export const TLS_CHANNEL_OPTIONS = { "grpc.ssl_target_name_override": SERVER_CERT_NAME };

/**
 * Join: fetch the server's certificate chain, keep the CA whose public key has `caHash` and that
 * signed the server's certificate, then call Join over TLS trusting that CA alone.
 */
export async function joinCluster(server: string, tokenText: string, nodeName: string, caHashFlag?: string): Promise<NodeCredentials> {
  let token;
  try {
    token = parseJoinToken(tokenText);
  } catch (err) {
    throw new JoinError(`the join token is malformed: ${(err as Error).message}`);
  }
  const pin = token.caCertHash ?? (caHashFlag ? `sha256:${parseCaCertHash(caHashFlag)}` : undefined);
  if (!pin) throw new JoinError("the join token carries no CA hash: give --ca-cert-hash sha256:<hex> (printed by 'skiff token create')");
  const caPem = await pinnedCA(server, pin);
  const { publicKey, privateKey } = await newNodeKey();
  const client = new (loadNodeProto().skiff.v1.NodeService)(server, nodeChannelCredentials(caPem), TLS_CHANNEL_OPTIONS) as NodeServiceClient;
  try {
    const res = await new Promise<{ certPem: string; caPem: string }>((resolve, reject) =>
      client.join({ token: `${token.id}.${token.secret}`, nodeName, publicKeyPem: publicKey }, { deadline: Date.now() + 10_000 }, (err, r) =>
        err || !r ? reject(err) : resolve(r),
      ),
    );
    if (caCertHash(res.caPem) !== pin) throw new JoinError("the server answered with another CA than the one the token pins");
    return { keyPem: privateKey, certPem: res.certPem, caPem: res.caPem };
  } catch (err) {
    const e = err as grpc.ServiceError;
    if (e.code === grpc.status.UNAUTHENTICATED || e.code === grpc.status.INVALID_ARGUMENT || e.code === grpc.status.FAILED_PRECONDITION) {
      throw new JoinError(`the server refused to let this node join: ${e.details}`, { cause: err });
    }
    throw err;
  } finally {
    client.close();
  }
}

/** A fresh key and certificate, asked for with the current certificate. */
export async function renewCredentials(client: NodeServiceClient, current: NodeCredentials): Promise<NodeCredentials> {
  const { publicKey, privateKey } = await newNodeKey();
  const res = await new Promise<{ certPem: string }>((resolve, reject) =>
    client.renewCertificate({ publicKeyPem: publicKey }, { deadline: Date.now() + 10_000 }, (err, r) => (err || !r ? reject(err) : resolve(r))),
  );
  return { keyPem: privateKey, certPem: res.certPem, caPem: current.caPem };
}

/** The CA certificate in the server's TLS chain whose public key hashes to `pin`, having signed the server's certificate. */
export async function pinnedCA(server: string, pin: string): Promise<string> {
  const chain = await peerChain(server);
  const leaf = chain[0];
  for (const cert of chain) {
    if (caCertHash(cert.toString()) !== pin) continue;
    if (!cert.ca || !leaf || !leaf.checkIssued(cert) || !leaf.verify(cert.publicKey)) break;
    return cert.toString();
  }
  throw new JoinError(`the server at ${server} does not present the CA of hash ${pin}: wrong server, or wrong token`);
}

// One TLS handshake, trusting nothing, only to read the certificates the server sends.
function peerChain(server: string): Promise<X509Certificate[]> {
  const i = server.lastIndexOf(":");
  const host = server.slice(0, i).replace(/^\[(.*)\]$/, "$1");
  const port = Number(server.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ALPNProtocols: ["h2"], servername: SERVER_CERT_NAME }, () => {
      const chain: X509Certificate[] = [];
      let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(new X509Certificate(cert.raw));
        cert = cert.issuerCertificate;
      }
      socket.destroy();
      resolve(chain);
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error("timed out")));
    socket.once("error", (err) => reject(Object.assign(new Error(`cannot reach the skiff server at ${server}: ${err.message}`, { cause: err }), { code: grpc.status.UNAVAILABLE })));
  });
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
