import { parseArgs } from 'node:util';

export const scenarioNames = ['burst', 'hung', 'growth', 'sustained', 'fan-out', 'outbox'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** `pnpm bench -- --help` lists these; every size has a small value for a quick run. */
const spec = {
  scenario: { type: 'string', default: scenarioNames.join(','), help: `comma-separated, from: ${scenarioNames.join(', ')}` },
  events: { type: 'string', default: '10000', help: 'burst, hung, growth: events published at once' },
  endpoints: { type: 'string', default: '10', help: 'burst, hung, growth, sustained: endpoints (each its own receiver)' },
  'raw-seconds': { type: 'string', default: '5', help: 'burst: length of each raw-limit measurement (one before, one after)' },
  rate: { type: 'string', default: '100', help: 'sustained: events per second' },
  seconds: { type: 'string', default: '60', help: 'sustained: how long' },
  'warmup-seconds': { type: 'string', default: '5', help: 'sustained: the same rate, unmeasured, before it' },
  'fanout-endpoints': { type: 'string', default: '500', help: 'fan-out: endpoints subscribed to the one event type' },
  'fanout-rate': { type: 'string', default: '10', help: 'fan-out: events per second' },
  'fanout-seconds': { type: 'string', default: '20', help: 'fan-out: how long' },
  history: { type: 'string', default: '1000000', help: 'growth: older deliveries (and as many attempts) inserted first' },
  writers: { type: 'string', default: '32', help: 'outbox: concurrent writers of the user service' },
  'outbox-seconds': { type: 'string', default: '20', help: 'outbox: how long they write' },
  'webhook-replicas': { type: 'string', default: '1', help: 'webhook processes sharing the stream and one PostgreSQL' },
  tracing: {
    type: 'boolean',
    default: false,
    help: 'services export their spans over OTLP to a collector in the bench process (compare with a run without)',
  },
  json: { type: 'string', help: 'also write every figure to this file' },
  help: { type: 'boolean', default: false, help: 'this list' },
} as const;

export type BenchOptions = ReturnType<typeof readOptions>;

export function readOptions(argv: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({ args: argv.filter((a) => a !== '--'), options: spec, strict: true });
  if (values.help) {
    const lines = Object.entries(spec).map(
      ([name, o]) => `  --${name.padEnd(18)} ${o.help}${'default' in o ? ` (default ${o.default})` : ''}`,
    );
    process.stdout.write(`pnpm bench [-- options]\n${lines.join('\n')}\n`);
    process.exit(0);
  }
  const count = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, got ${String(values[name])}`);
    return n;
  };
  const scenarios = values.scenario.split(',').map((s) => s.trim());
  const unknown = scenarios.filter((s) => !(scenarioNames as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`);
  return {
    scenarios: scenarioNames.filter((s) => scenarios.includes(s)),
    events: count('events'),
    endpoints: count('endpoints'),
    rawSeconds: count('raw-seconds'),
    rate: count('rate'),
    seconds: count('seconds'),
    warmupSeconds: count('warmup-seconds'),
    fanoutEndpoints: count('fanout-endpoints'),
    fanoutRate: count('fanout-rate'),
    fanoutSeconds: count('fanout-seconds'),
    history: count('history'),
    writers: count('writers'),
    outboxSeconds: count('outbox-seconds'),
    webhookReplicas: Math.max(1, count('webhook-replicas')),
    tracing: values.tracing,
    json: values.json,
  };
}
