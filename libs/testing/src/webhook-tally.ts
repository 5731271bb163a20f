import { Webhook } from 'standardwebhooks';
import { Receiver, type ReceivedRequest, type Reply } from './receiver.js';

/** The first verified arrival of one event at an endpoint. */
export interface Arrival {
  at: number;
  body: Record<string, unknown>;
}

/**
 * A loopback receiver that verifies every request's signature with the `standardwebhooks` package, as a
 * customer's would, and counts unique `webhook-id`s: what a fault-injection run compares with what was accepted.
 */
export class WebhookTally {
  /** First verified arrival per `webhook-id`. */
  readonly arrivals = new Map<string, Arrival>();
  /** Verified requests for an event already received (at-least-once delivery's repeats). */
  duplicates = 0;
  /** Requests whose signature did not verify: never counted as received. */
  badSignatures = 0;
  private verifier: Webhook | undefined;
  private answer: (request: ReceivedRequest, index: number) => Reply = () => ({ status: 200 });

  private constructor(readonly receiver: Receiver) {
    receiver.respondWith((request, index) => {
      const reply = this.answer(request, index);
      if (reply.status >= 200 && reply.status < 300) this.record(request);
      return reply;
    });
  }

  static async start(): Promise<WebhookTally> {
    return new WebhookTally(await Receiver.start());
  }

  get url(): string {
    return this.receiver.url;
  }

  /** The endpoint's signing secret (`whsec_...`), known once the endpoint is created at this receiver's URL. */
  verifyWith(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  /** How to answer (default 200): only events answered 2xx count as received, since others will be sent again. */
  answerWith(answer: (request: ReceivedRequest, index: number) => Reply): void {
    this.answer = answer;
  }

  /** Accepted keys never received; `keyOf` maps a body to the key the sender knew (default: the event id). */
  lost(accepted: Iterable<string>, keyOf: (body: Record<string, unknown>) => string = (b) => String(b.id)): string[] {
    const received = new Set([...this.arrivals.values()].map((a) => keyOf(a.body)));
    return [...accepted].filter((key) => !received.has(key));
  }

  /** The first arrival after `time`, if any. */
  firstArrivalAfter(time: number): number | undefined {
    let first: number | undefined;
    for (const { at } of this.arrivals.values()) if (at > time && (first === undefined || at < first)) first = at;
    return first;
  }

  /** The last first-arrival: when the last event got here. */
  lastArrival(): number | undefined {
    let last: number | undefined;
    for (const { at } of this.arrivals.values()) if (last === undefined || at > last) last = at;
    return last;
  }

  close(): Promise<void> {
    return this.receiver.close();
  }

  private record(request: ReceivedRequest): void {
    let body: Record<string, unknown>;
    try {
      if (!this.verifier) throw new Error('no secret yet');
      body = this.verifier.verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>;
    } catch {
      this.badSignatures++;
      return;
    }
    const id = String(request.headers['webhook-id']);
    if (this.arrivals.has(id)) this.duplicates++;
    else this.arrivals.set(id, { at: request.receivedAt, body });
  }
}
