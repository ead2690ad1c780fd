// Reading requests and writing answers, the HTTP chores every handler shares.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { BadRequestError } from "./errors.js";
import type { Status } from "./status.js";
import { PROTOBUF_CONTENT_TYPE, decodeKubeProtobuf } from "./protobuf/index.js";

export class PayloadTooLargeError extends BadRequestError {
  override readonly status: number = 413;
}

/** The request body, at most `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLargeError(`the request body is larger than the ${limit} byte limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON body (YAML too, for `application/apply-patch+yaml` and other clients that send it), or
 * protobuf, which kubectl's typed commands send (`create deployment`, drain's deletes); fields
 * the protobuf table does not read become warnings on `res`.
 */
export function parseBody(body: Buffer, contentType: string | undefined, res?: ServerResponse): unknown {
  if (contentType?.startsWith(PROTOBUF_CONTENT_TYPE)) {
    const { object, skipped } = decodeKubeProtobuf(body);
    if (res) addWarnings(res, skipped.map((path) => `${path}: not read from the protobuf body by skiff, ignored`));
    return object;
  }
  const text = body.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return /yaml/.test(contentType ?? "") ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`the request body is not valid ${/yaml/.test(contentType ?? "") ? "YAML" : "JSON"}: ${(err as Error).message}`);
  }
}

/** skiff's warnings (unsupported fields, ignored) as Kubernetes' `Warning: 299` headers; kubectl prints them. */
export function addWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  const before = res.getHeader("Warning");
  const kept = Array.isArray(before) ? before : before === undefined ? [] : [String(before)];
  res.setHeader("Warning", [...kept, ...warnings.map((w) => `299 - "${w.replace(/["\\]/g, "\\$&").replace(/[\r\n]+/g, " ")}"`)]);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

export function sendStatus(res: ServerResponse, s: Status): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (s.code === 429) res.setHeader("Retry-After", "1");
  sendJson(res, s.code, s);
}

/** A query flag as the API server reads it (Go's strconv.ParseBool); anything else is a 400. */
export function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null || v === "") return false;
  if (["1", "t", "T", "true", "TRUE", "True"].includes(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(v)) return false;
  throw new BadRequestError(`${name}: "${v}" is not a boolean`);
}
