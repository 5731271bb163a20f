import { Inject, Injectable } from '@nestjs/common';
import { isPlatformAdmin, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { ConflictError, ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { desc, eq, sql } from 'drizzle-orm';
import { recordBillingEvent } from '../billing-event.js';
import { invoices, pendingOrganizations, subscriptions, type InvoiceRow, type SubscriptionRow } from '../schema.js';
import type { AdminUpdateSubscriptionRequest } from './subscription.requests.js';

export const CLOCK = Symbol('CLOCK');
export const BILLING_SETTINGS = Symbol('BILLING_SETTINGS');

export interface BillingSettings {
  trialMs: number;
  periodMs: number;
  invoiceDueMs: number;
}

/**
 * Subscriptions: opened as trials when users register (from the stream), changed by administrators,
 * cancelled by their user or an administrator. Each change and its event are one transaction.
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
   * subscription there and writes nothing.
   */
  async openTrial(user: { userId: string; email: string }): Promise<SubscriptionRow | undefined> {
    const now = this.clock.now();
    const trialEndsAt = new Date(now.getTime() + this.settings.trialMs);
    return this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, user.email);
      const [row] = await tx
        .insert(subscriptions)
        .values({ id: newId('sub'), userId: user.userId, email: user.email, tier: 'trial', status: 'trialing', trialEndsAt, currentPeriodStart: now, currentPeriodEnd: trialEndsAt, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!row) return undefined;
      // An organization its user created before this trial opened is paid for from the start.
      const [pending] = await tx.delete(pendingOrganizations).where(eq(pendingOrganizations.ownerEmail, row.email)).returning();
      const opened = pending ? (await tx.update(subscriptions).set({ orgId: pending.orgId }).where(eq(subscriptions.id, row.id)).returning())[0]! : row;
      await recordBillingEvent(tx, opened, 'subscription.created', {
        subscription_id: opened.id, user_id: opened.userId, email: opened.email, tier: opened.tier, status: opened.status, trial_ends_at: trialEndsAt.toISOString(), created_at: now.toISOString(),
      }, now);
      return opened;
    });
  }

  /** The caller's own, or (for a platform admin) anyone's, by email. */
  async get(principal: Principal, email: string, executor: Executor = this.database.orm): Promise<SubscriptionRow> {
    if (!isPlatformAdmin(principal) && email !== principal.email.toLowerCase()) throw new ForbiddenError('only platform admins see other users\' subscriptions');
    const [row] = await executor.select().from(subscriptions).where(eq(subscriptions.email, email));
    if (!row) throw new NotFoundError(`subscription of ${email}`);
    return row;
  }

  invoicesOf(subscriptionId: string): Promise<InvoiceRow[]> {
    return this.database.orm.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId)).orderBy(desc(invoices.periodStart)).limit(24);
  }

  /** Tier, status, notes (platform admins): `subscription.updated`, unless nothing changed. */
  async adminUpdate(principal: Principal, email: string, input: AdminUpdateSubscriptionRequest): Promise<SubscriptionRow> {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const current = await this.get(principal, email, tx);
      if (current.status === 'cancelled') throw new ConflictError(`the subscription of ${email} is cancelled`);
      const unchanged = (input.tier ?? current.tier) === current.tier && (input.status ?? current.status) === current.status && (input.notes === undefined || input.notes === current.notes);
      if (unchanged) return current;
      const [row] = await tx
        .update(subscriptions)
        .set({ ...(input.tier && { tier: input.tier }), ...(input.status && { status: input.status }), ...(input.notes !== undefined && { notes: input.notes }), updatedAt: now })
        .where(eq(subscriptions.id, current.id))
        .returning();
      await recordBillingEvent(tx, row!, 'subscription.updated', {
        email: row!.email, tier: row!.tier, status: row!.status, updated_at: now.toISOString(), updated_by: principal.email, notes: row!.notes,
      }, now);
      return row!;
    });
  }

  /** Cancels at the end of the current period: no renewal, no further invoice. */
  async cancel(principal: Principal, email: string, reason: string | undefined): Promise<SubscriptionRow> {
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const current = await this.get(principal, email, tx);
      if (current.status === 'cancelled') throw new ConflictError(`the subscription of ${email} is already cancelled`);
      const [row] = await tx
        .update(subscriptions)
        .set({ status: 'cancelled', cancelAt: current.currentPeriodEnd, updatedAt: now })
        .where(eq(subscriptions.id, current.id))
        .returning();
      await recordBillingEvent(tx, row!, 'subscription.cancelled', {
        subscription_id: row!.id, email: row!.email, tier: row!.tier, cancelled_by: principal.email, reason: reason ?? null, cancelled_at: now.toISOString(), effective_at: current.currentPeriodEnd.toISOString(),
      }, now);
      return row!;
    });
  }

  /**
   * The organization a user's subscription pays for: the first one they create. If the subscription is not
   * open yet (its registration is still on its way), the organization waits for it.
   */
  async attachToOrganization(ownerEmail: string, orgId: string): Promise<void> {
    const email = ownerEmail.toLowerCase();
    await this.database.orm.transaction(async (tx) => {
      await lockOwner(tx, email);
      const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.email, email));
      if (!row) await tx.insert(pendingOrganizations).values({ ownerEmail: email, orgId }).onConflictDoNothing();
      else if (row.orgId === null) await tx.update(subscriptions).set({ orgId }).where(eq(subscriptions.id, row.id));
    });
  }

  async detachFromOrganization(orgId: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      await tx.update(subscriptions).set({ orgId: null }).where(eq(subscriptions.orgId, orgId));
      await tx.delete(pendingOrganizations).where(eq(pendingOrganizations.orgId, orgId));
    });
  }
}

/** Serializes a trial's opening and its owner's organization arriving, whichever consumer gets there first. */
async function lockOwner(tx: Executor, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing-owner:${email.toLowerCase()}`}))`);
}
