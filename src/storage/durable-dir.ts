import fs from 'node:fs';
import path from 'node:path';

/** fsync of a directory: makes the names it holds (new files, renames, new subdirectories) durable. */
export function syncDirectorySync(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * fsync of a file or directory on the thread pool (`dataOnly`: fdatasync, its data and size, as SQLite
 * syncs its log). `flags` as for open: `r+` for a handle opened for writing, which some systems need.
 */
export async function syncPath(
  target: string,
  options: { readonly flags?: 'r' | 'r+'; readonly dataOnly?: boolean } = {},
): Promise<void> {
  const handle = await fs.promises.open(target, options.flags ?? 'r');
  try {
    if (options.dataOnly) await handle.datasync();
    else await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates a directory and its missing parents, and makes the new names durable: each directory made here
 * exists after a power loss only once the directory that holds it is synced. Returns the directories it
 * synced (none when everything existed). `sync` is replaceable so a test can see the calls.
 */
export function mkdirDurable(
  dir: string,
  mode = 0o700,
  sync: (dir: string) => void = syncDirectorySync,
): string[] {
  const first = fs.mkdirSync(dir, { recursive: true, mode });
  if (first === undefined) return [];
  // Every directory from the first one created down to `dir` is new: sync its parent, deepest first.
  const synced: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const parent = path.dirname(d);
    sync(parent);
    synced.push(parent);
    if (d === path.resolve(first) || parent === d) break;
  }
  return synced;
}
