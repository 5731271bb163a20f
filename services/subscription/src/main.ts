import { runUntilSignal } from '@ops/runtime';
import { startSubscriptionService } from './subscription-service.js';

await runUntilSignal(() => startSubscriptionService());
