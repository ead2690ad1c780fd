// CustomResourceDefinition (apiextensions.k8s.io/v1), with Kubernetes' rules: the name is
// `<plural>.<group>`, the group has a dot, exactly one storage version, every served version has
// a structural schema (../custom/structural.ts), printer columns and scale paths are JSONPaths.
import { z } from "zod";
import { relaxedPath } from "../jsonpath/evaluate.js";
import { checkDns1123Label, checkDns1123Subdomain } from "../names.js";
import { structuralIssues } from "../custom/structural.js";
import { celRuleIssues } from "../custom/cel-rules.js";
import { bool, int, issue, isRecord, kobject, named, str } from "./fields.js";
import { objectMeta } from "./meta.js";
import { status } from "./pod.js";

type Ctx = z.core.$RefinementCtx;

const lowerLabel = () => named((s) => (s !== s.toLowerCase() ? "must be lower-case" : checkDns1123Label(s)));
const kindName = () => named((s) => (/^[A-Z][A-Za-z0-9]*$/.test(s) ? undefined : "must be a CamelCase name starting with an upper-case letter (e.g. Website)"));

const names = kobject("CustomResourceDefinitionNames", {
  plural: lowerLabel(),
  singular: lowerLabel().optional(),
  kind: kindName(),
  listKind: kindName().optional(),
  shortNames: z.array(lowerLabel()).optional(),
  categories: z.array(lowerLabel()).optional(),
});

function checkJsonPath(v: unknown, ctx: Ctx, path: (string | number)[]): void {
  if (typeof v !== "string") return;
  if (!v.startsWith(".")) return issue(ctx, path, `must be a simple JSON path starting with ".", got ${JSON.stringify(v)}`);
  try {
    relaxedPath(v);
  } catch (err) {
    issue(ctx, path, (err as Error).message);
  }
}

const column = kobject(
  "CustomResourceColumnDefinition",
  {
    name: str(),
    type: z.enum(["integer", "number", "string", "boolean", "date"]),
    jsonPath: str(),
    format: str().optional(),
    description: str().optional(),
    priority: int(0).optional(),
  },
  (c, ctx) => checkJsonPath(c.jsonPath, ctx, ["jsonPath"]),
);

const scale = kobject(
  "CustomResourceSubresourceScale",
  { specReplicasPath: str(), statusReplicasPath: str(), labelSelectorPath: str().optional() },
  (s, ctx) => {
    if (typeof s.specReplicasPath === "string" && !s.specReplicasPath.startsWith(".spec.")) issue(ctx, ["specReplicasPath"], "should be a json path under .spec");
    if (typeof s.statusReplicasPath === "string" && !s.statusReplicasPath.startsWith(".status.")) issue(ctx, ["statusReplicasPath"], "should be a json path under .status");
  },
);

const version = kobject(
  "CustomResourceDefinitionVersion",
  {
    name: lowerLabel(),
    served: bool(),
    storage: bool(),
    deprecated: bool().optional(),
    deprecationWarning: str().optional(),
    // Free-form: its own rules are the structural ones, checked below with their paths.
    schema: kobject("CustomResourceValidation", { openAPIV3Schema: z.record(z.string(), z.unknown()) }),
    subresources: kobject("CustomResourceSubresources", { status: z.record(z.string(), z.never()).optional(), scale: scale.optional() }).optional(),
    additionalPrinterColumns: z.array(column).optional(),
  },
  (v, ctx) => {
    const schema = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (schema === undefined) return;
    for (const i of [...structuralIssues(schema, []), ...celRuleIssues(schema, [])]) ctx.addIssue({ code: "custom", path: ["schema", "openAPIV3Schema", ...pathSegments(i.path)], message: i.message });
  },
);

/** A formatted path back into segments, so zod prefixes it with where the schema is. */
function pathSegments(path: string): (string | number)[] {
  if (path === "") return [];
  return path.split(/\.|(?=\[)/).map((s) => (s.startsWith("[") ? (s.startsWith('["') ? (JSON.parse(s.slice(1, -1)) as string) : Number(s.slice(1, -1))) : s));
}

const spec = kobject(
  "CustomResourceDefinitionSpec",
  {
    group: named((s) => (s.includes(".") ? checkDns1123Subdomain(s) : 'should be a domain with at least one dot (e.g. "example.com")')),
    names,
    scope: z.enum(["Namespaced", "Cluster"]),
    versions: z.array(version),
    conversion: kobject("CustomResourceConversion", { strategy: z.literal("None", { error: () => 'must be "None": skiff has no conversion webhooks' }) }).optional(),
    preserveUnknownFields: z.literal(false, { error: () => "must be false (apiextensions.k8s.io/v1 prunes unknown fields)" }).optional(),
  },
  (s, ctx) => {
    if (!Array.isArray(s.versions)) return;
    if (s.versions.length === 0) issue(ctx, ["versions"], "must have exactly one version marked as storage version");
    const storage = s.versions.filter((v) => isRecord(v) && v.storage === true).length;
    if (s.versions.length > 0 && storage !== 1) issue(ctx, ["versions"], `must have exactly one version marked as storage version, found ${storage}`);
    const seen = new Set<unknown>();
    s.versions.forEach((v, i) => {
      if (!isRecord(v)) return;
      if (seen.has(v.name)) issue(ctx, ["versions", i, "name"], "must be unique");
      seen.add(v.name);
      if (v.storage === true && v.served === false) issue(ctx, ["versions", i, "served"], "the storage version must be served");
    });
  },
);

export const customResourceDefinition = kobject(
  "CustomResourceDefinition",
  {
    apiVersion: z.unknown(),
    kind: z.unknown(),
    metadata: objectMeta("CustomResourceDefinition", "subdomain", false),
    spec,
    status: status(),
  },
  (crd, ctx) => {
    const s = isRecord(crd.spec) ? crd.spec : {};
    const n = isRecord(s.names) ? s.names : {};
    const name = isRecord(crd.metadata) ? crd.metadata.name : undefined;
    if (typeof n.plural === "string" && typeof s.group === "string" && typeof name === "string" && name !== `${n.plural}.${s.group}`) {
      issue(ctx, ["metadata", "name"], `must be spec.names.plural+"."+spec.group ("${n.plural}.${s.group}")`);
    }
  },
);
