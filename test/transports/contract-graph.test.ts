import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGraphSink, createGraphSource, type GraphSendMode } from '../../src/transports/graph/index.js';
import type { ApiSourceConnection } from '../../src/transports/http/api-adapter.js';
import { graphAppOnly, graphDelegated, type AuthorizedAccount } from '../support/api-accounts.js';
import { headerRecipients } from '../support/api-stand-in.js';
import { graphError, startGraphServer, type GraphStandIn } from '../support/graph-server.js';
import { startApiLinks, type ApiLinks } from '../support/api-links.js';
import { createOAuthFixture, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { inboundSourceContract, type InboundContractSubject } from './contract/inbound-source.contract.js';
import { outboundSinkContract, type OutboundContractSubject } from './contract/outbound-sink.contract.js';

/**
 * The inbound and outbound contracts against the Microsoft Graph adapters, through the Graph stand-in
 * (shapes cited in test/support/graph-server.ts) with tokens from the suite's authorization server. Cut and
 * slow links are TCP relays on loopback in front of the stand-in, reached by the account's API URL.
 */

const INBOX = 'contrato@contoso.test';
/** The outbound mailbox is the help desk's own address (the contract's messages are From it). */
const DESK = 'helpdesk@drobot.test';

let oauth: TestOAuthServer;
let graph: GraphStandIn;
let fx: OAuthFixture;
let reader: AuthorizedAccount;
let sender: AuthorizedAccount;
/** App-only: creating a draft needs Mail.ReadWrite beside Mail.Send, which `.default` carries. */
let app: AuthorizedAccount;
let links: ApiLinks;
let sentBefore = 0;
/** Retry-After is recorded, not slept: the adapter's own waiting is shown in graph-adapter.test.ts. */
const sleep = () => Promise.resolve();

before(async () => {
  oauth = await startOAuthServer();
  graph = await startGraphServer(oauth.introspectionUrl);
  graph.addMailbox(INBOX);
  graph.addMailbox(DESK);
  fx = await createOAuthFixture('sqlite', oauth);
  reader = await graphDelegated(fx, 'contrato', INBOX);
  sender = await graphDelegated(fx, 'contrato-out', DESK, 'outbound');
  graph.appPolicy.add(DESK);
  app = await graphAppOnly(fx, 'contrato-app', DESK);
  links = await startApiLinks(graph.url);
});
after(async () => {
  await links?.close();
  await fx?.close();
  await graph?.close();
  await oauth?.close();
});

function settings(apiUrl: string): ApiSourceConnection {
  return {
    kind: 'graph',
    apiUrl,
    mailbox: 'me',
    timeoutMs: 5000,
    tls: { insecureSkipVerify: false },
    folder: 'inbox',
    afterStore: 'delete',
    moveTo: null,
  };
}

const inbound: InboundContractSubject = {
  mailbox() {
    graph.mailbox(INBOX).messages.clear();
    const open = (apiUrl: string) => createGraphSource(settings(apiUrl), reader.tokens, { sleep });
    return Promise.resolve({
      open: () => open(graph.url),
      openCut: (afterBytes) => {
        links.cutIn.behaviour = { cutAfterServerBytes: afterBytes };
        return open(links.through(links.cutIn));
      },
      openSlow: () => open(links.through(links.slow)),
      deliver: (raw) => Promise.resolve(void graph.deliver(INBOX, raw)),
      count: () => Promise.resolve(graph.inFolder(INBOX, 'inbox').length),
    });
  },
};

/** The API client tries a throttled request five times; a refusal for now outlasts them. */
const THROTTLED_ATTEMPTS = 5;

/**
 * `sendMail` (delegated, `/me`) or a draft then its send (app-only, `/users/{address}`): the refusals
 * come on the request that hands the MIME over.
 */
function outbound(mode: GraphSendMode): OutboundContractSubject {
  const handOver = { method: 'POST', path: mode === 'sendMail' ? /\/sendMail$/ : /\/messages$/ };
  const sinkAt = (apiUrl: string) =>
    mode === 'sendMail'
      ? createGraphSink(settings(apiUrl), sender.tokens, { sleep, mode })
      : createGraphSink({ ...settings(apiUrl), mailbox: DESK }, app.tokens, { sleep, mode });
  return {
    from: DESK,
    sink: () => sinkAt(graph.url),
    cutSink: (afterBytes) => {
      links.cutOut.behaviour = { cutAfterClientBytes: afterBytes };
      return sinkAt(links.through(links.cutOut));
    },
    slowSink: () => sinkAt(links.through(links.slow)),
    refuseNext: (kind) => {
      if (kind === 'temporary') {
        const answer = graphError(429, 'TooManyRequests', 'Please retry again later.', {
          'retry-after': '1',
        });
        graph.failNext(handOver, answer, THROTTLED_ATTEMPTS);
      } else {
        graph.failNext(
          handOver,
          graphError(403, 'ErrorSendAsDenied', 'The user account does not have the right to send mail.'),
        );
      }
    },
    delivered: () =>
      Promise.resolve(
        graph
          .mailbox(DESK)
          .sent.slice(sentBefore)
          .map((raw) => ({ raw, to: headerRecipients(raw) })),
      ),
    reset: () => {
      sentBefore = graph.mailbox(DESK).sent.length;
    },
  };
}

inboundSourceContract('Microsoft Graph against the Graph stand-in', () => inbound);
for (const mode of ['sendMail', 'draft'] as const) {
  outboundSinkContract(`Microsoft Graph (${mode}) against the Graph stand-in`, () => outbound(mode), {
    addressing: 'headers',
  });
}

test('the links in front of the stand-in were used: both cut links cut, no draft was left behind', () => {
  assert.ok(links.cutIn.cuts > 0, 'the inbound link cut a download');
  assert.ok(links.cutOut.cuts > 0, 'the outbound link cut a message');
  assert.equal(graph.inFolder(DESK, 'drafts').length, 0);
});
