// The rollout buttons of a workload, as the logged-in user, as `kubectl rollout` and `kubectl
// scale` allow for its kind: pause/resume only for a Deployment (StatefulSets and DaemonSets have
// no spec.paused), restart for all three, undo for all three (a Deployment's revisions are its
// ReplicaSets, a StatefulSet's and a DaemonSet's their ControllerRevisions, as `skiff rollout undo`
// reads them), scale for Deployments and StatefulSets.
// Drawn only when the server says (SelfSubjectAccessReview) that the user may patch the kind;
// each click's refusal, if any, is shown as the API worded it.
import { useEffect, useState } from "preact/hooks";
import type { ControllerRevision, ReplicaSet } from "@skiff/api";
import { revisionTemplate } from "@skiff/api/controller-revision";
import { canI, k8s, mergePatch, replaceTemplate } from "../api.js";
import { previousRevision, type Workload } from "../model.js";

const POD_TEMPLATE_HASH = "pod-template-hash";
const PLURAL = { Deployment: "deployments", StatefulSet: "statefulsets", DaemonSet: "daemonsets" } as const;

export function useCanPatch(namespace: string, plural: string): boolean | undefined {
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    canI("patch", "apps", plural, namespace).then(setAllowed, () => setAllowed(false));
  }, [namespace, plural]);
  return allowed;
}

/** The template a StatefulSet's or DaemonSet's `rollout undo` puts back: its revision before the newest. */
async function previousControllerRevision(path: string, ns: string, uid: string | undefined) {
  const list = await k8s<{ items: ControllerRevision[] }>(`/apis/apps/v1/namespaces/${ns}/controllerrevisions`);
  const mine = list.items.filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === uid) && revisionTemplate(r)).sort((a, b) => a.revision - b.revision);
  const previous = mine.at(-2);
  if (!previous) throw new Error("no earlier revision to go back to");
  return replaceTemplate(path, revisionTemplate(previous));
}

export function RolloutButtons({ w, replicaSets }: { w: Workload; replicaSets: ReplicaSet[] }) {
  const ns = w.metadata.namespace ?? "default";
  const allowed = useCanPatch(ns, PLURAL[w.kind]);
  const [error, setError] = useState("");
  const [replicas, setReplicas] = useState(String(w.kind === "DaemonSet" ? 0 : (w.spec.replicas ?? 1)));
  // Refused (not merely not answered yet): a hidden mark, so that a test can tell the two apart.
  if (allowed === false) return <span data-testid="no-rollout-buttons" hidden />;
  if (!allowed) return null;
  const path = `/apis/apps/v1/namespaces/${ns}/${PLURAL[w.kind]}/${w.metadata.name}`;
  const run = (patch: () => Promise<unknown>) => () => {
    setError("");
    patch().catch((err: Error) => setError(err.message));
  };
  const undo = () => {
    if (w.kind !== "Deployment") return previousControllerRevision(path, ns, w.metadata.uid);
    const previous = previousRevision(replicaSets);
    if (!previous) return Promise.reject(new Error("no earlier revision to go back to"));
    const template = structuredClone(previous.spec.template);
    delete template.metadata?.labels?.[POD_TEMPLATE_HASH];
    return replaceTemplate(path, template);
  };
  const restart = () => mergePatch(path, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() } } } } });
  return (
    <div class="buttons" data-testid="rollout-buttons">
      {w.kind === "Deployment" && (w.spec.paused ? <button onClick={run(() => mergePatch(path, { spec: { paused: null } }))}>resume</button> : <button onClick={run(() => mergePatch(path, { spec: { paused: true } }))}>pause</button>)}
      <button onClick={run(restart)}>restart</button>
      <button onClick={run(undo)}>undo</button>
      {w.kind !== "DaemonSet" && (
        <>
          <input type="number" min="0" value={replicas} onInput={(e) => setReplicas((e.target as HTMLInputElement).value)} aria-label="replicas" />
          <button data-testid="scale" onClick={run(() => mergePatch(`${path}/scale`, { spec: { replicas: Number(replicas) } }))}>scale</button>
        </>
      )}
      {error && <span class="bad" data-testid="rollout-error">{error}</span>}
    </div>
  );
}
