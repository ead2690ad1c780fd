// The typed client for pods: the generic calls of ResourceClient, plus what only a pod has
// (client-go's PodInterface.GetLogs; exec is kubectl's, over the same route).
import type { EvictionDeleteOptions, Pod } from "@skiff/api";
import type { ExecOptions, ExecResult, LogsOptions } from "./containers.js";
import { ResourceClient } from "./resource.js";

export class PodClient extends ResourceClient<Pod> {
  /** The logs of pod `name` (see SkiffClient.logs). */
  logs(name: string, options: Omit<LogsOptions, "pod"> = {}): AsyncIterable<Buffer> {
    return this.client.logs({ ...options, pod: name });
  }

  /** Evict pod `name` within its disruption budget (see SkiffClient.evict). */
  evict(name: string, options: { namespace?: string; deleteOptions?: EvictionDeleteOptions } = {}): Promise<Pod> {
    return this.client.evict(name, options);
  }

  /** Run a command in pod `name` (see SkiffClient.exec). */
  exec(name: string, options: Omit<ExecOptions, "pod">): Promise<ExecResult> {
    return this.client.exec({ ...options, pod: name });
  }
}
