import { describe, expect, it } from "vitest";
import { SchedulingQueue } from "./queue.js";

describe("SchedulingQueue", () => {
  it("hands out active pods oldest first, once", () => {
    const q = new SchedulingQueue();
    q.add("b");
    q.add("a");
    q.add("b");
    expect(q.takeAll()).toEqual(["b", "a"]);
    expect(q.takeAll()).toEqual([]);
  });

  it("keeps parked pods until a move", () => {
    const q = new SchedulingQueue();
    q.add("a");
    q.takeAll();
    q.park("a");
    expect(q.takeAll()).toEqual([]);
    q.moveAllToActive();
    expect(q.takeAll()).toEqual(["a"]);
  });

  it("a pod parked after a move during its pass goes straight back", () => {
    const q = new SchedulingQueue();
    q.add("a");
    q.takeAll();
    q.moveAllToActive(); // a node arrived while "a" was being tried
    q.park("a");
    expect(q.takeAll()).toEqual(["a"]);
  });

  it("forgets removed pods", () => {
    const q = new SchedulingQueue();
    q.add("a");
    q.park("b");
    q.remove("a");
    q.remove("b");
    q.moveAllToActive();
    expect(q.takeAll()).toEqual([]);
  });

  it("wait resolves when work arrives or on abort", async () => {
    const q = new SchedulingQueue();
    const ac = new AbortController();
    const waiting = q.wait(ac.signal);
    q.add("a");
    await waiting;
    q.takeAll();
    const stopped = q.wait(ac.signal);
    ac.abort();
    await stopped;
    expect(q.pending).toEqual({ active: 0, unschedulable: 0 });
  });
});
