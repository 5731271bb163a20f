import { serve } from '@ops/runtime';

await serve('gateway', () => import('./gateway-service.js').then((service) => service.startGatewayService()));
