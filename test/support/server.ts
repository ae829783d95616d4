import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_ENTRY } from './cli.js';

export interface RunningServer {
  readonly url: string;
  readonly token: string;
  readonly stderr: () => string;
  /** Calls the API with the admin token (unless `token: null`) and JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  json<T = unknown>(): T;
}

const fromSource = import.meta.url.endsWith('.ts');

/** Starts the real `drobot serve` on a free loopback port and waits until it answers. */
export async function startServer(
  env: Record<string, string>,
  token = 'test-admin-token-0123456789',
): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(fromSource ? ['--import', 'tsx'] : []), CLI_ENTRY, 'serve', '--port', '0'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DROBOT_ADMIN_TOKEN: token,
        // No scheduled fetching unless a test asks for it: test accounts may name hosts beyond loopback.
        DROBOT_FETCH: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    token,
    stderr: () => stderr,
    async api(method, path, body, headers = {}) {
      const auth: Record<string, string> =
        headers.authorization === undefined ? { authorization: `Bearer ${token}` } : {};
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...auth,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        headers: response.headers,
        json: <T>() => JSON.parse(text) as T,
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
