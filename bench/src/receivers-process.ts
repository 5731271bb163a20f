import { createServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Child process: webhook receivers on loopback, kept out of the platform's process so that they do not share
 * its event loop. argv: how many answer 200 after parsing the body, and how many are hung (accept the
 * connection, read, never answer). For each answered request it records publish-to-receipt latency (now minus
 * the body's `timestamp`, the event's creation time: one clock) and, per event id, the latest receipt, so that
 * a fan-out's last endpoint can be measured. Counts are asked often and cost nothing; results are asked once.
 */
const healthy = Number(process.argv[2] ?? 10);
const hung = Number(process.argv[3] ?? 0);

let latenciesMs: number[] = [];
let lastByEvent = new Map<string, number>();
const hungSockets = new Set<Socket>();

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const healthyPorts = await Promise.all(
  Array.from({ length: healthy }, async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const now = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; timestamp: string };
        const latency = now - Date.parse(body.timestamp);
        latenciesMs.push(latency);
        lastByEvent.set(body.id, Math.max(latency, lastByEvent.get(body.id) ?? 0));
        res.writeHead(200).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    return listen(server);
  }),
);

const hungPorts = await Promise.all(
  Array.from({ length: hung }, () =>
    listen(
      createTcpServer((socket) => {
        hungSockets.add(socket);
        socket.on('data', () => {});
        socket.on('close', () => hungSockets.delete(socket));
      }),
    ),
  ),
);

type Request = { type: 'count' } | { type: 'results-and-reset' } | { type: 'release-hung' };

process.send!({ type: 'ready', healthyPorts, hungPorts });
process.on('message', (message: Request) => {
  if (message.type === 'count') {
    process.send!({ type: 'count', received: latenciesMs.length });
  } else if (message.type === 'results-and-reset') {
    process.send!({ type: 'results-and-reset', latenciesMs, lastByEventMs: [...lastByEvent.values()] });
    latenciesMs = [];
    lastByEvent = new Map();
  } else if (message.type === 'release-hung') {
    // Ends the hung connections, so that the platform's requests to them fail now rather than at their timeout.
    for (const socket of hungSockets) socket.destroy();
    process.send!({ type: 'release-hung' });
  }
});
