// The "Leader:" line of `skiff version`: who holds the leader Lease (kube-system/
// skiff-controller-manager) and whether it is current, i.e. renewed within its duration.
import type { Lease } from "@skiff/api";

export function leaderLine(lease: Lease | undefined, now: number): string {
  const spec = lease?.spec;
  if (!spec?.holderIdentity) return "Leader: none (no server holds the leader lease)";
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
  const ageS = Math.max(0, Math.round((now - renewed) / 1000));
  const stale = Number.isFinite(renewed) && spec.leaseDurationSeconds !== undefined && now - renewed > spec.leaseDurationSeconds * 1000 * 2;
  const since = spec.acquireTime ? `, leading since ${spec.acquireTime}` : "";
  return stale ? `Leader: ${spec.holderIdentity} (not renewed for ${ageS}s: it may have stopped; another server takes over)` : `Leader: ${spec.holderIdentity}${since}`;
}
