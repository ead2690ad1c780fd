import { describe, expect, it } from "vitest";
import { PermissionDeniedError, type ApiObject, type Pod, type ServiceAccount } from "@skiff/api";
import { admitPodServiceAccount, admitServiceAccounts, mountsToken } from "./serviceaccount-admission.js";

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

  it("finds an account applied in the same batch as the pod", async () => {
    const objects: ApiObject[] = [account("robot"), pod({ serviceAccountName: "robot" })];
    await admitServiceAccounts(objects, { get: async () => undefined });
    expect((objects[1] as Pod).spec.serviceAccountName).toBe("robot");
    await expect(admitServiceAccounts([pod({ serviceAccountName: "ghost" })], { get: async () => undefined })).rejects.toThrow(/serviceaccount "ghost" not found/);
  });
});
