import { fork } from 'node:child_process';

export interface RawLimit {
  requestsPerSecond: number;
  /** The sender's own CPU per request (signing, serialising, undici). */
  cpuMsPerRequest: number;
  requests: number;
}

/**
 * The machine's HTTP limit this minute, on the given receivers: raw-sender-process.ts in its own process, so
 * that it shares the cores as the webhook service does. `concurrency` is the platform's per-endpoint limit
 * (WEBHOOK_ENDPOINT_CONCURRENCY, 16 by default).
 */
export async function measureRawLimit(
  urls: readonly string[],
  { seconds, concurrency }: { seconds: number; concurrency: number },
): Promise<RawLimit> {
  const child = fork(new URL('./raw-sender-process.js', import.meta.url), [String(seconds), String(concurrency), ...urls]);
  return new Promise<RawLimit>((resolve, reject) => {
    child.once('message', (m) => resolve(m as RawLimit));
    child.once('exit', (code) => reject(new Error(`the raw sender exited with ${code} before reporting`)));
  });
}
