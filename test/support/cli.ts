import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DROBOT_NODE_FLAGS } from '../../src/cli/node-flags.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled, this file is dist/test/support/cli.js beside dist/src; run from source (tsx), it is a .ts file.
const fromSource = import.meta.url.endsWith('.ts');
/** The command's own modules, one file each: what the shipped command is bundled from. */
export const MODULES_ENTRY = path.resolve(here, '../../src/cli/main.' + (fromSource ? 'ts' : 'js'));
/** The command as shipped: the bundle `npm run build` writes to dist/bin. */
export const BUNDLE_ENTRY = path.resolve(
  here,
  fromSource ? '../../dist/bin/drobot.js' : '../../bin/drobot.js',
);
/** What the tests run: the shipped command (from source, main.ts itself). */
export const CLI_ENTRY = fromSource ? MODULES_ENTRY : BUNDLE_ENTRY;
// The flags of drobot's shebang, so the tests run the command as an administrator's shell would.
const NODE_ARGS = [...DROBOT_NODE_FLAGS, ...(fromSource ? ['--import', 'tsx'] : [])];

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Called with each stderr line as it arrives (to act on a URL the command prints while it waits). */
  readonly onStderrLine?: (line: string) => void;
  /** The entry point to run (default: the shipped command); MODULES_ENTRY to see which modules it loads. */
  readonly entry?: string;
  /**
   * Where the command's stdout goes: captured (default), a file descriptor the test opened (e.g. /dev/full),
   * or a pipe whose reader has closed it before the command writes.
   */
  readonly stdout?: 'capture' | 'closed' | number;
}

/** Runs the real `drobot` command in a child process, as an administrator would. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, options.entry ?? CLI_ENTRY, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DROBOT_LANG: 'es',
        ...options.env,
      },
      stdio: ['pipe', typeof options.stdout === 'number' ? options.stdout : 'pipe', 'pipe'],
    });
    let stdout = '';
    if (options.stdout === 'closed') child.stdout?.destroy();
    let stderr = '';
    let partial = '';
    const { stdin: input, stderr: errors } = child;
    if (!input || !errors) throw new Error('spawn gave no stdin or stderr pipe');
    if (options.stdout === undefined || options.stdout === 'capture') {
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    }
    errors.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!options.onStderrLine) return;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(options.onStderrLine);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    input.end(options.input ?? '');
  });
}

/** Parses the JSON a `--json` command printed, failing with its output when it is not JSON. */
export function jsonOf<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
