import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CLI_ENTRY } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

const fromSource = import.meta.url.endsWith('.ts');

/** A real `drobot serve` child: its address and the first-run setup address it wrote. */
export interface ServeChild {
  readonly url: string;
  readonly setupUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export function startServe(env: Record<string, string>): Promise<ServeChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', '--port', '0'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  let started = false;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`drobot serve did not start:\n${stderr}`));
    }, 120_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /(?:escuchando en|listening on) (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
      // Not a terminal: serve names the owner-only file that holds the setup address, not the address.
      const setupFile = /(?:está en|is in) (\S+\/setup-address),/.exec(stderr)?.[1];
      if (url && setupFile && !started) {
        started = true;
        clearTimeout(timer);
        const setupUrl = fs.readFileSync(setupFile, 'utf8').trim();
        resolve({ url, setupUrl, output: () => stderr, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`drobot serve ended (${code}):\n${stderr}`));
    });
  });
}

/** Debian's Chromium, installed by the test command when missing. */
export const CHROMIUM = process.env.DROBOT_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Where the tests save their screenshots: the README's own (`docs/screenshots`) only when asked with
 * `DROBOT_UPDATE_SCREENSHOTS=1`, so that running the suite leaves the checkout as it was; else a folder of
 * the system's temp directory (the screenshots are still taken).
 */
export const SCREENSHOTS_DIR =
  process.env.DROBOT_UPDATE_SCREENSHOTS === '1'
    ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', 'docs/screenshots')
    : path.join(os.tmpdir(), 'drobot-screenshots');

/** Calls the API of a running `drobot serve` with the admin token: what a test sets up beside the page. */
export async function adminApi(
  serve: ServeChild,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${serve.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

/** Creates the first administrator at the setup address, as a person does in the console (in Spanish). */
export async function createFirstAdmin(page: Page, setupUrl: string, name: string, password: string) {
  await page.goto(setupUrl);
  await page.getByLabel('Usuario').fill(name);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByLabel('Repita la contraseña').fill(password);
  await page.getByRole('button', { name: 'Crear administrador' }).click();
  await page.getByRole('link', { name: 'Cuentas' }).waitFor();
}

/** A fresh SQLite store, `drobot serve` on it (no fetching) and a Spanish page in headless Chromium. */
export interface ConsoleFixture {
  readonly serve: ServeChild;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openConsole(token: string): Promise<ConsoleFixture> {
  let store: TestStore | undefined;
  let serve: ServeChild | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await serve?.stop();
    await store?.drop();
  };
  try {
    store = await createTestStore('sqlite');
    serve = await startServe({ ...store.env, DROBOT_ADMIN_TOKEN: token, DROBOT_FETCH: 'off' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'es-ES' });
    page.setDefaultTimeout(60_000);
    return { serve, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The dashboard drawn afresh: going to the hash the page already shows would not draw it again. */
export async function freshDashboard(page: Page, serve: ServeChild): Promise<void> {
  await page.goto(`${serve.url}/#/dashboard`);
  await page.reload();
  await page.locator('#activity').waitFor();
}
