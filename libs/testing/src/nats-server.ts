import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isListening } from './free-port.js';
import { waitFor } from './wait-for.js';

/** The nats-server binary: NATS_SERVER_BIN, else the one on PATH, else Debian's. */
export function natsServerBin(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  const onPath = (process.env.PATH ?? '')
    .split(':')
    .map((dir) => join(dir, 'nats-server'))
    .find((file) => existsSync(file));
  return onPath ?? '/usr/sbin/nats-server';
}

/**
 * A nats-server of a test's own, with JetStream on a store directory of its own, that the test can kill,
 * restart on the same store, or restart on a store put back from an earlier copy (what a broker that lost
 * acknowledged messages looks like).
 */
export class NatsServer {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly configFile: string | undefined,
  ) {}

  /** `config`: configuration text added to the command line's, e.g. an `authorization` block. */
  static async start(options: { config?: string } = {}): Promise<NatsServer> {
    const storeDir = await mkdtemp(join(tmpdir(), 'ops-nats-'));
    let configFile: string | undefined;
    if (options.config) {
      // Beside the store, not in it: a restore replaces the store.
      configFile = `${storeDir}.conf`;
      await writeFile(configFile, options.config);
    }
    const server = new NatsServer(await freePort(), storeDir, configFile);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const config = this.configFile ? ['-c', this.configFile] : [];
    const child = spawn(natsServerBin(), [...config, '-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.process = child;
    await waitFor(`nats-server on port ${this.port}`, () => isListening(this.port), { timeoutMs: 10_000, intervalMs: 50 });
  }

  /** Stops the server: SIGTERM lets it flush its store, SIGKILL does not. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.process = undefined;
  }

  /** A copy of the store as it is now (stop the server first for a consistent one). */
  async snapshot(): Promise<string> {
    const copy = await mkdtemp(join(tmpdir(), 'ops-nats-snapshot-'));
    await cp(this.storeDir, copy, { recursive: true });
    return copy;
  }

  /** Puts a snapshot back as the store (with the server stopped): whatever was stored since is gone. */
  async restore(snapshot: string): Promise<void> {
    await rm(this.storeDir, { recursive: true, force: true });
    await cp(snapshot, this.storeDir, { recursive: true });
  }

  async close(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.storeDir, { recursive: true, force: true });
    if (this.configFile) await rm(this.configFile, { force: true });
  }
}
