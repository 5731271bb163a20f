import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { createLogger } from '@ops/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, type NestFastifyApplication } from './create-http-app.js';
import { Public } from './public.js';
import { ZodPipe } from './zod-pipe.js';

/** postgres.js's errors, as it raises them (a refused NUL, a refused connection), thrown where a query would run. */
const driverErrors: Record<string, object> = {
  'invalid-text': Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' }),
  refused: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111 }),
  ended: Object.assign(new Error('write CONNECTION_ENDED 127.0.0.1:5432'), { code: 'CONNECTION_ENDED' }),
  'admin-shutdown': Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  'wrapped-refused': new Error('Failed query: select 1\nparams: ', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  }),
};

@Public()
@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Get()
  list(@Query(new ZodPipe(z.object({ after: z.string().optional() }))) query: { after?: string }) {
    return query;
  }

  @Post()
  create(@Body(new ZodPipe(z.object({ name: z.string(), tags: z.array(z.string()).default([]) }))) body: { name: string }) {
    return body;
  }

  /** Every field optional: `{}` is a valid body, `null` is not. */
  @Post(':id/notes')
  note(@Body(new ZodPipe(z.object({ note: z.string().optional() }))) body: { note?: string }) {
    return body;
  }

  @Get('failing/:kind')
  fail(@Param('kind') kind: string) {
    throw driverErrors[kind];
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

let app: NestFastifyApplication;
let port: number;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request sent as written (fetch would normalise the path), its JSON answer parsed. */
function raw(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const documented = { code: expect.stringMatching(/^OPS_ERR_/), message: expect.any(String), request_id: expect.any(String) };

beforeAll(async () => {
  app = await createHttpApp(ThingsModule, { logger: createLogger({ name: 'test', level: 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
});

describe('NUL characters are refused at the edge with a 400 naming the field', () => {
  it.each([
    ['a path id no schema validates', 'GET', '/things/%00', undefined, 'id'],
    ['a query parameter', 'GET', '/things?after=a%00b', undefined, 'after'],
    ['a body string', 'POST', '/things', JSON.stringify({ name: 'a\u0000b' }), 'name'],
    ['a body string in an array', 'POST', '/things', JSON.stringify({ name: 'a', tags: ['ok', '\u0000'] }), 'tags.1'],
  ])('in %s', async (_, method, path, body, field) => {
    const res = await raw(method, path, { headers: body ? json : {}, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      ...documented,
      code: 'OPS_ERR_VALIDATION',
      issues: [{ path: field, message: expect.stringContaining('NUL') }],
    });
  });

  it('and a PostgreSQL refusal of text is a 400 all the same, never a 500', async () => {
    const res = await raw('GET', '/things/failing/invalid-text');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ...documented, code: 'OPS_ERR_VALIDATION' });
  });
});

describe('an unreachable database', () => {
  it.each(['refused', 'ended', 'admin-shutdown', 'wrapped-refused'])('(%s) answers 503 with Retry-After', async (kind) => {
    const res = await raw('GET', `/things/failing/${kind}`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ ...documented, code: 'OPS_ERR_UNAVAILABLE' });
  });
});

describe('every error has the documented shape, whoever answers', () => {
  it.each([
    ['bad URL encoding', 'GET', '/things/%zz', 400],
    ['a path segment over 512 characters', 'GET', `/things/${'a'.repeat(600)}`, 414],
    ['a path climbing out with ../', 'GET', '/things/../../etc/passwd', 404],
    ['no such route', 'DELETE', '/nothing', 404],
    ['a garbage content type', 'POST', '/things', 400],
  ])('%s', async (_, method, path, status) => {
    const res =
      method === 'POST' ? await raw(method, path, { headers: { 'content-type': ';;;garbage' }, body: '{}' }) : await raw(method, path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    if (status !== 400) expect(res.status).toBe(status);
    expect(res.body).toMatchObject(documented);
  });

  it('an id of 300 characters (an email can be 254) reaches the route', async () => {
    const res = await raw('GET', `/things/${'a'.repeat(300)}`);
    expect(res.status).toBe(200);
  });

  it("headers over Node.js's limit (431), answered by the HTTP parser", async () => {
    const res = await raw('GET', '/things/1', { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(res.body).toMatchObject({ ...documented, code: 'OPS_ERR_HEADERS_TOO_LARGE' });
  });

  it('malformed HTTP (400), answered by the HTTP parser', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ ...documented, code: 'OPS_ERR_VALIDATION' });
  });

  it('a JSON body of null is refused, not read as {}', async () => {
    expect((await raw('POST', '/things/1/notes', { headers: json, body: '{}' })).status).toBe(201);
    const res = await raw('POST', '/things/1/notes', { headers: json, body: 'null' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ...documented, code: 'OPS_ERR_VALIDATION' });
  });
});

describe('request ids and caching', () => {
  it('keeps an acceptable x-request-id and replaces one that could forge a log line', async () => {
    expect((await raw('GET', '/things/%zz', { headers: { 'x-request-id': 'abc-123' } })).body.request_id).toBe('abc-123');
    const forged = await raw('GET', '/things/%zz', { headers: { 'x-request-id': 'a"b} {"level":60' } });
    expect(forged.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks every response Cache-Control: no-store (responses may carry tokens or secrets)', async () => {
    expect((await raw('GET', '/things/1')).headers['cache-control']).toBe('no-store');
    expect((await raw('GET', '/things/%zz')).headers['cache-control']).toBe('no-store');
  });
});
