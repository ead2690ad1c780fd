// StatefulSets: ordered pods with stable names and storage.
// First in-process, fast: a server with the StatefulSet controller and two agents on FakeRuntime.
// Then once on the real Docker engine: a replica's volume outlives its pod.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { Pod, StatefulSet } from "@skiff/api";
import { FakeRuntime, startAgent, type RunningAgent } from "@skiff/agent";
import type { WatchEvent } from "@skiff/store";
import { ObjectService, serve, type RunningServer } from "@skiff/server";
import { REVISION_LABEL, statefulSetController } from "../packages/server/src/controllers/statefulset/index.js";
import { tempDir } from "./support/skiff.js";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

const exec = promisify(execFile);
const log = pino({ level: "silent" });

function webSet(spec: Record<string, unknown> = {}, env = "1"): unknown {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web" },
    spec: {
      replicas: 3,
      serviceName: "web",
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"], env: [{ name: "V", value: env }] }],
          terminationGracePeriodSeconds: 1,
        },
      },
      ...spec,
    },
  };
}

const isReady = (p: Pod) => p.status?.phase === "Running" && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

describe("StatefulSet controller, in process with fake runtimes", () => {
  let server: RunningServer;
  let objects: ObjectService;
  const agents: RunningAgent[] = [];
  let removeDir: () => Promise<void>;
  const stop = new AbortController();
  /** Every pod change, in store order, from before the set exists. */
  const changes: WatchEvent[] = [];

  beforeAll(async () => {
    const dir = await tempDir("statefulset");
    removeDir = dir.remove;
    // Only this controller (with the scheduler and node lifecycle), on the server's own framework.
    server = await serve({ dataDir: dir.path, listen: "127.0.0.1:0", logger: log, lifecycle: { heartbeatPeriodMs: 500 }, controllers: [statefulSetController], insecure: true });
    objects = new ObjectService(server.store);
    void (async () => {
      for await (const e of server.store.watch({ kind: "Pod", fromRevision: server.store.revision(), signal: stop.signal })) changes.push(e);
    })().catch(() => undefined);
    for (const name of ["n1", "n2"]) {
      agents.push(await startAgent({ server: server.address, name, runtime: new FakeRuntime({ images: [TEST_IMAGE] }), log, insecure: true }));
    }
  });

  afterAll(async () => {
    stop.abort();
    await Promise.all(agents.map((a) => a.stop()));
    await server?.close();
    await removeDir?.();
  });

  const apply = (obj: unknown) => objects.apply([obj]);
  const pods = async () => (await server.store.list("Pod", { namespace: "default" })).items as Pod[];
  const pod = (name: string) => server.store.get({ kind: "Pod", namespace: "default", name }) as Promise<Pod | undefined>;
  const set = () => server.store.get({ kind: "StatefulSet", namespace: "default", name: "web" }) as Promise<StatefulSet>;
  const names = (type: WatchEvent["type"], from = 0) => changes.slice(from).filter((e) => e.type === type).map((e) => e.object.metadata.name);
  const readyPods = async (want: string[]) =>
    eventually(async () => {
      const ready = (await pods()).filter(isReady).map((p) => p.metadata.name).sort();
      if (ready.join() !== want.join()) throw new Error(`ready: ${ready.join()}; want ${want.join()}`);
    });

  it("starts web-0, web-1, web-2 in order, each once the one before is Running and Ready", async () => {
    await apply(webSet());
    await readyPods(["web-0", "web-1", "web-2"]);
    expect(names("ADDED")).toEqual(["web-0", "web-1", "web-2"]);
    // Replay the store's history: when web-i was created, web-(i-1) was Running and Ready.
    const last = new Map<string, Pod>();
    for (const e of changes) {
      const p = e.object as Pod;
      const ordinal = Number(p.metadata.name.split("-")[1]);
      if (e.type === "ADDED" && ordinal > 0) expect(isReady(last.get(`web-${ordinal - 1}`)!), `web-${ordinal - 1} when web-${ordinal} was created`).toBe(true);
      last.set(p.metadata.name, p);
    }
    const web1 = (await pod("web-1"))!;
    expect(web1.spec).toMatchObject({ hostname: "web-1", subdomain: "web" });
    expect(web1.metadata.labels).toMatchObject({ app: "web", "statefulset.kubernetes.io/pod-name": "web-1" });
    await eventually(async () => expect((await set()).status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 }));
  });

  it("scales down from the highest ordinal", async () => {
    const from = changes.length;
    await apply(webSet({ replicas: 1 }));
    await readyPods(["web-0"]);
    await eventually(async () => expect((await pods()).map((p) => p.metadata.name)).toEqual(["web-0"]));
    expect(names("DELETED", from)).toEqual(["web-2", "web-1"]);
    await apply(webSet());
    await readyPods(["web-0", "web-1", "web-2"]);
  });

  it("brings back a deleted pod with the same name", async () => {
    const before = (await pod("web-1"))!;
    await objects.delete({ kind: "Pod", namespace: "default", name: "web-1" });
    const after = await eventually(async () => {
      const p = await pod("web-1");
      if (!p || p.metadata.uid === before.metadata.uid || !isReady(p)) throw new Error("web-1 not back yet");
      return p;
    });
    expect(after.spec.hostname).toBe("web-1");
  });

  it("rolls out a new template from the highest ordinal down to the partition, then stops", async () => {
    const old = (await pod("web-0"))!.metadata.labels?.[REVISION_LABEL];
    const from = changes.length;
    const revisionOf = async (name: string) => (await pod(name))?.metadata.labels?.[REVISION_LABEL];

    await apply(webSet({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } }, "2"));
    const updated = await eventually(async () => {
      const p = await pod("web-2");
      if (!p || p.metadata.labels?.[REVISION_LABEL] === old || !isReady(p)) throw new Error("web-2 not updated yet");
      return p.metadata.labels?.[REVISION_LABEL];
    });
    // It stops there: below the partition nothing moves. The reconcile that saw web-2 updated
    // and Ready is the one that would go on to web-1; it writes its pods, then this status.
    await eventually(async () => expect((await set()).status).toMatchObject({ readyReplicas: 3, updatedReplicas: 1, updateRevision: updated }));
    expect([await revisionOf("web-0"), await revisionOf("web-1")]).toEqual([old, old]);
    expect([(await pod("web-0"))?.metadata.deletionTimestamp, (await pod("web-1"))?.metadata.deletionTimestamp]).toEqual([undefined, undefined]);
    expect(names("DELETED", from)).toEqual(["web-2"]);

    await apply(webSet({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }, "2"));
    await eventually(async () => {
      const p = await pod("web-1");
      if (!p || p.metadata.labels?.[REVISION_LABEL] !== updated || !isReady(p)) throw new Error("web-1 not updated yet");
    });
    expect(names("DELETED", from)).toEqual(["web-2", "web-1"]);
    await eventually(async () =>
      expect((await set()).status).toMatchObject({ currentRevision: old, updateRevision: updated, currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 }),
    );

    // Below the partition a pod that goes away comes back from the old template, kept in the set's annotation.
    const before = (await pod("web-0"))!;
    await objects.delete({ kind: "Pod", namespace: "default", name: "web-0" });
    const back = await eventually(async () => {
      const p = await pod("web-0");
      if (!p || p.metadata.uid === before.metadata.uid || !isReady(p)) throw new Error("web-0 not back yet");
      return p;
    });
    expect(back.metadata.labels?.[REVISION_LABEL]).toBe(old);
    expect(back.spec.containers[0]?.env).toEqual([{ name: "V", value: "1" }]);

    // Partition 0 finishes the rollout, and the new revision becomes current.
    await apply(webSet({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } } }, "2"));
    await eventually(async () =>
      expect((await set()).status).toMatchObject({ currentRevision: updated, updateRevision: updated, currentReplicas: 3, updatedReplicas: 3 }),
    );
  });
});

describe("StatefulSet on the real Docker engine", () => {
  let cluster: TestCluster;
  let volumes: string[] = [];
  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 1 });
  });
  afterAll(async () => {
    await cluster?.dispose();
    if (volumes.length) await exec("docker", ["volume", "rm", "-f", ...volumes]).catch(() => undefined);
  });

  it("gives each replica its own claim and Docker volume, which outlive the pod and the set", async () => {
    const name = `web-${cluster.run}`;
    const manifest = webSet({
      replicas: 2,
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Mi" } } } }],
    }) as { metadata: { name: string }; spec: { serviceName: string; template: { spec: { containers: Record<string, unknown>[] } } } };
    manifest.metadata.name = name;
    manifest.spec.serviceName = name;
    manifest.spec.template.spec.containers[0]!.volumeMounts = [{ name: "data", mountPath: "/data" }];
    const applied = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(manifest));
    expect(applied.code, applied.stderr).toBe(0);

    const running = async (pod: string, notUid?: string) =>
      eventually(
        async () => {
          const p = (await cluster.client.pods.get(pod)) as Pod;
          if (p.metadata.uid === notUid || p.status?.phase !== "Running") throw new Error(`${pod}: ${p.status?.phase}`);
          return p;
        },
        60_000,
        () => cluster.agents.map((a) => a.logs).join("\n"),
      );
    await running(`${name}-0`);
    const web1 = await running(`${name}-1`);
    // Each replica's claim (data-<set>-<ordinal>) is bound to a volume of the local class: a Docker
    // volume named after the claim's uid (docs/storage.md), which this test removes at the end.
    const claims = await Promise.all([0, 1].map((i) => cluster.client.persistentVolumeClaims.get(`data-${name}-${i}`)));
    volumes = claims.map((c) => `skiff-pvc-${c.metadata.uid}`);
    expect(claims.map((c) => c.status?.phase)).toEqual(["Bound", "Bound"]);
    const write = await cluster.skiff(["exec", `${name}-1`, "--", "sh", "-c", "echo kept > /data/f"]);
    expect(write.code, write.stderr).toBe(0);

    expect((await cluster.skiff(["delete", "pod", `${name}-1`])).code).toBe(0);
    await running(`${name}-1`, web1.metadata.uid);
    const read = await eventually(async () => {
      const r = await cluster.skiff(["exec", `${name}-1`, "--", "cat", "/data/f"]);
      if (r.code !== 0) throw new Error(r.stderr);
      return r;
    });
    expect(read.stdout.trim()).toBe("kept");

    // Deleting the set deletes its pods and containers, not their claims and volumes (retention
    // policy Retain, Kubernetes' default).
    expect((await cluster.skiff(["delete", "statefulset", name])).code).toBe(0);
    await eventually(async () => {
      const left = await cluster.containers();
      if (left.length) throw new Error(`${left.length} containers left`);
    }, 30_000);
    const { stdout } = await exec("docker", ["volume", "ls", "-q"]);
    expect(stdout.split("\n")).toEqual(expect.arrayContaining(volumes));
  });
});
