// PodStatus, as an agent reports it (types/pod.ts). A user's manifest may carry any status (it
// is ignored, pod.ts); what an agent sends is stored and read by every controller, so it is
// checked field by field first. Fields not declared here are dropped, as for objects.
import { z } from "zod";
import { unique } from "./pod.js";
import { bool, int, issue, kobject, port, str } from "./fields.js";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A time as Kubernetes writes one: RFC 3339 (`2024-05-01T10:00:00Z`, fractions allowed). */
const timestamp = () =>
  str().superRefine((s, ctx) => {
    if (!RFC3339.test(s) || Number.isNaN(Date.parse(s))) issue(ctx, [], `must be an RFC 3339 time such as "2024-05-01T10:00:00Z"`);
  });

const nonEmpty = () =>
  str().superRefine((s, ctx) => {
    if (s === "") issue(ctx, [], "must not be empty");
  });

const podCondition = kobject("PodCondition", {
  type: nonEmpty(),
  status: z.enum(["True", "False", "Unknown"]),
  lastProbeTime: timestamp().optional(),
  lastTransitionTime: timestamp().optional(),
  reason: str().optional(),
  message: str().optional(),
});

const containerState = kobject(
  "ContainerState",
  {
    waiting: kobject("ContainerStateWaiting", { reason: str().optional(), message: str().optional() }).optional(),
    running: kobject("ContainerStateRunning", { startedAt: timestamp().optional() }).optional(),
    terminated: kobject("ContainerStateTerminated", {
      exitCode: int(),
      signal: int().optional(),
      reason: str().optional(),
      message: str().optional(),
      startedAt: timestamp().optional(),
      finishedAt: timestamp().optional(),
      containerID: str().optional(),
    }).optional(),
  },
  (s, ctx) => {
    const set = ["waiting", "running", "terminated"].filter((k) => s[k] !== undefined);
    if (set.length > 1) issue(ctx, [], `at most one of waiting, running and terminated may be set (found ${set.join(" and ")})`);
  },
);

const containerStatus = kobject("ContainerStatus", {
  name: nonEmpty(),
  state: containerState.optional(),
  lastState: containerState.optional(),
  ready: bool(),
  started: bool().optional(),
  restartCount: int(0),
  image: str(),
  imageID: str(),
  containerID: str().optional(),
});

const podHostPort = kobject("PodHostPort", {
  containerPort: port(),
  protocol: z.enum(["TCP", "UDP"]),
  hostIP: str(),
  hostPort: port(),
});

export const podStatus = kobject(
  "PodStatus",
  {
    phase: z.enum(["Pending", "Running", "Succeeded", "Failed", "Unknown"]).optional(),
    conditions: z.array(podCondition).optional(),
    message: str().optional(),
    reason: str().optional(),
    hostIP: str().optional(),
    podIP: str().optional(),
    podIPs: z.array(kobject("PodIP", { ip: str() })).optional(),
    startTime: timestamp().optional(),
    containerStatuses: z.array(containerStatus).optional(),
    hostPorts: z.array(podHostPort).optional(),
  },
  (s, ctx) => {
    unique(s.conditions, "type", ctx, ["conditions"], "condition type");
    unique(s.containerStatuses, "name", ctx, ["containerStatuses"], "container name");
  },
);

