#!/usr/bin/env node
import { connectDatabase, Outbox, Publisher } from '@ops/publisher';
import { z } from 'zod';
import { issueUsageInvoice } from './issue-invoice.js';
import { ensureUsageInvoices } from './usage-invoices.js';

/**
 * One run of the job: bill one organization's usage for the last month, publish `invoice.created` through the
 * outbox, wait until the platform's broker stored it, print it, exit. Run it from cron; a run that dies after
 * the commit leaves the event in the outbox, and the next run publishes it first.
 */
const config = z
  .object({
    DATABASE_URL: z.string().startsWith('postgres'),
    NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    /** The job's NATS password; its user is its source name, `billing-job`. */
    NATS_PASSWORD: z.string().min(1).optional(),
    EVENTS_SUBJECT_PREFIX: z.string().default('events'),
    ORG_ID: z.string().min(1),
    SUBSCRIPTION_ID: z.string().min(1),
    BILL_EMAIL: z.email(),
    AMOUNT_CENTS: z.coerce.number().int().nonnegative(),
  })
  .safeParse(process.env);
if (!config.success) {
  process.stderr.write(
    `billing-job: invalid configuration:\n  ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}\n`,
  );
  process.exit(2);
}
const env = config.data;

const database = await connectDatabase(env.DATABASE_URL);
const publisher = await Publisher.connect({
  servers: env.NATS_URL,
  source: 'billing-job',
  password: env.NATS_PASSWORD,
  subjectPrefix: env.EVENTS_SUBJECT_PREFIX,
});
const outbox = await Outbox.start({ database, schema: 'billing_job', publisher });
try {
  await ensureUsageInvoices(database);
  const periodEnd = new Date();
  const periodStart = new Date(periodEnd.getTime() - 30 * 24 * 3600_000);
  const event = await issueUsageInvoice(database, outbox, {
    orgId: env.ORG_ID,
    subscriptionId: env.SUBSCRIPTION_ID,
    email: env.BILL_EMAIL,
    amountCents: env.AMOUNT_CENTS,
    periodStart,
    periodEnd,
  });
  await outbox.flush();
  process.stdout.write(`${JSON.stringify({ published: event.id, type: event.type, invoice_id: event.data.invoice_id })}\n`);
} finally {
  await outbox.stop();
  await publisher.close();
  await database.close();
}
