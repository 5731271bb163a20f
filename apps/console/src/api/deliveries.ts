import { call } from './client.js';
import type { Delivery, Page } from './types.js';

export interface DeliveryFilter {
  status?: string;
  event_type?: string;
}

export const deliveriesApi = {
  list: (endpointId: string, filter: DeliveryFilter) => call<Page<Delivery>>('GET', `/api/v1/webhooks/${endpointId}/deliveries`, { query: { ...filter, limit: 50 } }),
  get: (endpointId: string, deliveryId: string) => call<Delivery>('GET', `/api/v1/webhooks/${endpointId}/deliveries/${deliveryId}`),
  resend: (endpointId: string, deliveryId: string) => call<Delivery>('POST', `/api/v1/webhooks/${endpointId}/deliveries/${deliveryId}/resend`),
  recover: (endpointId: string, since: string) => call<{ recovered: number }>('POST', `/api/v1/webhooks/${endpointId}/recover`, { body: { since } }),
};
