import { runUntilSignal } from '@ops/runtime';
import { startGatewayService } from './gateway-service.js';

await runUntilSignal(() => startGatewayService());
