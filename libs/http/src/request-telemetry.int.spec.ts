import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { createLogger, type Logger } from '@ops/logger';
import { TraceCollector, waitFor } from '@ops/testing';
import { startTracing, type Tracing } from '@ops/tracing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type NestFastifyApplication } from './create-http-app.js';
import { Public } from './public.js';
import { QuietRequestLog } from './quiet-request-log.js';

const lines: Array<Record<string, unknown>> = [];
const logger = createLogger({ name: 'test-service', level: 'info', destination: { write: (line) => lines.push(JSON.parse(line)) } });
const LOGGER = Symbol('LOGGER');

@Public()
@Controller('things')
class ThingsController {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  @Post(':id')
  @HttpCode(201)
  async create(@Param('id') id: string, @Body() body: { name: string }) {
    // After an await, as a service's handler logs after its database call.
    await new Promise((resolve) => setImmediate(resolve));
    this.log.info({ id, name: body.name }, 'thing created');
    return { id };
  }

  @QuietRequestLog()
  @Get('probe')
  probe() {
    return { ok: true };
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: LOGGER, useValue: logger }] })
class ThingsModule {}

let collector: TraceCollector;
let tracing: Tracing;
let app: NestFastifyApplication;
let url: string;

beforeAll(async () => {
  collector = await TraceCollector.start();
  tracing = startTracing({ serviceName: 'test', endpoint: collector.url, scheduleDelayMs: 10 })!;
  app = await createHttpApp(ThingsModule, { logger, service: 'test-service' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = await app.getUrl();
});
afterAll(async () => {
  await app?.close();
  await tracing?.shutdown();
  await collector?.close();
});

const callerTrace = '0af7651916cd43dd8448eb211c80319c';
const callerSpan = 'b7ad6b7169203331';

describe('request telemetry', () => {
  it("continues the caller's trace in a span named by the route, and puts the trace and request ids on every line of the request", async () => {
    const res = await fetch(`${url}/things/42?token=never-logged`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${callerTrace}-${callerSpan}-01`, 'x-request-id': 'req-telemetry-1' },
      body: JSON.stringify({ name: 'widget' }),
    });
    expect(res.status).toBe(201);

    const span = await collector.waitForSpan('the request span', (s) => s.traceId === callerTrace);
    expect(span).toMatchObject({
      scope: 'test-service',
      name: 'POST /things/:id',
      kind: 2,
      parentSpanId: callerSpan,
      attributes: {
        'http.route': '/things/:id',
        'http.response.status_code': 201,
        'http.request.id': 'req-telemetry-1',
        'url.path': '/things/42',
      },
    });
    const handled = lines.find((l) => l.msg === 'thing created');
    expect(handled).toMatchObject({ trace_id: callerTrace, span_id: span.spanId, request_id: 'req-telemetry-1' });
    const request = await waitFor('the request line', () => lines.find((l) => l.msg === 'request' && l.reqId === 'req-telemetry-1'));
    expect(request).toMatchObject({
      method: 'POST',
      route: '/things/:id',
      path: '/things/42',
      status: 201,
      trace_id: callerTrace,
      span_id: span.spanId,
    });
    expect(typeof request.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('never-logged');
  });

  it('starts a trace of its own without a traceparent, and keeps quiet routes out of the request log', async () => {
    const res = await fetch(`${url}/things/probe`, { headers: { 'x-request-id': 'req-quiet' } });
    expect(res.status).toBe(200);
    const span = await collector.waitForSpan('the probe span', (s) => s.attributes['http.request.id'] === 'req-quiet');
    expect(span).toMatchObject({ name: 'GET /things/probe', parentSpanId: undefined });
    expect(lines.filter((l) => l.reqId === 'req-quiet')).toEqual([]);
  });
});
