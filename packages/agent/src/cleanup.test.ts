import { describe, expect, it } from "vitest";
import { removeNodeResources } from "./cleanup.js";
import { FakeRuntime } from "./runtime/fake/fake-runtime.js";

async function engine() {
  const runtime = new FakeRuntime({ images: [] });
  await runtime.ensureVolume("skiff_n1_uid_scratch", { labels: { "skiff.node": "n1", "skiff.volume": "scratch" } });
  await runtime.ensureVolume("skiff-pvc-1", { labels: { "skiff.node": "n1", "skiff.claim-volume": "skiff-pvc-1" } });
  await runtime.ensureVolume("skiff-pvc-2", { labels: { "skiff.node": "n2", "skiff.claim-volume": "skiff-pvc-2" } });
  return runtime;
}

describe("removeNodeResources", () => {
  it("removes the node's pod volumes and its PVs' volumes, not another node's", async () => {
    const runtime = await engine();
    expect((await removeNodeResources("n1", runtime)).volumes).toBe(2);
    expect([...runtime.volumes.keys()]).toEqual(["skiff-pvc-2"]);
  });

  it("keeps the PVs' volumes when asked (skiff down --keep-volumes)", async () => {
    const runtime = await engine();
    await removeNodeResources("n1", runtime, { keepVolumes: true });
    expect([...runtime.volumes.keys()].sort()).toEqual(["skiff-pvc-1", "skiff-pvc-2"]);
  });
});
