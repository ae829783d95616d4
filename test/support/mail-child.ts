import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a script of this folder in a child Node process: the compiled `.js` under `dist/`, or the `.ts`
 * source through tsx when the suite runs from source.
 */
export function spawnSupportScript(
  name: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}${fromSource ? '.ts' : '.js'}`, import.meta.url));
  const nodeArgs = [...nodeFlags, ...(fromSource ? ['--import', 'tsx'] : []), file, ...args];
  return spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the child until it prints `lines` lines matching `pattern` (then SIGKILLs it) or exits. */
export function runUntil(
  child: ChildProcess,
  pattern: RegExp,
  lines: number,
): Promise<{ killed: boolean; seen: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    let seen = 0;
    let stdout = '';
    let stderr = '';
    let killed = false;
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (pattern.test(line)) seen += 1;
        if (!killed && lines > 0 && seen >= lines) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', () => resolve({ killed, seen, stdout, stderr }));
  });
}

/**
 * Runs a support script to its end (SIGKILLed after `guardMs`, so a child that never ends fails the test
 * instead of hanging it): how it ended and what it printed.
 */
export async function runToExit(
  name: string,
  args: readonly string[],
  guardMs = 60_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawnSupportScript(name, args);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), guardMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (c, sig) => resolve([c, sig])),
  );
  clearTimeout(guard);
  return { code, signal, stdout };
}
