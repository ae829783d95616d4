import type { Command } from 'commander';
import { installLastResort } from '../../app/last-resort.js';
import { startInbound } from '../../inbound/inbound.factory.js';
import { startNotifications } from '../../notifications/notifications.context.js';
import { routingProblemMessage } from '../../notifications/routing.labels.js';
import { routingProblem } from '../../notifications/routing.js';
import { buildServer } from '../../server/app.js';
import { resolveAdminToken } from '../../server/admin-token.js';
import { isLoopbackHost, listenError, parsePort, serveTexts } from '../../server/listen.js';
import { cliText } from '../cli.messages.js';
import { runCommand } from '../runtime.js';
import { t } from '../help.js';
import { removeSetupAddress, writeSetupAddress } from '../../users/setup-address-file.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(t({ es: 'ejecuta el robot y la API REST', en: 'run the robot and the REST API' }))
    .option(
      '--host <address>',
      t({
        es: 'dirección en la que escucha (por omisión 127.0.0.1)',
        en: 'address to listen on (default 127.0.0.1)',
      }),
    )
    .option(
      '--port <port>',
      t({ es: 'puerto en el que escucha (por omisión 8025)', en: 'port to listen on (default 8025)' }),
    )
    .action((f: { host?: string; port?: string }) =>
      runCommand(
        {},
        async ({ ctx, out, config }) => {
          // A long-running process: what no mail, account or request handled must not end it.
          const removeLastResort = installLastResort(ctx.logger);
          const host = f.host ?? config.httpHost;
          const port = f.port !== undefined ? parsePort(f.port, '--port') : config.httpPort;
          const token = resolveAdminToken(config);
          const app = await buildServer(ctx, { adminToken: token.value });
          if (!isLoopbackHost(host)) out.say(serveTexts.networkWarning, { host });
          try {
            await app.listen({ host, port });
          } catch (error) {
            await app.close();
            throw listenError(error, { host, port });
          }
          // Whatever fails once the API listens (an unreadable threading key, say) closes it again and ends
          // the command with its error: a server left listening would keep the process alive, doing nothing.
          let stopInbound = async (): Promise<void> => undefined;
          let stopNotifications = async (): Promise<void> => undefined;
          try {
            if (config.fetchOnServe) stopInbound = await startInbound(ctx);
            stopNotifications = await startNotifications(ctx);
            // Acknowledgments that would find no account to go by: said once, at start, with what to do.
            const problem = routingProblem(await ctx.accounts.list(), config.notify);
            if (problem) {
              ctx.logger.warn('notifications have no outbound account to go by', {
                problem: problem.kind,
                ...('name' in problem ? { configured: problem.name } : {}),
                accounts: problem.accounts.join(', '),
                todo: routingProblemMessage(problem, config.lang),
              });
            }
            const address = app.server.address();
            const bound = typeof address === 'object' && address ? address.port : port;
            const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
            out.say(cliText.serving, { url, tokenSource: token.source });
            // Never in the log: whoever holds this address becomes the administrator. On a terminal it is
            // shown; a service's output (a journal, a log file) only says where the owner-only file is.
            const setupToken = await ctx.sessions.issueSetupToken();
            if (setupToken) {
              const address = `${config.publicUrl ?? url}/setup#${setupToken}`;
              const file = writeSetupAddress(config.dataDir, address);
              const minutes = Math.round(ctx.sessions.policy.setupTtlMs / 60_000);
              if (process.stderr.isTTY) out.say(cliText.setupAddress, { url: address, minutes });
              else out.say(cliText.setupAddressInFile, { file, minutes });
            } else {
              removeSetupAddress(config.dataDir);
            }
            ctx.logger.info('serving', { url });
            await new Promise<void>((resolve) => {
              const stop = () => resolve();
              process.once('SIGINT', stop);
              process.once('SIGTERM', stop);
            });
          } finally {
            await stopInbound();
            await stopNotifications();
            await app.close();
            removeLastResort();
          }
        },
        { logStream: process.stderr },
      ),
    );
}
