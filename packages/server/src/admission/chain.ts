// The admission chain: every create and update of an object passes it, whoever writes it — a user
// through the gRPC or the Kubernetes REST edge (objects/), or a controller making a Deployment's
// pods (admitted-store.ts). The order is Kubernetes' (steps.ts); ResourceQuota comes last, at the
// commit (quota/admit-at-commit.ts), because its charge is compare-and-swap on the quota.
import { validateObject, type ApiObject } from "@skiff/api";
import type { Admitted } from "../admission-webhooks/index.js";
import type { Operation } from "../admission-webhooks/matching.js";
import { customResourceRulesPlugin } from "./custom-resource-rules.js";
import { limitRangerPlugin } from "./limit-ranger.js";
import type { AdmissionPlugin, AdmissionReads, AdmissionRequest } from "./request.js";
import { serviceAccountPlugin } from "./service-account.js";
import { admissionSteps } from "./steps.js";

/** The built-in plugins, in Kubernetes' order. */
export const DEFAULT_PLUGINS: readonly AdmissionPlugin[] = [serviceAccountPlugin, limitRangerPlugin, customResourceRulesPlugin];

/** The webhooks' side (admission-webhooks/WebhookAdmission): set once their informers have synced. */
export interface Webhooks {
  concerns(object: ApiObject): boolean;
  mutate(v: Admitted, oldObject: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean): Promise<Admitted>;
  validate(v: Admitted, oldObject: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean): Promise<void>;
  admitDelete(existing: ApiObject, dryRun: boolean): Promise<void>;
}

export class AdmissionChain {
  /** Set by the server once the webhook configurations are read; until then, plugins only. */
  webhooks?: Webhooks;

  constructor(
    private readonly reads: AdmissionReads,
    private readonly plugins: readonly AdmissionPlugin[] = DEFAULT_PLUGINS,
  ) {}

  /**
   * Whether a write of `object` has anything to go through: a controller's write that concerns no
   * plugin and no webhook is not worth reading the stored object for.
   */
  concerns(object: ApiObject, operation: AdmissionRequest["operation"], subresource = ""): boolean {
    return this.plugins.some((p) => p.handles({ object, operation, subresource })) || (this.webhooks?.concerns(object) ?? false);
  }

  /** The object as admission leaves it, with the warnings so far; throws the first refusal. */
  async admit(request: AdmissionRequest): Promise<Admitted> {
    const webhooks = this.webhooks?.concerns(request.object) ? this.webhooks : undefined;
    let object = request.object;
    let warnings = [...request.warnings];
    let beforeWebhooks = object;
    for (const step of admissionSteps(this.plugins, request, webhooks !== undefined)) {
      switch (step.phase) {
        case "mutating-plugin":
          object = await step.plugin.mutate!(object, request, this.reads);
          break;
        case "mutating-webhooks":
          beforeWebhooks = object;
          ({ object, warnings } = await webhooks!.mutate({ object, warnings }, request.oldObject, request.operation, request.subresource, request.dryRun));
          break;
        case "validation":
          // What a webhook patched is checked as the user's own fields are.
          if (object !== beforeWebhooks) {
            const again = validateObject(object);
            object = again.object;
            warnings.push(...again.warnings);
          }
          break;
        case "validating-plugin":
          await step.plugin.validate!(object, request, this.reads);
          break;
        case "validating-webhooks":
          await webhooks!.validate({ object, warnings }, request.oldObject, request.operation, request.subresource, request.dryRun);
          break;
      }
    }
    return { object, warnings };
  }

  /** A delete goes to the webhooks only (no built-in plugin judges one). */
  async admitDelete(existing: ApiObject, dryRun: boolean): Promise<void> {
    if (this.webhooks?.concerns(existing)) await this.webhooks.admitDelete(existing, dryRun);
  }
}
