import { apiClientFor, type ApiAdapterOptions, type ApiConnection } from '../http/api-adapter.js';
import type { AccessTokenProvider } from '../ports.js';
import { userPath } from './gmail.paths.js';

/** What the connection test shows of a Gmail mailbox. */
export interface GmailProfileFacts {
  readonly emailAddress: string;
  readonly messagesTotal: number;
  readonly historyId: string;
}

/**
 * One call proving a Gmail mailbox is reachable with the account's token: `users.getProfile`.
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile
 */
export async function probeGmailProfile(
  settings: ApiConnection,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): Promise<GmailProfileFacts> {
  const client = apiClientFor(settings, tokens, options);
  try {
    const answer = await client.json<Record<string, unknown>>({
      path: `${userPath(settings.mailbox)}/profile`,
    });
    return {
      emailAddress: String(answer?.emailAddress ?? '').slice(0, 320),
      messagesTotal: Number(answer?.messagesTotal ?? 0) || 0,
      historyId: String(answer?.historyId ?? '').slice(0, 20),
    };
  } finally {
    client.close();
  }
}
