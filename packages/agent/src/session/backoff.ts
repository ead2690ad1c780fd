// Reconnect delays: exponential with jitter, so that agents that lost the same server do not all
// knock again at the same instant when it comes back. The arithmetic (and `sleep`) is @skiff/api's
// waiting.ts, shared by every package; this is the agent's policy.
import type { BackoffPolicy } from "@skiff/api";

/** 250 ms doubling to 10 s, each delay drawn from [cap/2, cap]. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, jitter: 0.5 };
