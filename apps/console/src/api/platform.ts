import { answer, api } from './client.js';
import type { RequestBody } from './types.js';

export const accountsApi = {
  signIn: (email: string, password: string) => answer(api.POST('/auth/login/password', { body: { email, password } })),
  signOut: () => answer(api.POST('/auth/logout')),
  mintPortalLink: (orgId: string) => answer(api.POST('/auth/portal-links', { body: { org_id: orgId } })),
};

export const organizationsApi = {
  list: () => answer(api.GET('/api/v1/org')),
};

export const catalogApi = {
  get: () => answer(api.GET('/api/v1/webhooks/events/available')),
};

export type ReplayInput = RequestBody<'replaysCreate'>;
const replay = (id: string) => ({ params: { path: { id } } });

export const replaysApi = {
  list: () => answer(api.GET('/api/v1/webhooks/replays', { params: { query: { limit: 20 } } })),
  start: (input: ReplayInput) => answer(api.POST('/api/v1/webhooks/replays', { body: input })),
  pause: (id: string) => answer(api.POST('/api/v1/webhooks/replays/{id}/pause', replay(id))),
  resume: (id: string) => answer(api.POST('/api/v1/webhooks/replays/{id}/resume', replay(id))),
  cancel: (id: string) => answer(api.POST('/api/v1/webhooks/replays/{id}/cancel', replay(id))),
};

/** Each service's outbox, one documented route per service. */
const outboxes = {
  user: () => api.GET('/api/v1/admin/outbox/user'),
  org: () => api.GET('/api/v1/admin/outbox/org'),
  subscription: () => api.GET('/api/v1/admin/outbox/subscription'),
  device: () => api.GET('/api/v1/admin/outbox/device'),
  webhook: () => api.GET('/api/v1/admin/outbox/webhook'),
};
export type OutboxService = keyof typeof outboxes;
export const outboxServices = Object.keys(outboxes) as OutboxService[];

export const statusApi = {
  webhooks: () => answer(api.GET('/api/v1/admin/webhooks/status')),
  outbox: (service: OutboxService) => answer(outboxes[service]()),
};
