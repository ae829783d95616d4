/**
 * The CPU time a server spends for the bench, read from Linux's /proc: a process's user and system time
 * with that of all its descendants, ended ones included (the kernel adds a child's time to its parent's
 * `cutime`/`cstime` when the parent reaps it), so the difference of two readings is what the server used
 * between them even when the processes that served a run (Dovecot's login and POP3/IMAP processes,
 * PostgreSQL's backend) have ended since.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** One line of /proc/PID/stat, as far as the bench reads it. */
export interface ProcStat {
  readonly pid: number;
  /** The command name (at most 15 characters, as the kernel keeps it). */
  readonly name: string;
  readonly parent: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  readonly ticks: number;
}

/**
 * Reads a /proc/PID/stat line. The command name between parentheses may hold spaces and parentheses, so
 * the fields are counted from the last `)`. Pure; undefined for a line that is not one.
 */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf(' (');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(line.slice(0, open));
  // After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt,
  // utime, stime, cutime, cstime (fields 3 to 17 of proc(5)).
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const parent = Number(fields[1]);
  const times = fields.slice(11, 15).map(Number);
  if (!Number.isInteger(pid) || !Number.isInteger(parent) || times.length !== 4) return undefined;
  if (times.some((t) => !Number.isFinite(t) || t < 0)) return undefined;
  return { pid, name: line.slice(open + 2, close), parent, ticks: times.reduce((a, b) => a + b, 0) };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** A process's stat line, or undefined when it is gone or not readable. */
export function processStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every process's stat line that can still be read (a process may end between the listing and the read). */
function processStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = processStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/**
 * The clock ticks of a process and all its descendants in a list of stat lines (their ended children's
 * included in each one's own). Pure.
 */
export function treeTicks(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const siblings = children.get(s.parent);
    if (siblings) siblings.push(s);
    else children.set(s.parent, [s]);
  }
  let ticks = 0;
  const walk = stats.filter((s) => s.pid === root);
  // A pid is listed once, and a process is its parent's child only: no process is reached twice.
  for (let s = walk.pop(); s; s = walk.pop()) {
    ticks += s.ticks;
    walk.push(...(children.get(s.pid) ?? []));
  }
  return ticks;
}

/**
 * CPU seconds used so far by processes (servers), each with its descendants and their ended children; a
 * process that is gone counts 0.
 */
export function treeCpuSeconds(...roots: readonly number[]): number {
  const stats = processStats();
  return roots.reduce((sum, root) => sum + treeTicks(stats, root), 0) / clockTicks();
}
