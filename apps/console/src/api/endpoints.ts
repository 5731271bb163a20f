import { answer, api } from './client.js';
import type { RequestBody } from './types.js';

export type EndpointInput = RequestBody<'endpointsCreate'>;
export type EndpointChanges = RequestBody<'endpointsUpdate'>;
const path = (id: string) => ({ params: { path: { id } } });

export const endpointsApi = {
  list: (orgId: string | undefined) => answer(api.GET('/api/v1/webhooks', { params: { query: { org_id: orgId, limit: 100 } } })),
  get: (id: string) => answer(api.GET('/api/v1/webhooks/{id}', path(id))),
  create: (input: EndpointInput) => answer(api.POST('/api/v1/webhooks', { body: input })),
  update: (id: string, input: EndpointChanges) => answer(api.PATCH('/api/v1/webhooks/{id}', { ...path(id), body: input })),
  stats: (id: string, window: 'hour' | 'day' = 'hour') =>
    answer(api.GET('/api/v1/webhooks/{id}/stats', { params: { path: { id }, query: { window } } })),
  revealSecret: (id: string) => answer(api.GET('/api/v1/webhooks/{id}/secret', path(id))),
  rotateSecret: (id: string) => answer(api.POST('/api/v1/webhooks/{id}/secret/rotate', { ...path(id), body: {} })),
  sendTest: (id: string) => answer(api.POST('/api/v1/webhooks/{id}/test', path(id))),
};
