// Fixtures for the pods tests: pods, and the containers Docker would show for them, labelled by
// the real translation (so their spec hashes match). Not used outside tests.
import type { Container, Pod, PodPhase, PodSpec } from "@skiff/api/core";
import type { ContainerInfo, ContainerRunState } from "../runtime/runtime.js";
import type { ImageRecord } from "./backoff.js";
import { containerConfig, infraConfig } from "./translate.js";

export const NODE = "n1";
export const INFRA_IMAGE = "skiff/pause:test";
export const T0 = Date.parse("2025-01-01T00:00:00Z");
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
export const iso = (seconds: number): string => at(seconds).toISOString();

export function makePod(
  name: string,
  spec: Partial<Omit<PodSpec, "containers">> & { containers?: Partial<Container>[] } = {},
  meta: { uid?: string; phase?: PodPhase; deleting?: boolean } = {},
): Pod {
  const containers = (spec.containers ?? [{}]).map((c, i) => ({
    name: i === 0 ? "app" : `app${i}`,
    image: "busybox:1.36",
    imagePullPolicy: "IfNotPresent" as const,
    ...c,
  }));
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: meta.uid ?? `uid-${name}` },
    spec: { restartPolicy: "Always", terminationGracePeriodSeconds: 30, ...spec, containers },
  };
  if (meta.phase) pod.status = { phase: meta.phase };
  if (meta.deleting) pod.metadata.deletionTimestamp = iso(0);
  return pod;
}

export interface InfoOptions {
  id?: string;
  attempt?: number;
  state?: ContainerRunState;
  exitCode?: number;
  oomKilled?: boolean;
  error?: string;
  /** Seconds after T0. */
  started?: number;
  finished?: number;
  created?: number;
  ip?: string;
}

function info(config: { name: string; image: string; labels: Record<string, string> }, o: InfoOptions): ContainerInfo {
  const c: ContainerInfo = {
    id: o.id ?? config.name,
    name: config.name,
    image: config.image,
    labels: config.labels,
    state: o.state ?? "running",
    createdAt: iso(o.created ?? 0),
  };
  if (c.state !== "created" || o.started !== undefined) c.startedAt = iso(o.started ?? 0);
  if (o.finished !== undefined) c.finishedAt = iso(o.finished);
  if (o.exitCode !== undefined) c.exitCode = o.exitCode;
  if (o.oomKilled) c.oomKilled = true;
  if (o.error) c.error = o.error;
  if (o.ip) c.ipAddress = o.ip;
  return c;
}

export function infraInfo(pod: Pod, o: InfoOptions = {}): ContainerInfo {
  const config = infraConfig(pod, NODE, INFRA_IMAGE, { attempt: o.attempt ?? 0 });
  return info(config, { id: `infra-${pod.metadata.name}-${o.attempt ?? 0}`, ip: "10.0.0.2", ...o });
}

export function appInfo(
  pod: Pod,
  o: InfoOptions & { container?: string; infraId?: string; step?: number; spec?: Partial<Container> } = {},
): ContainerInfo {
  const name = o.container ?? "app";
  const spec = { ...pod.spec.containers.find((c) => c.name === name), ...o.spec } as Container;
  const infraId = o.infraId ?? `infra-${pod.metadata.name}-0`;
  const config = containerConfig(pod, spec, NODE, infraId, o.attempt ?? 0, { backoffStep: o.step ?? o.attempt ?? 0 });
  return info(config, { id: `${pod.metadata.name}-${name}-${o.attempt ?? 0}`, ...o });
}

export function images(present: string[], extra: Record<string, Partial<ImageRecord>> = {}): Map<string, ImageRecord> {
  const m = new Map<string, ImageRecord>(present.map((i) => [i, { present: true, failures: 0 }]));
  for (const [image, r] of Object.entries(extra)) m.set(image, { present: false, failures: 0, ...r });
  return m;
}
