import type { paths } from '@ops/api-client';
import cliProgress from 'cli-progress';
import { call, type ApiClient } from './api.js';

/** A replay as the API returns it. */
export type Replay = paths['/api/v1/webhooks/replays/{id}']['get']['responses'][200]['content']['application/json'];

const POLL_INTERVAL_MS = 500;
const finished = (r: Replay) => r.status !== 'running';

/**
 * Follows a replay until it stops, with a progress bar (on a terminal) showing stream sequences read, the
 * rate and the ETA. Ctrl-C pauses the replay on the server, so that `opsctl replay resume` goes on where it
 * stopped; it does not leave it running unwatched. Resolves to the replay as it ended and whether it was
 * interrupted.
 */
export async function watchReplay(
  client: ApiClient,
  id: string,
  onWatching?: () => void,
): Promise<{ replay: Replay; interrupted: boolean; seconds: number }> {
  const path = { params: { path: { id } } };
  const read = () => call(client.GET('/api/v1/webhooks/replays/{id}', path));
  const startedAt = Date.now();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  // Told only now, when Ctrl-C already pauses rather than kills.
  onWatching?.();
  let replay = await read();
  const firstDone = replay.sequences_done;
  const bar = new cliProgress.SingleBar(
    {
      format: 'replay [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta_formatted} | {deliveries} deliveries',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(replay.sequences_total, replay.sequences_done, { rate: '0', deliveries: replay.deliveries_created });
  try {
    while (!finished(replay) && !interrupted) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      if (interrupted) break;
      replay = await read();
      const seconds = (Date.now() - startedAt) / 1000;
      bar.update(replay.sequences_done, {
        rate: ((replay.sequences_done - firstDone) / seconds).toFixed(0),
        deliveries: replay.deliveries_created,
      });
    }
    if (interrupted && !finished(replay)) replay = await call(client.POST('/api/v1/webhooks/replays/{id}/pause', path));
    else if (interrupted) replay = await read();
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.stop();
  }
  return { replay, interrupted, seconds: (Date.now() - startedAt) / 1000 };
}

/** What an operator wants to know when a replay stops: how far it got, what it sent, what to do next. */
export function replaySummary(replay: Replay, seconds?: number): string {
  const d = replay.deliveries ?? { pending: 0, in_flight: 0, retrying: 0, succeeded: 0, failed: 0 };
  const lines = [
    `replay ${replay.id}: ${replay.status}${replay.error ? ` (${replay.error})` : ''}`,
    `  range       stream sequences ${replay.from_seq}-${replay.to_seq}, ${replay.sequences_done} of ${replay.sequences_total} read`,
    `  events      ${replay.events_read} read, ${replay.events_matched} matched, ${replay.deliveries_created} deliveries created`,
    `  deliveries  ${d.succeeded} succeeded, ${d.failed} failed, ${d.pending + d.retrying} waiting, ${d.in_flight} in flight`,
  ];
  if (seconds !== undefined) lines.push(`  watched     ${seconds.toFixed(1)} s`);
  if (replay.status === 'paused') lines.push(`  resume with: opsctl replay resume ${replay.id}`);
  return `${lines.join('\n')}\n`;
}
