// wait against a real server: met at once, met later (by watch), deleted, and out of time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
const pod = (name: string, labels: Record<string, string> = {}): Pod =>
  ({ metadata: { name, namespace: "default", labels }, spec: { containers: [{ name: "app", image: "x" }] } }) as Pod;

/** Write a status as an agent would; the scheduler may write the pod in between, so again on a conflict. */
async function writeStatus(name: string, status: unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await s.writeStatus("Pod", name, status);
    } catch (err) {
      if (attempt > 10 || !(err instanceof Error && err.name === "ConflictError")) throw err;
    }
  }
}

beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

describe("wait", () => {
  it("returns at once when the condition holds", async () => {
    await s.client.pods.create(pod("ready"));
    await writeStatus("ready", { phase: "Running", conditions: [{ type: "Ready", status: "True" }] });
    expect(await s.at("wait", "pod/ready", "--for=condition=Ready")).toEqual({ code: 0, stdout: "pod/ready condition met\n", stderr: "" });
    expect((await s.at("wait", "pods", "ready", "--for", "jsonpath={.status.phase}=Running")).stdout).toBe("pod/ready condition met\n");
  });

  it("follows the object until the condition holds", async () => {
    await s.client.pods.create(pod("later"));
    const waiting = s.at("wait", "pod/later", "--for=jsonpath={.status.phase}=Running", "--timeout=10s");
    await new Promise((r) => setTimeout(r, 300));
    await writeStatus("later", { phase: "Running" });
    expect(await waiting).toEqual({ code: 0, stdout: "pod/later condition met\n", stderr: "" });
  });

  it("waits for deletion, of objects chosen by label", async () => {
    await s.client.pods.create(pod("gone-1", { batch: "x" }));
    await s.client.pods.create(pod("gone-2", { batch: "x" }));
    const waiting = s.at("wait", "pods", "-l", "batch=x", "--for=delete", "--timeout=10s");
    await new Promise((r) => setTimeout(r, 300));
    await s.client.pods.delete("gone-1");
    await s.client.pods.delete("gone-2");
    expect(await waiting).toEqual({ code: 0, stdout: "pod/gone-1 deleted\npod/gone-2 deleted\n", stderr: "" });
  });

  it("gives up at the timeout in kubectl's words, and reports a missing object", async () => {
    await s.client.pods.create(pod("never"));
    expect(await s.at("wait", "pod/never", "--for=condition=Ready", "--timeout=200ms")).toEqual({ code: 1, stdout: "", stderr: "error: timed out waiting for the condition on pods/never\n" });
    expect((await s.at("wait", "pod/ghost", "--for=condition=Ready")).stderr).toBe('Error from server (NotFound): pods "ghost" not found\n');
    expect((await s.at("wait", "pods", "--all", "-l", "none=here", "--for=delete")).stderr).toBe("error: no matching resources found\n");
  });
});
