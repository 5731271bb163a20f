import { spawn } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateBrokerAuth, type BrokerLayout } from '@ops/broker-auth';
import { isListening, natsServerBin, waitFor } from '@ops/testing';

export interface LocalBroker {
  url: string;
  /** Each service's NATS user and password (NATS_CREDENTIALS_FILE). */
  credentialsFile: string;
  close(): Promise<void>;
}

/**
 * `infra/up.sh`'s broker: a nats-server with JetStream and authentication, as a child of this process (it stops
 * with the platform), keeping its store, configuration and generated users under `<dataDir>/nats/`. Every
 * service connects as its own user, so the local platform runs under the same rules as production.
 */
export async function startLocalBroker(dataDir: string, port: number, layout: BrokerLayout): Promise<LocalBroker> {
  const dir = resolve(dataDir, 'nats');
  const { credentialsFile } = await generateBrokerAuth(dir, layout);
  if (await isListening(port)) throw new Error(`127.0.0.1:${port} is taken: stop what listens there, or set LOCAL_NATS_PORT`);
  await mkdir(join(dir, 'store'), { recursive: true });
  const config = join(dir, 'server.conf');
  await writeFile(
    config,
    `# Written by infra/local at every start.\nserver_name: ops-local\nlisten: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(join(dir, 'store'))} }\ninclude "auth.conf"\n`,
  );
  const log = await open(join(dir, 'server.log'), 'a');
  // A process group of its own: Ctrl-C reaches the whole foreground group, and the broker must outlive the
  // services' shutdown (they drain into it), then be stopped by close().
  const child = spawn(natsServerBin(), ['-c', config], { stdio: ['ignore', log.fd, log.fd], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor(
      `nats-server on 127.0.0.1:${port} (log: ${join(dir, 'server.log')})`,
      async () => child.exitCode === null && (await isListening(port)),
      {
        timeoutMs: 10_000,
        intervalMs: 50,
      },
    );
  } catch (err) {
    child.kill('SIGKILL');
    await log.close();
    throw err;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    credentialsFile,
    async close() {
      // SIGTERM lets the server flush its store.
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await log.close();
    },
  };
}
