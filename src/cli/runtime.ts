import type { AppContext, ContextOptions } from '../app/context.js';
import { loadConfig, type Config } from '../config/config.js';
import { cliLang, configOverrides } from './global-options.js';
import { createOutput, reportError, type Output } from './output.js';

export interface CommandScope {
  readonly ctx: AppContext;
  readonly out: Output;
  readonly config: Config;
}

/**
 * Runs one command with the application context, closes it afterwards, and turns any error into a
 * message and an exit code in one place.
 */
export async function runCommand(
  options: { json?: boolean },
  work: (scope: CommandScope) => Promise<number | void>,
  contextOptions: ContextOptions = {},
): Promise<void> {
  const json = options.json === true;
  let lang = cliLang();
  let ctx: AppContext | undefined;
  try {
    const config = loadConfig(undefined, configOverrides());
    lang = config.lang;
    // Loaded on demand: the context pulls every transport in, which `--version` and `--help` never need.
    const { createContext } = await import('../app/context.js');
    ctx = await createContext(config, contextOptions);
    const code = await work({ ctx, out: createOutput(lang, json), config });
    process.exitCode = code ?? 0;
  } catch (error) {
    process.exitCode = reportError(error, lang, json);
  } finally {
    await ctx?.close();
  }
}
