import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from '../platform.fixture.js';
import { describeFailure, responseProblem } from './error-shape.js';
import { rawRequest, type RawRequest } from './raw-request.js';
import { serviceOperations, type Operation } from './service-operations.js';

/**
 * What the schemas cannot express: malformed URLs, ids past the router's limits, dot segments, bodies that are
 * not JSON or too large, headers too large. Each must be a 4xx in the documented shape (and the status named
 * here where there is one right answer), from every service and through the gateway.
 */
const suite = usePlatformFixture();

interface Target {
  /** `/api/v1/webhooks/`: a route's path up to its first id. */
  idPrefix: string;
  /** A route with a JSON body, for the body cases. */
  bodyRoute: Operation;
}

interface RawCase {
  name: string;
  request(target: Target): RawRequest;
  /** The one right status, where docs/api.md names one; otherwise any documented 4xx (text/plain and form bodies get a 400 naming the body today, which is as good as a 415). */
  status?: number;
}

const json = { 'content-type': 'application/json' };
const bodyCase = (name: string, headers: Record<string, string>, body: string | Buffer, status?: number): RawCase => ({
  name,
  status,
  request: (t) => ({ method: t.bodyRoute.method, path: t.bodyRoute.path.replace(/\{[^}]+\}/g, 'x'), headers, body }),
});

const rawCases: RawCase[] = [
  { name: 'bad percent-encoding in an id (%zz)', status: 400, request: (t) => ({ method: 'GET', path: `${t.idPrefix}%zz` }) },
  { name: 'NUL in an id (%00)', status: 400, request: (t) => ({ method: 'GET', path: `${t.idPrefix}%00` }) },
  { name: 'an id of 101 characters', request: (t) => ({ method: 'GET', path: `${t.idPrefix}${'a'.repeat(101)}` }) },
  { name: 'an id of 5,000 characters', request: (t) => ({ method: 'GET', path: `${t.idPrefix}${'a'.repeat(5000)}` }) },
  { name: 'dot segments in the path (../)', request: (t) => ({ method: 'GET', path: `${t.idPrefix}../../../etc/passwd` }) },
  { name: 'encoded dot segments in an id (..%2F)', request: (t) => ({ method: 'GET', path: `${t.idPrefix}..%2F..%2F..%2Fetc%2Fpasswd` }) },
  { name: 'a route that does not exist', status: 404, request: () => ({ method: 'GET', path: '/api/v1/no-such-route' }) },
  bodyCase('a text/plain body', { 'content-type': 'text/plain' }, 'hello'),
  bodyCase('a garbage content type', { 'content-type': 'garbage' }, '{}', 415),
  bodyCase('a form-encoded body', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
  bodyCase('a multipart body', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415),
  bodyCase('a body without a content type', {}, '{}'),
  bodyCase('a JSON body of null', json, 'null', 400),
  bodyCase('a body that is not JSON', json, '{"a":', 400),
  bodyCase('a 1 MB body', json, Buffer.alloc(1024 * 1024, 'a'), 413),
  bodyCase('a 10 MB body', json, Buffer.alloc(10 * 1024 * 1024, 'a'), 413),
  {
    name: 'a 20 KB header',
    status: 431,
    request: (t) => ({ method: 'GET', path: `${t.idPrefix}x`, headers: { 'x-padding': 'a'.repeat(20 * 1024) } }),
  },
];

const services = ['user', 'org', 'subscription', 'device', 'webhook'] as const;

async function targetOf(service: string): Promise<{ target: Target; baseUrl: string }> {
  const ops = (await serviceOperations(suite.f.platform)).filter((op) => op.service === service);
  const idRoute = ops.find((op) => op.method === 'GET' && op.path.includes('{'))!;
  const withBody = ops.filter((op) => op.body && op.method !== 'GET');
  const bodyRoute = withBody.find((op) => !op.public) ?? withBody[0]!;
  return { target: { idPrefix: idRoute.path.slice(0, idRoute.path.indexOf('{')), bodyRoute }, baseUrl: ops[0]!.baseUrl };
}

describe.each(['direct', 'gateway'] as const)('requests no schema describes (%s)', (via) => {
  it.each(services)(
    '%s: every one answers a documented 4xx',
    async (service) => {
      const { target, baseUrl } = await targetOf(service);
      const failures: string[] = [];
      for (const c of rawCases) {
        const req = c.request(target);
        const headers = { authorization: `Bearer ${suite.f.adminToken}`, ...req.headers };
        const res = await rawRequest(via === 'gateway' ? suite.f.platform.gateway.url : baseUrl, { ...req, headers });
        const problem =
          responseProblem(res) ??
          (c.status !== undefined && res.status !== c.status
            ? `a ${res.status}, not ${c.status}`
            : res.status < 400
              ? `a ${res.status}, not a 4xx`
              : undefined);
        if (problem) failures.push(`${c.name}: ${describeFailure(problem, { ...req, via, token: 'platformAdmin' }, res)}`);
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
