import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat (100 on Linux almost everywhere). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds (user + system) a process has used since it started; undefined once it has gone. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** The process's peak resident memory since it started (VmHWM), in bytes; undefined once it has gone. */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * The nats-server serving `natsUrl`: the one whose command line names its port, or the only one running.
 * Undefined when none can be told apart (its CPU is then not reported rather than guessed).
 */
export function natsServerPid(natsUrl: string): number | undefined {
  const port = new URL(natsUrl.replace(/^nats:/, 'http:')).port || '4222';
  const servers = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'nats-server') return [];
        return [{ pid: Number(d), args: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0') }];
      } catch {
        return [];
      }
    });
  const byPort = servers.filter((s) => s.args.some((a, i) => a === port && ['-p', '--port'].includes(s.args[i - 1] ?? '')));
  if (byPort.length === 1) return byPort[0]!.pid;
  return servers.length === 1 ? servers[0]!.pid : undefined;
}

/** The machine's load averages over 1, 5 and 15 minutes. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a!, b!, c!];
}
