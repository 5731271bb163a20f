import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { createLogger } from '@ops/logger';
import { Receiver } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayService, type GatewayService } from './gateway-service.js';

let gateway: GatewayService;
let upstream: Receiver;
const lines: string[] = [];

beforeAll(async () => {
  // A stand-in for every service: records what the gateway forwards.
  upstream = await Receiver.start();
  const origin = new URL(upstream.url).origin;
  const logger = createLogger({ name: 'gateway', level: 'info', destination: { write: (line) => lines.push(line) } });
  gateway = await startGatewayService(
    { GATEWAY_PORT: '0', USER_URL: origin, WEBHOOK_URL: origin, ORG_URL: origin, SUBSCRIPTION_URL: origin, DEVICE_URL: origin },
    logger,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** Sends a body as bytes with a content-length, or as a chunked stream; the path as written. */
function send(path: string, options: { body?: Buffer; chunked?: boolean; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.body ? 'POST' : 'GET', path, headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: String(res.headers['content-type']).startsWith('application/json') ? JSON.parse(text) : text,
        }),
      );
    });
    // The gateway may answer before it has read everything: that is the point, not an error.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (!options.body) req.end();
    else if (options.chunked) Readable.from([options.body.subarray(0, 1000), options.body.subarray(1000)]).pipe(req);
    else req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const documented = { code: expect.stringMatching(/^OPS_ERR_/), message: expect.any(String), request_id: expect.any(String) };
const bodyOf = (bytes: number) => Buffer.from(JSON.stringify({ name: 'x'.repeat(bytes) }));

describe("the gateway applies the services' body limit itself", () => {
  it('forwards a body within the limit as the exact bytes received', async () => {
    const body = Buffer.from('{"name":  "spaced", "emoji": "\u00e9"}');
    const res = await send('/auth/register', { body, headers: { ...json, 'content-length': String(body.length) } });
    expect(res.status).toBe(200);
    expect(upstream.requests.at(-1)!.body).toBe(body.toString());
  });

  it.each([
    ['1 MB with a content-length', 1024 * 1024, false],
    ['10 MB with a content-length', 10 * 1024 * 1024, false],
    ['1 MB chunked', 1024 * 1024, true],
  ])('answers 413 to %s, without calling the service or logging an outage', async (_, bytes, chunked) => {
    const before = upstream.requests.length;
    const body = bodyOf(bytes);
    const res = await send('/api/v1/webhooks', {
      body,
      chunked,
      headers: chunked ? json : { ...json, 'content-length': String(body.length) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ...documented, code: 'OPS_ERR_PAYLOAD_TOO_LARGE' });
    expect(upstream.requests.length).toBe(before);
    expect(lines.filter((l) => l.includes('upstream unavailable'))).toEqual([]);
  });
});

describe('every gateway error has the documented shape', () => {
  it.each([
    ['a garbage content type', '/api/v1/webhooks', { body: Buffer.from('{}'), headers: { 'content-type': ';;;garbage' } }],
    ['bad URL encoding', '/api/v1/webhooks/%zz', {}],
    ['a NUL in the path', '/api/v1/webhooks/%00', {}],
    ['headers over 16 KiB', '/api/v1/webhooks', { headers: { 'x-big': 'a'.repeat(20_000) } }],
  ])('%s', async (_, path, options) => {
    const before = upstream.requests.length;
    const res = await send(path, options);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject(documented);
    expect(upstream.requests.length).toBe(before);
  });
});
