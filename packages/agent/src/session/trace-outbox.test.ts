import { describe, expect, it } from "vitest";
import { traceStep } from "@skiff/api";
import { TraceOutbox } from "./trace-outbox.js";

const agentStep = (node: string, name: string) => traceStep({ component: "agent", node, kind: "Pod", namespace: "default", name, step: "container running", detail: "" });

describe("the agent's trace outbox", () => {
  it("takes this node's agent steps only (several agents may share a process), then hands them over once", async () => {
    const outbox = new TraceOutbox("n1");
    const stop = outbox.listen();
    agentStep("n1", "a");
    agentStep("n2", "b");
    traceStep({ component: "scheduler", node: "n1", kind: "Pod", name: "c", step: "scheduled", detail: "" });
    agentStep("n1", "d");
    stop();
    agentStep("n1", "e");
    const signal = new AbortController().signal;
    expect((await outbox.take(signal)).map((s) => s.name)).toEqual(["a", "d"]);
    const later = outbox.take(signal);
    outbox.add({ at: new Date().toISOString(), component: "agent", node: "n1", kind: "Pod", name: "f", step: "s", detail: "" });
    expect((await later).map((s) => s.name)).toEqual(["f"]);
  });

  it("keeps at most 2000 steps while no server takes them, dropping the oldest", async () => {
    const outbox = new TraceOutbox("n1");
    for (let i = 0; i < 2500; i++) outbox.add({ at: new Date().toISOString(), component: "agent", node: "n1", kind: "Pod", name: `p${i}`, step: "s", detail: "" });
    const steps = await outbox.take(new AbortController().signal);
    expect(steps).toHaveLength(2000);
    expect(steps[0]!.name).toBe("p500");
  });

  it("gives nothing once the session ends", async () => {
    const outbox = new TraceOutbox("n1");
    const ended = new AbortController();
    const taking = outbox.take(ended.signal);
    ended.abort();
    expect(await taking).toEqual([]);
  });
});
