import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, canReadOrg, isPlatformAdmin, orgScope, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { ConflictError, ForbiddenError, NotFoundError } from '@ops/http';
import { StreamReader } from '@ops/messaging';
import { DATABASE } from '@ops/runtime';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { countReplayDeliveries, withdrawReplayDeliveries } from '../delivery-store/index.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { replays, type DeliveryStatus, type ReplayRow, type ReplayStatus } from '../schema.js';
import { resolveReplayRange } from './replay-range.js';
import { REPLAYS_CHANNEL } from './replay-runner.js';
import type { CreateReplayRequest, ListReplaysQuery } from './replay.requests.js';

/**
 * Starting and steering replays. Who may: a replay to one endpoint, whoever may manage that endpoint; to an
 * organization's endpoints, its owners and admins; to every endpoint, platform admins. A replay the caller
 * may not see answers 404.
 */
@Injectable()
export class ReplaysService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(StreamReader) private readonly reader: StreamReader,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  async create(principal: Principal, input: CreateReplayRequest): Promise<ReplayRow> {
    let orgId: string | null = input.org_id ?? null;
    if (input.endpoint_id) {
      const endpoint = await this.endpoints.getManageable(principal, input.endpoint_id);
      if (!endpoint.active && endpoint.disabledReason === null)
        throw new ConflictError(`endpoint ${endpoint.id} is paused: set it active before replaying to it`);
      orgId = endpoint.orgId;
    } else if (orgId !== null && !canManageOrg(principal, orgId)) {
      throw new ForbiddenError(`you may not manage the endpoints of organization ${orgId}`);
    } else if (orgId === null && !isPlatformAdmin(principal)) {
      throw new ForbiddenError('give endpoint_id or org_id: only platform admins replay to every endpoint');
    }
    const range = await resolveReplayRange(this.reader, input);
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .insert(replays)
        .values({
          id: newId('rpl'),
          orgId,
          endpointId: input.endpoint_id ?? null,
          eventTypes: input.event_types ?? null,
          fromTime: input.from_time ? new Date(input.from_time) : null,
          toTime: input.to_time ? new Date(input.to_time) : null,
          fromSeq: range.fromSeq,
          toSeq: range.toSeq,
          nextSeq: range.fromSeq,
          createdBy: principal.userId,
        })
        .returning();
      await tx.execute(sql`select pg_notify(${REPLAYS_CHANNEL}, '')`);
      return row!;
    });
  }

  async list(principal: Principal, query: ListReplaysQuery): Promise<ReplayRow[]> {
    const conditions = [orgScope(principal, replays.orgId)];
    if (query.before) conditions.push(lt(replays.id, query.before));
    return this.database.orm
      .select()
      .from(replays)
      .where(and(...conditions))
      .orderBy(desc(replays.id))
      .limit(query.limit);
  }

  /** The replay if the caller may see it, else 404. */
  async get(principal: Principal, id: string): Promise<ReplayRow> {
    const [row] = await this.database.orm.select().from(replays).where(eq(replays.id, id));
    if (!row || !(row.orgId === null ? isPlatformAdmin(principal) : canReadOrg(principal, row.orgId)))
      throw new NotFoundError(`replay ${id}`);
    return row;
  }

  /** How its deliveries stand, by status. */
  async deliveriesByStatus(id: string): Promise<Partial<Record<DeliveryStatus, number>>> {
    return countReplayDeliveries(this.database.orm, id);
  }

  /** Stops reading at the next batch; `resume` goes on from there. Deliveries already created are sent. */
  pause(principal: Principal, id: string): Promise<ReplayRow> {
    return this.move(principal, id, ['running'], 'paused');
  }

  resume(principal: Principal, id: string): Promise<ReplayRow> {
    return this.move(principal, id, ['paused'], 'running');
  }

  /**
   * Stops the replay for good and withdraws its deliveries that were never attempted (no attempt, nothing in
   * the log to lose); those already attempted finish their retries. A completed replay can be cancelled too:
   * reading a range takes moments, sending it can take hours.
   */
  async cancel(principal: Principal, id: string): Promise<{ replay: ReplayRow; withdrawn: number }> {
    const replay = await this.move(principal, id, ['running', 'paused', 'completed'], 'cancelled');
    const withdrawn = await withdrawReplayDeliveries(this.database.orm, id);
    return { replay, withdrawn };
  }

  private async move(principal: Principal, id: string, from: ReplayStatus[], to: ReplayStatus): Promise<ReplayRow> {
    const current = await this.get(principal, id);
    if (current.orgId === null ? !isPlatformAdmin(principal) : !canManageOrg(principal, current.orgId)) {
      throw new ForbiddenError(`you may read but not steer replay ${id}`);
    }
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .update(replays)
        .set({
          status: to,
          runner: null,
          leaseExpiresAt: null,
          updatedAt: sql`now()`,
          ...(to === 'cancelled' && { completedAt: sql`coalesce(${replays.completedAt}, now())` }),
        })
        .where(and(eq(replays.id, id), inArray(replays.status, from)))
        .returning();
      if (!row) throw new ConflictError(`replay ${id} is ${current.status}: it cannot become ${to} (only from ${from.join(' or ')})`);
      if (to === 'running') await tx.execute(sql`select pg_notify(${REPLAYS_CHANNEL}, '')`);
      return row;
    });
  }
}
