// One pass of a controller that writes many pods: as many as fit one etcd transaction (issue 14).
import { refOf, type Pod } from "@skiff/api";
import { fitsOneCommit, type WriteOp } from "@skiff/store";

/**
 * The pods to create and delete in this pass, as many as fit one commit (etcd's limits) with the
 * other writes (history, status), halving until they do. The rest come in the next passes: the
 * pods' own events bring the controller back (a DaemonSet on over about 120 nodes, a failed Job
 * with that many running pods).
 */
export function batchThatFits(created: Pod[], deletes: readonly Pod[], others: WriteOp[]): { created: Pod[]; deleted: Pod[]; ops: WriteOp[] } {
  const total = created.length + deletes.length;
  for (let n = total; ; n = Math.floor(n / 2)) {
    const c = created.slice(0, n);
    const d = deletes.slice(0, Math.max(0, n - c.length));
    const ops: WriteOp[] = [
      ...c.map((object): WriteOp => ({ type: "create", object })),
      // No resourceVersion: the pod goes even if its status changed since we read it.
      ...d.map((pod): WriteOp => ({ type: "delete", ref: refOf(pod) })),
      ...others,
    ];
    if (n <= 1 || fitsOneCommit(ops)) return { created: c, deleted: d, ops };
  }
}
