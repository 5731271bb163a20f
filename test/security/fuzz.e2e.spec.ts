import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from '../platform.fixture.js';
import { describeFailure, responseProblem } from './error-shape.js';
import { fuzzRequests, type FuzzCaller } from './fuzz-request.js';
import { IsolationWorld } from './isolation-world.js';
import { rawRequest } from './raw-request.js';
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
  tokens: Record<FuzzCaller, string | undefined>;
}
let seeds: Seeds | undefined;

/** Real resources for the fuzzer to aim at, so requests reach past "not found" into the code that owns them. */
async function setUp(): Promise<Seeds> {
  if (seeds) return seeds;
  const world = await IsolationWorld.create(suite.f, suite.receiver.url);
  const orgId = await world.createOrg();
  const endpointId = await world.createEndpoint(orgId);
  const realIds = [
    orgId,
    endpointId,
    await world.createDelivery(endpointId),
    await world.createReplay(endpointId),
    await world.createDevice(orgId),
    await world.createAlertRule(orgId),
    await world.addTarget(orgId),
    await world.createUser(),
    world.people.owner.email,
  ];
  seeds = { operations: await serviceOperations(suite.f.platform), realIds, tokens: { platformAdmin: suite.f.adminToken, owner: world.people.owner.token, anonymous: undefined } };
  return seeds;
}

describe.each(routes)('schema-driven fuzzing (%s)', (via) => {
  it.each(services.map((s, i) => [s, i] as const))('%s: never a 5xx, every error in the documented shape', async (service, index) => {
    const { operations, realIds, tokens } = await setUp();
    const baseUrl = via === 'gateway' ? suite.f.platform.gateway.url : operations.find((op) => op.service === service)!.baseUrl;
    const runSeed = seed + index + (via === 'gateway' ? services.length : 0);
    // Every operation gets its share of the runs (at least two), so none goes unvisited in the bounded run.
    const mine = operations.filter((op) => op.service === service);
    const perOperation = Math.max(2, Math.round(totalRuns / (operations.length * routes.length)));
    const requests = mine.flatMap((op, i) => fc.sample(fuzzRequests(op, realIds), { seed: runSeed * 1000 + i, numRuns: perOperation }));
    const failures = new Map<string, { count: number; example: string }>();
    for (const req of requests) {
      const token = tokens[req.caller];
      const headers: Record<string, string> = { ...(token && { authorization: `Bearer ${token}` }), ...(req.body !== undefined && { 'content-type': 'application/json' }) };
      const res = await rawRequest(baseUrl, { method: req.op.method, path: req.path, headers, body: req.body });
      const problem = responseProblem(res);
      if (!problem) continue;
      const group = `${problem} on ${operationKey(req.op)}`;
      const seen = failures.get(group);
      if (seen) seen.count += 1;
      else failures.set(group, { count: 1, example: describeFailure(problem, { ...req.op, path: req.path, via, token: req.caller, body: req.body }, res) });
    }
    const report = [...failures.entries()].map(([group, { count, example }]) => `${group} (${count}×, seed ${runSeed}), e.g.\n    ${example}`);
    expect(report).toEqual([]);
  }, 60_000 + totalRuns * 100);
});
