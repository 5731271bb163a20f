import { createEvent, type EventEnvelope } from '@ops/events';
import type { EventPublisher } from '@ops/messaging';
import { api } from '@ops/testing';

/** Load that runs until stopped, recording what the platform accepted (the events that must arrive). */
export interface Load {
  /** Keys of accepted events: event ids for JetStream publishes, user ids for API writes. */
  readonly accepted: string[];
  /** Responses with a 5xx status (a documented 503 included: the table shows them all). */
  readonly serverErrors: number[];
  stop(): Promise<void>;
}

/** A device.registered event: any event type does; this one has no side effects in any service. */
export function deviceRegistered(n: number): EventEnvelope {
  return createEvent({
    type: 'device.registered',
    source: 'device',
    orgId: 'org_faults',
    data: {
      device_id: `dev_${n}`,
      device_name: `D${n}`,
      hardware_id: `hw${n}`,
      firmware_version: '1.0',
      registered_at: new Date().toISOString(),
    },
  });
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes straight to JetStream at about `perSecond`, in batches every 100 ms, up to `total` events.
 * An event is accepted once its PubAck is in; one whose publish failed (NATS down) is not, and is not retried.
 */
export function publishToJetStream(
  publisher: EventPublisher,
  { total, perSecond }: { total: number; perSecond: number },
): Load & { done: Promise<void> } {
  const accepted: string[] = [];
  let running = true;
  let sent = 0;
  const batch = Math.max(1, Math.round(perSecond / 10));
  const done = (async () => {
    while (running && sent < total) {
      const events = Array.from({ length: Math.min(batch, total - sent) }, () => deviceRegistered(++sent));
      const results = await Promise.allSettled(events.map((e) => publisher.publish(e)));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') accepted.push(events[i]!.id);
      });
      await tick(100);
    }
  })();
  return {
    accepted,
    serverErrors: [],
    done,
    async stop() {
      running = false;
      await done;
    },
  };
}

/**
 * Registers users through the user service's API, `concurrency` at a time, until stopped. Every 2xx is an
 * accepted write whose user.created event must arrive; a refused connection (the process is down) is retried.
 */
export function registerThroughApi(
  url: () => string,
  { concurrency = 4, runId }: { concurrency?: number; runId: string },
): Load & { attempts(): number } {
  const accepted: string[] = [];
  const serverErrors: number[] = [];
  let running = true;
  let attempts = 0;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    for (let n = 0; running; n++) {
      attempts++;
      try {
        const res = await api(url()).post('/auth/register', {
          email: `f${runId}-${loop}-${n}@faults.example.com`,
          password: 'SecurePass123!',
          name: `Fault ${loop} ${n}`,
        });
        if (res.status >= 200 && res.status < 300) accepted.push(res.body.user_id);
        else if (res.status >= 500) serverErrors.push(res.status);
      } catch {
        // Connection refused or reset while the process is down: the write was not accepted; pace the retry.
        await tick(50);
      }
    }
  });
  return {
    accepted,
    serverErrors,
    attempts: () => attempts,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * Reads the webhook API (its endpoint list) one request at a time through the scenario: what a customer's
 * dashboard sees while something breaks. Counts 5xx; refused connections are not answers.
 */
export function readWebhookApi(urls: () => string[], token: string): Load {
  const serverErrors: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      for (const url of urls()) {
        const status = await api(url, token)
          .get('/api/v1/webhooks')
          .then(
            (r) => r.status,
            () => 0,
          );
        if (status >= 500) serverErrors.push(status);
      }
      await tick(100);
    }
  })();
  return {
    accepted: [],
    serverErrors,
    async stop() {
      running = false;
      await done;
    },
  };
}
