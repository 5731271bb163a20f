import { call } from './client.js';
import type { Catalog, Organization, OutboxStatus, PlatformStatus, PortalLink, Replay, Page, User } from './types.js';

export const accountsApi = {
  signIn: (email: string, password: string) =>
    call<{ access_token: string; expires_in: number; user: User }>('POST', '/auth/login/password', { body: { email, password } }),
  signOut: () => call<void>('POST', '/auth/logout'),
  mintPortalLink: (orgId: string) => call<PortalLink>('POST', '/auth/portal-links', { body: { org_id: orgId } }),
};

export const organizationsApi = {
  list: () => call<{ data: Organization[] }>('GET', '/api/v1/org'),
};

export const catalogApi = {
  get: () => call<Catalog>('GET', '/api/v1/webhooks/events/available'),
};

export interface ReplayInput {
  from_time: string;
  to_time?: string;
  event_types?: string[];
  endpoint_id?: string;
  org_id?: string;
}

export const replaysApi = {
  list: () => call<Page<Replay>>('GET', '/api/v1/webhooks/replays', { query: { limit: 20 } }),
  get: (id: string) => call<Replay>('GET', `/api/v1/webhooks/replays/${id}`),
  start: (input: ReplayInput) => call<Replay>('POST', '/api/v1/webhooks/replays', { body: input }),
  act: (id: string, action: 'pause' | 'resume' | 'cancel') => call<Replay>('POST', `/api/v1/webhooks/replays/${id}/${action}`),
};

export const statusApi = {
  webhooks: () => call<PlatformStatus>('GET', '/api/v1/admin/webhooks/status'),
  outbox: (service: string) => call<OutboxStatus>('GET', `/api/v1/admin/outbox/${service}`),
};
