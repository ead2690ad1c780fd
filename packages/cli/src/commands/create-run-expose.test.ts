// create deployment|cronjob|configmap|secret, run and expose against a real server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { skiff, startServer, type TestServer } from "../test-cli.js";

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = mkdtempSync(join(tmpdir(), "skiff-create-"));
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("create", () => {
  it("deployment", async () => {
    expect(await s.at("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80")).toEqual({ code: 0, stdout: "deployment.apps/web created\n", stderr: "" });
    const d = await s.client.deployments.get("web");
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.27" });
  });

  it("cronjob, with a command after --", async () => {
    expect((await skiff("--server", s.address, "create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "date")).stdout).toBe("cronjob.batch/tick created\n");
    expect((await s.client.cronJobs.get("tick")).spec.jobTemplate.spec.template.spec.containers[0]?.command).toEqual(["date"]);
  });

  it("configmap from literals, a file and a directory", async () => {
    writeFileSync(join(dir, "app.conf"), "x=1\n");
    const r = await s.at("create", "configmap", "settings", "--from-literal=mode=prod", `--from-file=${join(dir, "app.conf")}`, `--from-file=other=${join(dir, "app.conf")}`);
    expect(r).toEqual({ code: 0, stdout: "configmap/settings created\n", stderr: "" });
    expect((await s.client.configMaps.get("settings")).data).toEqual({ mode: "prod", "app.conf": "x=1\n", other: "x=1\n" });
    expect((await s.at("create", "cm", "dir", `--from-file=${dir}`)).code).toBe(0);
    expect((await s.at("create", "configmap", "bad", "--from-file=/nonexistent/x")).stderr).toBe("error: error reading /nonexistent/x: no such file or directory\n");
  });

  it("secret generic; other types are refused in words", async () => {
    expect((await s.at("create", "secret", "generic", "db", "--from-literal=password=s3cret")).stdout).toBe("secret/db created\n");
    expect((await s.client.secrets.get("db")).data).toEqual({ password: "czNjcmV0" });
    expect((await s.at("create", "secret", "tls", "t")).stderr).toMatch(/^error: unknown secret type "tls"/);
  });

  it("--dry-run=client -o yaml prints and creates nothing", async () => {
    const r = await s.at("create", "deployment", "dry", "--image=nginx", "--dry-run=client", "-o", "yaml");
    expect(parse(r.stdout)).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "dry" } });
    expect((await s.at("get", "deploy", "dry")).code).toBe(1);
    expect((await s.at("create", "configmap", "dry", "--dry-run=client")).stdout).toBe("configmap/dry created (dry run)\n");
  });

  it("says AlreadyExists in kubectl's words", async () => {
    expect((await s.at("create", "deployment", "web", "--image=nginx")).stderr).toMatch(/^Error from server \(AlreadyExists\)/);
  });
});

describe("run and expose", () => {
  // The words after -- belong to the container, so --server goes first there.
  it("run makes a pod labelled run=NAME", async () => {
    expect((await skiff("--server", s.address, "run", "once", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c", "echo hi")).stdout).toBe("pod/once created\n");
    const p = await s.client.pods.get("once");
    expect(p.metadata.labels).toEqual({ run: "once" });
    expect(p.spec.containers[0]?.command).toEqual(["sh", "-c", "echo hi"]);
    expect((await s.at("run", "x", "--image=busybox", "echo")).stderr).toBe("error: put the arguments after --: skiff run x --image=IMG -- echo\n");
  });

  it("expose makes a Service for a Deployment's pods", async () => {
    expect(await s.at("expose", "deployment", "web", "--target-port=80", "--port=8080", "--type=NodePort")).toEqual({ code: 0, stdout: "service/web exposed\n", stderr: "" });
    const svc = await s.client.services.get("web");
    expect(svc.spec.selector).toEqual({ app: "web" });
    expect(svc.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 80, protocol: "TCP" });
    expect(svc.spec.type).toBe("NodePort");
    expect((await s.at("expose", "pod/once", "--name=once-svc")).stderr).toBe("error: couldn't find port via --port flag or introspection\n");
    expect((await s.at("expose", "cm/settings", "--port=80")).stderr).toMatch(/^error: cannot expose configmaps|^error: .*expose/);
  });
});
