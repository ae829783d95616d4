/**
 * The bench's servers, all on loopback: the test suite's private Dovecot (POP3S and IMAPS with the suite's
 * PKI), mailboxes filled from a corpus written once to disk (hard links, so every run gets a fresh mailbox
 * with the same bytes), Postfix's smtp-sink, the suite's SMTP server for STARTTLS, and a PostgreSQL schema
 * per run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startDovecot, type DovecotServer } from '../test/support/dovecot.js';
import type { TestPki } from '../test/support/pki.js';
import { corpusMail } from './corpus.js';
import { processStat } from './process-cpu.js';

export interface CorpusOnDisk {
  readonly dir: string;
  readonly files: readonly string[];
  readonly bytes: number;
  readonly largest: number;
}

/** Writes the first `count` corpus mails into `dir`, owned by the mail user Dovecot reads as. */
export function writeCorpus(dir: string, count: number, tag: string): CorpusOnDisk {
  fs.mkdirSync(dir, { recursive: true });
  const uid = Number(execFileSync('id', ['-u', 'drobotmail'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'drobotmail'], { encoding: 'utf8' }).trim());
  const files: string[] = [];
  let bytes = 0;
  let largest = 0;
  for (let i = 0; i < count; i++) {
    const { raw } = corpusMail(i, { tag });
    const file = path.join(dir, `${String(i).padStart(9, '0')},S=${raw.length}`);
    fs.writeFileSync(file, raw, { mode: 0o600 });
    fs.chownSync(file, uid, gid);
    files.push(file);
    bytes += raw.length;
    largest = Math.max(largest, raw.length);
  }
  return { dir, files, bytes, largest };
}

let users = 0;

/** A new Dovecot user whose INBOX holds the corpus (linked, not copied), in corpus order. */
export function freshMailbox(
  dovecot: DovecotServer,
  corpus: CorpusOnDisk,
): { user: string; password: string } {
  users += 1;
  const user = `bench${users}@example.test`;
  const password = `bench-password-${users}`;
  dovecot.addUser(user, password);
  const inbox = path.join(dovecot.maildir(user), 'new');
  // Dovecot orders new mail by the time in the name, then by the rest of the name as text.
  const stamp = Math.floor(Date.now() / 1000);
  corpus.files.forEach((file, i) => {
    const size = /,S=(\d+)$/.exec(file)?.[1] ?? '0';
    fs.linkSync(file, path.join(inbox, `${stamp}.M${String(i).padStart(9, '0')}P1.bench,S=${size}`));
  });
  return { user, password };
}

export async function startBenchDovecot(pki: TestPki): Promise<DovecotServer> {
  return startDovecot({ pki, users: [{ user: 'probe@example.test', password: 'probe-password-1' }] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Sink {
  readonly port: number;
  /** The smtp-sink process (for its CPU time). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** Postfix's smtp-sink: accepts every mail and throws it away (no TLS: it offers none). */
export async function startSmtpSink(): Promise<Sink> {
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', `127.0.0.1:${port}`, '512'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    if (await accepts(port)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A PostgreSQL schema of its own for one run; `url` points DRobot at it. The name ends with a random part:
 * two benchmarks sharing one database (two checkouts, two people) must never drop each other's schema.
 */
export async function postgresSchema(
  baseUrl: string,
  name: string,
): Promise<{ url: string; serverPid: number | undefined; drop(): Promise<void> }> {
  const safe = `${name.replace(/[^a-z0-9_]/g, '')}_${crypto.randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`create schema ${safe}`);
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  // The server's main process, when it runs on this machine: the parent of this connection's backend (read
  // while the backend lives). A server elsewhere (or in a container) has pids that mean nothing here: the
  // name is checked.
  const backend = processStat(Number(rows[0]?.pid));
  const serverPid = backend?.name.startsWith('postgres') ? backend.parent : undefined;
  await client.end();
  const sep = baseUrl.includes('?') ? '&' : '?';
  return {
    url: `${baseUrl}${sep}options=${encodeURIComponent(`-c search_path=${safe}`)}`,
    serverPid,
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${safe} cascade`);
      await c.end();
    },
  };
}
