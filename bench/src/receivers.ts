import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Child process: M webhook receivers on loopback, kept out of the platform's process so that they do not
 * share its event loop. For each request it records publish-to-receipt latency (now minus the body's
 * `timestamp`, the event's creation time, one clock). Reports its ports, then the latencies so far on request.
 */
const count = Number(process.argv[2] ?? 10);
let latenciesMs: number[] = [];

const ports = await Promise.all(
  Array.from({ length: count }, async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const now = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
        latenciesMs.push(now - Date.parse(body.timestamp));
        res.writeHead(200).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }),
);

process.send!({ type: 'ready', ports });
process.on('message', (message: { type: string }) => {
  if (message.type === 'results-and-reset') {
    process.send!({ type: 'results-and-reset', latenciesMs });
    latenciesMs = [];
  }
});
