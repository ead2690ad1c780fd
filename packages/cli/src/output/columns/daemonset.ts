// DaemonSets and ControllerRevisions, as kubectl prints them. DaemonSets: NAME DESIRED CURRENT
// READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, and CONTAINERS IMAGES SELECTOR with -o wide;
// ControllerRevisions: NAME CONTROLLER REVISION AGE. The cells are @skiff/api's.
import { age, containerImages, containerNames, formatLabelSelector, nodeSelectorString, revisionController, type ControllerRevision, type DaemonSet } from "@skiff/api";
import { NONE, type Columns } from "./types.js";

const daemonSets: Columns = {
  headers: ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
  row: (o, now) => {
    const d = o as DaemonSet;
    const s = d.status;
    const counts = [s?.desiredNumberScheduled, s?.currentNumberScheduled, s?.numberReady, s?.updatedNumberScheduled, s?.numberAvailable];
    return [d.metadata.name, ...counts.map((n) => String(n ?? 0)), nodeSelectorString(d.spec?.template), age(d.metadata.creationTimestamp, now)];
  },
  wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
  wideRow: (o) => {
    const d = o as DaemonSet;
    return [containerNames(d.spec?.template) || NONE, containerImages(d.spec?.template) || NONE, formatLabelSelector(d.spec?.selector)];
  },
};


const controllerRevisions: Columns = {
  headers: ["NAME", "CONTROLLER", "REVISION", "AGE"],
  row: (o, now) => {
    const r = o as ControllerRevision;
    return [r.metadata.name, revisionController(r), String(r.revision), age(r.metadata.creationTimestamp, now)];
  },
};

export const daemonSetColumns: Record<string, Columns> = { DaemonSet: daemonSets, ControllerRevision: controllerRevisions };
