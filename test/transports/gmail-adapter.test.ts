import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { MailSink, MailTooLargeError } from '../../src/inbound/fetch/mail-sink.js';
import { createGmailSink, createGmailSource } from '../../src/transports/gmail/index.js';
import type { ApiSourceConnection } from '../../src/transports/http/api-adapter.js';
import type { AfterStore, InboundSource, ListRequest } from '../../src/transports/ports.js';
import { gmailDelegated, graphDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import { headerOf } from '../support/api-stand-in.js';
import { newMessageId, plainMail } from '../support/corpus.js';
import { googleError, startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';

/**
 * The Gmail API adapters against the Gmail stand-in (shapes from the Google developers references cited
 * in test/support/gmail-server.ts), with tokens from the suite's authorization server.
 */

const DESK = 'desk@gmail.test';

let oauth: TestOAuthServer;
let gmail: GmailStandIn;
let fx: OAuthFixture;
let desk: AuthorizedAccount;
let sender: AuthorizedAccount;
let tmp: string;
const waits: number[] = [];
const sleep = (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};

before(async () => {
  oauth = await startOAuthServer();
  gmail = await startGmailServer(oauth.introspectionUrl);
  gmail.addMailbox(DESK);
  fx = await createOAuthFixture('sqlite', oauth);
  desk = await gmailDelegated(fx, 'desk', DESK);
  sender = await gmailDelegated(fx, 'desk-out', DESK, 'outbound');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-gmail-'));
});
after(async () => {
  await fx?.close();
  await gmail?.close();
  await oauth?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function settings(over: Partial<ApiSourceConnection> = {}): ApiSourceConnection {
  return {
    kind: 'gmail',
    apiUrl: gmail.url,
    mailbox: 'me',
    timeoutMs: 5000,
    tls: { insecureSkipVerify: false },
    folder: 'INBOX',
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

function open(over: Partial<ApiSourceConnection> = {}, account = desk): Promise<InboundSource> {
  return createGmailSource(settings(over), account.tokens, { sleep });
}

const mail = (subject: string) => plainMail({ subject, to: DESK, messageId: newMessageId('gm') });

function empty(): void {
  gmail.mailbox(DESK).messages.clear();
}

async function download(source: InboundSource, id: string, cap = 1024 * 1024): Promise<Buffer> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.eml`);
  const sink = new MailSink(file, cap);
  await source.download(id, sink);
  return sink.bytes ?? fs.readFileSync(file);
}

const ids = (listing: { items: readonly { id: string }[] }) => listing.items.map((i) => i.id);

describe('Gmail inbound source', () => {
  it('lists unread inbox mail with messages.list, pages it, then follows history from the stored historyId', async () => {
    empty();
    const unread = [1, 2, 3].map((n) => gmail.deliver(DESK, mail(`unread ${n}`)));
    gmail.deliver(DESK, mail('read'), { read: true });
    gmail.deliver(DESK, mail('elsewhere'), { labels: ['SPAM'] });

    const first = await open();
    assert.equal(first.mailbox, `gmail:${DESK}`);
    const one = await first.list(request({ limit: 2 }));
    assert.equal(one.more, true);
    assert.equal(one.items.length, 2);
    assert.equal(one.setAside, 1, 'the read inbox mail');
    await first.close();

    const second = await open();
    const two = await second.list(request({ cursor: one.cursor, limit: 2 }));
    assert.equal(two.more, false);
    assert.deepEqual([...ids(one), ...ids(two)].sort(), [...unread].sort());
    assert.ok(gmail.received('GET', /\/messages\?.*pageToken=/).length >= 1, 'a nextPageToken was followed');
    assert.ok(gmail.received('GET', /q=is%3Aunread/).length >= 1);

    const late = gmail.deliver(DESK, mail('later'));
    gmail.deliver(DESK, mail('spam later'), { labels: ['SPAM'] });
    const third = await open();
    const three = await third.list(request({ cursor: two.cursor }));
    assert.deepEqual(ids(three), [late]);
    assert.ok(gmail.received('GET', /\/history\?startHistoryId=/).length >= 1);
    const quiet = await third.list(request({ cursor: three.cursor }));
    assert.deepEqual(quiet.items, []);
    await Promise.all([second.close(), third.close()]);
  });

  it('follows history: mail moved into the inbox is listed, mail deleted or filed away before listing is not', async () => {
    empty();
    const source = await open();
    const start = await source.list(request({ firstRun: 'new' }));
    const filed = gmail.deliver(DESK, mail('archived'), { labels: ['CATEGORY_UPDATES'] });
    const deleted = gmail.deliver(DESK, mail('deleted'));
    const away = gmail.deliver(DESK, mail('filed away'));
    const stays = gmail.deliver(DESK, mail('stays'));
    gmail.relabel(DESK, filed, { addLabelIds: ['INBOX'] });
    gmail.remove(DESK, deleted);
    gmail.relabel(DESK, away, { removeLabelIds: ['INBOX'] });
    gmail.relabel(DESK, stays, { removeLabelIds: ['UNREAD'] });
    const next = await source.list(request({ cursor: start.cursor }));
    assert.deepEqual([...ids(next)].sort(), [filed, stays].sort());
    await source.close();
  });

  it('takes everything with firstRun all, and only the historyId with firstRun new', async () => {
    empty();
    const all = [gmail.deliver(DESK, mail('a'), { read: true }), gmail.deliver(DESK, mail('b'))];
    const source = await open();
    assert.deepEqual(ids(await source.list(request({ firstRun: 'all' }))), all, 'oldest first');
    const none = await source.list(request({ firstRun: 'new' }));
    assert.deepEqual(none.items, []);
    assert.equal(none.setAside, 2);
    const next = gmail.deliver(DESK, mail('c'));
    assert.deepEqual(ids(await source.list(request({ firstRun: 'new', cursor: none.cursor }))), [next]);
    await source.close();
  });

  it('decodes format=raw (base64url) into the target byte for byte, and stops at the byte cap', async () => {
    empty();
    const raw = Buffer.concat([mail('grande'), Buffer.from('ñ€\u0000\r\n'), Buffer.alloc(400_001, 'y')]);
    const id = gmail.deliver(DESK, raw);
    const source = await open();
    assert.deepEqual(await download(source, id), raw);
    await assert.rejects(download(source, id, 32 * 1024), (error: unknown) => {
      assert.ok(error instanceof MailTooLargeError, String(error));
      return true;
    });
    await source.close();
  });

  it('says a mail is gone when it vanished before its download', async () => {
    const id = gmail.deliver(DESK, mail('vanishes'));
    const source = await open();
    gmail.remove(DESK, id);
    await assert.rejects(download(source, id), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'api_item_gone');
      return true;
    });
    await source.close();
  });

  it('refuses an answer whose raw is not base64url, or that has none', async () => {
    empty();
    const id = gmail.deliver(DESK, mail('x'));
    const source = await open();
    gmail.failNext(
      { method: 'GET', path: /format=raw/ },
      { status: 200, body: { id, raw: 'no es base64!' } },
    );
    await assert.rejects(download(source, id), /gmail|base64url/i);
    gmail.failNext({ method: 'GET', path: /format=raw/ }, { status: 200, body: { id, threadId: id } });
    await assert.rejects(download(source, id), /no raw message/);
    await source.close();
  });

  for (const action of ['seen', 'move', 'delete'] as AfterStore[]) {
    it(`settles stored mail: ${action}`, async () => {
      empty();
      const label = `Procesados-${action}`;
      const labelId = gmail.addLabel(DESK, label);
      const list = [gmail.deliver(DESK, mail('1')), gmail.deliver(DESK, mail('2'))];
      const source = await open({ afterStore: action, moveTo: action === 'move' ? label : null });
      const done = await source.settle([...list, 'gone0000']);
      assert.deepEqual(done.sort(), [...list, 'gone0000'].sort(), 'a message already gone counts as done');
      const box = gmail.mailbox(DESK);
      for (const id of list) {
        const labels = box.messages.get(id)?.labelIds ?? new Set();
        assert.equal(labels.has('UNREAD'), false);
        if (action === 'move') assert.ok(labels.has(labelId) && !labels.has('INBOX'));
        if (action === 'delete') assert.ok(labels.has('TRASH') && !labels.has('INBOX'));
        if (action === 'seen') assert.ok(labels.has('INBOX'));
      }
      if (action !== 'delete') {
        // The batch failed on the unknown id, and each id was then modified alone.
        assert.ok(gmail.received('POST', /batchModify/).length > 0);
      }
      await source.close();
    });
  }

  it('backs off 429 rateLimitExceeded, 403 userRateLimitExceeded and 500 backendError', async () => {
    empty();
    const id = gmail.deliver(DESK, mail('throttled'));
    gmail.failNext(
      { method: 'GET', path: /\/messages\?/ },
      googleError(429, 'RESOURCE_EXHAUSTED', 'Too many concurrent requests for user', 'rateLimitExceeded', {
        'retry-after': '4',
      }),
    );
    gmail.failNext(
      { method: 'GET', path: /\/messages\?/ },
      googleError(403, 'PERMISSION_DENIED', 'User-rate limit exceeded', 'userRateLimitExceeded'),
    );
    gmail.failNext(
      { method: 'GET', path: /format=raw/ },
      googleError(500, 'INTERNAL', 'Backend Error', 'backendError'),
    );
    waits.length = 0;
    const source = await open();
    assert.deepEqual(ids(await source.list(request())), [id]);
    await download(source, id);
    assert.equal(waits.length, 3);
    assert.equal(waits[0], 4000, 'Retry-After is honoured');
    assert.ok((waits[1] ?? 0) >= 2000 && (waits[2] ?? 0) >= 1000, 'exponential back-off without Retry-After');
    await source.close();
  });

  it('falls back to a full listing when the historyId is too old (404), reported, without handled mail', async () => {
    empty();
    const handled = [gmail.deliver(DESK, mail('h1')), gmail.deliver(DESK, mail('h2'))];
    const source = await open({ afterStore: 'seen' });
    const first = await source.list(request());
    assert.deepEqual(ids(first).sort(), [...handled].sort());
    await source.settle(handled);
    gmail.expireHistory(DESK);
    const arrived = gmail.deliver(DESK, mail('during the gap'));
    const next = await source.list(request({ cursor: first.cursor }));
    assert.equal(next.resynced, true);
    assert.deepEqual(ids(next), [arrived]);
    assert.ok(gmail.received('GET', /\/history\?/).length > 0);
    const quiet = await source.list(request({ cursor: next.cursor }));
    assert.equal(quiet.resynced, undefined);
    assert.deepEqual(quiet.items, []);
    await source.close();
  });

  it('refuses a Microsoft token (401) and a token without gmail.modify (403 insufficientPermissions)', async () => {
    const microsoft = await graphDelegated(fx, 'ms', 'someone@contoso.test');
    await assert.rejects(open({}, microsoft), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'api_unauthorized');
      return true;
    });
    await assert.rejects(open({}, sender), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.params.code, 'insufficientPermissions');
      return true;
    });
  });

  it('is denied another user’s mailbox (Delegation denied)', async () => {
    await assert.rejects(open({ mailbox: 'boss@gmail.test' }), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.match(error.serverReply ?? '', /Delegation denied for desk@gmail\.test/);
      return true;
    });
  });

  it('puts the account in "authorization required" when the grant was revoked', async () => {
    gmail.addMailbox('gone@gmail.test');
    const revoked = await gmailDelegated(fx, 'revoked', 'gone@gmail.test');
    const source = await open({}, revoked);
    await oauth.revokeUser('gone@gmail.test');
    await assert.rejects(source.list(request()), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'oauth_authorization_required');
      return true;
    });
    assert.equal((await fx.accounts.get(revoked.id)).state, 'authorization_required');
    await source.close();
  });
});

describe('Gmail outbound sink', () => {
  it('sends the raw MIME (base64url) into the case’s thread, headers intact', async () => {
    empty();
    const first = gmail.deliver(DESK, mail('Impresora'));
    const thread = gmail.mailbox(DESK).messages.get(first)?.threadId ?? '';
    const sink = createGmailSink(settings(), sender.tokens, { sleep });
    const messageId = newMessageId('reply');
    const raw = plainMail({
      from: DESK,
      to: 'usuario@example.test',
      subject: 'Re: Impresora',
      messageId,
      headers: { 'In-Reply-To': '<original@example.test>', References: '<original@example.test>' },
    });
    const sent = await sink.send({
      raw,
      messageId,
      envelope: { from: DESK, to: ['usuario@example.test'] },
      threadHint: thread,
    });
    assert.equal(sent.threadId, thread);
    assert.equal(sent.messageId, messageId);
    assert.ok(sent.providerId);
    const out = gmail.mailbox(DESK).sent.at(-1);
    assert.deepEqual(out?.raw, raw);
    assert.equal(out?.threadId, thread);
    assert.equal(headerOf(out?.raw ?? '', 'in-reply-to'), '<original@example.test>');
    const body = JSON.parse(
      gmail
        .received('POST', /messages\/send$/)
        .at(-1)
        ?.body.toString() ?? '{}',
    ) as {
      threadId?: string;
    };
    assert.equal(body.threadId, thread);
    await sink.close();
  });

  it('sends a large message through the upload URI (multipart/related), thread kept', async () => {
    const first = gmail.deliver(DESK, mail('Adjunto grande'));
    const thread = gmail.mailbox(DESK).messages.get(first)?.threadId ?? '';
    const sink = createGmailSink(settings(), sender.tokens, { sleep });
    const messageId = newMessageId('big');
    const raw = Buffer.concat([
      plainMail({ from: DESK, to: 'usuario@example.test', subject: 'Re: Adjunto grande', messageId }),
      Buffer.alloc(5 * 1024 * 1024, 'A'),
      Buffer.from('\r\n'),
    ]);
    const sent = await sink.send({
      raw,
      messageId,
      envelope: { from: DESK, to: ['usuario@example.test'] },
      threadHint: thread,
    });
    assert.equal(sent.threadId, thread);
    const out = gmail.mailbox(DESK).sent.at(-1);
    assert.ok(out?.raw.equals(raw), 'the message arrived byte for byte');
    const uploads = gmail.received(
      'POST',
      /^\/upload\/gmail\/v1\/users\/me\/messages\/send\?uploadType=multipart$/,
    );
    assert.equal(uploads.length, 1);
    await sink.close();
  });

  it('starts a new thread when the case has none, and waits out throttling', async () => {
    const sink = createGmailSink(settings(), sender.tokens, { sleep });
    gmail.failNext(
      { method: 'POST', path: /messages\/send$/ },
      googleError(429, 'RESOURCE_EXHAUSTED', 'Rate Limit Exceeded', 'rateLimitExceeded', {
        'retry-after': '2',
      }),
    );
    waits.length = 0;
    const messageId = newMessageId('new');
    const raw = plainMail({ from: DESK, to: 'usuario@example.test', subject: 'Caso nuevo', messageId });
    const sent = await sink.send({ raw, messageId, envelope: { from: DESK, to: ['usuario@example.test'] } });
    assert.deepEqual(waits, [2000]);
    assert.equal(sent.threadId, sent.providerId);
    const body = JSON.parse(
      gmail
        .received('POST', /messages\/send$/)
        .at(-1)
        ?.body.toString() ?? '{}',
    ) as {
      threadId?: string;
    };
    assert.equal(body.threadId, undefined);
    await sink.close();
  });
});
