// Links to objects: every name on a page leads to its object.
import type { ComponentChildren } from "preact";

export const objectHref = (kind: string, namespace: string | undefined, name: string) =>
  kind === "Pod" ? `#/pod/${namespace}/${name}` : kind === "Deployment" ? `#/deployment/${namespace}/${name}` : `#/object/${kind}/${namespace ?? ""}/${name}`;

export function ObjectLink(p: { kind: string; namespace?: string | undefined; name: string; children?: ComponentChildren }) {
  return <a href={objectHref(p.kind, p.namespace, p.name)}>{p.children ?? p.name}</a>;
}

export function Forbidden({ kind }: { kind: string }) {
  return <p class="note">You may not watch {kind} objects (RBAC): ask for a role that grants list and watch.</p>;
}
