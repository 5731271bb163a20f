import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * `node infra/local/dist/receiver.js`: a webhook receiver for trying the platform on one machine.
 * Prints each delivery; with WEBHOOK_SECRET set, verifies its signature over the raw body, as a real
 * receiver must (a re-serialized body would not verify). PORT defaults to 9000.
 */
const port = Number(process.env.PORT ?? 9000);
const secret = process.env.WEBHOOK_SECRET;
const verifier = secret ? new Webhook(secret) : undefined;

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let verdict = 'not checked (set WEBHOOK_SECRET)';
    if (verifier) {
      try {
        verifier.verify(body, req.headers as Record<string, string>);
        verdict = 'valid';
      } catch (err) {
        verdict = `INVALID: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    process.stdout.write(
      `\n${new Date().toISOString()} ${req.method} ${req.url}\n  webhook-id: ${req.headers['webhook-id']}\n  signature: ${verdict}\n  ${body}\n`,
    );
    res.writeHead(200).end('ok');
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`receiving webhooks on http://127.0.0.1:${port}/\n`));
