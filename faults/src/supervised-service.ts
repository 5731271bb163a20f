import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '@ops/testing';

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** An exit nobody asked for, with the last of what the process wrote to stderr (its crash's stack). */
export type UnexpectedExit = ExitStatus & { stderr: string };

/** An orchestrator's restart policy: try again this long after a failed start (its dependency may still be down). */
const restartBackoffMs = 500;

/**
 * One service process on a fixed port (so that its URL, and the JWKS URL others read, survive a restart),
 * watched as an orchestrator would: a process that exits when nobody stopped it is an outage finding, counted
 * in `unexpectedExits`, and started again so that the run can still count what was lost.
 */
export class SupervisedService {
  readonly unexpectedExits: UnexpectedExit[] = [];
  private current: ServiceProcess | undefined;
  private expectingExit = false;
  private closed = false;
  private restarting: Promise<void> | undefined;

  private constructor(
    readonly name: string,
    private readonly service: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(name: string, service: string, env: Record<string, string>): Promise<SupervisedService> {
    const supervised = new SupervisedService(name, service, env);
    await supervised.restart();
    return supervised;
  }

  get url(): string {
    return this.process.url;
  }

  get process(): ServiceProcess {
    if (!this.current) throw new Error(`${this.name} is not running`);
    return this.current;
  }

  alive(): boolean {
    return this.current?.alive() ?? false;
  }

  /** Sends `signal` and waits for the process to end: how it ended (a deploy expects code 0). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    const child = this.process;
    this.expectingExit = true;
    child.kill(signal);
    const status = await child.exited;
    this.current = undefined;
    return status;
  }

  /** Starts the process again, same port and settings; resolves once it listens. */
  async restart(): Promise<void> {
    this.expectingExit = false;
    const child = await startServiceProcess(this.service, this.env, { startTimeoutMs: 30_000 });
    this.current = child;
    void child.exited.then((status) => {
      this.keepLogs(child);
      if (this.expectingExit || this.closed || this.current !== child) return;
      this.unexpectedExits.push({ ...status, stderr: child.stderr().slice(-2000) });
      this.current = undefined;
      this.restarting = this.restartUntilUp();
    });
  }

  private async restartUntilUp(): Promise<void> {
    while (!this.closed) {
      try {
        await this.restart();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, restartBackoffMs));
      }
    }
  }

  /** With FAULTS_LOG_DIR set, each process's log lines and stderr are appended to `<dir>/<name>.log`. */
  private keepLogs(child: ServiceProcess): void {
    const dir = process.env.FAULTS_LOG_DIR;
    if (!dir) return;
    appendFileSync(
      join(dir, `${this.name}.log`),
      `${child.logs.map((l) => JSON.stringify(l)).join('\n')}\n${child.stderr()}\n--- exited ---\n`,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.restarting;
    if (this.current?.alive()) {
      this.current.kill('SIGKILL');
      await this.current.exited;
    }
  }
}
