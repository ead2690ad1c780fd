// ConfigMaps, Secrets and volumes in real pods: the Kubernetes documentation's own examples, run
// by real `skiff server` and `skiff agent` processes on the real Docker engine. The manifests are
// the pages' own, unchanged except: `image:` is skiff-test/busybox:1 wherever they use busybox
// (no registry here), and where a page uses nginx or debian, busybox does their job (said at
// each place). Debian's static busybox wget crashes with -T: `timeout` bounds waits instead.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TestCluster, eventually } from "./support/cluster.js";

const exec = promisify(execFile);
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 1 });
});
afterAll(async () => {
  const node = cluster?.agents[0]?.name;
  await cluster?.dispose();
  // The agent removes a pod's volumes with the pod; the run is killed before it can.
  if (node) {
    const { stdout } = await exec("docker", ["volume", "ls", "-q", "--filter", `label=skiff.node=${node}`]);
    const names = stdout.split("\n").filter(Boolean);
    if (names.length) await exec("docker", ["volume", "rm", "-f", ...names]).catch(() => undefined);
  }
});

const apply = async (yaml: string) => {
  const r = await cluster.skiff(["apply", "-f", "-"], yaml);
  expect(r.code, r.stderr).toBe(0);
};
const getPod = (name: string) => cluster.client.pods.get(name) as Promise<Pod>;
const agentLogs = () => cluster.agents.map((a) => a.logs).join("\n");
const waitPhase = (name: string, phases: string[], timeoutMs = 30_000) =>
  eventually(
    async () => {
      const p = await getPod(name);
      if (!phases.includes(p.status?.phase ?? "")) throw new Error(`${name}: phase ${p.status?.phase}: ${JSON.stringify(p.status?.containerStatuses)}`);
      return p;
    },
    timeoutMs,
    agentLogs,
  );
const logs = async (pod: string, container?: string) => {
  const r = await cluster.skiff(["logs", pod, ...(container ? ["-c", container] : [])]);
  return r.stdout;
};
// The test image's busybox has no `printenv` applet: the shell prints the variable instead.
const printenv = (pod: string, name: string) => execIn(pod, ["sh", "-c", `echo "$${name}"`]);
const execIn = async (pod: string, command: string[], container?: string) => {
  const r = await cluster.skiff(["exec", pod, ...(container ? ["-c", container] : []), "--", ...command]);
  return r.stdout;
};

const SPECIAL_CONFIG = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: special-config
  namespace: default
data:
  SPECIAL_LEVEL: very
  SPECIAL_TYPE: charm
`;

describe("configuration in pods (the Kubernetes docs' examples)", () => {
  it("envFrom a ConfigMap (Configure a Pod to Use a ConfigMap)", async () => {
    await apply(SPECIAL_CONFIG);
    // image: registry.k8s.io/busybox -> skiff-test/busybox:1
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
    - name: test-container
      image: skiff-test/busybox:1
      command: [ "/bin/sh", "-c", "env" ]
      envFrom:
      - configMapRef:
          name: special-config
  restartPolicy: Never
`);
    await waitPhase("dapi-test-pod", ["Succeeded"]);
    const out = await logs("dapi-test-pod");
    expect(out).toContain("SPECIAL_LEVEL=very");
    expect(out).toContain("SPECIAL_TYPE=charm");
  });

  it("a ConfigMap as a volume (same page): one file per key", async () => {
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod-volume
spec:
  containers:
    - name: test-container
      image: skiff-test/busybox:1
      command: [ "/bin/sh", "-c", "ls /etc/config/" ]
      volumeMounts:
      - name: config-volume
        mountPath: /etc/config
  volumes:
    - name: config-volume
      configMap:
        # Provide the name of the ConfigMap containing the files you want
        # to add to the container
        name: special-config
  restartPolicy: Never
`);
    await waitPhase("dapi-test-pod-volume", ["Succeeded"]);
    expect((await logs("dapi-test-pod-volume")).split(/\s+/).filter(Boolean).sort()).toEqual(["SPECIAL_LEVEL", "SPECIAL_TYPE"]);
  });

  const TEST_SECRET = `
apiVersion: v1
kind: Secret
metadata:
  name: test-secret
data:
  username: bXktYXBw
  password: Mzk1MjgkdmRnN0pi
`;

  it("Secret keys as environment variables (Distribute Credentials Securely Using Secrets)", async () => {
    await apply(TEST_SECRET);
    // image: nginx -> skiff-test/busybox:1 with a command that keeps it running.
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: env-single-secret
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: envars-test-container
    image: skiff-test/busybox:1
    command: ["sleep", "3600"]
    env:
    - name: SECRET_USERNAME
      valueFrom:
        secretKeyRef:
          name: test-secret
          key: username
    - name: SECRET_PASSWORD
      valueFrom:
        secretKeyRef:
          name: test-secret
          key: password
`);
    await waitPhase("env-single-secret", ["Running"]);
    expect((await printenv("env-single-secret", "SECRET_USERNAME")).trim()).toBe("my-app");
    expect((await printenv("env-single-secret", "SECRET_PASSWORD")).trim()).toBe("39528$vdg7Jb");
  });

  it("a Secret as a volume (same page), on tmpfs", async () => {
    // image: nginx -> skiff-test/busybox:1 with a command that keeps it running.
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: secret-test-pod
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: test-container
      image: skiff-test/busybox:1
      command: ["sleep", "3600"]
      volumeMounts:
        # name must match the volume name below
        - name: secret-volume
          mountPath: /etc/secret-volume
          readOnly: true
  # The secret data is exposed to Containers in the Pod through a Volume.
  volumes:
    - name: secret-volume
      secret:
        secretName: test-secret
`);
    await waitPhase("secret-test-pod", ["Running"]);
    expect((await execIn("secret-test-pod", ["cat", "/etc/secret-volume/username"])).trim()).toBe("my-app");
    expect((await execIn("secret-test-pod", ["cat", "/etc/secret-volume/password"])).trim()).toBe("39528$vdg7Jb");
    expect(await execIn("secret-test-pod", ["sh", "-c", "grep ' /etc/secret-volume ' /proc/mounts"])).toMatch(/ tmpfs ro,/);
    const write = await cluster.skiff(["exec", "secret-test-pod", "--", "sh", "-c", "echo x > /etc/secret-volume/new"]);
    expect(write.code).not.toBe(0); // read-only, as in Kubernetes
  });

  it("two containers share an emptyDir (Communicate Between Containers in the Same Pod Using a Shared Volume)", async () => {
    // nginx-container: busybox httpd serving nginx's directory; debian-container: busybox sh.
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: skiff-test/busybox:1
    command: ["httpd", "-f", "-p", "80", "-h", "/usr/share/nginx/html"]
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: skiff-test/busybox:1
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
`);
    await waitPhase("two-containers", ["Running"]);
    const body = await eventually(async () => {
      const out = await execIn("two-containers", ["timeout", "5", "wget", "-qO-", "http://127.0.0.1/"], "nginx-container");
      if (!out.includes("Hello")) throw new Error(`got ${JSON.stringify(out)}`);
      return out;
    });
    expect(body.trim()).toBe("Hello from the debian container");

    const node = cluster.agents[0]?.name ?? "";
    const volumes = async () => (await exec("docker", ["volume", "ls", "-q", "--filter", `label=skiff.node=${node}`, "--filter", "label=skiff.volume=shared-data"])).stdout.trim();
    expect(await volumes()).not.toBe("");
    expect((await cluster.skiff(["delete", "pod", "two-containers"])).code).toBe(0);
    await eventually(async () => {
      if ((await volumes()) !== "") throw new Error("the emptyDir volume is still there");
    }, 30_000);
  });

  it("a ConfigMap update reaches the files of a running pod within seconds", async () => {
    await apply(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: live-config
data:
  greeting: hello
`);
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: live-reader
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: skiff-test/busybox:1
    command: ["sleep", "3600"]
    volumeMounts:
    - name: config
      mountPath: /etc/config
  volumes:
  - name: config
    configMap:
      name: live-config
`);
    await waitPhase("live-reader", ["Running"]);
    const id = (await getPod("live-reader")).status?.containerStatuses?.[0]?.containerID;
    expect((await execIn("live-reader", ["cat", "/etc/config/greeting"])).trim()).toBe("hello");
    const started = Date.now();
    await apply(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: live-config
data:
  greeting: bonjour
`);
    await eventually(async () => {
      const now = (await execIn("live-reader", ["cat", "/etc/config/greeting"])).trim();
      if (now !== "bonjour") throw new Error(`still ${now}`);
    }, 10_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`ConfigMap update reached the pod's file in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(10);
    // The file changed; the container did not restart.
    expect((await getPod("live-reader")).status?.containerStatuses?.[0]?.containerID).toBe(id);
  });

  it("a pod that needs a missing Secret waits with CreateContainerConfigError, and starts when the Secret comes", async () => {
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: needs-secret
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: skiff-test/busybox:1
    command: ["sleep", "3600"]
    env:
    - name: TOKEN
      valueFrom:
        secretKeyRef:
          name: late-secret
          key: token
`);
    const waiting = await eventually(async () => {
      const w = (await getPod("needs-secret")).status?.containerStatuses?.[0]?.state?.waiting;
      if (w?.reason !== "CreateContainerConfigError") throw new Error(`waiting ${JSON.stringify(w)}`);
      return w;
    }, 30_000, agentLogs);
    expect(waiting.message).toBe('secret "late-secret" not found');
    expect((await cluster.containers({ "skiff.pod.name": "needs-secret", "skiff.container": "main" })).length).toBe(0);
    await apply(`
apiVersion: v1
kind: Secret
metadata:
  name: late-secret
stringData:
  token: abc123
`);
    await waitPhase("needs-secret", ["Running"]);
    expect((await printenv("needs-secret", "TOKEN")).trim()).toBe("abc123");
  });

  it("subPath mounts one file of a ConfigMap volume at a path", async () => {
    await apply(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-files
data:
  app.conf: "port=8080"
  other.conf: "other"
`);
    await apply(`
apiVersion: v1
kind: Pod
metadata:
  name: subpath-pod
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: skiff-test/busybox:1
    command: ["sleep", "3600"]
    volumeMounts:
    - name: config
      mountPath: /etc/app/app.conf
      subPath: app.conf
  volumes:
  - name: config
    configMap:
      name: app-files
`);
    await waitPhase("subpath-pod", ["Running"]);
    expect((await execIn("subpath-pod", ["cat", "/etc/app/app.conf"])).trim()).toBe("port=8080");
    expect((await execIn("subpath-pod", ["ls", "/etc/app"])).trim()).toBe("app.conf");
  });
});
