// The workload helpers against a real server: scale (with its precondition), the ReplicaSets a
// Deployment owns, and rolloutStatus following status writes until done.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, type Deployment } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "./client.js";
import { followObject } from "./follow.js";
import { PreconditionError } from "./scale.js";

let dataDir: string;
let server: Awaited<ReturnType<typeof serve>>;
let client: SkiffClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "skiff-client-workloads-"));
  // No controllers: the tests write the statuses and ReplicaSets a controller would.
  server = await serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", controllers: [], insecure: true });
  client = new SkiffClient({ server: server.address, insecure: true });
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function deployment(name: string): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
  };
}

async function writeStatus(name: string, status: Deployment["status"]): Promise<void> {
  const obj = await server.store.get({ kind: "Deployment", namespace: "default", name });
  if (!obj) throw new Error(`no deployment ${name}`);
  await server.store.update({ ...obj, status });
}

describe("scale", () => {
  it("sets spec.replicas, and checks currentReplicas first when given", async () => {
    await client.deployments.create(deployment("sc"));
    expect((await client.deployments.scale("sc", 4)).spec.replicas).toBe(4);
    await expect(client.deployments.scale("sc", 1, { currentReplicas: 2 })).rejects.toThrow(new PreconditionError("Expected replicas to be 2, was 4"));
    expect((await client.deployments.scale("sc", 1, { currentReplicas: 4 })).spec.replicas).toBe(1);
    await expect(client.replicaSets.scale("ghost", 1)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("ownership", () => {
  it("finds the ReplicaSets a Deployment controls, by uid", async () => {
    const d = await client.deployments.create(deployment("own"));
    const rs = (name: string, uid: string) =>
      client.replicaSets.create({
        metadata: { name, namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "own", uid, controller: true }] },
        spec: { replicas: 0, selector: { matchLabels: { app: "own" } }, template: { metadata: { labels: { app: "own" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } },
      });
    await rs("own-a", d.metadata.uid ?? "");
    await rs("own-stale", "an-earlier-own");
    expect((await client.deployments.replicaSets(d)).map((r) => r.metadata.name)).toEqual(["own-a"]);
  });
});

describe("rolloutStatus", () => {
  it("yields each new status and ends once the rollout is done", async () => {
    await client.deployments.create(deployment("ro"));
    const seen: string[] = [];
    const done = (async () => {
      for await (const st of client.deployments.rolloutStatus("ro")) seen.push(st.message);
    })();
    await expect.poll(() => seen.length).toBe(1);
    await writeStatus("ro", { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 });
    await expect.poll(() => seen.length).toBe(2);
    await writeStatus("ro", { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    await done;
    expect(seen).toEqual([
      "Waiting for deployment spec update to be observed...",
      'Waiting for deployment "ro" rollout to finish: 1 of 2 updated replicas are available...',
      'deployment "ro" successfully rolled out',
    ]);
  });

  it("ends following with NotFoundError when the object is deleted", async () => {
    await client.deployments.create(deployment("gone"));
    const names: string[] = [];
    const follow = (async () => {
      for await (const d of followObject<Deployment>(client, "Deployment", "gone")) names.push(d.metadata.name);
    })().catch((err: unknown) => err);
    await expect.poll(() => names.length).toBe(1);
    await client.deployments.delete("gone");
    expect(await follow).toBeInstanceOf(NotFoundError);
  });
});
