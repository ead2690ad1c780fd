// The cluster CA: one key and a self-signed certificate in the data dir (`pki/ca.key`, 0600, and
// `pki/ca.crt`), made on first start, as kubeadm's /etc/kubernetes/pki/ca.{key,crt}. It signs
// the server's certificate (made again at every start, for the addresses it listens on) and each
// node's certificate (CN `node:<name>`). Keys are made by Node's crypto; node-forge writes the
// X.509 certificates, which Node's crypto cannot. Node certificates, issued at every join and
// renewal, are signed by Node's crypto too: forge's pure-JS RSA took about 200 ms a signature on
// a small machine, with the server's event loop blocked, which made 100 nodes joining at once a
// 20 s wait; and forge reads RSA public keys only, where agents now send EC P-256 ones.
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import forge from "node-forge";
import { caCertHash } from "@skiff/api";

const generateRsa = promisify(generateKeyPair);
const generateEc = promisify(generateKeyPair);

export const PKI_DIR = "pki";
const CA_YEARS = 10;
const SERVER_CERT_DAYS = 365;
/** A node's certificate lives 30 days; its agent renews it after 20 (two thirds). */
export const NODE_CERT_TTL_MS = 30 * 24 * 3600_000;
// Certificates start a little in the past, so a node whose clock is slightly behind accepts them.
const BACKDATE_MS = 5 * 60_000;

export const NODE_CN_PREFIX = "node:";

export interface ClusterCA {
  certPem: string;
  keyPem: string;
  /** `sha256:<hex>` of the CA's public key: the pin agents check before they trust the server. */
  hash: string;
}

export interface KeyPairPem {
  keyPem: string;
  certPem: string;
}

/** Read the CA from the data dir, or make one (first start). */
export async function loadOrCreateCA(dataDir: string): Promise<ClusterCA> {
  const dir = join(dataDir, PKI_DIR);
  const keyPath = join(dir, "ca.key");
  const certPath = join(dir, "ca.crt");
  try {
    const [keyPem, certPem] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
    return { keyPem, certPem, hash: caCertHash(certPem) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the cluster CA in ${dir}: ${(err as Error).message}`);
  }
  const ca = await makeCA();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeSecretFile(keyPath, ca.keyPem);
  await writeFile(certPath, ca.certPem, { mode: 0o644 });
  return ca;
}

/** A new CA (key and self-signed certificate), kept nowhere yet. */
export async function makeCA(): Promise<ClusterCA> {
  const { publicKey, privateKey } = await newRsaKey();
  const now = Date.now();
  const cert = certificate(publicKey, "skiff-ca", now, now + CA_YEARS * 365 * 24 * 3600_000, [
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.setIssuer([{ name: "commonName", value: "skiff-ca" }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { keyPem: privateKey, certPem, hash: caCertHash(certPem) };
}

/** The server's TLS certificate (and a fresh key) for these host names and IPs; `localhost` and the loopback addresses always. */
export async function issueServerCertificate(ca: ClusterCA, hosts: string[]): Promise<KeyPairPem> {
  const { publicKey, privateKey } = await newRsaKey();
  // "skiff-server" is the name clients check (@skiff/client transport.ts); the addresses are for other tools.
  const names = [...new Set(["skiff-server", "localhost", "127.0.0.1", "::1", ...hosts].filter((h) => h && h !== "0.0.0.0" && h !== "::"))];
  const altNames = names.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  const now = Date.now();
  const cert = certificate(publicKey, "skiff-server", now, now + SERVER_CERT_DAYS * 24 * 3600_000, [
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    // clientAuth too: the server presents this certificate when it dials an agent.
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "subjectAltName", altNames },
  ]);
  return { keyPem: privateKey, certPem: signWith(ca, cert) };
}

/** The CN of every certificate a skiff server holds: clients and agents check it, and the CA gives it to no node. */
export const SERVER_CN = "skiff-server";

/**
 * The client certificate a server presents when it dials an agent (logs, exec): CN `skiff-server`,
 * client auth only, a fresh EC P-256 key, made at every start as the serving certificate is.
 * Agents accept no other client (a node's certificate names `node:<name>`).
 */
export async function issueAgentClientCertificate(ca: ClusterCA, now = Date.now()): Promise<KeyPairPem> {
  const { publicKey, privateKey } = await generateEc("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const signer = caSigner(ca);
  const cert = certificateFor(signer.standIn, SERVER_CN, now, now + SERVER_CERT_DAYS * 24 * 3600_000, [
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, critical: true },
    { name: "extKeyUsage", clientAuth: true },
  ]);
  return { keyPem: privateKey, certPem: signNatively(signer, cert, createPublicKey(publicKey).export({ type: "spki", format: "der" })) };
}

/**
 * A node's client certificate: CN `node:<name>`, for the public key its agent sent (SPKI PEM):
 * EC P-256 (what agents make) or RSA of 2048 bits or more (what older agents made).
 */
export function issueNodeCertificate(ca: ClusterCA, nodeName: string, publicKeyPem: string, ttlMs = NODE_CERT_TTL_MS, now = Date.now()): string {
  const key = nodePublicKey(publicKeyPem);
  const rsa = key.asymmetricKeyType === "rsa";
  const signer = caSigner(ca);
  // forge builds the certificate around a stand-in key (it reads RSA keys only); the node's own
  // key goes into the signed bytes in its place (signNatively).
  const cert = certificateFor(signer.standIn, `${NODE_CN_PREFIX}${nodeName}`, now, now + ttlMs, [
    { name: "basicConstraints", cA: false },
    // keyEncipherment is for RSA key transport; an EC key only signs.
    { name: "keyUsage", digitalSignature: true, keyEncipherment: rsa, critical: true },
    { name: "extKeyUsage", clientAuth: true, serverAuth: true },
  ]);
  return signNatively(signer, cert, key.export({ type: "spki", format: "der" }));
}

function nodePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new Error(`not a public key in PEM: ${(err as Error).message}`, { cause: err });
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === "ec" && details.namedCurve === "prime256v1") return key;
  if (type === "rsa" && (details.modulusLength ?? 0) >= 2048) return key;
  throw new Error(`a node key must be EC P-256 or RSA of at least 2048 bits, not ${type}${details.namedCurve ? ` ${details.namedCurve}` : ""}${details.modulusLength ? ` ${details.modulusLength}` : ""}`);
}

interface CaSigner {
  key: KeyObject;
  /** The CA's public key in forge's form: a placeholder for the subject's key while forge builds the certificate. */
  standIn: forge.pki.PublicKey;
}

// Parsed once per CA: a PEM parse in forge costs more than a native signature.
const signers = new WeakMap<ClusterCA, CaSigner>();

function caSigner(ca: ClusterCA): CaSigner {
  let s = signers.get(ca);
  if (!s) {
    const key = createPrivateKey(ca.keyPem);
    if (key.asymmetricKeyType !== "rsa") throw new Error(`the cluster CA's key is ${key.asymmetricKeyType}; skiff's CA keys are RSA`);
    s = { key, standIn: forge.pki.publicKeyFromPem(createPublicKey(key).export({ type: "spki", format: "pem" }) as string) };
    signers.set(ca, s);
  }
  return s;
}

/**
 * Sign as `cert.sign()` would, with Node's crypto instead of forge's, after putting `spkiDer` in
 * the TBSCertificate's subjectPublicKeyInfo (its 7th field, RFC 5280 4.1). The CA's key is RSA:
 * sha256WithRSAEncryption, PKCS #1 v1.5, as forge signs.
 */
function signNatively(signer: CaSigner, cert: forge.pki.Certificate, spkiDer: Buffer): string {
  cert.setIssuer([{ name: "commonName", value: "skiff-ca" }]);
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  const tbs = forge.pki.getTBSCertificate(cert);
  (tbs.value as forge.asn1.Asn1[])[6] = forge.asn1.fromDer(forge.util.createBuffer(spkiDer.toString("binary")));
  cert.tbsCertificate = tbs;
  cert.signature = sign("sha256", Buffer.from(forge.asn1.toDer(tbs).getBytes(), "binary"), signer.key).toString("binary");
  return forge.pki.certificateToPem(cert);
}

/** When a certificate stops being valid. */
export function certificateExpiry(certPem: string): Date {
  return new Date(new X509Certificate(certPem).validTo);
}

function signWith(ca: ClusterCA, cert: forge.pki.Certificate): string {
  cert.setIssuer([{ name: "commonName", value: "skiff-ca" }]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function certificate(publicKeyPem: string, cn: string, from: number, to: number, extensions: forge.pki.Extension[]): forge.pki.Certificate {
  return certificateFor(forge.pki.publicKeyFromPem(publicKeyPem), cn, from, to, extensions);
}

function certificateFor(publicKey: forge.pki.PublicKey, cn: string, from: number, to: number, extensions: forge.pki.Extension[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // 16 random bytes, first bit clear: a positive serial, as RFC 5280 wants.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString("hex");
  // Backdated for clocks a little behind ours, but by at most a tenth of the lifetime: agents
  // renew two thirds into [notBefore, notAfter], which must stay in the future when issued.
  cert.validity.notBefore = new Date(from - Math.min(BACKDATE_MS, (to - from) / 10));
  cert.validity.notAfter = new Date(to);
  cert.setSubject([{ name: "commonName", value: cn }]);
  cert.setExtensions(extensions);
  return cert;
}

async function newRsaKey(): Promise<{ publicKey: string; privateKey: string }> {
  return generateRsa("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/** Write a file only its owner can read, whole or not at all. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
