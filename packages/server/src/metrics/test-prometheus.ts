// Tests read /metrics as Prometheus would: through a real parser of the text format (a malformed
// exposition throws), then look samples up by family name and labels.
import parsePrometheusTextFormat, { type PromFamily, type PromSample } from "parse-prometheus-text-format";

export function parseMetrics(text: string): PromFamily[] {
  return parsePrometheusTextFormat(text);
}

/** The samples of `name` whose labels include `labels`. */
export function samples(families: PromFamily[], name: string, labels: Record<string, string> = {}): PromSample[] {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric family ${name} in the exposition`);
  return family.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

/** A counter's or gauge's value (summed over matching label sets; 0 when none match). */
export function value(families: PromFamily[], name: string, labels: Record<string, string> = {}): number {
  return samples(families, name, labels).reduce((n, s) => n + Number(s.value ?? 0), 0);
}

/**
 * An unlabelled histogram's observation count. The parser folds a labelled histogram's series
 * into one (it keeps no labels for them): read those with prom-client's own `get()`.
 */
export function histogramCount(families: PromFamily[], name: string): number {
  return samples(families, name).reduce((n, s) => n + Number(s.count ?? 0), 0);
}

/** A labelled histogram's observation count, from prom-client's own view of it. */
export async function labelledHistogramCount(metric: { get(): Promise<{ values: { metricName?: string; labels: Record<string, string | number>; value: number }[] }> }, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  return values
    .filter((v) => v.metricName?.endsWith("_count") && Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((n, v) => n + v.value, 0);
}
