// Which CRDs' names are accepted (Kubernetes' NamesAccepted condition): a kind, plural, singular
// or short name already taken by a built-in kind or by an older CRD is refused. skiff keys objects
// by kind alone (`/<kind>/<namespace>/<name>`), so unlike Kubernetes a kind may not be defined
// twice even in two groups. Pure: the server's CRD controller writes these as conditions.
import type { KindInfo } from "../kinds.js";
import type { CustomResourceDefinition } from "../types/apiextensions.js";

export interface NamesVerdict {
  accepted: boolean;
  /** Why not, in the words of the condition's message. */
  message?: string;
}

function namesOf(crd: CustomResourceDefinition): string[] {
  const n = crd.spec?.names;
  if (!n) return [];
  return [n.kind.toLowerCase(), n.plural, n.singular ?? n.kind.toLowerCase(), ...(n.shortNames ?? [])];
}

/** A verdict per CRD name; the oldest CRD (then the first by name) keeps a contested name. */
export function acceptNames(crds: readonly CustomResourceDefinition[], builtIn: readonly KindInfo[]): Map<string, NamesVerdict> {
  const taken = new Map<string, string>();
  for (const k of builtIn) for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) taken.set(n, `the built-in kind ${k.kind}`);
  const ordered = [...crds].sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || a.metadata.name.localeCompare(b.metadata.name));
  const out = new Map<string, NamesVerdict>();
  for (const crd of ordered) {
    const clash = namesOf(crd).map((n) => [n, taken.get(n)] as const).find(([, owner]) => owner !== undefined);
    if (clash) {
      out.set(crd.metadata.name, { accepted: false, message: `"${clash[0]}" is already in use by ${clash[1]}` });
      continue;
    }
    for (const n of namesOf(crd)) taken.set(n, `the CustomResourceDefinition ${crd.metadata.name}`);
    out.set(crd.metadata.name, { accepted: true });
  }
  return out;
}
