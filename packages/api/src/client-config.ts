// The client config file (`~/.skiff/config`, mode 0600): where the server is and how to trust it.
// `skiff server` writes it on its first start, with the cluster CA and the admin token (as kubeadm
// writes admin.conf); `skiff up` points it at the local cluster; the CLI and the SDK read it
// (@skiff/client config.ts). One format, read and written here with the YAML library only:
//
//   # Written by 'skiff server': this cluster's address, CA and admin API token. Keep it private.
//   server: 127.0.0.1:7443           several servers: `a:7443,b:7443` or a YAML list; clients fail over
//   namespace: team                  the CLI's namespace when -n is not given (optional)
//   token: abc123.0123456789abcdef   the API token, `<id>.<secret>`
//   ca: |                            the cluster CA's certificate, PEM
//     -----BEGIN CERTIFICATE-----
//     ...
//   insecure: true                   plaintext and no token, for a server run with --insecure (optional)
//
// Writing over a file that is there keeps what else it holds: its comments, its namespace, keys a
// newer skiff added. Pure: the callers read and write the file.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { ValidationError } from "./errors.js";

// The YAML library is about 8 MB of a process: loaded when a config file is read or written, so
// an agent started with --server (which reads none) does without it.
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)("yaml") as typeof Yaml);

export interface ClientConfig {
  server?: string;
  namespace?: string;
  /** The API token, `<id>.<secret>`, sent as `authorization: Bearer <token>`. */
  token?: string;
  /** The cluster CA's certificate (PEM): the only CA the client trusts for this server. */
  ca?: string;
  /** Plaintext, no token: for a server started with --insecure (also SKIFF_INSECURE=1). */
  insecure?: boolean;
}

/** What to change in a config: a value sets the key, null removes it, a key left out is kept. */
export type ClientConfigChanges = { [K in keyof ClientConfig]?: ClientConfig[K] | null };

const STRING_KEYS = ["server", "namespace", "token", "ca"] as const;
/** The order keys are written in, in a new file. */
const KEY_ORDER: readonly (keyof ClientConfig)[] = ["server", "namespace", "token", "ca", "insecure"];

/**
 * The config in `text`. An empty file is an empty config; anything that is not a mapping of the
 * keys above, with their types, is a ValidationError naming `source` (the file) and the key.
 */
export function parseClientConfig(text: string, source?: string): ClientConfig {
  const fail = (path: string, message: string): never => {
    throw new ValidationError([{ path, message }], { source });
  };
  const doc = yaml().parseDocument(text);
  if (doc.errors.length > 0) fail("", `not valid YAML: ${doc.errors[0]?.message}`);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) return fail("", "expected a mapping such as `server: HOST:PORT`");
  const values = raw as Record<string, unknown>;
  const config: ClientConfig = {};
  if (values.insecure !== undefined && values.insecure !== null) {
    if (typeof values.insecure !== "boolean") fail("insecure", "must be true or false");
    config.insecure = values.insecure as boolean;
  }
  // Several servers may be a YAML list as well as `a:7443,b:7443`; kept as the comma form.
  if (Array.isArray(values.server)) {
    if (values.server.length === 0 || values.server.some((v) => typeof v !== "string" || v === "")) fail("server", "must be HOST:PORT, a comma-separated list of them, or a list of HOST:PORT strings");
    values.server = (values.server as string[]).join(",");
  }
  for (const key of STRING_KEYS) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value === "") fail(key, "must be a non-empty string");
    config[key] = value as string;
  }
  return config;
}

/**
 * The text of the config `previous` (a file's text, or undefined when there is none) with
 * `changes` made. A new file, or one that cannot be read as a mapping, starts with `header` as a
 * comment; an existing one keeps its comments and the keys not changed.
 */
export function updateClientConfig(previous: string | undefined, changes: ClientConfigChanges, header: string): string {
  const { Document, isMap, parseDocument } = yaml();
  const parsed = previous === undefined ? undefined : parseDocument(previous);
  const usable = parsed && parsed.errors.length === 0 && (parsed.contents === null || isMap(parsed.contents)) ? parsed : undefined;
  let doc: Yaml.Document;
  if (usable && usable.contents !== null) doc = usable;
  else {
    // A new mapping, under the comment of a file that held only one, else under `header`.
    doc = new Document({});
    if (usable?.commentBefore) doc.commentBefore = usable.commentBefore;
    else if (doc.contents) doc.contents.commentBefore = ` ${header}`;
  }
  for (const key of KEY_ORDER) {
    if (!(key in changes)) continue;
    const value = changes[key];
    if (value === null || value === undefined) doc.delete(key);
    // The CA as a block of PEM lines (`ca: |`), ending with one newline.
    else doc.set(key, key === "ca" ? `${String(value).trim()}\n` : value);
  }
  // lineWidth 0: a long token or server address is never folded.
  return doc.toString({ lineWidth: 0 });
}
