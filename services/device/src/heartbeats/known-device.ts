import type { DeviceStatus } from '../schema.js';

/** What the heartbeat path keeps in memory about a device, so that most heartbeats touch no table. */
export interface KnownDevice {
  id: string;
  orgId: string;
  name: string;
  credentialHash: string;
  status: DeviceStatus;
  /** Open alerts by rule id. */
  openAlerts: Map<string, { id: string; triggeredAt: Date }>;
  loadedAtMs: number;
  /** When this process last wrote the device's last-seen time. */
  lastSeenWrittenMs: number;
}
