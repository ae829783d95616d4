import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/logging/logger.js';
import { watchImapIdle } from '../../src/transports/imap/imap.idle.js';
import * as corpus from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.js';
import { dovecotSettings } from '../support/mail-pipeline.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const USER = 'idle-oauth@helpdesk.test';

/**
 * An RFC 7662 introspection endpoint that says which access tokens are active now: Dovecot asks it at
 * every XOAUTH2 login, so a token taken out of `active` is an expired one.
 */
async function startIntrospection(active: Set<string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('token') ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(active.has(token) ? { active: true, username: USER } : { active: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/introspect`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(what: string, check: () => boolean, step: () => void, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms / 1000} s`);
    step();
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('the IMAP IDLE watch of an OAuth account', () => {
  const active = new Set<string>();
  let pki: TestPki;
  let introspection: Awaited<ReturnType<typeof startIntrospection>>;
  let server: DovecotServer;
  let link: LinkProxy;

  before(async () => {
    pki = createTestPki();
    introspection = await startIntrospection(active);
    server = await startDovecot({
      pki,
      users: [{ user: USER, password: 'not-used-here' }],
      oauth2: { introspectionUrl: introspection.url },
    });
    link = await startLinkProxy(server.ports.imaps);
  });
  after(async () => {
    await link?.close();
    await server?.stop();
    await introspection?.close();
  });

  test('reconnects after its token expired, with a fresh token from the provider', async () => {
    let issued = 0;
    const provider = () => {
      issued += 1;
      return Promise.resolve(`token-${issued}`);
    };
    active.add('token-1');
    const settings = dovecotSettings(server, pki, 'imap', USER, '', {
      port: link.port,
      credentials: { kind: 'oauth2', username: USER, accessToken: 'token-given-at-start' },
      accessToken: provider,
    });
    let announced = 0;
    const watch = watchImapIdle(settings, () => (announced += 1), silentLogger);
    try {
      const deliver = () => server.deliver(USER, corpus.plainMail({ subject: 'por IDLE' }));
      await waitFor('new mail announced on the first connection', () => announced > 0, deliver);
      // The first token expires, and the connection drops: only a fresh token can log in again.
      active.clear();
      active.add('token-2');
      const before = announced;
      link.dropAll();
      await waitFor('new mail announced after the reconnection', () => announced > before, deliver);
      assert.ok(issued >= 2, `a token was asked for at each connection (${issued})`);
    } finally {
      await watch.stop();
    }
  });
});
