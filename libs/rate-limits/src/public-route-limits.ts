import rateLimit from '@fastify/rate-limit';
import { TooManyRequestsError, type NestFastifyApplication } from '@ops/http';
import { z } from 'zod';

/** One public route's limit: at most `max` requests from one address per `windowMs`. */
export interface RouteLimit {
  method: 'GET' | 'POST';
  /** The route as declared (`/auth/register`), not as requested. */
  url: string;
  max: number;
  windowMs: number;
}

/** Settings a service with public routes reads, beside its own limits. */
export const publicRoutesEnv = {
  /** Proxies (the gateway) whose X-Forwarded-For gives the caller's address, as addresses or CIDRs. */
  TRUST_PROXY: z.string().default('127.0.0.1,::1'),
  /** The window the per-address limits on public routes count in. */
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
};

/** A per-address limit setting: requests allowed per RATE_LIMIT_WINDOW_S. */
export const perWindow = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * Limits requests per caller address on routes anyone can call (sign-up, sign-in, webhooks from outside),
 * with @fastify/rate-limit: over the limit, a 429 `OPS_ERR_RATE_LIMITED` with `Retry-After`, rendered by our
 * error filter like any other error. The address is `request.ip`, so the gateway's X-Forwarded-For counts
 * when the app trusts it, and IPv6 callers are counted by /64. Counts live in this process: with N replicas a
 * caller spread over them gets up to N times the limit. Call before the app's init, which registers routes.
 */
export async function limitPublicRoutes(app: NestFastifyApplication, limits: readonly RouteLimit[]): Promise<void> {
  const byRoute = new Map(limits.map((limit) => [`${limit.method} ${limit.url}`, limit]));
  // Runs before the plugin's own onRoute hook (added by the register below), which reads `config.rateLimit`.
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    const limit = [route.method].flat().map((method) => byRoute.get(`${method} ${route.url}`)).find(Boolean);
    if (limit) route.config = { ...route.config, rateLimit: { max: limit.max, timeWindow: limit.windowMs } };
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new TooManyRequestsError(`too many requests from this address; try again in ${context.after}`, context.ttl / 1000),
  });
}
