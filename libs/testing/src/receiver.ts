import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what a signature is verified against. */
  body: string;
  receivedAt: number;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Hold the response this long before answering (a slow receiver). */
  delayMs?: number;
}

/** A webhook receiver on 127.0.0.1 and a free port, recording what it gets and answering as told. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests received and not yet answered, now; and the most there ever were at once. */
  open = 0;
  mostOpen = 0;
  private answer: (request: ReceivedRequest, index: number) => Reply = () => ({ status: 200, body: 'ok' });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      receiver.open++;
      receiver.mostOpen = Math.max(receiver.mostOpen, receiver.open);
      res.once('close', () => receiver.open--);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        const reply = receiver.answer(request, receiver.requests.length);
        receiver.requests.push(request);
        const send = () => res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Sets how the next requests are answered, e.g. `(_, i) => ({ status: i < 2 ? 500 : 200 })`. */
  respondWith(answer: (request: ReceivedRequest, index: number) => Reply): void {
    this.answer = answer;
  }

  async waitForRequests(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    await waitFor(`${count} requests at ${this.url}`, () => this.requests.length >= count, { timeoutMs });
    return this.requests;
  }

  /** Parsed JSON bodies of everything received. */
  bodies<T = Record<string, unknown>>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
