// PersistentVolumes and PersistentVolumeClaims on the real Docker engine (docs/storage.md):
//  - the Kubernetes docs' MySQL pair (mysql-pv.yaml, mysql-deployment.yaml) applies unchanged,
//    with a local image named mysql:9 standing in: the claim binds, the data written in the pod
//    survives the pod's deletion and comes back on the same node;
//  - the default `local` class provisions a Docker volume on the node of the claim's first pod;
//    deleting the claim removes that volume (reclaim policy Delete), a Retain class keeps it;
//  - a StatefulSet's volumeClaimTemplates are real claims (data-<set>-0), deleted with the set
//    when its retention policy says so;
//  - bad input: an invalid size is refused with its field path (nothing stored); a claim larger
//    than any PV is valid and stays Pending with an event saying why, as in Kubernetes.
// Two agents, so that "the same node" means something.
import { execFile, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { join } from "node:path";
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";

const exec = promisify(execFile);
const MYSQL_IMAGE = "mysql:9";

let cluster: TestCluster;
let kubectl: Kubectl;
/** Docker volumes this file made, removed at the end whatever happened. */
const volumes = new Set<string>();

/** A stand-in for mysql: keeps its data in /var/lib/mysql (counts its starts there) and exits on SIGTERM. */
async function buildMysqlStandIn(): Promise<void> {
  const script = "n=$(( $(cat /var/lib/mysql/starts 2>/dev/null || echo 0) + 1 )); echo $n > /var/lib/mysql/starts; trap 'exit 0' TERM; while true; do sleep 1; done";
  const dockerfile = `FROM ${TEST_IMAGE}\nCMD ["sh", "-c", ${JSON.stringify(script)}]\n`;
  await new Promise<void>((resolve, reject) => {
    const build = spawn("docker", ["build", "-q", "-t", MYSQL_IMAGE, "-"], { stdio: ["pipe", "ignore", "pipe"] });
    let err = "";
    build.stderr.on("data", (d) => (err += d));
    build.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`docker build failed: ${err}`))));
    build.stdin.end(dockerfile);
  });
}

async function dockerVolumeExists(name: string): Promise<boolean> {
  return exec("docker", ["volume", "inspect", name]).then(
    () => true,
    () => false,
  );
}

const claim = (name: string) => cluster.client.persistentVolumeClaims.get(name) as Promise<PersistentVolumeClaim>;
const volume = (name: string) => cluster.client.persistentVolumes.get(name) as Promise<PersistentVolume>;
const logs = () => [`--- server\n${cluster.server.logs}`, ...cluster.agents.map((a) => `--- ${a.name}\n${a.logs}`)].join("\n");

async function apply(...objects: unknown[]): Promise<void> {
  const r = await cluster.skiff(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n---\n"));
  expect(r.code, r.stderr).toBe(0);
}

async function runningPod(match: (p: Pod) => boolean, notUid?: string): Promise<Pod> {
  return eventually(
    async () => {
      const pod = (await cluster.client.pods.list()).items.find((p) => match(p) && p.metadata.uid !== notUid && !p.metadata.deletionTimestamp);
      if (pod?.status?.phase !== "Running") throw new Error(`no running pod yet: ${JSON.stringify(pod?.status?.containerStatuses?.[0]?.state ?? pod?.status?.conditions ?? null)}`);
      return pod;
    },
    60_000,
    logs,
  );
}

async function podExec(pod: string, command: string): Promise<string> {
  return eventually(async () => {
    const r = await cluster.skiff(["exec", pod, "--", "sh", "-c", command]);
    if (r.code !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  });
}

/** A pod that mounts `claimName` at /data. */
const claimPod = (name: string, claimName: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: {
    terminationGracePeriodSeconds: 1,
    containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"], volumeMounts: [{ name: "data", mountPath: "/data" }] }],
    volumes: [{ name: "data", persistentVolumeClaim: { claimName } }],
  },
});
const localClaim = (name: string, storageClassName?: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Mi" } }, ...(storageClassName ? { storageClassName } : {}) },
});

async function deletePod(name: string): Promise<void> {
  expect((await cluster.skiff(["delete", "pod", name])).code).toBe(0);
  await eventually(async () => {
    const left = (await cluster.client.pods.list()).items.filter((p) => p.metadata.name === name);
    if (left.length) throw new Error(`${name} still there`);
  }, 30_000);
}

beforeAll(async () => {
  await buildMysqlStandIn();
  cluster = await TestCluster.start({ agents: 2 });
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(cluster.dir, "kubectl-home"));
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  if (volumes.size) await exec("docker", ["volume", "rm", "-f", ...volumes]).catch(() => undefined);
});

describe("the Kubernetes docs' MySQL PV, claim and Deployment", () => {
  const marker = () => `skiff-test-${cluster.run}`;
  afterAll(() => {
    // The docs' hostPath is /mnt/data on the host: remove only what this run wrote there.
    if (cluster) rmSync(`/mnt/data/${marker()}`, { force: true });
  });

  it("binds the claim, keeps the data across the pod's deletion, on the same node", async () => {
    for (const file of ["mysql-pv.yaml", "mysql-deployment.yaml"]) {
      const r = await cluster.skiff(["apply", "-f", `test/fixtures/k8s-docs/${file}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    await eventually(async () => {
      const c = await claim("mysql-pv-claim");
      expect(c.status?.phase).toBe("Bound");
      expect(c.spec.volumeName).toBe("mysql-pv-volume");
      expect(c.status?.capacity?.storage).toBe("20Gi");
      expect((await volume("mysql-pv-volume")).status?.phase).toBe("Bound");
    }, 30_000);

    const isMysql = (p: Pod) => p.metadata.labels?.app === "mysql";
    const first = await runningPod(isMysql);
    await podExec(first.metadata.name, `echo ${cluster.run} > /var/lib/mysql/${marker()}`);
    // /mnt/data is the host's: an earlier run's starts may be counted there already.
    const starts = Number(await podExec(first.metadata.name, "cat /var/lib/mysql/starts"));
    expect(starts).toBeGreaterThanOrEqual(1);

    await deletePod(first.metadata.name);
    const second = await runningPod(isMysql, first.metadata.uid);
    expect(second.spec.nodeName).toBe(first.spec.nodeName);
    expect(await podExec(second.metadata.name, `cat /var/lib/mysql/${marker()}`)).toBe(cluster.run);
    expect(await podExec(second.metadata.name, "cat /var/lib/mysql/starts")).toBe(String(starts + 1));

    // One kind per call: a comma-separated list (`get pv,pvc`) is the CLI's business, not this file's.
    const pvTable = await cluster.skiff(["get", "pv"]);
    expect(pvTable.code, pvTable.stderr).toBe(0);
    expect(pvTable.stdout).toMatch(/mysql-pv-volume\s+20Gi\s+RWO\s+Retain\s+Bound\s+default\/mysql-pv-claim\s+manual/);
    const pvcTable = await cluster.skiff(["get", "pvc"]);
    expect(pvcTable.stdout).toMatch(/mysql-pv-claim\s+Bound\s+mysql-pv-volume\s+20Gi\s+RWO\s+manual/);

    // The docs' clean-up: the Deployment, the claim, then the PV. Retain: released, data kept on the host.
    expect((await cluster.skiff(["delete", "-f", "test/fixtures/k8s-docs/mysql-deployment.yaml"])).code).toBe(0);
    expect((await cluster.skiff(["delete", "pvc", "mysql-pv-claim"])).code).toBe(0);
    await eventually(async () => expect((await volume("mysql-pv-volume")).status?.phase).toBe("Released"), 30_000);
    expect(existsSync(`/mnt/data/${marker()}`)).toBe(true);
    expect((await cluster.skiff(["delete", "pv", "mysql-pv-volume"])).code).toBe(0);
  });
});

describe("the default local StorageClass", () => {
  it("is there, the default, waiting for the first consumer", async () => {
    const r = await cluster.skiff(["get", "sc"]);
    expect(r.stdout).toMatch(/local \(default\)\s+skiff\.dev\/local\s+Delete\s+WaitForFirstConsumer\s+false/);
  });

  it("provisions a Docker volume on the node of the first pod; the pod comes back there; deleting the claim removes the volume", async () => {
    const name = `data-${cluster.run}`;
    await apply(localClaim(name));
    await eventually(async () => {
      const events = (await cluster.client.events.list()).items as Event[];
      expect(events.some((e) => e.involvedObject.name === name && e.reason === "WaitForFirstConsumer")).toBe(true);
    });
    expect((await claim(name)).status?.phase).toBe("Pending");

    await apply(claimPod(`user-${cluster.run}`, name));
    const first = await runningPod((p) => p.metadata.name === `user-${cluster.run}`);
    const bound = await claim(name);
    expect(bound.status?.phase).toBe("Bound");
    expect(bound.spec.storageClassName).toBe("local");
    expect(bound.metadata.annotations?.["volume.kubernetes.io/selected-node"]).toBe(first.spec.nodeName);
    const pv = await volume(bound.spec.volumeName!);
    // The Docker volume's name carries the claim's uid: another cluster on this engine never finds it.
    const dockerName = `skiff-pvc-${bound.metadata.uid}`;
    volumes.add(dockerName);
    expect(pv.spec.csi?.volumeHandle).toBe(dockerName);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe("Delete");
    expect(await dockerVolumeExists(dockerName)).toBe(true);
    await podExec(first.metadata.name, "echo kept > /data/f");

    await deletePod(first.metadata.name);
    await apply(claimPod(`user-${cluster.run}`, name));
    const second = await runningPod((p) => p.metadata.name === `user-${cluster.run}`, first.metadata.uid);
    expect(second.spec.nodeName).toBe(first.spec.nodeName);
    expect(await podExec(second.metadata.name, "cat /data/f")).toBe("kept");

    await deletePod(second.metadata.name);
    expect((await cluster.skiff(["delete", "pvc", name])).code).toBe(0);
    await eventually(async () => {
      const left = (await cluster.client.persistentVolumes.list()).items.map((v) => v.metadata.name);
      expect(left).not.toContain(pv.metadata.name);
      expect(await dockerVolumeExists(dockerName)).toBe(false);
    }, 30_000);
  });

  it("a class with reclaimPolicy Retain keeps the volume and its data when the claim goes", async () => {
    const className = `keep-${cluster.run}`;
    const name = `kept-${cluster.run}`;
    await apply(
      { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: className }, provisioner: "skiff.dev/local", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" },
      localClaim(name, className),
      claimPod(`keeper-${cluster.run}`, name),
    );
    const pod = await runningPod((p) => p.metadata.name === `keeper-${cluster.run}`);
    const bound = await claim(name);
    const dockerName = `skiff-pvc-${bound.metadata.uid}`;
    volumes.add(dockerName);
    await podExec(pod.metadata.name, "echo retained > /data/f");
    await deletePod(pod.metadata.name);
    expect((await cluster.skiff(["delete", "pvc", name])).code).toBe(0);
    await eventually(async () => expect((await volume(bound.spec.volumeName!)).status?.phase).toBe("Released"), 30_000);
    // Give the agent a few passes to show it does not remove the volume.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await dockerVolumeExists(dockerName)).toBe(true);
    expect((await cluster.skiff(["delete", "pv", bound.spec.volumeName!])).code).toBe(0);
  });
});

describe("StatefulSet volumeClaimTemplates", () => {
  it("become claims data-<set>-<ordinal>, bound on the replica's node, deleted with the set (whenDeleted: Delete)", async () => {
    const set = `db-${cluster.run}`;
    await apply({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: set },
      spec: {
        replicas: 1,
        serviceName: set,
        selector: { matchLabels: { app: set } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
        template: {
          metadata: { labels: { app: set } },
          spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"], volumeMounts: [{ name: "data", mountPath: "/data" }] }] },
        },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Mi" } } } }],
      },
    });
    const pod = await runningPod((p) => p.metadata.name === `${set}-0`);
    const c = await claim(`data-${set}-0`);
    expect(c.status?.phase).toBe("Bound");
    expect(c.metadata.labels).toMatchObject({ app: set });
    const dockerName = `skiff-pvc-${c.metadata.uid}`;
    volumes.add(dockerName);
    expect((await volume(c.spec.volumeName!)).spec.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.[0]?.values).toEqual([pod.spec.nodeName]);

    expect((await cluster.skiff(["delete", "statefulset", set])).code).toBe(0);
    await eventually(async () => {
      const claims = (await cluster.client.persistentVolumeClaims.list()).items.map((x) => x.metadata.name);
      expect(claims).not.toContain(`data-${set}-0`);
      expect(await dockerVolumeExists(dockerName)).toBe(false);
    }, 60_000);
  });
});

describe("bad input", () => {
  it("refuses an invalid size with its field path, and stores nothing", async () => {
    const name = `bad-${cluster.run}`;
    const bad = { ...localClaim(name), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "lots" } } } };
    const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(bad));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("spec.resources.requests.storage");
    const noModes = { ...localClaim(name), spec: { resources: { requests: { storage: "1Gi" } } } };
    const r2 = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(noModes));
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toContain("spec.accessModes");
    expect(r2.stderr).toContain("at least 1 access mode is required");
    expect((await cluster.skiff(["get", "pvc", name])).code).not.toBe(0);
  });

  it("keeps a claim larger than any PV Pending, with an event saying why (as Kubernetes does)", async () => {
    const name = `huge-${cluster.run}`;
    await apply({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { storageClassName: "manual", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Ti" } } } });
    await eventually(async () => {
      const events = (await cluster.client.events.list()).items as Event[];
      const e = events.find((x) => x.involvedObject.name === name && x.reason === "FailedBinding");
      expect(e?.message).toMatch(/no persistent volumes available for this claim/);
    });
    expect((await claim(name)).status?.phase).toBe("Pending");
    expect((await cluster.skiff(["delete", "pvc", name])).code).toBe(0);
  });
});

describe("kubectl", () => {
  it("finds pv, pvc and sc in discovery, applies a PV and a claim, and prints their Tables", async () => {
    const resources = await kubectl.run(["api-resources", "--api-group=storage.k8s.io"]);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toMatch(/\nstorageclasses\s+sc\s+storage\.k8s\.io\/v1\s+false\s+StorageClass/);
    const name = `k-${cluster.run}`;
    const manifest = [
      { apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec: { storageClassName: name, capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/tmp/skiff-${name}` } } },
      { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { storageClassName: name, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
    ];
    const applied = await kubectl.run(["apply", "-f", "-"], { input: manifest.map((m) => stringify(m)).join("---\n") });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`persistentvolume/${name} created`);
    await eventually(async () => expect((await claim(name)).status?.phase).toBe("Bound"), 30_000);
    const get = await kubectl.run(["get", "pv,pvc"]);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(new RegExp(`persistentvolume/${name}\\s+1Gi\\s+RWO\\s+Retain\\s+Bound\\s+default/${name}\\s+${name}`));
    expect(get.stdout).toMatch(new RegExp(`persistentvolumeclaim/${name}\\s+Bound\\s+${name}\\s+1Gi\\s+RWO\\s+${name}`));
    const sc = await kubectl.run(["get", "sc"]);
    expect(sc.stdout).toMatch(/local \(default\)\s+skiff\.dev\/local\s+Delete\s+WaitForFirstConsumer\s+false/);
    expect((await kubectl.run(["delete", "pvc", name])).code).toBe(0);
    expect((await kubectl.run(["delete", "pv", name])).code).toBe(0);
  });
});
