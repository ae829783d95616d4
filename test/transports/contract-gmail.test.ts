import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGmailSink, createGmailSource } from '../../src/transports/gmail/index.js';
import type { ApiSourceConnection } from '../../src/transports/http/api-adapter.js';
import { gmailDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import { headerRecipients } from '../support/api-stand-in.js';
import { googleError, startGmailServer, type GmailStandIn } from '../support/gmail-server.js';
import { startApiLinks, type ApiLinks } from '../support/api-links.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { inboundSourceContract, type InboundContractSubject } from './contract/inbound-source.contract.js';
import { outboundSinkContract, type OutboundContractSubject } from './contract/outbound-sink.contract.js';

/**
 * The inbound and outbound contracts against the Gmail API adapters, through the Gmail stand-in (shapes
 * cited in test/support/gmail-server.ts) with tokens from the suite's authorization server. Cut and slow
 * links are TCP relays on loopback in front of the stand-in, reached by the account's API URL.
 */

const INBOX = 'contrato@gmail.test';
/** The outbound mailbox is the help desk's own address (the contract's messages are From it). */
const DESK = 'helpdesk@drobot.test';

let oauth: TestOAuthServer;
let gmail: GmailStandIn;
let fx: OAuthFixture;
let reader: AuthorizedAccount;
let sender: AuthorizedAccount;
let links: ApiLinks;
let sentBefore = 0;
/** Retry-After is not slept: the adapter's own backing off is shown in gmail-adapter.test.ts. */
const sleep = () => Promise.resolve();

before(async () => {
  oauth = await startOAuthServer();
  gmail = await startGmailServer(oauth.introspectionUrl);
  gmail.addMailbox(INBOX);
  gmail.addMailbox(DESK);
  fx = await createOAuthFixture('sqlite', oauth);
  reader = await gmailDelegated(fx, 'contrato', INBOX);
  sender = await gmailDelegated(fx, 'contrato-out', DESK, 'outbound');
  links = await startApiLinks(gmail.url);
});
after(async () => {
  await links?.close();
  await fx?.close();
  await gmail?.close();
  await oauth?.close();
});

function settings(apiUrl: string): ApiSourceConnection {
  return {
    kind: 'gmail',
    apiUrl,
    mailbox: 'me',
    timeoutMs: 5000,
    tls: { insecureSkipVerify: false },
    folder: 'INBOX',
    afterStore: 'delete',
    moveTo: null,
  };
}

const inbound: InboundContractSubject = {
  mailbox() {
    gmail.mailbox(INBOX).messages.clear();
    const open = (apiUrl: string) => createGmailSource(settings(apiUrl), reader.tokens, { sleep });
    return Promise.resolve({
      open: () => open(gmail.url),
      openCut: (afterBytes) => {
        links.cutIn.behaviour = { cutAfterServerBytes: afterBytes };
        return open(links.through(links.cutIn));
      },
      openSlow: () => open(links.through(links.slow)),
      deliver: (raw) => Promise.resolve(void gmail.deliver(INBOX, raw)),
      // "delete" moves to the trash, which takes the message out of the inbox.
      count: () => Promise.resolve(gmail.withLabel(INBOX, 'INBOX').length),
    });
  },
};

const SEND = { method: 'POST', path: /\/messages\/send$/ };
/** The API client tries a throttled request five times; a refusal for now outlasts them. */
const THROTTLED_ATTEMPTS = 5;

const outbound: OutboundContractSubject = {
  from: DESK,
  sink: () => createGmailSink(settings(gmail.url), sender.tokens, { sleep }),
  cutSink: (afterBytes) => {
    links.cutOut.behaviour = { cutAfterClientBytes: afterBytes };
    return createGmailSink(settings(links.through(links.cutOut)), sender.tokens, { sleep });
  },
  slowSink: () => createGmailSink(settings(links.through(links.slow)), sender.tokens, { sleep }),
  refuseNext: (kind) => {
    if (kind === 'temporary') {
      const answer = googleError(429, 'RESOURCE_EXHAUSTED', 'User-rate limit exceeded.', 'rateLimitExceeded');
      gmail.failNext(SEND, answer, THROTTLED_ATTEMPTS);
    } else {
      gmail.failNext(
        SEND,
        googleError(
          403,
          'PERMISSION_DENIED',
          'Request had insufficient authentication scopes.',
          'insufficientPermissions',
        ),
      );
    }
  },
  delivered: () =>
    Promise.resolve(
      gmail
        .mailbox(DESK)
        .sent.slice(sentBefore)
        .map(({ raw }) => ({ raw, to: headerRecipients(raw) })),
    ),
  reset: () => {
    sentBefore = gmail.mailbox(DESK).sent.length;
  },
};

inboundSourceContract('Gmail API against the Gmail stand-in', () => inbound);
outboundSinkContract('Gmail API messages.send against the Gmail stand-in', () => outbound, {
  addressing: 'headers',
});

test('the links in front of the stand-in were used: both cut links cut', () => {
  assert.ok(links.cutIn.cuts > 0, 'the inbound link cut a download');
  assert.ok(links.cutOut.cuts > 0, 'the outbound link cut a message');
});
