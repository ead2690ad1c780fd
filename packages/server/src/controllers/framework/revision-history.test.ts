import { describe, expect, it } from "vitest";
import { revisionTemplate, type ControllerRevision, type DaemonSet } from "@skiff/api";
import { planHistory } from "./revision-history.js";
import { templateHash } from "../daemonset/revision.js";
import { T0, daemonSet, updated } from "../daemonset/test-fixtures.js";

const revisionOf = (ds: DaemonSet, revision: number): ControllerRevision => {
  const hash = templateHash(ds.spec.template);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: { name: `logs-${hash}`, namespace: "default", labels: { "controller-revision-hash": hash } },
    data: { spec: { template: { ...ds.spec.template, $patch: "replace" } } },
    revision,
  };
};
const plan = (ds: DaemonSet, revisions: ControllerRevision[], live: string[] = []) => planHistory(ds, revisions, templateHash(ds.spec.template), new Set(live), T0);

describe("DaemonSet history (ControllerRevisions)", () => {
  it("stores the first template as revision 1, as a patch Kubernetes can read, owned by the DaemonSet", () => {
    const ds = daemonSet();
    const p = plan(ds, []);
    expect(p.create?.revision).toBe(1);
    expect(p.create?.metadata.name).toBe(`logs-${templateHash(ds.spec.template)}`);
    expect(p.create?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "DaemonSet", name: "logs", controller: true });
    expect((p.create?.data?.spec as { template: { $patch: string } }).template.$patch).toBe("replace");
    expect(revisionTemplate(p.create!)).toEqual(ds.spec.template);
  });

  it("does nothing when the current template has the newest revision", () => {
    const ds = daemonSet();
    expect(plan(ds, [revisionOf(ds, 1)])).toEqual({ update: [], delete: [] });
  });

  it("numbers a new template after the newest, and renumbers an old one that comes back (undo)", () => {
    const v1 = daemonSet();
    const v2 = updated(v1);
    expect(plan(v2, [revisionOf(v1, 1)]).create?.revision).toBe(2);
    const back = plan(v1, [revisionOf(v1, 1), revisionOf(v2, 2)]);
    expect(back.create).toBeUndefined();
    expect(back.update.map((r) => r.revision)).toEqual([3]);
  });

  it("keeps revisionHistoryLimit old revisions, deleting the oldest first but never one a pod still uses", () => {
    const versions = [1, 2, 3, 4].map((n) => updated(daemonSet(), `fluentd:${n}`));
    const ds = { ...versions[3]!, spec: { ...versions[3]!.spec, revisionHistoryLimit: 1 } };
    const revisions = versions.map((v, i) => revisionOf(v, i + 1));
    const live = [templateHash(versions[0]!.spec.template)];
    expect(plan(ds, revisions, live).delete.map((r) => r.revision)).toEqual([2, 3]);
  });
});
