import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Child process: M webhook receivers on loopback, kept out of the platform's process so that they do not
 * share its event loop. For each request it records publish-to-receipt latency (now minus the body's
 * `timestamp`, the event's creation time, one clock). Reports ports, then results on request.
 */
const count = Number(process.argv[2] ?? 10);
const latenciesMs: number[] = [];
let first = 0;
let last = 0;

const ports = await Promise.all(
  Array.from({ length: count }, async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const now = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
        latenciesMs.push(now - Date.parse(body.timestamp));
        first ||= now;
        last = now;
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
  if (message.type === 'count') process.send!({ type: 'count', received: latenciesMs.length });
  if (message.type === 'results') {
    // Exit only once the (large) message is flushed to the parent.
    process.send!({ type: 'results', latenciesMs, first, last }, () => process.exit(0));
  }
});
