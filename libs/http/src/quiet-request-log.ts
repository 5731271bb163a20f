import { RouteConfig } from '@nestjs/platform-fastify';
import { REQUEST_LOG } from './request-telemetry.js';

/**
 * Keeps a route out of the request log: probes (`/health`, `/metrics`) and the hot path (device heartbeats),
 * whose line per request would drown the rest. Their errors are still logged, and their spans still traced.
 */
export const QuietRequestLog = () => RouteConfig({ [REQUEST_LOG]: false });
