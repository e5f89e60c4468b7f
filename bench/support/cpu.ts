import { execFileSync } from 'node:child_process';
import { processStats, processTree } from './process-tree';

/**
 * CPU time as Linux accounts it (/proc), so that a benchmark says where each request's time went: in the measured
 * process (all its threads, the garbage collector's included) and in PostgreSQL (every server process on this machine,
 * which runs no other database work while a benchmark runs). A profiler samples wall time; these are what the cores
 * spent.
 */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of a /proc/<pid>/stat line, in milliseconds; its command name may hold spaces and parentheses. */
function cpuMillisecondsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5), counted from the state (field 3) here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function processCpuMilliseconds(pid: number): number {
  const stats = processStats();
  return processTree(pid, stats).reduce((sum, member) => sum + cpuMillisecondsOfStat(stats.get(member)!), 0);
}

/** Each postgres process's CPU time by process id. */
function postgresCpuMilliseconds(): Map<number, number> {
  const byProcess = new Map<number, number>();
  for (const [pid, stat] of processStats())
    if (stat.includes(' (postgres) ')) byProcess.set(pid, cpuMillisecondsOfStat(stat));
  return byProcess;
}

/** What the postgres processes running at the end spent since `before` (a backend that ended meanwhile is not). */
function postgresCpuSince(before: Map<number, number>): number {
  let spent = 0;
  for (const [pid, milliseconds] of postgresCpuMilliseconds()) spent += milliseconds - (before.get(pid) ?? 0);
  return spent;
}

/** CPU milliseconds per request of the measured process (with the copies it started) and of PostgreSQL. */
export interface CpuPerRequest {
  server: number;
  postgres: number;
}

/** Starts counting; `perRequest(n)` divides what both spent since by the n requests answered meanwhile. */
export function countCpu(pid: number): { perRequest(requests: number): CpuPerRequest } {
  const server = processCpuMilliseconds(pid);
  const postgres = postgresCpuMilliseconds();
  return {
    perRequest: (requests) => ({
      server: (processCpuMilliseconds(pid) - server) / requests,
      postgres: postgresCpuSince(postgres) / requests,
    }),
  };
}
