import { Inject, Injectable } from '@nestjs/common';
import type { Database, Tx } from '@ops/db';
import { newId } from '@ops/events';
import { NotFoundError } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { billingEvents } from '../billing-events.js';
import { invoices, payments, providerEvents, subscriptions, type InvoiceRow, type SubscriptionRow } from '../schema.js';
import { CLOCK } from '../subscriptions/subscriptions.service.js';
import type { chargeRefunded, HandledType, paymentFailed, paymentSucceeded } from './provider-event.js';

/**
 * What the payment provider tells us, applied once. The provider event's id is recorded in the same
 * transaction as its effects: the same event again (the provider retries until it gets a 2xx; an attacker
 * replays a captured one) finds it there and changes nothing.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns false for an event already handled. */
  async apply(eventId: string, type: HandledType, object: unknown): Promise<boolean> {
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const [fresh] = await tx.insert(providerEvents).values({ id: eventId, type, receivedAt: now }).onConflictDoNothing().returning();
      if (!fresh) return false;
      if (type === 'payment_intent.succeeded') await this.succeeded(tx, object as z.infer<typeof paymentSucceeded>, now);
      else if (type === 'payment_intent.payment_failed') await this.failed(tx, object as z.infer<typeof paymentFailed>, now);
      else await this.refunded(tx, object as z.infer<typeof chargeRefunded>, now);
      return true;
    });
  }

  private async succeeded(tx: Tx, intent: z.infer<typeof paymentSucceeded>, now: Date): Promise<void> {
    const { invoice, subscription } = await invoiceAndSubscription(tx, intent.metadata.invoice_id);
    const [payment] = await tx
      .insert(payments)
      .values({
        id: newId('pay'),
        invoiceId: invoice.id,
        providerPaymentId: intent.id,
        amountCents: intent.amount,
        currency: intent.currency,
        status: 'succeeded',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!payment) return;
    await billingEvents.write(tx, {
      type: 'payment.succeeded',
      orgId: subscription.orgId,
      time: now,
      data: {
        payment_id: payment.id,
        invoice_id: invoice.id,
        subscription_id: subscription.id,
        email: subscription.email,
        amount_cents: payment.amountCents,
        currency: payment.currency,
        paid_at: now.toISOString(),
      },
    });
    // A payment pays the invoice only in the invoice's currency and for its whole amount; any other is recorded
    // and reported (payment.succeeded says what came in) but leaves the invoice open for someone to look at.
    if (invoice.status === 'paid' || intent.currency !== invoice.currency || intent.amount < invoice.amountCents) return;
    await tx.update(invoices).set({ status: 'paid', paidAt: now }).where(eq(invoices.id, invoice.id));
    await tx
      .update(subscriptions)
      .set({ status: sql`case when ${subscriptions.status} = 'past_due' then 'active' else ${subscriptions.status} end`, updatedAt: now })
      .where(eq(subscriptions.id, subscription.id));
    await billingEvents.write(tx, {
      type: 'invoice.paid',
      orgId: subscription.orgId,
      time: now,
      data: {
        invoice_id: invoice.id,
        subscription_id: subscription.id,
        email: subscription.email,
        amount_cents: invoice.amountCents,
        currency: invoice.currency,
        paid_at: now.toISOString(),
      },
    });
  }

  private async failed(tx: Tx, intent: z.infer<typeof paymentFailed>, now: Date): Promise<void> {
    const { invoice, subscription } = await invoiceAndSubscription(tx, intent.metadata.invoice_id);
    const reason = intent.last_payment_error?.code ?? intent.last_payment_error?.message ?? 'unknown';
    const [payment] = await tx
      .insert(payments)
      .values({
        id: newId('pay'),
        invoiceId: invoice.id,
        providerPaymentId: intent.id,
        amountCents: intent.amount,
        currency: intent.currency,
        status: 'failed',
        failureReason: reason,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!payment) return;
    if (subscription.status !== 'cancelled')
      await tx.update(subscriptions).set({ status: 'past_due', updatedAt: now }).where(eq(subscriptions.id, subscription.id));
    const money = { amount_cents: payment.amountCents, currency: payment.currency, failure_reason: reason, failed_at: now.toISOString() };
    await billingEvents.write(tx, {
      type: 'payment.failed',
      orgId: subscription.orgId,
      time: now,
      data: { payment_id: payment.id, invoice_id: invoice.id, email: subscription.email, ...money },
    });
    await billingEvents.write(tx, {
      type: 'subscription.payment_failed',
      orgId: subscription.orgId,
      time: now,
      data: { subscription_id: subscription.id, email: subscription.email, invoice_id: invoice.id, ...money },
    });
  }

  private async refunded(tx: Tx, charge: z.infer<typeof chargeRefunded>, now: Date): Promise<void> {
    const [payment] = await tx
      .update(payments)
      .set({ status: 'refunded' })
      .where(eq(payments.providerPaymentId, charge.payment_intent))
      .returning();
    if (!payment) throw new NotFoundError(`payment ${charge.payment_intent}`);
    const { subscription } = await invoiceAndSubscription(tx, payment.invoiceId);
    const refund = charge.refunds.data[0]!;
    await billingEvents.write(tx, {
      type: 'payment.refunded',
      orgId: subscription.orgId,
      time: now,
      data: {
        payment_id: payment.id,
        refund_id: refund.id,
        invoice_id: payment.invoiceId,
        email: subscription.email,
        amount_cents: charge.amount_refunded,
        currency: charge.currency,
        reason: refund.reason ?? null,
        refunded_at: now.toISOString(),
      },
    });
  }
}

async function invoiceAndSubscription(tx: Tx, invoiceId: string): Promise<{ invoice: InvoiceRow; subscription: SubscriptionRow }> {
  const [row] = await tx
    .select()
    .from(invoices)
    .innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .where(eq(invoices.id, invoiceId));
  if (!row) throw new NotFoundError(`invoice ${invoiceId}`);
  return { invoice: row.invoices, subscription: row.subscriptions };
}
