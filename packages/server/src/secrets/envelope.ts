// AES-256-GCM envelopes: `skiff:enc:aesgcm:v1:<key id>:<base64 of iv | ciphertext | tag>`, the
// shape of Kubernetes' `k8s:enc:aesgcm:v1:<key>:` prefix, so the key that can open it is named.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Key, Keyring } from "./keyring.js";

const PREFIX = "skiff:enc:aesgcm:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(plaintext: Buffer, key: Key): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.secret, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${PREFIX}${key.id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64")}`;
}

export function isSealed(text: unknown): text is string {
  return typeof text === "string" && text.startsWith(PREFIX);
}

/** The key id an envelope was sealed with. */
export function sealedWith(envelope: string): string {
  return envelope.slice(PREFIX.length).split(":")[0] ?? "";
}

export function open(envelope: string, keys: Keyring): Buffer {
  const id = sealedWith(envelope);
  const key = keys.all.get(id);
  if (!key) throw new Error(`cannot decrypt a Secret: its key "${id}" is not in the key file`);
  const raw = Buffer.from(envelope.slice(PREFIX.length + id.length + 1), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key.secret, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
}
