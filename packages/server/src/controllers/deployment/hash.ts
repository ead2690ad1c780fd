// The pod-template hash that names a Deployment's ReplicaSets (Kubernetes' ComputeHash):
// FNV-32a over a canonical rendering of the template (plus the collision count, when a name was
// taken), printed as a short string of consonants and digits. Same template -> same hash, in
// every process and after every restart, so a template that comes back finds its old ReplicaSet.
import { isDeepStrictEqual } from "node:util";
import { canonicalJson, withoutTemplateHash as withoutHash, type PodTemplateSpec } from "@skiff/api";

/** The label is @skiff/api's (well-known/deployments.ts), with withoutTemplateHash, which removes it. */
export { POD_TEMPLATE_HASH_LABEL as POD_TEMPLATE_HASH } from "@skiff/api";

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export { canonicalJson } from "@skiff/api";

// Kubernetes' rand.SafeEncodeString alphabet: no vowels, so a hash never spells a word.
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Each decimal digit mapped into the alphabet, as Kubernetes renders the hash. */
function safeEncode(text: string): string {
  return [...text].map((c) => ALPHABET[c.charCodeAt(0) % ALPHABET.length] ?? "x").join("");
}

export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let text = canonicalJson(withoutHash(template));
  if (collisionCount) text += `#${collisionCount}`;
  return safeEncode(String(fnv32a(text)));
}

/** Same template, the hash label aside (Kubernetes' EqualIgnoreHash). */
export function equalIgnoringHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return isDeepStrictEqual(JSON.parse(canonicalJson(withoutHash(a))), JSON.parse(canonicalJson(withoutHash(b))));
}
