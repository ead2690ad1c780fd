// The custom kinds the API serves now: one entry per CustomResourceDefinition whose names are
// accepted, each with its schema compiled once. Built-in kinds stay in ../kinds.ts and are looked
// up first, so a built-in path never reaches here. The server fills this from its CRD informer,
// the CLI from a list of CRDs when a name is not a built-in one (setCustomResources).
import { isDeepStrictEqual } from "node:util";
import type { FieldIssue } from "../errors.js";
import type { KindInfo } from "../kinds.js";
import type { CustomResourceColumn, CustomResourceDefinition, CustomResourceScale, JSONSchemaProps } from "../types/apiextensions.js";
import { acceptNames } from "./names.js";
import { compileSchema, type BodyValidator } from "./schema-validator.js";
import { compileTransitionRules, type TransitionValidator } from "./cel-rules.js";

export interface CustomVersion {
  name: string;
  schema: JSONSchemaProps;
  validate: BodyValidator;
  /** The transition rules (x-kubernetes-validations naming oldSelf), for updates; none when there are none. */
  validateUpdate?: TransitionValidator;
  /** Its schema is the storage version's: an object sent in it is stored as the storage version. */
  convertible: boolean;
}

export interface CustomKind extends KindInfo {
  group: string;
  /** The storage version's name (`apiVersion` is `group/version`). */
  version: string;
  crdName: string;
  categories: string[];
  /** Served versions by name. */
  versions: Map<string, CustomVersion>;
  /** The status subresource: the main resource's writes ignore status, and status writes the rest. */
  statusSubresource: boolean;
  scale?: CustomResourceScale;
  columns: CustomResourceColumn[];
  /** Its CRD is being deleted: its objects are going, and no new one may be created. */
  terminating: boolean;
}

let kinds = new Map<string, CustomKind>();
let byName = new Map<string, CustomKind>();
let revision = 0;
const listeners = new Set<() => void>();
// Compiled kinds by CRD name, reused while the CRD's spec is unchanged.
let compiled = new Map<string, { spec: unknown; kind: CustomKind }>();

function build(crd: CustomResourceDefinition): CustomKind | undefined {
  const spec = crd.spec;
  const storage = spec?.versions.find((v) => v.storage);
  const storageSchema = storage?.schema?.openAPIV3Schema;
  if (!spec || !storage || !storageSchema) return undefined;
  const versions = new Map<string, CustomVersion>();
  for (const v of spec.versions) {
    const schema = v.schema?.openAPIV3Schema;
    if (!v.served || !schema) continue;
    const validateUpdate = compileTransitionRules(schema);
    versions.set(v.name, { name: v.name, schema, validate: compileSchema(schema), ...(validateUpdate ? { validateUpdate } : {}), convertible: isDeepStrictEqual(schema, storageSchema) });
  }
  const n = spec.names;
  return {
    kind: n.kind,
    apiVersion: `${spec.group}/${storage.name}`,
    plural: n.plural,
    singular: n.singular || n.kind.toLowerCase(),
    shortNames: n.shortNames ?? [],
    namespaced: spec.scope === "Namespaced",
    group: spec.group,
    version: storage.name,
    crdName: crd.metadata.name,
    categories: n.categories ?? [],
    versions,
    statusSubresource: storage.subresources?.status !== undefined,
    ...(storage.subresources?.scale ? { scale: storage.subresources.scale } : {}),
    columns: storage.additionalPrinterColumns ?? [],
    terminating: false,
  };
}

/** Replace the custom kinds by those of `crds` (every CRD there is, whatever its status). */
export function setCustomResources(crds: readonly CustomResourceDefinition[], builtIn: readonly KindInfo[]): void {
  const verdicts = acceptNames(crds, builtIn);
  const next = new Map<string, CustomKind>();
  const nextCompiled = new Map<string, { spec: unknown; kind: CustomKind }>();
  for (const crd of crds) {
    if (!verdicts.get(crd.metadata.name)?.accepted) continue;
    const before = compiled.get(crd.metadata.name);
    const built = before && isDeepStrictEqual(before.spec, crd.spec) ? before.kind : build(crd);
    if (!built) continue;
    const terminating = crd.metadata.deletionTimestamp !== undefined;
    const kind = built.terminating === terminating ? built : { ...built, terminating };
    next.set(kind.kind, kind);
    nextCompiled.set(crd.metadata.name, { spec: crd.spec, kind });
  }
  kinds = next;
  compiled = nextCompiled;
  byName = new Map();
  for (const k of next.values()) for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) byName.set(n, k);
  revision++;
  for (const listener of listeners) listener();
}

/** Call `listener` after every change of the custom kinds; returns what stops it. */
export function onCustomKindsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The custom kind of this exact `kind`, or undefined. */
export function customKind(kind: string): CustomKind | undefined {
  return kinds.get(kind);
}

/** The custom kind a user's word (`websites`, `ws`, `Website`) names, or undefined. */
export function lookupCustomKind(word: string): CustomKind | undefined {
  return byName.get(word);
}

export function customKinds(): CustomKind[] {
  return [...kinds.values()];
}

/** Bumped on every change: lets a cache built from the custom kinds know it is stale. */
export function customKindsRevision(): number {
  return revision;
}

/**
 * An update of a custom object against the stored one: the issues of its CRD's transition rules
 * (x-kubernetes-validations naming oldSelf); none for a built-in kind or a CRD without such rules.
 */
export function transitionRuleIssues(object: { kind: string; apiVersion: string }, oldObject: unknown): FieldIssue[] {
  const kind = customKind(object.kind);
  const version = kind?.versions.get(kind.version);
  return version?.validateUpdate ? version.validateUpdate(object, oldObject) : [];
}
