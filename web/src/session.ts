import { api, setCsrf } from './api.js';
import type { SessionAnswer } from './model.js';

/** Who is signed in: a name (null for the admin token) and a role. */
export type Me = SessionAnswer['user'];

let me: Me | undefined;

export const currentUser = (): Me | undefined => me;
export const isAdmin = (): boolean => me?.role === 'admin';

function adopt(answer: SessionAnswer): Me {
  me = answer.user;
  setCsrf(answer.csrfToken ?? '');
  return me;
}

/** Who is signed in, if anyone (a 401 just means nobody). */
export async function loadSession(): Promise<Me | undefined> {
  try {
    return adopt(await api<SessionAnswer>('GET', '/api/session'));
  } catch {
    me = undefined;
    return undefined;
  }
}

export async function signIn(name: string, password: string): Promise<Me> {
  return adopt(await api<SessionAnswer>('POST', '/api/session', { name, password }));
}

export async function completeSetup(token: string, name: string, password: string): Promise<Me> {
  return adopt(await api<SessionAnswer>('POST', '/api/setup', { token, name, password }));
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/api/session').catch(() => undefined);
  me = undefined;
  setCsrf('');
}
