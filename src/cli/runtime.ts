import type { AppContext, ContextOptions } from '../app/context.js';
import { loadConfig, type Config, type ConfigOverrides } from '../config/config.js';
import type { Lang } from '../i18n/lang.js';
import { createOutput, reportError, type Output } from './output.js';

/** The configuration's language, even when the rest of the configuration is invalid. */
export function cliLang(): Lang {
  return process.env.DROBOT_LANG === 'en' ? 'en' : 'es';
}

let overrides: ConfigOverrides = {};

/** Global options (`--data-dir`) that every command's configuration takes over the environment's. */
export function setConfigOverrides(value: ConfigOverrides): void {
  overrides = value;
}

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
    const config = loadConfig(undefined, overrides);
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
