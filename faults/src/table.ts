import type { ScenarioResult } from './scenario.js';

/** `0`, or the count and the statuses: `3 (500, 503)`. */
const statuses = (codes: number[]) => (codes.length ? `${codes.length} (${[...new Set(codes)].sort().join(', ')})` : '0');

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** The results as a Markdown table (it reads in a terminal and pastes into docs), then each scenario's notes. */
export function formatTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'accepted',
    'unique received per endpoint',
    'lost',
    'duplicates',
    'first delivery after',
    'all delivered after',
    '5xx',
    'process exits',
  ];
  const rows = results.map((r) => [
    r.scenario,
    String(r.accepted),
    r.receivedPerEndpoint.join(' / '),
    String(r.lost),
    String(r.duplicates),
    seconds(r.firstDeliveryAfterMs),
    seconds(r.allDeliveredAfterMs),
    statuses(r.serverErrors),
    String(r.unexpectedExits),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.scenario}: ${n}`));
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
