import { startUserService } from './user-service.js';
import { runUntilSignal } from '@ops/runtime';

await runUntilSignal(() => startUserService());
