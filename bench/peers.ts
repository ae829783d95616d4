/**
 * The reference tools DRobot is measured against: fetchmail (Debian's package) taking a mailbox into a
 * BSMTP file in keep mode, and Postfix's smtp-source sending into the same sink as DRobot.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchProtocol } from './args.js';
import { measure, type Measured } from './runner.js';

/** Installs a missing peer from Debian's archive (fetchmail; postfix without configuring or starting it). */
export function ensurePeers(): void {
  const missing: string[] = [];
  if (!fs.existsSync('/usr/bin/fetchmail')) missing.push('fetchmail');
  if (!fs.existsSync('/usr/sbin/smtp-source') || !fs.existsSync('/usr/sbin/smtp-sink'))
    missing.push('postfix');
  if (!fs.existsSync('/usr/bin/time')) missing.push('time');
  if (missing.length === 0) return;
  console.error(`installing ${missing.join(', ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('debconf-set-selections', {
    input: 'postfix postfix/main_mailer_type select No configuration\n',
  });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
}

export interface FetchmailRun extends Measured {
  /** Mails found in the BSMTP file. */
  readonly delivered: number;
}

export async function runFetchmail(
  work: string,
  protocol: BenchProtocol,
  port: number,
  login: { user: string; password: string },
  caFile: string,
): Promise<FetchmailRun> {
  const home = fs.mkdtempSync(path.join(work, 'fetchmail-'));
  const rc = path.join(home, 'fetchmailrc');
  const out = path.join(home, 'bsmtp.out');
  fs.writeFileSync(
    rc,
    `poll localhost with proto ${protocol === 'pop3s' ? 'POP3' : 'IMAP'} port ${port}\n` +
      `  user "${login.user}" there with password "${login.password}" is root here\n` +
      `  options ssl sslcertck sslcertfile "${caFile}" fetchall keep\n`,
    { mode: 0o600 },
  );
  const run = await measure('fetchmail', ['-f', rc, '-N', '--bsmtp', out, '-s'], { FETCHMAILHOME: home });
  let delivered = 0;
  try {
    delivered = Number(execFileSync('grep', ['-c', '^MAIL FROM:', out], { encoding: 'utf8' }).trim());
  } catch {
    // grep exits 1 when it finds nothing
  }
  fs.rmSync(home, { recursive: true, force: true });
  return { ...run, delivered };
}

/** smtp-source: `count` mails of `bytes` bytes over `sessions` connections kept open, no TLS. */
export function runSmtpSource(
  port: number,
  count: number,
  sessions: number,
  bytes: number,
): Promise<Measured> {
  return measure('/usr/sbin/smtp-source', [
    '-s',
    String(sessions),
    '-m',
    String(count),
    '-l',
    String(bytes),
    '-d',
    '-f',
    'soporte@helpdesk.test',
    '-t',
    'ana@example.test',
    `127.0.0.1:${port}`,
  ]);
}
