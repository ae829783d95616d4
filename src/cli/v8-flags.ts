/**
 * V8 flags `drobot` sets for itself as it starts (imported first by main.ts, before its other modules run):
 * those V8 reads each time it uses them, so they need not take room in the shebang (node-flags.ts). V8's
 * flags are the process's: the parse thread and the checkpoint thread, started later, have them too.
 *
 * A fifth of a short run's CPU is V8 compiling its hot functions on its own threads, and the parse thread
 * makes hundreds of library functions hot. Inlining less into each one (a quarter of V8's default budget of
 * inlined bytecode per function, read by the optimizing compiler at each compilation) makes those
 * compilations smaller: a fetch of 1,000 mails takes 3–10 % less CPU and a little less time, sending is
 * unchanged, and 10,000 mails take as long (bench/README.md).
 */
import v8 from 'node:v8';

export const DROBOT_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=230'];

for (const flag of DROBOT_V8_FLAGS) v8.setFlagsFromString(flag);
