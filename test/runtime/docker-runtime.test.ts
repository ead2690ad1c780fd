// DockerRuntime against the real engine. Every container carries `skiff.test.run=<this run>`, so
// afterEach/afterAll can remove exactly what this file made, even when a test fails midway.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ContainerStartError,
  DockerRuntime,
  ImagePullError,
  RuntimeUnavailableError,
  type ContainerConfig,
  type RuntimeEvent,
} from "../../packages/agent/src/runtime/index.js";

const IMAGE = "skiff-test/busybox:1";
const RUN = randomBytes(4).toString("hex");
const LABELS = { "skiff.test.run": RUN };
const rt = new DockerRuntime();
let seq = 0;

function config(extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return { name: `skiff-test-${RUN}-${++seq}`, image: IMAGE, labels: { ...LABELS }, ...extra };
}

async function run(extra: Partial<ContainerConfig>): Promise<string> {
  const id = await rt.createContainer(config(extra));
  await rt.startContainer(id);
  return id;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function removeAll(): Promise<void> {
  for (const c of await rt.listContainers(LABELS)) await rt.removeContainer(c.id);
}

beforeAll(() => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync("bash", ["scripts/test-image.sh"], { cwd: root, stdio: "inherit" });
});
afterEach(removeAll);
afterAll(removeAll);

describe("DockerRuntime", () => {
  it("reports the engine", async () => {
    const info = await rt.info();
    expect(info.version).toMatch(/^docker \d+\./);
    expect(info.cpuMilli).toBeGreaterThan(0);
    expect(await rt.hasImage(IMAGE)).toBe(true);
    expect(await rt.hasImage(`skiff-test/nosuch-${RUN}:1`)).toBe(false);
  });

  it("creates, starts, lists by label and inspects a container", async () => {
    const t0 = performance.now();
    const id = await run({ command: ["sleep", "30"], env: ["GREETING=hi"] });
    console.log(`create+start: ${(performance.now() - t0).toFixed(0)} ms`);
    const listed = await rt.listContainers({ ...LABELS });
    expect(listed.map((c) => c.id)).toEqual([id]);
    expect(listed[0]).toMatchObject({ state: "running", image: IMAGE, labels: LABELS });
    expect(listed[0]?.startedAt).toBeDefined();
    expect(listed[0]?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await rt.listContainers({ ...LABELS, other: "x" })).toEqual([]);
    expect(await rt.exec(id, ["sh", "-c", 'echo "$GREETING"; echo oops >&2; exit 3'])).toEqual({
      exitCode: 3,
      stdout: "hi\n",
      stderr: "oops\n",
    });
    expect(await rt.inspectContainer("nosuchcontainer")).toBeUndefined();
  });

  it("runs the infra image: it holds a network namespace the pod's containers share", async () => {
    const infraImage = await rt.ensureInfraImage();
    expect(infraImage).toMatch(/^skiff\/pause:1-[0-9a-f]{10}$/);
    const infra = await run({ image: infraImage });
    const net = `container:${infra}`;
    await run({ networkMode: net, command: ["sh", "-c", "echo hello-from-server > /tmp/index.html && httpd -f -p 8080 -h /tmp"] });
    const client = await run({ networkMode: net, command: ["sleep", "30"] });
    const result = await until("the server", async () => {
      const r = await rt.exec(client, ["timeout", "2", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/index.html"]);
      return r.exitCode === 0 ? r : undefined;
    });
    expect(result.stdout).toBe("hello-from-server\n");
    expect((await rt.inspectContainer(infra))?.ipAddress).toBeDefined();
  });

  it("stops the infra container at once on SIGTERM, with exit code 0", async () => {
    const infra = await run({ image: await rt.ensureInfraImage() });
    expect((await rt.inspectContainer(infra))?.state).toBe("running");
    const t0 = performance.now();
    await rt.stopContainer(infra, 10);
    const ms = performance.now() - t0;
    console.log(`docker stop of the infra container: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(await rt.inspectContainer(infra)).toMatchObject({ state: "exited", exitCode: 0 });
    await rt.stopContainer(infra, 10); // already stopped: fine
    await rt.removeContainer(infra);
    await rt.removeContainer(infra); // already gone: fine
    expect(await rt.inspectContainer(infra)).toBeUndefined();
  });

  it("publishes a port on 127.0.0.1", async () => {
    const port = await freePort();
    await run({
      command: ["sh", "-c", "echo published > /tmp/index.html && httpd -f -p 80 -h /tmp"],
      portBindings: [{ containerPort: 80, protocol: "TCP", hostPort: port, hostIP: "127.0.0.1" }],
    });
    const body = await until("the published port", async () => {
      const res = await fetch(`http://127.0.0.1:${port}/index.html`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? res.text() : undefined;
    });
    expect(body).toBe("published\n");
  });

  it("reports a port already allocated as ContainerStartError", async () => {
    const port = await freePort();
    const ports = [{ containerPort: 80, protocol: "TCP" as const, hostPort: port, hostIP: "127.0.0.1" }];
    await run({ command: ["sleep", "30"], portBindings: ports });
    const second = await rt.createContainer(config({ command: ["sleep", "30"], portBindings: ports }));
    const err = await rt.startContainer(second).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerStartError);
    expect((err as Error).message).toMatch(/port is already allocated/);
  });

  it("reports an exit code, and OOMKilled when the memory limit is exceeded", async () => {
    const exits = await run({ command: ["sh", "-c", "exit 7"] });
    const oom = await run({ memoryLimitBytes: 8 * 2 ** 20, command: ["sh", "-c", "head -c 64m /dev/zero | tail"] });
    const done = (id: string) => until(`${id} to exit`, async () => {
      const c = await rt.inspectContainer(id);
      return c?.state === "exited" ? c : undefined;
    });
    expect(await done(exits)).toMatchObject({ exitCode: 7 });
    expect((await done(exits)).oomKilled).toBeUndefined();
    expect(await done(oom)).toMatchObject({ exitCode: 137, oomKilled: true });
    const listed = await rt.listContainers(LABELS);
    expect(listed.find((c) => c.id === oom)).toMatchObject({ state: "exited", exitCode: 137, oomKilled: true });
  });

  it("fails to start a missing executable with the engine's words, and lists the error", async () => {
    const id = await rt.createContainer(config({ command: ["nosuchcmd"] }));
    const err = await rt.startContainer(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerStartError);
    expect((err as Error).message).toContain('exec: "nosuchcmd": executable file not found in $PATH');
    const [listed] = await rt.listContainers(LABELS);
    expect(listed?.error).toContain("executable file not found");
  });

  it("fails a pull of a nonexistent image with ImagePullError carrying the engine's text", async () => {
    const image = `skiff-test/nosuch-${RUN}:1`;
    const err = await rt.pullImage(image).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect((err as Error).message).toMatch(new RegExp(`^pulling "${image}" failed: .+`));
    console.log(`pull error: ${(err as Error).message}`);
  });

  it("stops with a grace period, then kills", async () => {
    const id = await run({ command: ["sh", "-c", "trap '' TERM; sleep 30 & wait"] });
    const t0 = performance.now();
    await rt.stopContainer(id, 1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
    expect(await rt.inspectContainer(id)).toMatchObject({ state: "exited", exitCode: 137 });
  });

  it("reads logs: all, the tail, and followed until aborted", async () => {
    const id = await run({ command: ["sh", "-c", "echo one; echo two >&2; echo three; while true; do echo tick; sleep 0.2; done"] });
    await until("output", async () => {
      const text = await collect(rt.logs(id));
      return text.includes("two\n") && (text.match(/tick/g) ?? []).length >= 2 ? true : undefined;
    });
    // stdout and stderr reach the engine through separate pipes: their relative order may vary.
    const all = await collect(rt.logs(id));
    expect(all.replace("two\n", "").startsWith("one\nthree\n")).toBe(true);
    expect(all).toContain("two\n");
    expect(await collect(rt.logs(id, { tail: 1 }))).toBe("tick\n");
    expect(await collect(rt.logs(id, { tail: 1, timestamps: true }))).toMatch(/^\d{4}-\d\d-\d\dT\S+ tick\n$/);
    const ac = new AbortController();
    let followed = "";
    for await (const chunk of rt.logs(id, { follow: true, signal: ac.signal })) {
      followed += chunk.toString();
      if ((followed.match(/tick/g) ?? []).length >= 5) ac.abort();
    }
    expect(followed.replace("two\n", "").startsWith("one\nthree\n")).toBe(true);
  });

  it("streams container events for its labels until aborted", async () => {
    const ac = new AbortController();
    const seen: RuntimeEvent[] = [];
    const watching = (async () => {
      for await (const e of rt.events(LABELS, ac.signal)) {
        seen.push(e);
        if (e.action === "die") ac.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 300)); // let the subscription reach the engine
    const id = await run({ command: ["sh", "-c", "exit 2"] });
    await Promise.race([watching, new Promise((_, reject) => setTimeout(() => reject(new Error("no die event")), 10_000))]);
    expect(seen.map((e) => e.action)).toEqual(["start", "die"]);
    expect(seen[1]).toMatchObject({ containerId: id, exitCode: 2, labels: LABELS });
  });

  it("says plainly when the engine cannot be reached", async () => {
    const gone = new DockerRuntime({ socketPath: `/tmp/skiff-no-docker-${RUN}.sock` });
    await expect(gone.info()).rejects.toBeInstanceOf(RuntimeUnavailableError);
    await expect(gone.listContainers(LABELS)).rejects.toThrow(/cannot reach Docker at \/tmp\/skiff-no-docker-\w+\.sock \(connect ENOENT\)/);
  });
});

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  let s = "";
  for await (const chunk of it) s += chunk.toString();
  return s;
}
