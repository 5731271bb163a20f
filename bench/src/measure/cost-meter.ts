import type postgres from 'postgres';
import { cpuMs, peakRssBytes } from './proc.js';

/** A process the meter watches, and the application_name of its PostgreSQL connections. */
export interface Watched {
  pid: number;
  appName: string;
}

/**
 * What a scenario cost, from /proc and PostgreSQL's statistics, between start() and stop():
 * - `service`: the watched processes' CPU (the webhook replicas, or the user service).
 * - `postgres`: the CPU of the PostgreSQL backends serving them: backends of the scenario's database whose
 *   application_name is a watched process's (PGAPPNAME), including backends that came and went meanwhile.
 * - `autovacuum`: autovacuum workers on the scenario's database.
 * - `postgresShared`: the server's background processes (WAL writer, checkpointer, background writer,
 *   launchers). They work for every database on the server, the other sessions' tests included, so this is
 *   an upper bound of our share, reported apart and not in the total.
 * - `nats`: the nats-server's CPU. It too serves anyone else using it in the meantime.
 * - rows written (inserted + updated + deleted, pg_stat_database for the scenario's database) and WAL bytes
 *   (pg_current_wal_lsn, for the whole server: others' writes meanwhile are included).
 */
export interface Cost {
  seconds: number;
  cpuMs: { service: number; postgres: number; autovacuum: number; nats: number | null; postgresShared: number };
  /** Highest VmHWM of the watched processes (each one's own peak since it started). */
  peakRssBytes: number;
  rowsWritten: number;
  walBytes: number;
}

type Group = 'postgres' | 'autovacuum' | 'postgresShared';

interface Backend {
  group: Group;
  first: number;
  last: number;
}

const sampleEveryMs = 250;

export class CostMeter {
  private readonly backends = new Map<number, Backend>();
  private readonly serviceFirst = new Map<number, number>();
  private readonly serviceLast = new Map<number, number>();
  private peakRss = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
  private natsFirst: number | undefined;
  private started = 0;
  private rowsBefore = 0;
  private walBefore = '0/0';

  private constructor(
    private readonly sql: postgres.Sql,
    private readonly databaseName: string,
    private readonly watched: readonly Watched[],
    private readonly natsPid: number | undefined,
  ) {}

  static async start(
    sql: postgres.Sql,
    databaseName: string,
    watched: readonly Watched[],
    natsPid: number | undefined,
  ): Promise<CostMeter> {
    const meter = new CostMeter(sql, databaseName, watched, natsPid);
    await meter.begin();
    return meter;
  }

  private async begin(): Promise<void> {
    // The bench's own writes before the window (the growth scenario's history) are published now, not into it.
    await this.sql`select pg_stat_force_next_flush()`;
    this.rowsBefore = await this.rowsWritten();
    this.walBefore = await this.walLsn();
    await this.sample(true);
    this.natsFirst = this.natsPid === undefined ? undefined : cpuMs(this.natsPid);
    this.started = performance.now();
    this.timer = setInterval(() => (this.sampling ??= this.sample(false).finally(() => (this.sampling = undefined))), sampleEveryMs);
  }

  /** Ends the window now; waits 11 s for PostgreSQL to publish the backends' row counts. */
  async stop(): Promise<Cost> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const seconds = (performance.now() - this.started) / 1000;
    const natsLast = this.natsPid === undefined ? undefined : cpuMs(this.natsPid);
    const walBytes = await this.walBytesSince(this.walBefore);
    const sum = (group: Group) => [...this.backends.values()].filter((b) => b.group === group).reduce((s, b) => s + b.last - b.first, 0);
    const service = this.watched.reduce((s, w) => s + (this.serviceLast.get(w.pid) ?? 0) - (this.serviceFirst.get(w.pid) ?? 0), 0);
    return {
      seconds,
      cpuMs: {
        service,
        postgres: sum('postgres'),
        autovacuum: sum('autovacuum'),
        nats: natsLast !== undefined && this.natsFirst !== undefined ? natsLast - this.natsFirst : null,
        postgresShared: sum('postgresShared'),
      },
      peakRssBytes: this.peakRss,
      rowsWritten: (await this.settledRowsWritten()) - this.rowsBefore,
      walBytes,
    };
  }

  private async sample(first: boolean): Promise<void> {
    for (const { pid } of this.watched) {
      const used = cpuMs(pid);
      if (used === undefined) continue;
      if (first) this.serviceFirst.set(pid, used);
      this.serviceLast.set(pid, used);
      this.peakRss = Math.max(this.peakRss, peakRssBytes(pid) ?? 0);
    }
    const appNames = this.watched.map((w) => w.appName);
    const rows = await this.sql<{ pid: number; app: string; type: string; datname: string | null }[]>`
      select pid, application_name as app, backend_type as type, datname from pg_stat_activity
      where pid <> pg_backend_pid() and (datname = ${this.databaseName} or datname is null)`;
    for (const row of rows) {
      const group: Group | undefined =
        row.datname === null
          ? 'postgresShared'
          : row.type === 'autovacuum worker'
            ? 'autovacuum'
            : appNames.includes(row.app)
              ? 'postgres'
              : undefined;
      if (!group) continue;
      const used = cpuMs(row.pid);
      if (used === undefined) continue;
      const known = this.backends.get(row.pid);
      // A backend first seen after the start began within the window: all its CPU counts (its start-up too).
      if (known) known.last = used;
      else this.backends.set(row.pid, { group, first: first ? used : 0, last: used });
    }
  }

  private async rowsWritten(): Promise<number> {
    const [row] = await this.sql<{ n: string }[]>`
      select (tup_inserted + tup_updated + tup_deleted)::text as n from pg_stat_database where datname = ${this.databaseName}`;
    return Number(row!.n);
  }

  /**
   * A backend publishes its counts when it goes idle, at most once a second; counts held back by that limit
   * are published ten seconds later (PostgreSQL 15's PGSTAT_IDLE_INTERVAL). Waiting that long is the only way
   * to read them all; the services' own timers write a handful of rows meanwhile.
   */
  private async settledRowsWritten(): Promise<number> {
    await new Promise((r) => setTimeout(r, 11_000));
    return this.rowsWritten();
  }

  private async walLsn(): Promise<string> {
    const [row] = await this.sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
    return row!.lsn;
  }

  private async walBytesSince(lsn: string): Promise<number> {
    const [row] = await this.sql<{ n: string }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::text as n`;
    return Number(row!.n);
  }
}
