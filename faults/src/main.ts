import { FaultPlatform } from './platform.js';
import { runScenario, type ScenarioResult } from './scenario.js';
import { scenarios } from './scenarios/index.js';
import { formatTable } from './table.js';

/**
 * `pnpm faults [--ci] [name filter]`: runs the scenarios one after another (each on its own PostgreSQL and
 * NATS) and prints the table. Exits 1 if any accepted event was lost or a scenario failed to run.
 */
const args = process.argv.slice(2);
const ciOnly = args.includes('--ci');
const filter = args.find((a) => !a.startsWith('--'));
const chosen = scenarios.filter((s) => (!ciOnly || s.ci) && (!filter || s.name.includes(filter)));
if (chosen.length === 0) {
  process.stderr.write(`no scenario matches; the scenarios:\n${scenarios.map((s) => `  ${s.name}`).join('\n')}\n`);
  process.exit(2);
}

// Interrupted (Ctrl-C): the scenario's PostgreSQL, NATS and service processes and its directories go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: cleaning up\n`);
    void FaultPlatform.closeAll().finally(() => process.exit(130));
  });
}

const results: ScenarioResult[] = [];
let failed = false;
const started = Date.now();
for (const scenario of chosen) {
  process.stderr.write(`${scenario.name}...\n`);
  try {
    const result = await runScenario(scenario);
    results.push(result);
    failed ||= result.lost > 0;
  } catch (err) {
    failed = true;
    process.stderr.write(`${scenario.name} failed to run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
}
process.stdout.write(
  `${formatTable(results)}\n\n${new Date().toISOString()}: ${results.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exit(failed ? 1 : 0);
