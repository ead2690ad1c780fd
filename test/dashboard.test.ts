// The web dashboard in a real headless browser (Debian's Chromium driven by playwright-core, no
// browser download), on a real 3-node cluster with real Docker: what a learner sees, live.
// Writes docs/images/dashboard-*.png (the README shows two of them).
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import type { Pod } from "@skiff/api";
import { loadConfig } from "@skiff/client";
import { TEST_IMAGE, TestCluster, eventually, type AgentProcess } from "./support/cluster.js";
import { REPO, ServerProcess, freePort, skiff, tempDir } from "./support/skiff.js";

/** What the functions run in the page touch (the test project has no DOM types). */
declare const document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): unknown };
declare const window: Record<string, unknown>;

const CHROMIUM = "/usr/bin/chromium";
const IMAGES = join(REPO, "docs/images");

let cluster: TestCluster;
let browser: Browser | undefined;
let base: string;
let ca: string;
let adminToken: string;
/** A login link for a token bound to `view` (made by the read-only test). */
let viewerLink: (() => Promise<string>) | undefined;

/** One HTTPS request to the server's Kubernetes port, trusting the cluster CA only. */
function call(path: string, o: { method?: string; token?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ code: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: o.method ?? "GET", ca, headers: { ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...o.headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ code: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(o.body);
  });
}

const webDeployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"], resources: { requests: { cpu: "100m", memory: "32Mi" } } }] },
    },
  },
});

const webPods = async () => ((await cluster.client.pods.list()).items as Pod[]).filter((p) => p.metadata.labels?.app === "web");
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);

/**
 * Chromium aborts a navigation with ERR_NETWORK_CHANGED when Docker adds or removes a veth (a pod
 * starts or stops) meanwhile: go again, with a fresh URL when it was a single-use login link.
 */
async function gotoSteady(page: Page, url: string | (() => Promise<string>)): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(typeof url === "string" ? url : await url());
      return;
    } catch (err) {
      if (attempt >= 5 || !/ERR_NETWORK_CHANGED/.test(String(err))) throw err;
    }
  }
}

const dashboardLink = async () => (await cluster.skiff(["dashboard"])).stdout.trim().split("\n")[0]!;

/**
 * A logged-in page whose live stream is open. ERR_NETWORK_CHANGED can also fail the page's script
 * or its stream after the navigation itself succeeded (a pod started meanwhile): then the page is
 * loaded again; any other reason fails the test, with the requests that failed.
 */
async function loginPage(link: () => Promise<string>): Promise<Page> {
  const context = await browser!.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  let origin = "";
  await gotoSteady(page, async () => {
    const url = await link();
    origin = new URL(url).origin;
    return url;
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForSelector('[data-testid="stream"].on', { timeout: 10_000 });
      return page;
    } catch (err) {
      const networkChanged = failed.some((f) => f.includes("ERR_NETWORK_CHANGED"));
      if (attempt >= 3 || !networkChanged) throw new Error(`${String(err)}; requests that failed: ${failed.join("; ") || "none"}`);
      console.log(`dashboard: the page lost a request to ERR_NETWORK_CHANGED (${failed.join("; ")}); loading it again`);
      failed.length = 0;
      await gotoSteady(page, `${origin}/dashboard/`);
    }
  }
}

/**
 * Click a rollout button until `check` passes. The restart's pods start meanwhile, and a veth added
 * by Docker can fail the page's request with ERR_NETWORK_CHANGED ("Failed to fetch" under the
 * buttons): then it is clicked again, as a user would. Any other error shown fails the test, named.
 */
async function clickUntil(row: Locator, button: string, check: () => Promise<void>): Promise<void> {
  await row.getByRole("button", { name: button }).click();
  await eventually(async () => {
    // Done already (a request whose answer was lost may have worked): never click twice then.
    const done = await check().then(() => true, () => false);
    if (done) return;
    const error = (await row.locator('[data-testid="rollout-error"]').count()) > 0 ? await row.locator('[data-testid="rollout-error"]').textContent() : null;
    if (error !== null && !/Failed to fetch/.test(error)) throw new Error(`${button}: the page shows "${error}"`);
    if (error !== null) {
      console.log(`dashboard: ${button} lost its request ("${error}"); clicking again`);
      await row.getByRole("button", { name: button }).click();
    }
    await check();
  }, 20_000);
}

const cardsOf = (page: Page, prefix: string) => page.locator(`[data-testid="pod-card"][data-pod^="${prefix}"]`);

describe.skipIf(!existsSync(CHROMIUM))("the web dashboard (headless Chromium, 3 nodes, real Docker)", () => {
  let rssBefore = 0;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 3 });
    const config = loadConfig(cluster.server.configPath);
    ca = config.ca!;
    adminToken = config.token!;
    const kubeconfig = readFileSync(cluster.server.kubeconfigPath, "utf8");
    base = /server:\s*(https:\/\/\S+)/.exec(kubeconfig)![1]!;
    const applied = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(webDeployment(3)));
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const running = (await webPods()).filter((p) => p.status?.phase === "Running");
      if (running.length !== 3) throw new Error(`${running.length}/3 web pods Running`);
    }, 60_000);
    rssBefore = rssKiB(cluster.server.child!.pid!);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.dispose();
  });

  it("without a token every dashboard path answers 401 and says nothing about the cluster; a login link works once", async () => {
    for (const path of ["/dashboard/", "/dashboard/app.js", "/dashboard/api/stream", "/dashboard/api/k8s/api/v1/pods"]) {
      const r = await call(path);
      expect(r.code, path).toBe(401);
      expect(r.body).not.toMatch(/web-|<html|"items"/);
    }
    expect((await call("/dashboard/api/k8s/api/v1/pods", { headers: { Cookie: "skiff_dashboard=made-up" } })).code).toBe(401);
    expect((await call("/dashboard/login-codes", { method: "POST", token: "nope.nope" })).code).toBe(401);
    const link = await cluster.skiff(["dashboard"]);
    expect(link.code, link.stderr).toBe(0);
    const url = new URL(link.stdout.trim().split("\n")[0]!);
    expect(url.pathname).toBe("/dashboard/login");
    const first = await call(`${url.pathname}${url.search}`);
    expect(first.code).toBe(303);
    expect(String(first.headers["set-cookie"])).toMatch(/HttpOnly; SameSite=Strict; Secure/);
    expect((await call(`${url.pathname}${url.search}`)).code).toBe(401);
    // The session reads; a write without the dashboard's header (a cross-site form) is refused.
    const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
    expect((await call("/dashboard/api/k8s/api/v1/namespaces/default/pods", { headers: { Cookie: cookie } })).code).toBe(200);
    const forged = await call("/dashboard/api/k8s/apis/apps/v1/namespaces/default/deployments/web", { method: "DELETE", headers: { Cookie: cookie } });
    expect(forged.code).toBe(403);
    expect((await cluster.client.deployments.get("web")).metadata.name).toBe("web");
  });

  it("shows the 3 nodes and their pods, and 2 new pod cards within 2 s of a scale to 5, without a reload", async () => {
    const page = await loginPage(dashboardLink);
    await expect.poll(() => page.locator('[data-testid="node-column"]').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => cardsOf(page, "web-").count(), { timeout: 10_000 }).toBe(3);
    for (const agent of cluster.agents) expect(await page.locator(`[data-testid="node-column"][data-node="${agent.name}"]`).getAttribute("data-ready")).toBe("true");
    await page.screenshot({ path: join(IMAGES, "dashboard-cluster.png"), fullPage: true });
    await page.evaluate(() => (window.notReloaded = true));

    const scaled = await cluster.skiff(["scale", "deployment/web", "--replicas", "5"]);
    expect(scaled.code, scaled.stderr).toBe(0);
    const scaledAt = Date.now();
    // When the API first lists 5 pods, and when the page first shows 5 cards: the page's own lag.
    let inApi = 0;
    const api = eventually(async () => {
      if ((await webPods()).length < 5) throw new Error("fewer than 5 web pods");
      inApi = Date.now();
    }, 30_000);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pod-card"][data-pod^="web-"]').length === 5, undefined, { timeout: 30_000, polling: "raf" });
    const onPage = Date.now();
    await api;
    console.log(`dashboard: 5 web pod cards on the page ${onPage - scaledAt} ms after 'skiff scale' returned (the test's own 200 ms poll of the API saw them after ${inApi - scaledAt} ms)`);
    // The words: the two new cards within 2 s of the scale, not after a reload.
    expect(onPage - scaledAt).toBeLessThan(2_000);
    expect(await page.evaluate(() => window.notReloaded)).toBe(true);
    await page.context().close();
  });

  it("shows each node's and pod's usage (the agents' reports, in the stream) next to requests and limits", async () => {
    const page = await loginPage(dashboardLink);
    const agent = cluster.agents[0]!.name;
    // Usage comes with the heartbeats: the bars say "used" without the page asking for it.
    await expect.poll(() => page.locator(`[data-testid="node-column"][data-node="${agent}"] [data-testid="bar-cpu"]`).textContent(), { timeout: 30_000 }).toMatch(/^cpu \S+\/\S+ · used \S+$/);
    expect(await page.locator(`[data-testid="node-column"][data-node="${agent}"] [data-testid="bar-memory"]`).textContent()).toMatch(/^memory \S+\/\S+ · used \S+$/);
    // A web pod's card: used / requested 100m and 32Mi (web sets no limits).
    const usage = page.locator('[data-testid="pod-card"][data-pod^="web-"][data-phase="Running"] [data-testid="pod-usage"]');
    await expect.poll(async () => (await usage.allTextContents()).filter((t) => /^cpu \d+m\/100m · mem \d+Mi\/32Mi$/.test(t)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(IMAGES, "dashboard-usage.png"), fullPage: true });
    await page.context().close();
  });

  it("a Pending pod shows the scheduler's reason for every node", async () => {
    const stuck = { apiVersion: "v1", kind: "Pod", metadata: { name: "stuck" }, spec: { nodeSelector: { "skiff.test/disk": "none-has-this" }, terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }] } };
    expect((await cluster.skiff(["apply", "-f", "-"], JSON.stringify(stuck))).code).toBe(0);
    const page = await loginPage(dashboardLink);
    const card = page.locator('[data-testid="unscheduled"] [data-testid="pod-card"][data-pod="stuck"]');
    await card.waitFor({ timeout: 20_000 });
    await card.click();
    const rows = page.locator('[data-testid="filtered"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
    for (const agent of cluster.agents) {
      const reason = await page.locator(`[data-testid="filtered"] tr[data-node="${agent.name}"] td`).nth(1).textContent();
      expect(reason).toMatch(/NodeSelector|node selector|label/i);
    }
    await page.screenshot({ path: join(IMAGES, "dashboard-scheduler.png"), fullPage: true });
    await page.context().close();
    await cluster.client.pods.delete("stuck");
  });

  it("the control loop of web: its ReplicaSet and every pod, with desired and observed numbers", async () => {
    const page = await loginPage(dashboardLink);
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/deployment/default/web`);
    await page.waitForSelector('[data-testid="loop-deployment"]');
    await expect.poll(() => page.locator('[data-testid="loop-deployment"] .numbers').first().textContent(), { timeout: 30_000 }).toMatch(/desired 5 · updated 5 · ready 5 · available 5/);
    const rs = page.locator('[data-testid="loop-rs"]');
    expect(await rs.count()).toBe(1);
    expect(await rs.locator(".numbers").first().textContent()).toMatch(/revision 1 · desired 5 · current 5 · ready 5/);
    const pods = await webPods();
    expect(await page.locator('[data-testid="loop-pod"]').count()).toBe(5);
    for (const p of pods) expect(await page.locator(`[data-testid="loop-pod"][data-pod="${p.metadata.name}"]`).textContent()).toContain(p.spec.nodeName);
    await page.screenshot({ path: join(IMAGES, "dashboard-control-loop.png"), fullPage: true });
    await page.context().close();
  });

  it("the control loop's timeline tells web's story as `skiff trace` does, live; pause freezes it, replay steps through it again", async () => {
    const page = await loginPage(dashboardLink);
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/deployment/default/web`);
    const rows = page.locator('[data-testid="timeline-step"]');
    const state = page.locator('[data-testid="timeline-state"]');
    // 5 pods were scheduled (3, then 2 more by the scale) and agents on the nodes reported theirs.
    await expect.poll(() => page.locator('[data-testid="timeline-step"][data-component="scheduler"]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-testid="timeline-step"][data-component="agent"]').count()).toBeGreaterThan(0);
    const trace = await cluster.skiff(["trace", "deployment/web"]);
    expect(trace.code, trace.stderr).toBe(0);
    const cliScheduled = trace.stdout.split("\n").filter((l) => / scheduler /.test(l)).length;
    await expect.poll(() => page.locator('[data-testid="timeline-step"][data-component="scheduler"]').count(), { timeout: 5_000 }).toBe(cliScheduled);

    // Paused, the view holds still while the new steps (the user's two writes) are collected.
    await page.locator('[data-testid="timeline"]').getByRole("button", { name: "pause" }).click();
    const frozen = await rows.count();
    const patch = (paused: boolean) => call("/apis/apps/v1/namespaces/default/deployments/web", { method: "PATCH", token: adminToken, headers: { "Content-Type": "application/merge-patch+json" }, body: JSON.stringify({ spec: { paused } }) });
    expect((await patch(true)).code).toBe(200);
    expect((await patch(false)).code).toBe(200);
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toMatch(/paused at \d+ steps; [1-9]\d* new since/);
    expect(await rows.count()).toBe(frozen);
    await page.locator('[data-testid="timeline"]').getByRole("button", { name: "resume" }).click();
    await expect.poll(() => page.locator('[data-testid="timeline-step"][data-component="user"][data-step="spec changed"]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const recorded = await rows.count();
    expect(recorded).toBeGreaterThan(frozen);

    // Replay at 16x: the recorded story again from its first step, one step at a time.
    await page.getByLabel("replay speed").selectOption("16");
    await page.locator('[data-testid="timeline"]').getByRole("button", { name: "replay" }).click();
    await expect.poll(async () => /replaying (\d+)\//.exec((await state.textContent()) ?? "")?.[1], { timeout: 5_000, interval: 20 }).toMatch(/^\d+$/);
    const midway = Number(/replaying (\d+)\//.exec((await state.textContent()) ?? "")?.[1]);
    expect(midway).toBeLessThan(recorded);
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toMatch(/replaying (\d+)\/\1 at 16× \(done\)/);
    const replayed = Number(/replaying (\d+)\//.exec((await state.textContent()) ?? "")?.[1]);
    expect(replayed).toBeGreaterThanOrEqual(recorded);
    expect(await rows.count()).toBe(replayed);
    await page.screenshot({ path: join(IMAGES, "dashboard-timeline.png"), fullPage: true });
    await page.context().close();
  });

  it("the YAML view of a kind the stream does not carry, live, and each object's resourceVersions with who wrote them and what changed", async () => {
    const configMap = (k: string) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dash-cm" }, data: { k } });
    expect((await call("/api/v1/namespaces/default/configmaps", { method: "POST", token: adminToken, headers: { "Content-Type": "application/json" }, body: configMap("1") })).code).toBe(201);
    const page = await loginPage(dashboardLink);
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/object/ConfigMap/default/dash-cm`);
    const yaml = page.locator('[data-testid="yaml"]');
    await expect.poll(() => yaml.textContent(), { timeout: 10_000 }).toMatch(/k: "1"/);
    const changed = await call("/api/v1/namespaces/default/configmaps/dash-cm", { method: "PATCH", token: adminToken, headers: { "Content-Type": "application/merge-patch+json" }, body: configMap("2") });
    expect(changed.code).toBe(200);
    const rv = (JSON.parse(changed.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await expect.poll(() => page.locator(`[data-testid="history-row"][data-rv="${rv}"] .change`).allTextContents(), { timeout: 10_000 }).toEqual(['data.k: "1" -> "2"']);
    expect(await yaml.textContent()).toMatch(/k: "2"/);
    expect(await page.locator('[data-testid="history-row"]').count()).toBe(2);

    // A Deployment's versions: the trace says who wrote them (the pause and resume of the test before).
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/object/Deployment/default/web`);
    const byUser = page.locator('[data-testid="history-row"]').filter({ hasText: "user" }).filter({ hasText: "spec changed" });
    await expect.poll(() => byUser.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(IMAGES, "dashboard-history.png"), fullPage: true });
    await page.context().close();
    await cluster.client.configMaps.delete("dash-cm");
  });

  it("a read-only token sees no rollout buttons, and the API refuses its writes", async () => {
    const viewer = await cluster.skiff(["token", "create", "--user", "dash-viewer", "-q"]);
    expect(viewer.code, viewer.stderr).toBe(0);
    const binding = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "dash-viewer" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "dash-viewer" }] };
    expect((await cluster.skiff(["apply", "-f", "-"], JSON.stringify(binding))).code).toBe(0);
    viewerLink = async () => {
      const code = await call("/dashboard/login-codes", { method: "POST", token: viewer.stdout.trim() });
      expect(code.code).toBe(201);
      return new URL((JSON.parse(code.body) as { path: string }).path, base).toString();
    };
    const page = await loginPage(viewerLink);
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/deployments`);
    await page.waitForSelector('[data-testid="deployment"][data-name="web"]');
    // The admin sees the buttons on the same page: their absence is the review's answer, not a slow page.
    await page.waitForFunction(() => document.querySelector('[data-testid="deployment"] .progress') !== null);
    const refused = await page.evaluate(async () => {
      const r = await fetch("api/k8s/apis/apps/v1/namespaces/default/deployments/web/scale", { method: "PATCH", headers: { "X-Skiff-Dashboard": "1", "Content-Type": "application/merge-patch+json" }, body: JSON.stringify({ spec: { replicas: 1 } }) });
      return r.status;
    });
    expect(refused).toBe(403);
    await page.locator('[data-testid="deployment"][data-name="web"] [data-testid="no-rollout-buttons"]').waitFor({ state: "attached", timeout: 10_000 });
    expect(await page.locator('[data-testid="rollout-buttons"]').count()).toBe(0);
    await page.context().close();

    const admin = await loginPage(dashboardLink);
    await gotoSteady(admin, `${new URL(admin.url()).origin}/dashboard/#/deployments`);
    const buttons = admin.locator('[data-testid="deployment"][data-name="web"] [data-testid="rollout-buttons"]');
    await buttons.waitFor({ timeout: 10_000 });
    // The buttons act as the admin: pause, then (the page redraws from the stream) resume.
    await buttons.getByRole("button", { name: "pause" }).click();
    await eventually(async () => expect((await cluster.client.deployments.get("web")).spec.paused).toBe(true), 10_000);
    await buttons.getByRole("button", { name: "resume" }).click();
    await eventually(async () => expect((await cluster.client.deployments.get("web")).spec.paused).toBeFalsy(), 10_000);
    // With one revision there is nothing to undo to, and the page says so.
    await buttons.getByRole("button", { name: "undo" }).click();
    await expect.poll(() => admin.locator('[data-testid="rollout-error"]').textContent(), { timeout: 10_000 }).toMatch(/no earlier revision/);
    await admin.context().close();
    expect((await cluster.client.deployments.get("web")).spec.replicas).toBe(5);
  });

  it("StatefulSets and DaemonSets roll out beside Deployments: progress bars, and the buttons their kind has in Kubernetes", async () => {
    const template = (app: string) => ({ metadata: { labels: { app } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: TEST_IMAGE, command: ["sleep", "3600"] }] } });
    const daemonSet = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "dash-ds" }, spec: { selector: { matchLabels: { app: "dash-ds" } }, template: template("dash-ds") } };
    const statefulSet = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "dash-sts" }, spec: { replicas: 1, serviceName: "dash-sts", selector: { matchLabels: { app: "dash-sts" } }, template: template("dash-sts") } };
    // Logged in before the pods start: a navigation meanwhile can fail with ERR_NETWORK_CHANGED (gotoSteady).
    const page = await loginPage(dashboardLink);
    await gotoSteady(page, `${new URL(page.url()).origin}/dashboard/#/deployments`);
    for (const o of [daemonSet, statefulSet]) expect((await cluster.skiff(["apply", "-f", "-"], JSON.stringify(o))).code).toBe(0);
    const dsPath = "/apis/apps/v1/namespaces/default/daemonsets/dash-ds";
    try {
      const ds = page.locator('[data-testid="workload"][data-kind="DaemonSet"][data-name="dash-ds"]');
      const sts = page.locator('[data-testid="workload"][data-kind="StatefulSet"][data-name="dash-sts"]');
      await expect.poll(() => ds.locator('[data-testid="progress"]').textContent(), { timeout: 60_000 }).toMatch(/3\/3 nodes available, 3 updated/);
      await expect.poll(() => sts.locator('[data-testid="progress"]').textContent(), { timeout: 60_000 }).toMatch(/1\/1 available, 1 updated/);
      // No pause for either (no spec.paused in Kubernetes); a DaemonSet has no scale.
      await ds.locator('[data-testid="rollout-buttons"]').waitFor({ timeout: 10_000 });
      expect(await ds.getByRole("button").allTextContents()).toEqual(["restart", "undo"]);
      expect(await sts.getByRole("button").allTextContents()).toEqual(["restart", "undo", "scale"]);
      await page.screenshot({ path: join(IMAGES, "dashboard-rollouts.png"), fullPage: true });

      // Restart, then undo: the previous ControllerRevision's template comes back whole.
      const restartedAt = async () => (JSON.parse((await call(dsPath, { token: adminToken })).body) as { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }).spec.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"];
      await clickUntil(ds, "restart", async () => expect(await restartedAt()).toBeDefined());
      await eventually(async () => {
        const revisions = JSON.parse((await call("/apis/apps/v1/namespaces/default/controllerrevisions", { token: adminToken })).body) as { items: { metadata: { name: string } }[] };
        expect(revisions.items.filter((r) => r.metadata.name.startsWith("dash-ds-")).length).toBeGreaterThanOrEqual(2);
      }, 20_000);
      await clickUntil(ds, "undo", async () => expect(await restartedAt()).toBeUndefined());
      expect(await ds.locator('[data-testid="rollout-error"]').count()).toBe(0);
      await page.context().close();

      // A token bound to `view` sees both rollouts, and no button on either.
      if (viewerLink) {
        const viewer = await loginPage(viewerLink);
        await gotoSteady(viewer, `${new URL(viewer.url()).origin}/dashboard/#/deployments`);
        for (const kind of ["DaemonSet", "StatefulSet"]) {
          const row = viewer.locator(`[data-testid="workload"][data-kind="${kind}"]`).first();
          await row.locator('[data-testid="no-rollout-buttons"]').waitFor({ state: "attached", timeout: 20_000 });
          expect(await row.locator('[data-testid="progress"]').count()).toBe(1);
          expect(await row.locator('[data-testid="rollout-buttons"]').count()).toBe(0);
        }
        await viewer.context().close();
      }
    } finally {
      await call(dsPath, { method: "DELETE", token: adminToken });
      await call("/apis/apps/v1/namespaces/default/statefulsets/dash-sts", { method: "DELETE", token: adminToken });
    }
  });

  it("killing a node's agent turns its column NotReady and its pods reappear on the other nodes", async () => {
    const page = await loginPage(dashboardLink);
    const pods = await webPods();
    const victim = cluster.agents.find((a) => pods.some((p) => p.spec.nodeName === a.name)) as AgentProcess;
    await victim.stop("SIGKILL");
    await page.locator(`[data-testid="node-column"][data-node="${victim.name}"][data-ready="false"]`).waitFor({ timeout: 20_000 });
    const survivors = cluster.agents.filter((a) => a !== victim).map((a) => `[data-testid="node-column"][data-node="${a.name}"] [data-testid="pod-card"][data-pod^="web-"][data-phase="Running"]`).join(", ");
    await expect.poll(() => page.locator(survivors).count(), { timeout: 60_000, interval: 250 }).toBe(5);
    await page.screenshot({ path: join(IMAGES, "dashboard-node-down.png"), fullPage: true });
    await page.context().close();
  });

  it("costs the server little memory once nobody watches", async () => {
    await browser?.close();
    browser = undefined;
    // Poll until the server has let the streams go (RSS stops moving), then compare.
    const pid = cluster.server.child!.pid!;
    let last = rssKiB(pid);
    const after = await eventually(async () => {
      await new Promise((r) => setTimeout(r, 500));
      const now = rssKiB(pid);
      const steady = Math.abs(now - last) < 1024;
      last = now;
      if (!steady) throw new Error("RSS still moving");
      return now;
    }, 30_000);
    console.log(`dashboard: server RSS ${Math.round(rssBefore / 1024)} MiB before any dashboard request, ${Math.round(after / 1024)} MiB after the browser tests with nobody watching (+${Math.round((after - rssBefore) / 1024)} MiB, scaling and a node failure included)`);
    expect(after - rssBefore).toBeLessThan(20 * 1024);
  });
});

describe("the dashboard on its own listener (--dashboard-listen)", () => {
  it("serves the dashboard behind the same tokens, and nothing of the Kubernetes API", async () => {
    const dir = await tempDir("dashboard-listen");
    const port = await freePort();
    const server = new ServerProcess(dir.path, await freePort(), ["--dashboard-listen", `127.0.0.1:${port}`]);
    try {
      await server.start();
      const { ca: serverCa, token } = loadConfig(server.configPath);
      const own = `https://127.0.0.1:${port}`;
      const get = (path: string, headers: Record<string, string> = {}) =>
        new Promise<{ code: number; body: string; cookie?: string }>((resolve, reject) => {
          const req = request(new URL(path, own), { ca: serverCa, headers }, (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c));
            res.on("end", () => resolve({ code: res.statusCode ?? 0, body, cookie: res.headers["set-cookie"]?.[0]?.split(";")[0] }));
          });
          req.on("error", reject);
          req.end();
        });
      expect((await get("/dashboard/")).code).toBe(401);
      expect((await get("/api/v1/pods", { Authorization: `Bearer ${token}` })).code).toBe(404);
      const printed = await skiff(["dashboard", "--url", own], { env: server.env });
      expect(printed.code, printed.stderr).toBe(0);
      const link = new URL(printed.stdout.split("\n")[0]!);
      expect(link.origin).toBe(own);
      const login = await get(`${link.pathname}${link.search}`);
      expect(login.code).toBe(303);
      const page = await get("/dashboard/", { Cookie: login.cookie! });
      expect(page.code).toBe(200);
      expect(page.body).toContain('<script type="module" src="app.js">');
    } finally {
      await server.stop("SIGKILL");
      await dir.remove();
    }
  });
});
