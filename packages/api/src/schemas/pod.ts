// PodSpec (containers, volumes, placement), the pod template, and the Pod kind.
import { z } from "zod";
import { checkConfigKey, checkDns1123Label, checkDns1123Subdomain, checkQualifiedName } from "../names.js";
import { quote } from "../issues.js";
import { container } from "./container.js";
import { bool, int, issue, isRecord, kobject, named, quantity, str, typeError } from "./fields.js";
import { labels, objectMeta, templateMeta } from "./meta.js";

type Ctx = z.core.$RefinementCtx;

const relativePath = () =>
  str().superRefine((p, ctx) => {
    if (p === "" || p.startsWith("/") || p.split("/").includes("..")) {
      issue(ctx, [], "must be a relative path without '..'");
    }
  });

const fileMode = () => int(0, 0o777);

const keyToPath = kobject("KeyToPath", { key: named(checkConfigKey), path: relativePath(), mode: fileMode().optional() });

const VOLUME_SOURCES = ["emptyDir", "hostPath", "configMap", "secret", "persistentVolumeClaim"];

const volume = kobject(
  "Volume",
  {
    name: named(checkDns1123Label),
    emptyDir: kobject("EmptyDirVolumeSource", {
      medium: z.enum(["", "Memory"]).optional(),
      sizeLimit: quantity().optional(),
    }).optional(),
    hostPath: kobject("HostPathVolumeSource", {
      path: str().superRefine((p, ctx) => {
        if (!p.startsWith("/")) issue(ctx, [], "must be an absolute path");
      }),
      type: z
        .enum(["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"])
        .optional(),
    }).optional(),
    configMap: kobject("ConfigMapVolumeSource", {
      name: str(),
      items: z.array(keyToPath).optional(),
      defaultMode: fileMode().optional(),
      optional: bool().optional(),
    }).optional(),
    secret: kobject("SecretVolumeSource", {
      secretName: str(),
      items: z.array(keyToPath).optional(),
      defaultMode: fileMode().optional(),
      optional: bool().optional(),
    }).optional(),
    persistentVolumeClaim: kobject("PersistentVolumeClaimVolumeSource", {
      claimName: str(),
      readOnly: bool().optional(),
    }).optional(),
  },
  (v, ctx) => {
    // None at all is fine: defaults make it an emptyDir, as Kubernetes does.
    const set = VOLUME_SOURCES.filter((k) => v[k] !== undefined);
    if (set.length > 1) issue(ctx, [], `may not specify more than one volume source (found ${set.join(" and ")})`);
  },
);

const toleration = kobject(
  "Toleration",
  {
    key: named(checkQualifiedName).optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: str().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: int().optional(),
  },
  (t, ctx) => {
    if (t.operator === "Exists" && typeof t.value === "string" && t.value !== "") {
      issue(ctx, ["value"], "must be empty when operator is Exists");
    }
    if ((t.key === undefined || t.key === "") && t.operator !== "Exists") {
      issue(ctx, ["operator"], "must be Exists when key is empty");
    }
  },
);

/** Flag repeated values of `field` among the items of `list` (container names, volume names…). */
export function unique(list: unknown, field: string, ctx: Ctx, path: (string | number)[], what: string): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<unknown>();
  list.forEach((item, i) => {
    const value = isRecord(item) ? item[field] : undefined;
    if (typeof value !== "string" || value === "") return;
    if (seen.has(value)) issue(ctx, [...path, i, field], `duplicate ${what} ${quote(value)}`);
    seen.add(value);
  });
}

export const podSpec = kobject(
  "PodSpec",
  {
    containers: z.array(container, { error: typeError("array") }),
    volumes: z.array(volume).optional(),
    restartPolicy: z.enum(["Always", "OnFailure", "Never"]).optional(),
    terminationGracePeriodSeconds: int(0).optional(),
    nodeName: named(checkDns1123Subdomain).optional(),
    nodeSelector: labels().optional(),
    tolerations: z.array(toleration).optional(),
    hostname: named(checkDns1123Label).optional(),
    subdomain: named(checkDns1123Label).optional(),
    serviceAccountName: named(checkDns1123Subdomain).optional(),
    automountServiceAccountToken: z.boolean().optional(),
  },
  (spec, ctx) => {
    if (Array.isArray(spec.containers) && spec.containers.length === 0) {
      issue(ctx, ["containers"], "must have at least one container");
    }
    unique(spec.containers, "name", ctx, ["containers"], "container name");
    unique(spec.volumes, "name", ctx, ["volumes"], "volume name");
    const portNames = new Set<string>();
    (Array.isArray(spec.containers) ? spec.containers : []).forEach((c, i) => {
      if (!isRecord(c) || !Array.isArray(c.ports)) return;
      c.ports.forEach((p, j) => {
        const name = isRecord(p) ? p.name : undefined;
        if (typeof name !== "string") return;
        if (portNames.has(name)) issue(ctx, ["containers", i, "ports", j, "name"], `duplicate port name ${quote(name)}`);
        portNames.add(name);
      });
    });
  },
);

/**
 * Every volumeMount names a volume of the pod (or, in a StatefulSet, a claim template).
 * Called by the kinds that hold a PodSpec, which know the extra names and where the spec sits.
 */
export function checkVolumeMounts(spec: unknown, extra: string[], ctx: Ctx, at: (string | number)[]): void {
  if (!isRecord(spec) || !Array.isArray(spec.containers)) return;
  const volumes = new Set(extra);
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) if (isRecord(v) && typeof v.name === "string") volumes.add(v.name);
  spec.containers.forEach((c, i) => {
    if (!isRecord(c) || !Array.isArray(c.volumeMounts)) return;
    c.volumeMounts.forEach((m, j) => {
      const name = isRecord(m) ? m.name : undefined;
      if (typeof name === "string" && !volumes.has(name)) {
        issue(ctx, [...at, "containers", i, "volumeMounts", j, "name"], `volume ${quote(name)} not found`);
      }
    });
  });
}

export const podTemplateSpec = kobject("PodTemplateSpec", { metadata: templateMeta.optional(), spec: podSpec });

/** Status is written by agents and controllers; from a user it is kept but not checked. */
export const status = () => z.record(z.string(), z.unknown(), { error: typeError("object") }).optional();

export const pod = kobject(
  "Pod",
  {
    apiVersion: z.unknown(),
    kind: z.unknown(),
    metadata: objectMeta("Pod", "subdomain", true),
    spec: podSpec,
    status: status(),
  },
  (p, ctx) => checkVolumeMounts(p.spec, [], ctx, ["spec"]),
);
