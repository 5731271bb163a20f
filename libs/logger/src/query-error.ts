import { stdSerializers } from 'pino';

/** Keys under which database drivers keep a query's bound values (postgres.js `parameters`, drizzle `params`). */
const boundValueKeys = new Set(['parameters', 'params', 'args']);

/** Drizzle puts the bound values in the message (and so in the stack): `Failed query: ...\nparams: ...`. */
const paramsInText = /\nparams: [\s\S]*?(?=\n\s+at |$)/;

function withoutBoundValues(value: unknown, depth: number): unknown {
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => withoutBoundValues(v, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (boundValueKeys.has(key)) continue;
    result[key] =
      (key === 'message' || key === 'stack') && typeof v === 'string' ? v.replace(paramsInText, '') : withoutBoundValues(v, depth + 1);
  }
  return result;
}

/**
 * pino's error serializer, minus the values bound to a failed query: they are request data (a password
 * hash being inserted, an email), never needed to diagnose the failure, whose query text has `$1` placeholders.
 */
export function serializeError(err: unknown): unknown {
  return withoutBoundValues(err instanceof Error ? stdSerializers.err(err) : err, 0);
}
