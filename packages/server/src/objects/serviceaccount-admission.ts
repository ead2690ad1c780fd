// ServiceAccount admission (Kubernetes' plugin/pkg/admission/serviceaccount), a mutating step on
// pods: a pod that names no ServiceAccount gets `default`; a new pod naming one that does not
// exist is refused (403, Kubernetes' words); a ServiceAccount with automountServiceAccountToken:
// false gives its pods no token unless a pod asks (the pod's own field wins, as in Kubernetes).
// Unlike Kubernetes, a pod of a namespace whose `default` account is not made yet is admitted.
// The agent mounts the token of every pod whose spec does not say false (agent/src/serviceaccount).
import { PermissionDeniedError, type ApiObject, type ObjectRef, type Pod, type ServiceAccount } from "@skiff/api";

export const DEFAULT_SERVICE_ACCOUNT = "default";

/** Whether `pod` gets a token: its own setting, else its ServiceAccount's, else yes. */
export function mountsToken(pod: Pod, account: ServiceAccount | undefined): boolean {
  return pod.spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
}

/**
 * The pure step for one pod: `account` is the named ServiceAccount (undefined: none), `creating`
 * whether the pod is new (an existing pod keeps running whatever became of its account).
 */
export function admitPodServiceAccount(pod: Pod, account: ServiceAccount | undefined, creating: boolean): Pod {
  const name = pod.spec.serviceAccountName || DEFAULT_SERVICE_ACCOUNT;
  const ns = pod.metadata.namespace ?? "default";
  // A missing `default` is let through: the controller makes one in every namespace within
  // moments (a namespace and its pods applied together would race it), and the agent waits for it.
  if (creating && !account && name !== DEFAULT_SERVICE_ACCOUNT) {
    throw new PermissionDeniedError(`pods ${JSON.stringify(pod.metadata.name)} is forbidden: error looking up service account ${ns}/${name}: serviceaccount ${JSON.stringify(name)} not found`);
  }
  const spec = { ...pod.spec, serviceAccountName: name };
  if (creating && spec.automountServiceAccountToken === undefined && account?.automountServiceAccountToken === false) spec.automountServiceAccountToken = false;
  return { ...pod, spec };
}

/** Admit every pod of a write (mutating them in place): the ServiceAccounts are read from the batch or the store. */
export async function admitServiceAccounts(objects: ApiObject[], read: { get(ref: ObjectRef): Promise<ApiObject | undefined> }): Promise<void> {
  for (const object of objects) {
    if (object.kind !== "Pod" || !object.spec) continue;
    const pod = object as Pod;
    const ns = pod.metadata.namespace ?? "default";
    const name = pod.spec.serviceAccountName || DEFAULT_SERVICE_ACCOUNT;
    const creating = !(await read.get({ kind: "Pod", namespace: ns, name: pod.metadata.name }));
    const inBatch = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === name && (o.metadata.namespace ?? "default") === ns);
    const account = (inBatch ?? (await read.get({ kind: "ServiceAccount", namespace: ns, name }))) as ServiceAccount | undefined;
    object.spec = admitPodServiceAccount(pod, account, creating).spec;
  }
}
