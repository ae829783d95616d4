import { currentLang } from './i18n.js';
import type { ApiErrorBody } from './model.js';

export type { ApiErrorBody };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

let csrfToken = '';
/** Set at sign-in and on load: every change must echo it (the session cookie alone is not enough). */
export function setCsrf(token: string): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onUnauthenticated = handler;
}

export function headersFor(method: string, hasBody: boolean): Record<string, string> {
  return {
    accept: 'application/json',
    'accept-language': currentLang(),
    ...(hasBody || method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...(method !== 'GET' && method !== 'HEAD' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
  };
}

/** Calls the REST API as this page's user; a 401 on anything but sign-in sends them back to sign in. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await apiCall<T>(method, path, body)).data;
}

/** A page of a listing and the cursor of the next one (the server's `X-Next-Cursor`), if any. */
export interface Paged<T> {
  readonly items: T;
  readonly next: string | undefined;
}

/** GETs a cursor-paged listing: the body is the page, the next cursor comes in a header. */
export async function apiPage<T>(path: string): Promise<Paged<T>> {
  const { data, response } = await apiCall<T>('GET', path);
  return { items: data, next: response.headers.get('x-next-cursor') ?? undefined };
}

async function apiCall<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ data: T; response: Response }> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: headersFor(method, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return { data: undefined as T, response };
  const data = (await response.json().catch(() => ({}))) as { error?: ApiErrorBody } & T;
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      data.error ?? { code: 'http_error', message: `HTTP ${response.status}` },
    );
    if (response.status === 401 && path !== '/api/session') onUnauthenticated();
    throw error;
  }
  return { data, response };
}

/** POSTs and reads a `text/event-stream` answer, handing each event over as it arrives. */
export async function streamPost(
  path: string,
  body: unknown,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...headersFor('POST', true), accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) {
    const data = (await response.json().catch(() => ({}))) as { error?: ApiErrorBody };
    throw new ApiError(
      response.status,
      data.error ?? { code: 'http_error', message: `HTTP ${response.status}` },
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) onEvent(event, JSON.parse(data));
    }
  }
}
