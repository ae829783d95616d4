import { api } from '../api.js';
import { h, when } from '../dom.js';
import { currentLang, t } from '../i18n.js';
import { ui } from '../texts.js';

import type { OAuthResult } from '../model.js';

/**
 * After "Autorizar", the provider's consent comes back to DRobot, which sends the browser here with the id
 * of the outcome (`?oauth=ID`): the form says whether the account is authorized or what the provider
 * answered. The id is then taken out of the address, so a reload does not say it again.
 */
export async function oauthResultNotice(account: string): Promise<HTMLElement | null> {
  const id = new URLSearchParams(location.search).get('oauth');
  if (!id) return null;
  history.replaceState(null, '', `/${location.hash}`);
  const result = await api<OAuthResult>('GET', `/api/oauth/results/${encodeURIComponent(id)}`).catch(
    () => undefined,
  );
  if (!result || result.account !== account) {
    return h('p', { class: 'verdict failed', role: 'alert', id: 'oauth-result' }, t(ui.oauthResultGone));
  }
  if (result.ok) {
    return h(
      'p',
      { class: 'verdict ok', role: 'status', id: 'oauth-result' },
      t(ui.oauthAuthorized, { email: result.token?.email ?? account }),
      result.token?.expiresAt
        ? ` ${t(ui.oauthExpires, { when: when(result.token.expiresAt, currentLang()) })}`
        : '',
    );
  }
  return h(
    'div',
    { class: 'verdict failed', role: 'alert', id: 'oauth-result' },
    h('p', {}, t(ui.oauthFailed), ' ', result.error?.message ?? ''),
    result.error?.hint
      ? h('p', { class: 'step-hint' }, h('strong', {}, `${t(ui.hint)}: `), result.error.hint)
      : null,
  );
}
