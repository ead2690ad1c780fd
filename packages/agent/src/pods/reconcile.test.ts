import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import type { ContainerInfo } from "../runtime/runtime.js";
import type { FailureRecord, ImageRecord } from "./backoff.js";
import { reconcile, type Action } from "./reconcile.js";
import { appInfo, at, images, infraInfo, makePod, T0 } from "./testing.js";

/** One line per action, so a table reads like the plan it expects. */
function show(a: Action): string {
  switch (a.type) {
    case "pull":
      return `pull ${a.image}`;
    case "createInfra":
      return `createInfra ${a.pod.metadata.name}#${a.attempt}`;
    case "createContainer":
      return `create ${a.pod.metadata.name}/${a.container}#${a.attempt} step=${a.backoffStep} infra=${a.infraId ?? "new"}`;
    case "start":
      return `start ${a.container}#${a.attempt}${a.containerId ? ` ${a.containerId}` : ""}`;
    case "stop":
      return `stop ${a.containerId} ${a.graceSeconds}s`;
    case "remove":
      return `remove ${a.containerId}`;
    case "prepareVolumes":
      return `prepareVolumes ${a.pod.metadata.name}`;
    case "writeVolume":
      return `writeVolume ${a.write.volume}`;
    case "removeVolume":
      return `removeVolume ${a.name}`;
  }
}

const BUSYBOX = "busybox:1.36";
const web = makePod("web");
const webInfra = infraInfo(web);
const running = [webInfra, appInfo(web)];
const exited = (o: Parameters<typeof appInfo>[1]) => [webInfra, appInfo(web, { state: "exited", started: 0, ...o })];

interface Case {
  name: string;
  desired: Pod[];
  observed?: ContainerInfo[];
  images?: Map<string, ImageRecord>;
  failures?: Map<string, FailureRecord>;
  /** Seconds after T0. */
  now?: number;
  expect: string[];
}

const cases: Case[] = [
  {
    name: "creates a fresh pod: sandbox, then container, in order",
    desired: [web],
    expect: ["createInfra web#0", "start POD#0", "create web/app#0 step=0 infra=new", "start app#0"],
  },
  {
    name: "pulls a missing image in the background, and creates the sandbox meanwhile",
    desired: [web],
    images: images([]),
    expect: ["pull busybox:1.36", "createInfra web#0", "start POD#0"],
  },
  { name: "does nothing when converged", desired: [web], observed: running, expect: [] },
  {
    name: "adopts what it finds after an agent restart (with a previous attempt kept for logs)",
    desired: [web],
    observed: [webInfra, appInfo(web, { attempt: 3 }), appInfo(web, { attempt: 2, state: "exited", exitCode: 1 })],
    expect: [],
  },
  {
    name: "restarts a first crash at once, as the kubelet does",
    desired: [web],
    observed: exited({ exitCode: 1, finished: 100 }),
    now: 100,
    expect: ["create web/app#1 step=1 infra=infra-web-0", "start app#1"],
  },
  {
    name: "does not restart a second crash before its back-off (10 s) expires",
    desired: [web],
    observed: exited({ attempt: 1, exitCode: 1, finished: 100 }),
    now: 109,
    expect: [],
  },
  {
    name: "restarts an exited container (restartPolicy Always) once its back-off expires",
    desired: [web],
    observed: exited({ attempt: 1, exitCode: 0, finished: 100 }),
    now: 110,
    expect: ["create web/app#2 step=2 infra=infra-web-0", "start app#2"],
  },
  {
    name: "waits longer at each step of a crash loop (step 4: 80 s)",
    desired: [web],
    observed: exited({ attempt: 4, exitCode: 1, started: 90, finished: 100 }),
    now: 179,
    expect: [],
  },
  {
    name: "starts the back-off over after a container ran 10 minutes: restarted at once",
    desired: [web],
    observed: exited({ attempt: 3, exitCode: 1, started: 0, finished: 600 }),
    now: 600,
    expect: ["create web/app#4 step=1 infra=infra-web-0", "start app#4"],
  },
  {
    name: "OnFailure: a container that exited 0 stays exited, and the sandbox stops",
    desired: [makePod("web", { restartPolicy: "OnFailure" })],
    observed: exited({ exitCode: 0, finished: 100 }),
    now: 1000,
    expect: ["stop infra-web-0 30s"],
  },
  {
    name: "OnFailure: a container that exited 1 restarts after its back-off",
    desired: [makePod("web", { restartPolicy: "OnFailure" })],
    observed: exited({ exitCode: 1, finished: 100 }),
    now: 1000,
    expect: ["create web/app#1 step=1 infra=infra-web-0", "start app#1"],
  },
  {
    name: "Never: a container that exited 1 is not restarted",
    desired: [makePod("web", { restartPolicy: "Never" })],
    observed: exited({ exitCode: 1, finished: 100 }),
    now: 1000,
    expect: ["stop infra-web-0 30s"],
  },
  {
    name: "stops and removes the containers of a pod no longer desired, with its own grace period",
    desired: [],
    observed: [infraInfo(makePod("web", { terminationGracePeriodSeconds: 5 })), appInfo(makePod("web", { terminationGracePeriodSeconds: 5 }))],
    expect: ["stop web-app-0 5s", "stop infra-web-0 5s", "remove web-app-0", "remove infra-web-0"],
  },
  {
    name: "makes a new sandbox when the infra container died, and restarts the containers in it",
    desired: [web],
    observed: [infraInfo(web, { state: "exited", exitCode: 137, finished: 50 }), appInfo(web)],
    expect: [
      "stop web-app-0 30s",
      "remove infra-web-0",
      "createInfra web#1",
      "start POD#1",
      "create web/app#1 step=0 infra=new",
      "start app#1",
    ],
  },
  {
    name: "Never: no new sandbox once a container has run (the container is not run twice)",
    desired: [makePod("web", { restartPolicy: "Never" })],
    observed: [infraInfo(web, { state: "exited", exitCode: 137, finished: 50 }), appInfo(web)],
    expect: [],
  },
  {
    name: "stops and removes a container its pod's spec no longer names",
    desired: [web],
    observed: [...running, appInfo(web, { container: "old", spec: { name: "old", image: BUSYBOX } })],
    expect: ["stop web-old-0 30s", "remove web-old-0"],
  },
  {
    name: "replaces a running container whose image changed",
    desired: [makePod("web", { containers: [{ image: "busybox:1.37" }] })],
    observed: running,
    images: images([BUSYBOX, "busybox:1.37"]),
    expect: ["stop web-app-0 30s", "create web/app#1 step=0 infra=infra-web-0", "start app#1"],
  },
  {
    name: "keeps the old container running while the new image is pulled",
    desired: [makePod("web", { containers: [{ image: "busybox:1.37" }] })],
    observed: running,
    expect: ["pull busybox:1.37"],
  },
  {
    name: "does not pull again, nor create, while a failed pull backs off",
    desired: [web],
    observed: [webInfra],
    images: images([], { [BUSYBOX]: { failures: 2, lastFailureAt: T0 + 100_000, message: "not found" } }),
    now: 119,
    expect: [],
  },
  {
    name: "pulls again once the pull back-off expires (step 1: 20 s)",
    desired: [web],
    observed: [webInfra],
    images: images([], { [BUSYBOX]: { failures: 2, lastFailureAt: T0 + 100_000, message: "not found" } }),
    now: 120,
    expect: ["pull busybox:1.36"],
  },
  {
    name: "never pulls for imagePullPolicy Never",
    desired: [makePod("web", { containers: [{ imagePullPolicy: "Never" }] })],
    observed: [webInfra],
    images: images([]),
    expect: [],
  },
  {
    name: "Always: pulls once per start attempt, even when the image is present",
    desired: [makePod("web", { containers: [{ imagePullPolicy: "Always" }] })],
    observed: exited({ exitCode: 1, finished: 100 }),
    images: images([], { [BUSYBOX]: { present: true, pulledAt: T0 + 50_000 } }),
    now: 200,
    expect: ["pull busybox:1.36"],
  },
  {
    name: "Always: creates once the image was pulled after the last attempt ended",
    desired: [makePod("web", { containers: [{ imagePullPolicy: "Always" }] })],
    observed: exited({ exitCode: 1, finished: 100 }),
    images: images([], { [BUSYBOX]: { present: true, pulledAt: T0 + 150_000 } }),
    now: 200,
    expect: ["create web/app#1 step=1 infra=infra-web-0", "start app#1"],
  },
  {
    name: "removes the old pod of the same name (other uid), and waits for it before creating the new",
    desired: [makePod("web", {}, { uid: "uid-new" })],
    observed: running,
    expect: ["stop web-app-0 30s", "stop infra-web-0 30s", "remove web-app-0", "remove infra-web-0"],
  },
  {
    name: "waits out the back-off of a container the engine would not create",
    desired: [web],
    observed: [webInfra],
    failures: new Map([
      ["uid-web/app", { reason: "CreateContainerError", message: "bad", failures: 1, lastFailureAt: T0 + 100_000 }],
    ]),
    now: 105,
    expect: [],
  },
  {
    name: "starts a container created but never started (the agent stopped in between)",
    desired: [web],
    observed: [webInfra, appInfo(web, { state: "created" })],
    expect: ["start app#0 web-app-0"],
  },
  {
    name: "keeps the current and the previous attempt, removes older ones",
    desired: [web],
    observed: [
      webInfra,
      appInfo(web, { attempt: 2 }),
      appInfo(web, { attempt: 1, state: "exited", exitCode: 1 }),
      appInfo(web, { attempt: 0, state: "exited", exitCode: 1 }),
    ],
    expect: ["remove web-app-0"],
  },
  {
    name: "stops, but keeps, the containers of a pod the server says has finished",
    desired: [makePod("web", {}, { phase: "Failed" })],
    observed: running,
    expect: ["stop web-app-0 30s", "stop infra-web-0 30s"],
  },
  {
    name: "stops the containers of a pod being deleted",
    desired: [makePod("web", { terminationGracePeriodSeconds: 3 }, { deleting: true })],
    observed: running,
    expect: ["stop web-app-0 3s", "stop infra-web-0 3s"],
  },
  {
    name: "orders its output by pod, and pulls an image once for every pod that needs it",
    desired: [makePod("b"), makePod("a")],
    images: images([]),
    expect: ["pull busybox:1.36", "createInfra a#0", "start POD#0", "createInfra b#0", "start POD#0"],
  },
];

describe("reconcile", () => {
  it.each(cases)("$name", (c) => {
    const actions = reconcile({
      desired: c.desired,
      observed: c.observed ?? [],
      images: c.images ?? images([BUSYBOX]),
      failures: c.failures ?? new Map(),
      now: at(c.now ?? 0),
    });
    expect(actions.map(show)).toEqual(c.expect);
  });

  it("asks for nothing new when run twice on the same picture", () => {
    const input = { desired: [web], observed: running, images: images([BUSYBOX]), failures: new Map(), now: at(5) };
    expect(reconcile(input)).toEqual([]);
    expect(reconcile(input)).toEqual([]);
  });
});
