// Nodes and Namespaces.
import type { ApiObject, Namespace, Node, Taint } from "@skiff/api";
import { nodeRoles } from "../columns/index.js";
import { age, formatTimestamp as formatTime } from "../age.js";
import { cpuString, memoryString, nodeAllocation, percent, podResources } from "../resources.js";
import { table } from "./table.js";
import type { DescribeContext } from "./context.js";
import type { DescribeWriter } from "./writer.js";

/** `key=value:NoSchedule`, as kubectl prints a taint. */
export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}

/** `250m (12%)`: an amount and its share of what the node can allocate. */
function share(amount: number, of: number | undefined, format: (n: number) => string): string {
  const p = percent(amount, of);
  return p ? `${format(amount)} (${p})` : format(amount);
}

export function describeNode(obj: ApiObject, w: DescribeWriter, ctx: DescribeContext): void {
  const node = obj as Node;
  w.field("Roles", nodeRoles(node));
  const taints = node.spec?.taints ?? [];
  w.field("Taints", taints.map(taintString).join("\n"));
  w.field("Unschedulable", node.spec?.unschedulable ? "true" : "false");
  const conditions = node.status?.conditions ?? [];
  if (conditions.length) {
    w.section("Conditions", (s) =>
      table(
        s,
        ["Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message"],
        conditions.map((c) => [
          c.type,
          c.status,
          formatTime(c.lastHeartbeatTime) ?? "",
          formatTime(c.lastTransitionTime) ?? "",
          c.reason ?? "",
          c.message ?? "",
        ]),
      ),
    );
  } else {
    w.field("Conditions", undefined);
  }
  const addresses = node.status?.addresses ?? [];
  if (addresses.length) w.section("Addresses", (s) => addresses.forEach((a) => s.field(a.type, a.address)));
  if (node.status?.capacity) w.mapBlock("Capacity", node.status.capacity);
  if (node.status?.allocatable) w.mapBlock("Allocatable", node.status.allocatable);
  const info = node.status?.nodeInfo;
  if (info) {
    w.section("System Info", (s) => {
      s.field("Operating System", info.operatingSystem);
      s.field("Architecture", info.architecture);
      if (info.osImage) s.field("OS Image", info.osImage);
      if (info.kernelVersion) s.field("Kernel Version", info.kernelVersion);
      s.field("Container Runtime Version", info.containerRuntimeVersion);
      s.field("Kubelet Version", info.kubeletVersion);
    });
  }
  // Without the pod list (describe was not given one) there is nothing honest to sum.
  if (!ctx.pods) return;
  const a = nodeAllocation(node, ctx.pods);
  w.field("Non-terminated Pods", `(${a.pods.length} in total)`);
  if (a.pods.length) {
    table(
      w,
        ["Namespace", "Name", "CPU Requests", "CPU Limits", "Memory Requests", "Memory Limits", "Age"],
        a.pods.map((p) => {
          const r = podResources(p);
          return [
            p.metadata.namespace ?? "",
            p.metadata.name,
            share(r.requests.cpu, a.allocatable.cpu, cpuString),
            share(r.limits.cpu, a.allocatable.cpu, cpuString),
            share(r.requests.memory, a.allocatable.memory, memoryString),
            share(r.limits.memory, a.allocatable.memory, memoryString),
          age(p.metadata.creationTimestamp, ctx.now),
        ];
      }),
      "  ",
    );
  }
  w.section("Allocated resources", (s) => {
    s.text("(Total limits may be over 100 percent, i.e., overcommitted.)");
    table(s, ["Resource", "Requests", "Limits"], [
      ["cpu", share(a.requests.cpu, a.allocatable.cpu, cpuString), share(a.limits.cpu, a.allocatable.cpu, cpuString)],
      ["memory", share(a.requests.memory, a.allocatable.memory, memoryString), share(a.limits.memory, a.allocatable.memory, memoryString)],
      ["pods", `${a.pods.length} (${percent(a.pods.length, a.allocatable.pods) || "0%"})`, ""],
    ]);
  });
}

export function describeNamespace(obj: ApiObject, w: DescribeWriter): void {
  w.field("Status", (obj as Namespace).status?.phase ?? "Active");
}
