// get events (sorted, --for, -w) and describe's Events section against a real server, with Events
// written by hand as the controllers' event recorder would.
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Event, Pod } from "@skiff/api";
import { startServer, type TestServer } from "../test-cli.js";
import { createDeployment, createRevision, event } from "./workload-fixtures.js";

let s: TestServer;
let pod: Pod;
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

beforeAll(async () => {
  s = await startServer();
  pod = await s.client.pods.create({ metadata: { name: "web-1", namespace: "default" }, spec: { nodeName: "n0", containers: [{ name: "web", image: "nginx" }] } });
  const about = { kind: "Pod", name: "web-1", uid: pod.metadata.uid };
  await s.client.events.create(event("e-pulled", about, { reason: "Pulled", message: "Successfully pulled image", firstTimestamp: ago(60), lastTimestamp: ago(60) }));
  await s.client.events.create(event("e-scheduled", about, { reason: "Scheduled", message: "Successfully assigned default/web-1 to n0", firstTimestamp: ago(120), lastTimestamp: ago(120) }));
  await s.client.events.create(
    event("e-backoff", about, { type: "Warning", reason: "BackOff", message: "Back-off restarting failed container", count: 3, firstTimestamp: ago(100), lastTimestamp: ago(5) }),
  );
  await s.client.events.create(event("e-other", { kind: "Node", name: "n0" }, { reason: "NodeReady", message: "Node n0 is ready", firstTimestamp: ago(90), lastTimestamp: ago(90) }));
});
afterAll(() => s?.close());

function printed(): string {
  return (process.stdout.write as unknown as MockInstance).mock.calls.map((c) => String(c[0])).join("");
}

describe("get events", () => {
  it("lists them in the order they were last seen, with the object each is about", async () => {
    const r = await s.at("get", "events");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^2m(\d+s)? +Normal +Scheduled +pod\/web-1 +Successfully assigned default\/web-1 to n0$/),
      expect.stringMatching(/^9\ds +Normal +NodeReady +node\/n0 +Node n0 is ready$/),
      expect.stringMatching(/^6\ds +Normal +Pulled +pod\/web-1 +Successfully pulled image$/),
      expect.stringMatching(/^\d+s +Warning +BackOff +pod\/web-1 +Back-off restarting failed container$/),
    ]);
  });

  it("keeps those about one object with --for", async () => {
    const r = await s.at("get", "events", "--for", "node/n0");
    expect(r.stdout.trimEnd().split("\n").slice(1)).toEqual([expect.stringMatching(/NodeReady/)]);
    expect((await s.at("get", "pods", "--for", "node/n0")).stderr).toBe("error: --for can only be used with events\n");
  });

  it("adds source, count and name with -o wide", async () => {
    const r = await s.at("get", "events", "--for", "pod/web-1", "-o", "wide");
    expect(r.stdout.split("\n")[0]).toMatch(/MESSAGE +SUBOBJECT +SOURCE +FIRST SEEN +COUNT +NAME$/);
    expect(r.stdout).toMatch(/Back-off restarting failed container +test +1\d\ds +3 +e-backoff\n/);
  });

  it("-w streams new events and repeats as rows, until Ctrl-C", async () => {
    const pending = s.at("get", "events", "-w", "--for", "pod/web-1");
    await vi.waitFor(() => expect(printed()).toContain("BackOff"), { timeout: 5_000 });
    await s.client.events.create(event("e-killing", { kind: "Pod", name: "web-1", uid: pod.metadata.uid }, { reason: "Killing", message: "Stopping container web", lastTimestamp: ago(0) }));
    await s.client.events.create(event("e-elsewhere", { kind: "Pod", name: "other" }, { reason: "Elsewhere", lastTimestamp: ago(0) }));
    const backoff: Event = await s.client.events.get("e-backoff");
    await s.client.events.update({ ...backoff, count: 4, lastTimestamp: ago(0) });
    await vi.waitFor(() => expect(printed()).toMatch(/Killing[^\n]*\n[^\n]*BackOff[^\n]*\n$/), { timeout: 5_000 });
    process.emit("SIGINT");
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("Elsewhere");
    // Watched, LAST SEEN is a clock time (issue 15: an age would say "0s" on every new line).
    expect(r.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d +Normal +Killing +pod\/web-1 +Stopping container web$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d +Warning +BackOff +pod\/web-1 +Back-off restarting failed container$/),
    ]);
  });
});

describe("describe with events", () => {
  it("ends a pod's account with its events, repeats counted", async () => {
    const r = await s.at("describe", "pod", "web-1");
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf("\nEvents:") + 1).trimEnd().split("\n");
    expect(section[0]).toBe("Events:");
    expect(section[1]).toMatch(/^ {2}Type +Reason +Age +From +Message$/);
    expect(section.slice(3)).toEqual([
      expect.stringMatching(/^ {2}Normal +Scheduled +2m(\d+s)? +test +Successfully assigned default\/web-1 to n0$/),
      expect.stringMatching(/^ {2}Normal +Pulled +6\ds +test +Successfully pulled image$/),
      expect.stringMatching(/^ {2}Normal +Killing +\d+s +test +Stopping container web$/),
      expect.stringMatching(/^ {2}Warning +BackOff +\d+s \(x4 over 1\d\ds\) +test +Back-off restarting failed container$/),
    ]);
  });

  it("says <none> for an object nothing happened to, and shows a Deployment's ReplicaSets", async () => {
    const d = await createDeployment(s.client, "quiet", "nginx:1", { revision: 2 });
    await createRevision(s.client, d, 1, "nginx:0");
    const r = await s.at("describe", "deploy", "quiet");
    expect(r.stdout).toMatch(/\nNewReplicaSet: +<none>\n/);
    expect(r.stdout).toMatch(/\nOldReplicaSets: +<none>\n/);
    expect(r.stdout).toMatch(/\nEvents: +<none>\n$/);
  });

  it("finds a node's events in the default namespace", async () => {
    await s.client.nodes.create({ metadata: { name: "n0" }, spec: {} });
    const node = await s.client.nodes.get("n0");
    await s.client.events.create(event("e-node", { kind: "Node", name: "n0", uid: node.metadata.uid }, { reason: "Starting", message: "Starting agent", lastTimestamp: ago(1) }));
    expect((await s.at("describe", "node", "n0")).stdout).toMatch(/\n {2}Normal +Starting +\S+ +test +Starting agent\n$/);
  });
});
