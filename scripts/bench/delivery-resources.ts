/**
 * What the server and its database use while the delivery benchmark runs, sampled every 250 ms in the server
 * process: this process's CPU time and RSS, and the CPU time of the PostgreSQL backends serving the bench
 * database (from /proc/<pid>/stat; Linux only, else left out), requests queued for a connection of the server's
 * pool, and backends waiting for a lock (from pg_stat_activity).
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

interface Sample {
  readonly at: number;
  readonly cpuMs: number;
  readonly rss: number;
  readonly postgresCpuMs: number;
  /** Requests waiting for a connection of the server's pool. */
  readonly poolWaiting: number;
  /**
   * Backends of the bench database waiting for a lock (the last count seen), and of those the ones waiting for
   * their tenant's audit-chain head row (every audited commit links its entries under it, migration 0007).
   */
  readonly lockWaiting: number;
  readonly chainHeadWaiting: number;
}

/** Usage over a time window. */
export interface WindowUsage {
  /** Per cent of one core (100 = one core busy). */
  readonly serverCpuPercent: number;
  readonly postgresCpuPercent: number | null;
  readonly serverRssMb: number;
  readonly serverRssPeakMb: number;
  readonly poolWaitingMean: number;
  readonly poolWaitingMax: number;
  readonly lockWaitingMean: number;
  readonly chainHeadWaitingMean: number;
}

/** What the server's pg pool says of itself (node-postgres; absent on other drivers). */
export interface PoolGauge {
  readonly waitingCount?: number;
  readonly options?: { readonly max?: number };
}

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every mainstream kernel build). */
const USER_HZ = 100;

/** utime + stime of a process in ms, or undefined when it is gone or /proc is not there. */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

const meanOf = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;

/** Starts sampling; stop() ends it and returns a reader of any window inside the sampled span. */
export async function sampleResources(
  databaseUrl: string,
  databaseName: string,
  pool: PoolGauge | undefined,
) {
  const monitor = new pg.Client({ connectionString: databaseUrl });
  await monitor.connect();
  const monitorPid = ((await monitor.query('select pg_backend_pid() as pid')).rows[0] as { pid: number }).pid;
  const lastTicks = new Map<number, number>();
  let postgresCpuMs = 0;
  let procReadable = procCpuMs(process.pid) !== undefined;
  let lockWaiting = 0;
  let chainHeadWaiting = 0;
  const refreshBackends = async () => {
    // A backend waiting for a row another transaction holds takes a tuple lock on it while it waits: one on the
    // audit-chain head row is a commit waiting its turn to link audit entries.
    const { rows } = await monitor.query<{
      pid: number;
      wait_event_type: string | null;
      chain_head: boolean;
    }>(
      `select a.pid, a.wait_event_type, exists (select 1 from pg_locks l where l.pid = a.pid
         and l.locktype = 'tuple' and l.relation = to_regclass('audit_chain_heads')) as chain_head
       from pg_stat_activity a where a.datname = $1 and a.pid <> $2`,
      [databaseName, monitorPid],
    );
    for (const { pid } of rows) if (!lastTicks.has(pid)) lastTicks.set(pid, procCpuMs(pid) ?? 0);
    lockWaiting = rows.filter((r) => r.wait_event_type === 'Lock').length;
    chainHeadWaiting = rows.filter((r) => r.chain_head).length;
  };
  await refreshBackends();
  const samples: Sample[] = [];
  const take = () => {
    for (const [pid, before] of lastTicks) {
      const now = procCpuMs(pid);
      if (now === undefined) {
        lastTicks.delete(pid);
        continue;
      }
      postgresCpuMs += now - before;
      lastTicks.set(pid, now);
    }
    const cpu = process.cpuUsage();
    samples.push({
      at: performance.timeOrigin + performance.now(),
      cpuMs: (cpu.user + cpu.system) / 1000,
      rss: process.memoryUsage.rss(),
      postgresCpuMs,
      poolWaiting: pool?.waitingCount ?? 0,
      lockWaiting,
      chainHeadWaiting,
    });
  };
  take();
  let looking = false;
  let refreshing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    take();
    // New backends (the pool grows with the load) and lock waits, every tick unless the last look is still out.
    if (!looking) {
      looking = true;
      refreshing = refreshBackends()
        .catch(() => undefined)
        .finally(() => {
          looking = false;
        });
    }
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      take();
      await refreshing;
      await monitor.end();
      procReadable &&= samples.some((s) => s.postgresCpuMs > 0);
      /** Usage between two instants (the nearest samples inside them). */
      return (from: number, to: number): WindowUsage => {
        const inside = samples.filter((s) => s.at >= from && s.at <= to);
        const span = inside.length >= 2 ? inside : samples;
        const first = span[0] as Sample;
        const last = span[span.length - 1] as Sample;
        const wallMs = Math.max(1, last.at - first.at);
        return {
          serverCpuPercent: (100 * (last.cpuMs - first.cpuMs)) / wallMs,
          postgresCpuPercent: procReadable
            ? (100 * (last.postgresCpuMs - first.postgresCpuMs)) / wallMs
            : null,
          serverRssMb: last.rss / 2 ** 20,
          serverRssPeakMb: Math.max(...span.map((s) => s.rss)) / 2 ** 20,
          poolWaitingMean: meanOf(span.map((s) => s.poolWaiting)),
          poolWaitingMax: Math.max(...span.map((s) => s.poolWaiting)),
          lockWaitingMean: meanOf(span.map((s) => s.lockWaiting)),
          chainHeadWaitingMean: meanOf(span.map((s) => s.chainHeadWaiting)),
        };
      };
    },
  };
}
