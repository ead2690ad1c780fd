import { describe, expect, it } from "vitest";
import { podsToDelete } from "./pod-ranking.js";
import { pod } from "./test-fixtures.js";

const names = (pods: { metadata: { name: string } }[]) => pods.map((p) => p.metadata.name);

describe("which pods a scale-down deletes first", () => {
  const cases = [
    { name: "unscheduled before scheduled", pods: [pod("bound", { node: "n1" }), pod("unbound")], first: "unbound" },
    { name: "pending before running", pods: [pod("running", { node: "n1", phase: "Running" }), pod("pending", { node: "n1" })], first: "pending" },
    {
      name: "not ready before ready",
      pods: [pod("ready", { node: "n1", readyAt: 0 }), pod("unready", { node: "n1", phase: "Running" })],
      first: "unready",
    },
    {
      name: "ready for less time before ready for longer",
      pods: [pod("old", { node: "n1", readyAt: 0 }), pod("fresh", { node: "n1", readyAt: 50 })],
      first: "fresh",
    },
    {
      name: "more restarts first",
      pods: [pod("steady", { node: "n1", readyAt: 0 }), pod("flaky", { node: "n1", readyAt: 0, restarts: 4 })],
      first: "flaky",
    },
    {
      name: "newer first",
      pods: [pod("older", { node: "n1", readyAt: 0, created: 0 }), pod("newer", { node: "n1", readyAt: 0, created: 9 })],
      first: "newer",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(names(podsToDelete(c.pods, 1))).toEqual([c.first]);
      expect(names(podsToDelete([...c.pods].reverse(), 1))).toEqual([c.first]);
    });
  }
});
