import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadAverage, natsServerPid } from './measure/proc.js';
import { readOptions } from './options.js';
import { fmt, printTable, type ScenarioResult } from './report.js';
import { burst, type BurstResult } from './scenarios/burst.js';
import { fanOut } from './scenarios/fan-out.js';
import { growth } from './scenarios/growth.js';
import { hungEndpoint } from './scenarios/hung-endpoint.js';
import { outboxRelay } from './scenarios/outbox-relay.js';
import { sustained } from './scenarios/sustained.js';
import { TraceCollector, testNatsUrl } from '@ops/testing';

/**
 * `pnpm bench`: the platform measured as its users judge it. Each scenario runs on a fresh database and test
 * stream, the services and the receivers each their own process; each prints its table, then a summary prints
 * the figures to compare before and after a change (docs/operations.md, "Reading the benchmark").
 */
const o = readOptions();
const natsPid = natsServerPid(testNatsUrl);
const startedAt = new Date();
const loadBefore = loadAverage();
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const common = { webhookReplicas: o.webhookReplicas, natsPid };
// Tracing on: every service process exports to this collector, which counts the spans (the cost is the services').
const collector = o.tracing ? await TraceCollector.start({ keepSpans: false }) : undefined;
if (collector) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
process.stdout.write(
  `pnpm bench, ${startedAt.toISOString()}, commit ${commit}, ${o.webhookReplicas} webhook process(es), load average ${loadBefore.join(' ')}` +
    `${natsPid === undefined ? ' (nats-server not found: its CPU is not reported)' : ''}${collector ? ', tracing on' : ''}\n`,
);

const results: ScenarioResult[] = [];
const report = (result: ScenarioResult) => {
  results.push(result);
  printTable(result.title, result.rows);
};

let burstResult: BurstResult | undefined;
for (const scenario of o.scenarios) {
  if (scenario === 'burst') {
    burstResult = await burst({ ...common, events: o.events, endpoints: o.endpoints, rawSeconds: o.rawSeconds });
    report(burstResult);
  }
  if (scenario === 'hung') report(await hungEndpoint({ ...common, events: o.events, endpoints: o.endpoints }, burstResult?.run.seconds));
  if (scenario === 'growth')
    report(await growth({ ...common, events: o.events, endpoints: o.endpoints, history: o.history }, burstResult?.run.deliveriesPerSecond));
  if (scenario === 'sustained')
    report(await sustained({ ...common, rate: o.rate, seconds: o.seconds, warmupSeconds: o.warmupSeconds, endpoints: o.endpoints }));
  if (scenario === 'fan-out')
    report(await fanOut({ ...common, endpoints: o.fanoutEndpoints, rate: o.fanoutRate, seconds: o.fanoutSeconds }));
  if (scenario === 'outbox') report(await outboxRelay({ natsPid, writers: o.writers, seconds: o.outboxSeconds }));
}

const loadAfter = loadAverage();
const figure = (name: string, key: string) => results.find((r) => r.name === name)?.figures[key] as number | null | undefined;
const present = (name: string) => results.some((r) => r.name === name);
const ms3 = (n: number | null | undefined) => fmt.ms(n, 3);
const summaryRows: [string, string][] = [];
if (burstResult) {
  const f = burstResult.figures;
  summaryRows.push(
    [
      'burst: logged deliveries/s / raw limit req/s',
      `${fmt.int(f.deliveriesPerSecond as number)} / ${fmt.int(f.rawLimitPerSecond as number)}`,
    ],
    ['burst: ratio to the raw limit', fmt.ratio(f.ratioToRawLimit as number)],
    [
      'burst: CPU per delivery, webhook / PostgreSQL / NATS',
      [f.cpuMsPerUnitService, f.cpuMsPerUnitPostgres, f.cpuMsPerUnitNats].map((n) => ms3(n as number)).join(' / '),
    ],
    ['burst: CPU per delivery, total (autovacuum included)', ms3(f.cpuMsPerUnitTotal as number)],
    ['burst: webhook peak RSS', fmt.mib(f.peakRssBytes as number)],
    ['burst: rows / WAL bytes per delivery', `${(f.rowsPerUnit as number).toFixed(2)} / ${fmt.int(f.walBytesPerUnit as number)}`],
  );
}
// CPU per delivery against the burst's: unlike the rates, it holds when others load the machine during the run.
const cpuAgainstBurst = (name: string) => {
  const burstCpu = burstResult?.figures.cpuMsPerUnitTotal as number | undefined;
  const cpu = figure(name, 'cpuMsPerUnitTotal');
  return burstCpu && cpu ? `; CPU per delivery ${fmt.ratio(cpu / burstCpu)} x the burst's` : '';
};
if (present('hung'))
  summaryRows.push([
    'hung: the nine others as a fraction of all-healthy',
    `${fmt.ratio(figure('hung', 'fractionOfHealthyRun'))}${cpuAgainstBurst('hung')}`,
  ]);
if (present('growth'))
  summaryRows.push([
    'growth: as a fraction of the empty burst',
    `${fmt.ratio(figure('growth', 'fractionOfEmptyBurst'))}${cpuAgainstBurst('growth')}`,
  ]);
if (present('sustained')) {
  summaryRows.push([
    'sustained: publish -> receipt p50 / p99 / max',
    `${fmt.ms(figure('sustained', 'receiptP50Ms'))} / ${fmt.ms(figure('sustained', 'receiptP99Ms'))} / ${fmt.ms(figure('sustained', 'receiptMaxMs'))}${figure('sustained', 'backlogGrowing') ? ', backlog GREW' : ', backlog steady'}`,
  ]);
}
if (present('fan-out')) summaryRows.push(['fan-out: last endpoint p99', fmt.ms(figure('fan-out', 'lastEndpointP99Ms'))]);
if (present('outbox')) {
  summaryRows.push(
    ['outbox: events reaching the stream/s', fmt.int(figure('outbox', 'eventsReachingStreamPerSecond'))],
    ['outbox: commit -> stream p99', fmt.ms(figure('outbox', 'commitToPublishP99Ms'))],
  );
}
if (collector) summaryRows.push(['tracing: spans exported to the collector', String(collector.received)]);
summaryRows.push(['load average before / after (1, 5, 15 min)', `${loadBefore.join(' ')} / ${loadAfter.join(' ')}`]);
printTable(
  `summary: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, ${o.webhookReplicas} webhook process(es)`,
  summaryRows,
);

if (o.json) {
  const scenarios = Object.fromEntries(results.map((r) => [r.name, r.figures]));
  writeFileSync(
    o.json,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), commit, loadBefore, loadAfter, options: o, scenarios }, null, 2)}\n`,
  );
  process.stdout.write(`\nfigures written to ${o.json}\n`);
}
await collector?.close();
