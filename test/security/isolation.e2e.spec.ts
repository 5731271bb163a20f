import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from '../platform.fixture.js';
import { callers, IsolationWorld, madeUpLike, type Caller } from './isolation-world.js';
import { isolationCases, type IsolationCase, type Outcome } from './isolation.expectations.js';
import { apiRequest, type RawResponse } from './raw-request.js';
import { fillPath, operationKey, serviceOperations, type Operation } from './service-operations.js';

/**
 * The isolation matrix: every route that names a resource × every kind of caller (isolation.expectations.ts,
 * from docs/api.md), each case on a fresh resource. For callers who may not know of the resource, a made-up id
 * of the same shape must answer exactly as the real one (status and code): no existence oracle.
 */
const suite = usePlatformFixture();
let world: IsolationWorld | undefined;
let operations: Map<string, Operation> | undefined;

async function setUp() {
  world ??= await IsolationWorld.create(suite.f, suite.receiver.url);
  operations ??= new Map((await serviceOperations(suite.f.platform)).map((op) => [operationKey(op), op]));
  return { world, operations };
}

const codeOf = (res: RawResponse): string | undefined => {
  try {
    return (JSON.parse(res.text) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

const expected: Record<Exclude<Outcome, 'allowed' | 'empty'>, { status: number; code: string }> = {
  forbidden: { status: 403, code: 'OPS_ERR_FORBIDDEN' },
  hidden: { status: 404, code: 'OPS_ERR_NOT_FOUND' },
  unauthenticated: { status: 401, code: 'OPS_ERR_UNAUTHENTICATED' },
};

function meets(outcome: Outcome, res: RawResponse): boolean {
  if (outcome === 'allowed') return (res.status >= 200 && res.status < 300) || (res.status === 409 && codeOf(res) === 'OPS_ERR_CONFLICT');
  if (outcome === 'empty') return res.status === 200 && JSON.stringify((JSON.parse(res.text) as { data?: unknown }).data) === '[]';
  return res.status === expected[outcome].status && codeOf(res) === expected[outcome].code;
}

/** Sends the case's request with these ids, as this caller, straight to the service that owns the route. */
async function send(c: IsolationCase, op: Operation, ids: Record<string, string>, caller: Caller, w: IsolationWorld) {
  const [method, path] = c.route.split(' ') as [string, string];
  const target = c.idIn === 'query' ? `${path}?${new URLSearchParams(ids)}` : fillPath(path, ids);
  const body = c.body ? JSON.stringify(c.body(ids, w)) : undefined;
  const res = await apiRequest(op.baseUrl, { method, path: target, body }, w.tokenOf(caller));
  return { res, line: `${caller}: ${method} ${target}${body ? ` ${body}` : ''} → ${res.status} ${res.text.slice(0, 200)}` };
}

/** The same ids with the one the route is about (the last) replaced by a made-up one. */
function withMadeUpId(ids: Record<string, string>): Record<string, string> {
  const keys = Object.keys(ids);
  const last = keys.at(-1)!;
  return { ...ids, [last]: madeUpLike(ids[last]!) };
}

describe('tenant isolation', () => {
  it('has an expectation for every route of every service that takes an id in its path', async () => {
    const { operations } = await setUp();
    const withId = [...operations.keys()].filter((key) => key.includes('{'));
    const covered = new Set(isolationCases.map((c) => c.route));
    expect(withId.filter((key) => !covered.has(key))).toEqual([]);
    expect(isolationCases.map((c) => c.route).filter((route) => !operations.has(route))).toEqual([]);
  });

  it.each(isolationCases.map((c) => [c.route, c] as const))(
    '%s: each caller gets what docs/api.md promises, and no existence leak',
    async (_, c) => {
      const { world: w, operations } = await setUp();
      const op = operations.get(c.route);
      expect(op, `${c.route} is not in any service's OpenAPI document`).toBeDefined();
      const failures: string[] = [];
      for (const caller of callers) {
        const ids = await c.target(w);
        const outcome = c.rule.outcomes[caller];
        const real = await send(c, op!, ids, caller, w);
        if (!meets(outcome, real.res)) failures.push(`expected ${outcome}: ${real.line}`);
        if (c.rule.knownTo.includes(caller)) continue;
        const madeUp = await send(c, op!, withMadeUpId(ids), caller, w);
        if (madeUp.res.status !== real.res.status || codeOf(madeUp.res) !== codeOf(real.res)) {
          failures.push(`existence leak, a real id and a made-up one answer differently:\n    ${real.line}\n    ${madeUp.line}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
