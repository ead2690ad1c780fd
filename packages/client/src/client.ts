// SkiffClient: the whole API service as promises and async iterables, plus typed per-kind
// clients (`client.pods`, `client.deployments`...) in the style of client-go's clientset.
import { lookupKind, traceStepFromWire, type ApiObject, type ConfigMap, type Endpoints, type Event, type TraceStep } from "@skiff/api";
import type { ControllerRevision, CronJob, EvictionDeleteOptions, Job, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, Lease, LimitRange, ResourceQuota, ReplicaSet, Secret, Service, ServiceAccount, StorageClass } from "@skiff/api";
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "@skiff/api";
import { resolveConnection } from "./config.js";
import { execRequest, logsRequest, type ExecOptions, type ExecResult, type LogsOptions } from "./containers.js";
import { fromGrpcError } from "./errors.js";
import { PodClient } from "./pods.js";
import { ResourceClient } from "./resource.js";
import { iterateStream } from "./stream.js";
import { Transport } from "./transport.js";
import { TokenClient } from "./tokens.js";
import { UsageClient } from "./usage.js";
import { DaemonSetClient, DeploymentClient, ScalableClient, StatefulSetClient } from "./workloads.js";
import { iterateWatch, type WatchEvent } from "./watch.js";
import { CustomResourceClient } from "./custom-resource.js";
import { mergeTraces } from "./trace-merge.js";

import type { ApplyAction, ApplyOptions, ApplyResult, ClientOptions, DeleteOptions, HealthStatus, ListOptions, ObjectList, WatchOptions } from "./options.js";

export type { ApplyAction, ApplyOptions, ApplyResult, ClientOptions, DeleteOptions, HealthStatus, ListOptions, ObjectList, PropagationPolicy, WatchOptions } from "./options.js";

/** Kubernetes spelling of what the caller typed: "pods", "po" and "Pod" all mean Pod. */
function canonicalKind(kind: string): string {
  return lookupKind(kind)?.kind ?? kind;
}

/** The namespace a single-object call addresses: "default" for namespaced kinds when omitted. */
function namespaceFor(kind: string, namespace: string | undefined): string {
  const info = lookupKind(kind);
  if (info && !info.namespaced) return "";
  return namespace || "default";
}

function parseObject<T extends ApiObject>(json: string): T {
  return JSON.parse(json) as T;
}

export class SkiffClient {
  /** The HOST:PORT this client talks to. */
  readonly server: string;
  private readonly transport: Transport;

  readonly pods: PodClient;
  readonly deployments: DeploymentClient;
  readonly replicaSets: ScalableClient<ReplicaSet>;
  readonly statefulSets: StatefulSetClient;
  readonly daemonSets: DaemonSetClient;
  readonly controllerRevisions: ResourceClient<ControllerRevision>;
  readonly jobs: ResourceClient<Job>;
  readonly cronJobs: ResourceClient<CronJob>;
  readonly podDisruptionBudgets: ResourceClient<PodDisruptionBudget>;
  readonly serviceAccounts: ResourceClient<ServiceAccount>;
  readonly leases: ResourceClient<Lease>;
  readonly validatingWebhookConfigurations: ResourceClient<ValidatingWebhookConfiguration>;
  readonly mutatingWebhookConfigurations: ResourceClient<MutatingWebhookConfiguration>;
  readonly resourceQuotas: ResourceClient<ResourceQuota>;
  readonly limitRanges: ResourceClient<LimitRange>;
  readonly services: ResourceClient<Service>;
  readonly endpoints: ResourceClient<Endpoints>;
  readonly configMaps: ResourceClient<ConfigMap>;
  readonly secrets: ResourceClient<Secret>;
  readonly namespaces: ResourceClient<Namespace>;
  readonly nodes: ResourceClient<Node>;
  readonly events: ResourceClient<Event>;
  readonly persistentVolumes: ResourceClient<PersistentVolume>;
  readonly persistentVolumeClaims: ResourceClient<PersistentVolumeClaim>;
  readonly storageClasses: ResourceClient<StorageClass>;
  /** Join and API tokens (`skiff token`). */
  readonly tokens: TokenClient;
  /** The latest CPU and memory usage of nodes and pods (`skiff top`). */
  readonly usage: UsageClient;

  constructor(options: ClientOptions = {}) {
    const connection = resolveConnection(options);
    this.server = connection.server;
    this.transport = new Transport(options.impersonate ? { ...connection, impersonate: options.impersonate } : connection);
    this.pods = new PodClient(this, "Pod");
    this.deployments = new DeploymentClient(this, "Deployment");
    this.replicaSets = new ScalableClient<ReplicaSet>(this, "ReplicaSet");
    this.statefulSets = new StatefulSetClient(this, "StatefulSet");
    this.daemonSets = new DaemonSetClient(this, "DaemonSet");
    this.controllerRevisions = new ResourceClient<ControllerRevision>(this, "ControllerRevision");
    this.jobs = new ResourceClient<Job>(this, "Job");
    this.cronJobs = new ResourceClient<CronJob>(this, "CronJob");
    this.podDisruptionBudgets = new ResourceClient<PodDisruptionBudget>(this, "PodDisruptionBudget");
    this.serviceAccounts = new ResourceClient<ServiceAccount>(this, "ServiceAccount");
    this.leases = new ResourceClient<Lease>(this, "Lease");
    this.validatingWebhookConfigurations = new ResourceClient<ValidatingWebhookConfiguration>(this, "ValidatingWebhookConfiguration");
    this.mutatingWebhookConfigurations = new ResourceClient<MutatingWebhookConfiguration>(this, "MutatingWebhookConfiguration");
    this.resourceQuotas = new ResourceClient<ResourceQuota>(this, "ResourceQuota");
    this.limitRanges = new ResourceClient<LimitRange>(this, "LimitRange");
    this.services = new ResourceClient<Service>(this, "Service");
    this.endpoints = new ResourceClient<Endpoints>(this, "Endpoints");
    this.configMaps = new ResourceClient<ConfigMap>(this, "ConfigMap");
    this.secrets = new ResourceClient<Secret>(this, "Secret");
    this.namespaces = new ResourceClient<Namespace>(this, "Namespace");
    this.nodes = new ResourceClient<Node>(this, "Node");
    this.events = new ResourceClient<Event>(this, "Event");
    this.persistentVolumes = new ResourceClient<PersistentVolume>(this, "PersistentVolume");
    this.persistentVolumeClaims = new ResourceClient<PersistentVolumeClaim>(this, "PersistentVolumeClaim");
    this.storageClasses = new ResourceClient<StorageClass>(this, "StorageClass");
    this.tokens = new TokenClient(this.transport);
    this.usage = new UsageClient(this.transport);
  }

  /** Create or update every object in one atomic call (all are validated before any is stored). */
  async apply(objects: unknown[], options: ApplyOptions = {}): Promise<ApplyResult[]> {
    const res = await this.transport.unary(this.transport.api.Apply, {
      objectsJson: objects.map((o) => JSON.stringify(o)),
      dryRun: options.dryRun ?? false,
      strict: options.strict ?? false,
    });
    return res.results.map((r) => ({
      action: r.action as ApplyAction,
      object: parseObject(r.objectJson),
      warnings: r.warnings,
    }));
  }

  /** Create an object; AlreadyExistsError when one with that name exists. */
  async create<T extends ApiObject = ApiObject>(obj: T): Promise<T> {
    const res = await this.transport.unary(this.transport.api.Create, { objectJson: JSON.stringify(obj) });
    return parseObject<T>(res.objectJson);
  }

  /** Replace an object; with metadata.resourceVersion set, ConflictError if it has changed since. */
  async update<T extends ApiObject = ApiObject>(obj: T): Promise<T> {
    const res = await this.transport.unary(this.transport.api.Update, { objectJson: JSON.stringify(obj) });
    return parseObject<T>(res.objectJson);
  }

  /** Replace an object's status only (the status subresource, as a controller writes it). */
  async updateStatus<T extends ApiObject = ApiObject>(obj: T): Promise<T> {
    const res = await this.transport.unary(this.transport.api.UpdateStatus, { objectJson: JSON.stringify(obj) });
    return parseObject<T>(res.objectJson);
  }

  /**
   * The objects of a CustomResourceDefinition's kind, typed by `T`:
   * `client.custom<Website>("example.com", "v1", "websites").list()`.
   */
  custom<T extends ApiObject = ApiObject>(group: string, version: string, plural: string): CustomResourceClient<T> {
    return new CustomResourceClient<T>(this, group, version, plural);
  }

  /** One object; NotFoundError when it does not exist. Namespace defaults to "default". */
  async get<T extends ApiObject = ApiObject>(kind: string, name: string, namespace?: string): Promise<T> {
    const res = await this.transport.unary(this.transport.api.Get, {
      kind: canonicalKind(kind),
      namespace: namespaceFor(kind, namespace),
      name,
    });
    return parseObject<T>(res.objectJson);
  }

  async list<T extends ApiObject = ApiObject>(kind: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const res = await this.transport.unary(this.transport.api.List, {
      kind: canonicalKind(kind),
      namespace: options.namespace ?? "",
      labelSelector: options.labelSelector ?? "",
    });
    return { items: res.itemsJson.map((j) => parseObject<T>(j)), resourceVersion: res.resourceVersion };
  }

  /** Delete an object and return its last state. Namespace defaults to "default". */
  async delete<T extends ApiObject = ApiObject>(kind: string, name: string, options: DeleteOptions = {}): Promise<T> {
    const res = await this.transport.unary(this.transport.api.Delete, {
      kind: canonicalKind(kind),
      namespace: namespaceFor(kind, options.namespace),
      name,
      resourceVersion: options.resourceVersion ?? "",
      propagationPolicy: options.propagationPolicy ?? "",
      ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
    });
    return parseObject<T>(res.objectJson);
  }

  /**
   * Evict a pod: delete it only if its PodDisruptionBudget allows (Kubernetes' Eviction, what
   * `kubectl drain` posts). Returns the pod as deleted. DisruptionBudgetError (naming the budget)
   * when the budget allows no disruption now: nothing was deleted, ask again later.
   */
  async evict(name: string, options: { namespace?: string; deleteOptions?: EvictionDeleteOptions } = {}): Promise<Pod> {
    const res = await this.transport.unary(this.transport.api.Evict, {
      namespace: options.namespace || "default",
      name,
      deleteOptionsJson: options.deleteOptions ? JSON.stringify(options.deleteOptions) : "",
    });
    return parseObject<Pod>(res.objectJson);
  }

  /**
   * Every change to objects of `kind` (undefined: every kind) after `resourceVersion`, in order.
   * An ExpiredError means that revision is too old: list again and watch from the new one.
   */
  watch<T extends ApiObject = ApiObject>(kind: string | undefined, options: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    const t = this.transport;
    const request = {
      kind: kind ? canonicalKind(kind) : "",
      namespace: options.namespace ?? "",
      labelSelector: options.labelSelector ?? "",
      resourceVersion: options.resourceVersion ?? "",
      batches: true,
    };
    return iterateWatch<T>(
      async () => {
        await t.connect();
        return t.api.Watch(request);
      },
      (err) => fromGrpcError(err, this.server),
      options.signal,
    );
  }

  /**
   * The steps the server keeps of what happened to the objects of `namespace` ("" or omitted:
   * every namespace), oldest first (`skiff trace`); with `follow`, then each new step as it comes,
   * until the signal aborts or the loop breaks. A server keeps the writes of every server, but
   * only its own components' steps and those of the agents connected to it: with several servers
   * every one is asked and the steps merged, each write once; a server that does not answer is
   * left out while another does.
   */
  trace(options: { namespace?: string; follow?: boolean; signal?: AbortSignal } = {}): AsyncIterable<TraceStep> {
    const request = { namespace: options.namespace ?? "", follow: options.follow ?? false };
    if (this.transport.servers.length === 1) return traceSteps(this.transport, request, this.server, options.signal);
    // Several servers: each has every write but only its own agents' and components' steps.
    const sources = this.transport.servers.map((address) => (signal: AbortSignal) => {
      const t = this.transport.to(address);
      return (async function* () {
        try {
          yield* traceSteps(t, request, address, signal);
        } finally {
          t.close();
        }
      })();
    });
    return mergeTraces(sources, options.signal);
  }

  /**
   * A container's output, as raw chunks in the order it was written (stdout and stderr
   * interleaved, as Docker keeps them). With `follow`, the iteration goes on until the signal
   * aborts, the loop breaks, or the container's log ends. Errors: NotFoundError (no such pod or
   * container), ValidationError (several containers and none chosen: the message lists them),
   * UnavailableError (the pod is not on a node yet, or its node's agent cannot be reached).
   */
  logs(options: LogsOptions): AsyncIterable<Buffer> {
    const t = this.transport;
    const request = logsRequest(options);
    const chunks = iterateStream(
      async () => {
        await t.connect();
        return t.api.Logs(request);
      },
      (err) => fromGrpcError(err, this.server, { proxied: true }),
      options.signal,
    );
    return dataOf(chunks);
  }

  /**
   * Run a command in a container and wait for it to end: its exit code and everything it wrote.
   * Not interactive (no stdin, no terminal). Errors as for `logs`.
   */
  async exec(options: ExecOptions): Promise<ExecResult> {
    const res = await this.transport.unary(this.transport.api.Exec, execRequest(options), { proxied: true });
    return { exitCode: res.exitCode, stdout: Buffer.from(res.stdout), stderr: Buffer.from(res.stderr) };
  }

  async health(): Promise<HealthStatus> {
    const res = await this.transport.unary(this.transport.api.Health, {});
    return { status: res.status, version: res.version, revision: res.revision };
  }

  /** Close the connection. Calls made afterwards fail. */
  close(): void {
    this.transport.close();
  }
}

async function* dataOf(chunks: AsyncIterable<{ data: Buffer }>): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of chunks) if (chunk.data.length) yield chunk.data;
}

/** One server's trace steps. */
async function* traceSteps(t: Transport, request: { namespace: string; follow: boolean }, server: string, signal?: AbortSignal): AsyncGenerator<TraceStep, void, undefined> {
  const steps = iterateStream(
    async () => {
      await t.connect();
      return t.api.Trace(request);
    },
    (err) => fromGrpcError(err, server),
    signal,
  );
  for await (const s of steps) yield traceStepFromWire(s);
}
