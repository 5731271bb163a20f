import { call } from './client.js';
import type { Endpoint, EndpointStats, Page, TestResult } from './types.js';

export type EndpointInput = Partial<Pick<Endpoint, 'url' | 'events' | 'description' | 'active' | 'filter' | 'ordered' | 'max_concurrency' | 'rate_limit_per_second'>> & { org_id?: string };

export const endpointsApi = {
  list: (orgId: string | undefined) => call<Page<Endpoint>>('GET', '/api/v1/webhooks', { query: { org_id: orgId, limit: 100 } }),
  get: (id: string) => call<Endpoint>('GET', `/api/v1/webhooks/${id}`),
  create: (input: EndpointInput) => call<Endpoint>('POST', '/api/v1/webhooks', { body: input }),
  update: (id: string, input: EndpointInput) => call<Endpoint>('PATCH', `/api/v1/webhooks/${id}`, { body: input }),
  stats: (id: string, window: 'hour' | 'day' = 'hour') => call<EndpointStats>('GET', `/api/v1/webhooks/${id}/stats`, { query: { window } }),
  revealSecret: (id: string) => call<{ secret: string }>('GET', `/api/v1/webhooks/${id}/secret`),
  rotateSecret: (id: string) => call<{ secret: string; previous_expires_at: string | null }>('POST', `/api/v1/webhooks/${id}/secret/rotate`, { body: {} }),
  sendTest: (id: string) => call<TestResult>('POST', `/api/v1/webhooks/${id}/test`),
};
