/**
 * `npm run bench`: fetching one POP3 mailbox over TLS from a private Dovecot, DRobot against fetchmail.
 * DRobot turns every mail into a stored case (parse, classify, thread, commit); fetchmail only downloads
 * and hands the mails to a BSMTP file, so the ratio is a conservative one. Prints figures; asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as corpus from '../test/support/corpus.js';
import { CLI_ENTRY } from '../test/support/cli.js';
import { startDovecot } from '../test/support/dovecot.js';
import { createTestPki } from '../test/support/pki.js';

const MAILS = Number(process.env.DROBOT_BENCH_MAILS ?? 1000);
const USER = 'bench@example.test';
const PASSWORD = 'bench-password-1';

interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly code: number;
  readonly output: string;
}

function ensureFetchmail(): void {
  try {
    execFileSync('fetchmail', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('installing fetchmail (the peer) from Debian…');
    execFileSync('apt-get', ['install', '-y', '-qq', 'fetchmail'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
}

/** Runs a command, sampling its peak resident memory (VmHWM) until it exits. */
function measure(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
      } catch {
        // the process has just exited
      }
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakRssMb: peakKb / 1024,
        code: code ?? -1,
        output,
      });
    });
  });
}

function mailbox(): Buffer[] {
  const makers = [corpus.plainMail, corpus.alternativeMail, corpus.spanishLatin1Mail, corpus.htmlOnlyMail];
  return Array.from({ length: MAILS }, (_, i) => {
    const make = makers[i % makers.length] ?? corpus.plainMail;
    return make({ from: `usuario${i % 50}@example.test`, subject: `Incidencia ${i}` });
  });
}

async function main(): Promise<void> {
  ensureFetchmail();
  const pki = createTestPki();
  const dovecot = await startDovecot({ pki, users: [{ user: USER, password: PASSWORD }] });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-bench-'));
  try {
    const mails = mailbox();
    const bytes = mails.reduce((n, m) => n + m.length, 0);
    dovecot.deliverMany(USER, mails);
    const port = String(dovecot.ports.pop3s);

    const rc = path.join(work, 'fetchmailrc');
    fs.writeFileSync(
      rc,
      `poll localhost with proto POP3 port ${port}\n  user "${USER}" there with password "${PASSWORD}" is root here\n` +
        `  options ssl sslcertck sslcertfile "${pki.caFile}" fetchall keep\n`,
      { mode: 0o600 },
    );
    const peer = await measure('fetchmail', ['-f', rc, '-N', '--bsmtp', path.join(work, 'bsmtp.out'), '-s'], {
      FETCHMAILHOME: work,
    });

    const env = { DROBOT_DATA_DIR: path.join(work, 'data'), DROBOT_LANG: 'en', DROBOT_LOG_LEVEL: 'warn' };
    execFileSync(
      process.execPath,
      [
        CLI_ENTRY,
        'accounts',
        'add',
        '--name',
        'bench',
        '--direction',
        'inbound',
        '--protocol',
        'pop3',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        port,
        '--security',
        'implicit',
        '--ca-file',
        pki.caFile,
        '--username',
        USER,
        '--password-stdin',
        '--leave-copy',
        '--first-run',
        'all',
        '--max-messages',
        String(MAILS),
      ],
      { env: { ...process.env, ...env }, input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] },
    );
    // DROBOT_BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles DRobot's run.
    const nodeArgs = (process.env.DROBOT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const drobot = await measure(
      process.execPath,
      [...nodeArgs, CLI_ENTRY, 'fetch', 'bench', '--once', '--json'],
      env,
    );
    if (drobot.code !== 0 || peer.code !== 0) {
      console.error(
        `a run failed: drobot ${drobot.code}, fetchmail ${peer.code}\n${drobot.output}\n${peer.output}`,
      );
      process.exitCode = 1;
      return;
    }
    const rate = (r: Run) => MAILS / r.seconds;
    const mb = bytes / 1024 / 1024;
    console.log(`POP3 over TLS from Dovecot: ${MAILS} mails, ${mb.toFixed(1)} MB`);
    console.log('tool        seconds   mails/s    MB/s   peak RSS MB   does');
    const row = (name: string, r: Run, does: string) =>
      console.log(
        `${name.padEnd(10)} ${r.seconds.toFixed(2).padStart(8)} ${rate(r).toFixed(0).padStart(9)} ${(
          mb / r.seconds
        )
          .toFixed(2)
          .padStart(7)} ${r.peakRssMb.toFixed(0).padStart(13)}   ${does}`,
      );
    row('drobot', drobot, 'download + parse + case stored per mail');
    row('fetchmail', peer, 'download to a BSMTP file');
    console.log(
      `ratio drobot/fetchmail: time ${(drobot.seconds / peer.seconds).toFixed(2)}x, peak memory ${(drobot.peakRssMb / peer.peakRssMb).toFixed(2)}x`,
    );
  } finally {
    await dovecot.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
