// Dynamic admission: the server's side of ValidatingWebhookConfiguration and
// MutatingWebhookConfiguration, in Kubernetes' order. For a create or update: the mutating
// webhooks that match, one after another in name order, each patch applied; the result
// validated again; then the validating webhooks that match, all at once. Any refusal refuses
// the request, and nothing is stored. The configurations come from informers (no store read per
// request); the decisions are the pure files beside this one (matching, review, patch, failure).
import { randomUUID } from "node:crypto";
import { kindInfo, refOf, validateObject, type ApiObject, type Endpoints, type MutatingWebhookConfiguration, type Namespace, type Service, type ValidatingWebhookConfiguration } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer } from "../informer/index.js";
import type { Logger } from "../log.js";
import { CallError, callWebhook } from "./call.js";
import { WebhookDeniedError } from "./errors.js";
import { onCallFailure } from "./failure.js";
import { matchingWebhooks, ruleMatches, type ConfiguredWebhook, type Operation, type RequestAttributes } from "./matching.js";
import { applyWebhookPatch } from "./patch.js";
import { requestUser } from "./request-user.js";
import { BadResponseError, buildReview, readResponse, type Verdict } from "./review.js";
import { targetOf } from "./target.js";

export interface Admitted {
  object: ApiObject;
  warnings: string[];
}

// Kubernetes never sends webhook configurations to webhooks: a broken webhook could not be removed.
const EXEMPT = new Set(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]);

export class WebhookAdmission {
  private readonly validating: Informer<ValidatingWebhookConfiguration>;
  private readonly mutating: Informer<MutatingWebhookConfiguration>;
  private readonly namespaces: Informer<Namespace>;
  private hooks: { validating: ConfiguredWebhook[]; mutating: ConfiguredWebhook[] } = { validating: [], mutating: [] };

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly call: typeof callWebhook = callWebhook,
  ) {
    this.validating = new Informer(store, { kind: "ValidatingWebhookConfiguration", log });
    this.mutating = new Informer(store, { kind: "MutatingWebhookConfiguration", log });
    this.namespaces = new Informer(store, { kind: "Namespace", log });
  }

  async start(signal: AbortSignal): Promise<void> {
    const refresh = { onAdd: () => this.refresh(), onUpdate: () => this.refresh(), onDelete: () => this.refresh() };
    this.validating.on(refresh);
    this.mutating.on(refresh);
    for (const i of [this.validating, this.mutating, this.namespaces]) void i.start(signal);
    await Promise.all([this.validating.synced, this.mutating.synced, this.namespaces.synced]);
  }

  // Rebuilt when a configuration changes (rarely), so that a request only filters a short list.
  private refresh(): void {
    const flatten = (configs: (ValidatingWebhookConfiguration | MutatingWebhookConfiguration)[]) =>
      configs.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).flatMap((c) => (c.webhooks ?? []).map((webhook) => ({ configuration: c.metadata.name, webhook })));
    this.hooks = { validating: flatten(this.validating.list()), mutating: flatten(this.mutating.list()) };
  }

  /** Creates and updates (an apply decides by what is stored): each object as the webhooks leave it. */
  async admit(validated: Admitted[], options: { dryRun?: boolean; operation?: "CREATE" | "UPDATE" } = {}): Promise<Admitted[]> {
    if (this.hooks.validating.length === 0 && this.hooks.mutating.length === 0) return validated;
    const out: Admitted[] = [];
    for (const v of validated) {
      // Most objects concern no webhook: only those a rule names are worth reading the stored one for.
      if (!this.concerns(v.object)) {
        out.push(v);
        continue;
      }
      const existing = (await this.store.get(refOf(v.object))) ?? undefined;
      out.push(await this.admitOne(v, existing, options.operation ?? (existing ? "UPDATE" : "CREATE"), "", options.dryRun ?? false));
    }
    return out;
  }

  /** Whether a rule of any webhook names this object's resource (whatever the operation): only then is a request worth preparing. */
  concerns(object: ApiObject): boolean {
    if (EXEMPT.has(object.kind) || (this.hooks.validating.length === 0 && this.hooks.mutating.length === 0)) return false;
    const attributes = attributesOf(object, "CREATE", "", object);
    return [...this.hooks.mutating, ...this.hooks.validating].some(({ webhook }) => (webhook.rules ?? []).some((r) => ruleMatches({ ...r, operations: ["*"] }, attributes)));
  }

  /** One object: the mutating webhooks' patches, validation again, then the validating webhooks. */
  async admitOne(v: Admitted, existing: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean): Promise<Admitted> {
    const mutated = await this.mutate(v, existing, operation, subresource, dryRun);
    let { object } = mutated;
    const warnings = [...mutated.warnings];
    if (object !== v.object) {
      const again = validateObject(object);
      object = again.object;
      warnings.push(...again.warnings);
    }
    await this.validate({ object, warnings }, existing, operation, subresource, dryRun);
    return { object, warnings };
  }

  /** The mutating webhooks that match, one after another in name order, each patch applied (the admission chain's second step). */
  async mutate(v: Admitted, existing: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean): Promise<Admitted> {
    if (EXEMPT.has(v.object.kind)) return v;
    const warnings = [...v.warnings];
    let object = v.object;
    for (const hook of this.matching(this.hooks.mutating, object, existing, operation, subresource)) {
      const verdict = await this.ask(hook, object, existing, operation, subresource, dryRun, warnings);
      if (!verdict?.patch) continue;
      try {
        object = applyWebhookPatch(object, verdict.patch);
      } catch (err) {
        if (!(err instanceof BadResponseError)) throw err;
        this.failed(hook, err.message, object);
      }
    }
    return { object, warnings };
  }

  /** The validating webhooks that match, all at once; their warnings are added to `v.warnings`. */
  async validate(v: Admitted, existing: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean): Promise<void> {
    if (EXEMPT.has(v.object.kind)) return;
    const validating = this.matching(this.hooks.validating, v.object, existing, operation, subresource);
    await Promise.all(validating.map((hook) => this.ask(hook, v.object, existing, operation, subresource, dryRun, v.warnings)));
  }

  /** A delete: every matching webhook is asked (a mutating one's patch means nothing here). */
  async admitDelete(existing: ApiObject, dryRun: boolean): Promise<void> {
    if (EXEMPT.has(existing.kind)) return;
    const ask = (hooks: ConfiguredWebhook[]) => this.matching(hooks, undefined, existing, "DELETE", "").map((h) => this.ask(h, undefined, existing, "DELETE", "", dryRun, []));
    await Promise.all([...ask(this.hooks.mutating), ...ask(this.hooks.validating)]);
  }

  private matching(hooks: ConfiguredWebhook[], object: ApiObject | undefined, oldObject: ApiObject | undefined, operation: Operation, subresource: string): ConfiguredWebhook[] {
    if (hooks.length === 0) return [];
    const attributes = attributesOf((object ?? oldObject)!, operation, subresource, object, oldObject);
    const labels = attributes.namespace ? this.namespaces.get(attributes.namespace)?.metadata.labels : undefined;
    return matchingWebhooks(hooks, attributes, labels);
  }

  // One call; a refusal throws, a failure follows failurePolicy (undefined when ignored).
  private async ask(hook: ConfiguredWebhook, object: ApiObject | undefined, oldObject: ApiObject | undefined, operation: Operation, subresource: string, dryRun: boolean, warnings: string[]): Promise<Extract<Verdict, { allowed: true }> | undefined> {
    const subject = (object ?? oldObject)!;
    const uid = randomUUID();
    const attributes = attributesOf(subject, operation, subresource, object, oldObject);
    const review = buildReview({ ...attributes, uid, kind: subject.kind, name: subject.metadata.name, dryRun, user: requestUser() });
    let verdict: Verdict;
    try {
      const target = targetOf(hook.webhook, ...(await this.serviceOf(hook)));
      if (typeof target === "string") throw new CallError(`failed to call webhook: ${target}`);
      verdict = readResponse(hook.webhook.name, uid, await this.call(target, review));
    } catch (err) {
      if (!(err instanceof CallError) && !(err instanceof BadResponseError)) throw err;
      return this.failed(hook, err.message, subject);
    }
    warnings.push(...verdict.warnings);
    if (!verdict.allowed) throw new WebhookDeniedError(verdict.message, verdict.code);
    return verdict;
  }

  private failed(hook: ConfiguredWebhook, cause: string, subject: ApiObject): undefined {
    const outcome = onCallFailure(hook.webhook, cause);
    if ("refuse" in outcome) throw outcome.refuse;
    const object = `${subject.kind}/${subject.metadata.namespace ? `${subject.metadata.namespace}/` : ""}${subject.metadata.name}`;
    this.log.warn({ webhook: hook.webhook.name, configuration: hook.configuration, object }, `${outcome.ignore} (failurePolicy Ignore: the request goes on)`);
    return undefined;
  }

  private async serviceOf(hook: ConfiguredWebhook): Promise<[Service?, Endpoints?]> {
    const ref = hook.webhook.clientConfig.service;
    if (!ref) return [];
    const service = (await this.store.get({ kind: "Service", namespace: ref.namespace, name: ref.name })) as Service | undefined;
    const endpoints = (await this.store.get({ kind: "Endpoints", namespace: ref.namespace, name: ref.name })) as Endpoints | undefined;
    return [service ?? undefined, endpoints ?? undefined];
  }
}

function attributesOf(subject: ApiObject, operation: Operation, subresource: string, object?: ApiObject, oldObject?: ApiObject): RequestAttributes {
  const [group, version] = subject.apiVersion.includes("/") ? subject.apiVersion.split("/", 2) as [string, string] : ["", subject.apiVersion];
  const info = kindInfo(subject.kind);
  return {
    operation,
    group,
    version,
    resource: info?.plural ?? `${subject.kind.toLowerCase()}s`,
    subresource,
    namespace: info?.namespaced ? subject.metadata.namespace ?? "" : "",
    object,
    oldObject,
  };
}
