import { describe, expect, it } from "vitest";
import { PermissionDeniedError, type ApiObject, type Pod, type ServiceAccount } from "@skiff/api";
import { admitPodServiceAccount, mountsToken, serviceAccountPlugin } from "./service-account.js";
import type { AdmissionRequest } from "./request.js";

const pod = (spec: Partial<Pod["spec"]> = {}): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "team-a" }, spec: { containers: [{ name: "c", image: "busybox" }], ...spec } });
const account = (name: string, automount?: boolean): ServiceAccount =>
  ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "team-a", uid: name }, ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) }) as ServiceAccount;

describe("ServiceAccount admission", () => {
  it("gives a pod that names no account the default one", () => {
    expect(admitPodServiceAccount(pod(), account("default"), true).spec.serviceAccountName).toBe("default");
  });

  it("refuses a new pod naming an account that does not exist, in Kubernetes' words", () => {
    expect(() => admitPodServiceAccount(pod({ serviceAccountName: "robot" }), undefined, true)).toThrow(PermissionDeniedError);
    expect(() => admitPodServiceAccount(pod({ serviceAccountName: "robot" }), undefined, true)).toThrow(
      'pods "web" is forbidden: error looking up service account team-a/robot: serviceaccount "robot" not found',
    );
  });

  it("lets an existing pod be written whatever became of its account, and a new pod in before `default` is made", () => {
    expect(admitPodServiceAccount(pod({ serviceAccountName: "robot" }), undefined, false).spec.serviceAccountName).toBe("robot");
    expect(admitPodServiceAccount(pod(), undefined, true).spec.serviceAccountName).toBe("default");
  });

  it("honours automountServiceAccountToken: the pod's own setting wins over its account's", () => {
    expect(admitPodServiceAccount(pod(), account("default", false), true).spec.automountServiceAccountToken).toBe(false);
    expect(admitPodServiceAccount(pod({ automountServiceAccountToken: true }), account("default", false), true).spec.automountServiceAccountToken).toBe(true);
    expect(admitPodServiceAccount(pod(), account("default"), true).spec.automountServiceAccountToken).toBeUndefined();
    expect(mountsToken(pod(), account("default"))).toBe(true);
    expect(mountsToken(pod(), account("default", false))).toBe(false);
    expect(mountsToken(pod({ automountServiceAccountToken: false }), account("default", true))).toBe(false);
  });

  const request = (object: Pod, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({ operation: "CREATE", subresource: "", object, dryRun: false, warnings: [], ...extra });
  const reads = (...objects: ApiObject[]) => ({
    get: async (ref: { kind: string; name: string; namespace?: string }) => objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace),
    list: async () => ({ items: [] }),
  });

  it("finds an account applied in the same batch as the pod, or in the store; refuses a missing one", async () => {
    const robot = pod({ serviceAccountName: "robot" });
    expect(((await serviceAccountPlugin.mutate!(robot, request(robot, { siblings: [account("robot")] }), reads())) as Pod).spec.serviceAccountName).toBe("robot");
    expect(((await serviceAccountPlugin.mutate!(robot, request(robot), reads(account("robot", false)))) as Pod).spec.automountServiceAccountToken).toBe(false);
    const ghost = pod({ serviceAccountName: "ghost" });
    await expect(serviceAccountPlugin.mutate!(ghost, request(ghost), reads())).rejects.toThrow(/serviceaccount "ghost" not found/);
  });

  it("keeps the stored pod's account on an update that names none, and looks nothing up", async () => {
    const stored = pod({ serviceAccountName: "robot" });
    const sent = pod();
    const nothing = { get: async () => expect.unreachable("no read on update"), list: async () => expect.unreachable("no list on update") };
    expect(((await serviceAccountPlugin.mutate!(sent, request(sent, { operation: "UPDATE", oldObject: stored }), nothing)) as Pod).spec.serviceAccountName).toBe("robot");
    expect(((await serviceAccountPlugin.mutate!(sent, request(sent, { operation: "UPDATE", oldObject: pod() }), nothing)) as Pod).spec.serviceAccountName).toBe("default");
  });

  it("handles pods only, not their status", () => {
    expect(serviceAccountPlugin.handles({ operation: "CREATE", subresource: "", object: pod() })).toBe(true);
    expect(serviceAccountPlugin.handles({ operation: "UPDATE", subresource: "status", object: pod() })).toBe(false);
    expect(serviceAccountPlugin.handles({ operation: "CREATE", subresource: "", object: account("x") })).toBe(false);
  });
});
