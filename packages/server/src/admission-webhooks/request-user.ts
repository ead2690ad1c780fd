// Who made the request being admitted, for the review's userInfo. The API edges run each call
// inside `asRequestUser`, so the object core needs no user parameter on every method.
import { AsyncLocalStorage } from "node:async_hooks";
import type { UserInfo } from "./review.js";

const current = new AsyncLocalStorage<UserInfo>();

export function asRequestUser<T>(user: { name: string; uid?: string; groups?: readonly string[] } | undefined, run: () => T): T {
  if (!user) return run();
  return current.run({ username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: [...(user.groups ?? [])] }, run);
}

export function requestUser(): UserInfo | undefined {
  return current.getStore();
}
