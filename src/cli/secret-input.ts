import readline from 'node:readline';
import { Writable } from 'node:stream';

/** Standard input as the secret readers see it: a stream that may be a terminal. */
export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface SecretStreams {
  readonly input: SecretInput;
  /** Where prompts go (never the secret: what is typed is not echoed). */
  readonly output: NodeJS.WritableStream;
}

const stdio = (): SecretStreams => ({ input: process.stdin, output: process.stderr });

/**
 * Reads the first `count` lines of a pipe or file, then stops reading: a secret is never waited for
 * past its line, and never a command-line argument (it would show in `ps` and shell history).
 */
export async function readLines(input: SecretInput, count: number): Promise<string[]> {
  if (count === 0) return [];
  const lines: string[] = [];
  const rl = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  try {
    for await (const line of rl) {
      lines.push(line);
      if (lines.length === count) break;
    }
  } finally {
    rl.close();
  }
  return Array.from({ length: count }, (_, i) => lines[i] ?? '');
}

/** Asks for a secret on a terminal without echoing what is typed. */
export async function promptHidden(question: string, streams: SecretStreams = stdio()): Promise<string> {
  let muted = false;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) streams.output.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: streams.input, output: sink, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => rl.question(question, resolve));
    muted = true;
    const value = await answer;
    streams.output.write('\n');
    return value;
  } finally {
    rl.close();
  }
}

/**
 * The secrets a command asks for, in order: on a terminal each is prompted for by its label without
 * echo; from a pipe or file they are its first lines, one each.
 */
export async function readSecrets(
  labels: readonly string[],
  streams: SecretStreams = stdio(),
): Promise<string[]> {
  if (!streams.input.isTTY) return readLines(streams.input, labels.length);
  const values: string[] = [];
  for (const label of labels) values.push(await promptHidden(label, streams));
  return values;
}

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}
