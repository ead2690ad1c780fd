// The pure part of `skiff set image`: which words name objects and which are CONTAINER=IMAGE, and
// a pod spec with those images set (kubectl's rules: `*` means every container).
import type { PodSpec } from "@skiff/api";
import { UserError } from "./errors.js";

export interface ImageArgs {
  /** The words naming objects: `deployment/web`, or `deployment web`. */
  resources: string[];
  /** Container name (or `*`) to image, in the order given. */
  images: Map<string, string>;
}

/** Words with `=` are updates, the rest name objects (kubectl's GetResourcesAndPairs). */
export function parseImageArgs(words: readonly string[]): ImageArgs {
  const resources: string[] = [];
  const images = new Map<string, string>();
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq < 0) {
      if (images.size) throw new UserError(`all resources must be specified before image changes: ${w}`);
      resources.push(w);
      continue;
    }
    const container = w.slice(0, eq);
    const image = w.slice(eq + 1);
    if (!container || !image) throw new UserError(`invalid image update "${w}": give CONTAINER=IMAGE`);
    images.set(container, image);
  }
  if (resources.length === 0) throw new UserError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (images.size === 0) throw new UserError("at least one image update is required");
  return { resources, images };
}

/**
 * The pod spec with the images set. UserError naming the first container that does not exist.
 * `changed` is false when every image already was the one asked for.
 */
export function setImages(spec: PodSpec, images: ReadonlyMap<string, string>): { spec: PodSpec; changed: boolean } {
  for (const name of images.keys()) {
    if (name !== "*" && !spec.containers.some((c) => c.name === name)) throw new UserError(`unable to find container named "${name}"`);
  }
  let changed = false;
  const containers = spec.containers.map((c) => {
    const image = images.get(c.name) ?? images.get("*");
    if (image === undefined || image === c.image) return c;
    changed = true;
    return { ...c, image };
  });
  return { spec: { ...spec, containers }, changed };
}
