import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * SQL texts that PostgreSQL keeps parsed and planned per connection (server-side prepared statements):
 * only the fixed texts of hot per-mail queries, registered by `PreparedQuery` when it compiles one. The
 * set is bounded, so each connection holds a bounded number of prepared statements; any other text runs
 * unnamed, parsed afresh as before.
 */
const MAX_NAMED = 64;
const names = new Map<string, string>();

/** Marks a compiled SQL text as hot: from now on it runs as a named prepared statement on PostgreSQL. */
export function nameStatement(text: string): void {
  if (names.has(text) || names.size >= MAX_NAMED) return;
  // Named by its text, so one name never stands for two texts on a connection.
  names.set(text, `drobot_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`);
}

/** The statement name of a registered text, if it has one. */
export function statementName(text: string): string | undefined {
  return names.get(text);
}

/**
 * A pool whose clients run registered texts as named statements. Kysely's PostgreSQL driver calls
 * `client.query(text, values)`; node-postgres parses a named text once per connection and reuses it.
 */
export function namingPool(pool: PostgresPool): PostgresPool {
  return {
    connect: async () => namingClient(await pool.connect()),
    end: () => pool.end(),
  };
}

function namingClient(client: PostgresPoolClient): PostgresPoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  return {
    // Kysely's client type overloads `query` (text and values, or a cursor); this forwards both shapes.
    query: ((text: unknown, values?: readonly unknown[]) => {
      const name = typeof text === 'string' ? statementName(text) : undefined;
      return name === undefined ? query(text, values) : query({ name, text, values });
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}
