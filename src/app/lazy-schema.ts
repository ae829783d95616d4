/**
 * A zod schema built the first time it is used rather than when its module loads: most commands never
 * validate what it describes (a fetch or a send parses no account settings), and building a schema is work
 * done at start-up (zod instantiates and checks every member).
 */
export function lazySchema<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
