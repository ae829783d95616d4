import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGmailSource } from '../../src/transports/gmail/index.js';
import { createGraphSource } from '../../src/transports/graph/index.js';
import type { ApiSourceConnection } from '../../src/transports/http/api-adapter.js';
import type { ProxySettings, TlsTrust } from '../../src/transports/types.js';
import { gmailDelegated, graphDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import { newMessageId, plainMail } from '../support/corpus.js';
import { startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSocks5Proxy, type Socks5Proxy } from '../support/socks5-proxy.js';

/**
 * Graph and Gmail API accounts honour the same network settings as the mail protocols: the stand-ins
 * serve HTTPS with the suite's test CA, reached directly or through the account's proxy.
 */

const GRAPH_USER = 'net@contoso.test';
const GMAIL_USER = 'net@gmail.test';
const PROXY_USER = 'proxyuser';
const PROXY_PASSWORD = 'proxy-secret-77';

let pki: TestPki;
let oauth: TestOAuthServer;
let graph: GraphStandIn;
let gmail: GmailStandIn;
let fx: OAuthFixture;
let graphAccount: AuthorizedAccount;
let gmailAccount: AuthorizedAccount;
let httpProxy: HttpConnectProxy;
let socks: Socks5Proxy;

before(async () => {
  pki = createTestPki();
  oauth = await startOAuthServer();
  graph = await startGraphServer(oauth.introspectionUrl, pki.server);
  gmail = await startGmailServer(oauth.introspectionUrl, pki.server);
  graph.addMailbox(GRAPH_USER);
  gmail.addMailbox(GMAIL_USER);
  fx = await createOAuthFixture('sqlite', oauth);
  graphAccount = await graphDelegated(fx, 'net365', GRAPH_USER);
  gmailAccount = await gmailDelegated(fx, 'netgmail', GMAIL_USER);
  httpProxy = await startHttpConnectProxy({ username: PROXY_USER, password: PROXY_PASSWORD });
  socks = await startSocks5Proxy({ username: PROXY_USER, password: PROXY_PASSWORD });
});
after(async () => {
  await httpProxy?.stop();
  await socks?.stop();
  await fx?.close();
  await graph?.close();
  await gmail?.close();
  await oauth?.close();
});

const trusted = (): TlsTrust => ({ caPem: pki.caPem, insecureSkipVerify: false });

function settings(kind: 'graph' | 'gmail', tls: TlsTrust, proxy?: ProxySettings): ApiSourceConnection {
  return {
    kind,
    apiUrl: kind === 'graph' ? graph.url : gmail.url,
    mailbox: 'me',
    timeoutMs: 5000,
    tls,
    proxy,
    folder: kind === 'graph' ? 'inbox' : 'INBOX',
    afterStore: 'seen',
    moveTo: null,
  };
}

async function listBoth(tls: TlsTrust, proxy?: ProxySettings): Promise<void> {
  const graphId = graph.deliver(GRAPH_USER, plainMail({ to: GRAPH_USER, messageId: newMessageId('n') }));
  const gmailId = gmail.deliver(GMAIL_USER, plainMail({ to: GMAIL_USER, messageId: newMessageId('n') }));
  const g = await createGraphSource(settings('graph', tls, proxy), graphAccount.tokens);
  const m = await createGmailSource(settings('gmail', tls, proxy), gmailAccount.tokens);
  try {
    const listed = await g.list({ cursor: undefined, firstRun: 'all', includeSetAside: false, limit: 100 });
    assert.ok(listed.items.some((i) => i.id === graphId));
    const mails = await m.list({ cursor: undefined, firstRun: 'all', includeSetAside: false, limit: 100 });
    assert.ok(mails.items.some((i) => i.id === gmailId));
  } finally {
    await Promise.all([g.close(), m.close()]);
  }
}

describe('API transports over the network layer', () => {
  it('speak HTTPS verified against the account’s CA', async () => {
    assert.match(graph.url, /^https:/);
    await listBoth(trusted());
  });

  it('refuse a server certificate nobody trusts', async () => {
    for (const kind of ['graph', 'gmail'] as const) {
      const open = kind === 'graph' ? createGraphSource : createGmailSource;
      const account = kind === 'graph' ? graphAccount : gmailAccount;
      await assert.rejects(open(settings(kind, { insecureSkipVerify: false }), account.tokens), /certif/i);
    }
  });

  it('go through an HTTP CONNECT proxy with credentials', async () => {
    const before = httpProxy.connections;
    await listBoth(trusted(), {
      type: 'http',
      host: '127.0.0.1',
      port: httpProxy.port,
      username: PROXY_USER,
      password: PROXY_PASSWORD,
    });
    assert.ok(httpProxy.connections > before);
  });

  it('go through a SOCKS5 proxy with credentials', async () => {
    const before = socks.connections;
    await listBoth(trusted(), {
      type: 'socks5',
      host: '127.0.0.1',
      port: socks.port,
      username: PROXY_USER,
      password: PROXY_PASSWORD,
    });
    assert.ok(socks.connections > before);
  });
});
