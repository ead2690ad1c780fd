// The shell of service-allocation.ts: one attempt's view of what is taken, read so that its
// commit cannot race another allocation (allocation-record.ts explains how).
import type { Service } from "@skiff/api";
import type { Store } from "@skiff/store";
import { guardAllocations, type AllocationGuard } from "./allocation-record.js";
import { SERVICE_CIDR, allocateService, allocationsOf, type Allocations } from "./service-allocation.js";

export class ServiceAllocations {
  private constructor(
    readonly guard: AllocationGuard,
    private readonly taken: Allocations,
    private readonly range: string,
  ) {}

  /** The record first, then the Services: the order is what makes a stale list impossible to commit. */
  static async read(store: Store, range = SERVICE_CIDR): Promise<ServiceAllocations> {
    const guard = await guardAllocations(store, "services", `${range},nodePorts=30000-32767`);
    const services = (await store.list("Service")).items as Service[];
    return new ServiceAllocations(guard, allocationsOf(services), range);
  }

  /** `svc` with its clusterIP and nodePorts; later calls of this attempt see what it took. */
  allocate(svc: Service, existing: Service | undefined): Service {
    return allocateService(svc, existing, this.taken, this.range);
  }
}
