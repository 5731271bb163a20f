import rateLimit from '@fastify/rate-limit';
import { TooManyRequestsError, type NestFastifyApplication } from '@ops/http';
import { z } from 'zod';

/** One route's limit: at most `max` requests per `windowMs` from one address, or by one signed-in caller. */
export interface RouteLimit {
  method: 'GET' | 'POST';
  /** The route as declared (`/auth/register`, `/api/v1/org/:id/members`), not as requested. */
  url: string;
  max: number;
  windowMs: number;
  /** Who is counted: the caller's address (default), or the user their bearer token names. */
  per?: 'address' | 'caller';
}

/** Settings a service with public routes reads, beside its own limits. */
export const publicRoutesEnv = {
  /** Proxies (the gateway) whose X-Forwarded-For gives the caller's address, as addresses or CIDRs. */
  TRUST_PROXY: z.string().default('127.0.0.1,::1'),
  /** The window the per-address limits on public routes count in. */
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
};

/** A limit setting: requests allowed per window. */
export const perWindow = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * Limits requests to some routes with @fastify/rate-limit: over the limit, a 429 `OPS_ERR_RATE_LIMITED` with
 * `Retry-After`, rendered by our error filter like any other error. An address is `request.ip`, so the
 * gateway's X-Forwarded-For counts when the app trusts it, and IPv6 callers are counted by /64. Counts live in
 * this process: with N replicas a caller spread over them gets up to N times the limit. Call before the app's
 * init, which registers routes.
 */
export async function limitRoutes(app: NestFastifyApplication, limits: readonly RouteLimit[]): Promise<void> {
  const byRoute = new Map(limits.map((limit) => [`${limit.method} ${limit.url}`, limit]));
  // Runs before the plugin's own onRoute hook (added by the register below), which reads `config.rateLimit`.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const limit = [route.method]
        .flat()
        .map((method) => byRoute.get(`${method} ${route.url}`))
        .find(Boolean);
      if (!limit) return;
      const keyGenerator = limit.per === 'caller' ? callerKey : undefined;
      route.config = { ...route.config, rateLimit: { max: limit.max, timeWindow: limit.windowMs, ...(keyGenerator && { keyGenerator }) } };
    });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(`too many requests; try again in ${context.after}`, context.ttl / 1000),
  });
}

/**
 * The user a bearer token names, read without verifying it: the limit runs before authentication, and a
 * forged token only spends a count of its own before the guard refuses it. No token: the address.
 */
function callerKey(request: { headers: { authorization?: string }; ip: string }): string {
  const payload = /^Bearer [\w-]+\.([\w-]+)\.[\w-]+$/.exec(request.headers.authorization ?? '')?.[1];
  try {
    const sub: unknown = payload && JSON.parse(Buffer.from(payload, 'base64url').toString()).sub;
    if (typeof sub === 'string') return `user:${sub}`;
  } catch {
    // Not a JWT: counted by address, and refused by the guard.
  }
  return `address:${request.ip}`;
}
