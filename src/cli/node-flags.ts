/**
 * The Node flags the `drobot` process runs with. V8 sizes its heap from the machine's memory (gigabytes),
 * so while thousands of mails are parsed it lets garbage pile up far beyond what is live; a bounded heap
 * makes it collect sooner, for a much lower peak resident memory at a small cost in time.
 *
 * Node takes them only on its command line, so they are written in the shebang of `main.ts` and in
 * `npm start` too; a test checks that both say what this list says.
 */
export const DROBOT_NODE_FLAGS: readonly string[] = ['--max-old-space-size=128'];
