// A typed client for the objects of a CustomResourceDefinition, named as Kubernetes' dynamic
// client names them (group, version, plural): `client.custom<Website>("example.com", "v1",
// "websites")`. The server resolves `websites.example.com` to the kind; `create` and `update`
// fill in apiVersion, and the kind from the CRD (read once) when the object leaves it out.
import type { ApiObject, CustomResourceDefinition } from "@skiff/api";
import type { SkiffClient } from "./client.js";
import type { DeleteOptions, ListOptions, ObjectList, WatchOptions } from "./options.js";
import type { Draft, GetOptions } from "./resource.js";
import type { WatchEvent } from "./watch.js";

export class CustomResourceClient<T extends ApiObject> {
  /** `websites.example.com`: the resource as the server looks it up (and the CRD's name). */
  readonly resource: string;
  private kind: Promise<string> | undefined;

  constructor(
    private readonly client: SkiffClient,
    readonly group: string,
    readonly version: string,
    readonly plural: string,
  ) {
    this.resource = `${plural}.${group}`;
  }

  get apiVersion(): string {
    return `${this.group}/${this.version}`;
  }

  private async complete(obj: Draft<T> | T): Promise<T> {
    if (typeof obj.kind !== "string") {
      this.kind ??= this.client.get<CustomResourceDefinition>("CustomResourceDefinition", this.resource).then((crd) => crd.spec?.names.kind ?? "");
    }
    const kind = typeof obj.kind === "string" ? obj.kind : await this.kind;
    return { apiVersion: this.apiVersion, kind, ...obj } as T;
  }

  async create(obj: Draft<T> | T): Promise<T> {
    return this.client.create<T>(await this.complete(obj));
  }

  get(name: string, options: GetOptions = {}): Promise<T> {
    return this.client.get<T>(this.resource, name, options.namespace);
  }

  list(options: ListOptions = {}): Promise<ObjectList<T>> {
    return this.client.list<T>(this.resource, options);
  }

  async update(obj: Draft<T> | T): Promise<T> {
    return this.client.update<T>(await this.complete(obj));
  }

  /** Replace the status only: the CRD must enable the status subresource. */
  async updateStatus(obj: Draft<T> | T): Promise<T> {
    return this.client.updateStatus<T>(await this.complete(obj));
  }

  delete(name: string, options: DeleteOptions = {}): Promise<T> {
    return this.client.delete<T>(this.resource, name, options);
  }

  watch(options: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    return this.client.watch<T>(this.resource, options);
  }
}
