import { Inject, Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ConflictError, NotFoundError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import {
  attemptsOf,
  deliveriesOfEvent,
  failedSince,
  findDelivery,
  listDeliveries,
  oneDelivery,
  requeueDeliveries,
  type DeliveryFilter,
} from '../delivery-store/index.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { endpoints, type AttemptRow, type DeliveryRow } from '../schema.js';

/**
 * An endpoint's delivery log: read by whoever may see the endpoint; resend and recover (sending again) by
 * whoever may manage it.
 */
@Injectable()
export class DeliveryLogService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  async list(principal: Principal, filter: DeliveryFilter): Promise<DeliveryRow[]> {
    await this.endpoints.get(principal, filter.endpointId);
    return listDeliveries(this.database.orm, filter);
  }

  /** One delivery with every attempt, oldest first. */
  async get(principal: Principal, endpointId: string, deliveryId: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }> {
    await this.endpoints.get(principal, endpointId);
    const delivery = await this.find(endpointId, deliveryId);
    return { delivery, attempts: await attemptsOf(this.database.orm, delivery) };
  }

  /**
   * What became of one event at every endpoint the caller may see. None visible is a 404, whether the event
   * reached only other organizations' endpoints or never arrived: the answer does not tell which.
   */
  async ofEvent(principal: Principal, eventId: string): Promise<DeliveryRow[]> {
    const rows = await deliveriesOfEvent(this.database.orm, eventId, orgScope(principal, endpoints.orgId));
    if (rows.length === 0) throw new NotFoundError(`deliveries of event ${eventId}`);
    return rows;
  }

  /** Sends one delivery again now, whatever became of it, under the same webhook-id. */
  async resend(principal: Principal, endpointId: string, deliveryId: string): Promise<DeliveryRow> {
    await this.endpoints.getManageable(principal, endpointId);
    await this.find(endpointId, deliveryId);
    const [requeued] = await this.database.orm.transaction((tx) => requeueDeliveries(tx, oneDelivery(endpointId, deliveryId)));
    if (!requeued) throw new ConflictError(`delivery ${deliveryId} is being sent right now`);
    return requeued;
  }

  /** Every failed delivery of an endpoint between `since` and `until`, sent again (as after a receiver's outage); how many. */
  async recover(principal: Principal, endpointId: string, since: Date, until: Date): Promise<number> {
    await this.endpoints.getManageable(principal, endpointId);
    const requeued = await this.database.orm.transaction((tx) => requeueDeliveries(tx, failedSince(endpointId, since, until)));
    return requeued.length;
  }

  private async find(endpointId: string, deliveryId: string): Promise<DeliveryRow> {
    const row = await findDelivery(this.database.orm, endpointId, deliveryId);
    if (!row) throw new NotFoundError(`delivery ${deliveryId}`);
    return row;
  }
}
