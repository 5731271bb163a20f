import fc from 'fast-check';
import { conforming, hostile, hostileBodies, percentEncode, valueFor } from './schema-arbitrary.js';
import { operationKey, type Operation, type Parameter } from './service-operations.js';

/** Who sends a fuzzed request: a platform admin reaches the most code, an organization owner the tenant checks. */
export type FuzzCaller = 'platformAdmin' | 'owner' | 'anonymous';

export interface FuzzRequest {
  op: Operation;
  caller: FuzzCaller;
  /** Path and query, percent-encoded. */
  path: string;
  body: string | undefined;
}

// These end the caller's own session or account: sent with a token, the rest of the run would be 401s.
export const selfEnding = new Set(['POST /auth/logout', 'DELETE /auth/me']);

const asText = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));

function pathValue(param: Parameter, realIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realIds) },
    { weight: 2, arbitrary: conforming(param.schema).map(asText) },
    { weight: 2, arbitrary: hostile.map(asText) },
  );
}

function queryString(params: Parameter[]): fc.Arbitrary<string> {
  const pairs = params.map((p) =>
    fc.option(valueFor(p.schema), { nil: undefined, freq: 2 }).map((value) => {
      if (value === undefined) return [];
      const values = Array.isArray(value) && value.length > 0 ? value : [value];
      return values.map((v) => `${p.name}=${percentEncode(asText(v))}`);
    }),
  );
  const unexpected = fc.option(
    hostile.map((v) => [`unexpected=${percentEncode(asText(v))}`]),
    { nil: [], freq: 8 },
  );
  return fc.tuple(...pairs, unexpected).map((lists) => {
    const query = lists.flat().join('&');
    return query ? `?${query}` : '';
  });
}

/** Requests for this operation: path, query and body from its schemas with hostile values mixed in, and real ids. */
export function fuzzRequests(op: Operation, realIds: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const path = fc.tuple(...pathParams.map((p) => pathValue(p, realIds))).map((values) => {
    let i = 0;
    return op.path.replace(/\{[^}]+\}/g, () => percentEncode(values[i++]!));
  });
  const body = op.body
    ? fc.oneof(
        { weight: 8, arbitrary: valueFor(op.body).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom(...hostileBodies) },
      )
    : fc.constant(undefined);
  const caller: fc.Arbitrary<FuzzCaller> = selfEnding.has(operationKey(op))
    ? fc.constant('anonymous')
    : fc.oneof(
        { weight: 2, arbitrary: fc.constant('platformAdmin' as const) },
        { weight: 2, arbitrary: fc.constant('owner' as const) },
        { weight: 1, arbitrary: fc.constant('anonymous' as const) },
      );
  return fc.record({
    op: fc.constant(op),
    caller,
    path: fc.tuple(path, queryString(op.parameters.filter((p) => p.in === 'query'))).map(([p, q]) => p + q),
    body,
  });
}
