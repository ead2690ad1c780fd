// The Kubernetes REST edge, one request at a time: authenticate (the same API tokens as the
// gRPC edge), rate-limit, route, and call the handler for the verb. Thin on purpose: object
// semantics live in objects/, as for the gRPC edge (api/).
import type { IncomingMessage, ServerResponse } from "node:http";
import { asRequestUser } from "../admission-webhooks/index.js";
import type { Duplex } from "node:stream";
import type { Logger } from "../log.js";
import type { ObjectService } from "../objects/objects.js";
import type { RateLimiter } from "../api/rate-limit.js";
import { clientKey } from "../api/rate-limit.js";
import type { RefusalLog } from "../security/index.js";
import { authenticateBearer } from "../security/auth.js";
import type { AuditLog } from "../audit/index.js";
import { answerReview, insecureReviewAnswer, isWatch, restAttributes, type Authorizer, type RequestAttributes, type UserInfo } from "../authz/index.js";
import type { TokenStore } from "../security/tokens.js";
import { serveDiscovery } from "./discovery-handler.js";
import { MethodNotAllowedError } from "./errors.js";
import { handleExecUpgrade, type ExecBackend } from "./exec.js";
import { flag, readBody, parseBody, sendStatus } from "./http.js";
import { evictionHandler } from "./eviction.js";
import { tokenRequestHandler } from "./token-request.js";
import type { ServiceAccountTokenIssuer } from "../serviceaccounts/issuer.js";
import { serveLogs, type LogsBackend } from "./logs.js";
import { patchObject } from "./patch-handler.js";
import { getObject, listObjects, refOfTarget, type Target } from "./read.js";
import { route } from "./route.js";
import { getScale, writeScale } from "./scale.js";
import { status, toStatus, type StatusContext } from "./status.js";
import { watchObjects } from "./watch.js";
import { createObject, deleteCollection, deleteOne, objectFromBody, isDryRun, replaceObject } from "./write.js";
import { sendJson, addWarnings } from "./http.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { countRestRequest, type RestRequest } from "../metrics/rest.js";
import { sendMetrics } from "../metrics/endpoint.js";
import { isUsagePath, serveUsage, type UsageSource } from "./usage.js";
import { isDashboardPath, type DashboardHandler } from "../dashboard/index.js";

export interface KubeApiDeps {
  objects: ObjectService;
  agents: ExecBackend & LogsBackend;
  /** Undefined when the server runs --insecure: no authentication. */
  tokens?: TokenStore;
  /** TokenRequest (serviceaccounts/token); absent with --insecure: no key to sign with. */
  tokenRequests?: ServiceAccountTokenIssuer;
  refusals?: RefusalLog;
  rate: RateLimiter;
  log: Logger;
  shutdown: AbortSignal;
  maxBodyBytes: number;
  /** RBAC (authz/); undefined with --insecure, where every request is allowed. */
  authz?: Authorizer;
  /** The audit log (audit/), when the server keeps one. */
  audit?: AuditLog;
  /** The clock evictions stamp budgets with; the wall clock when omitted. */
  now?: () => Date;
  /** HOST:PORT clients reach this listener at (discovery's serverAddressByClientCIDRs). */
  address(): string;
  /** Counts requests, and serves /metrics to an authenticated caller; neither when omitted. */
  metrics?: ServerMetrics;
  /** The metrics.k8s.io API (NodeMetrics, PodMetrics) from the agents' latest usage reports. */
  usage?: UsageSource;
  /** The web dashboard under /dashboard/ (dashboard/); none when omitted. */
  dashboard?: DashboardHandler;
  /** A listener of the dashboard alone (--dashboard-listen): every other path is 404. */
  dashboardOnly?: boolean;
}

// Public facts a client may read before it authenticates, as Kubernetes' system:public-info-viewer.
const PUBLIC = new Set(["/version", "/healthz", "/readyz", "/livez"]);

export function kubeHandler(deps: KubeApiDeps) {
  /** The caller when they may go on (undefined: no authentication, --insecure or a public path); false when the request has been answered. */
  const admit = (req: IncomingMessage, res: ServerResponse | undefined, path: string): { caller?: UserInfo } | false => {
    const authorization = req.headers.authorization;
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    // --insecure: everyone is everything, and the audit log says so.
    let caller: UserInfo | undefined = deps.tokens ? undefined : { name: "system:unsecured", groups: ["system:masters", "system:authenticated"] };
    if (deps.tokens && !(PUBLIC.has(path) && authorization === undefined)) {
      const who = authenticateBearer(authorization, deps.tokens);
      if ("refusal" in who) {
        deps.refusals?.refused(peer, who.refusal.reason, { path, edge: "kube" });
        if (res) sendStatus(res, status(401, "Unauthorized", "Unauthorized"));
        return false;
      }
      caller = who.user;
    }
    const limited = deps.rate.admit(clientKey(req.socket.remoteAddress ?? "", authorization));
    if (limited) {
      if (res) sendStatus(res, toStatus(limited));
      return false;
    }
    return { caller };
  };

  /**
   * Whom the request acts as (Impersonate-User / Impersonate-Group, when the caller may), and
   * whether they may do what it asks: throws Forbidden when not. Audited when the answer is sent.
   */
  const authorizeRequest = async (req: IncomingMessage, res: ServerResponse | undefined, caller: UserInfo | undefined, a: RequestAttributes, uri: string): Promise<UserInfo | undefined> => {
    const received = new Date();
    let user = caller;
    const audit = (code: number, message?: string) =>
      caller && deps.audit?.record({ edge: "kube", received, done: new Date(), user: caller, actingAs: user, attributes: a, code, message, peer: req.socket.remoteAddress ?? "", uri });
    // The outcome is the code actually sent (a refusal's 403 included); an upgrade's is 101.
    if (res) res.on("finish", () => audit(res.statusCode));
    try {
      if (caller && deps.authz) {
        user = await deps.authz.actingAs(caller, impersonationOf(req));
        await deps.authz.check(user, a);
      }
    } catch (err) {
      if (!res) audit(toStatus(err).code, toStatus(err).message);
      throw err;
    }
    if (!res) audit(101);
    return user;
  };

  const internal = (err: unknown) => deps.log.error({ err }, "internal error");
  /** For exec and logs, which write their own answers: the Status and its HTTP code. */
  const statusOf = (t: Target & { name: string }) => (err: unknown) => {
    const s = toStatus(err, { resource: t.resource, name: t.name }, internal);
    return { code: s.code, body: s };
  };

  async function request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "https://skiff").pathname;
    if (deps.dashboard && isDashboardPath(path)) return deps.dashboard.request(req, res, kubeRequest);
    if (deps.dashboardOnly) return sendStatus(res, status(404, "NotFound", "this listener serves the dashboard only, under /dashboard/"));
    return kubeRequest(req, res);
  }

  async function kubeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://skiff");
    const started = Date.now();
    const r = route(url.pathname);
    const measured: RestRequest = r.type === "resource"
      ? { method: req.method ?? "GET", kind: r.resource.kind, named: r.name !== undefined, watch: isWatch(url.searchParams), subresource: r.subresource }
      : { method: req.method ?? "GET", kind: "", named: false, watch: false };
    res.on("finish", () => {
      deps.log.debug({ method: req.method, path: url.pathname, code: res.statusCode, ms: Date.now() - started }, "request");
      countRestRequest(deps.metrics, measured, res.statusCode, (Date.now() - started) / 1000);
    });
    const admitted = admit(req, res, url.pathname);
    if (!admitted) return;
    let ctx: StatusContext = {};
    try {
      if (r.type === "resource") ctx = { resource: r.resource, name: r.name };
      const user = await authorizeRequest(req, res, admitted.caller, restAttributes(req.method ?? "GET", r, url.pathname, url.searchParams), `${url.pathname}${url.search}`);
      if (r.type === "discovery" && url.pathname === "/metrics" && deps.metrics) return await sendMetrics(res, () => deps.metrics!.render());
      if (deps.usage && isUsagePath(url.pathname)) return serveUsage(url.pathname, deps.usage, req, res);
      if (r.type === "discovery") return serveDiscovery(r.path, req, res, deps.address());
      if (r.type === "unknown") return sendStatus(res, status(404, "NotFound", "the server could not find the requested resource"));
      if (r.resource.group === "authorization.k8s.io") {
        if (req.method !== "POST") throw new MethodNotAllowedError(`${req.method} is not allowed on ${r.resource.resource}: create one (POST)`);
        const review = parseBody(await readBody(req, deps.maxBodyBytes), req.headers["content-type"], res);
        const answer = deps.authz && user ? await answerReview(review, user, deps.authz) : insecureReviewAnswer(review);
        return sendJson(res, 201, answer);
      }
      // The user rides along to admission webhooks (their review's userInfo).
      await asRequestUser(user, () => serveResource({ resource: r.resource, namespace: r.namespace, name: r.name }, r.subresource, req, res, url.searchParams, ctx));
    } catch (err) {
      sendStatus(res, toStatus(err, ctx, internal));
    }
  }

  async function serveResource(t: Target, sub: string | undefined, req: IncomingMessage, res: ServerResponse, query: URLSearchParams, ctx: StatusContext): Promise<void> {
    const { objects } = deps;
    const method = req.method ?? "GET";
    const body = () => readBody(req, deps.maxBodyBytes);
    const contentType = req.headers["content-type"];
    if (t.name === undefined) {
      if (method === "GET") return flag(query, "watch") ? watchObjects(objects, t, req, res, query, deps.shutdown) : listObjects(objects, t, req, res, query);
      if (method === "POST") return createObject(objects, t, parseBody(await body(), contentType, res), res, query, ctx);
      if (method === "DELETE") return deleteCollection(objects, t, parseBody(await body(), contentType, res), res, query);
      throw new MethodNotAllowedError(`${method} is not allowed on a collection`);
    }
    const one = t as Target & { name: string };
    const signal = AbortSignal.any([deps.shutdown, closed(res)]);
    switch (`${method} ${sub ?? ""}`) {
      case "GET ":
      case "GET status":
        return getObject(objects, one, req, res, query);
      case "PUT ":
        return replaceObject(objects, one, parseBody(await body(), contentType, res), res, query);
      case "PATCH ":
        return patchObject(objects, one, await body(), contentType, res, query);
      case "DELETE ":
        return deleteOne(objects, one, parseBody(await body(), contentType, res), res, query);
      case "PUT status": {
        const out = await objects.updateStatus(objectFromBody(parseBody(await body(), contentType, res), one), { dryRun: isDryRun(query) });
        addWarnings(res, out.warnings);
        return sendJson(res, 200, out.object);
      }
      case "PATCH status":
        return patchObject(objects, one, await body(), contentType, res, query, "status");
      case "GET scale":
        return getScale(objects, one, res);
      case "PUT scale":
      case "PATCH scale":
        return writeScale(objects, one, await body(), contentType, res, query, method);
      case "POST eviction":
        return evictionHandler(objects, one, parseBody(await body(), contentType, res), res, query, deps.now ?? (() => new Date()));
      case "POST token":
        return tokenRequestHandler(deps.tokenRequests, one, parseBody(await body(), contentType, res), res);
      case "GET log": {
        const ref = refOfTarget(one);
        return serveLogs(res, { namespace: ref.namespace ?? "default", pod: one.name, container: query.get("container") ?? "" }, query, deps.agents, signal, statusOf(one));
      }
      case "GET exec":
      case "POST exec":
        return sendStatus(res, status(400, "BadRequest", "exec needs a WebSocket upgrade (v5.channel.k8s.io or v4.channel.k8s.io); skiff does not serve SPDY: use kubectl 1.30 or newer"));
    }
    throw new MethodNotAllowedError(`${method} is not allowed on ${sub ? `${t.resource.resource}/${sub}` : t.resource.resource}`);
  }

  /** WebSocket upgrades: `pods/exec` only. */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "https://skiff");
    const r = route(url.pathname);
    const reply = (code: number, message: string) => {
      const s = JSON.stringify(status(code, code === 401 ? "Unauthorized" : "BadRequest", message));
      socket.end(`HTTP/1.1 ${code} ${code === 401 ? "Unauthorized" : "Bad Request"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(s)}\r\nConnection: close\r\n\r\n${s}`);
    };
    const admitted = admit(req, undefined, url.pathname);
    if (!admitted) return reply(401, "Unauthorized");
    if (r.type !== "resource" || r.resource.kind !== "Pod" || r.subresource !== "exec" || !r.name) return reply(400, "only pods/exec can be upgraded to a WebSocket");
    const namespace = r.namespace ?? "default";
    const pod = r.name;
    authorizeRequest(req, undefined, admitted.caller, restAttributes("GET", r, url.pathname, url.searchParams), `${url.pathname}${url.search}`).then(
      () => startExec(),
      (err: unknown) => {
        const s = toStatus(err, { resource: r.resource, name: r.name });
        socket.end(`HTTP/1.1 ${s.code} Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(JSON.stringify(s))}\r\nConnection: close\r\n\r\n${JSON.stringify(s)}`);
      },
    );
    const startExec = () => handleExecUpgrade(req, socket, head, { namespace, pod, query: url.searchParams }, deps.agents, statusOf({ resource: r.resource, name: pod }));
  }

  return { request, upgrade };
}

function impersonationOf(req: IncomingMessage): { user?: string; groups: string[] } {
  const user = req.headers["impersonate-user"];
  const groups = req.headers["impersonate-group"];
  return { user: Array.isArray(user) ? user[0] : user, groups: groups === undefined ? [] : Array.isArray(groups) ? groups : groups.split(",").map((g) => g.trim()) };
}

function closed(res: ServerResponse): AbortSignal {
  const c = new AbortController();
  res.on("close", () => c.abort());
  return c.signal;
}
