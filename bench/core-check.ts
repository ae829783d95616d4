/**
 * How fast this machine's cores and memory are right now: two fixed loops, one of integer arithmetic and one
 * following a random chain through 16 MB (each step waits on memory: the caches shared with other machines'
 * work decide its speed), timed on one thread alone, then on as many threads as there are cores at once.
 * On a shared host they vary (cores that are hyperthreads of one physical core, a neighbour's load), and
 * so do two benches of the same code an hour apart; the report prints the check before and after the run
 * so that its ratios can be read against the machine they ran on.
 */
import { Worker } from 'node:worker_threads';

/** Milliseconds each loop took on one thread. */
export interface LoopTimes {
  readonly arithmeticMs: number;
  readonly memoryMs: number;
}

export interface CoreCheck {
  /** With nothing else of the bench running. */
  readonly alone: LoopTimes;
  /** On each of `cores` threads started together. */
  readonly together: readonly LoopTimes[];
}

export interface CoreCheckSize {
  /** Iterations of the arithmetic loop. */
  readonly arithmetic: number;
  /** Steps through the 16 MB chain. */
  readonly memory: number;
}

/** About a quarter of a second each on one core of a 2.8 GHz Xeon with its memory to itself. */
export const CORE_CHECK_SIZE: CoreCheckSize = { arithmetic: 40_000_000, memory: 2_000_000 };

// The results are sent back, so that the optimizing compiler can drop neither loop. The chain is one random
// cycle through every entry (Sattolo's shuffle, a fixed seed), built before its timing starts.
const LOOPS = `
const { parentPort, workerData } = require('node:worker_threads');
let started = performance.now();
let x = 0;
for (let i = 0; i < workerData.arithmetic; i++) x = (x + i * 7) % 1000003;
const arithmeticMs = performance.now() - started;
const n = 1 << 22;
const next = new Int32Array(n);
let seed = 42;
for (let i = 0; i < n; i++) next[i] = i;
for (let i = n - 1; i > 0; i--) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const j = seed % i;
  const t = next[i]; next[i] = next[j]; next[j] = t;
}
started = performance.now();
let p = 0;
for (let k = 0; k < workerData.memory; k++) p = next[p];
parentPort.postMessage({ arithmeticMs, memoryMs: performance.now() - started, x, p });
`;

function timeLoops(size: CoreCheckSize): Promise<LoopTimes> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOOPS, { eval: true, workerData: size });
    worker.once('message', (m: LoopTimes) => resolve({ arithmeticMs: m.arithmeticMs, memoryMs: m.memoryMs }));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the core check's thread exited with code ${code}`));
    });
  });
}

export async function coreCheck(cores: number, size: CoreCheckSize = CORE_CHECK_SIZE): Promise<CoreCheck> {
  const alone = await timeLoops(size);
  const together = await Promise.all(Array.from({ length: Math.max(1, cores) }, () => timeLoops(size)));
  return { alone, together };
}
