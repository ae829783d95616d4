import type { RenderedError } from '../../errors/drobot-error.js';
import type { Lang } from '../../i18n/lang.js';

/** The page the browser shows after the redirect: what happened, in the user's language, and what to do. */
export type CallbackOutcome =
  | { readonly kind: 'success'; readonly email?: string | undefined }
  | { readonly kind: 'failure'; readonly error: RenderedError };

const texts = {
  successTitle: { es: 'Cuenta autorizada', en: 'Account authorized' },
  successBody: {
    es: 'DRobot ya puede usar la cuenta{who}. Puede cerrar esta ventana.',
    en: 'DRobot can now use the account{who}. You can close this window.',
  },
  failureTitle: { es: 'No se pudo autorizar la cuenta', en: 'The account could not be authorized' },
  close: {
    es: 'Puede cerrar esta ventana y volver a intentarlo desde DRobot.',
    en: 'You can close this window and try again from DRobot.',
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained HTML page (no scripts, no external resources). */
export function callbackPage(outcome: CallbackOutcome, lang: Lang): string {
  const title = outcome.kind === 'success' ? texts.successTitle[lang] : texts.failureTitle[lang];
  let body: string;
  if (outcome.kind === 'success') {
    const who = outcome.email ? ` ${outcome.email}` : '';
    body = `<p>${escapeHtml(texts.successBody[lang].replace('{who}', who))}</p>`;
  } else {
    const { message, hint, serverReply } = outcome.error;
    body = [
      `<p>${escapeHtml(message)}</p>`,
      hint ? `<p><strong>${escapeHtml(hint)}</strong></p>` : '',
      serverReply ? `<pre>${escapeHtml(serverReply)}</pre>` : '',
      `<p>${escapeHtml(texts.close[lang])}</p>`,
    ].join('\n');
  }
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>DRobot — ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}
pre{white-space:pre-wrap;background:#f4f4f4;padding:.5em}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}
