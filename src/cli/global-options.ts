import type { ConfigOverrides } from '../config/config.js';
import type { Lang } from '../i18n/lang.js';

/**
 * What the command line says before any command runs: the language of its messages and the global options.
 * Apart from `runtime.ts`, which loads the configuration (and its schema library): `drobot --version` and the
 * help need none of that.
 */

/** The configuration's language, even when the rest of the configuration is invalid. */
export function cliLang(): Lang {
  return process.env.DROBOT_LANG === 'en' ? 'en' : 'es';
}

let overrides: ConfigOverrides = {};

/** Global options (`--data-dir`) that every command's configuration takes over the environment's. */
export function setConfigOverrides(value: ConfigOverrides): void {
  overrides = value;
}

export function configOverrides(): ConfigOverrides {
  return overrides;
}
