import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QuietRequestLog } from './quiet-request-log.js';
import { Public } from './public.js';

/**
 * A readiness check: resolves to null when healthy, or to a few words saying what is wrong. The words are
 * shown to anyone: no SQL, no driver message, no secret.
 */
export type ReadinessCheck = () => Promise<string | null>;

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** A check that has not answered by then counts as failing: a probe must answer while a dependency hangs. */
const CHECK_TIMEOUT_MS = 2_000;

/** `/health`: the process is up. `/health/ready`: its dependencies answer and its workers make progress. */
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(@Inject(READINESS_CHECKS) private readonly checks: Record<string, ReadinessCheck>) {}

  @QuietRequestLog()
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @QuietRequestLog()
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) => [name, await this.run(name, check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, result]) => result === 'ok');
    void reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  }

  private async run(name: string, check: ReadinessCheck): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS)));
    try {
      return await Promise.race([check().then((problem) => problem ?? 'ok'), timeout]);
    } catch (err) {
      // The error can carry SQL or a driver's words: the log has it, the public body only says it failed.
      this.logger.warn(`readiness check ${name} threw: ${err instanceof Error ? err.message : String(err)}`);
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }
}
