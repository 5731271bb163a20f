/**
 * Reads a Retry-After header: delay-seconds (`120`) or an HTTP date. Returns milliseconds from `now`, or
 * undefined when absent or unreadable (a malformed header is ignored, not obeyed).
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
