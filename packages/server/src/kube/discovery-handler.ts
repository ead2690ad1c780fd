// The documents a client reads before it does anything: /version, health, discovery (legacy or
// aggregated, as the Accept header asks) and the minimal OpenAPI that lets kubectl apply.
import type { IncomingMessage, ServerResponse } from "node:http";
import { aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, negotiateDiscovery, versionInfo } from "./discovery.js";
import { sendJson, sendStatus } from "./http.js";
import { openApiV2, openApiV3GroupVersion, openApiV3Root } from "./openapi.js";
import { status } from "./status.js";

export function serveDiscovery(path: string, req: IncomingMessage, res: ServerResponse, address: string): void {
  if (req.method !== "GET" && req.method !== "HEAD") return sendStatus(res, status(405, "MethodNotAllowed", `${req.method} is not allowed on ${path}`));
  if (path === "/version") return sendJson(res, 200, versionInfo());
  if (path === "/healthz" || path === "/readyz" || path === "/livez") {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("ok");
    return;
  }
  if (path === "/api" || path === "/apis") {
    const answer = negotiateDiscovery(req.headers.accept);
    if (answer.aggregated) return sendJson(res, 200, aggregatedDiscovery(path === "/api" ? "api" : "apis", answer.version), answer.contentType);
    return sendJson(res, 200, path === "/api" ? apiVersions(address) : apiGroupList());
  }
  const gv = /^\/api\/(v\w+)$/.exec(path) ?? /^\/apis\/([^/]+\/v\w+)$/.exec(path);
  if (gv) {
    const [group, version] = gv[1]!.includes("/") ? gv[1]!.split("/") : ["", gv[1]!];
    const list = apiResourceList(group!, version!);
    if (list) return sendJson(res, 200, list);
  }
  if (path === "/openapi/v2") {
    const doc = openApiV2();
    res.writeHead(200, { "Content-Type": doc.contentType, "Content-Length": doc.body.length });
    res.end(doc.body);
    return;
  }
  if (path === "/openapi/v3") return sendJson(res, 200, openApiV3Root());
  if (path.startsWith("/openapi/v3/")) {
    const doc = openApiV3GroupVersion(path.slice("/openapi/v3/".length));
    if (doc) return sendJson(res, 200, doc);
  }
  sendStatus(res, status(404, "NotFound", "the server could not find the requested resource"));
}
