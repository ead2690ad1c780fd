// Tokens and the CA pin, as text: what `skiff token create` prints, what `skiff agent` reads, and
// what the server stores (a hash, never the secret). Pure: no I/O.
//
// A token is `<id>.<secret>` (kubeadm's bootstrap token shape): the id names it in `token list`
// and `token revoke`, the secret proves it. A join token given to an agent also carries the hash
// of the cluster CA's public key, as Docker Swarm's `SWMTKN-1-<ca digest>-<secret>` does, so one
// string is enough to join without trusting the network:
//
//   SKIFF-1-<sha256 of the CA's SubjectPublicKeyInfo, 64 hex>-<id>.<secret>
//
// The bare `<id>.<secret>` works too, with the hash given apart (`--ca-cert-hash sha256:<hex>`,
// as `kubeadm join --discovery-token-ca-cert-hash`).
import { createHash, randomInt, timingSafeEqual, X509Certificate } from "node:crypto";

export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
const SECRET_PATTERN = /^[a-z0-9]{16,64}$/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const JOIN_PREFIX = "SKIFF-1-";

export interface JoinToken {
  id: string;
  secret: string;
  /** `sha256:<hex>` of the CA's public key, when the token carries it. */
  caCertHash?: string;
}

function randomText(length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export const newTokenId = (): string => randomText(6);
/** 24 characters of [a-z0-9]: about 124 bits. */
export const newTokenSecret = (): string => randomText(24);

/** The text to hand out: `SKIFF-1-<hash>-<id>.<secret>` with a hash, `<id>.<secret>` without. */
export function formatJoinToken(t: JoinToken): string {
  const bare = `${t.id}.${t.secret}`;
  return t.caCertHash ? `${JOIN_PREFIX}${parseCaCertHash(t.caCertHash)}-${bare}` : bare;
}

/** Read a token as printed by `skiff token create`; throws an Error saying what is wrong (never echoing the secret). */
export function parseJoinToken(text: string): JoinToken {
  let rest = text.trim();
  let caCertHash: string | undefined;
  if (rest.startsWith(JOIN_PREFIX)) {
    const parts = rest.slice(JOIN_PREFIX.length).split("-");
    if (parts.length !== 2 || !/^[0-9a-f]{64}$/.test(parts[0]!)) {
      throw new Error(`a join token is ${JOIN_PREFIX}<64 hex digits>-<id>.<secret>`);
    }
    caCertHash = `sha256:${parts[0]}`;
    rest = parts[1]!;
  }
  const dot = rest.indexOf(".");
  const id = rest.slice(0, dot);
  const secret = rest.slice(dot + 1);
  if (dot < 0 || !TOKEN_ID_PATTERN.test(id) || !SECRET_PATTERN.test(secret)) {
    throw new Error("a token is <id>.<secret>: 6 lower-case letters or digits, a dot, then 16 to 64 more");
  }
  return { id, secret, ...(caCertHash ? { caCertHash } : {}) };
}

/** What the server stores instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Compare a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `sha256:<hex>` of a certificate's SubjectPublicKeyInfo (kubeadm's CA pin). */
export function caCertHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return formatCaCertHash(createHash("sha256").update(spki).digest("hex"));
}

export const formatCaCertHash = (hex: string): string => `sha256:${hex}`;

/** The 64 hex digits of `sha256:<hex>` (or of bare hex); throws when it is neither. */
export function parseCaCertHash(text: string): string {
  const hex = text.trim().replace(/^sha256:/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`"${text}" is not a CA hash: expected sha256:<64 hex digits>`);
  return hex;
}
