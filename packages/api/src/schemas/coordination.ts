// Lease (coordination.k8s.io/v1): a holder and its times; written by skiff, readable by anyone.
import { z } from "zod";
import { int, kobject, nonNegativeInt, str } from "./fields.js";
import { objectMeta } from "./meta.js";

const leaseSpec = kobject("LeaseSpec", {
  holderIdentity: str().optional(),
  leaseDurationSeconds: int(1).optional(),
  acquireTime: str().optional(),
  renewTime: str().optional(),
  leaseTransitions: nonNegativeInt().optional(),
});

export const lease = kobject("Lease", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Lease", "subdomain", true),
  spec: leaseSpec.optional(),
});
