/**
 * Paths of the Gmail API under its base URL (`https://gmail.googleapis.com/gmail/v1`). Pure.
 * Reference: https://developers.google.com/workspace/gmail/api/reference/rest
 */

/** `users/me` (or `users/{address}`), the root of every call. */
export function userPath(mailbox: string): string {
  return `users/${encodeURIComponent(mailbox)}`;
}

export function messagePath(mailbox: string, id: string): string {
  return `${userPath(mailbox)}/messages/${encodeURIComponent(id)}`;
}

/** Gmail's system labels are upper case ids; a folder setting `inbox` means `INBOX`. */
export function labelIdOf(folder: string): string {
  const trimmed = folder.trim();
  return /^(inbox|spam|trash|unread|starred|important|sent|draft)$/i.test(trimmed)
    ? trimmed.toUpperCase()
    : trimmed;
}
