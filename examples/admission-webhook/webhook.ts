// An admission webhook for skiff (or Kubernetes): a small Node HTTPS server with three endpoints.
//
//   POST /validate   refuses a Pod without a `team` label (a ValidatingWebhookConfiguration)
//   POST /mutate     adds the label `admitted-by: example-webhook` (a MutatingWebhookConfiguration)
//   POST /slow       answers after 60 s: to watch timeoutSeconds and failurePolicy at work
//
// Each receives an AdmissionReview (admission.k8s.io/v1) and answers one with the same
// request uid. Run: node examples/dist/admission-webhook/webhook.js --cert tls.crt --key tls.key
// [--host 127.0.0.1] [--port 8443]. See README.md beside this file for the certificate.
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createServer } from "node:https";
import { parseArgs } from "node:util";

interface Review {
  apiVersion: string;
  kind: string;
  request: { uid: string; operation: string; object?: { kind?: string; metadata?: { name?: string; labels?: Record<string, string> } } | null };
}

const { values } = parseArgs({
  options: { cert: { type: "string" }, key: { type: "string" }, host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "8443" } },
});
if (!values.cert || !values.key) {
  process.stderr.write("usage: webhook --cert FILE --key FILE [--host 127.0.0.1] [--port 8443]\n");
  process.exit(1);
}

/** The answer to `review`: allowed or not, and for /mutate a JSONPatch (base64, as the API requires). */
function answer(path: string, review: Review): { allowed: boolean; [field: string]: unknown } {
  const object = review.request.object ?? {};
  const labels = object.metadata?.labels;
  if (path === "/validate") {
    if (object.kind === "Pod" && !labels?.team) {
      return { allowed: false, status: { code: 403, message: `pods need a "team" label (pod "${object.metadata?.name ?? ""}" has none)` } };
    }
    return { allowed: true };
  }
  if (path === "/mutate") {
    // JSON Pointer: "/" in a label key is written "~1".
    const patch = labels
      ? [{ op: "add", path: "/metadata/labels/admitted-by", value: "example-webhook" }]
      : [{ op: "add", path: "/metadata/labels", value: { "admitted-by": "example-webhook" } }];
    return { allowed: true, patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(patch)).toString("base64"), warnings: ["labelled admitted-by=example-webhook"] };
  }
  return { allowed: true };
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer({ cert: readFileSync(values.cert), key: readFileSync(values.key) }, (req, res) => {
  const path = new URL(req.url ?? "/", "https://webhook").pathname;
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let review: Review;
    try {
      review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Review;
      if (!review.request?.uid) throw new Error("no request.uid");
    } catch (err) {
      return reply(res, 400, { error: `not an AdmissionReview: ${(err as Error).message}` });
    }
    const response = { uid: review.request.uid, ...answer(path, review) };
    console.log(`${path} ${review.request.operation} ${review.request.object?.kind ?? ""}/${review.request.object?.metadata?.name ?? ""}: ${response.allowed ? "allowed" : "denied"}`);
    const send = () => reply(res, 200, { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response });
    if (path === "/slow") setTimeout(send, 60_000).unref();
    else send();
  });
});
server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : values.port;
  console.log(`admission webhook listening on https://${values.host}:${port}`);
});
