// The cluster key: the one secret an operator gives every server of a cluster on etcd
// (`--encryption-key-file`), as k3s shares its server token. It never goes into etcd; it seals
// what must stay secret there (the Secret keyring, the CA's key, the admin token), so a reader of
// etcd (a backup, an etcd operator, a snapshot left on a disk) learns nothing it could use.
//
// Sealed values are AES-256-GCM, `skiff:sealed:v1:<base64 of iv | ciphertext | tag>`, with the
// value's name as associated data: a sealed CA key copied over the keyring's name does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { SkiffError } from "@skiff/api";
import { writeSecretFile } from "../security/ca.js";

export const CLUSTER_KEY_FILE = "cluster.key";
const SEALED_PREFIX = "skiff:sealed:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Shorter than this, a key file is more likely a mistake (an empty or truncated copy) than a key. */
const MIN_KEY_CHARS = 16;

/** The cluster key (or its file) is missing, too short, or not the one the cluster was made with. */
export class ClusterKeyError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}

/** 32 bytes for AES-256 from the file's text (trimmed), whatever its form: HKDF-SHA256. */
export function deriveClusterKey(text: string, where: string): Buffer {
  const material = text.trim();
  if (material.length < MIN_KEY_CHARS) {
    throw new ClusterKeyError(`the cluster key in ${where} is too short (${material.length} characters; at least ${MIN_KEY_CHARS}): make one with 'head -c 32 /dev/urandom | base64'`);
  }
  return Buffer.from(hkdfSync("sha256", material, "skiff cluster state", "skiff:sealed:v1", 32));
}

/** The key file's text, or undefined when there is no such file. */
export async function readClusterKeyFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ClusterKeyError(`cannot read the cluster key file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** A new key file (0600): 32 random bytes in base64. Returns its text. */
export async function makeClusterKeyFile(path: string): Promise<string> {
  const text = `${randomBytes(32).toString("base64")}\n`;
  await writeSecretFile(path, text);
  return text;
}

export function sealValue(key: Buffer, name: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(name));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}

/** The plaintext of a sealed value; a ClusterKeyError when `key` is not the key it was sealed with. */
export function openValue(key: Buffer, name: string, sealed: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new ClusterKeyError(`the cluster's ${name} in etcd is not sealed (${sealed.slice(0, 16)}…): it was not written by skiff`);
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch (err) {
    throw new ClusterKeyError(`the cluster key does not open the cluster's ${name} in etcd: this server was given another cluster's key (--encryption-key-file)`, { cause: err });
  }
}
