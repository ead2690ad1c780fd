import { describe, expect, it } from "vitest";
import { ContainerCreateError, ContainerStartError, ImagePullError } from "../errors.js";
import type { RuntimeEvent } from "../runtime.js";
import { FakeRuntime } from "./fake-runtime.js";

const pod = { "skiff.pod": "web" };
const now = () => new Date("2024-01-01T00:00:00Z");

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) if (out.push(x) >= n) break;
  return out;
}

describe("FakeRuntime", () => {
  it("reports the capacity it was given", async () => {
    expect(await new FakeRuntime({ cpuMilli: 2000, memoryBytes: 2 ** 30 }).info()).toMatchObject({ cpuMilli: 2000, memoryBytes: 2 ** 30 });
  });

  it("pulls only pullable images, failing like the engine otherwise", async () => {
    const rt = new FakeRuntime({ pullable: ["nginx:1"] });
    await rt.pullImage("nginx:1");
    expect(await rt.hasImage("nginx:1")).toBe(true);
    const err = await rt.pullImage("nosuch:1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect((err as Error).message).toBe(
      `pulling "nosuch:1" failed: pull access denied for nosuch, repository does not exist or may require 'docker login'`,
    );
  });

  it("creates, starts, lists by label, and makes a container exit (OOM) with events", async () => {
    const rt = new FakeRuntime({ images: ["app:1"], now });
    const ac = new AbortController();
    const events = take(rt.events(pod, ac.signal), 3);
    const id = await rt.createContainer({ name: "web_app", image: "app:1", labels: { ...pod, x: "1" } });
    await rt.createContainer({ name: "other", image: "app:1", labels: { "skiff.pod": "other" } });
    await rt.startContainer(id);
    expect(await rt.listContainers(pod)).toEqual([
      { id, name: "web_app", image: "app:1", labels: { ...pod, x: "1" }, state: "running", createdAt: "2024-01-01T00:00:00.000Z", startedAt: "2024-01-01T00:00:00.000Z", ipAddress: expect.any(String) },
    ]);
    rt.exit(id, 137, { oomKilled: true });
    expect(await rt.inspectContainer(id)).toMatchObject({ state: "exited", exitCode: 137, oomKilled: true });
    expect((await events).map((e: RuntimeEvent) => [e.action, e.exitCode])).toEqual([["start", undefined], ["oom", undefined], ["die", 137]]);
    ac.abort();
  });

  it("refuses a missing image or a name in use at create", async () => {
    const rt = new FakeRuntime({ images: ["app:1"] });
    await expect(rt.createContainer({ name: "a", image: "nope:1", labels: {} })).rejects.toBeInstanceOf(ContainerCreateError);
    await rt.createContainer({ name: "a", image: "app:1", labels: {} });
    await expect(rt.createContainer({ name: "a", image: "app:1", labels: {} })).rejects.toThrow(/already in use/);
  });

  it("has every image when told so (a simulated node), and creates containers of any image", async () => {
    const rt = new FakeRuntime({ anyImage: true });
    expect(await rt.hasImage("anything:1")).toBe(true);
    const id = await rt.createContainer({ name: "a", image: "never-pulled:2", labels: {} });
    await rt.startContainer(id);
    expect(await rt.inspectContainer(id)).toMatchObject({ state: "running" });
  });

  it("fails starts on request, and on a host port already taken", async () => {
    const rt = new FakeRuntime({ images: ["app:1"] });
    const bad = await rt.createContainer({ name: "bad", image: "app:1", labels: {} });
    rt.failStart("bad", 'exec: "nosuchcmd": executable file not found in $PATH');
    await expect(rt.startContainer(bad)).rejects.toBeInstanceOf(ContainerStartError);
    expect(await rt.inspectContainer(bad)).toMatchObject({ state: "created", error: expect.stringContaining("nosuchcmd") });

    const ports = [{ containerPort: 80, protocol: "TCP" as const, hostPort: 8080 }];
    await rt.startContainer(await rt.createContainer({ name: "p1", image: "app:1", labels: {}, portBindings: ports }));
    const p2 = await rt.createContainer({ name: "p2", image: "app:1", labels: {}, portBindings: ports });
    await expect(rt.startContainer(p2)).rejects.toThrow(/port is already allocated/);
  });

  it("stops and removes, both idempotent", async () => {
    const rt = new FakeRuntime({ images: ["app:1"] });
    const id = await rt.createContainer({ name: "a", image: "app:1", labels: {} });
    await rt.startContainer(id);
    await rt.stopContainer(id);
    await rt.stopContainer(id);
    expect(await rt.inspectContainer(id)).toMatchObject({ state: "exited", exitCode: 143 });
    await rt.removeContainer(id);
    await rt.removeContainer(id);
    expect(await rt.inspectContainer(id)).toBeUndefined();
  });

  it("serves logs: all, the tail, and follows until the container exits", async () => {
    const rt = new FakeRuntime({ images: ["app:1"] });
    const id = await rt.createContainer({ name: "a", image: "app:1", labels: {} });
    await rt.startContainer(id);
    rt.writeLog(id, "one\ntwo\n");
    const text = async (it: AsyncIterable<Buffer>) => (await take(it, 100)).join("");
    expect(await text(rt.logs(id))).toBe("one\ntwo\n");
    expect(await text(rt.logs(id, { tail: 1 }))).toBe("two\n");
    const followed = text(rt.logs(id, { follow: true }));
    rt.writeLog(id, "three\n");
    rt.exit(id, 0);
    expect(await followed).toBe("one\ntwo\nthree\n");
  });

  it("runs exec through the test's handler", async () => {
    const rt = new FakeRuntime({ images: ["app:1"] });
    const id = await rt.createContainer({ name: "a", image: "app:1", labels: {} });
    await rt.startContainer(id);
    rt.onExec = (_id, cmd) => ({ exitCode: cmd[0] === "true" ? 0 : 1, stdout: cmd.join(" "), stderr: "" });
    expect(await rt.exec(id, ["true"])).toEqual({ exitCode: 0, stdout: "true", stderr: "" });
  });

  it("keeps networks: idempotent, a different subnet refused, removal of a missing one fine", async () => {
    const rt = new FakeRuntime();
    const o = { subnet: "10.244.6.0/23", gateway: "10.244.6.1", labels: {} };
    const n = await rt.ensureNetwork("skiff-n1", o);
    expect(n.bridgeInterface).toMatch(/^skb-/);
    expect(await rt.ensureNetwork("skiff-n1", o)).toEqual(n);
    await expect(rt.ensureNetwork("skiff-n1", { ...o, subnet: "10.244.8.0/23" })).rejects.toThrow(/already exists with subnet 10.244.6.0\/23/);
    await rt.removeNetwork("skiff-n1");
    await rt.removeNetwork("skiff-n1");
    expect(await rt.networkInfo("skiff-n1")).toBeUndefined();
  });
});
