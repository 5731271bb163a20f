/**
 * Database failures that are not bugs, recognised by their codes (postgres.js's own, Node's socket codes,
 * PostgreSQL SQLSTATEs), through any wrapping (drizzle puts the driver's error in `cause`).
 */

/** Text PostgreSQL refuses (a NUL, an invalid UTF-8 sequence): the caller's input, so a 400, not a 500. */
const invalidText = new Set(['22021', '22P05']);

/** The database cannot be reached or is going away: a 503 the caller may retry, not a 500. */
const unavailable = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECTION_CLOSED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
]);

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    // Node wraps several failed connection attempts (IPv4 and IPv6) in one AggregateError.
    if (e instanceof AggregateError) for (const inner of e.errors) codes.push(...codesOf(inner));
  }
  return codes;
}

export function isInvalidTextError(err: unknown): boolean {
  return codesOf(err).some((c) => invalidText.has(c));
}

export function isDatabaseUnavailableError(err: unknown): boolean {
  return codesOf(err).some((c) => unavailable.has(c));
}
