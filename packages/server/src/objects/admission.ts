// Pod Security admission, the Kubernetes Pod Security Standards' "baseline" level: a pod (or the
// pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or CronJob) may not reach out of its sandbox into
// the node. Refused, with every reason in Kubernetes' words:
//
//   host namespaces           spec.hostNetwork, hostPID, hostIPC
//   privileged                a container's securityContext.privileged
//   non-default capabilities  securityContext.capabilities.add beyond baseline's list
//   hostPath volumes          any hostPath not under a prefix the server allows (--allow-host-path)
//
// Host ports are allowed: skiff publishes pod ports on the node's address on purpose (its
// NodePort-like feature), so baseline's "no hostPort" rule would refuse skiff's own manifests.
//
// It reads the object as the user sent it, not as validation left it: skiff does not implement
// securityContext or the host namespaces, so validation drops them with a warning, and a
// manifest asking for them must still be refused rather than quietly run unprivileged.
// Validation runs first, so the parts skiff does implement have their checked shape here;
// the dropped parts may be anything, and only an explicit `true` (or a listed capability) counts.
// `level: "privileged"` (skiff server --pod-security=privileged) turns every check off.
import { posix } from "node:path";
import { SkiffError, kindInfo } from "@skiff/api";

export type PodSecurityLevel = "baseline" | "privileged";

export interface PodSecurityPolicy {
  level: PodSecurityLevel;
  /** Absolute paths under which hostPath volumes are allowed at the baseline level. */
  allowedHostPaths: string[];
}

export const DEFAULT_POD_SECURITY: PodSecurityPolicy = { level: "baseline", allowedHostPaths: [] };

/** The capabilities a baseline container may add (Kubernetes' list). */
export const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

const TEMPLATED = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

/** Refused by Pod Security admission (Kubernetes' 403 Forbidden): nothing was stored. */
export class PodSecurityError extends SkiffError {
  readonly code = "PERMISSION_DENIED";
  constructor(
    message: string,
    readonly violations: string[],
  ) {
    super(message);
  }
}

/** Throw a PodSecurityError if `raw` (a Pod or a workload) asks for more than `policy` allows. */
export function admit(raw: unknown, policy: PodSecurityPolicy): void {
  const violations = podSecurityViolations(raw, policy);
  if (violations.length === 0) return;
  const object = record(raw);
  const kind = typeof object.kind === "string" ? object.kind : "";
  const plural = kindInfo(kind)?.plural ?? kind.toLowerCase();
  const name = typeof record(object.metadata).name === "string" ? (record(object.metadata).name as string) : "";
  throw new PodSecurityError(
    `${plural} ${JSON.stringify(name)} is forbidden: violates PodSecurity "baseline:latest": ${violations.join(", ")}`,
    violations,
  );
}

/** Each broken rule in Kubernetes' words, e.g. `hostPath volumes (volume "data")`; none when allowed. */
export function podSecurityViolations(raw: unknown, policy: PodSecurityPolicy): string[] {
  if (policy.level === "privileged") return [];
  const spec = podSpecOf(raw);
  if (!spec) return [];
  const out: string[] = [];
  const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"].filter((k) => spec[k] === true);
  if (hostNamespaces.length) out.push(`host namespaces (${hostNamespaces.map((k) => `${k}=true`).join(", ")})`);

  const containers = ["containers", "initContainers", "ephemeralContainers"].flatMap((k) => list(spec[k]).map(record));
  const privileged = containers.filter((c) => record(c.securityContext).privileged === true);
  if (privileged.length) out.push(`privileged (${names("container", privileged)} must not set securityContext.privileged=true)`);

  const adding = containers.filter((c) => added(c).some((cap) => !BASELINE_CAPABILITIES.has(cap)));
  if (adding.length) {
    const caps = [...new Set(adding.flatMap(added).filter((cap) => !BASELINE_CAPABILITIES.has(cap)))].sort();
    out.push(`non-default capabilities (${names("container", adding)} must not include ${caps.map(q).join(", ")} in securityContext.capabilities.add)`);
  }

  const hostPaths = list(spec.volumes)
    .map(record)
    .filter((v) => v.hostPath !== undefined && !hostPathAllowed(record(v.hostPath).path, policy.allowedHostPaths));
  if (hostPaths.length) out.push(`hostPath volumes (${names("volume", hostPaths)})`);
  return out;
}

/** `path` is one of the allowed prefixes or under one (after resolving `..`). */
export function hostPathAllowed(path: unknown, allowed: readonly string[]): boolean {
  if (typeof path !== "string" || !path.startsWith("/")) return false;
  const resolved = posix.normalize(path);
  return allowed.some((prefix) => {
    const p = posix.normalize(prefix).replace(/\/+$/, "");
    return p === "" || resolved === p || resolved.startsWith(`${p}/`);
  });
}

function podSpecOf(raw: unknown): Record<string, unknown> | undefined {
  const object = record(raw);
  if (object.kind === "Pod") return record(object.spec);
  if (typeof object.kind === "string" && TEMPLATED.has(object.kind)) return record(record(record(object.spec).template).spec);
  if (object.kind === "CronJob") return record(record(record(record(record(object.spec).jobTemplate).spec).template).spec);
  return undefined;
}

function added(container: Record<string, unknown>): string[] {
  return list(record(record(container.securityContext).capabilities).add).filter((c): c is string => typeof c === "string");
}

/** `container "a"` or `containers "a", "b"`, as Kubernetes lists them. */
function names(what: string, items: Record<string, unknown>[]): string {
  const quoted = items.map((item, i) => q(typeof item.name === "string" ? item.name : `#${i}`));
  return `${what}${quoted.length > 1 ? "s" : ""} ${quoted.join(", ")}`;
}

const q = (s: string) => JSON.stringify(s);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
