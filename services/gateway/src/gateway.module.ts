import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from '@ops/http';
import type { Route } from './routes.js';

/** Ready when every service behind it answers its liveness check. */
function upstreamChecks(routes: readonly Route[]): Record<string, ReadinessCheck> {
  const byService = new Map(routes.map((r) => [r.service, r.upstream]));
  return Object.fromEntries(
    [...byService].map(([service, upstream]) => [
      service,
      async () => {
        const res = await fetch(`${upstream}/health`, { signal: AbortSignal.timeout(2000) }).catch((err: Error) => err);
        return res instanceof Error ? `${upstream}: ${res.message}` : res.ok ? null : `${upstream}: HTTP ${res.status}`;
      },
    ]),
  );
}

@Module({})
export class GatewayModule {
  static with(routes: readonly Route[]): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, useValue: upstreamChecks(routes) }],
    };
  }
}
