import { errorCodes, type ErrorCode } from '@ops/http';
import type { RawResponse } from './raw-request.js';

const allowedKeys = new Set(['code', 'message', 'request_id', 'issues']);

/**
 * A 503 with Retry-After is an honest "come back later" only where the catalogue documents one; until a code
 * with status 503 exists in docs/api.md, every 5xx is a failure.
 */
const documents503 = Object.values(errorCodes).some((c) => (c.status as number) === 503);

/**
 * What is wrong with a response, as the security suite judges any answer to any input: undefined when nothing.
 * Never a 5xx; every 4xx and 5xx carries exactly `{code, message, request_id}` (plus `issues` for validation),
 * with a code from the catalogue (libs/http/src/errors.ts, kept equal to docs/api.md) and that code's status.
 */
export function responseProblem(res: RawResponse): string | undefined {
  if (res.dropped) return `connection dropped without an answer (${res.dropped})`;
  if (res.status >= 500 && !(documents503 && res.status === 503 && res.headers['retry-after'])) return `a ${res.status}`;
  if (res.status < 400) return undefined;
  return errorBodyProblem(res);
}

function errorBodyProblem(res: RawResponse): string | undefined {
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json'))
    return `a ${res.status} with content-type ${String(res.headers['content-type'] ?? 'none')}, not the documented JSON error`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `a ${res.status} whose body is not JSON`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `a ${res.status} whose body is not an object`;
  const fields = body as Record<string, unknown>;
  const extra = Object.keys(fields).filter((k) => !allowedKeys.has(k));
  if (extra.length > 0) return `a ${res.status} with undocumented fields ${extra.join(', ')}`;
  for (const key of ['code', 'message', 'request_id'] as const) {
    if (typeof fields[key] !== 'string' || fields[key] === '') return `a ${res.status} without a string ${key}`;
  }
  const code = fields.code as string;
  if (!(code in errorCodes)) return `a ${res.status} with code ${code}, not in the catalogue`;
  if (errorCodes[code as ErrorCode].status !== res.status)
    return `a ${res.status} with code ${code}, documented as ${errorCodes[code as ErrorCode].status}`;
  if (
    fields.issues !== undefined &&
    !(Array.isArray(fields.issues) && fields.issues.every((i) => typeof i?.path === 'string' && typeof i?.message === 'string'))
  ) {
    return `a ${res.status} whose issues are not [{path, message}]`;
  }
  return undefined;
}

/** One line per failure, short enough to read in a list: method, path, input, status, body. */
export function describeFailure(
  problem: string,
  req: { method: string; path: string; via: string; token?: string; body?: string | Buffer },
  res: RawResponse,
): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const body = req.body === undefined ? '' : ` body=${cut(JSON.stringify(String(req.body)), 160)}`;
  return `${problem}: ${req.via} ${req.method} ${cut(req.path, 160)} [${req.token ?? 'no token'}]${body} → ${res.status} ${cut(res.text, 200)}`;
}
