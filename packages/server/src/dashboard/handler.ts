// The dashboard's HTTP edge, under /dashboard/ on the Kubernetes API listener (or its own,
// --dashboard-listen). Logging in: `skiff dashboard` POSTs /dashboard/login-codes with its API
// token and prints /dashboard/login?code=...; the browser trades the code for a session cookie.
// Everything else wants that session (or a bearer token) and answers 401 without one, before
// anything is read. The pages call the Kubernetes API through /dashboard/api/k8s/..., which is
// the same handler with the session's token as the bearer: same authentication, RBAC, audit.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Logger } from "../log.js";
import type { ObjectService } from "../objects/objects.js";
import type { Authorizer, UserInfo } from "../authz/index.js";
import { authenticateBearer } from "../security/auth.js";
import type { TokenStore } from "../security/tokens.js";
import type { RefusalLog } from "../security/index.js";
import { dashboardAssetsDir, sendAsset } from "./assets.js";
import { clearedCookie, sessionCookie, sessionIdOf } from "./cookie.js";
import { DashboardSessions } from "./sessions.js";
import { serveStream, watchableKinds, type UsageFeed } from "./stream.js";
import { mayTrace, serveTraceStream, type TracePeers } from "./trace-stream.js";
import type { TraceRing } from "../trace/trace-ring.js";

export const DASHBOARD_PREFIX = "/dashboard";
/** Pages send it with every write: a cross-site form cannot, so a session cookie alone writes nothing (CSRF). */
export const WRITE_HEADER = "x-skiff-dashboard";

export interface DashboardDeps {
  objects: ObjectService;
  /** Undefined with --insecure: nobody logs in, everyone sees everything. */
  tokens?: TokenStore;
  authz?: Authorizer;
  refusals?: RefusalLog;
  log: Logger;
  shutdown: AbortSignal;
  sessions?: DashboardSessions;
  /** The steps of `skiff trace` (the dispatcher's ring); without it the trace stream answers 404. */
  trace?: TraceRing;
  /** The other servers of an HA cluster, whose rings the trace stream reads too. */
  tracePeers?: TracePeers;
  /** The agents' usage reports, sent in the stream beside the objects (the Cluster view's bars). */
  usage?: UsageFeed;
  /** Where the built pages are; found in @skiff/dashboard when omitted. */
  assetsDir?: string;
}

export type KubeRequest = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function isDashboardPath(path: string): boolean {
  return path === DASHBOARD_PREFIX || path.startsWith(`${DASHBOARD_PREFIX}/`);
}

export function dashboardHandler(deps: DashboardDeps) {
  const sessions = deps.sessions ?? new DashboardSessions();
  const assets = deps.assetsDir ?? dashboardAssetsDir();

  const text = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
    res.end(`${body}\n`);
  };
  /** The caller and their token; false when refused (answered 401, saying nothing else). */
  const who = (req: IncomingMessage, res: ServerResponse): { user?: UserInfo; token?: string } | false => {
    if (!deps.tokens) return {};
    const token = sessions.tokenOf(sessionIdOf(req.headers.cookie)) ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const verdict = authenticateBearer(token ? `Bearer ${token}` : undefined, deps.tokens);
    if ("refusal" in verdict) {
      deps.refusals?.refused(`${req.socket.remoteAddress}:${req.socket.remotePort}`, verdict.refusal.reason, { path: DASHBOARD_PREFIX, edge: "dashboard" });
      text(res, 401, "Unauthorized: log in with the link `skiff dashboard` prints", { "WWW-Authenticate": "Bearer" });
      return false;
    }
    return { user: verdict.user, token };
  };

  /** Never rejects: a failure is logged and answered 500 (or the stream cut), never left unhandled. */
  async function request(req: IncomingMessage, res: ServerResponse, kube: KubeRequest): Promise<void> {
    try {
      await route(req, res, kube);
    } catch (err) {
      deps.log.error({ err, path: req.url }, "dashboard request failed");
      if (!res.headersSent) text(res, 500, "Internal Server Error: see the server's log");
      else res.end();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, kube: KubeRequest): Promise<void> {
    const url = new URL(req.url ?? "/", "https://skiff");
    const path = url.pathname;
    const secure = Boolean((req.socket as TLSSocket).encrypted);
    const method = req.method ?? "GET";
    if (path === DASHBOARD_PREFIX) return text(res, 308, "", { Location: `${DASHBOARD_PREFIX}/` });
    if (path === `${DASHBOARD_PREFIX}/login-codes` && method === "POST") {
      const caller = who(req, res);
      if (!caller) return;
      // With --insecure there is nothing to log in to: the link is the page.
      const link = caller.token ? `${DASHBOARD_PREFIX}/login?code=${sessions.mintCode(caller.token)}` : `${DASHBOARD_PREFIX}/`;
      res.writeHead(201, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ path: link }));
      return;
    }
    if (path === `${DASHBOARD_PREFIX}/login` && method === "GET") {
      const id = sessions.redeem(url.searchParams.get("code") ?? "");
      if (!id) return text(res, 401, "this login link is used or expired (links work once, for a minute): run `skiff dashboard` for another");
      return text(res, 303, "", { Location: `${DASHBOARD_PREFIX}/`, "Set-Cookie": sessionCookie(id, secure) });
    }
    if (path === `${DASHBOARD_PREFIX}/logout` && method === "POST") {
      sessions.end(sessionIdOf(req.headers.cookie));
      return text(res, 204, "", { "Set-Cookie": clearedCookie(secure) });
    }
    const caller = who(req, res);
    if (!caller) return;
    if (path === `${DASHBOARD_PREFIX}/api/stream` && method === "GET") {
      return serveStream(res, deps.objects, await watchableKinds(caller.user, deps.authz), deps.shutdown, deps.usage);
    }
    if (path === `${DASHBOARD_PREFIX}/api/trace` && method === "GET" && deps.trace) {
      const namespace = url.searchParams.get("namespace") ?? "";
      if (!(await mayTrace(caller.user, deps.authz, namespace))) return text(res, 403, `Forbidden: reading the trace${namespace ? ` of namespace ${namespace}` : ""} needs list on events there (as skiff trace)`);
      return serveTraceStream(res, deps.trace, namespace, deps.shutdown, deps.tracePeers, caller.token);
    }
    if (path.startsWith(`${DASHBOARD_PREFIX}/api/k8s/`)) {
      if (method !== "GET" && req.headers[WRITE_HEADER] !== "1") return text(res, 403, `Forbidden: a write through the dashboard must carry the ${WRITE_HEADER} header`);
      req.url = `${path.slice(`${DASHBOARD_PREFIX}/api/k8s`.length)}${url.search}`;
      if (caller.token) req.headers.authorization = `Bearer ${caller.token}`;
      delete req.headers.cookie;
      return kube(req, res);
    }
    if (method !== "GET" && method !== "HEAD") return text(res, 405, "Method Not Allowed");
    return sendAsset(res, assets, path.slice(`${DASHBOARD_PREFIX}/`.length));
  }

  return { request, sessions };
}

export type DashboardHandler = ReturnType<typeof dashboardHandler>;
