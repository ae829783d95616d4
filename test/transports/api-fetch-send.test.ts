import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/account.model.js';
import { fetchPlanFor, type AccountSecrets } from '../../src/inbound/fetch/account-source.js';
import { ConversationService } from '../../src/helpdesk/conversation.service.js';
import { createInbound } from '../../src/inbound/inbound.factory.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createOutboundTransports, graphSendModeOf } from '../../src/notifications/outbound-accounts.js';
import { BUILTIN_TEMPLATES } from '../../src/notifications/templates/builtin.templates.js';
import { listOutboxRows, toEntry } from '../../src/notifications/outbox.repository.js';
import { OutboxService } from '../../src/notifications/outbox.service.js';
import { OutboxWorker } from '../../src/notifications/outbox.worker.js';
import { graphAppOnly, graphDelegated, gmailDelegated } from '../support/api-accounts.js';
import { headerOf } from '../support/api-stand-in.js';
import { newMessageId, plainMail } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { CASE_KEY, createPipeline, type TestPipeline } from '../support/mail-pipeline.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, TEST_CLIENTS, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

/**
 * Graph and Gmail API accounts through the real fetch path (account → fetch plan → transport registry →
 * fetch runner → cases) and the real outbox (outbound account → API sink), against the Graph and Gmail
 * stand-ins (shapes cited in test/support/graph-server.ts and gmail-server.ts), with tokens from the
 * suite's authorization server and the real token service.
 */

const DESK = 'desk@contoso.test';
const SHARED = 'shared@contoso.test';
const GONE = 'gone@contoso.test';
const GDESK = 'desk@gmail.test';
const REQUESTER = 'ana@example.test';
const IMAP_USER = 'desk@helpdesk.test';
const IMAP_PASSWORD = 'clave-imap-1';

let oauth: TestOAuthServer;
let graph: GraphStandIn;
let gmail: GmailStandIn;
let fx: OAuthFixture;
let pipeline: TestPipeline;
let dataDir: string;
let secrets: AccountSecrets;
let pki: TestPki;
let dovecot: DovecotServer;

before(async () => {
  oauth = await startOAuthServer();
  graph = await startGraphServer(oauth.introspectionUrl);
  gmail = await startGmailServer(oauth.introspectionUrl);
  for (const address of [DESK, SHARED, GONE]) graph.addMailbox(address);
  graph.appPolicy.add(SHARED);
  gmail.addMailbox(GDESK);
  pki = createTestPki();
  dovecot = await startDovecot({ pki, users: [{ user: IMAP_USER, password: IMAP_PASSWORD }] });
  fx = await createOAuthFixture('sqlite', oauth);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-api-fetch-'));
  pipeline = createPipeline(fx.database, dataDir);
  secrets = {
    secret: (id, name) => fx.accounts.secret(id, name),
    accessToken: (id, audience, options) => fx.tokenService.getAccessToken(id, audience, options),
  };
});
after(async () => {
  await fx?.close();
  await gmail?.close();
  await graph?.close();
  await oauth?.close();
  await dovecot?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Points an authorized account at its stand-in and sets what fetching does after storing. */
async function pointed(id: number, apiUrl: string, inbound: Record<string, unknown> = {}): Promise<Account> {
  const account = await fx.accounts.edit(id, {
    apiUrl,
    ...(Object.keys(inbound).length > 0 ? { inbound } : {}),
  });
  assert.equal(account.state, 'ready');
  return account;
}

async function fetchAccount(id: number) {
  return pipeline.runner.run(await fetchPlanFor(await fx.accounts.get(id), secrets));
}

async function casesWithSubject(subject: string) {
  return (await pipeline.cases.list()).filter((c) => c.subject === subject);
}

function mail(subject: string, to: string): Buffer {
  return plainMail({ subject, from: REQUESTER, to, messageId: newMessageId('api') });
}

describe('fetching from Microsoft Graph and Gmail API accounts', () => {
  it('Graph (delegated): inbox mail becomes cases, is marked read, and a second run takes nothing', async () => {
    const desk = await graphDelegated(fx, 'graph-in', DESK);
    await pointed(desk.id, graph.url, { afterFetch: 'seen' });
    const ids = [1, 2].map((n) => graph.deliver(DESK, mail(`Graph seen ${n}`, DESK)));

    const first = await fetchAccount(desk.id);
    assert.equal(first.newCases, 2);
    for (const n of [1, 2]) assert.equal((await casesWithSubject(`Graph seen ${n}`)).length, 1);
    for (const id of ids) assert.equal(graph.mailbox(DESK).messages.get(id)?.isRead, true);

    const second = await fetchAccount(desk.id);
    assert.equal(second.newCases, 0);
    for (const n of [1, 2]) assert.equal((await casesWithSubject(`Graph seen ${n}`)).length, 1);
  });

  it('Graph: "move" files the stored mail in the folder, "delete" removes it', async () => {
    const mover = await graphDelegated(fx, 'graph-move', DESK);
    graph.mailbox(DESK).messages.clear();
    const procesados = graph.addFolder(DESK, 'Procesados');
    await pointed(mover.id, graph.url, { afterFetch: 'move', moveToFolder: 'Procesados' });
    const moved = graph.deliver(DESK, mail('Graph moved', DESK));
    assert.equal((await fetchAccount(mover.id)).newCases, 1);
    // A move gives the message a new id in its new folder, as Exchange does.
    const filed = graph.inFolder(DESK, procesados);
    assert.equal(filed.length, 1);
    assert.match(headerOf(filed[0]!.raw, 'Subject') ?? '', /Graph moved/);
    assert.equal(graph.inFolder(DESK, 'inbox').length, 0);
    assert.equal(graph.mailbox(DESK).messages.has(moved), false);

    const deleter = await graphDelegated(fx, 'graph-delete', DESK);
    await pointed(deleter.id, graph.url, { afterFetch: 'delete' });
    const deleted = graph.deliver(DESK, mail('Graph deleted', DESK));
    assert.equal((await fetchAccount(deleter.id)).newCases, 1);
    assert.equal(graph.mailbox(DESK).messages.has(deleted), false);
    assert.equal((await casesWithSubject('Graph deleted')).length, 1);
  });

  it('Graph (app-only): reads the shared mailbox at /users/{address}', async () => {
    const app = await graphAppOnly(fx, 'graph-app', SHARED);
    await pointed(app.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(SHARED, mail('Graph app-only', SHARED));
    const plan = await fetchPlanFor(await fx.accounts.get(app.id), secrets);
    assert.ok(!('protocol' in plan.source));
    assert.equal(plan.source.mailbox, SHARED);
    assert.equal((await pipeline.runner.run(plan)).newCases, 1);
    assert.ok(graph.received('GET', /users\/shared%40contoso\.test\//).length > 0);
  });

  it('Gmail: inbox mail becomes cases, per after-fetch (UNREAD removed, trashed), nothing twice', async () => {
    const desk = await gmailDelegated(fx, 'gmail-in', GDESK);
    await pointed(desk.id, gmail.url, { afterFetch: 'seen' });
    const ids = [1, 2].map((n) => gmail.deliver(GDESK, mail(`Gmail seen ${n}`, GDESK)));
    assert.equal((await fetchAccount(desk.id)).newCases, 2);
    for (const id of ids) {
      const labels = gmail.mailbox(GDESK).messages.get(id)?.labelIds;
      assert.ok(labels && !labels.has('UNREAD') && labels.has('INBOX'));
    }
    assert.equal((await fetchAccount(desk.id)).newCases, 0);
    for (const n of [1, 2]) assert.equal((await casesWithSubject(`Gmail seen ${n}`)).length, 1);

    await pointed(desk.id, gmail.url, { afterFetch: 'delete' });
    const trashed = gmail.deliver(GDESK, mail('Gmail deleted', GDESK));
    assert.equal((await fetchAccount(desk.id)).newCases, 1);
    const labels = gmail.mailbox(GDESK).messages.get(trashed)?.labelIds;
    assert.ok(!labels || (labels.has('TRASH') && !labels.has('INBOX')), `labels: ${[...(labels ?? [])]}`);
  });

  it('the same mail makes the same case subject and requester over Graph, Gmail and IMAP', async () => {
    const graphAccount = await graphDelegated(fx, 'graph-same', DESK);
    const gmailAccount = await gmailDelegated(fx, 'gmail-same', GDESK);
    const imapAccount = await fx.accounts.create({
      name: 'imap-same',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      host: '127.0.0.1',
      port: dovecot.ports.imaps,
      security: 'implicit',
      username: IMAP_USER,
      password: IMAP_PASSWORD,
      tls: { caPem: pki.caPem },
    });
    await pointed(graphAccount.id, graph.url);
    await pointed(gmailAccount.id, gmail.url);
    const sameMail = () =>
      plainMail({ from: `Ana Perez <${REQUESTER}>`, to: DESK, messageId: newMessageId('same') });
    graph.deliver(DESK, sameMail());
    gmail.deliver(GDESK, sameMail());
    dovecot.deliver(IMAP_USER, sameMail());
    const ids = [graphAccount.id, gmailAccount.id, imapAccount.id];
    for (const id of ids) assert.equal((await fetchAccount(id)).error, null);
    const all = await pipeline.cases.list();
    const shapes = ids.map((id) => {
      const made = all.filter((c) => c.sourceAccountId === id);
      assert.equal(made.length, 1, `account ${id}`);
      return [made[0]!.subject, made[0]!.requester.address, made[0]!.requester.displayName];
    });
    assert.deepEqual(shapes[0], ['Impresora de la planta 2', REQUESTER, 'Ana Perez']);
    assert.deepEqual(shapes[1], shapes[0]);
    assert.deepEqual(shapes[2], shapes[0]);
  });

  it('Graph: an expired delta link is recovered by a resync with neither loss nor duplicates', async () => {
    const desk = await graphDelegated(fx, 'graph-resync', DESK);
    graph.mailbox(DESK).messages.clear();
    await pointed(desk.id, graph.url, { afterFetch: 'seen' });
    const handled = [1, 2].map((n) => graph.deliver(DESK, mail(`Graph resync ${n}`, DESK)));
    assert.equal((await fetchAccount(desk.id)).newCases, 2);
    // Someone marks them unread again: the resync lists them anew, and the runner must recognise them.
    for (const id of handled) graph.mailbox(DESK).messages.get(id)!.isRead = false;
    graph.expireDeltaTokens();
    graph.deliver(DESK, mail('Graph resync 3', DESK));
    const run = await fetchAccount(desk.id);
    assert.equal(run.newCases, 1);
    for (const n of [1, 2, 3]) assert.equal((await casesWithSubject(`Graph resync ${n}`)).length, 1);
    assert.equal(run.error, null);
  });

  it('Gmail: a too-old historyId falls back to a full listing with neither loss nor duplicates', async () => {
    const desk = await gmailDelegated(fx, 'gmail-resync', GDESK);
    await pointed(desk.id, gmail.url, { afterFetch: 'seen' });
    // Start from a known cursor: whatever earlier tests left is taken now.
    await fetchAccount(desk.id);
    const handled = gmail.deliver(GDESK, mail('Gmail resync 1', GDESK));
    assert.equal((await fetchAccount(desk.id)).newCases, 1);
    // Marked unread again: the full listing after the expired history shows it anew.
    gmail.relabel(GDESK, handled, { addLabelIds: ['UNREAD'] });
    gmail.expireHistory(GDESK);
    gmail.deliver(GDESK, mail('Gmail resync 2', GDESK));
    const run = await fetchAccount(desk.id);
    assert.equal(run.newCases, 1);
    for (const n of [1, 2]) assert.equal((await casesWithSubject(`Gmail resync ${n}`)).length, 1);
    assert.equal(run.error, null);
  });

  it('a mail deleted between listing and download is skipped, not retried, and the run goes on', async () => {
    const desk = await graphDelegated(fx, 'graph-gone-item', DESK);
    graph.mailbox(DESK).messages.clear();
    await pointed(desk.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(DESK, mail('Graph vanished', DESK));
    graph.deliver(DESK, mail('Graph stays', DESK));
    graph.failNext(
      // The oldest mail is downloaded first: it is the one deleted meanwhile.
      { method: 'GET', path: /\/\$value/ },
      { status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'The item was deleted.' } } },
    );
    const run = await fetchAccount(desk.id);
    assert.equal(run.newCases, 1);
    assert.equal(run.deferred, 0, 'not kept for another download attempt');
    assert.equal(run.quarantined, 0);
    assert.equal(run.error, null);
    assert.equal((await fetchAccount(desk.id)).newCases, 0);
    assert.equal((await casesWithSubject('Graph stays')).length, 1);
    assert.equal((await casesWithSubject('Graph vanished')).length, 0);
  });

  it('a revoked grant puts the account in "authorization required"', async () => {
    const gone = await graphDelegated(fx, 'graph-revoked', GONE);
    await pointed(gone.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(GONE, mail('Before revocation', GONE));
    assert.equal((await fetchAccount(gone.id)).newCases, 1);
    await oauth.revokeUser(GONE);
    graph.deliver(GONE, mail('After revocation', GONE));
    const run = await fetchAccount(gone.id);
    assert.notEqual(run.error, null);
    assert.equal((await fx.accounts.get(gone.id)).state, 'authorization_required');
    await assert.rejects(fetchPlanFor(await fx.accounts.get(gone.id), secrets));
    assert.equal((await casesWithSubject('After revocation')).length, 0);
  });
});

describe('sending through Graph and Gmail API outbound accounts', () => {
  const key = Buffer.alloc(32, 5);

  async function sendVia(accountId: number, subject: string, to = REQUESTER) {
    const service = new OutboxService({
      database: fx.database,
      templates: BUILTIN_TEMPLATES,
      threadingKey: key,
      routing: { defaultAccountId: accountId },
      instanceId: 'drobot-test-instance',
      messageIdDomain: 'drobot.test',
      ownAddresses: () => [DESK, GDESK],
    });
    const transports = createOutboundTransports({
      getAccount: (id) => fx.accounts.get(id),
      secret: (id, name) => fx.accounts.secret(id, name),
      accessToken: (id, audience, options) => fx.tokenService.getAccessToken(id, audience, options),
    });
    const worker = new OutboxWorker({
      database: fx.database,
      transportFor: (id) => transports.transportFor(id),
      rateLimitOf: () => 100_000,
      owner: `api-${accountId}`,
      leaseMs: 60_000,
      batchSize: 10,
    });
    const queued = await service.enqueue({
      type: 'case-created',
      lang: 'es',
      to,
      data: { caseId: 41, caseSubject: subject, requesterName: 'Ana Pérez' },
      inReplyTo: '<original.41@example.test>',
      references: ['<original.41@example.test>'],
    });
    assert.equal(queued.status, 'queued');
    const summary = await worker.drain();
    transports.close();
    assert.equal(summary.sent, 1, JSON.stringify(summary));
    return queued.status === 'queued' ? queued.messageId : '';
  }

  it('Graph: the outbox sends the notification with its Message-ID and In-Reply-To', async () => {
    const out = await graphDelegated(fx, 'graph-out', DESK, 'outbound');
    await pointed(out.id, graph.url);
    const before = graph.mailbox(DESK).sent.length;
    const messageId = await sendVia(out.id, 'Graph outbound');
    const sent = graph.mailbox(DESK).sent.slice(before);
    assert.equal(sent.length, 1);
    const raw = sent[0]!;
    assert.equal(headerOf(raw, 'Message-ID'), messageId);
    assert.equal(headerOf(raw, 'In-Reply-To'), '<original.41@example.test>');
    assert.match(headerOf(raw, 'From') ?? '', new RegExp(DESK.replace('.', '\\.')));
    assert.match(headerOf(raw, 'To') ?? '', /ana@example\.test/);
  });

  it('Gmail: the outbox sends the notification with its Message-ID and In-Reply-To', async () => {
    const out = await gmailDelegated(fx, 'gmail-out', GDESK, 'outbound');
    await pointed(out.id, gmail.url);
    const before = gmail.mailbox(GDESK).sent.length;
    const messageId = await sendVia(out.id, 'Gmail outbound');
    const sent = gmail.mailbox(GDESK).sent.slice(before);
    assert.equal(sent.length, 1);
    const raw = sent[0]!.raw;
    assert.equal(headerOf(raw, 'Message-ID'), messageId);
    assert.equal(headerOf(raw, 'In-Reply-To'), '<original.41@example.test>');
    assert.match(headerOf(raw, 'To') ?? '', /ana@example\.test/);
  });

  it('Graph and Gmail: a UTF-8 local part at a domain in Unicode goes as RFC 6532 writes it', async () => {
    // The APIs take the whole mail as bytes: To is the address as it is, its domain in A-labels.
    const written = 'josé@correo.münchen.de';
    const sent = 'josé@correo.xn--mnchen-3ya.de';
    const graphOut = await graphDelegated(fx, 'graph-out-utf8', DESK, 'outbound');
    await pointed(graphOut.id, graph.url);
    const graphBefore = graph.mailbox(DESK).sent.length;
    await sendVia(graphOut.id, 'Graph UTF-8', written);
    const gmailOut = await gmailDelegated(fx, 'gmail-out-utf8', GDESK, 'outbound');
    await pointed(gmailOut.id, gmail.url);
    const gmailBefore = gmail.mailbox(GDESK).sent.length;
    await sendVia(gmailOut.id, 'Gmail UTF-8', written);
    for (const raw of [graph.mailbox(DESK).sent[graphBefore], gmail.mailbox(GDESK).sent[gmailBefore]?.raw]) {
      assert.ok(raw);
      assert.equal(headerOf(raw, 'To'), sent);
    }
  });
});

describe('answers sent through Graph and Gmail keep the thread of their case', () => {
  /** The agent's side of the help desk, sending through one outbound account. */
  function conversationVia(accountId: number, from: string): ConversationService {
    const outbox = new OutboxService({
      database: fx.database,
      templates: BUILTIN_TEMPLATES,
      threadingKey: CASE_KEY,
      routing: { defaultAccountId: accountId },
      instanceId: 'drobot-test-instance',
      messageIdDomain: 'drobot.test',
      ownAddresses: () => [DESK, GDESK],
      senderOf: () => Promise.resolve({ address: from }),
    });
    return new ConversationService({
      database: fx.database,
      outbox,
      blobs: pipeline.blobs,
      defaultLang: 'es',
      notifyStatuses: [],
      logger: silentLogger,
    });
  }

  async function drainOutbox(owner: string): Promise<void> {
    const transports = createOutboundTransports({
      getAccount: (id) => fx.accounts.get(id),
      secret: (id, name) => fx.accounts.secret(id, name),
      accessToken: (id, audience, options) => fx.tokenService.getAccessToken(id, audience, options),
    });
    const worker = new OutboxWorker({
      database: fx.database,
      transportFor: (id) => transports.transportFor(id),
      rateLimitOf: () => 100_000,
      owner,
      leaseMs: 60_000,
    });
    try {
      const summary = await worker.drain();
      assert.deepEqual([summary.failed, summary.retrying], [0, 0], JSON.stringify(summary));
    } finally {
      transports.close();
    }
  }

  async function caseMessageIdOf(id: number): Promise<string | null> {
    const row = await fx.database.db
      .selectFrom('case_messages')
      .select('message_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.message_id;
  }

  it('a Graph sending account creates a draft only when its grant has Mail.ReadWrite', () => {
    const readWrite = 'https://graph.microsoft.com/Mail.ReadWrite';
    const send = 'https://graph.microsoft.com/Mail.Send';
    assert.equal(graphSendModeOf({ flow: 'delegated', scopes: [send, readWrite] }), 'draft');
    assert.equal(graphSendModeOf({ flow: 'delegated', scopes: [send] }), 'sendMail');
    assert.equal(graphSendModeOf({ flow: 'delegated', scopes: undefined }), 'sendMail');
    assert.equal(
      graphSendModeOf({ flow: 'app', scopes: ['https://graph.microsoft.com/.default'] }),
      'sendMail',
    );
  });

  it('Graph: Exchange gives the answer its own Message-ID; it is recorded, and a reply to it joins the case', async () => {
    const inbox = await graphDelegated(fx, 'graph-thread-in', DESK);
    graph.mailbox(DESK).messages.clear();
    await pointed(inbox.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(DESK, mail('Graph thread', DESK));
    assert.equal((await fetchAccount(inbox.id)).newCases, 1);
    const [opened] = await casesWithSubject('Graph thread');
    assert.ok(opened);

    const out = await graphDelegated(fx, 'graph-thread-out', DESK, 'outbound');
    await pointed(out.id, graph.url);
    const answer = await conversationVia(out.id, DESK).reply(opened.id, { text: 'Reinicie la impresora.' });
    const ours = await caseMessageIdOf(answer.messageId);
    const before = graph.mailbox(DESK).sent.length;
    const drafts = graph.received('POST', /\/me\/messages$/).length;
    graph.replaceMessageIds = true;
    try {
      await drainOutbox('graph-thread');
    } finally {
      graph.replaceMessageIds = false;
    }
    const sent = graph.mailbox(DESK).sent.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(graph.received('POST', /\/me\/messages$/).length, drafts + 1, 'sent through a draft');
    const wentOut = headerOf(sent[0]!, 'Message-ID') ?? '';
    assert.match(wentOut, /@EXCH01\.contoso\.test>$/);
    assert.notEqual(wentOut, ours);

    const row = await fx.database.db
      .selectFrom('outbox')
      .select(['state', 'message_id', 'sent_message_id'])
      .where('case_message_id', '=', answer.messageId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'sent', message_id: ours, sent_message_id: wentOut });
    const entry = (await listOutboxRows(fx.database.db, { caseId: opened.id })).map((r) => toEntry(r));
    assert.deepEqual(
      entry.map((e) => [e.messageId, e.sentMessageId]),
      [[ours, wentOut]],
    );
    assert.equal(await caseMessageIdOf(answer.messageId), wentOut);

    // The requester answers the mail they got: it quotes only the Message-ID Exchange gave it, no case tag.
    graph.deliver(
      DESK,
      plainMail({
        subject: 'Sigue sin imprimir',
        from: REQUESTER,
        to: DESK,
        messageId: newMessageId('api'),
        headers: { 'In-Reply-To': wentOut, References: wentOut },
      }),
    );
    const run = await fetchAccount(inbox.id);
    assert.deepEqual([run.newCases, run.error], [0, null]);
    assert.equal((await casesWithSubject('Sigue sin imprimir')).length, 0);
    const thread = await fx.database.db
      .selectFrom('case_messages')
      .select('case_id')
      .where('subject', '=', 'Sigue sin imprimir')
      .execute();
    assert.deepEqual(
      thread.map((m) => m.case_id),
      [opened.id],
    );
  });

  it("Graph: a Cc'd person answering their own copy, sent under another Exchange Message-ID, joins the case", async () => {
    const inbox = await graphDelegated(fx, 'graph-copy-in', DESK);
    graph.mailbox(DESK).messages.clear();
    await pointed(inbox.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(
      DESK,
      plainMail({
        subject: 'Graph copies',
        from: REQUESTER,
        to: DESK,
        messageId: newMessageId('api'),
        headers: { Cc: 'Luis <luis@example.test>' },
      }),
    );
    assert.equal((await fetchAccount(inbox.id)).newCases, 1);
    const [opened] = await casesWithSubject('Graph copies');
    assert.ok(opened);
    const out = await graphDelegated(fx, 'graph-copy-out', DESK, 'outbound');
    await pointed(out.id, graph.url);
    const answer = await conversationVia(out.id, DESK).reply(opened.id, { text: 'Revisado.' });
    assert.equal(answer.copies.length, 2);
    graph.replaceMessageIds = true;
    try {
      await drainOutbox('graph-copy');
    } finally {
      graph.replaceMessageIds = false;
    }
    const rows = await fx.database.db
      .selectFrom('outbox')
      .select(['recipient', 'sent_message_id'])
      .where('case_message_id', '=', answer.messageId)
      .orderBy('id')
      .execute();
    const copy = rows.find((r) => r.recipient === 'luis@example.test')?.sent_message_id ?? '';
    assert.match(copy, /@EXCH01\.contoso\.test>$/);
    assert.notEqual(await caseMessageIdOf(answer.messageId), copy, 'the case message keeps the first copy');

    graph.deliver(
      DESK,
      plainMail({
        subject: 'Luis tambien',
        from: 'luis@example.test',
        to: DESK,
        messageId: newMessageId('api'),
        headers: { 'In-Reply-To': copy, References: copy },
      }),
    );
    const luis = await fetchAccount(inbox.id);
    assert.deepEqual([luis.newCases, luis.quarantined, luis.error], [0, 0, null], JSON.stringify(luis));
    const joined = await fx.database.db
      .selectFrom('case_messages')
      .select('case_id')
      .where('subject', '=', 'Luis tambien')
      .execute();
    assert.deepEqual(
      joined.map((m) => m.case_id),
      [opened.id],
    );
  });

  it("Gmail: an answer goes into the requester's thread, kept for the case and its mailbox", async () => {
    const inbox = await gmailDelegated(fx, 'gmail-thread-in', GDESK);
    await pointed(inbox.id, gmail.url, { afterFetch: 'seen' });
    const asked = gmail.deliver(GDESK, mail('Gmail thread', GDESK));
    const thread = gmail.mailbox(GDESK).messages.get(asked)!.threadId;
    await fetchAccount(inbox.id);
    const [opened] = await casesWithSubject('Gmail thread');
    assert.ok(opened);

    const out = await gmailDelegated(fx, 'gmail-thread-out', GDESK, 'outbound');
    await pointed(out.id, gmail.url);
    const agent = conversationVia(out.id, GDESK);
    const before = gmail.mailbox(GDESK).sent.length;
    const sends = gmail.received('POST', /\/messages\/send$/).length;
    // The first answer joins the thread the listing named for the requester's mail.
    await agent.reply(opened.id, { text: 'Primera respuesta.' });
    await drainOutbox('gmail-thread-1');
    const stored = await fx.database.db
      .selectFrom('case_provider_threads')
      .select(['mailbox', 'thread_id'])
      .where('case_id', '=', opened.id)
      .execute();
    assert.deepEqual(stored, [{ mailbox: `gmail:${GDESK}`, thread_id: thread }]);

    // The next one goes where the last answer went.
    await agent.reply(opened.id, { text: 'Segunda respuesta.' });
    await drainOutbox('gmail-thread-2');
    const sent = gmail.mailbox(GDESK).sent.slice(before);
    assert.deepEqual(
      sent.map((m) => m.threadId),
      [thread, thread],
    );
    const requests = gmail.received('POST', /\/messages\/send$/).slice(sends);
    const given = requests.map(
      (r) => (JSON.parse(r.body.toString('utf8')) as { threadId?: string }).threadId,
    );
    assert.deepEqual(given, [thread, thread]);
  });

  it('Gmail: a case with no thread (or a deleted one) in the sending mailbox starts one, then kept', async () => {
    const graphInbox = await graphDelegated(fx, 'graph-thread-elsewhere', DESK);
    graph.mailbox(DESK).messages.clear();
    await pointed(graphInbox.id, graph.url, { afterFetch: 'seen' });
    graph.deliver(DESK, mail('Thread elsewhere', DESK));
    assert.equal((await fetchAccount(graphInbox.id)).newCases, 1);
    const [opened] = await casesWithSubject('Thread elsewhere');
    assert.ok(opened);
    const out = await gmailDelegated(fx, 'gmail-thread-new', GDESK, 'outbound');
    await pointed(out.id, gmail.url);
    const sends = gmail.received('POST', /\/messages\/send$/).length;
    const before = gmail.mailbox(GDESK).sent.length;
    await conversationVia(out.id, GDESK).reply(opened.id, { text: 'Respuesta.' });
    await drainOutbox('gmail-thread-3');
    const [sent] = gmail.mailbox(GDESK).sent.slice(before);
    assert.ok(sent);
    const [request] = gmail.received('POST', /\/messages\/send$/).slice(sends);
    assert.equal((JSON.parse(request!.body.toString('utf8')) as { threadId?: string }).threadId, undefined);
    const stored = await fx.database.db
      .selectFrom('case_provider_threads')
      .select('thread_id')
      .where('case_id', '=', opened.id)
      .execute();
    assert.deepEqual(stored, [{ thread_id: sent.threadId }]);

    // Someone deletes the conversation for good: the next answer starts a new one, and that is kept.
    const box = gmail.mailbox(GDESK);
    for (const [id, m] of box.messages) if (m.threadId === sent.threadId) box.messages.delete(id);
    await conversationVia(out.id, GDESK).reply(opened.id, { text: 'Otra respuesta.' });
    await drainOutbox('gmail-thread-4');
    const [, again] = gmail.mailbox(GDESK).sent.slice(before);
    assert.ok(again);
    assert.notEqual(again.threadId, sent.threadId);
    const asked = gmail
      .received('POST', /\/messages\/send$/)
      .slice(sends + 1)
      .map((r) => (JSON.parse(r.body.toString('utf8')) as { threadId?: string }).threadId);
    assert.deepEqual(asked, [sent.threadId, undefined], 'tried in the old thread, then without one');
    const kept = await fx.database.db
      .selectFrom('case_provider_threads')
      .select('thread_id')
      .where('case_id', '=', opened.id)
      .execute();
    assert.deepEqual(kept, [{ thread_id: again.threadId }]);
  });
});

describe('the inbound service and the scheduler of `drobot serve`', () => {
  it('fetches an API account by name, and the scheduler polls it, saying once why', async () => {
    const inbound = createInbound({
      database: fx.database,
      dataDir,
      accounts: {
        get: (ref) => fx.accounts.get(ref),
        list: () => fx.accounts.list(),
        ...secrets,
      },
      logger: fx.logger,
      threadingKey: Buffer.alloc(32, 9),
      instanceId: 'drobot-test',
    });
    const served = await gmailDelegated(fx, 'gmail-served', GDESK);
    await pointed(served.id, gmail.url, { afterFetch: 'seen' });
    gmail.deliver(GDESK, mail('Served by name', GDESK));
    assert.equal((await inbound.service.fetch('gmail-served')).newCases, 1);
    assert.equal((await casesWithSubject('Served by name')).length, 1);

    await inbound.scheduler.tick();
    await inbound.scheduler.tick();
    await inbound.scheduler.stop();
    const said = fx.log.lines.filter(
      (line) => line.includes('push needs a public callback; polling') && line.includes('gmail-served'),
    );
    assert.equal(said.length, 1, fx.log.text);
    assert.equal((await casesWithSubject('Served by name')).length, 1);
  });
});

describe('drobot fetch --once with Graph and Gmail API accounts (the command, its own store)', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
  });

  async function cli(
    args: string[],
    options: { input?: string; onStderrLine?: (line: string) => void } = {},
  ) {
    return runCli(args, { env: store.env, timeoutMs: 30_000, ...options });
  }

  async function authorize(name: string, user: string): Promise<void> {
    let consent: Promise<unknown> | undefined;
    const result = await cli(['oauth', 'authorize', name, '--no-browser'], {
      onStderrLine: (line) => {
        if (line.startsWith('http://') && !consent) consent = consentAsUser(line.trim(), { login: user });
      },
    });
    await consent;
    assert.equal(result.code, 0, result.stderr);
  }

  async function fetchOnce(name: string): Promise<{ newCases: number; error: string | null }> {
    const result = await cli(['fetch', name, '--once', '--json']);
    assert.equal(result.code, 0, result.stderr);
    return jsonOf<{ newCases: number; error: string | null }>(result);
  }

  it('a Graph account added with --api-url fetches into cases, marks read, and takes nothing twice', async () => {
    const added = await cli([
      'accounts',
      'add',
      '--name',
      'cli-graph',
      '--direction',
      'inbound',
      '--connection',
      'graph',
      '--api-url',
      graph.url,
      '--username',
      DESK,
      '--tenant-id',
      'contoso',
      '--oauth-authority',
      oauth.microsoftAuthority,
      '--oauth-loopback',
      '--no-oauth-browser',
      '--client-id',
      TEST_CLIENTS.msDesktop.clientId,
      '--after-fetch',
      'seen',
    ]);
    assert.equal(added.code, 0, added.stderr);
    await authorize('cli-graph', DESK);
    graph.mailbox(DESK).messages.clear();
    const id = graph.deliver(DESK, mail('CLI over Graph', DESK));
    const first = await fetchOnce('cli-graph');
    assert.deepEqual([first.newCases, first.error], [1, null]);
    assert.equal(graph.mailbox(DESK).messages.get(id)?.isRead, true);
    assert.equal((await fetchOnce('cli-graph')).newCases, 0);
    const listed = jsonOf<{ subject: string }[]>(await cli(['cases', 'list', '--json']));
    assert.deepEqual(
      listed.map((c) => c.subject),
      ['CLI over Graph'],
    );
  });

  it('a Gmail API account added with --api-url (its protocol and preset implied) fetches into cases, and takes nothing twice', async () => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        'cli-gmail',
        '--direction',
        'inbound',
        '--connection',
        'gmail-api',
        '--api-url',
        gmail.url,
        '--username',
        GDESK,
        '--client-id',
        TEST_CLIENTS.googleDesktop.clientId,
        '--client-secret-stdin',
        '--oauth-authority',
        oauth.googleAuthority,
        '--oauth-loopback',
        '--no-oauth-browser',
        '--after-fetch',
        'seen',
      ],
      { input: `${TEST_CLIENTS.googleDesktop.clientSecret}\n` },
    );
    assert.equal(added.code, 0, added.stderr);
    const shown = jsonOf<{ protocol: string; preset: string }>(
      await cli(['accounts', 'show', 'cli-gmail', '--json']),
    );
    assert.deepEqual([shown.protocol, shown.preset], ['imap', 'gmail']);
    await authorize('cli-gmail', GDESK);
    gmail.mailbox(GDESK).messages.clear();
    const id = gmail.deliver(GDESK, mail('CLI over Gmail', GDESK));
    const first = await fetchOnce('cli-gmail');
    assert.deepEqual([first.newCases, first.error], [1, null]);
    assert.equal(gmail.mailbox(GDESK).messages.get(id)?.labelIds.has('UNREAD'), false);
    assert.equal((await fetchOnce('cli-gmail')).newCases, 0);
    const listed = jsonOf<{ subject: string }[]>(await cli(['cases', 'list', '--json']));
    assert.equal(listed.filter((c) => c.subject === 'CLI over Gmail').length, 1);
  });
});
