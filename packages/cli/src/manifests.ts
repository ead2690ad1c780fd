// `-f FILE|DIR|-`: read manifests, parse every document and validate each one locally, so a
// mistake is reported with its file, document and field before anything reaches the server.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { kindInfo, parseManifests, validateObject, ValidationError, type ApiObject, type FieldIssue } from "@skiff/api";
import { UserError } from "./errors.js";
import { UnknownKindError } from "./custom-kinds.js";

export interface ManifestFile {
  source: string;
  text: string;
}

/** `-f a -f b` arrives as an array, a single `-f a` as a string. */
export function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** The files behind each -f argument: a directory gives its manifests in name order; `-` is stdin. */
// Read once: a command run again after learning the server's custom kinds (cli.ts) reads it again.
let stdinText: string | undefined;
const readStdinOnce = () => (stdinText ??= readFileSync(0, "utf8"));

export function readManifestFiles(paths: string[], readStdin: () => string = readStdinOnce): ManifestFile[] {
  const files: ManifestFile[] = [];
  for (const p of paths) {
    if (p === "-") {
      files.push({ source: "<stdin>", text: readStdin() });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UserError(`the path "${p}" does not exist`);
    }
    const names = isDir ? readdirSync(p).filter((n) => MANIFEST_EXT.test(n)).sort().map((n) => join(p, n)) : [p];
    for (const name of names) files.push({ source: name, text: readFileSync(name, "utf8") });
  }
  return files;
}

export interface LoadedDocument {
  /** `FILE`, or `FILE (document 2)` when the file holds several: how messages name it. */
  label: string;
  /** As written (plus the namespace from -n): the server validates and defaults it again. */
  raw: Record<string, unknown>;
  object: ApiObject;
  warnings: string[];
}

export interface LoadOptions {
  strict?: boolean;
  /** The namespace for documents that do not name one. */
  namespace: string;
  /** -n was given: a document naming another namespace is then an error, as in kubectl. */
  namespaceExplicit: boolean;
}

/**
 * Parse and validate every document of every file. All problems are collected and reported
 * together (fixing one file at a time is tedious); if there is any, nothing is returned.
 */
export function loadDocuments(files: ManifestFile[], opts: LoadOptions): LoadedDocument[] {
  const issues: FieldIssue[] = [];
  const docs: LoadedDocument[] = [];
  for (const file of files) {
    let parsed;
    try {
      parsed = parseManifests(file.text, file.source);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      issues.push(...err.issues);
      continue;
    }
    for (const doc of parsed) {
      const label = doc.source;
      try {
        const { object, warnings } = validateObject(doc.object, { strict: opts.strict, source: label });
        const raw = withNamespace(doc.object as Record<string, unknown>, object, opts);
        docs.push({ label, raw, object, warnings });
      } catch (err) {
        if (err instanceof ValidationError) issues.push(...err.issues);
        else if (err instanceof UserError) issues.push({ source: label, path: "", message: err.message });
        else throw err;
      }
    }
  }
  // One error holding every issue, each naming its document: the user fixes them all in one go.
  if (issues.some((i) => i.path === "kind" && i.message.startsWith("unknown kind"))) throw new UnknownKindError("a manifest names a kind this CLI does not know", new ValidationError(issues));
  if (issues.length) throw new ValidationError(issues);
  if (docs.length === 0) throw new UserError("no objects found in the given manifests");
  return docs;
}

function withNamespace(
  raw: Record<string, unknown>,
  object: ApiObject,
  opts: LoadOptions,
): Record<string, unknown> {
  if (!kindInfo(object.kind)?.namespaced) return raw;
  // The raw document, not the validated object: validation may already have defaulted it.
  const meta = (raw.metadata ?? {}) as Record<string, unknown>;
  const own = typeof meta.namespace === "string" ? meta.namespace : "";
  if (own && opts.namespaceExplicit && own !== opts.namespace) {
    throw new UserError(
      `the namespace from the provided object "${own}" does not match the namespace "${opts.namespace}". ` +
        `You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  if (own) return raw;
  return { ...raw, metadata: { ...meta, namespace: opts.namespace } };
}
