import { serve } from '@ops/runtime';

await serve('org', () => import('./org-service.js').then((service) => service.startOrgService()));
