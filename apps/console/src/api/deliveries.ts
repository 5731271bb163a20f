import type { DeliveryStatus } from './types.js';
import { answer, api } from './client.js';

export interface DeliveryFilter {
  status?: DeliveryStatus;
  event_type?: string;
}

export const deliveriesApi = {
  list: (endpointId: string, filter: DeliveryFilter) =>
    answer(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: endpointId }, query: { ...filter, limit: 50 } } })),
  get: (endpointId: string, deliveryId: string) =>
    answer(api.GET('/api/v1/webhooks/{id}/deliveries/{deliveryId}', { params: { path: { id: endpointId, deliveryId } } })),
  resend: (endpointId: string, deliveryId: string) =>
    answer(api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { params: { path: { id: endpointId, deliveryId } } })),
  recover: (endpointId: string, since: string) =>
    answer(api.POST('/api/v1/webhooks/{id}/recover', { params: { path: { id: endpointId } }, body: { since } })),
};
