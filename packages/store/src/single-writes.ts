// create, update and delete are one-op commits on every backend: written once, over `commit`.
import type { ApiObject, ObjectRef } from "@skiff/api";
import type { WriteOp } from "./types.js";

export abstract class SingleWrites {
  abstract commit(ops: WriteOp[]): Promise<ApiObject[]>;

  create(object: ApiObject): Promise<ApiObject> {
    return this.commitOne({ type: "create", object });
  }

  update(object: ApiObject): Promise<ApiObject> {
    return this.commitOne({ type: "update", object });
  }

  delete(ref: ObjectRef, resourceVersion?: string): Promise<ApiObject> {
    return this.commitOne({ type: "delete", ref, resourceVersion });
  }

  private async commitOne(op: WriteOp): Promise<ApiObject> {
    const [result] = await this.commit([op]);
    if (!result) throw new Error("commit of one op returned no result");
    return result;
  }
}
