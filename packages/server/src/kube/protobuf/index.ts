// Kubernetes' protobuf request bodies, read into the JSON objects the rest of the edge takes.
//
// client-go's typed clientsets (kubectl create deployment|configmap|secret|namespace|service|job,
// kubectl drain's pod deletes) send `Content-Type: application/vnd.kubernetes.protobuf` and do not
// fall back to JSON on 415, so the server must read them. Only bodies: answers stay JSON, which
// every client accepts. The body is the 4 bytes `k8s\0`, then a runtime.Unknown message:
//
//   Unknown  { typeMeta 1: TypeMeta, raw 2: bytes, contentEncoding 3: string, contentType 4: string }
//   TypeMeta { apiVersion 1: string, kind 2: string }
//
// and `raw` is the object's own message (Deployment, ConfigMap, DeleteOptions…), picked by kind.
// Its fields are decoded by the table of schema.ts; what the table lacks is reported, not guessed.
import { BadRequestError, UnsupportedMediaTypeError } from "../errors.js";
import { decodeMessage } from "./decode.js";
import { TOP_LEVEL } from "./schema.js";
import { WIRE_LEN, readFields } from "./wire.js";

export const PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

/** The 4 bytes every Kubernetes protobuf body starts with: `k8s` and a NUL. */
export const KUBE_PROTOBUF_MAGIC: Buffer = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface DecodedKubeProtobuf {
  /** The object as Kubernetes' JSON would spell it, `apiVersion` and `kind` first. */
  object: Record<string, unknown>;
  /**
   * Fields that were on the wire but not decoded, as JSON paths: a name where the table knows
   * the field (`spec.template.spec.affinity`), `#<number>` where it does not
   * (`spec.template.spec.containers[0].#99`); `(unexpected wire type N)` after a field whose
   * bytes do not fit its type. Empty values (what Go sends for unset fields) are not listed.
   */
  skipped: string[];
}

/** The kinds decodeKubeProtobuf reads, `kind` -> the apiVersions it takes (`*`: any). */
export function protobufKinds(): Record<string, readonly string[] | "*"> {
  return Object.fromEntries(Object.entries(TOP_LEVEL).map(([kind, t]) => [kind, t.apiVersions]));
}

/**
 * Reads a Kubernetes protobuf body into a plain JSON object. Throws BadRequestError (400) for a
 * body that is not Kubernetes protobuf (no `k8s\0` magic, truncated or malformed), and
 * UnsupportedMediaTypeError (415) for a kind (or apiVersion, or content encoding) it has no schema for.
 */
export function decodeKubeProtobuf(body: Buffer): DecodedKubeProtobuf {
  if (body.length < KUBE_PROTOBUF_MAGIC.length || !body.subarray(0, KUBE_PROTOBUF_MAGIC.length).equals(KUBE_PROTOBUF_MAGIC)) {
    throw new BadRequestError(`the request body is not Kubernetes protobuf: it does not start with "k8s\\0" (Content-Type ${PROTOBUF_CONTENT_TYPE})`);
  }
  let apiVersion = "";
  let kind = "";
  let raw: Buffer = Buffer.alloc(0);
  let contentEncoding = "";
  let contentType = "";
  for (const f of readFields(body.subarray(KUBE_PROTOBUF_MAGIC.length))) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.field === 1) {
      for (const t of readFields(f.bytes)) {
        if (t.wire !== WIRE_LEN) continue;
        if (t.field === 1) apiVersion = t.bytes.toString("utf8");
        if (t.field === 2) kind = t.bytes.toString("utf8");
      }
    } else if (f.field === 2) raw = f.bytes;
    else if (f.field === 3) contentEncoding = f.bytes.toString("utf8");
    else if (f.field === 4) contentType = f.bytes.toString("utf8");
  }
  if (contentEncoding !== "") {
    throw new UnsupportedMediaTypeError(`the protobuf body's content encoding "${contentEncoding}" is not supported; send the object unencoded or as JSON`);
  }
  if (contentType !== "" && contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new UnsupportedMediaTypeError(`the protobuf body wraps content of type "${contentType}", which is not supported; send it as JSON`);
  }
  if (kind === "") throw new BadRequestError("the protobuf body names no kind (runtime.Unknown typeMeta.kind is empty)");
  const top = TOP_LEVEL[kind];
  if (!top || (top.apiVersions !== "*" && !top.apiVersions.includes(apiVersion))) {
    const what = apiVersion === "" ? kind : `${kind} (${apiVersion})`;
    throw new UnsupportedMediaTypeError(`skiff cannot read ${what} as protobuf (${PROTOBUF_CONTENT_TYPE}); send it as JSON (application/json)`);
  }
  const skipped: string[] = [];
  const fields = decodeMessage(top.message, raw, "", skipped);
  const object: Record<string, unknown> = {};
  if (apiVersion !== "") object.apiVersion = apiVersion;
  object.kind = kind;
  return { object: Object.assign(object, fields), skipped };
}
