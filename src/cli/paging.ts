import type { Command } from 'commander';
import type { Page } from '../storage/page.js';
import { cliText } from './cli.messages.js';
import { t } from './help.js';
import type { Output } from './output.js';

/** `--limit N --after CURSOR` on a listing. */
export function addPagingOptions(cmd: Command, defaultLimit: number): Command {
  return cmd
    .option(
      '--limit <n>',
      t({
        es: `como máximo tantos por página (por omisión ${defaultLimit})`,
        en: `at most this many per page (default ${defaultLimit})`,
      }),
    )
    .option(
      '--after <cursor>',
      t({
        es: 'sigue tras el cursor que dio la página anterior',
        en: 'continue after the cursor the previous page gave',
      }),
    );
}

/** Says on stderr when more exist, and how to see them (JSON output stays a plain array). */
export function sayMore(out: Output, page: Page<unknown>): void {
  if (page.next !== undefined) out.say(cliText.more, { count: page.items.length, cursor: page.next });
}
