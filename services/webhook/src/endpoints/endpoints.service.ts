import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, canReadOrg, isPlatformAdmin, orgScope, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { ForbiddenError, NotFoundError, ValidationError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { generateSecret } from '@ops/signing';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { followEndpointOrder } from '../delivery-store/index.js';
import { DestinationPolicy, DestinationRefusedError } from '../dispatch/destination-policy.js';
import { platformEvents } from '../platform-events.js';
import { endpointRevision, endpoints, type EndpointRow } from '../schema.js';
import { addSecret } from '../secrets/endpoint-secrets.js';
import { SecretBox } from '../secrets/secret-box.js';
import type { CreateEndpointRequest, ListEndpointsQuery, UpdateEndpointRequest } from './endpoint.requests.js';

/**
 * Endpoint management. Visibility: a platform admin sees everything; anyone else sees the endpoints of
 * the organizations in their token, and changes them only as an owner or admin there. An endpoint the
 * caller may not see answers 404, as if it did not exist.
 */
@Injectable()
export class EndpointsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(DestinationPolicy) private readonly destinations: DestinationPolicy,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  /** Creates the endpoint and its first signing secret; the secret is returned to be shown this once. */
  async create(principal: Principal, input: CreateEndpointRequest): Promise<{ endpoint: EndpointRow; secret: string }> {
    const orgId = input.org_id ?? null;
    if (orgId === null && !isPlatformAdmin(principal)) {
      throw new ForbiddenError('org_id is required: only platform admins create platform endpoints');
    }
    if (orgId !== null && !canManageOrg(principal, orgId)) {
      throw new ForbiddenError(`you may not manage the endpoints of organization ${orgId}`);
    }
    await this.checkDestination(input.url);
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .insert(endpoints)
        .values({
          id: newId('ep'),
          orgId,
          url: input.url,
          events: input.events,
          description: input.description,
          active: input.active,
          maxConcurrency: input.max_concurrency,
          rateLimitPerSecond: input.rate_limit_per_second,
          filter: input.filter,
          ordered: input.ordered,
          sendTraceContext: input.send_trace_context,
          createdBy: principal.userId,
        })
        .returning();
      const secret = generateSecret();
      await addSecret(tx, this.box, row!.id, secret);
      await bumpRevision(tx);
      return { endpoint: row!, secret };
    });
  }

  async list(principal: Principal, query: ListEndpointsQuery): Promise<EndpointRow[]> {
    const conditions = [orgScope(principal, endpoints.orgId)];
    if (query.org_id) conditions.push(eq(endpoints.orgId, query.org_id));
    if (query.after) conditions.push(gt(endpoints.id, query.after));
    return this.database.orm
      .select()
      .from(endpoints)
      .where(and(...conditions))
      .orderBy(asc(endpoints.id))
      .limit(query.limit);
  }

  /** The endpoint if the caller may see it, else 404. */
  async get(principal: Principal, id: string): Promise<EndpointRow> {
    const [row] = await this.database.orm.select().from(endpoints).where(eq(endpoints.id, id));
    if (!row || !(row.orgId === null ? isPlatformAdmin(principal) : canReadOrg(principal, row.orgId)))
      throw new NotFoundError(`endpoint ${id}`);
    return row;
  }

  async update(principal: Principal, id: string, input: UpdateEndpointRequest): Promise<EndpointRow> {
    await this.getManageable(principal, id);
    if (input.url !== undefined) await this.checkDestination(input.url);
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .update(endpoints)
        .set({
          ...(input.url !== undefined && { url: input.url }),
          ...(input.events !== undefined && { events: input.events }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.active !== undefined && { active: input.active, disabledReason: null }),
          ...(input.max_concurrency !== undefined && { maxConcurrency: input.max_concurrency }),
          ...(input.rate_limit_per_second !== undefined && { rateLimitPerSecond: input.rate_limit_per_second }),
          ...(input.filter !== undefined && { filter: input.filter }),
          ...(input.ordered !== undefined && { ordered: input.ordered }),
          ...(input.send_trace_context !== undefined && { sendTraceContext: input.send_trace_context }),
          updatedAt: sql`now()`,
        })
        .where(eq(endpoints.id, id))
        .returning();
      if (!row) throw new NotFoundError(`endpoint ${id}`);
      if (input.ordered !== undefined) {
        // Unfinished deliveries follow the endpoint into (or out of) head-of-line order.
        await followEndpointOrder(tx, id, input.ordered);
      }
      await bumpRevision(tx);
      return row;
    });
  }

  /** Deletes the endpoint with its deliveries and attempts. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.getManageable(principal, id);
    await this.database.orm.transaction(async (tx) => {
      await tx.delete(endpoints).where(eq(endpoints.id, id));
      await bumpRevision(tx);
    });
  }

  /** SSRF protection at save time; the dispatcher checks again at every connection. */
  private async checkDestination(url: string): Promise<void> {
    try {
      await this.destinations.check(url);
    } catch (err) {
      if (err instanceof DestinationRefusedError) throw new ValidationError([{ path: 'url', message: `refused: ${err.message}` }]);
      throw err;
    }
  }

  /** The endpoint if the caller may change it: 404 if they may not see it, 403 if they may only read it. */
  async getManageable(principal: Principal, id: string): Promise<EndpointRow> {
    const row = await this.get(principal, id);
    if (row.orgId === null ? !isPlatformAdmin(principal) : !canManageOrg(principal, row.orgId)) {
      throw new ForbiddenError(`you may read but not change endpoint ${id}`);
    }
    return row;
  }

  /**
   * An organization was deleted: its endpoints are turned off, with the reason, each saying so with a
   * `webhook.endpoint.disabled` event. They are kept (with their delivery log) for a platform admin to read or
   * delete. Idempotent: a redelivered event finds them already off.
   */
  async disableAllOf(orgId: string): Promise<void> {
    const active = await this.database.orm
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.orgId, orgId), eq(endpoints.active, true)));
    for (const { id } of active) await disableEndpoint(this.database, id, `organization ${orgId} was deleted`);
  }
}

/**
 * Turns an endpoint off on the platform's own initiative, saying why, and says so with a
 * `webhook.endpoint.disabled` event. Its pending deliveries are kept (claims skip inactive endpoints) and
 * resume when someone sets `active` again.
 */
export async function disableEndpoint(database: Database, endpointId: string, reason: string): Promise<void> {
  await database.orm.transaction(async (tx) => {
    const [row] = await tx
      .update(endpoints)
      .set({ active: false, disabledReason: reason, updatedAt: sql`now()` })
      .where(and(eq(endpoints.id, endpointId), eq(endpoints.active, true)))
      .returning();
    if (!row) return;
    await bumpRevision(tx);
    await platformEvents.write(tx, {
      type: 'webhook.endpoint.disabled',
      orgId: row.orgId,
      time: row.updatedAt,
      data: { endpoint_id: row.id, url: row.url, reason, disabled_at: row.updatedAt.toISOString() },
    });
  });
}

/** Tells every replica's endpoint directory to reload; call inside the transaction that changes endpoints. */
export async function bumpRevision(tx: Executor): Promise<void> {
  await tx
    .insert(endpointRevision)
    .values({ id: 1, revision: 1 })
    .onConflictDoUpdate({ target: endpointRevision.id, set: { revision: sql`${endpointRevision.revision} + 1` } });
}
