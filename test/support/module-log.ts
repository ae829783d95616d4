import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A module loader hook for a child process: every module it loads (ES modules and the CommonJS packages
 * they import) is written, one URL a line, to the file named by DROBOT_MODULE_LOG. Data URLs, so the hook
 * runs the same whether the command runs compiled or from source.
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.DROBOT_MODULE_LOG, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;
const NODE_OPTIONS = `--import=data:text/javascript,${encodeURIComponent(REGISTER)}`;

export interface ModuleLog {
  /** Environment for a child process whose loaded modules are to be recorded (a new record each call). */
  env(): Record<string, string>;
  /** The module URLs the child process of the last `env()` loaded. */
  loaded(): string[];
  remove(): void;
}

export function createModuleLog(): ModuleLog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-modules-'));
  let runs = 0;
  const file = () => path.join(dir, `run-${runs}.log`);
  const loaded = () => fs.readFileSync(file(), 'utf8').split('\n').filter(Boolean);
  return {
    env: () => {
      runs += 1;
      return { NODE_OPTIONS, DROBOT_MODULE_LOG: file() };
    },
    loaded,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Which of the given parts of URLs (`/node_modules/pg/`) some of the loaded modules' URLs contain. */
export function loadedOf(urls: readonly string[], parts: readonly string[]): string[] {
  return parts.filter((part) => urls.some((url) => url.includes(part)));
}
