// Bad input never crashes the server and never half-applies: each case is one clear message,
// naming the document and the field, exit code 1, and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skiff, startServer, type ServerProcess } from "./support/skiff.js";

let server: ServerProcess;
let dispose: () => Promise<void>;
const run = (args: string[], input?: string) => skiff(args, { env: server.env, input });

beforeAll(async () => ({ server, dispose } = await startServer()));
afterAll(async () => dispose?.());

const pod = (name: string, container = "{name: app, image: busybox}") =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [${container}]\n`;

const cases: { name: string; input: string; message: RegExp }[] = [
  { name: "invalid YAML", input: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n", message: /line \d+, column \d+/ },
  { name: "an unknown kind", input: "apiVersion: v1\nkind: Potato\nmetadata: {name: x}\n", message: /Potato/ },
  {
    name: "a missing field",
    input: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web}]\n`,
    message: /spec\.template\.spec\.containers\[0\]\.image: required/,
  },
  { name: "a wrong type", input: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: three}\n`, message: /spec\.replicas/ },
  { name: "a name with capitals", input: pod("MyPod"), message: /metadata\.name/ },
  { name: "a field that is not Kubernetes", input: pod("p", "{name: app, image: busybox, imagee: x}"), message: /imagee: unknown field/ },
];

describe("skiff apply rejects bad input", () => {
  for (const c of cases) {
    it(`${c.name}: a clear message, exit 1, nothing stored`, async () => {
      const r = await run(["apply", "-f", "-"], c.input);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect((await run(["get", "pods", "-o", "name"])).stdout).toBe("");
      expect((await run(["get", "deployments", "-o", "name"])).stdout).toBe("");
    });
  }

  it("a 10 MB document: refused with its size, nothing stored", async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${"x".repeat(10 * 1024 * 1024)}"\n`;
    const r = await run(["apply", "-f", "-"], big);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MiB/);
    expect((await run(["get", "cm", "-o", "name"])).stdout).toBe("");
  });

  it("validates every document before storing any", async () => {
    const r = await run(["apply", "-f", "-"], `${pod("good")}---\n${pod("Bad")}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/document 2/);
    expect((await run(["get", "pods", "-o", "name"])).stdout).toBe("");
  });

  it("names the file of a bad document", async () => {
    const r = await run(["apply", "-f", "test/fixtures/bad-pod.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad-pod.yaml");
    expect(r.stderr).toMatch(/spec\.containers\[0\]\.image: required/);
  });

  it("the server survives all of it and still serves", async () => {
    expect(server.child?.exitCode).toBeNull();
    const r = await run(["apply", "-f", "-"], pod("fine"));
    expect(r.code, r.stderr).toBe(0);
  });
});
