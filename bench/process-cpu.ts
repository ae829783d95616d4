/**
 * The CPU time a server spends for the bench, read from Linux's /proc: a process group's user and system
 * time, its ended children's included (the kernel adds a child's to its parent's `cutime`/`cstime` when the
 * parent reaps it), so the difference of two readings is what the group used between them even when the
 * processes that served a run (Dovecot's login and POP3/IMAP processes) have ended since.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** One line of /proc/PID/stat, as far as the bench reads it. */
export interface ProcStat {
  readonly pid: number;
  readonly group: number;
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
  const group = Number(fields[2]);
  const times = fields.slice(11, 15).map(Number);
  if (!Number.isInteger(pid) || !Number.isInteger(group) || times.length !== 4) return undefined;
  if (times.some((t) => !Number.isFinite(t) || t < 0)) return undefined;
  return { pid, group, ticks: times.reduce((a, b) => a + b, 0) };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** Every process's stat line that can still be read (a process may end between the listing and the read). */
function processStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseProcStat(fs.readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (stat) stats.push(stat);
    } catch {
      // Ended meanwhile: its time is in its parent's cutime now.
    }
  }
  return stats;
}

/** CPU seconds used so far by a process group (its leader started detached) and its ended children. */
export function groupCpuSeconds(group: number): number {
  const ticks = processStats()
    .filter((s) => s.group === group)
    .reduce((sum, s) => sum + s.ticks, 0);
  return ticks / clockTicks();
}

/** CPU seconds used so far by one process and its ended children; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    return (parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.ticks ?? 0) / clockTicks();
  } catch {
    return 0;
  }
}
