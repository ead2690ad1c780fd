// scale, set image, and rollout history / undo / restart / pause / resume against a real server,
// with the Deployments' ReplicaSets written by hand as the Deployment controller would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../test-cli.js";
import { createDeployment, createRevision } from "./workload-fixtures.js";
import { statefulSetController } from "@skiff/server";
import { templateRevisionData, type PodTemplateSpec } from "@skiff/api";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

describe("scale", () => {
  it("sets spec.replicas, in either form of naming", async () => {
    await createDeployment(s.client, "sc", "nginx:1");
    expect(await s.at("scale", "deployment/sc", "--replicas", "5")).toEqual({ code: 0, stdout: "deployment.apps/sc scaled\n", stderr: "" });
    expect((await s.client.deployments.get("sc")).spec.replicas).toBe(5);
    expect((await s.at("scale", "deploy", "sc", "--replicas=0")).stdout).toBe("deployment.apps/sc scaled\n");
    expect((await s.client.deployments.get("sc")).spec.replicas).toBe(0);
  });

  it("checks --current-replicas first", async () => {
    const r = await s.at("scale", "deploy/sc", "--replicas", "2", "--current-replicas", "3");
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: Expected replicas to be 3, was 0\n" });
    expect((await s.client.deployments.get("sc")).spec.replicas).toBe(0);
    expect((await s.at("scale", "deploy/sc", "--replicas", "2", "--current-replicas", "0")).code).toBe(0);
  });

  it("refuses what cannot be scaled, a missing count, and a missing object", async () => {
    expect((await s.at("scale", "deploy/sc")).stderr).toBe("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n");
    expect((await s.at("scale", "pod/x", "--replicas", "1")).stderr).toMatch(/^error: cannot scale pods/);
    expect(await s.at("scale", "rs/ghost", "--replicas", "1")).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): replicasets.apps "ghost" not found\n' });
  });
});

describe("set image", () => {
  it("changes the named containers' images", async () => {
    await createDeployment(s.client, "si", "nginx:1");
    expect(await s.at("set", "image", "deployment/si", "web=nginx:2")).toEqual({ code: 0, stdout: "deployment.apps/si image updated\n", stderr: "" });
    const d = await s.client.deployments.get("si");
    expect(d.spec.template.spec.containers.map((c) => c.image)).toEqual(["nginx:2", "envoy:1"]);
    expect(d.metadata.generation).toBe(2);
  });

  it("names a container that does not exist, and changes nothing", async () => {
    expect(await s.at("set", "image", "deploy", "si", "web=nginx:3", "foo=x")).toEqual({ code: 1, stdout: "", stderr: 'error: unable to find container named "foo"\n' });
    expect((await s.client.deployments.get("si")).spec.template.spec.containers[0]?.image).toBe("nginx:2");
  });
});

describe("rollout history and undo", () => {
  it("lists the revisions of the ReplicaSets the Deployment owns", async () => {
    const d = await createDeployment(s.client, "hist", "nginx:3", { revision: 3 });
    await createRevision(s.client, d, 1, "nginx:1");
    await createRevision(s.client, d, 3, "nginx:3", "set image to 3");
    await createRevision(s.client, d, 2, "nginx:2", "set image to 2");
    expect(await s.at("rollout", "history", "deployment/hist")).toEqual({
      code: 0,
      stdout: "deployment.apps/hist\nREVISION  CHANGE-CAUSE\n1         <none>\n2         set image to 2\n3         set image to 3\n",
      stderr: "",
    });
    const one = await s.at("rollout", "history", "deploy/hist", "--revision", "2");
    expect(one.stdout).toMatch(/^deployment\.apps\/hist with revision #2\nPod Template:\n/);
    expect(one.stdout).toMatch(/Image: +nginx:2/);
    expect((await s.at("rollout", "history", "deploy/hist", "--revision", "9")).stderr).toBe("error: unable to find the specified revision\n");
  });

  it("goes back to the previous revision, then to the one asked for", async () => {
    expect(await s.at("rollout", "undo", "deployment/hist")).toEqual({ code: 0, stdout: "deployment.apps/hist rolled back\n", stderr: "" });
    let d = await s.client.deployments.get("hist");
    expect(d.spec.template.spec.containers[0]?.image).toBe("nginx:2");
    expect(d.spec.template.metadata?.labels).toEqual({ app: "hist" });
    expect(d.metadata.annotations?.["kubernetes.io/change-cause"]).toBe("set image to 2");

    expect((await s.at("rollout", "undo", "deployment/hist", "--to-revision", "1")).stdout).toBe("deployment.apps/hist rolled back\n");
    d = await s.client.deployments.get("hist");
    expect(d.spec.template.spec.containers[0]?.image).toBe("nginx:1");
  });

  it("skips a rollback to the template it already has, and says when a revision does not exist", async () => {
    expect((await s.at("rollout", "undo", "deployment/hist", "--to-revision", "1")).stdout).toBe(
      "deployment.apps/hist skipped rollback (current template already matches revision 1)\n",
    );
    expect(await s.at("rollout", "undo", "deployment/hist", "--to-revision", "7")).toEqual({ code: 1, stdout: "", stderr: "error: unable to find specified revision 7 in history\n" });
  });
});

describe("rollout pause, resume, restart", () => {
  it("pauses and resumes, in kubectl's words when there is nothing to do", async () => {
    await createDeployment(s.client, "pr", "nginx:1");
    expect(await s.at("rollout", "pause", "deployment/pr")).toEqual({ code: 0, stdout: "deployment.apps/pr paused\n", stderr: "" });
    expect((await s.client.deployments.get("pr")).spec.paused).toBe(true);
    expect(await s.at("rollout", "pause", "deployment/pr")).toEqual({ code: 1, stdout: "", stderr: 'error: deployments.apps "pr" is already paused\n' });
    expect((await s.at("rollout", "undo", "deployment/pr")).stderr).toMatch(/^error: you cannot rollback a paused deployment/);
    expect((await s.at("rollout", "restart", "deployment/pr")).stderr).toBe("error: can't restart paused deployment (run rollout resume first)\n");
    expect(await s.at("rollout", "resume", "deployment/pr")).toEqual({ code: 0, stdout: "deployment.apps/pr resumed\n", stderr: "" });
    expect((await s.client.deployments.get("pr")).spec.paused).toBeFalsy();
    expect(await s.at("rollout", "resume", "deployment/pr")).toEqual({ code: 1, stdout: "", stderr: 'error: deployments.apps "pr" is not paused\n' });
  });

  it("restarts by annotating the pod template with the time", async () => {
    expect(await s.at("rollout", "restart", "deployment/pr")).toEqual({ code: 0, stdout: "deployment.apps/pr restarted\n", stderr: "" });
    const at = (await s.client.deployments.get("pr")).spec.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"];
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(at ?? "") - Date.now())).toBeLessThan(10_000);
  });
});

// Kept before the StatefulSet block: closing that block's server unstubs the env every `s.at` needs.
describe("rollout undo of a DaemonSet (its ControllerRevisions written by hand, as the controller would)", () => {
  it("goes back to the previous revision's template, and names a DaemonSet that is not there", async () => {
    const template = (image: string): PodTemplateSpec => ({ metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "tail", image }] } });
    const ds = await s.client.daemonSets.create({ metadata: { name: "logs", namespace: "default" }, spec: { selector: { matchLabels: { app: "logs" } }, template: template("tail:2") } });
    const owner = { apiVersion: "apps/v1", kind: "DaemonSet", name: "logs", uid: ds.metadata.uid ?? "", controller: true };
    for (const [n, image] of [[1, "tail:1"], [2, "tail:2"]] as const) {
      await s.client.controllerRevisions.create({ metadata: { name: `logs-${n}`, namespace: "default", ownerReferences: [owner] }, data: templateRevisionData(template(image)), revision: n });
    }
    expect(await s.at("rollout", "undo", "ds/logs")).toEqual({ code: 0, stdout: "daemonset.apps/logs rolled back\n", stderr: "" });
    expect((await s.client.daemonSets.get("logs")).spec.template.spec.containers[0]?.image).toBe("tail:1");
    expect(await s.at("rollout", "undo", "daemonset/ghost")).toEqual({ code: 1, stdout: "", stderr: 'Error from server (NotFound): daemonsets.apps "ghost" not found\n' });
  });
});

describe("rollout history and undo of a StatefulSet (its ControllerRevisions, made by the real controller)", () => {
  let sts: TestServer;
  beforeAll(async () => {
    sts = await startServer({ controllers: [statefulSetController] });
  });
  afterAll(() => sts?.close());

  // The controller writes revisions in the background: poll, and fail naming what never came.
  const poll = { timeout: 5_000, interval: 25 };
  const revisionsOfDb = () =>
    expect.poll(async () => (await sts.client.statefulSets.controllerRevisions(await sts.client.statefulSets.get("db"))).length, { ...poll, message: "the ControllerRevisions of statefulset/db, counted" });

  it("lists a revision per template and goes back to the previous one", async () => {
    const template = (image: string) => ({ metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image }] } });
    await sts.client.apply([{ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db", namespace: "default" }, spec: { replicas: 0, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template("redis:1") } }]);
    await revisionsOfDb().toBe(1);
    expect((await sts.at("set", "image", "statefulset/db", "db=redis:2")).code).toBe(0);
    await revisionsOfDb().toBe(2);
    expect(await sts.at("rollout", "history", "statefulset/db")).toEqual({ code: 0, stdout: "statefulset.apps/db\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n", stderr: "" });
    expect(await sts.at("rollout", "undo", "sts/db")).toEqual({ code: 0, stdout: "statefulset.apps/db rolled back\n", stderr: "" });
    expect((await sts.client.statefulSets.get("db")).spec.template.spec.containers[0]?.image).toBe("redis:1");
    // The old template's revision is renumbered newest, as Kubernetes does; nothing is left to undo to but redis:2.
    await expect.poll(async () => (await sts.at("rollout", "history", "statefulset/db")).stdout, { ...poll, message: "revision 3 in rollout history statefulset/db" }).toContain("3         <none>");
    expect((await sts.at("rollout", "undo", "statefulset/db", "--to-revision", "3")).stdout).toBe("statefulset.apps/db skipped rollback (current template already matches revision 3)\n");
  });
});
