import type { Logger } from '@ops/logger';

export interface PeriodicOptions {
  intervalMs: number;
  logger: Logger;
  /** What the pass does, for the log line when it fails. */
  what: string;
}

/**
 * Runs a pass every `intervalMs`, never two at once (a pass that outlasts the interval skips the next tick);
 * a failing pass is logged and the next one tries again. `stop` waits for the pass under way.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly options: PeriodicOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass()
        .catch((err: unknown) => this.options.logger.error({ err }, `${this.options.what} failed; the next pass tries again`))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
