import { serve } from '@ops/runtime';

await serve('subscription', () => import('./subscription-service.js').then((service) => service.startSubscriptionService()));
