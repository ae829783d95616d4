import { CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { commonErrors } from '../errors/common.errors.js';
import { defineErrors, DrobotError, isDrobotError, type RenderedError } from '../errors/drobot-error.js';
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import { cliText } from './cli.messages.js';
import { localizePlaceholders, placeholderWord } from './help-placeholders.js';
import { visible, visibleJson } from '../i18n/visible.js';

/** Where the command writes: data to stdout (JSON only with --json), people's messages to stderr. */
export interface Output {
  readonly lang: Lang;
  readonly json: boolean;
  /** A command's result: JSON with --json, else `human`'s text; a result told on stderr (`say`) has none. */
  data(value: unknown, human?: () => string): void;
  say(text: Text, params?: Params): void;
}

export function createOutput(lang: Lang, json: boolean): Output {
  return {
    lang,
    json,
    data(value, human) {
      if (json) {
        process.stdout.write(`${visibleJson(value)}\n`);
        return;
      }
      const text = human?.() ?? '';
      if (text !== '') process.stdout.write(`${visible(text)}\n`);
    },
    say(text, params) {
      process.stderr.write(`${visible(format(text, lang, params))}\n`);
    },
  };
}

/** Exit codes: 1 a failure, 2 bad input (a field, a flag, a file). */
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

const commanderTexts: Record<string, Text> = {
  'commander.unknownOption': cliText.unknownOption,
  'commander.unknownCommand': cliText.unknownCommand,
  'commander.missingArgument': cliText.missingArgument,
  'commander.optionMissingArgument': cliText.missingOptionValue,
  'commander.missingMandatoryOptionValue': cliText.missingOptionValue,
  'commander.invalidArgument': cliText.invalidArgument,
  'commander.excessArguments': cliText.usage,
};

function renderUnknown(error: unknown, lang: Lang): { rendered: RenderedError; exit: number } {
  if (isDrobotError(error)) {
    return { rendered: error.render(lang), exit: error.status < 500 ? EXIT_BAD_INPUT : EXIT_FAILURE };
  }
  if (error instanceof ConfigError) {
    return { rendered: { code: 'config_invalid', message: error.render(lang) }, exit: EXIT_BAD_INPUT };
  }
  if (error instanceof CommanderError) {
    const text = commanderTexts[error.code] ?? cliText.usage;
    const message = error.message.replace(/^error:\s*/, '');
    const quoted = /'([^']+)'/.exec(message);
    const named = quoted?.[1] ?? message;
    // The argument or the option's flags, with the placeholder words the help shows.
    const detail =
      error.code === 'commander.missingArgument'
        ? placeholderWord(named, lang)
        : localizePlaceholders(named, lang);
    return {
      rendered: { code: error.code.replace('commander.', 'cli_'), message: format(text, lang, { detail }) },
      exit: EXIT_BAD_INPUT,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    rendered: {
      code: commonErrors.internal.code,
      message: `${format(commonErrors.internal.message, lang)} (${message})`,
    },
    exit: EXIT_FAILURE,
  };
}

/** Prints an error for a person (or as JSON with --json) on stderr and returns the exit code. */
export function reportError(error: unknown, lang: Lang, json: boolean): number {
  const { rendered, exit } = renderUnknown(error, lang);
  if (json) {
    process.stderr.write(`${visibleJson({ error: rendered })}\n`);
    return exit;
  }
  const lines = [`${format(cliText.errorPrefix, lang)}: ${rendered.message}`];
  for (const issue of rendered.issues ?? []) lines.push(`  - ${issue.field}: ${issue.message}`);
  if (rendered.serverReply) lines.push(`  > ${rendered.serverReply}`);
  if (rendered.hint) lines.push(`${format(cliText.hint, lang)}: ${rendered.hint}`);
  process.stderr.write(`${visible(lines.join('\n'))}\n`);
  return exit;
}

const outputErrors = defineErrors({
  stdoutFailed: {
    code: 'output_failed',
    message: {
      es: 'No se pudo escribir la salida de la orden ({cause}): está incompleta.',
      en: "The command's output could not be written ({cause}): it is incomplete.",
    },
    status: 500,
  },
});

/** The causes a write to a file or a device commonly meets, in every language; others go by their code. */
const writeCauses: Readonly<Record<string, Text>> = {
  ENOSPC: { es: 'no queda espacio en el dispositivo', en: 'no space left on the device' },
  EDQUOT: { es: 'cuota de disco agotada', en: 'disk quota exceeded' },
  EFBIG: { es: 'archivo demasiado grande', en: 'file too large' },
  EIO: { es: 'error de entrada/salida', en: 'input/output error' },
  EBADF: { es: 'la salida está cerrada', en: 'the output is closed' },
};

/** Reports a failed write to standard output (a full disk, a device error) on stderr; returns the exit code. */
export function reportOutputFailure(error: NodeJS.ErrnoException, lang: Lang, json: boolean): number {
  const code = error.code ?? error.name;
  const known = writeCauses[code];
  const cause = known ? `${code}, ${format(known, lang)}` : code;
  return reportError(
    new DrobotError(outputErrors.stdoutFailed, { params: { cause }, cause: error }),
    lang,
    json,
  );
}
