/**
 * The Node flags the `drobot` process runs with. V8 sizes its heap from the machine's memory (gigabytes),
 * so while thousands of mails are parsed it lets garbage pile up far beyond what is live; a bounded heap
 * makes it collect sooner, for a much lower peak resident memory at a small cost in time.
 *
 * Under that bound V8 starts with a small old generation and grows it by about 1.3 at each full
 * collection, so a run whose live heap is 15–25 MB runs a full collection every quarter of a second or so,
 * on each thread, its marking on the core Dovecot and the other thread need. An old generation of 32 MB
 * before the first full collection (on every thread: the parse thread is started with the same flags)
 * takes most of them away at about the same peak memory (bench/README.md).
 *
 * A fifth of a short run's CPU is V8 compiling its hot functions on its own threads, and the parse thread
 * makes hundreds of library functions hot. Inlining less into each one (a quarter of V8's default budget of
 * inlined bytecode per function) makes those compilations smaller: a fetch of 1,000 mails takes 3–10 % less
 * CPU and a little less time, sending is unchanged, and 10,000 mails take as long (bench/README.md).
 *
 * The young generation is bounded too (`--max-semi-space-size=8`, 16 MB of new space per thread): V8 sizes it
 * by release, and under these flags Node 24 gives each thread 64 MB of it where Node 20, 22 and 26 give 32 MB.
 * On Node 24 a fetch of 10,000 mails then ran out of room under the old generation's bound, one full
 * collection after another: 2.3 times as long and 390 MB of peak RSS. Bounded, every release takes the same
 * time as before and 200–236 MB (bench/README.md).
 *
 * Node takes them only on its command line, so they are written in the shebang of `main.ts` and in
 * `npm start` too; a test checks that both say what this list says.
 */
export const DROBOT_NODE_FLAGS: readonly string[] = [
  '--max-old-space-size=128',
  '--initial-old-space-size=32',
  '--max-inlined-bytecode-size-cumulative=230',
  '--max-semi-space-size=8',
];
