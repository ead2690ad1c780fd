// The real kubectl against skiff's Kubernetes API (packages/server/src/kube/): a real server, a
// real agent on the real Docker engine, kubectl as a child process with its own HOME and cache.
// Each step checks what a Kubernetes cluster would print and the exit code kubectl gives.
import { execFile } from "node:child_process";
import { readFile, writeFile, chmod } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster, eventually } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { REPO, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);
let cluster: TestCluster;
let kubectl: Kubectl;
let dir: { path: string; remove(): Promise<void> };
// A second tag of the local image, for `set image` (no registry is reachable here).
let otherImage: string;

const webYaml = (env: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: api
        image: skiff-test/busybox:1
        command: ["sh", "-c", "echo started; exec sleep 3600"]
        env:
${env.map((e) => `        - {name: ${e}, value: "1"}`).join("\n")}
`;

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("kubectl");
  cluster = await TestCluster.start({ agents: 1 });
  otherImage = `skiff-test/busybox:kubectl-${cluster.run}`;
  await exec("docker", ["tag", "skiff-test/busybox:1", otherImage]);
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(dir.path, "home"));
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  if (otherImage) await exec("docker", ["rmi", otherImage]).catch(() => undefined);
  await dir?.remove();
});

const ok = async (args: string[], input?: string) => {
  const r = await kubectl.run(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

describe("discovery", () => {
  it("version names the server, api-resources lists every kind with its short names", async () => {
    expect(await ok(["version"])).toMatch(/Server Version: v1\.32\.0-skiff/);
    const resources = await ok(["api-resources"]);
    for (const line of [/^pods\s+po\s+v1\s+true\s+Pod$/m, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^nodes\s+no\s+v1\s+false\s+Node$/m, /^secrets\s+v1\s+true\s+Secret$/m]) {
      expect(resources).toMatch(line);
    }
  });
});

describe("writing objects", () => {
  it("apply creates, reapplies unchanged, configures, and removes an env entry dropped from the file", async () => {
    const file = join(dir.path, "api.yaml");
    await writeFile(file, webYaml(["A", "B"]));
    expect(await ok(["apply", "-f", file])).toBe("deployment.apps/api created\n");
    expect(await ok(["apply", "-f", file])).toBe("deployment.apps/api unchanged\n");
    await writeFile(file, webYaml(["A"]));
    expect(await ok(["apply", "-f", file])).toBe("deployment.apps/api configured\n");
    const env = JSON.parse(await ok(["get", "deploy", "api", "-o", "jsonpath={.spec.template.spec.containers[0].env}"]));
    expect(env).toEqual([{ name: "A", value: "1" }]);
  });

  it("an object written through either edge is the same object through the other", async () => {
    // A ConfigMap: no controller writes it behind the test's back, so its resourceVersion holds still.
    await ok(["create", "configmap", "from-kubectl", "--from-literal=a=1"]);
    expect((await cluster.skiff(["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "from-skiff" }, data: { a: "1" } }))).code).toBe(0);
    for (const name of ["from-kubectl", "from-skiff"]) {
      const viaSkiff = JSON.parse((await cluster.skiff(["get", "configmap", name, "-o", "json"])).stdout);
      const viaKubectl = JSON.parse(await ok(["get", "configmap", name, "-o", "json"]));
      expect(viaKubectl.metadata.resourceVersion).toBe(viaSkiff.metadata.resourceVersion);
      expect(viaKubectl.metadata.uid).toBe(viaSkiff.metadata.uid);
      expect(viaKubectl.data).toEqual(viaSkiff.data);
    }
  });

  it("applies the demo's manifests unchanged", async () => {
    const out = await ok(["apply", "-f", join(REPO, "examples/demo/web-config.yaml"), "-f", join(REPO, "examples/demo/web.yaml")]);
    expect(out).toContain("configmap/web-config created");
    expect(out).toContain("deployment.apps/web created");
    expect(out).toContain("service/web created");
  });

  it("create twice is AlreadyExists; delete -f returns once the object is gone", async () => {
    const file = join(dir.path, "cm.yaml");
    await writeFile(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\n");
    expect(await ok(["create", "-f", file])).toBe("configmap/settings created\n");
    const again = await kubectl.run(["create", "-f", file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating "' + file + '": configmaps "settings" already exists');
    expect(await ok(["delete", "-f", file])).toBe('configmap "settings" deleted\n');
    const gone = await kubectl.run(["get", "cm", "settings"]);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "settings" not found');
  });

  it("refuses an invalid manifest naming each field, and stores nothing", async () => {
    const file = join(dir.path, "bad.yaml");
    await writeFile(file, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: bad}}\n  template:\n    metadata: {labels: {app: bad}}\n    spec:\n      containers: [{name: c}]\n");
    const r = await kubectl.run(["apply", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The Deployment "bad" is invalid');
    expect(r.stderr).toContain("spec.replicas");
    expect(r.stderr).toContain("spec.template.spec.containers[0].image");
    expect((await kubectl.run(["get", "deploy", "bad"])).code).toBe(1);
    // The same refusal, with the same field paths, through skiff's own edge.
    const viaSkiff = await cluster.skiff(["apply", "-f", file]);
    expect(viaSkiff.code).toBe(1);
    expect(viaSkiff.stderr).toContain("spec.replicas");
    expect(viaSkiff.stderr).toContain("spec.template.spec.containers[0].image");
  });

  it("a wrong token gets 401 and no data", async () => {
    const wrong = join(dir.path, "wrong.kubeconfig");
    await writeFile(wrong, (await readFile(kubectl.kubeconfig, "utf8")).replace(/token: .*/, "token: abcdef.0123456789abcdef"), { mode: 0o600 });
    const r = await new Kubectl(wrong, join(dir.path, "home-wrong")).run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("You must be logged in to the server");
    expect(r.stdout).toBe("");
  });
});

describe("reading", () => {
  it("get prints kubectl's columns for every kind, wide, labels, selectors, sorting and jsonpath", async () => {
    await ok(["rollout", "status", "deploy/api", "--timeout=60s"]);
    expect(await ok(["get", "nodes"])).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n\S+\s+Ready\s+<none>/);
    expect(await ok(["get", "pods", "-l", "app=api", "-o", "wide"])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n(api-\S+\s+1\/1\s+Running\s+0\s+\S+\s+[\d.]+\s+\S+\s+<none>\s+<none>\n){2}$/);
    expect(await ok(["get", "deploy", "api"])).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\napi\s+2\/2\s+2\s+2\s+/);
    expect(await ok(["get", "rs", "-l", "app=api"])).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n/);
    expect(await ok(["get", "svc", "web"])).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+NodePort\s+[\d.]+\s+<none>\s+80:\d+\/TCP\s+/);
    expect(await ok(["get", "cm", "web-config"])).toMatch(/^NAME\s+DATA\s+AGE\nweb-config\s+1\s+/);
    expect(await ok(["get", "ns"])).toMatch(/^NAME\s+STATUS\s+AGE\ndefault\s+Active\s+/);
    expect(await ok(["get", "ep", "web"])).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+/);
    expect(await ok(["get", "sts"])).toBe("");
    expect(await ok(["get", "secrets"])).toBe("");
    expect(await ok(["get", "deploy", "--show-labels"])).toMatch(/LABELS\n(.*\n)*api\s.*app=api/);
    expect(await ok(["get", "pods", "-A", "-l", "app=api", "--no-headers"])).toMatch(/^default\s+api-/);
    // Pages of one (limit and continue): every pod once.
    expect((await ok(["get", "pods", "-l", "app=api", "--chunk-size=1", "--no-headers"])).trim().split("\n")).toHaveLength(2);
    const sorted = (await ok(["get", "pods", "--sort-by=.metadata.name", "-o", "jsonpath={.items[*].metadata.name}"])).split(" ");
    expect(sorted).toEqual([...sorted].sort());
    expect(JSON.parse(await ok(["get", "deploy", "api", "-o", "json"])).kind).toBe("Deployment");
    expect(await ok(["get", "deploy", "api", "-o", "yaml"])).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(await ok(["get", "events"])).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  });

  it("describe shows pods, deployments and nodes with their Events", async () => {
    const pod = (await ok(["get", "pods", "-l", "app=api", "-o", "name"])).split("\n")[0]!;
    const described = await ok(["describe", pod]);
    expect(described).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(described).toMatch(/Normal\s+Scheduled\s+.*Successfully assigned default\//);
    expect(await ok(["describe", "deploy", "api"])).toMatch(/ScalingReplicaSet/);
    const node = (await ok(["describe", "node", cluster.agents[0]!.name]));
    expect(node).toContain(`Name:               ${cluster.agents[0]!.name}`);
    expect(node).toMatch(/Non-terminated Pods:\s+\(\d+ in total\)/);
  });

  it("get -w prints a pod created after it started", async () => {
    const watch = kubectl.spawn(["get", "pods", "-w"]);
    try {
      await eventually(async () => expect(watch.output()).toMatch(/^NAME\s+READY/));
      await ok(["run", "watched", "--image=skiff-test/busybox:1", "--", "sleep", "3600"]);
      await eventually(async () => expect(watch.output()).toMatch(/^watched\s+\S+\s+(Pending|ContainerCreating|Running)/m));
    } finally {
      await watch.stop();
    }
  });
});

describe("workloads", () => {
  it("scale, set image, rollout history, undo and restart", async () => {
    expect(await ok(["scale", "deploy/api", "--replicas=3"])).toBe("deployment.apps/api scaled\n");
    await eventually(async () => expect(await ok(["get", "deploy", "api", "-o", "jsonpath={.status.readyReplicas}"])).toBe("3"), 60_000);
    expect(await ok(["set", "image", "deploy/api", `api=${otherImage}`])).toBe("deployment.apps/api image updated\n");
    await ok(["rollout", "status", "deploy/api", "--timeout=60s"]);
    expect(await ok(["rollout", "history", "deploy/api"])).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect(await ok(["rollout", "undo", "deploy/api"])).toBe("deployment.apps/api rolled back\n");
    await ok(["rollout", "status", "deploy/api", "--timeout=60s"]);
    expect(await ok(["get", "deploy", "api", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])).toBe("skiff-test/busybox:1");
    expect(await ok(["rollout", "restart", "deploy/api"])).toBe("deployment.apps/api restarted\n");
    expect(await ok(["get", "deploy", "api", "-o", "jsonpath={.spec.template.metadata.annotations}"])).toContain("kubectl.kubernetes.io/restartedAt");
    expect(await ok(["rollout", "status", "deploy/api", "--timeout=60s"])).toContain('deployment "api" successfully rolled out');
  });

  it("label, annotate, patch in all three formats, and edit", async () => {
    expect(await ok(["label", "deploy", "api", "tier=back"])).toBe("deployment.apps/api labeled\n");
    expect(await ok(["annotate", "deploy", "api", "owner=team-a"])).toBe("deployment.apps/api annotated\n");
    expect(await ok(["patch", "deploy", "api", "-p", '{"spec":{"replicas":2}}'])).toBe("deployment.apps/api patched\n");
    expect(await ok(["patch", "deploy", "api", "--type", "merge", "-p", '{"metadata":{"labels":{"patched":"merge"}}}'])).toBe("deployment.apps/api patched\n");
    expect(await ok(["patch", "deploy", "api", "--type", "json", "-p", '[{"op":"replace","path":"/spec/replicas","value":1}]'])).toBe("deployment.apps/api patched\n");
    const labels = JSON.parse(await ok(["get", "deploy", "api", "-o", "jsonpath={.metadata.labels}"]));
    expect(labels).toEqual({ app: "api", tier: "back", patched: "merge" });
    const editor = join(dir.path, "editor.sh");
    await writeFile(editor, "#!/bin/sh\nsed -i 's/replicas: 1$/replicas: 2/' \"$1\"\n");
    await chmod(editor, 0o755);
    const edited = await kubectl.run(["edit", "deploy/api"], { env: { KUBE_EDITOR: editor, EDITOR: editor } });
    expect(edited.stdout).toBe("deployment.apps/api edited\n");
    expect(await ok(["get", "deploy", "api", "-o", "jsonpath={.spec.replicas}"])).toBe("2");
  });

  it("run, wait for Ready, logs, logs -f, and exec with its exit code", async () => {
    expect(await ok(["run", "talker", "--image=skiff-test/busybox:1", "--restart=Never", "--", "sh", "-c", "echo one; echo two; sleep 2; echo three; sleep 3600"])).toBe("pod/talker created\n");
    expect(await ok(["wait", "--for=condition=Ready", "pod/talker", "--timeout=60s"])).toBe("pod/talker condition met\n");
    await eventually(async () => expect(await ok(["logs", "talker"])).toContain("one\ntwo\n"));
    const follow = kubectl.spawn(["logs", "-f", "talker"]);
    try {
      await eventually(async () => expect(follow.output()).toContain("three\n"));
    } finally {
      await follow.stop();
    }
    const exec = await kubectl.run(["exec", "talker", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(exec.stdout).toBe("out\n");
    expect(exec.stderr).toContain("err\n");
    expect(exec.stderr).toContain("command terminated with exit code 3");
    expect(exec.code).toBe(3);
  });

  it("create deployment and expose", async () => {
    expect(await ok(["create", "deployment", "hello", "--image=skiff-test/busybox:1", "--", "sleep", "3600"])).toBe("deployment.apps/hello created\n");
    expect(await ok(["expose", "deployment", "hello", "--port=80", "--target-port=8080"])).toBe("service/hello exposed\n");
    expect(await ok(["get", "svc", "hello", "-o", "jsonpath={.spec.selector}"])).toBe('{"app":"hello"}');
  });
});

describe("nodes", () => {
  it("cordon, drain and uncordon", async () => {
    const node = cluster.agents[0]!.name;
    expect(await ok(["cordon", node])).toBe(`node/${node} cordoned\n`);
    expect(await ok(["get", "node", node])).toContain("Ready,SchedulingDisabled");
    // The pods of `create deployment` run `sleep` as PID 1, which ignores SIGTERM: with their
    // default 30 s grace, drain would wait it out. kubectl's --grace-period goes in each Eviction.
    const drained = await kubectl.run(["drain", node, "--ignore-daemonsets", "--force", "--grace-period=1", "--timeout=60s"]);
    expect(drained.stdout + drained.stderr).toContain(`node/${node} drained`);
    expect(drained.code).toBe(0);
    expect(await ok(["uncordon", node])).toBe(`node/${node} uncordoned\n`);
  });
});
