// Pause, resume, restart, undo and scale for a Deployment, as the logged-in user: drawn only when
// the server says (SelfSubjectAccessReview) that the user may patch the Deployment, and each
// click's refusal, if any, is shown as the API worded it.
import { useEffect, useState } from "preact/hooks";
import type { Deployment, ReplicaSet } from "@skiff/api";
import { canI, mergePatch } from "../api.js";
import { previousRevision } from "../model.js";

const POD_TEMPLATE_HASH = "pod-template-hash";

export function useCanPatch(namespace: string): boolean | undefined {
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    canI("patch", "apps", "deployments", namespace).then(setAllowed, () => setAllowed(false));
  }, [namespace]);
  return allowed;
}

export function RolloutButtons({ d, replicaSets }: { d: Deployment; replicaSets: ReplicaSet[] }) {
  const ns = d.metadata.namespace ?? "default";
  const allowed = useCanPatch(ns);
  const [error, setError] = useState("");
  const [replicas, setReplicas] = useState(String(d.spec.replicas ?? 1));
  if (!allowed) return null;
  const path = `/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`;
  const run = (patch: () => Promise<unknown>) => () => {
    setError("");
    patch().catch((err: Error) => setError(err.message));
  };
  const undo = () => {
    const previous = previousRevision(replicaSets);
    if (!previous) return Promise.reject(new Error("no earlier revision to go back to"));
    const template = structuredClone(previous.spec.template);
    delete template.metadata?.labels?.[POD_TEMPLATE_HASH];
    return mergePatch(path, { spec: { template } });
  };
  return (
    <div class="buttons" data-testid="rollout-buttons">
      {d.spec.paused ? <button onClick={run(() => mergePatch(path, { spec: { paused: null } }))}>resume</button> : <button onClick={run(() => mergePatch(path, { spec: { paused: true } }))}>pause</button>}
      <button onClick={run(() => mergePatch(path, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() } } } } }))}>restart</button>
      <button onClick={run(undo)}>undo</button>
      <input type="number" min="0" value={replicas} onInput={(e) => setReplicas((e.target as HTMLInputElement).value)} aria-label="replicas" />
      <button data-testid="scale" onClick={run(() => mergePatch(`${path}/scale`, { spec: { replicas: Number(replicas) } }))}>scale</button>
      {error && <span class="bad" data-testid="rollout-error">{error}</span>}
    </div>
  );
}
