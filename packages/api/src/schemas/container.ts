// Container: image, ports, environment, resources, probes, volume mounts.
import { z } from "zod";
import { checkConfigKey, checkDns1123Label, checkEnvVarName, checkPortName, checkQualifiedName } from "../names.js";
import { parseQuantity } from "../quantity.js";
import { bool, int, issue, isRecord, kobject, named, port, portOrName, quantity, str, strList, typeError, whenObject } from "./fields.js";

/** Exactly one of `keys` is set on `v`, else an issue on the object itself. */
export function exactlyOne(v: Record<string, unknown>, keys: string[], ctx: z.core.$RefinementCtx, what: string): void {
  const set = keys.filter((k) => v[k] !== undefined);
  if (set.length !== 1) {
    const found = set.length === 0 ? "none" : set.join(" and ");
    issue(ctx, [], `must specify exactly one ${what}: ${keys.join(", ")} (found ${found})`);
  }
}

const containerPort = kobject("ContainerPort", {
  name: named(checkPortName).optional(),
  containerPort: port(),
  protocol: z.enum(["TCP", "UDP"]).optional(),
  hostPort: port().optional(),
  hostIP: str().optional(),
});

const keyRef = (typeName: string) =>
  kobject(typeName, { name: str(), key: named(checkConfigKey), optional: bool().optional() });

// The Downward API fields an agent can fill in, as Kubernetes allows them for env vars.
const FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "status.hostIP", "status.podIP"];
const LABEL_FIELD_PATH = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const RESOURCES = ["limits.cpu", "limits.memory", "requests.cpu", "requests.memory"] as const;

const envVarSource = kobject(
  "EnvVarSource",
  {
    configMapKeyRef: keyRef("ConfigMapKeySelector").optional(),
    secretKeyRef: keyRef("SecretKeySelector").optional(),
    fieldRef: kobject("ObjectFieldSelector", {
      apiVersion: str().optional(),
      fieldPath: str().superRefine((p, ctx) => {
        if (!FIELD_PATHS.includes(p) && !LABEL_FIELD_PATH.test(p)) {
          issue(ctx, [], `unsupported field path ${JSON.stringify(p)}: expected one of ${FIELD_PATHS.join(", ")}, metadata.labels['KEY'], metadata.annotations['KEY']`);
        }
      }),
    }).optional(),
    resourceFieldRef: kobject("ResourceFieldSelector", {
      containerName: str().optional(),
      resource: z.enum(RESOURCES),
      divisor: quantity().optional(),
    }).optional(),
  },
  (v, ctx) => exactlyOne(v, ["configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef"], ctx, "source"),
);

const envVar = kobject(
  "EnvVar",
  { name: named(checkEnvVarName), value: str().optional(), valueFrom: envVarSource.optional() },
  (v, ctx) => {
    if (typeof v.value === "string" && v.value !== "" && v.valueFrom !== undefined) {
      issue(ctx, ["valueFrom"], "may not be specified when `value` is not empty");
    }
  },
);

const envSource = (typeName: string) => kobject(typeName, { name: str(), optional: bool().optional() });

const envFromSource = kobject(
  "EnvFromSource",
  {
    prefix: str().optional(),
    configMapRef: envSource("ConfigMapEnvSource").optional(),
    secretRef: envSource("SecretEnvSource").optional(),
  },
  (v, ctx) => exactlyOne(v, ["configMapRef", "secretRef"], ctx, "source"),
);

/** Resource name (`cpu`, `memory`, `nvidia.com/gpu`) to a non-negative quantity. */
export const resourceList = () =>
  z.record(z.string(), quantity(), { error: typeError("object") }).superRefine((m, ctx) => {
    for (const k of Object.keys(m)) {
      const bad = checkQualifiedName(k);
      if (bad) issue(ctx, [k], `invalid resource name: ${bad}`);
    }
  }, whenObject);

function quantityOrNaN(q: unknown): number {
  try {
    return typeof q === "string" || typeof q === "number" ? parseQuantity(q) : NaN;
  } catch {
    return NaN;
  }
}

const resourceRequirements = kobject(
  "ResourceRequirements",
  { limits: resourceList().optional(), requests: resourceList().optional() },
  (v, ctx) => {
    if (!isRecord(v.limits) || !isRecord(v.requests)) return;
    for (const [name, request] of Object.entries(v.requests)) {
      const limit = v.limits[name];
      if (quantityOrNaN(request) > quantityOrNaN(limit)) {
        issue(ctx, ["requests", name], `must be less than or equal to the ${name} limit (${String(limit)})`);
      }
    }
  },
);

const execAction = kobject("ExecAction", { command: strList().optional() });
const httpGetAction = kobject("HTTPGetAction", {
  path: str().optional(),
  port: portOrName(checkPortName),
  host: str().optional(),
  scheme: z.enum(["HTTP", "HTTPS"]).optional(),
  httpHeaders: z.array(kobject("HTTPHeader", { name: str(), value: str() })).optional(),
});

const probe = kobject(
  "Probe",
  {
    exec: execAction.optional(),
    httpGet: httpGetAction.optional(),
    tcpSocket: kobject("TCPSocketAction", { port: portOrName(checkPortName), host: str().optional() }).optional(),
    initialDelaySeconds: int(0).optional(),
    timeoutSeconds: int(1).optional(),
    periodSeconds: int(1).optional(),
    successThreshold: int(1).optional(),
    failureThreshold: int(1).optional(),
  },
  (v, ctx) => exactlyOne(v, ["exec", "httpGet", "tcpSocket"], ctx, "handler"),
);

// A lifecycle hook: run by the agent, preStop before the container is sent SIGTERM.
const lifecycleHandler = kobject(
  "LifecycleHandler",
  { exec: execAction.optional(), httpGet: httpGetAction.optional() },
  (v, ctx) => exactlyOne(v, ["exec", "httpGet"], ctx, "handler"),
);

const lifecycle = kobject("Lifecycle", { preStop: lifecycleHandler.optional() });

const volumeMount = kobject("VolumeMount", {
  name: str(),
  mountPath: str().superRefine((p, ctx) => {
    if (p === "") issue(ctx, [], "required");
  }),
  subPath: str()
    .superRefine((p, ctx) => {
      if (p.startsWith("/") || p.split("/").includes("..")) issue(ctx, [], "must be a relative path without '..'");
    })
    .optional(),
  readOnly: bool().optional(),
});

const image = str().superRefine((s, ctx) => {
  if (s === "") issue(ctx, [], "required");
  else if (s.trim() !== s) issue(ctx, [], "must not have leading or trailing whitespace");
});

export const container = kobject(
  "Container",
  {
    name: named(checkDns1123Label),
    image,
    command: strList().optional(),
    args: strList().optional(),
    workingDir: str().optional(),
    ports: z.array(containerPort).optional(),
    env: z.array(envVar).optional(),
    envFrom: z.array(envFromSource).optional(),
    resources: resourceRequirements.optional(),
    volumeMounts: z.array(volumeMount).optional(),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
    startupProbe: probe.optional(),
    lifecycle: lifecycle.optional(),
    imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
  },
  (c, ctx) => {
    // As in Kubernetes: only readiness may need several successes in a row.
    for (const p of ["livenessProbe", "startupProbe"]) {
      const probe = c[p];
      if (isRecord(probe) && typeof probe.successThreshold === "number" && probe.successThreshold !== 1) {
        issue(ctx, [p, "successThreshold"], "must be 1");
      }
    }
  },
);
