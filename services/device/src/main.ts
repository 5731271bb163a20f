import { serve } from '@ops/runtime';

await serve('device', () => import('./device-service.js').then((service) => service.startDeviceService()));
