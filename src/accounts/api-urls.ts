/** The providers' documented API base URLs, used when an account names none (and shown so). */
export const DEFAULT_API_URLS = {
  graph: 'https://graph.microsoft.com/v1.0',
  gmail: 'https://gmail.googleapis.com/gmail/v1',
} as const;

/** The API base URL an account of this connection uses when it names none (undefined: not an API one). */
export function defaultApiUrlOf(connection: string): string | undefined {
  return connection === 'graph'
    ? DEFAULT_API_URLS.graph
    : connection === 'gmail-api'
      ? DEFAULT_API_URLS.gmail
      : undefined;
}
