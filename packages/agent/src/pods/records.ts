// What the agent remembers between passes that Docker cannot tell it: which images it has seen
// and pulled, and the engine's refusals (failed pulls, creates, starts) with their back-off.
// Losing it (an agent restart) costs one hasImage per image and one retry per failure, no more.
import { ContainerCreateError, ContainerStartError, ImageNotPresentError } from "../runtime/errors.js";
import { ContainerConfigError } from "./configs.js";
import type { Runtime } from "../runtime/runtime.js";
import { failureKey, type FailureRecord, type ImageRecord } from "./backoff.js";
import { INFRA_CONTAINER } from "./labels.js";
import type { Action } from "./reconcile.js";
import type { WrittenRecord } from "./volume-files.js";

type PodAction = Exclude<Action, { type: "pull" }>;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class Records {
  readonly images = new Map<string, ImageRecord>();
  readonly failures = new Map<string, FailureRecord>();
  /** What was last written to each configMap, secret (and emptyDir sub-path) volume, by `podUid/volume`. */
  readonly written = new Map<string, WrittenRecord>();

  /** Asks the engine about images not seen before: one call per image, not per pass. */
  async learnImages(runtime: Runtime, images: Iterable<string>): Promise<void> {
    const unknown = [...new Set(images)].filter((i) => !this.images.has(i));
    await Promise.all(
      unknown.map(async (image) => {
        const present = await runtime.hasImage(image);
        if (!this.images.has(image)) this.images.set(image, { present, failures: 0 });
      }),
    );
  }

  pulling(image: string): void {
    const r = this.images.get(image) ?? { present: false, failures: 0 };
    this.images.set(image, { ...r, pulling: true });
  }

  pulled(image: string, now: number): void {
    this.images.set(image, { present: true, pulledAt: now, failures: 0 });
  }

  pullFailed(image: string, error: unknown, now: number): ImageRecord {
    const r = this.images.get(image) ?? { present: false, failures: 0 };
    const next: ImageRecord = { ...r, pulling: false, failures: r.failures + 1, lastFailureAt: now, message: message(error), reported: false };
    this.images.set(image, next);
    return next;
  }

  succeeded(a: PodAction): void {
    if (a.type === "createContainer" || a.type === "createInfra" || a.type === "start") {
      const key = failureKey(a.podUid, a.type === "createInfra" ? INFRA_CONTAINER : a.container);
      const f = this.failures.get(key);
      // A create clears a create error; only a start clears a start error.
      if (f && (a.type === "start" || f.reason !== "RunContainerError")) this.failures.delete(key);
    }
  }

  /** Returns the record when the failure is one a status shows. */
  failed(a: PodAction, error: unknown, now: number): FailureRecord | undefined {
    if (a.type !== "createContainer" && a.type !== "createInfra" && a.type !== "start") return undefined;
    const container = a.type === "createInfra" ? INFRA_CONTAINER : a.container;
    const missing = error instanceof ImageNotPresentError || /no such image/i.test(message(error));
    if (a.type === "createContainer" && missing) {
      // Someone removed the image behind our back: forget it, and the next pass pulls it (or says ErrImageNeverPull).
      const image = a.pod.spec.containers.find((c) => c.name === a.container)?.image;
      if (image) this.images.set(image, { present: false, failures: 0 });
      return undefined;
    }
    const reason = a.type === "start" ? "RunContainerError" : error instanceof ContainerConfigError ? "CreateContainerConfigError" : "CreateContainerError";
    const text =
      error instanceof ContainerStartError
        ? error.engineMessage
        : error instanceof ContainerCreateError
          ? error.message
          : message(error);
    const key = failureKey(a.podUid, container);
    const before = this.failures.get(key);
    const record: FailureRecord = { reason, message: text, failures: (before?.failures ?? 0) + 1, lastFailureAt: now, reported: false };
    this.failures.set(key, record);
    return record;
  }

  /** Called once a status has shown every failure known now (ErrImagePull -> ImagePullBackOff). */
  markReported(): void {
    for (const [image, r] of this.images) if (r.failures > 0 && !r.reported) this.images.set(image, { ...r, reported: true });
    for (const [key, f] of this.failures) if (!f.reported) this.failures.set(key, { ...f, reported: true });
  }

  /**
   * Forgets the failures of pods no longer desired, and the images none of them uses (not being
   * pulled): a node that ran a thousand image tags over a month keeps the few it runs now.
   */
  prune(uids: ReadonlySet<string>, images: ReadonlySet<string>): void {
    for (const [image, r] of this.images) if (!images.has(image) && !r.pulling) this.images.delete(image);
    for (const key of this.failures.keys()) if (!uids.has(key.slice(0, key.lastIndexOf("/")))) this.failures.delete(key);
    for (const key of this.written.keys()) if (!uids.has(key.slice(0, key.lastIndexOf("/")))) this.written.delete(key);
  }
}
