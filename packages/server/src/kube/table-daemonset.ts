// kubectl 1.32's tables for DaemonSets and their ControllerRevisions (printers.go printDaemonSet,
// printControllerRevision); the cell rules are @skiff/api's.
import { age, containerImages, containerNames, formatLabelSelector, nodeSelectorString, revisionController, type ApiObject, type ControllerRevision, type DaemonSet } from "@skiff/api";
import { AGE, CONTAINERS, IMAGES, NAME, column, type Printer } from "./table-columns.js";

const daemonSet: Printer = {
  columns: [
    NAME,
    column("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
    column("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
    column("Ready", "integer", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
    column("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
    column("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
    column("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE,
    CONTAINERS,
    IMAGES,
    column("Selector", "string", "A label query over pods that are managed by the daemon set.", { wide: true }),
  ],
  cells: (o: ApiObject, now: number) => {
    const d = o as DaemonSet;
    const s = d.status;
    return [
      d.metadata.name,
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      nodeSelectorString(d.spec?.template),
      age(d.metadata.creationTimestamp, now),
      containerNames(d.spec?.template),
      containerImages(d.spec?.template),
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

const controllerRevision: Printer = {
  columns: [
    NAME,
    column("Controller", "string", "Controller of the object"),
    column("Revision", "string", "Revision indicates the revision of the state represented by Data."),
    AGE,
  ],
  cells: (o: ApiObject, now: number) => {
    const r = o as ControllerRevision;
    return [r.metadata.name, revisionController(r), r.revision, age(r.metadata.creationTimestamp, now)];
  },
};

export const daemonSetPrinters: Record<string, Printer> = { DaemonSet: daemonSet, ControllerRevision: controllerRevision };
