// The HTTPS call to one webhook: POST the AdmissionReview as JSON, verify the webhook's
// certificate with its caBundle (or the system's roots when it has none), give up after
// timeoutSeconds. Every failure comes back worded as Kubernetes words it:
// `Post "https://…/validate?timeout=10s": context deadline exceeded`.
import { request } from "node:https";
import { isIP } from "node:net";
import { checkServerIdentity, type PeerCertificate } from "node:tls";

export interface WebhookTarget {
  /** Where to connect: the configuration's url, or the address a Service resolved to. */
  url: URL;
  /** The TLS name to verify: the url's host, or `<service>.<namespace>.svc`. */
  servername: string;
  /** PEM of the CA that signed the webhook's certificate. */
  ca?: string;
  timeoutSeconds: number;
}

/** A call that did not end in a readable answer; `message` is the cause, worded. */
export class CallError extends Error {}

const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;

export function callWebhook(target: WebhookTarget, review: unknown): Promise<unknown> {
  const url = new URL(target.url);
  url.searchParams.set("timeout", `${target.timeoutSeconds}s`);
  const post = `Post "${url.href}"`;
  const body = JSON.stringify(review);
  return new Promise((resolve, reject) => {
    const fail = (cause: string) => reject(new CallError(`failed to call webhook: ${post}: ${cause}`));
    const req = request(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "content-length": Buffer.byteLength(body) },
      ...(target.ca ? { ca: target.ca } : {}),
      servername: isIp(target.servername) ? undefined : target.servername,
      // The name the certificate must carry, even when we connect to an endpoint's address.
      checkServerIdentity: (_host, cert) => tlsIdentity(target.servername, cert),
      signal: AbortSignal.timeout(target.timeoutSeconds * 1000),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error("response larger than 3 MiB"));
        else chunks.push(c);
      });
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
          return reject(new CallError(`failed to call webhook: ${post}: the server responded with the status code ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : " but did not return more information"}`));
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new CallError(`failed to call webhook: ${post}: the response is not JSON`));
        }
      });
      res.on("error", (err) => fail(err.message));
    });
    req.on("error", (err: Error & { code?: string }) => {
      fail(err.name === "TimeoutError" || err.name === "AbortError" ? "context deadline exceeded" : describeNetError(err));
    });
    req.end(body);
  });
}

function describeNetError(err: Error & { code?: string }): string {
  if (err.code === "ECONNREFUSED") return `dial tcp ${err.message.replace(/^connect ECONNREFUSED /, "")}: connect: connection refused`;
  if (err.code?.startsWith("ERR_TLS") || err.code?.includes("CERT") || err.code === "DEPTH_ZERO_SELF_SIGNED_CERT") return `tls: failed to verify certificate: ${err.message}`;
  return err.message;
}

function isIp(host: string): boolean {
  return isIP(host) !== 0;
}

function tlsIdentity(name: string, cert: PeerCertificate): Error | undefined {
  return checkServerIdentity(name, cert);
}
