import type { Cost } from './measure/cost-meter.js';

/** A scenario's figures: printed as a table, written to the `--json` file under the scenario's name. */
export interface ScenarioResult {
  name: string;
  title: string;
  figures: Record<string, number | string | null>;
  /** Label and formatted value, in print order. */
  rows: [string, string][];
}

export const fmt = {
  int: (n: number | null | undefined) =>
    n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'),
  ms: (n: number | null | undefined, digits = 0) =>
    n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(digits)} ms`,
  ratio: (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(2)),
  mib: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`,
};

/**
 * CPU per unit of work by process, peak RSS, rows and WAL per unit: the figures to compare before and after
 * a change. `unit` is what one piece of work is (a logged delivery, a published event).
 */
export function costFigures(cost: Cost, units: number, service: string, unit: string): Pick<ScenarioResult, 'figures' | 'rows'> {
  const per = (n: number | null) => (n === null ? null : n / units);
  const total = cost.cpuMs.service + cost.cpuMs.postgres + cost.cpuMs.autovacuum + (cost.cpuMs.nats ?? 0);
  const figures = {
    cpuMsPerUnitService: per(cost.cpuMs.service),
    cpuMsPerUnitPostgres: per(cost.cpuMs.postgres),
    cpuMsPerUnitAutovacuum: per(cost.cpuMs.autovacuum),
    cpuMsPerUnitNats: per(cost.cpuMs.nats),
    cpuMsPerUnitTotal: per(total),
    cpuMsPerUnitPostgresShared: per(cost.cpuMs.postgresShared),
    peakRssBytes: cost.peakRssBytes,
    rowsPerUnit: per(cost.rowsWritten),
    walBytesPerUnit: per(cost.walBytes),
    meteredSeconds: cost.seconds,
  };
  const ms = (n: number | null) => fmt.ms(n, 3);
  return {
    figures,
    rows: [
      [`CPU per ${unit}: ${service}`, ms(figures.cpuMsPerUnitService)],
      [`CPU per ${unit}: PostgreSQL backends`, ms(figures.cpuMsPerUnitPostgres)],
      [`CPU per ${unit}: autovacuum`, ms(figures.cpuMsPerUnitAutovacuum)],
      [`CPU per ${unit}: NATS`, ms(figures.cpuMsPerUnitNats)],
      [`CPU per ${unit}: total of the above`, ms(figures.cpuMsPerUnitTotal)],
      [`  (PostgreSQL background processes, shared)`, ms(figures.cpuMsPerUnitPostgresShared)],
      [`${service} peak RSS`, fmt.mib(cost.peakRssBytes)],
      [`rows written per ${unit}`, (figures.rowsPerUnit ?? 0).toFixed(2)],
      [`WAL bytes per ${unit}`, fmt.int(figures.walBytesPerUnit)],
    ],
  };
}

export function printTable(title: string, rows: readonly [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = [`${title}`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value.padStart(valueWidth)}`)];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
