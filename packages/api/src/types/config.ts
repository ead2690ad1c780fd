// ConfigMap and Secret: configuration handed to pods as environment variables or files.
import type { ApiObject } from "../meta.js";

export interface ConfigMap extends ApiObject<never, never> {
  apiVersion: "v1";
  kind: "ConfigMap";
  data?: Record<string, string>;
  /** Values are base64, for bytes that are not UTF-8. Keys may not repeat those of `data`. */
  binaryData?: Record<string, string>;
  /** Once true, data cannot change: the object must be deleted and created again. */
  immutable?: boolean;
}

/**
 * After validation `data` holds every value base64-encoded (as in Kubernetes' JSON) and
 * `stringData` is gone: its values were encoded and merged into `data`, winning over same keys.
 */
export interface Secret extends ApiObject<never, never> {
  apiVersion: "v1";
  kind: "Secret";
  data?: Record<string, string>;
  /** Write-only convenience: plain-text values, merged into `data` by validation. */
  stringData?: Record<string, string>;
  /** `Opaque` by default; any string, e.g. `kubernetes.io/tls`. */
  type?: string;
  immutable?: boolean;
}
