// logs and exec when the server answers without reaching a node: no such pod, not scheduled, which
// container. (With an agent and Docker, the happy paths are tested end to end in test/.)
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Pod } from "@skiff/api";
import { skiff, startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  // No nodes: the scheduler leaves these pending.
  const pod = (name: string, containers: string[]): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: containers.map((c) => ({ name: c, image: "busybox" })) },
  });
  await s.client.pods.create(pod("pending", ["app"]));
  await s.client.pods.create(pod("pair", ["app", "sidecar"]));
});
afterAll(() => s?.close());

describe("skiff logs", () => {
  it("reports a pod that does not exist", async () => {
    const r = await s.at("logs", "nope");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`Error from server (NotFound): pod "nope" not found in namespace "default"\n`);
  });

  it("says the pod is not on a node yet", async () => {
    const r = await s.at("logs", "pod/pending", "-f");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `pod "pending" is not scheduled to a node yet\n` });
  });

  it("reads one of a workload's pods, saying which when there was a choice", async () => {
    await s.client.deployments.create({
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "x" }] } } },
    });
    for (const name of ["web-a", "web-b"]) {
      await s.client.pods.create({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "x" }] } } as Pod);
    }
    const r = await s.at("logs", "deployment/web");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `Found 2 pods, using pod/web-a\npod "web-a" is not scheduled to a node yet\n` });
    expect((await s.at("logs", "job/ghost")).stderr).toBe('Error from server (NotFound): jobs.batch "ghost" not found\n');
    await s.client.services.create({ metadata: { name: "lonely", namespace: "default" }, spec: { selector: { app: "none" }, ports: [{ port: 80 }] } });
    expect(await s.at("logs", "svc/lonely")).toEqual({ code: 1, stdout: "", stderr: "error: no pods found for svc/lonely\n" });
  });

  it("asks which container when the pod has several", async () => {
    const r = await s.at("logs", "pair");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*several containers; choose one of: app, sidecar \(-c\)\n$/);
  });

  it("rejects a bad --tail", async () => {
    expect((await s.at("logs", "pending", "--tail", "-5")).stderr).toMatch(/^error: --tail must be/);
  });

  it("says so when the server cannot be reached", async () => {
    const r = await skiff("logs", "web", "--server", "127.0.0.1:1");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cannot reach the skiff server at 127\.0\.0\.1:1/);
  });
});

describe("skiff exec", () => {
  it("reports a pod that does not exist", async () => {
    const r = await skiff("exec", "nope", "--server", s.address, "--", "ls", "-la");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `Error from server (NotFound): pod "nope" not found in namespace "default"\n` });
  });

  it("says the pod is not on a node yet", async () => {
    const r = await skiff("exec", "pending", "-c", "app", "--server", s.address, "--", "true");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `pod "pending" is not scheduled to a node yet\n` });
  });

  it("wants the command after --", async () => {
    expect((await s.at("exec", "pending")).stderr).toBe("error: give the command to run after --, e.g. skiff exec pending -- ls /\n");
    expect((await s.at("exec", "pending", "ls")).stderr).toBe("error: put the command after --: skiff exec pending -- ls\n");
  });

  it("says interactive sessions are not supported yet", async () => {
    const r = await skiff("exec", "-it", "pending", "--server", s.address, "--", "sh");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: interactive exec \(-i, -t\) is not supported yet/);
    // yargs prints the help through console.log (and then exits, which vitest intercepts).
    let help = "";
    const log = vi.spyOn(console, "log").mockImplementation((text: unknown) => void (help += String(text)));
    try {
      await skiff("exec", "--help");
    } finally {
      log.mockRestore();
    }
    expect(help).toMatch(/Interactive sessions \(-i, -t, `-it`\) are not supported yet/);
  });
});
