import { runUntilSignal } from '@ops/runtime';
import { startDeviceService } from './device-service.js';

await runUntilSignal(() => startDeviceService());
