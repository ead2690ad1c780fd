// A Secret is never written anywhere in plaintext: not in the server's data dir, not in any log,
// not in describe or events. Real server and agent processes, real Docker.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

let cluster: TestCluster;
beforeAll(async () => {
  // The most talkative logs: a value that leaks at any level shows up here.
  process.env.SKIFF_LOG_LEVEL = "debug";
  cluster = await TestCluster.start({ agents: 1 });
});
afterAll(async () => cluster?.dispose());

const PASSWORD = `pw-${randomBytes(8).toString("hex")}`;
const USER = `user-${randomBytes(6).toString("hex")}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const leaks = (text: string | Buffer) => [PASSWORD, USER, b64(PASSWORD), b64(USER)].filter((v) => text.includes(v));

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root)) {
    const path = join(root, entry);
    const s = await stat(path);
    if (s.isDirectory()) out.push(...(await filesUnder(path)));
    else if (s.isFile()) out.push(path);
  }
  return out;
}

describe("Secrets at rest and in output", () => {
  it("reach the pod, and appear in no file of the data dir, no log, no describe, no event", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "creds" }, type: "Opaque", data: { password: b64(PASSWORD) }, stringData: { username: USER } };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "uses-secret" },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "main",
            image: TEST_IMAGE,
            command: ["sh", "-c", "test -n \"$PASSWORD\" && echo password is set; sleep 3600"],
            env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } }],
            volumeMounts: [{ name: "creds", mountPath: "/etc/creds" }],
          },
        ],
        volumes: [{ name: "creds", secret: { secretName: "creds" } }],
      },
    };
    const applied = await cluster.skiff(["apply", "-f", "-"], `${JSON.stringify(secret)}\n---\n${JSON.stringify(pod)}`);
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const p = (await cluster.client.pods.get("uses-secret")) as Pod;
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}: ${JSON.stringify(p.status?.containerStatuses)}`);
    }, 30_000);
    const inPod = await cluster.skiff(["exec", "uses-secret", "--", "cat", "/etc/creds/username"]);
    expect(inPod.stdout).toBe(USER);

    const describe = await cluster.skiff(["describe", "secret", "creds"]);
    expect(describe.stdout).toMatch(/password:\s+\d+ bytes/);
    expect(leaks(describe.stdout)).toEqual([]);
    const events = await cluster.skiff(["get", "events", "-o", "json"]);
    expect(leaks(events.stdout)).toEqual([]);

    await cluster.server.stop("SIGTERM"); // flush and close LevelDB before reading its files
    for (const file of await filesUnder(cluster.server.dataDir)) {
      expect(leaks(await readFile(file)), file).toEqual([]);
    }
    expect(leaks(cluster.server.logs)).toEqual([]);
    for (const agent of cluster.agents) expect(leaks(agent.logs)).toEqual([]);
  });
});
