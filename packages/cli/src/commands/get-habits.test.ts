// kubectl's `get` habits against a real server: several kinds, `all`, label columns, JSONPath,
// custom columns, --sort-by and --field-selector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
const pod = (name: string, nodeName: string, labels: Record<string, string>): Pod =>
  ({ metadata: { name, namespace: "default", labels }, spec: { nodeName, containers: [{ name: "app", image: `img-${name}` }] } }) as Pod;

beforeAll(async () => {
  s = await startServer();
  await s.client.pods.create(pod("b-web", "n2", { app: "web", "app.kubernetes.io/tier": "front" }));
  await s.client.pods.create(pod("a-db", "n1", { app: "db" }));
  await s.client.pods.create(pod("c-web", "n1", { app: "web" }));
  await s.client.services.create({ metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
  await s.client.configMaps.create({ metadata: { name: "settings", namespace: "default" }, data: { a: "1" } });
});
afterAll(() => s?.close());

const lines = (text: string) => text.trimEnd().split("\n");

describe("several kinds", () => {
  it("get po,svc prints a table per kind, names as kind/name, a blank line between", async () => {
    const r = await s.at("get", "po,svc");
    expect(r.code).toBe(0);
    const [pods, services] = r.stdout.split("\n\n");
    expect(lines(pods ?? "").map((l) => l.split(/\s+/)[0])).toEqual(["NAME", "pod/a-db", "pod/b-web", "pod/c-web"]);
    expect(lines(services ?? "").map((l) => l.split(/\s+/)[0])).toEqual(["NAME", "service/web"]);
  });

  it("get all lists the workload kinds, not ConfigMaps", async () => {
    const r = await s.at("get", "all", "-o", "name");
    expect(r.stdout).toBe("pod/a-db\npod/b-web\npod/c-web\nservice/web\n");
    expect((await s.at("get", "all,cm", "-o", "name")).stdout).toContain("configmap/settings\n");
  });

  it("-o json of several kinds is one List", async () => {
    const list = JSON.parse((await s.at("get", "pods,configmaps", "-o", "json")).stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe("List");
    expect(list.items.map((i) => i.kind)).toEqual(["Pod", "Pod", "Pod", "ConfigMap"]);
  });

  it("refuses a watch over several kinds, and an unknown one among them", async () => {
    expect((await s.at("get", "po,svc", "-w")).stderr).toBe("error: you may only specify a single resource type\n");
    expect((await s.at("get", "po,foos")).stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
  });
});

describe("label columns", () => {
  it("--show-labels adds LABELS last", async () => {
    const r = await s.at("get", "pods", "--show-labels");
    expect(lines(r.stdout)[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/);
    // Sorted as key=value strings, as kubectl's labels.Set.String() does.
    expect(lines(r.stdout)[2]).toMatch(/\sapp\.kubernetes\.io\/tier=front,app=web$/);
  });

  it("-L adds a column per key, headed by the key's last segment", async () => {
    const r = await s.at("get", "pods", "-L", "app,app.kubernetes.io/tier", "--no-headers");
    expect(lines(r.stdout)[0]).toMatch(/\sdb$/);
    const header = lines((await s.at("get", "pods", "-L", "app", "-L", "app.kubernetes.io/tier")).stdout)[0];
    expect(header).toMatch(/AGE\s+APP\s+TIER$/);
    expect(lines(r.stdout)[1]).toMatch(/\sweb\s+front$/);
  });
});

describe("-o jsonpath and custom-columns", () => {
  it("prints a listing through a template", async () => {
    expect((await s.at("get", "pods", "-o", "jsonpath={.items[*].metadata.name}")).stdout).toBe("a-db b-web c-web");
    const r = await s.at("get", "pods", "-o", 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}');
    expect(r.stdout).toBe("a-db\tn1\nb-web\tn2\nc-web\tn1\n");
  });

  it("prints one named object as itself", async () => {
    expect((await s.at("get", "pod", "a-db", "-o", "jsonpath={.spec.containers[0].image}")).stdout).toBe("img-a-db");
  });

  it("prints the user's columns, <none> where a field is missing", async () => {
    const r = await s.at("get", "pods", "-o", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,TIER:.metadata.labels.app\\.kubernetes\\.io/tier");
    expect(r.stdout).toBe("NAME    NODE   TIER\na-db    n1     <none>\nb-web   n2     front\nc-web   n1     <none>\n");
  });

  it("refuses a bad template or format before calling the server, exit 1", async () => {
    expect(await s.at("get", "pods", "-o", "jsonpath={.items")).toEqual({ code: 1, stdout: "", stderr: "error: error parsing jsonpath {.items, unclosed action\n" });
    expect((await s.at("get", "pods", "-o", "custom-columns=NAME")).stderr).toMatch(/^error: unexpected custom-columns spec: NAME/);
    expect((await s.at("get", "pods", "-o", "yml")).stderr).toMatch(/^error: unable to match a printer suitable for the output format "yml"/);
  });
});

describe("--sort-by and --field-selector", () => {
  it("sorts by a field", async () => {
    const r = await s.at("get", "pods", "--sort-by", ".spec.nodeName", "-o", "name");
    expect(r.stdout).toBe("pod/a-db\npod/c-web\npod/b-web\n");
    const byLabel = await s.at("get", "pods", "--sort-by={.metadata.labels.app}", "-o", "jsonpath={.items[*].metadata.labels.app}");
    expect(byLabel.stdout).toBe("db web web");
  });

  it("selects by field, with Kubernetes' rules per kind", async () => {
    expect((await s.at("get", "pods", "--field-selector", "spec.nodeName=n1", "-o", "name")).stdout).toBe("pod/a-db\npod/c-web\n");
    expect((await s.at("get", "pods", "--field-selector", "spec.nodeName!=n1,metadata.name!=x", "-o", "name")).stdout).toBe("pod/b-web\n");
    expect(await s.at("get", "pods", "--field-selector", "spec.image=x")).toEqual({ code: 1, stdout: "", stderr: "error: field label not supported: spec.image\n" });
    const none = await s.at("get", "pods", "--field-selector", "spec.nodeName=n9");
    expect(none).toEqual({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
  });
});
