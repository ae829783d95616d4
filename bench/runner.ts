/**
 * Runs one measured child process: wall time from the bench's clock, peak resident memory from GNU time
 * (`%M`, the kernel's high-water mark of the child) and its CPU time (`%U` + `%S`, all its threads and
 * children), its output kept for checks and errors.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DROBOT_NODE_FLAGS } from '../src/cli/node-flags.js';
import { CLI_ENTRY } from '../test/support/cli.js';
import type { Spread } from './report.js';

export interface Measured {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** User and system CPU seconds of the command and the processes and threads it started (GNU time). */
  readonly cpuSeconds: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TIME = '/usr/bin/time';

/**
 * Variables of the shell the bench runs in that are left out of the measured commands' environment, with
 * why. Node reads and parses the certificate file `NODE_EXTRA_CA_CERTS` names at every start, before any of
 * DRobot's code runs (about 30 ms for a system bundle of 140 certificates): a setting of the shell, not of
 * DRobot (the bench's accounts name their CA file), which fetchmail and smtp-source never read.
 */
export const SHELL_ONLY_VARIABLES: Readonly<Record<string, string>> = {
  NODE_EXTRA_CA_CERTS: 'Node parses the file it names at every start',
};

/** The environment of a measured command: the bench's own, without the shell-only variables, plus `env`. */
export function measuredEnv(
  env: Record<string, string>,
  shell: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const inherited = { ...shell };
  for (const name of Object.keys(SHELL_ONLY_VARIABLES)) delete inherited[name];
  return { ...inherited, ...env };
}

/** The shell-only variables set in this shell (left out of every measured command), for the report. */
export function leftOutVariables(shell: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(SHELL_ONLY_VARIABLES).filter((name) => shell[name] !== undefined);
}

export function measure(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Measured> {
  const report = path.join(
    os.tmpdir(),
    `drobot-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ['-f', '%M %U %S', '-o', report, command, ...args], {
      env: measuredEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
      fs.rmSync(report, { force: true });
      // GNU time writes "Command exited with non-zero status N" before the figures when the child fails.
      const figures = /(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*$/.exec(text.trim());
      const kb = Number(figures?.[1] ?? 0);
      const cpuSeconds = Number(figures?.[2] ?? 0) + Number(figures?.[3] ?? 0);
      resolve({ seconds, peakRssMb: kb / 1024, cpuSeconds, code: code ?? -1, stdout, stderr });
    });
  });
}

/** The environment of a DRobot run with its own data directory (and database, when a URL is given). */
export function drobotEnv(dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    DROBOT_DATA_DIR: dataDir,
    DROBOT_LANG: 'en',
    DROBOT_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DROBOT_DATABASE_URL: databaseUrl } : {}),
  };
}

/** Runs a DRobot command to set things up (not measured); throws with its output when it fails. */
export function drobot(args: readonly string[], env: Record<string, string>, input = ''): string {
  try {
    return execFileSync(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...process.env, ...env },
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`drobot ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/**
 * A measured DRobot command, with the Node flags `drobot` runs with (its shebang); `nodeArgs` go to node
 * after them (e.g. --cpu-prof).
 */
export function measureDrobot(
  args: readonly string[],
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<Measured> {
  return measure(process.execPath, [...DROBOT_NODE_FLAGS, ...nodeArgs, CLI_ENTRY, ...args], env);
}

/**
 * The run of median time among runs of one figure, with the highest peak RSS of them all (memory is a
 * ceiling, not an average).
 */
export function medianOf<T extends { readonly seconds: number; readonly peakRssMb: number }>(
  runs: readonly T[],
): T {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error('medianOf: no run');
  return { ...middle, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
}

/** The fastest and the slowest of a figure's runs; none when it ran once (a single run has no spread). */
export function spreadOf(runs: readonly { readonly seconds: number }[]): Spread | undefined {
  if (runs.length < 2) return undefined;
  const times = runs.map((r) => r.seconds);
  return { fastest: Math.min(...times), slowest: Math.max(...times) };
}

/** The last JSON object a command printed (its `--json` result). */
export function lastJson(stdout: string): Record<string, unknown> | undefined {
  const start = stdout.lastIndexOf('\n{');
  const text = (start >= 0 ? stdout.slice(start + 1) : stdout).trim();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
