import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from '../platform.fixture.js';
import { describeFailure, responseProblem } from './error-shape.js';
import { fuzzRequests, selfEnding, type FuzzCaller } from './fuzz-request.js';
import { IsolationWorld } from './isolation-world.js';
import { nulSweep } from './nul-sweep.js';
import { apiRequest } from './raw-request.js';
import { operationKey, serviceOperations, type Operation } from './service-operations.js';

/**
 * The schema-driven fuzzer: requests made from each service's OpenAPI document, with hostile values mixed in,
 * sent straight to the service and through the gateway. No answer may be a 5xx, and every error must be the
 * documented `{code, message, request_id}` with a catalogued code. Bounded and seeded by default (a few hundred
 * requests); `FUZZ_RUNS=10000 FUZZ_SEED=<n> pnpm security` for the full run (docs/operations.md).
 */
const suite = usePlatformFixture();

const totalRuns = Number(process.env.FUZZ_RUNS ?? 400);
const seed = Number(process.env.FUZZ_SEED ?? 8);
const services = ['user', 'org', 'subscription', 'device', 'webhook'] as const;
const routes = ['direct', 'gateway'] as const;

interface Seeds {
  operations: Operation[];
  realIds: string[];
  /** An operation's path with real ids of the right kind in it. */
  realPath(op: Operation): string;
  /** Bodies that pass validation where the schema alone cannot say what does (reachable URLs, known event types). */
  validBodies: Record<string, () => Record<string, unknown>>;
  tokens: Record<FuzzCaller, string | undefined>;
}
// One set per run and way in: what one run changes (a subscription cancelled, an endpoint deleted) must not keep
// the next from reaching the same code.
const seedsByRun = new Map<string, Promise<Seeds>>();
const setUp = (run: 'fuzz' | 'sweep', via: (typeof routes)[number]) => {
  const key = `${run} ${via}`;
  if (!seedsByRun.has(key)) seedsByRun.set(key, createSeeds());
  return seedsByRun.get(key)!;
};

/** Real resources for the fuzzer to aim at, so requests reach past "not found" into the code that owns them. */
async function createSeeds(): Promise<Seeds> {
  const world = await IsolationWorld.create(suite.f, suite.receiver.url);
  const orgId = await world.createOrg();
  const endpointId = await world.createEndpoint(orgId);
  const ids = {
    org: orgId,
    endpoint: endpointId,
    delivery: await world.createDelivery(endpointId),
    replay: await world.createReplay(endpointId),
    device: await world.createDevice(orgId),
    rule: await world.createAlertRule(orgId),
    member: await world.addTarget(orgId),
    user: await world.createUser(),
    email: world.people.owner.email,
  };
  const idFor = (path: string, param: string): string => {
    if (param === 'deliveryId') return ids.delivery;
    if (param === 'userId') return ids.member;
    if (param === 'ruleId') return ids.rule;
    if (param === 'email') return ids.email;
    const byPrefix: [string, string][] = [
      ['/api/v1/webhooks/replays/', ids.replay],
      ['/api/v1/webhooks/', ids.endpoint],
      ['/api/v1/org/', ids.org],
      ['/api/v1/devices/', ids.device],
      ['/api/v1/admin/users/', ids.user],
    ];
    return byPrefix.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'x';
  };
  return {
    operations: await serviceOperations(suite.f.platform),
    realIds: Object.values(ids),
    realPath: (op) => op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(idFor(op.path, name))),
    tokens: { platformAdmin: suite.f.adminToken, owner: world.people.owner.token, anonymous: undefined },
    validBodies: {
      'POST /auth/register': () => ({
        email: `sweep-${randomBytes(4).toString('hex')}@example.com`,
        password: 'SecurePass123!',
        name: 'Sweep',
      }),
      'POST /api/v1/webhooks': () => ({ url: suite.receiver.url, events: ['webhook.test'], org_id: orgId }),
      'PATCH /api/v1/webhooks/{id}': () => ({ active: true }),
      'POST /api/v1/webhooks/replays': () => ({ from_seq: 1, endpoint_id: endpointId }),
      'POST /api/v1/webhooks/{id}/recover': () => ({ since: new Date(Date.now() - 3600_000).toISOString() }),
      'POST /api/v1/devices': () => ({
        org_id: orgId,
        device_name: 'sensor',
        hardware_id: `hw-${randomBytes(4).toString('hex')}`,
        firmware_version: '1.0.0',
      }),
      'POST /api/v1/devices/alert-rules': () => ({ org_id: orgId, name: 'hot', metric: 'temperature', operator: 'gt', threshold: 80 }),
      'POST /api/v1/org/{id}/members': () => ({ email: world.people.recruit.email, role: 'member' }),
    },
  };
}

describe.each(routes)('schema-driven fuzzing (%s)', (via) => {
  it.each(services.map((s, i) => [s, i] as const))(
    '%s: never a 5xx, every error in the documented shape',
    async (service, index) => {
      const { operations, realIds, tokens } = await setUp('fuzz', via);
      const baseUrl = via === 'gateway' ? suite.f.platform.gateway.url : operations.find((op) => op.service === service)!.baseUrl;
      const runSeed = seed + index + (via === 'gateway' ? services.length : 0);
      // Every operation gets its share of the runs (at least two), so none goes unvisited in the bounded run.
      const mine = operations.filter((op) => op.service === service);
      const perOperation = Math.max(2, Math.round(totalRuns / (operations.length * routes.length)));
      const requests = mine.flatMap((op, i) => fc.sample(fuzzRequests(op, realIds), { seed: runSeed * 1000 + i, numRuns: perOperation }));
      const failures = new Map<string, { count: number; example: string }>();
      for (const req of requests) {
        const res = await apiRequest(baseUrl, { method: req.op.method, path: req.path, body: req.body }, tokens[req.caller]);
        const problem = responseProblem(res);
        if (!problem) continue;
        const group = `${problem} on ${operationKey(req.op)}`;
        const seen = failures.get(group);
        if (seen) seen.count += 1;
        else
          failures.set(group, {
            count: 1,
            example: describeFailure(problem, { ...req.op, path: req.path, via, token: req.caller, body: req.body }, res),
          });
      }
      const report = [...failures.entries()].map(
        ([group, { count, example }]) => `${group} (${count}×, seed ${runSeed}), e.g.\n    ${example}`,
      );
      expect(report).toEqual([]);
    },
    60_000 + totalRuns * 100,
  );
});

describe.each(routes)('a NUL in every string a request carries (%s)', (via) => {
  it.each(services)(
    '%s: a documented 4xx, never a 5xx',
    async (service) => {
      const { operations, realPath, tokens, validBodies } = await setUp('sweep', via);
      const mine = operations.filter((op) => op.service === service);
      const baseUrl = via === 'gateway' ? suite.f.platform.gateway.url : mine[0]!.baseUrl;
      const failures: string[] = [];
      // Operations that end a resource go last, so the others still find theirs alive (a cancelled subscription
      // refuses every change before the NUL would reach the database).
      const ending = (op: Operation) => op.method === 'DELETE' || op.path.endsWith('/cancel');
      const ordered = [...mine.filter((op) => !ending(op)), ...mine.filter(ending)];
      for (const req of ordered.flatMap((op, i) => nulSweep(op, realPath(op), seed + i, validBodies[operationKey(op)]))) {
        // The sweep sends as the platform admin (every route's checks pass, so the NUL reaches the code that stores
        // it), except the routes that would end the admin's session.
        const caller: FuzzCaller = selfEnding.has(operationKey(req.op)) ? 'anonymous' : 'platformAdmin';
        const res = await apiRequest(baseUrl, { method: req.op.method, path: req.path, body: req.body }, tokens[caller]);
        const problem = responseProblem(res) ?? (res.status < 400 ? `a ${res.status}: the NUL was accepted` : undefined);
        if (problem)
          failures.push(
            `NUL in ${req.where}: ${describeFailure(problem, { ...req.op, path: req.path, via, token: caller, body: req.body }, res)}`,
          );
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
