import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { createEvent, newId } from '@ops/events';
import { DATABASE } from '@ops/runtime';
import { createTestDelivery } from '../delivery-store/index.js';
import type { AttemptResult } from '../dispatch/attempt-result.js';
import { recordAttempts } from '../dispatch/record-attempts.js';
import { Sender } from '../dispatch/send-request.js';
import { prepareRequest } from '../dispatch/webhook-request.js';
import { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { signingSecrets } from '../secrets/endpoint-secrets.js';

export interface TestDelivery {
  eventId: string;
  deliveryId: string;
  result: AttemptResult;
}

/**
 * Sends `webhook.test` to one endpoint now, through the same prepare and send stages as every delivery
 * (signature, SSRF checks, timeouts), and logs it. One attempt, no retries: the caller is waiting for the answer.
 * Sent even to a disabled endpoint, to check it before turning it back on; only by those who may manage it.
 */
@Injectable()
export class TestEventService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
    @Inject(EndpointDirectory) private readonly directory: EndpointDirectory,
    @Inject(Sender) private readonly sender: Sender,
  ) {}

  async send(principal: Principal, endpointId: string): Promise<TestDelivery> {
    await this.endpoints.getManageable(principal, endpointId);
    const { database, directory, sender } = this;
    await directory.refresh(database.orm);
    const endpoint = directory.get(endpointId)!;
    const startedAt = new Date();
    const event = createEvent({
      type: 'webhook.test',
      source: 'webhook',
      orgId: endpoint.orgId,
      time: startedAt,
      data: { endpoint_id: endpoint.id, message: 'This is a test event from Ops Center.', sent_at: startedAt.toISOString() },
    });
    const deliveryId = newId('dlv');
    await database.orm.transaction((tx) => createTestDelivery(tx, { id: deliveryId, event, endpointId: endpoint.id }));
    const request = prepareRequest(
      { id: event.id, type: event.type, time: event.time, dataJson: JSON.stringify(event.data) },
      endpoint.id,
      signingSecrets(endpoint.secrets, startedAt),
      startedAt,
    );
    const result = await sender.send(endpoint.url, request);
    await recordAttempts(database, [
      {
        attemptId: newId('att'),
        deliveryId,
        endpointId: endpoint.id,
        orgId: endpoint.orgId,
        event,
        attemptNumber: 1,
        startedAt,
        result,
        next: result.ok ? { status: 'succeeded' } : { status: 'failed', reason: 'exhausted' },
      },
    ]);
    return { eventId: event.id, deliveryId, result };
  }
}
