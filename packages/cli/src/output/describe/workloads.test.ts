// describe deployment: conditions, its old and new ReplicaSets, and the Events every kind ends with.
import { describe, expect, it } from "vitest";
import type { Deployment, Event, ReplicaSet } from "@skiff/api";
import { describeObject } from "./index.js";
import { NOW } from "./test-fixtures.js";

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:2" }] } };

const DEPLOY: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", uid: "d1", creationTimestamp: "2024-05-01T11:00:00Z" },
  spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
  status: {
    replicas: 4,
    updatedReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
    ],
  },
};

function rs(name: string, image: string, replicas: number, created: string, ownerUid = "d1"): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", creationTimestamp: created, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: ownerUid, controller: true }] },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web", "pod-template-hash": name.slice(4) } }, spec: { containers: [{ name: "web", image }] } },
    },
    status: { replicas },
  };
}

const SETS = [
  rs("web-new", "nginx:2", 3, "2024-05-01T11:30:00Z"),
  rs("web-old", "nginx:1", 1, "2024-05-01T11:00:00Z"),
  rs("web-older", "nginx:0", 0, "2024-05-01T10:00:00Z"),
  rs("web-other", "nginx:1", 1, "2024-05-01T10:00:00Z", "someone-else"),
];

function ev(name: string, extra: Partial<Event>): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default" },
    involvedObject: { kind: "Deployment", name: "web", namespace: "default", uid: "d1" },
    type: "Normal",
    source: { component: "deployment-controller" },
    ...extra,
  };
}

describe("describe deployment", () => {
  it("shows its conditions and its old and new ReplicaSets", () => {
    const text = describeObject(DEPLOY, { now: NOW, replicaSets: SETS });
    expect(text).toContain(
      [
        "Conditions:",
        "  Type          Status   Reason",
        "  ----          ------   ------",
        "  Available     True     MinimumReplicasAvailable",
        "  Progressing   True     NewReplicaSetAvailable",
      ].join("\n"),
    );
    expect(text).toMatch(/^OldReplicaSets: +web-old \(1\/1 replicas created\)$/m);
    expect(text).toMatch(/^NewReplicaSet: +web-new \(3\/3 replicas created\)$/m);
  });

  it("says <none> when there is no ReplicaSet yet", () => {
    const text = describeObject(DEPLOY, { now: NOW, replicaSets: [] });
    expect(text).toMatch(/^OldReplicaSets: +<none>$/m);
    expect(text).toMatch(/^NewReplicaSet: +<none>$/m);
  });
});

describe("the Events section", () => {
  it("ends the account with the object's events, oldest first, repeats counted", () => {
    const events = [
      ev("b", { reason: "ScalingReplicaSet", message: "Scaled up replica set web-new to 3 ", count: 3, firstTimestamp: "2024-05-01T11:58:00Z", lastTimestamp: "2024-05-01T11:59:55Z" }),
      ev("a", { reason: "ScalingReplicaSet", message: "Scaled up replica set web-old to 1", firstTimestamp: "2024-05-01T11:00:00Z", lastTimestamp: "2024-05-01T11:00:00Z" }),
      ev("c", { reason: "Other", involvedObject: { kind: "Deployment", name: "web", uid: "not-this-one" } }),
    ];
    const text = describeObject(DEPLOY, { now: NOW, events });
    expect(text.slice(text.indexOf("Events:"))).toBe(
      [
        "Events:",
        "  Type     Reason              Age               From                    Message",
        "  ----     ------              ---               ----                    -------",
        "  Normal   ScalingReplicaSet   60m               deployment-controller   Scaled up replica set web-old to 1",
        "  Normal   ScalingReplicaSet   5s (x3 over 2m)   deployment-controller   Scaled up replica set web-new to 3",
        "",
      ].join("\n"),
    );
  });

  it("says <none> when there are none, and is left out when events were not fetched", () => {
    expect(describeObject(DEPLOY, { now: NOW, events: [] })).toMatch(/\nEvents: +<none>\n$/);
    expect(describeObject(DEPLOY, { now: NOW })).not.toContain("Events:");
  });
});
