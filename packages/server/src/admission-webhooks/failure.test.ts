import { describe, expect, it } from "vitest";
import type { Webhook } from "@skiff/api";
import { WebhookFailedError } from "./errors.js";
import { onCallFailure } from "./failure.js";

const webhook = (failurePolicy?: "Fail" | "Ignore"): Webhook => ({ name: "slow.example.com", clientConfig: { url: "https://127.0.0.1/x" }, sideEffects: "None", admissionReviewVersions: ["v1"], ...(failurePolicy ? { failurePolicy } : {}) });
const cause = 'failed to call webhook: Post "https://127.0.0.1:9443/x?timeout=1s": context deadline exceeded';

describe("a webhook that cannot be called", () => {
  it.each([["Fail", "Fail" as const], ["Fail by default", undefined]])("refuses the request under %s, naming the webhook and the cause", (_n, policy) => {
    const outcome = onCallFailure(webhook(policy), cause);
    expect("refuse" in outcome && outcome.refuse).toBeInstanceOf(WebhookFailedError);
    expect("refuse" in outcome && outcome.refuse.message).toBe(`failed calling webhook "slow.example.com": ${cause}`);
    expect("refuse" in outcome && outcome.refuse.status).toBe(500);
  });

  it("lets the request through under Ignore, with the reason to log", () => {
    expect(onCallFailure(webhook("Ignore"), cause)).toEqual({ ignore: `failed calling webhook "slow.example.com": ${cause}` });
  });
});
