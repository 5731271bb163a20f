import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { and, eq, isNull } from 'drizzle-orm';
import { deviceEvents } from '../device-events.js';
import type { KnownDevice } from '../heartbeats/known-device.js';
import { alerts, type AlertRuleRow } from '../schema.js';
import { AlertRules, breaks, symbolOf } from './alert-rules.js';

/**
 * Compares a heartbeat's metrics with the device's organization's rules. Writes happen only on a change:
 * a rule newly broken opens an alert (`device.alert`, `alert.triggered`), a broken rule that recovered
 * resolves it (`alert.resolved`). The table decides between replicas: one open alert per rule and device
 * (unique index), and only the replica whose update closes it publishes the resolution.
 */
export class AlertEvaluator {
  constructor(
    private readonly database: Database,
    private readonly rules: AlertRules,
  ) {}

  async evaluate(device: KnownDevice, metrics: Record<string, number>, now: Date): Promise<void> {
    for (const rule of await this.rules.of(device.orgId)) {
      const value = metrics[rule.metric];
      if (value === undefined) continue;
      const open = device.openAlerts.get(rule.id);
      if (breaks(rule, value) && !open) await this.trigger(device, rule, value, now);
      else if (!breaks(rule, value) && open) await this.resolve(device, rule, open, value, now);
    }
  }

  private async trigger(device: KnownDevice, rule: AlertRuleRow, value: number, now: Date): Promise<void> {
    const opened = await this.database.orm.transaction(async (tx) => {
      const [alert] = await tx
        .insert(alerts)
        .values({
          id: newId('alr'),
          ruleId: rule.id,
          deviceId: device.id,
          metric: rule.metric,
          value,
          threshold: rule.threshold,
          triggeredAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!alert) return undefined;
      const common = {
        alert_id: alert.id,
        rule_id: rule.id,
        device_id: device.id,
        metric: rule.metric,
        value,
        threshold: rule.threshold,
        severity: rule.severity,
      };
      await deviceEvents.write(tx, {
        type: 'device.alert',
        orgId: device.orgId,
        time: now,
        data: {
          ...common,
          device_name: device.name,
          message: `${rule.metric} ${value} ${symbolOf[rule.operator]} ${rule.threshold}`,
          timestamp: now.toISOString(),
        },
      });
      await deviceEvents.write(tx, {
        type: 'alert.triggered',
        orgId: device.orgId,
        time: now,
        data: { ...common, rule_name: rule.name, triggered_at: now.toISOString() },
      });
      return alert;
    });
    // Opened here, or already open (another replica opened it): either way it is open now.
    const alert =
      opened ??
      (
        await this.database.orm
          .select()
          .from(alerts)
          .where(and(eq(alerts.ruleId, rule.id), eq(alerts.deviceId, device.id), isNull(alerts.resolvedAt)))
      )[0];
    if (alert) device.openAlerts.set(rule.id, { id: alert.id, triggeredAt: alert.triggeredAt });
  }

  private async resolve(
    device: KnownDevice,
    rule: AlertRuleRow,
    open: { id: string; triggeredAt: Date },
    value: number,
    now: Date,
  ): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      const [closed] = await tx
        .update(alerts)
        .set({ resolvedAt: now })
        .where(and(eq(alerts.id, open.id), isNull(alerts.resolvedAt)))
        .returning();
      if (!closed) return;
      await deviceEvents.write(tx, {
        type: 'alert.resolved',
        orgId: device.orgId,
        time: now,
        data: {
          alert_id: closed.id,
          rule_id: rule.id,
          rule_name: rule.name,
          device_id: device.id,
          metric: rule.metric,
          value,
          threshold: rule.threshold,
          resolved_at: now.toISOString(),
          duration_seconds: Math.max(0, (now.getTime() - closed.triggeredAt.getTime()) / 1000),
        },
      });
    });
    device.openAlerts.delete(rule.id);
  }
}
