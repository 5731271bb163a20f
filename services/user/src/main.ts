import { serve } from '@ops/runtime';

await serve('user', () => import('./user-service.js').then((service) => service.startUserService()));
