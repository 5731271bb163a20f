import { outboxTable } from '@ops/outbox';
import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The subscription service owns the `billing` schema. */
export const billingSchema = pgSchema('billing');

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const subscriptionStatuses = ['trialing', 'active', 'past_due', 'cancelled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/**
 * One per user, opened as a trial when the user registers. Its user is `user_id`, never the email: an email
 * changes hands (an administrator renames a user, a deleted user's address registers again), a user id does not.
 */
export const subscriptions = billingSchema.table(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().unique(),
    /** The user's current email (followed from user.updated): for display and the admin route's lookup only. */
    email: text('email').notNull(),
    /**
     * The organization it pays for: the first one its user created, for as long as they belong to it (an
     * organization.member_removed for them unlinks it). Its billing events carry this org_id.
     */
    orgId: text('org_id'),
    tier: text('tier').notNull(),
    status: text('status', { enum: subscriptionStatuses }).notNull(),
    trialEndsAt: time('trial_ends_at'),
    currentPeriodStart: time('current_period_start').notNull(),
    currentPeriodEnd: time('current_period_end').notNull(),
    /** When a cancellation takes effect (the end of the period it was cancelled in). */
    cancelAt: time('cancel_at'),
    notes: text('notes'),
    /** When its user's account was deleted: the subscription stays as the record of what was billed, ownerless. */
    userDeletedAt: time('user_deleted_at'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [
    index('subscriptions_due_idx').on(t.currentPeriodEnd).where(sql`status <> 'cancelled'`),
    // The admin route's lookup. Not unique: a deleted user's subscription keeps their old address, and a rename
    // can reach us after the registration that took the address over (the newest claim wins, see the service).
    index('subscriptions_live_email_idx').on(t.email).where(sql`user_deleted_at is null`),
  ],
);

export const invoiceStatuses = ['open', 'paid'] as const;

/** One per paid billing period. */
export const invoices = billingSchema.table(
  'invoices',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: invoiceStatuses }).notNull().default('open'),
    periodStart: time('period_start').notNull(),
    periodEnd: time('period_end').notNull(),
    dueAt: time('due_at').notNull(),
    paidAt: time('paid_at'),
    /** Set when invoice.overdue was published: once per invoice. */
    overdueAt: time('overdue_at'),
    createdAt: time('created_at').notNull(),
  },
  (t) => [
    // A period is invoiced once, however many replicas run the billing cycle.
    uniqueIndex('invoices_period_idx').on(t.subscriptionId, t.periodStart),
    index('invoices_open_idx').on(t.dueAt).where(sql`status = 'open' and overdue_at is null`),
  ],
);

export const paymentStatuses = ['succeeded', 'failed', 'refunded'] as const;

/** Payments as the provider reported them. */
export const payments = billingSchema.table('payments', {
  id: text('id').primaryKey(),
  invoiceId: text('invoice_id')
    .notNull()
    .references(() => invoices.id, { onDelete: 'cascade' }),
  /** The provider's id (a payment intent): a payment reported twice is one payment. */
  providerPaymentId: text('provider_payment_id').notNull().unique(),
  amountCents: integer('amount_cents').notNull(),
  currency: text('currency').notNull(),
  status: text('status', { enum: paymentStatuses }).notNull(),
  failureReason: text('failure_reason'),
  createdAt: time('created_at').notNull(),
});

/** The provider's webhook events already handled: one that comes again (a retry, a replay) changes nothing. */
export const providerEvents = billingSchema.table('provider_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: time('received_at').notNull(),
});

/**
 * An organization created by someone whose subscription is not opened yet (the registration is still on its way
 * through another consumer): the trial picks it up when it opens. Makes the two events' order irrelevant.
 */
export const pendingOrganizations = billingSchema.table('pending_organizations', {
  ownerId: text('owner_id').primaryKey(),
  orgId: text('org_id').notNull(),
});

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;

export const outbox = outboxTable(billingSchema);
