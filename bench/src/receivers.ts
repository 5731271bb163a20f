import { fork, type ChildProcess } from 'node:child_process';

export interface ReceiverResults {
  /** Publish-to-receipt of every request answered since the last reset. */
  latenciesMs: number[];
  /** Per event, publish-to-receipt at the last endpoint that received it. */
  lastByEventMs: number[];
}

/** The receivers' child process (receivers-process.ts), asked for counts and results over IPC. */
export class Receivers {
  private constructor(
    private readonly child: ChildProcess,
    /** Receivers that answer 200. */
    readonly healthyPorts: number[],
    /** Receivers that accept the connection and never answer. */
    readonly hungPorts: number[],
  ) {}

  static async start(healthy: number, hung = 0): Promise<Receivers> {
    const child = fork(new URL('./receivers-process.js', import.meta.url), [String(healthy), String(hung)]);
    const ready = await ask<{ healthyPorts: number[]; hungPorts: number[] }>(child, 'ready', false);
    return new Receivers(child, ready.healthyPorts, ready.hungPorts);
  }

  get urls(): string[] {
    return [...this.healthyPorts, ...this.hungPorts].map((port) => `http://127.0.0.1:${port}/hook`);
  }

  /** Requests answered since the last reset. */
  async received(): Promise<number> {
    return (await ask<{ received: number }>(this.child, 'count')).received;
  }

  async resultsAndReset(): Promise<ReceiverResults> {
    return ask<ReceiverResults>(this.child, 'results-and-reset');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.hungPorts.length > 0) await ask(this.child, 'release-hung');
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}

function ask<T>(child: ChildProcess, type: string, send = true): Promise<T> {
  return new Promise<T>((resolve) => {
    const listen = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', listen);
      resolve(m as T);
    };
    child.on('message', listen);
    if (send) child.send({ type });
  });
}
