import type { Database, Tx } from '@ops/db';
import { newId } from '@ops/events';
import type { Logger } from '@ops/logger';
import { Periodic, type Clock } from '@ops/runtime';
import { and, asc, eq, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { billingEvents } from '../billing-events.js';
import { invoices, subscriptions, type SubscriptionRow } from '../schema.js';
import type { BillingSettings } from '../subscriptions/subscriptions.service.js';
import { CURRENCY, priceOf } from './prices.js';

const DAY_MS = 24 * 3600_000;

export interface BillingCycleOptions {
  database: Database;
  clock: Clock;
  settings: BillingSettings;
  logger: Logger;
  /** How often `runOnce` is called by `start`. */
  intervalMs: number;
  /** Rows taken per transaction. */
  batchSize?: number;
}

/**
 * The time-driven side of billing, run on a schedule by every replica at once: periods that ended renew
 * (`subscription.renewed`, and `invoice.created` for a paid plan), and open invoices past their due date are
 * reported once (`invoice.overdue`, the subscription turns `past_due`). Each row is taken with
 * `for update skip locked` and changed in the transaction that writes its events, so two replicas never
 * renew or invoice the same period twice; a period's invoice is also unique in the table.
 */
export class BillingCycle {
  private readonly schedule: Periodic;

  constructor(private readonly options: BillingCycleOptions) {
    this.schedule = new Periodic(() => this.runOnce(), { intervalMs: options.intervalMs, logger: options.logger, what: 'billing cycle' });
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** One pass: everything due now, in batches. Returns how many periods renewed and invoices went overdue. */
  async runOnce(): Promise<{ renewed: number; overdue: number }> {
    const result = { renewed: 0, overdue: 0 };
    for (let n = await this.renewBatch(); n > 0; n = await this.renewBatch()) result.renewed += n;
    for (let n = await this.overdueBatch(); n > 0; n = await this.overdueBatch()) result.overdue += n;
    return result;
  }

  private async renewBatch(): Promise<number> {
    const now = this.options.clock.now();
    return this.options.database.orm.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(subscriptions)
        .where(and(ne(subscriptions.status, 'cancelled'), lte(subscriptions.currentPeriodEnd, now)))
        .orderBy(asc(subscriptions.currentPeriodEnd))
        .limit(this.options.batchSize ?? 100)
        .for('update', { skipLocked: true });
      for (const subscription of due) await this.renew(tx, subscription, now);
      return due.length;
    });
  }

  /** One period: the next starts where the last ended (a late run does not shift the calendar). */
  private async renew(tx: Tx, subscription: SubscriptionRow, now: Date): Promise<void> {
    const periodStart = subscription.currentPeriodEnd;
    const periodEnd = new Date(periodStart.getTime() + this.options.settings.periodMs);
    const status = subscription.status === 'trialing' ? 'active' : subscription.status;
    await tx
      .update(subscriptions)
      .set({ currentPeriodStart: periodStart, currentPeriodEnd: periodEnd, status, updatedAt: now })
      .where(eq(subscriptions.id, subscription.id));
    await billingEvents.write(tx, {
      type: 'subscription.renewed',
      orgId: subscription.orgId,
      time: now,
      data: {
        subscription_id: subscription.id,
        email: subscription.email,
        tier: subscription.tier,
        period_start: periodStart.toISOString(),
        period_end: periodEnd.toISOString(),
        renewed_at: now.toISOString(),
      },
    });
    const amount = priceOf(subscription.tier);
    if (amount === 0) return;
    const dueAt = new Date(periodStart.getTime() + this.options.settings.invoiceDueMs);
    const [invoice] = await tx
      .insert(invoices)
      .values({
        id: newId('inv'),
        subscriptionId: subscription.id,
        amountCents: amount,
        currency: CURRENCY,
        periodStart,
        periodEnd,
        dueAt,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!invoice) return;
    await billingEvents.write(tx, {
      type: 'invoice.created',
      orgId: subscription.orgId,
      time: now,
      data: {
        invoice_id: invoice.id,
        subscription_id: subscription.id,
        email: subscription.email,
        amount_cents: amount,
        currency: CURRENCY,
        period_start: periodStart.toISOString(),
        period_end: periodEnd.toISOString(),
        due_at: dueAt.toISOString(),
        created_at: now.toISOString(),
      },
    });
  }

  private async overdueBatch(): Promise<number> {
    const now = this.options.clock.now();
    return this.options.database.orm.transaction(async (tx) => {
      const late = await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.status, 'open'), isNull(invoices.overdueAt), lt(invoices.dueAt, now)))
        .orderBy(asc(invoices.dueAt))
        .limit(this.options.batchSize ?? 100)
        .for('update', { skipLocked: true });
      for (const invoice of late) {
        await tx.update(invoices).set({ overdueAt: now }).where(eq(invoices.id, invoice.id));
        const [s] = await tx
          .update(subscriptions)
          .set({
            status: sql`case when ${subscriptions.status} = 'cancelled' then ${subscriptions.status} else 'past_due' end`,
            updatedAt: now,
          })
          .where(eq(subscriptions.id, invoice.subscriptionId))
          .returning();
        if (!s) continue;
        await billingEvents.write(tx, {
          type: 'invoice.overdue',
          orgId: s.orgId,
          time: now,
          data: {
            invoice_id: invoice.id,
            subscription_id: s.id,
            email: s.email,
            amount_cents: invoice.amountCents,
            currency: invoice.currency,
            due_at: invoice.dueAt.toISOString(),
            days_overdue: Math.floor((now.getTime() - invoice.dueAt.getTime()) / DAY_MS),
          },
        });
      }
      return late.length;
    });
  }
}
