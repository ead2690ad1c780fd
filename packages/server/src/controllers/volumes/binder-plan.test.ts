import { describe, expect, it } from "vitest";
import { nodeAffinityFor, type PersistentVolume, type PersistentVolumeClaim, type StorageClass } from "@skiff/api";
import { planClaim, type BinderAction, type ClaimView } from "./binder-plan.js";
import { defaultStorageClass } from "./default-class.js";

const now = new Date("2026-12-06T22:00:00Z");

function claim(over: Partial<PersistentVolumeClaim["spec"]> = {}, annotations?: Record<string, string>): PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "mysql-pv-claim", namespace: "default", uid: "c-uid", ...(annotations ? { annotations } : {}) },
    spec: { storageClassName: "manual", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, ...over },
    status: { phase: "Pending" },
  };
}

function pv(name: string, over: Partial<PersistentVolume["spec"]> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { storageClassName: "manual", capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/mnt/${name}` }, ...over },
    status: { phase: "Available" },
  };
}

const view = (c: PersistentVolumeClaim, volumes: PersistentVolume[], extra: Partial<ClaimView> = {}): ClaimView => ({ claim: c, volumes, classes: [], now, ...extra });
const summary = (actions: BinderAction[]) =>
  actions.map((a) =>
    a.type === "event"
      ? `event ${a.reason}`
      : a.type === "updateClaim"
        ? `claim ${a.claim.status?.phase} ${a.claim.spec.volumeName ?? "-"}`
        : `${a.type} ${a.volume.metadata.name} ${a.volume.spec.claimRef?.name ?? "-"}`,
  );

describe("planClaim", () => {
  it.each([
    { name: "binds the Kubernetes docs' MySQL claim to its hostPath PV", volumes: [pv("mysql-pv-volume")], want: ["updateVolume mysql-pv-volume mysql-pv-claim", "claim Bound mysql-pv-volume"] },
    { name: "picks the smallest PV that is large enough", volumes: [pv("big", { capacity: { storage: "100Gi" } }), pv("fit", { capacity: { storage: "25Gi" } }), pv("small", { capacity: { storage: "10Gi" } })], want: ["updateVolume fit mysql-pv-claim", "claim Bound fit"] },
    { name: "skips a PV of another class", volumes: [pv("other", { storageClassName: "fast" })], want: ["event FailedBinding"] },
    { name: "skips a PV without the access mode asked for", volumes: [pv("rox", { accessModes: ["ReadOnlyMany"] })], want: ["event FailedBinding"] },
    { name: "skips a PV bound to another claim", volumes: [pv("taken", { claimRef: { namespace: "default", name: "other", uid: "o" } })], want: ["event FailedBinding"] },
    { name: "leaves a claim larger than any PV Pending, with an event", volumes: [pv("small", { capacity: { storage: "10Gi" } })], want: ["event FailedBinding"] },
    { name: "takes the PV reserved for it by claimRef, even if a smaller one fits", volumes: [pv("a", { capacity: { storage: "20Gi" } }), pv("z", { capacity: { storage: "50Gi" }, claimRef: { namespace: "default", name: "mysql-pv-claim" } })], want: ["updateVolume z mysql-pv-claim", "claim Bound z"] },
  ])("$name", ({ volumes, want }) => {
    expect(summary(planClaim(view(claim(), volumes)))).toEqual(want);
  });

  it("matches the claim's selector against the PV's labels", () => {
    const c = claim({ selector: { matchLabels: { type: "local" } } });
    expect(summary(planClaim(view(c, [pv("unlabelled"), pv("labelled", {}, { type: "local" })])))).toEqual(["updateVolume labelled mysql-pv-claim", "claim Bound labelled"]);
  });

  it("writes what the agent mounts and the status kubectl shows on the bound claim", () => {
    const actions = planClaim(view(claim(), [pv("mysql-pv-volume")]));
    const bound = actions.find((a) => a.type === "updateClaim");
    expect(bound?.type === "updateClaim" && bound.claim.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "skiff.dev/volume-source": '{"hostPath":{"path":"/mnt/mysql-pv-volume"}}' });
    expect(bound?.type === "updateClaim" && bound.claim.status).toEqual({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "20Gi" } });
  });

  it("does nothing for a bound claim whose PV is bound to it", () => {
    const first = planClaim(view(claim(), [pv("mysql-pv-volume")]));
    const c = (first.find((a) => a.type === "updateClaim") as Extract<BinderAction, { type: "updateClaim" }>).claim;
    const v = (first.find((a) => a.type === "updateVolume") as Extract<BinderAction, { type: "updateVolume" }>).volume;
    expect(planClaim(view(c, [v]))).toEqual([]);
  });

  it("marks a bound claim Lost when its PV is gone", () => {
    const c = claim({ volumeName: "gone" });
    c.status = { phase: "Bound" };
    expect(summary(planClaim(view(c, [])))).toEqual(["event ClaimLost", "claim Lost gone"]);
  });

  describe("the local class (WaitForFirstConsumer)", () => {
    const local = defaultStorageClass(now);
    const classes: StorageClass[] = [local];

    it("gives a claim without a class the default class, and waits for its first pod", () => {
      const c = claim({ storageClassName: undefined });
      delete c.spec.storageClassName;
      const actions = planClaim(view(c, [], { classes }));
      expect(summary(actions)).toEqual(["event WaitForFirstConsumer", "claim Pending -"]);
      const updated = actions.find((a) => a.type === "updateClaim");
      expect(updated?.type === "updateClaim" && updated.claim.spec.storageClassName).toBe("local");
    });

    it("marks a claim stored without a status (as the API stores a new one) Pending while it waits", () => {
      const c = claim({ storageClassName: "local" });
      delete c.status;
      expect(summary(planClaim(view(c, [], { classes })))).toEqual(["event WaitForFirstConsumer", "claim Pending -"]);
    });

    it("provisions a Docker volume on the node of the first pod, and binds it", () => {
      const c = claim({ storageClassName: "local" });
      const actions = planClaim(view(c, [], { classes, consumerNode: "node-2" }));
      expect(summary(actions)).toEqual(["createVolume pvc-c-uid mysql-pv-claim", "event ProvisioningSucceeded", "claim Bound pvc-c-uid"]);
      const made = (actions[0] as Extract<BinderAction, { type: "createVolume" }>).volume;
      expect(made.spec).toMatchObject({ persistentVolumeReclaimPolicy: "Delete", storageClassName: "local", csi: { driver: "skiff.dev/local", volumeHandle: "skiff-pvc-c-uid" }, nodeAffinity: nodeAffinityFor("node-2") });
      const updated = actions[2] as Extract<BinderAction, { type: "updateClaim" }>;
      expect(updated.claim.metadata.annotations).toMatchObject({ "volume.kubernetes.io/selected-node": "node-2", "skiff.dev/volume-source": '{"dockerVolume":"skiff-pvc-c-uid"}' });
    });

    it("keeps the node once selected, even if the pod moved", () => {
      const c = claim({ storageClassName: "local" }, { "volume.kubernetes.io/selected-node": "node-1" });
      const actions = planClaim(view(c, [], { classes, consumerNode: "node-3" }));
      expect((actions[0] as Extract<BinderAction, { type: "createVolume" }>).volume.spec.nodeAffinity).toEqual(nodeAffinityFor("node-1"));
    });

    it("binds a static PV of the class on the selected node rather than provisioning", () => {
      const c = claim({ storageClassName: "local" }, { "volume.kubernetes.io/selected-node": "node-1" });
      const elsewhere = pv("on-2", { storageClassName: "local", nodeAffinity: nodeAffinityFor("node-2") });
      const here = pv("on-1", { storageClassName: "local", nodeAffinity: nodeAffinityFor("node-1") });
      expect(summary(planClaim(view(c, [elsewhere, here], { classes })))).toEqual(["updateVolume on-1 mysql-pv-claim", "claim Bound on-1"]);
    });
  });
});
