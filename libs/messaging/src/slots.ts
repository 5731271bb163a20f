/** A counting semaphore: bounds how many messages are being handled at once. */
export class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }

  /** Resolves once every slot is free. */
  async drained(): Promise<void> {
    while (this.used > 0) await new Promise((r) => setTimeout(r, 5));
  }
}
