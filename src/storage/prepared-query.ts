import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Executor } from './database.js';
import { nameStatement } from './named-statements.js';

/** Stands for one named value while a prepared query is compiled. */
class Slot {
  constructor(readonly name: string) {}
}

interface Template<R> {
  readonly compiled: CompiledQuery<R>;
  /** The name of the value that goes at each parameter position. */
  readonly slots: readonly string[];
}

/**
 * A query of fixed shape for hot paths (a statement per mail): built and compiled by Kysely once per
 * database, then run with new values. Building and compiling a query costs about as much CPU as SQLite
 * takes to run a small statement. `build` gets an object with a stand-in under each of `names` and must
 * pass each one through as a value, untouched (a whole row to `values()` is fine): the compiled SQL may not
 * depend on them. Every parameter must be a stand-in (checked at the first compile), so a value computed in
 * `build` cannot be frozen into the template by mistake; a value missing when it runs is bound as null.
 */
export class PreparedQuery<P extends Record<string, unknown>, R> {
  /** By the database's dialect adapter: a transaction shares its database's. */
  private readonly templates = new WeakMap<object, Template<R>>();

  constructor(
    private readonly names: readonly (keyof P & string)[],
    private readonly build: (ex: Executor, values: P) => Compilable<R>,
  ) {}

  async execute(ex: Executor, values: P): Promise<QueryResult<R>> {
    const template = this.templateFor(ex);
    const parameters = template.slots.map((name) => values[name] ?? null);
    return await ex.executeQuery<R>({ ...template.compiled, parameters });
  }

  async executeTakeFirstOrThrow(ex: Executor, values: P): Promise<R> {
    const { rows } = await this.execute(ex, values);
    const first = rows[0];
    if (first === undefined) throw new Error('prepared query returned no row');
    return first;
  }

  private templateFor(ex: Executor): Template<R> {
    const key = ex.getExecutor().adapter;
    const known = this.templates.get(key);
    if (known) return known;
    const standIns = Object.fromEntries(this.names.map((name) => [name, new Slot(name)])) as unknown as P;
    const compiled = this.build(ex, standIns).compile();
    const slots = compiled.parameters.map((p, i) => {
      if (!(p instanceof Slot)) throw new Error(`prepared query: parameter ${i + 1} is not a value stand-in`);
      return p.name;
    });
    // Fixed text, run once per mail: worth keeping parsed and planned on each PostgreSQL connection.
    nameStatement(compiled.sql);
    const template = { compiled, slots };
    this.templates.set(key, template);
    return template;
  }
}
