import type { Executor } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import { eq } from 'drizzle-orm';
import { endpointRevision, endpoints } from '../schema.js';
import { liveSecrets, type SigningSecret } from '../secrets/endpoint-secrets.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { filterMatches, type PayloadFilter } from './payload-filter.js';
import { subscriptionMatches } from './subscription.js';

/** What matching and delivery need to know of an endpoint, held in memory. */
export interface KnownEndpoint {
  id: string;
  orgId: string | null;
  url: string;
  events: string[];
  filter: PayloadFilter | null;
  ordered: boolean;
  active: boolean;
  maxConcurrency: number | null;
  rateLimitPerSecond: number | null;
  /** Set when the platform disabled it (410 Gone): its events are still recorded, to be sent once re-enabled. */
  disabledReason: string | null;
  /** Whether its requests carry the attempt's `traceparent` (the endpoint opted in). */
  sendTraceContext: boolean;
  /** Newest first; more than one during a rotation's overlap. */
  secrets: SigningSecret[];
}

/**
 * An in-memory copy of the endpoints table, keyed for matching. `refresh` costs one tiny query and reloads
 * only when an endpoint changed since (the revision row moves in the same transaction as any change).
 */
export class EndpointDirectory {
  private revision = -1;
  private byId = new Map<string, KnownEndpoint>();
  /** Per event type: platform endpoints, and organization endpoints by organization. */
  private byType = new Map<string, { platform: KnownEndpoint[]; byOrg: Map<string, KnownEndpoint[]> }>();

  constructor(private readonly box: SecretBox) {}

  async refresh(executor: Executor): Promise<void> {
    const [row] = await executor.select({ revision: endpointRevision.revision }).from(endpointRevision).where(eq(endpointRevision.id, 1));
    const revision = row?.revision ?? 0;
    if (revision === this.revision) return;
    const rows = await executor
      .select({
        id: endpoints.id,
        orgId: endpoints.orgId,
        url: endpoints.url,
        events: endpoints.events,
        filter: endpoints.filter,
        ordered: endpoints.ordered,
        active: endpoints.active,
        disabledReason: endpoints.disabledReason,
        sendTraceContext: endpoints.sendTraceContext,
        maxConcurrency: endpoints.maxConcurrency,
        rateLimitPerSecond: endpoints.rateLimitPerSecond,
      })
      .from(endpoints);
    const secrets = await liveSecrets(executor, this.box);
    this.byId = new Map(rows.map((r) => [r.id, { ...r, secrets: secrets.get(r.id) ?? [] }]));
    this.byType = new Map();
    this.revision = revision;
  }

  get(id: string): KnownEndpoint | undefined {
    return this.byId.get(id);
  }

  /** Endpoints with limits of their own, for the dispatcher's claims. */
  withOwnLimits(): KnownEndpoint[] {
    return [...this.byId.values()].filter((e) => e.ordered || e.maxConcurrency !== null || e.rateLimitPerSecond !== null);
  }

  /**
   * Endpoints that subscribed to this event's type and may see it: platform endpoints see every event, an
   * organization's endpoints only that organization's events, and an endpoint with a payload filter only
   * the events meeting it. An endpoint its owner paused gets nothing; one the platform disabled keeps getting
   * deliveries, held until it is re-enabled.
   */
  match(event: EventEnvelope): KnownEndpoint[] {
    let subscribed = this.byType.get(event.type);
    if (!subscribed) {
      subscribed = { platform: [], byOrg: new Map() };
      for (const e of this.byId.values()) {
        if ((!e.active && e.disabledReason === null) || !subscriptionMatches(e.events, event.type)) continue;
        if (e.orgId === null) subscribed.platform.push(e);
        else subscribed.byOrg.set(e.orgId, [...(subscribed.byOrg.get(e.orgId) ?? []), e]);
      }
      this.byType.set(event.type, subscribed);
    }
    const own = event.org_id === null ? undefined : subscribed.byOrg.get(event.org_id);
    const candidates = own ? [...subscribed.platform, ...own] : subscribed.platform;
    return candidates.some((e) => e.filter)
      ? candidates.filter((e) => !e.filter || filterMatches(e.filter, event as unknown as Record<string, unknown>))
      : candidates;
  }
}
