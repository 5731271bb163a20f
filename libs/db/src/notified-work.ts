import type { Database } from './database.js';

export interface NotifiedWorkOptions {
  /** The NOTIFY channel that says there is work (sent at commit by whoever made it). */
  channel: string;
  /** A safety poll: a NOTIFY missed during a reconnect, or work another replica left behind. */
  pollIntervalMs: number;
  /** One pass over the work there is; a throw is the pass's own business (log it), the next wake tries again. */
  work: () => Promise<void>;
}

/**
 * Runs `work` when woken: by a NOTIFY on `channel` (within milliseconds of a commit), by the poll, or by
 * `wake()`. Never two passes at once: a wake during a pass runs one more pass after it, however many came.
 */
export class NotifiedWork {
  private unlisten: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly options: NotifiedWorkOptions,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.unlisten = await this.database.listen(this.options.channel, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.wake();
  }

  /** No new pass starts; resolves when the pass under way is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.();
    await this.running;
  }

  /** Resolves when no pass is under way. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.options.work().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }
}
