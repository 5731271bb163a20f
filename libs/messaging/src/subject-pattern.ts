/**
 * NATS wildcard matching on dot-separated tokens: `*` is exactly one token, `>` one or more at the end.
 * Nest's handler lookup is exact-match, so the transport routes wildcards itself.
 */
export function matchesSubject(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
