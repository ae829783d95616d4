/**
 * The Node flags the `drobot` process runs with, on its command line: the heap's sizes, which V8 reads when it
 * sets up a thread's heap. V8 sizes its heap from the machine's memory (gigabytes), so while thousands of mails
 * are parsed it lets garbage pile up far beyond what is live; a bounded heap makes it collect sooner, for a much
 * lower peak resident memory at a small cost in time.
 *
 * Under that bound V8 starts with a small old generation and grows it by about 1.3 at each full
 * collection, so a run whose live heap is 15–25 MB runs a full collection every quarter of a second or so,
 * on each thread, its marking on the core Dovecot and the other thread need. An old generation of 32 MB
 * before the first full collection (on every thread: the parse thread is started with the same flags)
 * takes most of them away at about the same peak memory (bench/README.md).
 *
 * The young generation is bounded too (`--max-semi-space-size=8`, 16 MB of new space a thread): V8 sizes it
 * by release, and under the other two Node 24 gives the main thread 64 MB of it where Node 20, 22 and 26 give
 * 32 MB. On Node 24 a fetch of 10,000 mails then ran out of room under the old generation's bound, one full
 * collection after another: 2.3 times as long and 390 MB of peak RSS. Bounded, 10,000 mails take 14–16 s
 * and 203–236 MB on each of those releases (bench/README.md).
 *
 * Node takes them only on its command line, so they are written in the shebang of `main.ts` and in
 * `npm start` too; a test checks that both say what this list says, and that the shebang fits in the 127
 * characters Linux kernels before 5.1 read of it (RHEL 8's 4.18 among them: a longer line is cut, and node
 * refuses the cut flag). The flags V8 reads later are set by the process itself: see v8-flags.ts.
 */
export const DROBOT_NODE_FLAGS: readonly string[] = [
  '--max-old-space-size=128',
  '--initial-old-space-size=32',
  '--max-semi-space-size=8',
];
