// A stand-in for the webhooks' side of the chain, for the chain's unit tests: it records what it
// was asked, in order, and answers as told. The real webhooks (HTTPS calls) are tested in
// admission-webhooks/ and test/admission-webhooks.test.ts. Test code only.
import { PermissionDeniedError, type ApiObject } from "@skiff/api";
import type { Admitted } from "../admission-webhooks/index.js";
import type { Operation } from "../admission-webhooks/matching.js";
import type { Webhooks } from "./chain.js";

export interface Asked {
  phase: "mutate" | "validate" | "delete";
  operation: Operation;
  subresource: string;
  object: ApiObject;
  oldObject?: ApiObject;
}

export class RecordingWebhooks implements Webhooks {
  readonly asked: Asked[] = [];
  constructor(
    private readonly answer: {
      kinds?: string[];
      patch?: (object: ApiObject) => ApiObject;
      deny?: (object: ApiObject) => string | undefined;
    } = {},
  ) {}

  concerns(object: ApiObject): boolean {
    return (this.answer.kinds ?? ["Pod"]).includes(object.kind);
  }

  async mutate(v: Admitted, oldObject: ApiObject | undefined, operation: Operation, subresource: string): Promise<Admitted> {
    this.asked.push({ phase: "mutate", operation, subresource, object: v.object, oldObject });
    return { object: this.answer.patch ? this.answer.patch(v.object) : v.object, warnings: [...v.warnings, "mutated"] };
  }

  async validate(v: Admitted, oldObject: ApiObject | undefined, operation: Operation, subresource: string): Promise<void> {
    this.asked.push({ phase: "validate", operation, subresource, object: v.object, oldObject });
    const why = this.answer.deny?.(v.object);
    if (why) throw new PermissionDeniedError(`admission webhook "test" denied the request: ${why}`);
  }

  async admitDelete(existing: ApiObject): Promise<void> {
    this.asked.push({ phase: "delete", operation: "DELETE", subresource: "", object: existing });
  }
}
