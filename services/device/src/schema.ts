import { outboxTable } from '@ops/outbox';
import { sql } from 'drizzle-orm';
import { doublePrecision, index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The device service owns the `devices` schema. */
export const devicesSchema = pgSchema('devices');

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const deviceStatuses = ['online', 'offline', 'unknown'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** An edge device of an organization; it signs in with its own credential, not a user's token. */
export const devices = devicesSchema.table(
  'devices',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    deviceName: text('device_name').notNull(),
    /**
     * The hardware's identity, unique within its organization only: a global one would let anyone squat another
     * organization's ids and would tell them which ids exist (docs/api.md, "Device service").
     */
    hardwareId: text('hardware_id').notNull(),
    firmwareVersion: text('firmware_version').notNull(),
    /** SHA-256 of the device secret (the secret itself is shown once, at registration). */
    credentialHash: text('credential_hash').notNull(),
    status: text('status', { enum: deviceStatuses }).notNull().default('unknown'),
    /** Written in batches, not per heartbeat: at most one flush interval behind. */
    lastSeenAt: time('last_seen_at'),
    createdBy: text('created_by').notNull(),
    registeredAt: time('registered_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [
    index('devices_org_idx').on(t.orgId),
    uniqueIndex('devices_org_hardware_idx').on(t.orgId, t.hardwareId),
    index('devices_online_idx').on(t.lastSeenAt).where(sql`status = 'online'`),
  ],
);

export const alertOperators = ['gt', 'gte', 'lt', 'lte'] as const;
export type AlertOperator = (typeof alertOperators)[number];
export const alertSeverities = ['info', 'warning', 'critical'] as const;

/** An organization's condition on a heartbeat metric, e.g. temperature > 80. */
export const alertRules = devicesSchema.table(
  'alert_rules',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    metric: text('metric').notNull(),
    operator: text('operator', { enum: alertOperators }).notNull(),
    threshold: doublePrecision('threshold').notNull(),
    severity: text('severity', { enum: alertSeverities }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: time('created_at').notNull(),
  },
  (t) => [index('alert_rules_org_idx').on(t.orgId)],
);

/** An alert is open while its metric breaks the rule, and resolved when it recovers. */
export const alerts = devicesSchema.table(
  'alerts',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    triggeredAt: time('triggered_at').notNull(),
    resolvedAt: time('resolved_at'),
  },
  // At most one open alert per rule and device, whichever replica saw the heartbeat.
  (t) => [uniqueIndex('alerts_open_idx').on(t.ruleId, t.deviceId).where(sql`resolved_at is null`)],
);

export type DeviceRow = typeof devices.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

export const outbox = outboxTable(devicesSchema);
