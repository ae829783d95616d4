/**
 * A person at a browser, driven by plain HTTP: follows the authorization server's redirects with a cookie
 * jar, fills its login/consent (and device code) forms, and lands on the application's redirect URI.
 */
export interface UserChoice {
  readonly login: string;
  /** Declining makes the server redirect back with `error` (default `access_denied`). */
  readonly decision?: 'approve' | 'deny';
  readonly error?: string;
  readonly errorDescription?: string;
}

export interface Landing {
  /** The redirect URI the browser was sent to, with its query (code/state or error). */
  readonly callbackUrl: string;
  /** What the application's page answered, when the browser was let through to it. */
  readonly status?: number;
  readonly body?: string;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

interface Form {
  readonly action: string;
  readonly fields: Record<string, string>;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`, 'i').exec(tag)?.[1];
}

/** The first form of a page: its action and its hidden inputs' values. */
function parseForm(html: string, base: string): Form | undefined {
  const form = /<form[^>]*>/i.exec(html)?.[0];
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of html.match(/<input[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name && /type="hidden"/i.test(input)) fields[name] = attr(input, 'value') ?? '';
  }
  return { action: new URL(attr(form, 'action') ?? base, base).href, fields };
}

function choiceFields(choice: UserChoice): Record<string, string> {
  const fields: Record<string, string> = { login: choice.login, decision: choice.decision ?? 'approve' };
  if (choice.error) fields.error = choice.error;
  if (choice.errorDescription) fields.error_description = choice.errorDescription;
  return fields;
}

interface Visit {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly form?: Record<string, string>;
}

async function walk(
  start: Visit,
  authOrigin: string,
  choice: UserChoice,
  deliver: boolean,
  extraFields: Record<string, string> = {},
): Promise<Landing> {
  const jar = new CookieJar();
  const submitted = new Set<string>();
  let next: Visit | undefined = start;
  for (let step = 0; step < 20 && next; step++) {
    const { url, method, form }: Visit = next;
    if (new URL(url).origin !== authOrigin) {
      if (!deliver) return { callbackUrl: url };
      const landing = await fetch(url);
      return { callbackUrl: url, status: landing.status, body: await landing.text() };
    }
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      next = { url: new URL(location, url).href, method: 'GET' };
      continue;
    }
    const html = await response.text();
    const parsed = parseForm(html, url);
    if (!parsed) return { callbackUrl: url, status: response.status, body: html };
    const isInteraction = new URL(parsed.action).pathname.startsWith('/interaction/');
    // The same non-interaction form again (e.g. the code page after a refusal): the user stops here.
    if (!isInteraction && submitted.has(parsed.action)) {
      return { callbackUrl: url, status: response.status, body: html };
    }
    if (!isInteraction) submitted.add(parsed.action);
    next = {
      url: parsed.action,
      method: 'POST',
      form: isInteraction
        ? { ...parsed.fields, ...choiceFields(choice) }
        : { ...parsed.fields, ...extraFields },
    };
  }
  throw new Error('the authorization server never sent the browser back');
}

/** Opens the authorization URL as the user, consents (or declines) and follows the redirect back. */
export function consentAsUser(
  authorizeUrl: string,
  choice: UserChoice,
  options: { deliver?: boolean } = {},
): Promise<Landing> {
  const { origin } = new URL(authorizeUrl);
  return walk({ url: authorizeUrl, method: 'GET' }, origin, choice, options.deliver ?? true);
}

/** Enters a device code at the verification page as the user, then logs in and consents. */
export function enterDeviceCode(
  verificationUri: string,
  userCode: string,
  choice: UserChoice,
): Promise<Landing> {
  const { origin } = new URL(verificationUri);
  return walk({ url: verificationUri, method: 'GET' }, origin, choice, false, {
    user_code: userCode,
    confirm: 'yes',
  });
}
