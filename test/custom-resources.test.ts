// CustomResourceDefinitions and their objects through every edge of a real `skiff server` (no
// agents, no Docker): the CLI, kubectl on the Kubernetes REST API, and the SDK. The Website CRD
// (test/fixtures/custom-resources/website-crd.yaml) is the operator example's kind.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkiffClient } from "@skiff/client";
import type { ApiObject, CustomResourceDefinition } from "@skiff/api";
import { eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";
import { REPO, skiff, spawnSkiff, startServer, tempDir, type ServerProcess } from "./support/skiff.js";

type Website = ApiObject<{ image: string; replicas?: number; message?: string; size?: string }, { readyReplicas?: number; url?: string }>;

const CRD_FILE = join(REPO, "test/fixtures/custom-resources/website-crd.yaml");
const website = (name: string, spec: string) => `apiVersion: example.com/v1\nkind: Website\nmetadata:\n  name: ${name}\nspec:\n${spec}\n`;

let server: ServerProcess;
let dispose: () => Promise<void>;
let kubectl: Kubectl;
let home: { path: string; remove(): Promise<void> };
let client: SkiffClient;
const run = (args: string[], input?: string) => skiff(args, { env: server.env, input });
const ok = async (args: string[], input?: string) => {
  const r = await run(args, input);
  expect(r.code, `skiff ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r;
};
const kube = async (args: string[], input?: string) => {
  const r = await kubectl.run(args, { input });
  expect(r.code, `kubectl ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  ({ server, dispose } = await startServer());
  home = await tempDir("crd-kubectl");
  kubectl = new Kubectl(server.kubeconfigPath, home.path);
  client = new SkiffClient(server.clientOptions());
  expect((await ok(["apply", "-f", CRD_FILE])).stdout).toBe("customresourcedefinition.apiextensions.k8s.io/websites.example.com created\n");
}, 60_000);

afterAll(async () => {
  client?.close();
  await dispose?.();
  await home?.remove();
});

describe("the CustomResourceDefinition", () => {
  it("is Established with its names accepted", async () => {
    await eventually(async () => {
      const crd = await client.get<CustomResourceDefinition>("CustomResourceDefinition", "websites.example.com");
      expect(crd.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(["NamesAccepted=True", "Established=True"]);
      expect(crd.status?.storedVersions).toEqual(["v1"]);
    });
  });

  it("with a schema that is not structural is refused with the path", async () => {
    const crd = (await readFile(CRD_FILE, "utf8")).replace("websites.example.com", "others.example.com").replace(/plural: websites/, "plural: others").replace(/singular: website/, "singular: other").replace("kind: Website", "kind: Other").replace("shortNames: [ws]", "shortNames: []").replace("image: {type: string}", "image: {pattern: x}");
    const r = await run(["apply", "-f", "-"], crd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.type: required: must not be empty for specified fields");
  });

  it("whose names clash with a built-in kind is refused", async () => {
    const crd = (await readFile(CRD_FILE, "utf8")).replace("websites.example.com", "pods.example.com").replace(/plural: websites/, "plural: pods").replace(/singular: website/, "singular: pod").replace("kind: Website", "kind: Pod");
    const r = await run(["apply", "-f", "-"], crd);
    expect(r.code).toBe(0);
    await eventually(async () => {
      const stored = await client.get<CustomResourceDefinition>("CustomResourceDefinition", "pods.example.com");
      expect(stored.status?.conditions?.find((c) => c.type === "NamesAccepted")).toMatchObject({ status: "False", message: '"pod" is already in use by the built-in kind Pod' });
    });
    await ok(["delete", "crd", "pods.example.com"]);
  });
});

describe("custom objects through the CLI", () => {
  it("apply prunes an unknown field with a warning; get prints the printer columns; describe shows the body", async () => {
    const r = await ok(["apply", "-f", "-"], website("blog", "  image: nginx\n  replicas: 2\n  colour: blue"));
    expect(r.stdout).toBe("website.example.com/blog created\n");
    expect(r.stderr).toContain("spec.colour: unknown field, pruned (not in the schema of Website)");
    const table = (await ok(["get", "websites"])).stdout;
    expect(table).toMatch(/^NAME\s+REPLICAS\s+MESSAGE\s+READY\s+AGE\n/);
    expect(table).toMatch(/\nblog\s+2\s+hello\s+<none>\s+\d+s\n/);
    expect((await ok(["get", "ws", "blog", "-o", "wide"])).stdout).toMatch(/^NAME\s+REPLICAS\s+MESSAGE\s+READY\s+AGE\s+SIZE\n/);
    const stored = JSON.parse((await ok(["get", "website", "blog", "-o", "json"])).stdout);
    expect(stored.spec).toEqual({ image: "nginx", replicas: 2, message: "hello" });
    expect((await ok(["describe", "ws", "blog"])).stdout).toMatch(/Kind:\s+Website\nSpec:\n\s+Image:\s+nginx\n\s+Replicas:\s+2\n\s+Message:\s+hello/);
  });

  it("a broken object is refused with the field path and the rule", async () => {
    const r = await run(["apply", "-f", "-"], website("broken", "  replicas: -1\n  size: XL"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spec.replicas: must be >= 0");
    expect(r.stderr).toContain("spec.image: required");
    expect(r.stderr).toContain('spec.size: must be one of "S", "M", "L", got "XL"');
  });

  it("--strict refuses an unknown field instead of pruning it", async () => {
    const r = await run(["apply", "--strict", "-f", "-"], website("strict", "  image: nginx\n  colour: blue"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spec.colour: unknown field: not in the schema of Website (strict mode)");
  });

  it("skiff scale goes through specReplicasPath; get -w sees the change; delete removes it", async () => {
    await ok(["apply", "-f", "-"], website("shop", "  image: nginx"));
    const watch = spawnSkiff(["get", "websites", "-w"], server.env);
    try {
      await watch.waitFor(/shop\s+1\s+hello/);
      expect((await ok(["scale", "ws/shop", "--replicas", "5"])).stdout).toBe("website.example.com/shop scaled\n");
      await watch.waitFor(/shop\s+5\s+hello/);
    } finally {
      watch.stop();
    }
    expect((await ok(["delete", "website", "shop"])).stdout).toBe('website.example.com "shop" deleted\n');
    expect((await run(["get", "ws", "shop"])).code).toBe(1);
  });
});

describe("custom objects through kubectl", () => {
  it("api-resources lists the kind; apply, get (the Table's columns), scale and the status subresource work", async () => {
    expect(await kube(["api-resources", "--api-group=example.com"])).toMatch(/^websites\s+ws\s+example.com\/v1\s+true\s+Website$/m);
    expect(await kube(["apply", "-f", "-"], website("docs", "  image: nginx\n  replicas: 1"))).toBe("website.example.com/docs created\n");
    expect(await kube(["get", "ws", "docs"])).toMatch(/^NAME\s+REPLICAS\s+MESSAGE\s+READY\s+AGE\ndocs\s+1\s+hello\s+<none>\s+\d+s\n$/);
    expect(await kube(["scale", "website/docs", "--replicas=3"])).toBe("website.example.com/docs scaled\n");
    await kube(["patch", "ws", "docs", "--subresource=status", "--type=merge", "-p", '{"status":{"readyReplicas":3,"url":"http://docs"}}']);
    // Through the main resource, status is ignored; the spec change bumps the generation, status writes do not.
    await kube(["patch", "ws", "docs", "--type=merge", "-p", '{"spec":{"message":"hi"},"status":{"readyReplicas":0}}']);
    const docs = await client.custom<Website>("example.com", "v1", "websites").get("docs");
    expect(docs.spec).toMatchObject({ replicas: 3, message: "hi" });
    expect(docs.status).toEqual({ readyReplicas: 3, url: "http://docs" });
    expect(docs.metadata.generation).toBe(3);
    expect(JSON.parse(await kube(["get", "--raw", "/apis/example.com/v1/namespaces/default/websites/docs/scale"]))).toMatchObject({ spec: { replicas: 3 }, status: { replicas: 3 } });
  });

  it("a broken object is refused with the path and the rule", async () => {
    const r = await kubectl.run(["apply", "-f", "-"], { input: website("bad", "  image: nginx\n  replicas: -1") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spec.replicas: must be >= 0");
  });

  it("get -w sees a change made elsewhere; delete removes the object", async () => {
    const watch = kubectl.spawn(["get", "ws", "-w"]);
    try {
      await eventually(async () => expect(watch.output()).toMatch(/docs\s+3\s+hi/));
      await ok(["apply", "-f", "-"], website("docs", "  image: nginx\n  replicas: 3\n  message: changed"));
      await eventually(async () => expect(watch.output()).toMatch(/docs\s+3\s+changed/));
    } finally {
      await watch.stop();
    }
    expect(await kube(["delete", "ws", "docs"])).toBe('website.example.com "docs" deleted\n');
  });
});

describe("custom objects through the SDK", () => {
  it("client.custom<T>() creates, lists, updates, writes status, watches and deletes", async () => {
    const sites = client.custom<Website>("example.com", "v1", "websites");
    const created = await sites.create({ metadata: { name: "sdk" }, spec: { image: "nginx" } });
    expect(created.spec).toEqual({ image: "nginx", replicas: 1, message: "hello" });
    expect((await sites.list()).items.map((s) => s.metadata.name)).toContain("sdk");
    const updated = await sites.update({ ...created, spec: { ...created.spec!, replicas: 4 } });
    expect(updated.metadata.generation).toBe(2);
    const withStatus = await sites.updateStatus({ ...updated, status: { readyReplicas: 4 } });
    expect(withStatus.status).toEqual({ readyReplicas: 4 });
    expect(withStatus.metadata.generation).toBe(2);
    const done = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const ev of sites.watch({ signal: done.signal })) {
        seen.push(`${ev.type} ${ev.object?.metadata.name}`);
        if (ev.type === "DELETED") done.abort();
      }
    })();
    await eventually(async () => expect(seen).toContain("ADDED sdk"));
    await sites.delete("sdk");
    await watching;
    expect(seen).toContain("DELETED sdk");
  });
});

describe("garbage collection and deletion", () => {
  it("a ConfigMap owned by a Website goes when the Website is deleted", async () => {
    const owner = await client.custom<Website>("example.com", "v1", "websites").create({ metadata: { name: "owner" }, spec: { image: "nginx" } });
    await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner-page", ownerReferences: [{ apiVersion: "example.com/v1", kind: "Website", name: "owner", uid: owner.metadata.uid! }] }, data: { "index.html": "hi" } });
    await ok(["delete", "ws", "owner"]);
    await eventually(async () => expect((await run(["get", "cm", "owner-page"])).code).toBe(1));
  });

  it("deleting the CRD deletes its objects, and the kind stops being served", async () => {
    await ok(["apply", "-f", "-"], website("last", "  image: nginx"));
    await ok(["delete", "crd", "websites.example.com"]);
    const crdLog = () => server.logs.split("\n").filter((l) => l.includes("customresource")).slice(-10).join("\n");
    await eventually(async () => expect((await client.list("CustomResourceDefinition")).items.map((c) => c.metadata.name)).toEqual([]), 20_000, crdLog);
    const r = await run(["get", "websites"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the server doesn\'t have a resource type "websites"');
    // Defined again, the kind has no objects: the old ones went with the CRD.
    await ok(["apply", "-f", CRD_FILE]);
    expect((await ok(["get", "websites"])).stderr).toBe("No resources found in default namespace.\n");
  });
});
