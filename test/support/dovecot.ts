/**
 * A private, throw-away Dovecot 2.3 per test file: POP3 and IMAP, each plain (with STLS/STARTTLS) and with
 * implicit TLS, on free loopback ports, with Maildirs the test fills directly.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  dovecotConfig,
  homeOf,
  oauth2Args,
  type DovecotPorts,
  type OAuth2PassdbOptions,
} from './dovecot-config.js';
import { MaildirWriter, type DeliverOptions } from './dovecot-maildir.js';
import type { CertFiles, TestPki } from './pki.js';

export type { DovecotPorts } from './dovecot-config.js';
export type { DeliverOptions } from './dovecot-maildir.js';

const DOVECOT = '/usr/sbin/dovecot';
const MAIL_USER = 'drobotmail';

export interface DovecotUser {
  readonly user: string;
  readonly password: string;
}

export interface DovecotOptions {
  readonly pki: TestPki;
  readonly users: readonly DovecotUser[];
  /** XOAUTH2 and OAUTHBEARER checked at an RFC 7662 introspection endpoint. */
  readonly oauth2?: OAuth2PassdbOptions;
  /** Another certificate to serve instead of `pki.server` (expired, wrong name, self-signed). */
  readonly certificate?: CertFiles;
  /** IMAP offers COMPRESS=DEFLATE, as Gmail does. */
  readonly compress?: boolean;
}

export interface DovecotServer {
  readonly host: '127.0.0.1';
  readonly ports: DovecotPorts;
  /** The master process, parent of every other Dovecot process of the instance. */
  readonly pid: number;
  /** Writes one message into a user's Maildir (INBOX unless `folder`), unseen unless `seen`. */
  deliver(user: string, raw: Buffer, opts?: DeliverOptions): void;
  deliverMany(user: string, raws: readonly Buffer[], opts?: DeliverOptions): void;
  /** The user's Maildir folder (INBOX). */
  maildir(user: string): string;
  /** Mails still on the server in a user's folder (INBOX unless `folder`). */
  count(user: string, folder?: string): number;
  setPassword(user: string, password: string): void;
  addUser(user: string, password: string): void;
  /** The instance's log, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Fails (never skips) with a message that says how to get Dovecot. */
export function assertDovecotInstalled(): void {
  if (!fs.existsSync(DOVECOT)) {
    throw new Error(
      `Dovecot is not installed (${DOVECOT} missing): run scripts/ensure-test-deps.sh, or ` +
        'apt-get install dovecot-core dovecot-pop3d dovecot-imapd',
    );
  }
  if (process.getuid?.() !== 0)
    throw new Error('The Dovecot test harness must run as root (Dovecot switches users).');
}

function mailUserIds(): { uid: number; gid: number } {
  const lookup = () => spawnSync('id', ['-u', MAIL_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    // Two test files may race here; whichever loses finds the user made by the other.
    spawnSync('useradd', ['-r', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', MAIL_USER]);
  }
  const uid = Number(execFileSync('id', ['-u', MAIL_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', MAIL_USER], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** DH parameters, made once per machine (a fixed RFC 7919 group is quick) and shared through the temp folder. */
function dhParams(): string {
  const file = path.join(os.tmpdir(), 'drobot-test-dh-ffdhe2048.pem');
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.${process.pid}`;
  execFileSync(
    'openssl',
    ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', tmp],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  fs.renameSync(tmp, file);
  return file;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
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

async function waitForPorts(ports: readonly number[], deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const ready = await Promise.all(ports.map(accepts));
    if (ready.every(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Starts a private Dovecot; resolves once all four ports accept connections. */
export async function startDovecot(options: DovecotOptions): Promise<DovecotServer> {
  assertDovecotInstalled();
  const { uid, gid } = mailUserIds();
  const dhFile = dhParams();
  // Short path: UNIX socket paths under base_dir are limited to 108 bytes.
  const root = fs.mkdtempSync(fs.existsSync('/tmp') ? '/tmp/dc-' : path.join(os.tmpdir(), 'dc-'));
  fs.chmodSync(root, 0o755);
  fs.mkdirSync(path.join(root, 'mail'), { mode: 0o755 });
  const passwdFile = path.join(root, 'users.passwd');
  const users = new Map<string, string>();
  let stamp = Math.floor(Date.now() / 1000);
  const writeUsers = () => {
    const text = [...users].map(([u, p]) => `${u}:{PLAIN}${p}\n`).join('');
    fs.writeFileSync(passwdFile, text, { mode: 0o644 });
    // Dovecot re-reads the file when its mtime or size changes: make every write a new mtime.
    stamp = Math.max(stamp + 1, Math.floor(Date.now() / 1000));
    fs.utimesSync(passwdFile, stamp, stamp);
  };
  const maildirs = new MaildirWriter((user) => homeOf(root, user), uid, gid);
  const addUser = (user: string, password: string) => {
    if (/[:\n]/.test(user) || /\n/.test(password)) throw new Error(`bad test user ${user}`);
    users.set(user.toLowerCase(), password);
    maildirs.ensure(user);
    writeUsers();
  };
  for (const u of options.users) addUser(u.user, u.password);

  let oauth2ArgsFile: string | undefined;
  if (options.oauth2) {
    oauth2ArgsFile = path.join(root, 'oauth2.args');
    fs.writeFileSync(oauth2ArgsFile, oauth2Args(options.oauth2), { mode: 0o600 });
  }
  const cert = options.certificate ?? options.pki.server;
  const confFile = path.join(root, 'dovecot.conf');
  const logFile = path.join(root, 'dovecot.log');
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  let ports: DovecotPorts | undefined;
  let master: { child: ChildProcess; exited: Promise<void> } | undefined;
  let lastError = '';
  // A free port can be taken between finding it and Dovecot binding it: try again with new ones.
  for (let attempt = 0; attempt < 3 && !ports; attempt++) {
    const [pop3 = 0, pop3s = 0, imap = 0, imaps = 0] = await freePorts(4);
    const candidate = { pop3, pop3s, imap, imaps };
    const conf = dovecotConfig({
      instanceName: `drobot-${path.basename(root)}`,
      root,
      ports: candidate,
      uid,
      gid,
      certFile: cert.certFile,
      keyFile: cert.keyFile,
      dhFile,
      passwdFile,
      oauth2ArgsFile,
      compress: options.compress,
    });
    fs.writeFileSync(confFile, conf);
    const outFile = path.join(root, 'start.out');
    const out = fs.openSync(outFile, 'w');
    // In the foreground, in a process group of its own: stop() can end it and all its children at once.
    const child = spawn(DOVECOT, ['-F', '-c', confFile], { stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    child.unref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const started = await Promise.race([
      waitForPorts([pop3, pop3s, imap, imaps], 10_000),
      exited.then(() => false),
    ]);
    if (started && child.pid !== undefined) {
      ports = candidate;
      master = { child, exited };
    } else {
      lastError = `${fs.readFileSync(outFile, 'utf8')}\n${readLog()}`;
      await killGroup(child, exited);
    }
  }
  if (!ports || !master) {
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    throw new Error(`Dovecot did not start: ${lastError}`);
  }

  let stopped = false;
  // A test file that ends without stop() (a crash, a failed before hook) must not leave Dovecot behind.
  const pid = master.child.pid;
  const onExit = () => {
    try {
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const running = master;
  return {
    host: '127.0.0.1',
    ports,
    pid: pid ?? 0,
    deliver: (user, raw, opts) => maildirs.deliver(user, raw, opts),
    count: (user, folder) => {
      const inbox = path.join(homeOf(root, user), 'Maildir');
      const base = folder ? path.join(inbox, `.${folder}`) : inbox;
      return ['new', 'cur']
        .map((d) => path.join(base, d))
        .filter((d) => fs.existsSync(d))
        .reduce((n, d) => n + fs.readdirSync(d).length, 0);
    },
    deliverMany: (user, raws, opts) => {
      for (const raw of raws) maildirs.deliver(user, raw, opts);
    },
    maildir: (user) => path.join(homeOf(root, user), 'Maildir'),
    setPassword: (user, password) => {
      if (!users.has(user.toLowerCase())) throw new Error(`no test user ${user}`);
      addUser(user, password);
      awaitNextSecond();
    },
    addUser: (user, password) => {
      addUser(user, password);
      awaitNextSecond();
    },
    log: readLog,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await killGroup(running.child, running.exited);
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    },
  };
}

/**
 * Dovecot looks at the passwd-file again at most once per second (its clock in whole seconds): blocking
 * until the next second makes a change apply to the very next login.
 */
function awaitNextSecond(): void {
  const wait = 1000 - (Date.now() % 1000) + 20;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}

/** Asks Dovecot to stop, and ends its whole process group when it takes long (its log process lingers). */
async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // Keep the event loop alive until it is gone (the child is unreferenced while it runs).
  child.ref();
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 500));
  if ((await Promise.race([exited.then(() => 'done' as const), timer])) === 'late') signal('SIGKILL');
  await exited;
  // Children that outlived the master in the group.
  signal('SIGKILL');
}
