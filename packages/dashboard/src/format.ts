// Small words and numbers for people: ages, CPU and memory.

export function age(since: string | undefined, now = Date.now()): string {
  if (!since) return "";
  const s = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

export const cpu = (milli: number) => (milli >= 1000 ? `${(milli / 1000).toFixed(milli % 1000 ? 1 : 0)}` : `${Math.round(milli)}m`);

export function memory(bytes: number): string {
  const mi = bytes / 1024 ** 2;
  return mi >= 1024 ? `${(mi / 1024).toFixed(1)}Gi` : `${Math.round(mi)}Mi`;
}

export const percent = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((part * 100) / whole)) : 0);
