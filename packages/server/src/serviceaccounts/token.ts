// ServiceAccount tokens, as Kubernetes' projected tokens: a JWT (ES256) signed with a P-256 key
// derived from the cluster CA's key, which every server of the cluster holds (the data dir, or the
// sealed CA in etcd), so any server derives the same key and verifies a token another issued. The
// CA's own RSA key signed 1.3 ms a token, the most costly step of a pod's start in the scale bench;
// P-256 signs in a fraction of that. Tokens an older server signed with the CA key (RS256) still verify. Bound to one pod (its name and uid are in the
// claims; the authenticator refuses the token once that pod is gone) and expiring. Pure: the
// key and the clock are arguments.
import { createECDH, createPrivateKey, createPublicKey, hkdfSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";

/** Kubernetes' issuer and audience of the in-cluster API (the default `--service-account-issuer`). */
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
/** The kubelet asks for an hour (3607 s); TokenRequest refuses less than ten minutes. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const MIN_TOKEN_REQUEST_SECONDS = 600;

export interface TokenSubject {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  /** The pod the token is bound to; absent for a TokenRequest not bound to an object. */
  pod?: { name: string; uid: string };
  node?: string;
}

export interface TokenClaims extends TokenSubject {
  issuedAt: number;
  expiresAt: number;
  id: string;
}

/** The user a ServiceAccount authenticates as, and its groups (Kubernetes' serviceaccount.UserInfo). */
export function serviceAccountUser(namespace: string, name: string): { name: string; groups: string[] } {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
  };
}

export interface SigningKey {
  /** The ES256 key tokens are signed with. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** `kid`: names the key, so that a later key rotation can tell tokens apart. */
  keyId: string;
  /** What a token's `alg` is verified with: ES256, ours; RS256, the CA key older servers signed with. */
  verifiers: { ES256: KeyObject; RS256?: KeyObject };
}

/** P-256's group order: a private scalar must be below it. */
const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** The token key of the cluster whose CA key is `caKeyPem`: the same on every server that holds it. */
export function signingKey(caKeyPem: string, keyId = "skiff-sa-es256"): SigningKey {
  const ca = createPrivateKey(caKeyPem);
  const secret = ca.export({ type: "pkcs8", format: "der" });
  // HKDF of the CA key to a scalar in [1, n-1]; a draw out of range (odds about 2^-32) is drawn again.
  let d: Buffer;
  for (let i = 0; ; i++) {
    d = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `skiff service account token key ${i}`, 32));
    const n = BigInt(`0x${d.toString("hex")}`);
    if (n > 0n && n < P256_ORDER) break;
  }
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk = { kty: "EC", crv: "P-256", d: d.toString("base64url"), x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  const publicKey = createPublicKey(privateKey);
  const rsa = ca.asymmetricKeyType === "rsa" ? { RS256: createPublicKey(ca) } : {};
  return { privateKey, publicKey, keyId, verifiers: { ES256: publicKey, ...rsa } };
}

/** A signed token for `subject`, valid from `nowMs` for `ttlSeconds`. */
export function issueToken(subject: TokenSubject, key: SigningKey, nowMs: number, ttlSeconds: number): { token: string; claims: TokenClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = { ...subject, issuedAt: iat, expiresAt: iat + ttlSeconds, id: randomUUID() };
  const k8s: Record<string, unknown> = { namespace: subject.namespace, serviceaccount: subject.serviceAccount };
  if (subject.pod) k8s.pod = subject.pod;
  if (subject.node) k8s.node = { name: subject.node };
  const payload = {
    aud: [SERVICE_ACCOUNT_ISSUER],
    exp: claims.expiresAt,
    iat,
    nbf: iat,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: claims.id,
    sub: `system:serviceaccount:${subject.namespace}:${subject.serviceAccount.name}`,
    "kubernetes.io": k8s,
  };
  const signed = `${b64(JSON.stringify({ alg: "ES256", kid: key.keyId, typ: "JWT" }))}.${b64(JSON.stringify(payload))}`;
  // JWS's ES256 signature is r || s (IEEE P1363), not the DER that OpenSSL gives by default.
  const signature = sign("sha256", Buffer.from(signed), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return { token: `${signed}.${signature.toString("base64url")}`, claims };
}

/** A token's shape: three base64url parts (API tokens are `<id>.<secret>`, two). */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/** The claims of a token this cluster signed and that has not expired at `nowMs`, or why not. */
export function verifyToken(token: string, key: Pick<SigningKey, "verifiers">, nowMs: number): { claims: TokenClaims } | { refused: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { refused: "malformed token" };
  const [header, body, signature] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
  } catch {
    return { refused: "malformed token" };
  }
  // Only the algorithms this cluster signs with, each with its own key (never "none", never HS256).
  const publicKey = alg === "ES256" ? key.verifiers.ES256 : alg === "RS256" ? key.verifiers.RS256 : undefined;
  if (!publicKey) return { refused: "wrong token" };
  let ok = false;
  try {
    ok = verify("sha256", Buffer.from(`${header}.${body}`), alg === "ES256" ? { key: publicKey, dsaEncoding: "ieee-p1363" } : publicKey, Buffer.from(signature, "base64url"));
  } catch {
    ok = false;
  }
  if (!ok) return { refused: "wrong token" };
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return { refused: "malformed token" };
  }
  const k8s = (p["kubernetes.io"] ?? {}) as { namespace?: string; serviceaccount?: { name: string; uid: string }; pod?: { name: string; uid: string }; node?: { name: string } };
  if (p.iss !== SERVICE_ACCOUNT_ISSUER || typeof p.exp !== "number" || typeof k8s.namespace !== "string" || !k8s.serviceaccount) return { refused: "malformed token" };
  const now = Math.floor(nowMs / 1000);
  if (now >= p.exp) return { refused: "expired token" };
  if (typeof p.nbf === "number" && now < p.nbf - 60) return { refused: "token not valid yet" };
  return {
    claims: {
      namespace: k8s.namespace,
      serviceAccount: k8s.serviceaccount,
      ...(k8s.pod ? { pod: k8s.pod } : {}),
      ...(k8s.node ? { node: k8s.node.name } : {}),
      issuedAt: typeof p.iat === "number" ? p.iat : 0,
      expiresAt: p.exp,
      id: typeof p.jti === "string" ? p.jti : "",
    },
  };
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");
