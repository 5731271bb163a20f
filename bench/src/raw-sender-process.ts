import { randomUUID } from 'node:crypto';
import { generateSecret, signWebhook } from '@ops/signing';
import { Pool } from 'undici';

/**
 * Child process: the machine's raw limit. Signed JSON POSTs straight from undici to the receivers, as the
 * webhook service would send them (the same body shape, Standard Webhooks headers signed per request, a Pool
 * per receiver with `concurrency` requests in flight each), with no broker and no database. argv: seconds,
 * concurrency, then the receivers' URLs. Reports requests answered per second and its own CPU per request.
 */
const [secondsArg, concurrencyArg, ...urls] = process.argv.slice(2);
const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const secrets = [generateSecret()];

let sent = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const deadline = started + seconds * 1000;

await Promise.all(
  urls.map(async (url, endpoint) => {
    const target = new URL(url);
    const pool = new Pool(target.origin, { connections: concurrency });
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const id = randomUUID();
          const now = new Date();
          const data = {
            device_id: `dev_${sent}`,
            device_name: `Sensor-${sent}`,
            status: 'online',
            previous_status: 'offline',
            timestamp: now.toISOString(),
          };
          const body = JSON.stringify({ id, event: 'device.online', timestamp: now.toISOString(), data, webhook_id: `ep_${endpoint}` });
          const signed = signWebhook(secrets, { msgId: id, timestampSeconds: Math.floor(now.getTime() / 1000), body });
          const res = await pool.request({
            path: target.pathname,
            method: 'POST',
            headers: { ...signed, 'content-type': 'application/json', 'user-agent': 'ops-center-webhooks/0.1' },
            body,
          });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
          sent++;
        }
      }),
    );
    await pool.close();
  }),
);

const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
process.send!({ requestsPerSecond: sent / elapsed, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / sent, requests: sent });
process.disconnect();
