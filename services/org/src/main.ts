import { runUntilSignal } from '@ops/runtime';
import { startOrgService } from './org-service.js';

await runUntilSignal(() => startOrgService());
