// The objects `create deployment|cronjob|configmap|secret`, `run` and `expose` make, as kubectl's
// generators make them. Pure: the commands read files and the live object, these build.
import type { ApiObject, ConfigMap, Container, CronJob, Deployment, LabelSelector, Pod, Secret, Service } from "@skiff/api";
import { UserError } from "./errors.js";

/** kubectl names a container after its image: `nginx` for `docker.io/library/nginx:1.27`. */
export function containerNameFor(image: string): string {
  const last = image.split("/").pop() ?? image;
  const name = (last.split("@")[0] ?? "").split(":")[0] ?? "";
  return name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "") || "container";
}

/** `-- CMD ARGS`: the container's command (kubectl's create deployment/cronjob/job). */
const withCommand = (c: Container, command: readonly string[]): Container => (command.length ? { ...c, command: [...command] } : c);

export function deploymentFrom(name: string, namespace: string, o: { images: string[]; replicas: number; port?: number; command: string[] }): Deployment {
  if (!o.images.length) throw new UserError("required flag(s) \"image\" not set");
  if (o.command.length && o.images.length > 1) throw new UserError("cannot specify multiple --image options and command");
  const labels = { app: name };
  const containers = o.images.map((image) =>
    withCommand({ name: containerNameFor(image), image, ...(o.port !== undefined ? { ports: [{ containerPort: o.port }] } : {}) }, o.command),
  );
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: { replicas: o.replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  } as Deployment;
}

export function cronJobFrom(name: string, namespace: string, o: { image: string; schedule: string; restart: string; command: string[] }): CronJob {
  if (!o.image) throw new UserError("required flag(s) \"image\" not set");
  if (!o.schedule) throw new UserError("required flag(s) \"schedule\" not set");
  if (o.restart !== "OnFailure" && o.restart !== "Never") throw new UserError(`invalid restart policy: ${o.restart}`);
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace },
    spec: {
      schedule: o.schedule,
      jobTemplate: {
        metadata: { name },
        spec: { template: { spec: { containers: [withCommand({ name, image: o.image }, o.command)], restartPolicy: o.restart } } },
      },
    },
  } as CronJob;
}

/** One key of a ConfigMap or Secret and where it came from, for the duplicate-key message. */
export interface DataEntry {
  key: string;
  value: Buffer;
}

/** `KEY=VALUE` of --from-literal. */
export function parseLiteral(literal: string): DataEntry {
  const eq = literal.indexOf("=");
  if (eq <= 0) throw new UserError(`invalid literal source ${literal}, expected key=value`);
  return { key: literal.slice(0, eq), value: Buffer.from(literal.slice(eq + 1)) };
}

/** `[KEY=]PATH` of --from-file: the key (the file's name by default) and the path. */
export function parseFileSource(source: string): { key?: string; path: string } {
  const eq = source.indexOf("=");
  if (eq < 0) return { path: source };
  if (eq === 0 || eq === source.length - 1) throw new UserError(`key names or file paths cannot be empty: ${source}`);
  return { key: source.slice(0, eq), path: source.slice(eq + 1) };
}

const KEY = /^[-._a-zA-Z0-9]+$/;

function collect(entries: readonly DataEntry[], what: string): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const { key, value } of entries) {
    if (!KEY.test(key)) throw new UserError(`"${key}" is not a valid key name for a ${what}: a valid key must consist of alphanumeric characters, '-', '_' or '.'`);
    if (data.has(key)) throw new UserError(`cannot add key "${key}", another key by that name already exists in ${what === "ConfigMap" ? "Data" : "data"} for ${what}`);
    data.set(key, value);
  }
  return data;
}

/** Text that is UTF-8 goes in `data`, anything else in `binaryData`, as kubectl does. */
export function configMapFrom(name: string, namespace: string, entries: readonly DataEntry[]): ConfigMap {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const [key, value] of collect(entries, "ConfigMap")) {
    const text = value.toString("utf8");
    if (Buffer.from(text, "utf8").equals(value)) data[key] = text;
    else binaryData[key] = value.toString("base64");
  }
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace },
    ...(Object.keys(data).length ? { data } : {}),
    ...(Object.keys(binaryData).length ? { binaryData } : {}),
  } as ConfigMap;
}

export function secretFrom(name: string, namespace: string, entries: readonly DataEntry[], type?: string): Secret {
  const data = Object.fromEntries([...collect(entries, "Secret")].map(([k, v]) => [k, v.toString("base64")]));
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, ...(type ? { type } : {}), data };
}

const RESTARTS = ["Always", "OnFailure", "Never"];

/** `skiff run`: one pod, labelled run=NAME; words after `--` are its args (its command with --command). */
export function podFrom(
  name: string,
  namespace: string,
  o: { image: string; port?: number; labels?: string; env: string[]; restart: string; command: boolean; args: string[] },
): Pod {
  if (!o.image) throw new UserError("required flag(s) \"image\" not set");
  if (!RESTARTS.includes(o.restart)) throw new UserError(`invalid restart policy: ${o.restart}`);
  const labels = o.labels ? parsePairs(o.labels.split(","), "label") : { run: name };
  const env = Object.entries(parsePairs(o.env, "env")).map(([n, value]) => ({ name: n, value }));
  const container: Container = {
    name,
    image: o.image,
    ...(o.args.length ? (o.command ? { command: [...o.args] } : { args: [...o.args] }) : {}),
    ...(env.length ? { env } : {}),
    ...(o.port !== undefined ? { ports: [{ containerPort: o.port }] } : {}),
  };
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [container], restartPolicy: o.restart } } as Pod;
}

function parsePairs(words: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new UserError(`invalid ${what}: ${w}, expected KEY=VALUE`);
    out[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return out;
}

/**
 * `skiff expose KIND/NAME`: a Service selecting the object's pods (a workload's matchLabels, a
 * pod's labels, another Service's selector), on --port or else the first container port.
 */
export function serviceFor(
  obj: ApiObject,
  o: { name?: string; port?: number; targetPort?: string; protocol: string; type?: string; selector?: string },
): Service {
  const selector = o.selector ? parsePairs(o.selector.split(","), "selector") : selectorToExpose(obj);
  const port = o.port ?? firstContainerPort(obj);
  if (port === undefined) throw new UserError(`couldn't find port via --port flag or introspection`);
  const targetPort = o.targetPort === undefined ? undefined : /^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: o.name ?? obj.metadata.name, namespace: obj.metadata.namespace, ...(obj.metadata.labels ? { labels: { ...obj.metadata.labels } } : {}) },
    spec: {
      selector,
      ports: [{ port, protocol: o.protocol, ...(targetPort !== undefined ? { targetPort } : {}) }],
      ...(o.type ? { type: o.type } : {}),
    },
  } as Service;
}

function selectorToExpose(obj: ApiObject): Record<string, string> {
  const kind = obj.kind;
  if (kind === "Pod") {
    const labels = obj.metadata.labels ?? {};
    if (!Object.keys(labels).length) throw new UserError(`the pod has no labels and cannot be exposed`);
    return { ...labels };
  }
  const spec = (obj as ApiObject<{ selector?: LabelSelector | Record<string, string> }>).spec ?? {};
  if (kind === "Service") return { ...((spec.selector ?? {}) as Record<string, string>) };
  const sel = spec.selector as LabelSelector | undefined;
  if (!sel) throw new UserError(`cannot expose a ${kind}`);
  // A Service selects by equality only, as kubectl says.
  if (sel.matchExpressions?.length) throw new UserError(`couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
  return { ...(sel.matchLabels ?? {}) };
}

function firstContainerPort(obj: ApiObject): number | undefined {
  const spec = (obj as ApiObject<{ containers?: Container[]; template?: { spec?: { containers?: Container[] } }; ports?: { port: number }[] }>).spec;
  if (obj.kind === "Service") return spec?.ports?.[0]?.port;
  const containers = spec?.containers ?? spec?.template?.spec?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? [])[0]?.containerPort;
}
