// An Indexed Job's `status.completedIndexes`: the indexes that succeeded, as Kubernetes writes
// them, sorted ranges separated by commas (`1,3-5,7`). Pure.

/** The indexes in `text` (unreadable parts are skipped: the pods will be counted again). */
export function parseCompletedIndexes(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? "").split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to && i - from < 100_000; i++) out.add(i);
  }
  return out;
}

/** `0-2,5` for {0,1,2,5}; "" for none. */
export function formatCompletedIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
