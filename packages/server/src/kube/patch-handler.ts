// PATCH, in the four body formats (patch/): read the live object, patch it, write it back
// compare-and-swap; a conflict with a concurrent writer is simply tried again, as the API server
// does, unless the patch itself named a resourceVersion. Server-side apply may create.
import type { ServerResponse } from "node:http";
import { ConflictError, NotFoundError, type ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { BadRequestError } from "./errors.js";
import { flag, parseBody, sendJson, addWarnings } from "./http.js";
import { applyPatch, patchTypeOf, serverSideApply } from "./patch/index.js";
import { refOfTarget, type Target } from "./read.js";
import { isDryRun, objectFromBody } from "./write.js";

const PATCH_ATTEMPTS = 5;

/** What a patch changes: the whole object, or only its status (`/status`). */
export type PatchScope = "object" | "status";

export async function patchObject(
  objects: ObjectService,
  t: Target & { name: string },
  body: Buffer,
  contentType: string | undefined,
  res: ServerResponse,
  query: URLSearchParams,
  scope: PatchScope = "object",
): Promise<void> {
  const type = patchTypeOf(contentType ?? "");
  const patch = parseBody(body, type === "apply" ? "yaml" : contentType);
  const dryRun = isDryRun(query);
  for (let attempt = 1; ; attempt++) {
    const live = await objects.get(refOfTarget(t)).catch((err: unknown) => {
      if (err instanceof NotFoundError && type === "apply") return undefined;
      throw err;
    });
    try {
      if (type === "apply") {
        const manager = query.get("fieldManager") ?? "";
        const applied = objectFromBody(patch, t);
        const merged = serverSideApply({ kind: t.resource.kind, live, applied, manager, force: flag(query, "force"), now: new Date() }) as ApiObject;
        const managedFields = merged.metadata.managedFields;
        const out = live
          ? await objects.update({ ...merged, metadata: { ...merged.metadata, resourceVersion: live.metadata.resourceVersion } }, { dryRun, managedFields })
          : await objects.create(merged, { dryRun, managedFields });
        addWarnings(res, out.warnings);
        sendJson(res, live ? 200 : 201, out.object);
        return;
      }
      if (!live) throw new NotFoundError(`${t.name} not found`);
      const patched = applyPatch(type, t.resource.kind, live as unknown as Record<string, unknown>, patch) as ApiObject;
      const pinned = pinnedVersion(patch);
      const object = objectFromBody({ ...patched, metadata: { ...patched.metadata, resourceVersion: pinned ?? live.metadata.resourceVersion } }, t);
      const out = scope === "status" ? await objects.updateStatus(object, { dryRun }) : await objects.update(object, { dryRun });
      addWarnings(res, out.warnings);
      sendJson(res, 200, out.object);
      return;
    } catch (err) {
      if (!(err instanceof ConflictError) || "causes" in err || attempt >= PATCH_ATTEMPTS || pinnedVersion(patch) !== undefined) throw err;
    }
  }
}

/** A resourceVersion the patch sets itself: then a conflict is the caller's, not retried. */
function pinnedVersion(patch: unknown): string | undefined {
  if (Array.isArray(patch)) {
    const op = patch.find((o) => typeof o === "object" && o !== null && (o as { path?: unknown }).path === "/metadata/resourceVersion");
    return op ? String((op as { value?: unknown }).value) : undefined;
  }
  const rv = (patch as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  if (rv !== undefined && typeof rv !== "string") throw new BadRequestError("metadata.resourceVersion must be a string");
  return rv;
}
