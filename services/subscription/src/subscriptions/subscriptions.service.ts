import { Inject, Injectable } from '@nestjs/common';
import { isPlatformAdmin, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { ConflictError, ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { billingEvents } from '../billing-events.js';
import { invoices, pendingOrganizations, subscriptions, type InvoiceRow, type SubscriptionRow } from '../schema.js';
import type { AdminUpdateSubscriptionRequest } from './subscription.requests.js';

export const CLOCK = Symbol('CLOCK');
export const BILLING_SETTINGS = Symbol('BILLING_SETTINGS');

export interface BillingSettings {
  trialMs: number;
  periodMs: number;
  invoiceDueMs: number;
}

/** Whose subscription: a user (the caller's own) or an email, resolved to the user holding it now (admin routes). */
export type SubscriptionOwner = { userId: string } | { email: string };

/**
 * Subscriptions: opened as trials when users register (from the stream), changed by administrators,
 * cancelled by their user or an administrator, closed when their user is deleted. A subscription belongs to a
 * user id; its email is only a copy of the user's current address. Each change and its event are one transaction.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BILLING_SETTINGS) private readonly settings: BillingSettings,
  ) {}

  /**
   * A trial for a new user, once: `user.created` delivered again (JetStream redelivers until acked) finds the
   * subscription there and writes nothing. An address an earlier user held does not matter: this is a new user.
   */
  async openTrial(user: { userId: string; email: string }): Promise<SubscriptionRow | undefined> {
    const now = this.clock.now();
    const trialEndsAt = new Date(now.getTime() + this.settings.trialMs);
    return this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, user.userId);
      const [row] = await tx
        .insert(subscriptions)
        .values({
          id: newId('sub'),
          userId: user.userId,
          email: user.email,
          tier: 'trial',
          status: 'trialing',
          trialEndsAt,
          currentPeriodStart: now,
          currentPeriodEnd: trialEndsAt,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: subscriptions.userId })
        .returning();
      if (!row) return undefined;
      // An organization its user created before this trial opened is paid for from the start.
      const [pending] = await tx.delete(pendingOrganizations).where(eq(pendingOrganizations.ownerId, row.userId)).returning();
      const opened = pending
        ? (await tx.update(subscriptions).set({ orgId: pending.orgId }).where(eq(subscriptions.id, row.id)).returning())[0]!
        : row;
      await billingEvents.write(tx, {
        type: 'subscription.created',
        orgId: opened.orgId,
        time: now,
        data: {
          subscription_id: opened.id,
          user_id: opened.userId,
          email: opened.email,
          tier: opened.tier,
          status: opened.status,
          trial_ends_at: trialEndsAt.toISOString(),
          created_at: now.toISOString(),
        },
      });
      return opened;
    });
  }

  /**
   * The caller's own, or (for a platform admin) anyone's. An email means the live user holding it now: the
   * subscription of a deleted user, or of one renamed since, is never found by their old address.
   */
  async get(principal: Principal, owner: SubscriptionOwner, executor: Executor = this.database.orm): Promise<SubscriptionRow> {
    const admin = isPlatformAdmin(principal);
    if ('email' in owner && !admin && owner.email !== principal.email.toLowerCase())
      throw new ForbiddenError("only platform admins see other users' subscriptions");
    const found = 'userId' in owner ? await liveByUser(executor, owner.userId) : await liveByEmail(executor, owner.email);
    if (!found || (!admin && found.userId !== principal.userId))
      throw new NotFoundError('email' in owner ? `subscription of ${owner.email}` : 'your subscription');
    return found;
  }

  invoicesOf(subscriptionId: string): Promise<InvoiceRow[]> {
    return this.database.orm
      .select()
      .from(invoices)
      .where(eq(invoices.subscriptionId, subscriptionId))
      .orderBy(desc(invoices.periodStart))
      .limit(24);
  }

  /** Tier, status, notes (platform admins): `subscription.updated`, unless nothing changed. */
  async adminUpdate(principal: Principal, owner: SubscriptionOwner, input: AdminUpdateSubscriptionRequest): Promise<SubscriptionRow> {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const current = await this.get(principal, owner, tx);
      if (current.status === 'cancelled') throw new ConflictError(`the subscription of ${current.email} is cancelled`);
      const unchanged =
        (input.tier ?? current.tier) === current.tier &&
        (input.status ?? current.status) === current.status &&
        (input.notes === undefined || input.notes === current.notes);
      if (unchanged) return current;
      const [row] = await tx
        .update(subscriptions)
        .set({
          ...(input.tier && { tier: input.tier }),
          ...(input.status && { status: input.status }),
          ...(input.notes !== undefined && { notes: input.notes }),
          updatedAt: now,
        })
        .where(eq(subscriptions.id, current.id))
        .returning();
      await billingEvents.write(tx, {
        type: 'subscription.updated',
        orgId: row!.orgId,
        time: now,
        data: {
          subscription_id: row!.id,
          user_id: row!.userId,
          email: row!.email,
          tier: row!.tier,
          status: row!.status,
          updated_at: now.toISOString(),
          updated_by: principal.email,
          notes: row!.notes,
        },
      });
      return row!;
    });
  }

  /** Cancels at the end of the current period: no renewal, no further invoice. */
  async cancel(principal: Principal, owner: SubscriptionOwner, reason: string | undefined): Promise<SubscriptionRow> {
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const current = await this.get(principal, owner, tx);
      if (current.status === 'cancelled') throw new ConflictError(`the subscription of ${current.email} is already cancelled`);
      return cancelNow(tx, current, { cancelledBy: principal.email, reason: reason ?? null, effectiveAt: current.currentPeriodEnd, now });
    });
  }

  /** A user's new address (an administrator changed it): the subscription shows it; nothing else changes. */
  async followEmail(userId: string, email: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, userId);
      await tx
        .update(subscriptions)
        .set({ email })
        .where(and(eq(subscriptions.userId, userId), isNull(subscriptions.userDeletedAt)));
    });
  }

  /**
   * Its user was deleted: the subscription ends now (`subscription.cancelled`, unless it was already), stops paying
   * for any organization, and stays as the record of what was billed, found by nobody's email. Once.
   */
  async closeForDeletedUser(userId: string, deletedBy: string): Promise<void> {
    const now = this.clock.now();
    await this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, userId);
      await tx.delete(pendingOrganizations).where(eq(pendingOrganizations.ownerId, userId));
      const current = await liveByUser(tx, userId);
      if (!current) return;
      const [closed] = await tx
        .update(subscriptions)
        .set({ userDeletedAt: now, orgId: null })
        .where(eq(subscriptions.id, current.id))
        .returning();
      if (closed!.status !== 'cancelled')
        await cancelNow(tx, closed!, { cancelledBy: deletedBy, reason: 'account deleted', effectiveAt: now, now });
    });
  }

  /**
   * The organization a user's subscription pays for: the first one they create. If the subscription is not
   * open yet (its registration is still on its way), the organization waits for it.
   */
  async attachToOrganization(ownerId: string, orgId: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, ownerId);
      const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.userId, ownerId));
      if (!row) await tx.insert(pendingOrganizations).values({ ownerId, orgId }).onConflictDoNothing();
      else if (row.orgId === null && row.userDeletedAt === null)
        await tx.update(subscriptions).set({ orgId }).where(eq(subscriptions.id, row.id));
    });
  }

  /**
   * A member left (or was removed from) an organization: if their subscription paid for it, it no longer does, and
   * their billing events stop going there. Nobody else's subscription takes it over (docs/architecture.md).
   */
  async detachMember(userId: string, orgId: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, userId);
      await tx
        .update(subscriptions)
        .set({ orgId: null })
        .where(and(eq(subscriptions.userId, userId), eq(subscriptions.orgId, orgId)));
      await tx.delete(pendingOrganizations).where(and(eq(pendingOrganizations.ownerId, userId), eq(pendingOrganizations.orgId, orgId)));
    });
  }

  async detachFromOrganization(orgId: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      await tx.update(subscriptions).set({ orgId: null }).where(eq(subscriptions.orgId, orgId));
      await tx.delete(pendingOrganizations).where(eq(pendingOrganizations.orgId, orgId));
    });
  }
}

async function liveByUser(executor: Executor, userId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await executor
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), isNull(subscriptions.userDeletedAt)));
  return row;
}

/**
 * The live subscription of whoever holds the address now. Two can show it only for the moment between a
 * registration that took the address over and the rename that freed it reaching us: the newer user is its holder.
 */
async function liveByEmail(executor: Executor, email: string): Promise<SubscriptionRow | undefined> {
  const [row] = await executor
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.email, email), isNull(subscriptions.userDeletedAt)))
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  return row;
}

async function cancelNow(
  tx: Executor,
  current: SubscriptionRow,
  how: { cancelledBy: string; reason: string | null; effectiveAt: Date; now: Date },
): Promise<SubscriptionRow> {
  const [row] = await tx
    .update(subscriptions)
    .set({ status: 'cancelled', cancelAt: how.effectiveAt, updatedAt: how.now })
    .where(eq(subscriptions.id, current.id))
    .returning();
  await billingEvents.write(tx, {
    type: 'subscription.cancelled',
    orgId: row!.orgId,
    time: how.now,
    data: {
      subscription_id: row!.id,
      email: row!.email,
      tier: row!.tier,
      cancelled_by: how.cancelledBy,
      reason: how.reason,
      cancelled_at: how.now.toISOString(),
      effective_at: how.effectiveAt.toISOString(),
    },
  });
  return row!;
}

/** Serializes everything that changes one user's subscription and organization link, across consumers and replicas. */
async function lockOwner(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing-owner:${userId}`}))`);
}
