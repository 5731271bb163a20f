import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import type { AttemptResult } from './attempt-result.js';
import type { DestinationPolicy } from './destination-policy.js';
import { parseRetryAfter } from './retry-after.js';
import type { WebhookRequest } from './webhook-request.js';

export interface SenderOptions {
  connectTimeoutMs: number;
  /** For the whole response: headers and body. */
  requestTimeoutMs: number;
  /** Sockets kept per receiving origin. */
  connectionsPerOrigin: number;
  /** Response bytes kept for the log; the rest is discarded unread. */
  excerptBytes: number;
  /** Where requests may go: checked on the address actually connected to. */
  destinations: DestinationPolicy;
}

/** Readable reasons for the failures receivers cause, keyed by undici and Node error codes. */
const reasons: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'response timeout',
  UND_ERR_BODY_TIMEOUT: 'response timeout',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  TimeoutError: 'response timeout',
};

/**
 * Send stage: one POST with undici on a keep-alive pool per origin. Redirects are not followed (a 3xx is a
 * failure) and the response body is read only up to the excerpt size.
 */
export class Sender {
  private readonly agent: Agent;
  /** Whether each URL's host, when an IP literal, is refused: parsed once per URL rather than once per request. */
  private readonly literalRefusals = new Map<string, string | null>();

  constructor(private readonly options: SenderOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs, lookup: options.destinations.connectLookup() },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 30_000,
    });
  }

  async send(url: string, req: WebhookRequest): Promise<AttemptResult> {
    const started = performance.now();
    const refusal = this.literalRefusal(url);
    if (refusal)
      return {
        ok: false,
        statusCode: null,
        latencyMs: 0,
        error: `destination refused: ${refusal}`,
        responseExcerpt: null,
        timedOut: false,
        aborted: false,
      };
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { ...req.headers },
        body: req.body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const responseExcerpt = await this.readExcerpt(res.body);
      const latencyMs = Math.round(performance.now() - started);
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, statusCode: res.statusCode, latencyMs, responseExcerpt };
      const retryAfterMs =
        res.statusCode === 429 || res.statusCode === 503 ? parseRetryAfter(res.headers['retry-after'], Date.now()) : undefined;
      return {
        ok: false,
        statusCode: res.statusCode,
        latencyMs,
        error: `HTTP ${res.statusCode}`,
        responseExcerpt,
        timedOut: false,
        aborted: res.headers['webhook-delivery'] === 'abort-message',
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      };
    } catch (err) {
      const latencyMs = Math.round(performance.now() - started);
      const error = describe(err, this.options.requestTimeoutMs);
      return {
        ok: false,
        statusCode: null,
        latencyMs,
        error,
        responseExcerpt: null,
        timedOut: error.startsWith('response timeout') || error.startsWith('connect timeout'),
        aborted: false,
      };
    }
  }

  /**
   * Closes every connection, cutting requests still under way: by then the dispatcher has waited its grace
   * period for them and handed their deliveries back (waiting instead could take a whole request timeout).
   */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  /** An IP literal is connected to without a lookup, so it is checked here (a host name, at connect). */
  private literalRefusal(url: string): string | null {
    let refusal = this.literalRefusals.get(url);
    if (refusal === undefined) {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      refusal = isIP(host) ? this.options.destinations.refusal(host) : null;
      // Endpoints' URLs, a few thousand at most; forgotten wholesale should they ever grow past that.
      if (this.literalRefusals.size >= 10_000) this.literalRefusals.clear();
      this.literalRefusals.set(url, refusal);
    }
    return refusal;
  }

  /**
   * The first `excerptBytes` of the body, the rest discarded unread. Events rather than `for await`: the async
   * iterator allocated a promise per chunk and an iterator per response, a visible share of a burst's garbage.
   */
  private readExcerpt(body: Readable): Promise<string> {
    const limit = this.options.excerptBytes;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
      body.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= limit) {
          body.destroy();
          done();
        }
      });
      body.once('error', reject);
      // After an error, reject has settled it already; a close without an end (cut short) keeps what came.
      body.once('end', done).once('close', done);
    });
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const refused = [e, e.cause].find((x) => x?.code === 'OPS_ERR_DESTINATION_REFUSED');
  if (refused?.message) return refused.message;
  const code = e.code ?? e.cause?.code ?? e.name ?? 'Error';
  const reason = reasons[code];
  if (reason === 'response timeout') return `response timeout after ${timeoutMs} ms`;
  return reason ? `${reason} (${code})` : `${code}: ${e.message ?? 'request failed'}`;
}
