import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hintForReply } from '../../src/diagnostics/index.js';

/** The hints chosen for Graph and Gmail refusals, from the server reply the REST client records. */
describe('hints for Microsoft Graph and Gmail API replies', () => {
  const cases: [string, string][] = [
    [
      '403 ErrorAccessDenied Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      'graph_access_policy',
    ],
    ['403 ErrorAccessDenied Access is denied. Check credentials and try again.', 'graph_access_denied'],
    [
      '404 MailboxNotEnabledForRESTAPI The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      'graph_rest_disabled',
    ],
    [
      '403 ErrorSendAsDenied The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      'graph_send_as_denied',
    ],
    [
      '401 InvalidAuthenticationToken Access token validation failure. Invalid audience.',
      'graph_invalid_audience',
    ],
    [
      '403 insufficientPermissions Request had insufficient authentication scopes.',
      'google_insufficient_permissions',
    ],
    ['403 forbidden Delegation denied for desk@gmail.test', 'google_delegation_denied'],
    [
      '401 authError Request had invalid authentication credentials. Expected OAuth 2 access token.',
      'google_invalid_credentials',
    ],
  ];
  for (const [reply, id] of cases) {
    it(`${id}`, () => {
      assert.equal(hintForReply(reply)?.id, id);
    });
  }

  it('leaves other API errors to their own hint', () => {
    assert.equal(
      hintForReply('404 ErrorItemNotFound The specified object was not found in the store.'),
      undefined,
    );
  });
});
