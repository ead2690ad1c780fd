// The example controller (examples/controllers/) runs in a real server and follows the pods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { ConfigMap, Pod } from "@skiff/api";
import { serve, type RunningServer } from "@skiff/server";
import { SkiffClient } from "@skiff/client";
import { imageInventoryController, inventory } from "../examples/controllers/image-inventory.js";
import { eventually } from "./support/cluster.js";
import { tempDir } from "./support/skiff.js";

let server: RunningServer;
let client: SkiffClient;
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir("inventory");
  server = await serve({ dataDir: dir.path, listen: "127.0.0.1:0", logger: pino({ level: "silent" }), controllers: [], extraControllers: [imageInventoryController], insecure: true });
  client = new SkiffClient({ server: server.address, insecure: true });
});
afterAll(async () => {
  client?.close();
  await server?.close();
  await dir?.remove();
});

// Pods as an agent would leave them: bound and Running (written straight to the store).
async function runningPod(name: string, image: string): Promise<void> {
  const created = (await client.pods.create({ metadata: { name }, spec: { nodeName: "n0", containers: [{ name: "main", image }] } })) as Pod;
  await server.store.update({ ...created, status: { phase: "Running" } });
}

describe("examples/controllers/image-inventory", () => {
  it("the pure part counts the images of running pods", () => {
    const pod = (image: string, phase: "Running" | "Pending"): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image }] }, status: { phase } });
    expect(inventory([pod("b:1", "Running"), pod("a:1", "Running"), pod("a:1", "Running"), pod("c:1", "Pending")])).toEqual({ images: "a:1 2\nb:1 1" });
  });

  it("keeps the image-inventory ConfigMap in step with the running pods", async () => {
    await runningPod("web-1", "nginx:1.25");
    await runningPod("web-2", "nginx:1.25");
    await runningPod("cache", "redis:7");
    const read = () => client.configMaps.get("image-inventory") as Promise<ConfigMap>;
    await eventually(async () => expect((await read()).data?.images).toBe("nginx:1.25 2\nredis:7 1"));
    await client.pods.delete("cache");
    await eventually(async () => expect((await read()).data?.images).toBe("nginx:1.25 2"));
  });
});
