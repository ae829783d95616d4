import { Help, type Argument, type Command, type Option } from 'commander';
import type { Text } from '../i18n/lang.js';
import { cliLang } from './global-options.js';
import { localizePlaceholders, placeholderWord } from './help-placeholders.js';

/** A help text (command or option description) in the language of DROBOT_LANG. */
export function t(text: Text): string {
  return text[cliLang()];
}

const titles: Readonly<Record<string, Text>> = {
  'Usage:': { es: 'Uso:', en: 'Usage:' },
  'Arguments:': { es: 'Argumentos:', en: 'Arguments:' },
  'Options:': { es: 'Opciones:', en: 'Options:' },
  'Global Options:': { es: 'Opciones globales:', en: 'Global Options:' },
  'Commands:': { es: 'Órdenes:', en: 'Commands:' },
};

const words = {
  default: { es: 'por omisión', en: 'default' },
  choices: { es: 'valores', en: 'choices' },
  help: { es: 'muestra la ayuda de la orden', en: 'display help for command' },
  helpCommand: { es: 'muestra la ayuda de una orden', en: 'display help for a command' },
} satisfies Record<string, Text>;

/**
 * The placeholders of a usage line, a subcommand's or an option's term: commander's own ("[options]",
 * "[command]") and the commands' arguments and option values ("<name>", "--host <host>").
 */
function usageWords(usage: string): string {
  return localizePlaceholders(usage, cliLang());
}

/** Commander's own words in the extra information of an option or argument ("default: …"). */
function extras(description: string): string {
  return description
    .replace(/\((default|choices): /g, (_, word: 'default' | 'choices') => `(${t(words[word])}: `)
    .replace(/, (default|choices): /g, (_, word: 'default' | 'choices') => `, ${t(words[word])}: `);
}

/**
 * Makes `--help` speak the administrator's language: section titles, commander's own words, the help
 * option and the placeholder words of arguments and option values (one table, help-placeholders.ts);
 * every command file writes its descriptions with {@link t}. Set on the program before
 * any subcommand is added: subcommands inherit it.
 */
export function localizeHelp(program: Command): void {
  program
    .configureHelp({
      styleTitle: (title: string) => {
        const known = titles[title];
        return known ? t(known) : title;
      },
      optionDescription(this: Help, option: Option) {
        return extras(Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument: Argument) {
        return extras(Help.prototype.argumentDescription.call(this, argument));
      },
      commandUsage(this: Help, command: Command) {
        return usageWords(Help.prototype.commandUsage.call(this, command));
      },
      subcommandTerm(this: Help, command: Command) {
        return usageWords(Help.prototype.subcommandTerm.call(this, command));
      },
      optionTerm(this: Help, option: Option) {
        return usageWords(Help.prototype.optionTerm.call(this, option));
      },
      argumentTerm(this: Help, argument: Argument) {
        return placeholderWord(Help.prototype.argumentTerm.call(this, argument), cliLang());
      },
    })
    .helpOption('-h, --help', t(words.help))
    .helpCommand(`help [${placeholderWord('command', cliLang())}]`, t(words.helpCommand));
}
