// A typed client for one kind, like client-go's `clientset.CoreV1().Pods(ns)`: the generic
// calls of SkiffClient with the kind filled in and the results typed.
import { kindInfo, type ApiObject, type KindInfo } from "@skiff/api";
import type { SkiffClient } from "./client.js";
import type { DeleteOptions, ListOptions, ObjectList, WatchOptions } from "./options.js";
import type { WatchEvent } from "./watch.js";

/**
 * An object as a caller writes it: `apiVersion` and `kind` may be left out, since the
 * resource client knows them. (A key-remapping mapped type keeps the typed fields even
 * though ApiObject also has an index signature; `Omit` would lose them.)
 */
export type Draft<T extends ApiObject> = {
  [P in keyof T as P extends "apiVersion" | "kind" ? never : P]: T[P];
} & { apiVersion?: string; kind?: string };

export interface GetOptions {
  /** Omitted: "default" (ignored for cluster-scoped kinds). */
  namespace?: string;
}

export class ResourceClient<T extends ApiObject> {
  readonly info: KindInfo;

  constructor(
    protected readonly client: SkiffClient,
    kind: string,
  ) {
    const info = kindInfo(kind);
    if (!info) throw new Error(`unknown kind ${kind}`);
    this.info = info;
  }

  /** The object with apiVersion and kind set, placed first as Kubernetes prints them. */
  private complete(obj: Draft<T> | T): T {
    return { apiVersion: this.info.apiVersion, kind: this.info.kind, ...obj } as T;
  }

  create(obj: Draft<T> | T): Promise<T> {
    return this.client.create<T>(this.complete(obj));
  }

  get(name: string, options: GetOptions = {}): Promise<T> {
    return this.client.get<T>(this.info.kind, name, options.namespace);
  }

  list(options: ListOptions = {}): Promise<ObjectList<T>> {
    return this.client.list<T>(this.info.kind, options);
  }

  update(obj: Draft<T> | T): Promise<T> {
    return this.client.update<T>(this.complete(obj));
  }

  delete(name: string, options: DeleteOptions = {}): Promise<T> {
    return this.client.delete<T>(this.info.kind, name, options);
  }

  watch(options: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    return this.client.watch<T>(this.info.kind, options);
  }
}
