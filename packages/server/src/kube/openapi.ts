// The OpenAPI documents kubectl downloads before `apply -f` and `create -f`. A 404 makes it refuse
// to write ("failed to download openapi"), so skiff serves the least that lets it go ahead, derived
// from resources() like discovery. It does not describe the kinds' schemas: skiff validates objects
// itself (fieldValidation=Strict) and says which field is wrong, so the client need not.
//
// v3 (kubectl 1.27+), /openapi/v3 then /openapi/v3/<group version>: kubectl's validator asks only
// whether the kind's PATCH operation takes the `fieldValidation` query parameter (cli-runtime
// queryParamVerifierV3); if it does, kubectl leaves validation to the server. So each document has
// one path per resource, the item URL, with that PATCH and nothing else.
//
// v2 (kubectl <= 1.26, Debian's 1.20), /openapi/v2: an empty protobuf Document. kubectl accepts it
// and validates nothing; `kubectl explain` shows nothing.
import { createHash } from "node:crypto";
import { versionInfo } from "./discovery.js";
import { groupVersions, resources, type Resource } from "./resources.js";

interface GroupVersionDocument {
  document: object;
  hash: string;
}

let documents: Map<string, GroupVersionDocument> | undefined;
let builtFrom: Resource[] | undefined;

/** The documents by their key in /openapi/v3 (`api/v1`, `apis/apps/v1`), built again only when resources() change (a CRD). */
function byPath(): Map<string, GroupVersionDocument> {
  if (builtFrom !== resources()) documents = undefined;
  builtFrom = resources();
  documents ??= new Map(
    groupVersions().map(({ group, version }) => {
      const document = groupVersionDocument(group, version);
      const hash = createHash("sha256").update(JSON.stringify(document)).digest("hex").slice(0, 16).toUpperCase();
      return [group ? `apis/${group}/${version}` : `api/${version}`, { document, hash }];
    }),
  );
  return documents;
}

/** `GET /openapi/v3`: where each group version's document is. The hash changes with the document, so clients may cache by URL. */
export function openApiV3Root() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, { hash }] of byPath()) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  return { paths };
}

/**
 * `GET /openapi/v3/api/v1?hash=…`: the document of a group version, by its key in the root
 * (`api/v1`, `apis/apps/v1`; a leading `/` and a query are ignored), or undefined.
 */
export function openApiV3GroupVersion(path: string): object | undefined {
  return byPath().get(path.replace(/^\/+/, "").replace(/\?.*$/, ""))?.document;
}

/** `GET /openapi/v2`: an empty protobuf Document. The type must parse as MIME: the v2 Accept type, sent back literally, does not. */
export function openApiV2(): { body: Buffer; contentType: string } {
  return { body: Buffer.alloc(0), contentType: "application/octet-stream" };
}

function groupVersionDocument(group: string, version: string) {
  const paths: Record<string, object> = {};
  for (const r of resources()) {
    // Read-only resources (metrics.k8s.io's) take no PATCH: they have no operation to describe.
    if (r.group === group && r.version === version && r.verbs.includes("patch")) paths[itemUrl(r)] = { parameters: pathParameters(r), patch: patchOperation(r) };
  }
  return { openapi: "3.0.0", info: { title: "skiff", version: versionInfo().gitVersion }, paths, components: { schemas: {} } };
}

/** `/api/v1/namespaces/{namespace}/pods/{name}`, `/api/v1/nodes/{name}`. */
function itemUrl(r: Resource): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}/{name}` : `${base}/${r.resource}/{name}`;
}

function pathParameters(r: Resource) {
  const names = r.namespaced ? ["name", "namespace"] : ["name"];
  return names.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

// Any body: the schema is skiff's to check.
const ANY_BODY = { schema: { type: "object" } };

function patchOperation(r: Resource) {
  const query = (name: string, type = "string") => ({ name, in: "query", schema: { type } });
  return {
    description: `partially update the specified ${r.kind}`,
    "x-kubernetes-action": "patch",
    "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
    // fieldValidation is what kubectl looks for: with it, validation is the server's.
    parameters: [query("dryRun"), query("fieldManager"), query("fieldValidation"), query("force", "boolean")],
    requestBody: {
      required: true,
      // No application/strategic-merge-patch+json: were it listed, kubectl would build strategic
      // patches from these (empty) schemas instead of from its compiled-in Kubernetes types.
      content: {
        "application/json-patch+json": ANY_BODY,
        "application/merge-patch+json": ANY_BODY,
        "application/apply-patch+yaml": ANY_BODY,
      },
    },
    responses: { "200": { description: "OK" }, "201": { description: "Created" } },
  };
}
