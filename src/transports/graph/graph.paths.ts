/**
 * Paths of the Microsoft Graph mail API under its base URL (`https://graph.microsoft.com/v1.0`). Pure.
 * Reference: https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview
 */

/**
 * Folder names Graph accepts in place of an id (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder):
 * compared without case.
 */
export const WELL_KNOWN_FOLDERS = [
  'inbox',
  'archive',
  'deleteditems',
  'drafts',
  'junkemail',
  'sentitems',
  'outbox',
  'clutter',
  'conversationhistory',
  'recoverableitemsdeletions',
  'scheduled',
  'searchfolders',
  'syncissues',
] as const;

/** The well-known name a folder setting means (`INBOX` → `inbox`), or undefined for an id or a display name. */
export function wellKnownFolder(folder: string): string | undefined {
  const lower = folder.trim().toLowerCase();
  return (WELL_KNOWN_FOLDERS as readonly string[]).includes(lower) ? lower : undefined;
}

/** `me` for a delegated token, `users/{address}` for an app-only one. */
export function mailboxPath(mailbox: string): string {
  return mailbox === 'me' ? 'me' : `users/${encodeURIComponent(mailbox)}`;
}

export function folderPath(mailbox: string, folder: string): string {
  return `${mailboxPath(mailbox)}/mailFolders/${encodeURIComponent(wellKnownFolder(folder) ?? folder)}`;
}

export function messagePath(mailbox: string, id: string): string {
  return `${mailboxPath(mailbox)}/messages/${encodeURIComponent(id)}`;
}

/**
 * The first request of a delta sync of a folder's messages: only creations (new mail, or mail moved in),
 * and only the fields the listing needs.
 * https://learn.microsoft.com/en-us/graph/api/message-delta
 */
export function deltaStart(mailbox: string, folder: string): { path: string; query: Record<string, string> } {
  return {
    path: `${folderPath(mailbox, folder)}/messages/delta`,
    query: { changeType: 'created', $select: 'id,isRead,receivedDateTime' },
  };
}
