import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBrokerAuth, type BrokerLayout, type Credentials } from '@ops/broker-auth';
import { NatsServer } from '@ops/testing';

/**
 * A nats-server of a spec file's own with the broker's generated users, as infra/up.sh and production run it.
 * The shared test server (127.0.0.1:4222) has no authentication: specs isolate there by stream names, which
 * per-service permissions would forbid. Starting one takes a fraction of a second.
 */
export class AuthenticatedBroker {
  private constructor(
    private readonly server: NatsServer,
    private readonly dir: string,
    readonly credentialsFile: string,
    readonly credentials: Credentials,
  ) {}

  static async start(layout: BrokerLayout): Promise<AuthenticatedBroker> {
    const dir = await mkdtemp(join(tmpdir(), 'ops-broker-'));
    const { authFile, credentialsFile, credentials } = await generateBrokerAuth(dir, layout);
    const server = await NatsServer.start({ config: await readFile(authFile, 'utf8') });
    return new AuthenticatedBroker(server, dir, credentialsFile, credentials);
  }

  get url(): string {
    return this.server.url;
  }

  async close(): Promise<void> {
    await this.server.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
