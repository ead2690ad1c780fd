// The control loops of `skiff server`, as components: node lifecycle, scheduler, the workload
// controllers, event expiry. Each gets its own logger and its own event source name. They all
// read one set of shared informers: one watch and one indexed cache per kind for the server.
import type { Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Component } from "./components.js";
import { builtInControllers } from "./controllers/index.js";
import { Controller, type ControllerDefinition } from "./controllers/framework/controller.js";
import { SharedInformers } from "./controllers/framework/shared-informers.js";
import { EventExpiry, StoreEventRecorder } from "./events/index.js";
import { componentLogger, type Logger } from "./log.js";
import type { Dispatcher } from "./nodes/dispatcher.js";
import { NodeLifecycle } from "./nodes/lifecycle.js";
import { Scheduler, type SchedulerProfile } from "./scheduler/index.js";
import { finalizingStore } from "./objects/deletion.js";
import { AdmissionChain } from "./admission/chain.js";
import { admittedStore } from "./admission/admitted-store.js";
import type { ServerMetrics } from "./metrics/server-metrics.js";
import { controllerMetrics } from "./metrics/controllers.js";

export interface ControlPlaneOptions {
  store: Store;
  log: Logger;
  recorder: StoreEventRecorder;
  dispatcher: Dispatcher;
  /** Controllers to run instead of the built-in ones (tests); a user's own come in `extra`. */
  controllers?: ControllerDefinition[];
  eventTtlMs?: number;
  /** Work queues and scheduling attempts are measured here when given. */
  metrics?: ServerMetrics;
  /** The scheduler's plugins from --scheduler-config (the built-in defaults when omitted). */
  schedulerProfile?: SchedulerProfile;
  /** The admission chain the API's writes go through (with its webhooks); plugins only when omitted. */
  admission?: AdmissionChain;
}

export function controlPlane(o: ControlPlaneOptions): Component[] {
  const { store, log, recorder } = o;
  const admission = o.admission ?? new AdmissionChain(store);
  const informers = new SharedInformers(store, componentLogger(log, "informers"));
  const controllers = (o.controllers ?? builtInControllers()).map(
    (def): Component => ({
      name: def.name,
      start: (signal) =>
        // Through finalizingStore, a controller's update that removes the last finalizer of an
        // object being deleted also removes it, as the API does for users; through admittedStore,
        // its creates and updates pass the same admission chain as the users' (admission/).
        new Controller(def, { store: admittedStore(finalizingStore(store), admission), informers, events: recorder.forComponent(def.name), log: componentLogger(log, def.name), metrics: controllerMetrics(o.metrics, def.name) }).start(signal),
    }),
  );
  return [
    {
      name: "informers",
      start: async (signal) => {
        informers.start(signal);
        // Status reports take pods from this cache while it runs (nodes/dispatcher.ts).
        const pods = informers.for<Pod>("Pod");
        o.dispatcher.podCache = pods;
        const stop = () => {
          if (o.dispatcher.podCache === pods) o.dispatcher.podCache = undefined;
        };
        signal.addEventListener("abort", stop, { once: true });
      },
    },
    { name: "node-lifecycle", start: (signal) => new NodeLifecycle(store, o.dispatcher, informers, componentLogger(log, "node-lifecycle"), undefined, recorder.forComponent("node-controller")).start(signal) },
    {
      name: "scheduler",
      start: (signal) => new Scheduler({ store, informers, log: componentLogger(log, "scheduler"), events: recorder.forComponent("default-scheduler"), metrics: o.metrics, profile: o.schedulerProfile }).start(signal),
    },
    ...controllers,
    { name: "event-expiry", start: (signal) => new EventExpiry(store, componentLogger(log, "events"), o.eventTtlMs).start(signal) },
  ];
}
