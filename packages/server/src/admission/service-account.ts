// ServiceAccount admission (Kubernetes' plugin/pkg/admission/serviceaccount), a mutating step on
// pods: a pod that names no ServiceAccount gets `default`; a new pod naming one that does not
// exist is refused (403, Kubernetes' words); a ServiceAccount with automountServiceAccountToken:
// false gives its pods no token unless a pod asks (the pod's own field wins, as in Kubernetes).
// Unlike Kubernetes, a pod of a namespace whose `default` account is not made yet is admitted.
// A plugin of the admission chain (chain.ts): pods users post and pods controllers make alike.
// The agent mounts the token of every pod whose spec does not say false (agent/src/serviceaccount).
import { PermissionDeniedError, type Pod, type ServiceAccount } from "@skiff/api";
import type { AdmissionPlugin } from "./request.js";

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

/**
 * The plugin: on a new pod, the account is looked up (in the same batch first, then the store);
 * on an update, a pod that names none keeps the one it was stored with (so an update sent without
 * the field does not move the pod to `default`), and nothing is looked up.
 */
export const serviceAccountPlugin: AdmissionPlugin = {
  name: "ServiceAccount",
  handles: ({ object, subresource }) => object.kind === "Pod" && subresource === "" && object.spec !== undefined,
  async mutate(object, request, reads) {
    const pod = object as Pod;
    if (request.operation === "UPDATE") {
      const stored = (request.oldObject as Pod | undefined)?.spec?.serviceAccountName;
      return admitPodServiceAccount({ ...pod, spec: { ...pod.spec, serviceAccountName: pod.spec.serviceAccountName || stored } }, undefined, false);
    }
    const ns = pod.metadata.namespace ?? "default";
    const name = pod.spec.serviceAccountName || DEFAULT_SERVICE_ACCOUNT;
    const inBatch = request.siblings?.find((o) => o.kind === "ServiceAccount" && o.metadata.name === name && (o.metadata.namespace ?? "default") === ns);
    const account = (inBatch ?? (await reads.get({ kind: "ServiceAccount", namespace: ns, name }))) as ServiceAccount | undefined;
    return admitPodServiceAccount(pod, account, true);
  },
};
