import type { Database, Tx } from '@ops/db';
import { UnauthenticatedError } from '@ops/http';
import type { Logger } from '@ops/logger';
import { Periodic, type Clock } from '@ops/runtime';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AlertEvaluator } from '../alerts/alert-evaluator.js';
import { deviceEvents } from '../device-events.js';
import { secretMatches } from '../devices/device-credential.js';
import { alerts, devices, type DeviceStatus } from '../schema.js';
import type { KnownDevice } from './known-device.js';

export interface PresenceOptions {
  database: Database;
  clock: Clock;
  evaluator: AlertEvaluator;
  logger: Logger;
  /** Heartbeats stopped this long: offline. */
  offlineAfterMs: number;
  /** How often last-seen times are written and offline devices looked for. */
  intervalMs: number;
  /** How long a device's cached credential, status and open alerts are trusted. */
  cacheMs: number;
}

export interface Heartbeat {
  status?: 'online' | 'offline';
  metrics?: Record<string, number>;
}

/**
 * The heartbeat hot path. A heartbeat that changes nothing writes nothing: the device's credential, status and
 * open alerts are cached, and its last-seen time goes into memory, written (when the stored one is older than a
 * third of the offline window) for every such device in one statement per interval. Only changes write at once, each with its event: a status change (`device.online`,
 * `device.offline`) or an alert opening or closing. Every replica also looks for devices silent past
 * `offlineAfterMs`; one conditional update decides, so each change is published once.
 */
export class Presence {
  private readonly known = new Map<string, KnownDevice>();
  private seen = new Map<string, Date>();
  private readonly schedule: Periodic;

  constructor(private readonly options: PresenceOptions) {
    this.schedule = new Periodic(() => this.runOnce(), { intervalMs: options.intervalMs, logger: options.logger, what: 'presence pass' });
  }

  /** The device behind a credential, or 401. */
  async authenticate(deviceId: string, secret: string): Promise<KnownDevice> {
    const device = await this.device(deviceId);
    if (!device || !secretMatches(secret, device.credentialHash))
      throw new UnauthenticatedError('unknown device or wrong device credential');
    return device;
  }

  async heartbeat(device: KnownDevice, report: Heartbeat): Promise<void> {
    const now = this.options.clock.now();
    if (report.status === 'offline') {
      this.seen.delete(device.id);
      if (device.status !== 'offline') await this.transition(device.id, 'offline', now);
    } else {
      // Offline detection needs last-seen times only this fresh: a device beating every second is written
      // once per third of the offline window, not once per flush.
      if (now.getTime() - device.lastSeenWrittenMs >= this.options.offlineAfterMs / 3) this.seen.set(device.id, now);
      if (device.status !== 'online') await this.transition(device.id, 'online', now);
    }
    if (report.metrics) await this.options.evaluator.evaluate(device, report.metrics, now);
  }

  /** A device deleted here: its credential stops working in this process at once (elsewhere within DEVICE_CACHE_MS). */
  forget(deviceId: string): void {
    this.known.delete(deviceId);
    this.seen.delete(deviceId);
  }

  start(): void {
    this.schedule.start();
  }

  /** Stops the passes and writes the last-seen times still in memory. */
  async stop(): Promise<void> {
    await this.schedule.stop();
    await this.flush();
  }

  /** Writes last-seen times, then marks silent devices offline. Returns how many went offline. */
  async runOnce(): Promise<number> {
    await this.flush();
    return this.markSilentOffline();
  }

  /** One statement for every device heard from since the last flush. */
  async flush(): Promise<void> {
    if (this.seen.size === 0) return;
    const batch = [...this.seen].map(([id, at]) => ({ id, at: at.toISOString() }));
    for (const [id, at] of this.seen) {
      const cached = this.known.get(id);
      if (cached) cached.lastSeenWrittenMs = at.getTime();
    }
    this.seen = new Map();
    const rows = await this.options.database.query<{ id: string; status: DeviceStatus }>(
      this.options.database.orm,
      sql`update ${devices} d set last_seen_at = greatest(coalesce(d.last_seen_at, x.at), x.at)
          from json_to_recordset(${JSON.stringify(batch)}::json) as x(id text, at timestamptz)
          where d.id = x.id returning d.id, d.status`,
    );
    // Marked offline by another replica meanwhile, yet heard from here: back online.
    for (const row of rows) if (row.status !== 'online') await this.transition(row.id, 'online', this.options.clock.now());
  }

  private async markSilentOffline(): Promise<number> {
    const now = this.options.clock.now();
    const cutoff = new Date(now.getTime() - this.options.offlineAfterMs);
    return this.options.database.orm.transaction(async (tx) => {
      const silent = await tx
        .update(devices)
        .set({ status: 'offline', updatedAt: now })
        .where(
          and(
            eq(devices.status, 'online'),
            sql`(${devices.lastSeenAt} is null or ${devices.lastSeenAt} < ${cutoff.toISOString()}::timestamptz)`,
          ),
        )
        .returning();
      for (const d of silent) {
        await deviceEvents.write(tx, {
          type: 'device.offline',
          orgId: d.orgId,
          time: now,
          data: { device_id: d.id, device_name: d.deviceName, status: 'offline', previous_status: 'online', timestamp: now.toISOString() },
        });
        const cached = this.known.get(d.id);
        if (cached) cached.status = 'offline';
      }
      return silent.length;
    });
  }

  /** Moves a device to `to` if it is not there already; only the replica whose update does it publishes. */
  private async transition(deviceId: string, to: 'online' | 'offline', now: Date): Promise<void> {
    await this.options.database.orm.transaction(async (tx) => {
      const previous = await statusForUpdate(tx, deviceId);
      if (previous === undefined || previous === to) return;
      const [d] = await tx
        .update(devices)
        .set({ status: to, updatedAt: now, ...(to === 'online' && { lastSeenAt: now }) })
        .where(eq(devices.id, deviceId))
        .returning();
      if (to === 'online') this.seen.delete(deviceId);
      await deviceEvents.write(tx, {
        type: to === 'online' ? 'device.online' : 'device.offline',
        orgId: d!.orgId,
        time: now,
        data: { device_id: d!.id, device_name: d!.deviceName, status: to, previous_status: previous, timestamp: now.toISOString() },
      });
    });
    const cached = this.known.get(deviceId);
    if (cached) {
      cached.status = to;
      if (to === 'online') cached.lastSeenWrittenMs = now.getTime();
    }
  }

  private async device(id: string): Promise<KnownDevice | undefined> {
    const nowMs = this.options.clock.now().getTime();
    const hit = this.known.get(id);
    if (hit && nowMs - hit.loadedAtMs < this.options.cacheMs) return hit;
    const [row] = await this.options.database.orm.select().from(devices).where(eq(devices.id, id));
    if (!row) {
      this.known.delete(id);
      return undefined;
    }
    const open = await this.options.database.orm
      .select()
      .from(alerts)
      .where(and(eq(alerts.deviceId, id), isNull(alerts.resolvedAt)));
    const device: KnownDevice = {
      id: row.id,
      orgId: row.orgId,
      name: row.deviceName,
      credentialHash: row.credentialHash,
      status: row.status,
      openAlerts: new Map(open.map((a) => [a.ruleId, { id: a.id, triggeredAt: a.triggeredAt }])),
      loadedAtMs: nowMs,
      lastSeenWrittenMs: row.lastSeenAt?.getTime() ?? 0,
    };
    this.known.set(id, device);
    return device;
  }
}

async function statusForUpdate(tx: Tx, deviceId: string): Promise<DeviceStatus | undefined> {
  const [row] = await tx.select({ status: devices.status }).from(devices).where(eq(devices.id, deviceId)).for('update');
  return row?.status;
}
