import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@ops/testing';

/** As the Dockerfile's NODE_OPTIONS sets it (checked by services.unit.spec.ts). */
export const IMAGE_HEAP_LIMIT = '--max-old-space-size=512';

/** A service started as its own process, as in production, so that the figures are not one event loop's. */
export interface ServiceProcess {
  url: string;
  /** Its process id, for the CPU and memory it uses (/proc). */
  pid: number;
  /** The application_name its PostgreSQL connections carry (PGAPPNAME), to tell its backends apart. */
  appName: string;
  stop(): Promise<void>;
}

export async function startService(
  name: 'user' | 'webhook' | 'device',
  env: Record<string, string>,
  appName: string = name,
): Promise<ServiceProcess> {
  const port = await freePort();
  const main = fileURLToPath(new URL(`../../services/${name}/dist/main.js`, import.meta.url));
  const child: ChildProcess = fork(main, [], {
    // The heap cap the image gives every service (Dockerfile), unless NODE_OPTIONS names one.
    execArgv: [
      ...process.execArgv,
      ...(`${process.env.NODE_OPTIONS} ${process.execArgv}`.includes('--max-old-space-size') ? [] : [IMAGE_HEAP_LIMIT]),
    ],
    env: { ...process.env, ...env, [`${name.toUpperCase()}_PORT`]: String(port), PGAPPNAME: appName },
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${name} service ready`, async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok, {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
  return {
    url,
    pid: child.pid!,
    appName,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
