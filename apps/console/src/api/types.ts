/**
 * The API's answers as the pages read them (docs/api.md). They follow the services' views; once the generated
 * client (@ops/api-client) is on this branch, these give way to its `components` types.
 */
export interface User {
  user_id: string;
  email: string;
  name: string;
  role: 'admin' | 'user';
}

export interface Organization {
  organization_id: string;
  name: string;
  plan_tier: string;
  owner: string;
}

export interface FilterCondition {
  path: string;
  op: string;
  value?: unknown;
}

export interface Endpoint {
  id: string;
  org_id: string | null;
  url: string;
  events: string[];
  filter: FilterCondition[] | null;
  ordered: boolean;
  description: string | null;
  active: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  max_concurrency: number | null;
  rate_limit_per_second: number | null;
  created_at: string;
  updated_at: string;
  secret?: string;
}

export interface Figures {
  attempts: number;
  succeeded: number;
  failed: number;
  success_rate: number | null;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
}

export interface EndpointStats {
  endpoint_id: string;
  active: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  circuit: { state: 'open' | 'closed'; open_until: string | null; rest_ms: number | null };
  last_hour: Figures;
  last_day: Figures;
  series: { window: 'hour' | 'day'; bucket_ms: number; buckets: Array<Figures & { start: string }> };
}

export type DeliveryStatus = 'pending' | 'in_flight' | 'retrying' | 'succeeded' | 'failed';

export interface Attempt {
  id: string;
  attempt_number: number;
  started_at: string;
  latency_ms: number | null;
  status_code: number | null;
  succeeded: boolean;
  error: string | null;
  response_excerpt: string | null;
}

export interface Delivery {
  id: string;
  event_id: string;
  event: string;
  replay_id: string | null;
  status: DeliveryStatus;
  attempt_count: number;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  completed_at: string | null;
  attempts?: Attempt[];
}

export interface CatalogEvent {
  type: string;
  domain: string;
  description: string;
  sources: string[];
  schema: unknown;
  example: unknown;
}

export interface Catalog {
  version: string;
  revision: string;
  events: CatalogEvent[];
}

export interface TestResult {
  event_id: string;
  delivery_id: string;
  succeeded: boolean;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export type ReplayStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

export interface Replay {
  id: string;
  status: ReplayStatus;
  org_id: string | null;
  endpoint_id: string | null;
  event_types: string[] | null;
  from_seq: number;
  to_seq: number;
  sequences_total: number;
  sequences_done: number;
  events_read: number;
  events_matched: number;
  deliveries_created: number;
  deliveries?: Record<DeliveryStatus, number>;
  error: string | null;
  created_at: string;
}

export interface PlatformStatus {
  stream: {
    stream: string;
    messages: number;
    bytes: number;
    first_seq: number;
    last_seq: number;
    consumers: Array<{ name: string; pending: number; ack_pending: number; redelivered: number; waiting: number; delivered_seq: number }>;
  };
  deliveries: { pending: number; retrying: number; in_flight: number };
  dead_letters: number;
}

export interface OutboxStatus {
  service: string;
  unpublished: number;
  oldest_unpublished_age_ms: number;
}

export interface PortalLink {
  org_id: string;
  token: string;
  path: string;
  expires_at: string;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
