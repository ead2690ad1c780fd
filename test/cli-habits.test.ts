// kubectl's habits in the skiff CLI on a real cluster (issue 12): objects made by `create` and
// `run` come up and are waited for with `wait`; `logs deployment/NAME` and `logs job/NAME` read a
// real container; and the output formats kubectl users script against (`-o jsonpath`,
// `-o custom-columns`, `--sort-by`, `-L`) print what the real kubectl prints for the same objects.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IMAGE, TestCluster } from "./support/cluster.js";
import { Kubectl, kubectlClientVersion } from "./support/kubectl.js";
import { tempDir } from "./support/skiff.js";

let cluster: TestCluster;
let kubectl: Kubectl;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  console.log(`kubectl under test: ${await kubectlClientVersion()}`);
  dir = await tempDir("cli-habits");
  cluster = await TestCluster.start({ agents: 1 });
  kubectl = new Kubectl(cluster.server.kubeconfigPath, join(dir.path, "home"));
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  await dir?.remove();
});

async function ok(args: string[], input?: string): Promise<string> {
  const r = await cluster.skiff(args, input);
  expect(r.code, `skiff ${args.join(" ")}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe("making objects and waiting for them", () => {
  it("create deployment, wait for Available, logs deployment/NAME", async () => {
    expect(await ok(["create", "deployment", "hello", `--image=${TEST_IMAGE}`, "--replicas=2", "--", "sh", "-c", "echo hello from $HOSTNAME; sleep 3600"])).toBe(
      "deployment.apps/hello created\n",
    );
    expect(await ok(["wait", "deployment/hello", "--for=condition=Available", "--timeout=90s"])).toBe("deployment.apps/hello condition met\n");
    const logs = await cluster.skiff(["logs", "deployment/hello"]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/^hello from hello-/);
    expect(logs.stderr).toMatch(/^Found 2 pods, using pod\/hello-/);
  }, 120_000);

  it("create job, wait for Complete, logs job/NAME", async () => {
    await ok(["create", "job", "once", `--image=${TEST_IMAGE}`, "--", "sh", "-c", "echo done"]);
    expect(await ok(["wait", "job/once", "--for=condition=Complete", "--timeout=90s"])).toBe("job.batch/once condition met\n");
    expect(await ok(["logs", "job/once"])).toBe("done\n");
  }, 120_000);

  it("run a pod, wait for its phase by jsonpath, then for its deletion", async () => {
    await ok(["run", "quick", `--image=${TEST_IMAGE}`, "--restart=Never", "--command", "--", "sh", "-c", "exit 0"]);
    expect(await ok(["wait", "pod/quick", "--for=jsonpath={.status.phase}=Succeeded", "--timeout=90s"])).toBe("pod/quick condition met\n");
    await ok(["delete", "pod", "quick"]);
    expect(await ok(["wait", "pod/quick", "--for=delete", "--timeout=60s"])).toMatch(/^pod\/quick deleted\n$|^$/);
  }, 120_000);

  it("expose the Deployment, and see the Service select its pods", async () => {
    expect(await ok(["expose", "deployment/hello", "--port=80", "--target-port=8080"])).toBe("service/hello exposed\n");
    expect(await ok(["get", "svc", "hello", "-o", "jsonpath={.spec.selector.app}"])).toBe("hello");
  });
});

describe("output formats, next to kubectl's", () => {
  // The same objects through both: skiff over gRPC, kubectl over the REST edge.
  const same = async (args: string[]) => {
    const ours = await cluster.skiff(args);
    const theirs = await kubectl.run(args);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: 0, stdout: theirs.stdout });
  };

  it.each([
    [["get", "pods", "-o", "jsonpath={.items[*].metadata.name}", "--sort-by=.metadata.name"]],
    [["get", "pods", "-l", "app=hello", "-o", 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[0].image}{"\\n"}{end}', "--sort-by=.metadata.name"]],
    [["get", "deploy", "hello", "-o", "jsonpath={.spec.template.metadata.labels}"]],
    [["get", "deploy", "hello", "-o", 'jsonpath={.status.conditions[?(@.type=="Available")].status}']],
    [["get", "pods", "-l", "app=hello", "-o", "custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,PHASE:.status.phase", "--sort-by=.metadata.name"]],
    [["get", "pods", "--field-selector", "status.phase=Running", "-o", "name", "--sort-by=.metadata.name"]],
  ])("%j", async (args) => {
    await same(args);
  });

  it("-L and --show-labels add the same columns as kubectl's", async () => {
    const ours = (await ok(["get", "deploy", "hello", "-L", "app", "--show-labels"])).split("\n")[0];
    const theirs = (await kubectl.run(["get", "deploy", "hello", "-L", "app", "--show-labels"])).stdout.split("\n")[0];
    expect(ours?.split(/\s+/).slice(-2)).toEqual(theirs?.split(/\s+/).slice(-2));
  });

  it("get all names every kind as kubectl does", async () => {
    const ours = await ok(["get", "all", "-o", "name"]);
    for (const line of ["deployment.apps/hello", "service/hello", "job.batch/once"]) expect(ours).toContain(`${line}\n`);
  });
});

describe("label, annotate, patch", () => {
  it("label and patch land where kubectl reads them", async () => {
    expect(await ok(["label", "deploy/hello", "team=core"])).toBe("deployment.apps/hello labeled\n");
    expect((await kubectl.run(["get", "deploy", "hello", "-o", "jsonpath={.metadata.labels.team}"])).stdout).toBe("core");
    expect(await ok(["patch", "deploy/hello", "-p", '{"spec":{"replicas":1}}'])).toBe("deployment.apps/hello patched\n");
    expect(await ok(["wait", "deploy/hello", "--for=jsonpath={.status.replicas}=1", "--timeout=60s"])).toBe("deployment.apps/hello condition met\n");
  }, 90_000);
});
