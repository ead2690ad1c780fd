// rollout history, undo and restart: which revision undo picks, what it writes, the history table.
import { describe, expect, it } from "vitest";
import type { Deployment, PodTemplateSpec, ReplicaSet } from "@skiff/api";
import { historyTable, restarted, revisions, rolledBack, sameTemplate, undoTarget } from "./rollout.js";

function template(image: string, extra: Record<string, string> = {}): PodTemplateSpec {
  return { metadata: { labels: { app: "web", ...extra } }, spec: { containers: [{ name: "web", image }] } };
}

function deploy(image: string, revision?: number, annotations: Record<string, string> = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", uid: "d1", annotations: { ...annotations, ...(revision ? { "deployment.kubernetes.io/revision": String(revision) } : {}) } },
    spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: template(image) },
  };
}

function rs(revision: number | undefined, image: string, cause?: string): ReplicaSet {
  const hash = `h${revision ?? "x"}`;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `web-${hash}`,
      namespace: "default",
      annotations: {
        ...(revision ? { "deployment.kubernetes.io/revision": String(revision) } : {}),
        ...(cause ? { "kubernetes.io/change-cause": cause } : {}),
      },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "d1", controller: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: { app: "web", "pod-template-hash": hash } }, template: template(image, { "pod-template-hash": hash }) },
  };
}

const sets = [rs(3, "nginx:3", "set image 3"), rs(1, "nginx:1"), rs(undefined, "stray"), rs(2, "nginx:2", "set image 2")];

describe("rollout history", () => {
  it("lists revisions oldest first, skipping ReplicaSets without one", () => {
    expect(revisions(sets).map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  it("prints kubectl's REVISION / CHANGE-CAUSE table", () => {
    expect(historyTable(revisions(sets))).toBe("REVISION  CHANGE-CAUSE\n1         <none>\n2         set image 2\n3         set image 3\n");
  });
});

describe("rollout undo", () => {
  it("goes back to the highest revision below the current one by default", () => {
    expect(undoTarget(deploy("nginx:3", 3), sets).revision).toBe(2);
    // After an undo to 1, revision 1 becomes 4: "previous" is then 3.
    expect(undoTarget(deploy("nginx:1", 4), [...sets, rs(4, "nginx:1")]).revision).toBe(3);
  });

  it("takes the newest ReplicaSet as current when the Deployment has no revision annotation", () => {
    expect(undoTarget(deploy("nginx:3"), sets).revision).toBe(2);
  });

  it("goes to the revision asked for", () => {
    expect(undoTarget(deploy("nginx:3", 3), sets, 1).replicaSet.metadata.name).toBe("web-h1");
  });

  it("says when a revision does not exist, or there is nothing to go back to", () => {
    expect(() => undoTarget(deploy("nginx:3", 3), sets, 7)).toThrow("unable to find specified revision 7 in history");
    expect(() => undoTarget(deploy("nginx:1", 1), [rs(1, "nginx:1")])).toThrow('no rollout history found for deployment "web"');
  });

  it("compares templates without the pod-template-hash label", () => {
    expect(sameTemplate(rs(1, "nginx:1").spec.template, template("nginx:1"))).toBe(true);
    expect(sameTemplate(rs(1, "nginx:1").spec.template, template("nginx:2"))).toBe(false);
    expect(sameTemplate({ metadata: { labels: { "pod-template-hash": "x" } }, spec: { containers: [] } }, { spec: { containers: [] } })).toBe(true);
  });

  it("copies the revision's template and change-cause into the Deployment, keeping the controller's annotations", () => {
    const d = deploy("nginx:3", 3, { "kubernetes.io/change-cause": "set image 3", team: "a" });
    const out = rolledBack(d, rs(1, "nginx:1", "first"));
    expect(out.spec.template).toEqual(template("nginx:1"));
    expect(out.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "3", "kubernetes.io/change-cause": "first" });
    expect(out.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0]?.image).toBe("nginx:3");
  });
});

describe("rollout restart", () => {
  it("annotates the template with the time, in RFC 3339", () => {
    const out = restarted(deploy("nginx:1"), Date.parse("2024-05-01T12:00:00.250Z"));
    expect(out.spec.template.metadata?.annotations).toEqual({ "kubectl.kubernetes.io/restartedAt": "2024-05-01T12:00:00Z" });
    expect(out.spec.template.metadata?.labels).toEqual({ app: "web" });
  });
});
