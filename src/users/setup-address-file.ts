import fs from 'node:fs';
import path from 'node:path';

/**
 * While no user exists, the address that creates the first administrator is kept in the data directory,
 * readable by its owner only (like the admin token): a service's output goes to a journal or a log file that
 * others may read, and whoever holds the address becomes the administrator. `drobot serve` prints it on a
 * terminal only; the file goes once the first user exists.
 */
export const SETUP_ADDRESS_FILE = 'setup-address';

export function setupAddressPath(dataDir: string): string {
  return path.join(dataDir, SETUP_ADDRESS_FILE);
}

/** Writes the address (replacing an older one whole: a reader never sees half of it); returns the file. */
export function writeSetupAddress(dataDir: string, address: string): string {
  const file = setupAddressPath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  fs.writeFileSync(temp, `${address}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, file);
  return file;
}

/** Removes the address once it can no longer serve (a user exists). */
export function removeSetupAddress(dataDir: string): void {
  fs.rmSync(setupAddressPath(dataDir), { force: true });
}
