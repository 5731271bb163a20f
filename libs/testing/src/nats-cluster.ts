import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, isListening } from './free-port.js';
import { waitFor } from './wait-for.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** What `infra/nats/fetch-nats-server.sh` fetches: the cluster configs need 2.10 (`sync_interval: always`). */
const fetchedBin = join(root, '.data/nats-server-2.10/root/usr/sbin/nats-server');

/** The nats-server 2.10+ binary for a cluster: NATS_SERVER_BIN, else the fetched one; undefined if neither. */
export function clusterServerBin(): string | undefined {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  return existsSync(fetchedBin) ? fetchedBin : undefined;
}

interface Node {
  name: string;
  clientPort: number;
  config: string;
  process?: ChildProcess;
}

/**
 * A three-node JetStream cluster of a test's own, on loopback: the configs of infra/nats/cluster/ with fresh
 * ports (client and route) and store directories, so that it collides with nothing. A node can be killed and
 * started again on its store.
 */
export class NatsCluster {
  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    private readonly nodes: Node[],
  ) {}

  static async start(bin: string): Promise<NatsCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'ops-nats-cluster-'));
    const templates = await Promise.all([1, 2, 3].map((n) => readFile(join(root, `infra/nats/cluster/node-${n}.conf`), 'utf8')));
    // Every node lists the same routes, node 1's first: each template route port gets a free one.
    const routePorts = new Map<string, number>();
    for (const [, port] of templates[0]!.matchAll(/nats-route:\/\/127\.0\.0\.1:(\d+)/g)) routePorts.set(port!, await freePort());
    const route = (port: string) => routePorts.get(port) ?? port;
    const nodes: Node[] = [];
    for (let n = 1; n <= 3; n++) {
      const clientPort = await freePort();
      const config = templates[n - 1]!.replace(/^listen: 127\.0\.0\.1:\d+$/m, `listen: 127.0.0.1:${clientPort}`)
        .replace(/store_dir: ".*"/, `store_dir: "${join(dir, `node-${n}`)}"`)
        .replace(/^(\s+listen: 127\.0\.0\.1:)(\d+)$/m, (_, prefix: string, port: string) => `${prefix}${route(port)}`)
        .replace(/nats-route:\/\/127\.0\.0\.1:(\d+)/g, (_, port: string) => `nats-route://127.0.0.1:${route(port)}`)
        // The fault suite's services connect without credentials: the broker's permissions are tested on their own.
        .replace(/^include .*auth\.conf.*$/m, '');
      const file = join(dir, `node-${n}.conf`);
      await writeFile(file, config);
      nodes.push({ name: /^server_name: (\S+)$/m.exec(config)![1]!, clientPort, config: file });
    }
    const cluster = new NatsCluster(dir, bin, nodes);
    try {
      await Promise.all(nodes.map((node) => cluster.startNode(node.name)));
      await waitFor('a JetStream meta leader', () => cluster.jetStreamReady(), { timeoutMs: 30_000, intervalMs: 250 });
    } catch (err) {
      await cluster.close();
      throw err;
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated, as NATS_URL takes them. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  /** The node leading `stream` (where its writes go). */
  async streamLeader(stream: string): Promise<string> {
    return this.withManager(async (jsm) => {
      const leader = (await jsm.streams.info(stream)).cluster?.leader;
      if (!leader) throw new Error(`${stream} has no leader`);
      return leader;
    });
  }

  async startNode(name: string): Promise<void> {
    const node = this.node(name);
    node.process = spawn(this.bin, ['-c', node.config], { stdio: 'ignore', cwd: this.dir });
    await waitFor(`${name} listening`, () => isListening(node.clientPort), { timeoutMs: 10_000, intervalMs: 50 });
  }

  /** Kills a node (-9 by default) and waits for it to be gone. */
  async stopNode(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.node(name).process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.stopNode(n.name)));
    await rm(this.dir, { recursive: true, force: true });
  }

  private node(name: string): Node {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  private jetStreamReady(): Promise<boolean> {
    return this.withManager(async (jsm) => {
      await jsm.getAccountInfo();
      return true;
    }).catch(() => false);
  }

  private async withManager<T>(use: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> {
    const nc = await connect({ servers: this.url.split(','), timeout: 2000 });
    try {
      return await use(await jetstreamManager(nc));
    } finally {
      await nc.close();
    }
  }
}
