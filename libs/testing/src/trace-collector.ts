import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { waitFor } from './wait-for.js';

/** One span as an OTLP/HTTP JSON export carries it, flattened. */
export interface CollectedSpan {
  /** The resource's `service.name`: the process that exported it. */
  service: string;
  /** The instrumentation scope: the service or library that made it (`user`, `@ops/outbox`, `webhook`, ...). */
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttributes = Array<{ key: string; value: OtlpValue }>;
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttributes };
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttributes;
        status?: { code?: number };
      }>;
    }>;
  }>;
}

const attributeValue = (v: OtlpValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.boolValue ?? v.doubleValue ?? '';
const attributesOf = (list: OtlpAttributes = []) => Object.fromEntries(list.map((a) => [a.key, attributeValue(a.value)]));

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1 and a free port, for tests: what `@opentelemetry/exporter-trace-otlp-http`
 * posts (JSON, to `/v1/traces`) is kept as flat spans. Point OTEL_EXPORTER_OTLP_ENDPOINT at `url`.
 */
export class TraceCollector {
  readonly spans: CollectedSpan[] = [];
  /** Spans received, kept or not. */
  received = 0;

  private constructor(
    private readonly server: Server,
    private readonly keepSpans: boolean,
  ) {}

  /** `keepSpans: false` only counts them (the bench: hundreds of thousands of spans). */
  static async start(options: { keepSpans?: boolean } = {}): Promise<TraceCollector> {
    const server = createServer();
    const collector = new TraceCollector(server, options.keepSpans ?? true);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
          res.writeHead(415).end();
          return;
        }
        const raw = Buffer.concat(chunks);
        collector.keep(JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The spans of one trace collected so far. */
  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  /** Waits for a span that `matches`, and returns it. */
  waitForSpan(what: string, matches: (span: CollectedSpan) => boolean): Promise<CollectedSpan> {
    return waitFor(what, () => this.spans.find(matches) ?? null);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private keep(body: OtlpExport): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
      for (const ss of rs.scopeSpans ?? []) {
        this.received += ss.spans?.length ?? 0;
        if (!this.keepSpans) continue;
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            scope: ss.scope?.name ?? '',
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            kind: s.kind,
            attributes: attributesOf(s.attributes),
            statusCode: s.status?.code ?? 0,
          });
        }
      }
    }
  }
}
