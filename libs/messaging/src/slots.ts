/** A counting semaphore: bounds how many messages are being handled at once. */
export class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly onDrained: Array<() => void> = [];

  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    // The slot passes straight from the releaser to the first waiter: `used` does not change in between.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) {
      next();
      return;
    }
    this.used--;
    if (this.used === 0) for (const resolve of this.onDrained.splice(0)) resolve();
  }

  /** Resolves once every slot is free. */
  async drained(): Promise<void> {
    if (this.used === 0) return;
    await new Promise<void>((resolve) => this.onDrained.push(resolve));
  }
}
