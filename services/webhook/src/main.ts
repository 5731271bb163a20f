import { runUntilSignal } from '@ops/runtime';
import { startWebhookService } from './webhook-service.js';

await runUntilSignal(() => startWebhookService());
