import { describe, expect, it } from "vitest";
import { templateRevisionData, type ControllerRevision, type DaemonSet, type PodTemplateSpec, type StatefulSet } from "@skiff/api";
import { UserError } from "./errors.js";
import { rolledBackTo, templateRevisions, undoTarget } from "./revision-rollout.js";

const template = (image: string): PodTemplateSpec => ({ metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "tail", image }] } });
const revision = (n: number, image: string, cause?: string): ControllerRevision => ({
  apiVersion: "apps/v1",
  kind: "ControllerRevision",
  metadata: { name: `logs-${n}`, ...(cause ? { annotations: { "kubernetes.io/change-cause": cause } } : {}) },
  data: templateRevisionData(template(image)),
  revision: n,
});
const ds: DaemonSet = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "logs" }, spec: { selector: { matchLabels: { app: "logs" } }, template: template("v3") } };

describe("daemonset and statefulset rollout history and undo", () => {
  const history = [revision(3, "v3"), revision(1, "v1", "first"), revision(2, "v2")];

  it("lists the revisions oldest first, with their change-cause", () => {
    expect(templateRevisions(history).map((h) => [h.revision, h.changeCause])).toEqual([[1, "first"], [2, undefined], [3, undefined]]);
  });

  it("goes back to the one before the newest, or to the revision asked for", () => {
    expect(undoTarget(ds, history).revision).toBe(2);
    expect(undoTarget(ds, history, 1).template.spec.containers[0]!.image).toBe("v1");
    expect(rolledBackTo(ds, undoTarget(ds, history)).spec.template).toEqual(template("v2"));
  });

  it("says so in kubectl's words when there is nowhere to go", () => {
    expect(() => undoTarget(ds, history, 7)).toThrow(new UserError("unable to find specified revision 7 in history"));
    expect(() => undoTarget(ds, [revision(1, "v1")])).toThrow('no last revision to roll back to for daemonset "logs"');
    const set = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { selector: {}, serviceName: "db", template: template("v1") } } as StatefulSet;
    expect(() => undoTarget(set, [revision(1, "v1")])).toThrow('no last revision to roll back to for statefulset "db"');
  });
});
