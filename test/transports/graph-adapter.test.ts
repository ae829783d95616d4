import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MailSink, MailTooLargeError } from '../../src/inbound/fetch/mail-sink.js';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { createGraphSink, createGraphSource } from '../../src/transports/graph/index.js';
import type { ApiSourceConnection } from '../../src/transports/http/api-adapter.js';
import type { AfterStore, InboundSource, ListRequest } from '../../src/transports/ports.js';
import { graphAppOnly, graphDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import { headerOf } from '../support/api-stand-in.js';
import { newMessageId, plainMail } from '../support/corpus.js';
import { startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';

/**
 * The Microsoft Graph adapters against the Graph stand-in (shapes from the Microsoft Learn references
 * cited in test/support/graph-server.ts), with tokens from the suite's authorization server.
 */

const DESK = 'desk@contoso.test';
const SHARED = 'shared@contoso.test';
const HIDDEN = 'hidden@contoso.test';

let oauth: TestOAuthServer;
let graph: GraphStandIn;
let fx: OAuthFixture;
let desk: AuthorizedAccount;
let app: AuthorizedAccount;
let sender: AuthorizedAccount;
let tmp: string;
const waits: number[] = [];
const sleep = (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};

before(async () => {
  oauth = await startOAuthServer();
  graph = await startGraphServer(oauth.introspectionUrl);
  for (const address of [DESK, SHARED, HIDDEN]) graph.addMailbox(address);
  graph.appPolicy.add(SHARED);
  fx = await createOAuthFixture('sqlite', oauth);
  desk = await graphDelegated(fx, 'desk', DESK);
  app = await graphAppOnly(fx, 'app', SHARED);
  sender = await graphDelegated(fx, 'desk-out', DESK, 'outbound');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-graph-'));
});
after(async () => {
  await fx?.close();
  await graph?.close();
  await oauth?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function settings(over: Partial<ApiSourceConnection> = {}): ApiSourceConnection {
  return {
    kind: 'graph',
    apiUrl: graph.url,
    mailbox: 'me',
    timeoutMs: 5000,
    tls: { insecureSkipVerify: false },
    folder: 'inbox',
    afterStore: 'seen',
    moveTo: null,
    ...over,
  };
}

const request = (over: Partial<ListRequest> = {}): ListRequest => ({
  cursor: undefined,
  firstRun: 'unread',
  includeSetAside: false,
  limit: 100,
  ...over,
});

async function open(
  over: Partial<ApiSourceConnection> = {},
  account: AuthorizedAccount = desk,
): Promise<InboundSource> {
  return createGraphSource(settings(over), account.tokens, { sleep });
}

function mailTo(address: string, subject: string): Buffer {
  return plainMail({ subject, to: address, messageId: newMessageId('g') });
}

/** Empties a mailbox's folders between tests. */
function emptyMailbox(address: string): void {
  graph.mailbox(address).messages.clear();
}

async function download(source: InboundSource, id: string, cap = 1024 * 1024): Promise<Buffer> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.eml`);
  const sink = new MailSink(file, cap);
  await source.download(id, sink);
  return sink.bytes ?? fs.readFileSync(file);
}

describe('Graph inbound source', () => {
  it('lists unread mail by delta query, pages with nextLink, and resumes from the cursor in a new instance', async () => {
    emptyMailbox(DESK);
    const unread = [1, 2, 3].map((n) => graph.deliver(DESK, mailTo(DESK, `unread ${n}`)));
    graph.deliver(DESK, mailTo(DESK, 'already read'), { isRead: true });
    graph.deliver(DESK, mailTo(DESK, 'already read too'), { isRead: true });

    const first = await open();
    assert.match(first.mailbox, /^graph:me:AAMk/);
    const one = await first.list(request({ limit: 2 }));
    assert.deepEqual(
      one.items.map((i) => i.id),
      unread.slice(0, 2),
    );
    assert.equal(one.more, true);
    await first.close();
    assert.ok(graph.received('GET', /messages\/delta\?changeType=created/).length >= 1);

    const second = await open();
    const two = await second.list(request({ cursor: one.cursor, limit: 2 }));
    assert.deepEqual(
      two.items.map((i) => i.id),
      [unread[2]],
    );
    assert.equal(two.more, false);
    assert.equal(two.setAside, 2);
    assert.ok(graph.received('GET', /skiptoken=/).length >= 1, 'a nextLink was followed');

    const late = graph.deliver(DESK, mailTo(DESK, 'arrives later'));
    const third = await open();
    const three = await third.list(request({ cursor: two.cursor }));
    assert.deepEqual(
      three.items.map((i) => i.id),
      [late],
    );
    assert.ok(graph.received('GET', /deltatoken=/).length >= 1, 'the deltaLink was the cursor');
    const again = await third.list(request({ cursor: three.cursor }));
    assert.deepEqual(again.items, []);
    await Promise.all([second.close(), third.close()]);
  });

  it('takes everything with firstRun all, and nothing but the deltaLink with firstRun new', async () => {
    emptyMailbox(DESK);
    const ids = [
      graph.deliver(DESK, mailTo(DESK, 'a'), { isRead: true }),
      graph.deliver(DESK, mailTo(DESK, 'b')),
    ];
    const source = await open();
    const all = await source.list(request({ firstRun: 'all' }));
    assert.deepEqual(
      all.items.map((i) => i.id),
      ids,
    );
    const none = await source.list(request({ firstRun: 'new' }));
    assert.deepEqual(none.items, []);
    assert.equal(none.setAside, 2);
    const next = graph.deliver(DESK, mailTo(DESK, 'c'));
    const after = await source.list(request({ firstRun: 'new', cursor: none.cursor }));
    assert.deepEqual(
      after.items.map((i) => i.id),
      [next],
    );
    await source.close();
  });

  it('streams the raw MIME ($value) byte for byte, and stops at the byte cap', async () => {
    emptyMailbox(DESK);
    const raw = Buffer.concat([mailTo(DESK, 'big'), Buffer.alloc(300_000, 'x'), Buffer.from('\r\n')]);
    const id = graph.deliver(DESK, raw);
    const source = await open();
    assert.deepEqual(await download(source, id), raw);
    await assert.rejects(download(source, id, 64 * 1024), (error: unknown) => {
      assert.ok(error instanceof MailTooLargeError, String(error));
      return true;
    });
    await source.close();
  });

  for (const action of ['seen', 'move', 'delete'] as AfterStore[]) {
    it(`settles stored mail: ${action}`, async () => {
      emptyMailbox(DESK);
      const processed = action === 'move' ? graph.addFolder(DESK, `Procesados ${Date.now()}`) : '';
      const name = action === 'move' ? (graph.mailbox(DESK).folders.get(processed)?.displayName ?? '') : null;
      const ids = [graph.deliver(DESK, mailTo(DESK, 'x')), graph.deliver(DESK, mailTo(DESK, 'y'))];
      const source = await open({ afterStore: action, moveTo: name });
      const done = await source.settle([...ids, 'AAMk-gone=']);
      assert.deepEqual(done.sort(), [...ids, 'AAMk-gone='].sort(), 'a message already gone counts as done');
      const inbox = graph.inFolder(DESK, 'inbox');
      if (action === 'seen') assert.ok(inbox.every((m) => m.isRead) && inbox.length === 2);
      else assert.equal(inbox.length, 0);
      if (action === 'move') assert.equal(graph.inFolder(DESK, processed).length, 2);
      if (action === 'delete') assert.equal(graph.mailbox(DESK).messages.size, 0);
      await source.close();
    });
  }

  it('refuses a move to a folder that does not exist, naming it', async () => {
    const id = graph.deliver(DESK, mailTo(DESK, 'z'));
    const source = await open({ afterStore: 'move', moveTo: 'No existe' });
    await assert.rejects(source.settle([id]), /No existe/);
    await source.close();
  });

  it('says a mail is gone when it vanished before its download', async () => {
    const id = graph.deliver(DESK, mailTo(DESK, 'vanishes'));
    const source = await open();
    graph.mailbox(DESK).messages.delete(id);
    await assert.rejects(download(source, id), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'api_item_gone');
      return true;
    });
    await source.close();
  });

  it('waits out 429 and 503 answers as long as Retry-After says', async () => {
    emptyMailbox(DESK);
    const id = graph.deliver(DESK, mailTo(DESK, 'throttled'));
    const throttled = {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
    };
    graph.failNext({ method: 'GET', path: /messages\/delta/ }, throttled, 2);
    graph.failNext(
      { method: 'GET', path: /\$value/ },
      {
        status: 503,
        headers: { 'retry-after': '3' },
        body: { error: { code: 'ServiceUnavailable', message: 'busy' } },
      },
    );
    waits.length = 0;
    const source = await open();
    const listing = await source.list(request());
    assert.deepEqual(
      listing.items.map((i) => i.id),
      [id],
    );
    await download(source, id);
    assert.deepEqual(waits, [7000, 7000, 3000]);
    await source.close();
  });

  it('recovers from an expired delta token by a full resync, reported, without listing handled mail again', async () => {
    emptyMailbox(DESK);
    const handled = [graph.deliver(DESK, mailTo(DESK, 'h1')), graph.deliver(DESK, mailTo(DESK, 'h2'))];
    const source = await open({ afterStore: 'seen' });
    const first = await source.list(request());
    assert.deepEqual(
      first.items.map((i) => i.id),
      handled,
    );
    await source.settle(handled);
    graph.expireDeltaTokens();
    const arrived = graph.deliver(DESK, mailTo(DESK, 'during the gap'));
    const next = await source.list(request({ cursor: first.cursor }));
    assert.equal(next.resynced, true);
    assert.deepEqual(
      next.items.map((i) => i.id),
      [arrived],
    );
    assert.equal(graph.received('GET', /messages\/delta/).length > 0, true);
    const quiet = await source.list(request({ cursor: next.cursor }));
    assert.equal(quiet.resynced, undefined);
    assert.deepEqual(quiet.items, []);
    await source.close();
  });

  it('reads an app-only mailbox the application access policy admits, and is refused one it does not', async () => {
    emptyMailbox(SHARED);
    const id = graph.deliver(SHARED, mailTo(SHARED, 'app-only'));
    const source = await open({ mailbox: SHARED }, app);
    assert.match(source.mailbox, /^graph:shared@contoso\.test:/);
    assert.deepEqual(
      (await source.list(request())).items.map((i) => i.id),
      [id],
    );
    assert.ok(graph.received('GET', /\/users\/shared%40contoso\.test\/mailFolders/).length > 0);
    await source.close();
    await assert.rejects(open({ mailbox: HIDDEN }, app), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.params.status, 403);
      assert.match(error.serverReply ?? '', /ErrorAccessDenied.*AccessPolicy/);
      return true;
    });
  });

  it('never follows a nextLink to another origin with the token', async () => {
    emptyMailbox(DESK);
    graph.deliver(DESK, mailTo(DESK, 'x'));
    let visited = 0;
    const { createServer } = await import('node:http');
    const thief = createServer((_req, res) => {
      visited += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const port = (thief.address() as { port: number }).port;
    graph.failNext(
      { method: 'GET', path: /messages\/delta/ },
      { status: 200, body: { value: [], '@odata.nextLink': `http://localhost:${port}/v1.0/steal` } },
    );
    const source = await open();
    await assert.rejects(source.list(request()), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'api_foreign_origin');
      return true;
    });
    assert.equal(visited, 0);
    await source.close();
    await new Promise<void>((resolve) => thief.close(() => resolve()));
  });

  it('refuses a delta page without any link, and a listing JSON beyond its bound', async () => {
    graph.failNext({ method: 'GET', path: /messages\/delta/ }, { status: 200, body: { value: [] } });
    const source = await open();
    await assert.rejects(source.list(request()), /neither a nextLink nor a deltaLink/);
    graph.failNext(
      { method: 'GET', path: /messages\/delta/ },
      { status: 200, body: { value: [], padding: 'x'.repeat(9 * 1024 * 1024) } },
    );
    await assert.rejects(source.list(request()), /more than \d+ bytes/);
    await source.close();
  });

  it('puts the account in "authorization required" when the grant was revoked', async () => {
    const revoked = await graphDelegated(fx, 'revoked', 'gone@contoso.test');
    graph.addMailbox('gone@contoso.test');
    const source = await open({}, revoked);
    await oauth.revokeUser('gone@contoso.test');
    await assert.rejects(source.list(request()), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'oauth_authorization_required');
      return true;
    });
    assert.equal((await fx.accounts.get(revoked.id)).state, 'authorization_required');
    await source.close();
  });
});

describe('Graph outbound sink', () => {
  const mime = (from: string, to: string) => {
    const messageId = newMessageId('out');
    return { raw: plainMail({ from, to, subject: 'Caso #42 actualizado', messageId }), messageId };
  };

  it('sends the raw MIME with sendMail (base64 in a text/plain body), headers intact', async () => {
    const sink = createGraphSink(settings(), sender.tokens, { sleep });
    const { raw, messageId } = mime(DESK, 'usuario@example.test');
    const sent = await sink.send({ raw, messageId, envelope: { from: DESK, to: ['usuario@example.test'] } });
    assert.equal(sent.messageId, messageId);
    const request = graph.received('POST', /^\/v1\.0\/me\/sendMail$/).at(-1);
    assert.match(String(request?.headers['content-type']), /^text\/plain/);
    const out = graph.mailbox(DESK).sent.at(-1);
    assert.deepEqual(out, raw);
    assert.equal(headerOf(out ?? '', 'message-id'), messageId);
    assert.equal(headerOf(out ?? '', 'subject'), 'Caso #42 actualizado');
    await sink.close();
  });

  it('reads back the Message-ID Exchange gave the draft, and sends that one', async () => {
    graph.replaceMessageIds = true;
    try {
      // Creating a draft needs Mail.ReadWrite beside Mail.Send: an app-only token carries both.
      const sink = createGraphSink(settings({ mailbox: SHARED }), app.tokens, { sleep, mode: 'draft' });
      const { raw, messageId } = mime(SHARED, 'usuario@example.test');
      const sent = await sink.send({
        raw,
        messageId,
        envelope: { from: SHARED, to: ['usuario@example.test'] },
      });
      assert.notEqual(sent.messageId, messageId);
      assert.match(sent.messageId, /@EXCH01\.contoso\.test>$/);
      assert.equal(headerOf(graph.mailbox(SHARED).sent.at(-1) ?? '', 'message-id'), sent.messageId);
      assert.ok(sent.providerId);
      assert.equal(
        graph.inFolder(SHARED, 'drafts').length,
        0,
        'the draft left the Drafts folder when it was sent',
      );
      await sink.close();
    } finally {
      graph.replaceMessageIds = false;
    }
  });

  it('refuses to send as another address (ErrorSendAsDenied), not to be retried', async () => {
    const sink = createGraphSink(settings(), sender.tokens, { sleep });
    const { raw, messageId } = mime('ceo@contoso.test', 'usuario@example.test');
    await assert.rejects(
      sink.send({ raw, messageId, envelope: { from: 'ceo@contoso.test', to: ['usuario@example.test'] } }),
      (error: unknown) => {
        assert.ok(isDrobotError(error));
        assert.equal(error.retryable, false);
        assert.equal(error.params.code, 'ErrorSendAsDenied');
        return true;
      },
    );
    await sink.close();
  });

  it('an inbound account (Mail.ReadWrite only) is refused sending', async () => {
    const sink = createGraphSink(settings(), desk.tokens, { sleep });
    const { raw, messageId } = mime(DESK, 'usuario@example.test');
    await assert.rejects(
      sink.send({ raw, messageId, envelope: { from: DESK, to: ['usuario@example.test'] } }),
      /403 \(ErrorAccessDenied\)/,
    );
    await sink.close();
  });

  it('an app-only sink sends from /users/{address}', async () => {
    const sink = createGraphSink(settings({ mailbox: SHARED }), app.tokens, { sleep });
    const { raw, messageId } = mime(SHARED, 'usuario@example.test');
    await sink.send({ raw, messageId, envelope: { from: SHARED, to: ['usuario@example.test'] } });
    assert.deepEqual(graph.mailbox(SHARED).sent.at(-1), raw);
    await sink.close();
  });
});
