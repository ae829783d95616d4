/**
 * Fast test delivery into Maildirs the way an MDA does it: write into `tmp/`, then rename into `new/`
 * (or `cur/` with the Seen flag), every file and folder owned by the mail user.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DeliverOptions {
  /**
   * A folder other than INBOX, `/`-separated (`Archive/2024`); stored the Maildir++ way (`.Archive.2024`),
   * so IMAP lists it with Dovecot's default separator as `Archive.2024`.
   */
  readonly folder?: string;
  /** Deliver as already read (`cur/…:2,S`). */
  readonly seen?: boolean;
}

export class MaildirWriter {
  private counter = 0;
  private readonly made = new Set<string>();

  constructor(
    private readonly homeOf: (user: string) => string,
    private readonly uid: number,
    private readonly gid: number,
  ) {}

  private mkdirOwned(dir: string): void {
    if (this.made.has(dir)) return;
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.chownSync(dir, this.uid, this.gid);
    }
    this.made.add(dir);
  }

  /** The Maildir folder of a user's mailbox folder, made with its cur/new/tmp when missing. */
  ensure(user: string, folder?: string): string {
    const home = this.homeOf(user);
    this.mkdirOwned(home);
    const maildir = path.join(home, 'Maildir');
    this.mkdirOwned(maildir);
    let dir = maildir;
    if (folder !== undefined && folder.toUpperCase() !== 'INBOX') {
      if (/[.\n]/.test(folder)) throw new Error(`unsupported test folder name ${folder}`);
      dir = path.join(maildir, `.${folder.split('/').join('.')}`);
      this.mkdirOwned(dir);
      // Maildir++ marks a folder with this file so that it is listed.
      const marker = path.join(dir, 'maildirfolder');
      if (!fs.existsSync(marker)) {
        fs.writeFileSync(marker, '');
        fs.chownSync(marker, this.uid, this.gid);
      }
    }
    for (const sub of ['cur', 'new', 'tmp']) this.mkdirOwned(path.join(dir, sub));
    return dir;
  }

  deliver(user: string, raw: Buffer, opts: DeliverOptions = {}): string {
    const dir = this.ensure(user, opts.folder);
    const now = Date.now();
    // Dovecot orders new mail by the time in the name, then by the rest of the name as text: a padded
    // counter keeps deliveries within one millisecond in the order they were made.
    const seq = String(++this.counter).padStart(9, '0');
    const base = `${Math.floor(now / 1000)}.M${(now % 1000) * 1000}P${process.pid}Q${seq}.${os.hostname()},S=${raw.length}`;
    const tmp = path.join(dir, 'tmp', base);
    fs.writeFileSync(tmp, raw, { mode: 0o600 });
    fs.chownSync(tmp, this.uid, this.gid);
    const final = opts.seen ? path.join(dir, 'cur', `${base}:2,S`) : path.join(dir, 'new', base);
    fs.renameSync(tmp, final);
    return final;
  }
}
