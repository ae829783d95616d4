import { apiClientFor, type ApiAdapterOptions, type ApiConnection } from '../http/api-adapter.js';
import type { AccessTokenProvider } from '../ports.js';
import { folderPath } from './graph.paths.js';

/** What the connection test shows of a Graph mail folder. */
export interface GraphFolderFacts {
  readonly id: string;
  readonly displayName: string;
  readonly totalItemCount: number;
  readonly unreadItemCount: number;
}

/**
 * One call proving a Graph mailbox is reachable with the account's token: the folder (the inbox by
 * default) with its counters. For an app-only token on `/users/{address}` it also proves the tenant's
 * application access policy admits the mailbox (Exchange answers 403 `ErrorAccessDenied` otherwise).
 * https://learn.microsoft.com/en-us/graph/api/mailfolder-get
 * https://learn.microsoft.com/en-us/graph/auth-limit-mailbox-access
 */
export async function probeGraphFolder(
  settings: ApiConnection,
  folder: string,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): Promise<GraphFolderFacts> {
  const client = apiClientFor(settings, tokens, options);
  try {
    const answer = await client.json<Record<string, unknown>>({
      path: folderPath(settings.mailbox, folder || 'inbox'),
      query: { $select: 'id,displayName,totalItemCount,unreadItemCount' },
    });
    return {
      id: String(answer?.id ?? ''),
      displayName: String(answer?.displayName ?? folder).slice(0, 256),
      totalItemCount: Number(answer?.totalItemCount ?? 0) || 0,
      unreadItemCount: Number(answer?.unreadItemCount ?? 0) || 0,
    };
  } finally {
    client.close();
  }
}
