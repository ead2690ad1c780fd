import { describe, expect, it } from "vitest";
import { getCondition } from "./conditions.js";
import { POD_TEMPLATE_HASH } from "./hash.js";
import { REVISION, revisionOf } from "./replicas.js";
import { Sim, deployment } from "./simulation.js";

const image = (d: { spec: { template: { spec: { containers: { image: string }[] } } } }, img: string) => {
  const c = d.spec.template.spec.containers[0];
  if (c) c.image = img;
};

describe("planDeployment", () => {
  it("creates the new RS: name, hash label on selector and template, revision 1, owner, event", () => {
    const sim = new Sim(deployment({ replicas: 3 }));
    const plan = sim.step();
    const rs = plan.create;
    const hash = rs?.spec.template.metadata?.labels?.[POD_TEMPLATE_HASH] ?? "";
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.spec.selector.matchLabels).toEqual({ app: "web", [POD_TEMPLATE_HASH]: hash });
    expect(rs?.spec.replicas).toBe(3);
    expect(rs?.metadata.annotations?.[REVISION]).toBe("1");
    expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", uid: "uid-web", controller: true });
    expect(plan.deployment?.metadata.annotations?.[REVISION]).toBe("1");
    expect(getCondition(plan.deployment?.status, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetCreated" });
    expect(sim.events).toEqual([`Scaled up replica set ${rs?.metadata.name} to 3`]);
  });

  it("does nothing when converged; the status says complete and available", () => {
    const sim = new Sim(deployment({ replicas: 3 }));
    sim.converge();
    const plan = sim.step();
    expect(plan).toEqual({ update: [], delete: [], events: [] });
    expect(sim.d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0, observedGeneration: 1 });
    expect(getCondition(sim.d.status, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    const name = sim.rss[0]?.metadata.name;
    expect(getCondition(sim.d.status, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${name}" has successfully progressed.` });
  });

  it("a rolling update never exceeds replicas+maxSurge and keeps replicas-maxUnavailable available", () => {
    const sim = new Sim(deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 1 }));
    sim.converge();
    sim.edit((d) => image(d, "web:2"));
    for (let i = 0; i < 50; i++) {
      sim.step();
      expect(sim.totalPods()).toBeLessThanOrEqual(5);
      expect(sim.availablePods()).toBeGreaterThanOrEqual(3);
      sim.makeAvailable();
      expect(sim.availablePods()).toBeGreaterThanOrEqual(3);
    }
    expect(sim.sizes()).toEqual({ "web:1": 0, "web:2": 4 });
    expect(sim.d.status).toMatchObject({ updatedReplicas: 4, availableReplicas: 4, replicas: 4 });
    expect(getCondition(sim.d.status, "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(sim.events.some((e) => /^Scaled down replica set web-\w+ to 3$/.test(e))).toBe(true);
  });

  it("the first step of a rollout: new RS up by the surge, old down by maxUnavailable", () => {
    const sim = new Sim(deployment({ replicas: 10, maxSurge: "25%", maxUnavailable: "25%" }));
    sim.converge();
    sim.edit((d) => image(d, "web:2"));
    // Creates web:2 at 10 + ceil(2.5) - 10 = 3, and in the same step takes web:1 down by
    // what minAvailable (10 - floor(2.5) = 8) allows, counting web:2's 3 unavailable: 13 - 8 - 3 = 2.
    sim.step();
    expect(sim.sizes()).toEqual({ "web:1": 8, "web:2": 3 });
    sim.step(); // 11 pods, 13 allowed: the new one grows by the room left
    expect(sim.sizes()).toEqual({ "web:1": 8, "web:2": 5 });
  });

  it("a template returning to an old one reuses that RS with the next revision (rollout undo)", () => {
    const sim = new Sim(deployment({ replicas: 2 }));
    sim.converge();
    const first = sim.rss[0]?.metadata.name;
    sim.edit((d) => image(d, "web:2"));
    sim.converge();
    expect(revisionOf(sim.d)).toBe(2);
    sim.edit((d) => image(d, "web:1"));
    sim.converge();
    expect(sim.rss).toHaveLength(2);
    const back = sim.rss.find((rs) => rs.metadata.name === first);
    expect(back?.spec.replicas).toBe(2);
    expect(revisionOf(back ?? { metadata: {} })).toBe(3);
    expect(back?.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(revisionOf(sim.d)).toBe(3);
  });

  it("rollover: a new template mid-rollout creates a third RS and scales the middle one down", () => {
    const sim = new Sim(deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 0 }));
    sim.converge();
    sim.edit((d) => image(d, "web:2"));
    sim.step();
    expect(sim.sizes()).toEqual({ "web:1": 4, "web:2": 1 });
    sim.edit((d) => image(d, "web:3"));
    sim.step(); // no room: web:3 created at 0
    sim.step(); // web:2's unavailable pod is cleaned up
    expect(sim.sizes()).toEqual({ "web:1": 4, "web:2": 0, "web:3": 1 });
    sim.converge();
    expect(sim.sizes()).toEqual({ "web:1": 0, "web:2": 0, "web:3": 4 });
    expect(revisionOf(sim.d)).toBe(3);
  });

  it("proportional scaling mid-rollout: each RS grows in proportion to its size", () => {
    const sim = new Sim(deployment({ replicas: 10, maxSurge: 3, maxUnavailable: 2 }));
    sim.converge();
    sim.edit((d) => image(d, "web:2"));
    sim.step();
    sim.step();
    expect(sim.sizes()).toEqual({ "web:1": 8, "web:2": 5 });
    sim.edit((d) => (d.spec.replicas = 20));
    sim.step(); // 23 allowed, 13 now: +10 shared 8:5 -> web:1 + 6, web:2 + 4 (round), leftover to the largest
    expect(sim.sizes()).toEqual({ "web:1": 14, "web:2": 9 });
    sim.edit((d) => (d.spec.replicas = 5));
    sim.step(); // 8 allowed: -15 shared in proportion
    const sizes = sim.sizes();
    expect((sizes["web:1"] ?? 0) + (sizes["web:2"] ?? 0)).toBe(8);
    expect(sizes["web:1"]).toBeGreaterThan(sizes["web:2"] ?? 0);
  });

  it("paused: a new template starts no rollout, but scaling still applies", () => {
    const sim = new Sim(deployment({ replicas: 3 }));
    sim.converge();
    sim.edit((d) => {
      d.spec.paused = true;
      image(d, "web:2");
    });
    sim.step();
    expect(sim.rss).toHaveLength(1);
    expect(getCondition(sim.d.status, "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused" });
    sim.edit((d) => (d.spec.replicas = 5));
    sim.converge();
    expect(sim.sizes()).toEqual({ "web:1": 5 });
    sim.edit((d) => (d.spec.paused = false));
    sim.converge();
    expect(sim.sizes()).toEqual({ "web:1": 0, "web:2": 5 });
  });

  it("progress deadline: nothing becomes available -> Progressing False ProgressDeadlineExceeded", () => {
    const sim = new Sim(deployment({ replicas: 2, maxSurge: 1, maxUnavailable: 0, deadline: 5 }));
    sim.converge();
    sim.edit((d) => image(d, "broken:1"));
    const first = sim.step();
    expect(first.requeueAfterMs).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) sim.step(); // 1 s per step, no pod ever available
    const cond = getCondition(sim.d.status, "Progressing");
    expect(cond).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
    expect(cond?.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    expect(sim.sizes()).toEqual({ "web:1": 2, "broken:1": 1 });
  });

  it("history limit: old RSs at 0 beyond revisionHistoryLimit are deleted, oldest first", () => {
    const sim = new Sim(deployment({ replicas: 1, historyLimit: 2 }));
    for (const v of [1, 2, 3, 4, 5]) {
      sim.edit((d) => image(d, `web:${v}`));
      sim.converge();
    }
    expect(Object.keys(sim.sizes()).sort()).toEqual(["web:3", "web:4", "web:5"]);
  });

  it("Recreate: old to 0 first, new only once the old pods are gone", () => {
    const sim = new Sim(deployment({ replicas: 3, recreate: true }));
    sim.converge();
    sim.edit((d) => image(d, "web:2"));
    sim.step();
    expect(sim.sizes()).toEqual({ "web:1": 0 });
    sim.converge();
    expect(sim.sizes()).toEqual({ "web:1": 0, "web:2": 3 });
  });
});

describe("stale ReplicaSet status", () => {
  it("a ReplicaSet just scaled down still reports its old available pods: the rollout does not trust them", () => {
    const sim = new Sim(deployment({ replicas: 10, maxSurge: 3, maxUnavailable: 2 }));
    sim.converge();
    sim.edit((d) => {
      const c = d.spec.template.spec.containers[0];
      if (c) c.image = "web:2";
    });
    sim.step();
    sim.step();
    sim.edit((d) => (d.spec.replicas = 5));
    // The scaling step, without the ReplicaSet controller running after it.
    const stale = new Map(sim.rss.map((rs) => [rs.metadata.name, structuredClone(rs.status)]));
    sim.step();
    for (const rs of sim.rss) rs.status = stale.get(rs.metadata.name);
    sim.step();
    expect(sim.sizes()["web:1"]).toBeGreaterThanOrEqual(3);
  });
});
