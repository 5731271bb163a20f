import { serve } from '@ops/runtime';

await serve('webhook', () => import('./webhook-service.js').then((service) => service.startWebhookService()));
