import type { Issue } from './errors.js';

const NUL = '\u0000';

/** Parsed JSON or a parsed query, not the bytes or stream a body parser may hand on unparsed (the gateway's). */
function isParsed(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && typeof (value as { pipe?: unknown }).pipe !== 'function'
  );
}

/**
 * Every string in a request value (path parameters, query, a parsed JSON body) that holds U+0000, by its
 * dotted path. PostgreSQL refuses NUL in text, and no field of ours has a use for it: refused at the edge
 * with a 400 naming the field, instead of reaching a query.
 */
export function nulCharacterIssues(value: unknown, path: string[] = [], issues: Issue[] = []): Issue[] {
  if (typeof value === 'string') {
    if (value.includes(NUL)) issues.push({ path: path.join('.'), message: 'must not contain the NUL character (U+0000)' });
  } else if (isParsed(value) && issues.length < 20 && path.length < 64) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes(NUL))
        issues.push({
          path: [...path, key.replaceAll(NUL, '\\u0000')].join('.'),
          message: 'a key must not contain the NUL character (U+0000)',
        });
      nulCharacterIssues(inner, [...path, key], issues);
    }
  }
  return issues;
}
