import {
  accountChoiceLabels,
  accountDetailLabels,
  accountFieldLabels,
  defaultValueText,
  shownAccountState,
  testStepLabels,
} from '../accounts/account.labels.js';
import { senderAddressOf, settingApplies, shownAuth } from '../accounts/account.kind.js';
import { SECRET_NAMES } from '../accounts/account.model.js';
import type { AccountView } from '../accounts/account.view.js';
import type { Config } from '../config/config.js';
import { effectiveAuthority } from '../oauth/providers.js';
import { format, labelOf, type Lang, type Text } from '../i18n/lang.js';
import { timeText } from '../i18n/time-text.js';
import { cliText } from './cli.messages.js';
import { table } from './table.js';

/** An account as a person reads it: the same state words in the listing and in `show`. */
const texts = {
  listHead: {
    es: 'NOMBRE,DIRECCIÓN,PROTOCOLO,PERFIL,SERVIDOR,USUARIO,ESTADO,ÚLTIMA PRUEBA',
    en: 'NAME,DIRECTION,PROTOCOL,PRESET,SERVER,USERNAME,STATE,LAST TEST',
  },
  inbound: { es: 'entrada', en: 'inbound' },
  outbound: { es: 'salida', en: 'outbound' },
  testOk: { es: 'correcta {at}', en: 'ok {at}' },
  testFailed: { es: 'fallida en «{step}» {at}', en: 'failed at "{step}" {at}' },
  yes: { es: 'sí', en: 'yes' },
  no: { es: 'no', en: 'no' },
  none: { es: 'ninguno', en: 'none' },
  defaultPort: { es: '0 (el del protocolo: {port})', en: "0 (the protocol's: {port})" },
  noTokens: { es: 'ninguno (falta autorizar)', en: 'none (not authorized yet)' },
  account: { es: 'Cuenta', en: 'Account' },
  server: { es: 'Servidor', en: 'Server' },
  authentication: { es: 'Autenticación', en: 'Authentication' },
  tls: { es: 'Certificado (TLS)', en: 'Certificate (TLS)' },
  proxy: { es: 'Proxy', en: 'Proxy' },
  inboundGroup: { es: 'Recogida', en: 'Fetching' },
  outboundGroup: { es: 'Envío', en: 'Sending' },
} satisfies Record<string, Text>;

/** What each field of `accounts show` is called (the API and `--json` name them by their keys). */
const labels = { ...accountFieldLabels, ...accountDetailLabels };

const unreadableDetail: Text = {
  es: '{secret}: este proceso no tiene la clave {keyId}',
  en: '{secret}: key {keyId} not held',
};

/** Stored secret names as the form labels them. */
const secretLabels: Readonly<Record<string, Text>> = {
  [SECRET_NAMES.password]: accountFieldLabels.password,
  [SECRET_NAMES.proxyPassword]: accountFieldLabels['proxy.password'],
  [SECRET_NAMES.clientSecret]: accountFieldLabels['oauth.clientSecret'],
};

/** An account state's words, the console's; a code this build does not know is shown as it is. */
export function accountStateName(state: string, lang: Lang): string {
  return labelOf(accountChoiceLabels.state, state, lang);
}

/** Where an account stands, as the console shows it, the same in every listing. */
export function stateText(v: AccountView, lang: Lang): string {
  const name = accountStateName(shownAccountState(v), lang);
  if (!v.enabled) return name;
  if (v.unreadableSecret) {
    const { name: secret, keyId } = v.unreadableSecret;
    const label = secretLabels[secret];
    const detail = format(unreadableDetail, lang, { secret: label ? format(label, lang) : secret, keyId });
    return `${name} (${detail})`;
  }
  return v.stateDetail ? `${name} (${v.stateDetail})` : name;
}

function lastTestText(v: AccountView, lang: Lang): string {
  const last = v.lastTest;
  if (!last) return '-';
  return last.ok
    ? format(texts.testOk, lang, { at: timeText(last.at) })
    : format(texts.testFailed, lang, {
        step: labelOf(testStepLabels, last.failedStep ?? '?', lang),
        at: timeText(last.at),
      });
}

export function accountListText(views: readonly AccountView[], lang: Lang): string {
  if (views.length === 0) return format(cliText.noAccounts, lang);
  const rows = views.map((v) => [
    v.name,
    format(v.direction === 'inbound' ? texts.inbound : texts.outbound, lang),
    v.connection === 'protocol'
      ? labelOf(accountChoiceLabels.protocol, v.protocol, lang)
      : labelOf(accountChoiceLabels.connection, v.connection, lang),
    labelOf(accountChoiceLabels.preset, v.preset, lang),
    v.connection === 'protocol' ? `${v.host}:${v.effectivePort}` : (v.apiUrl ?? defaultApiUrl(v)),
    // An account that does not log in has no user name to show (one stored by an earlier version is not used).
    settingApplies(v, 'username') ? v.username : labelOf(accountChoiceLabels.auth, shownAuth(v), lang),
    stateText(v, lang),
    lastTestText(v, lang),
  ]);
  return table([format(texts.listHead, lang).split(','), ...rows]);
}

type Line = readonly [keyof typeof labels, unknown];

/** The provider's documented API address, which an API account without one of its own uses. */
function defaultApiUrl(v: AccountView): string {
  return v.apiUrlDefault ?? '-';
}

/** The configuration setting that gives each provider's authority, named where it is the one used. */
const AUTHORITY_SETTING = {
  microsoft: 'DROBOT_OAUTH_MICROSOFT_AUTHORITY',
  google: 'DROBOT_OAUTH_GOOGLE_AUTHORITY',
} as const;

/** The authority the account signs in at: its own as it is, else the configured or the provider's, said so. */
function authorityText(v: AccountView, lang: Lang, authorities: Config['oauthAuthorities']): string {
  const used = effectiveAuthority(v.preset, v.oauth.authority, authorities);
  if (!used) return v.oauth.authority ?? '-';
  if (used.source === 'account') return used.url;
  if (used.source === 'configuration') return `${used.url} (${AUTHORITY_SETTING[used.provider]})`;
  return format(defaultValueText, lang, { value: used.url });
}

/**
 * `accounts show`: only what applies to the account's kind, in groups. `authorities` are the configured
 * ones (`DROBOT_OAUTH_*_AUTHORITY`), which an account without its own authority signs in at.
 */
export function accountShowText(
  v: AccountView,
  lang: Lang,
  authorities: Config['oauthAuthorities'] = {},
): string {
  const say = (text: Text) => format(text, lang);
  // A setting's value in words (the console's), as `--json` and the API never show it.
  const choice = (kind: keyof typeof accountChoiceLabels, value: string) =>
    labelOf(accountChoiceLabels[kind], value, lang);
  const yesNo = (value: boolean) => say(value ? texts.yes : texts.no);
  const secret = (value: string | null) => value ?? say(cliText.notSet);
  const protocol = v.connection === 'protocol';
  const inbound = v.direction === 'inbound';
  const usesPassword = settingApplies(v, 'password');
  const groups: Array<[Text, Line[]]> = [
    [
      texts.account,
      [
        ['name', v.name],
        ['id', v.id],
        ['direction', say(inbound ? texts.inbound : texts.outbound)],
        [
          'connection',
          protocol
            ? `${choice('connection', v.connection)} (${choice('protocol', v.protocol)})`
            : choice('connection', v.connection),
        ],
        ['preset', choice('preset', v.preset)],
        ['state', stateText(v, lang)],
        ['lastTest', lastTestText(v, lang)],
        ['createdAt', timeText(v.createdAt)],
        ['updatedAt', timeText(v.updatedAt)],
      ],
    ],
    [
      texts.server,
      protocol
        ? [
            ['host', v.host],
            // 0 is the form's "the protocol's port" (the seed's default): say which one that is.
            ['port', v.port === 0 ? format(texts.defaultPort, lang, { port: v.effectivePort }) : v.port],
            ['security', choice('security', v.security)],
            ['timeoutMs', v.timeoutMs],
          ]
        : [
            ['apiUrl', v.apiUrl ?? format(defaultValueText, lang, { value: defaultApiUrl(v) })],
            ['timeoutMs', v.timeoutMs],
          ],
    ],
    [
      texts.authentication,
      [
        ['auth', choice('auth', shownAuth(v))],
        ...(settingApplies(v, 'username') ? ([['username', v.username]] as Line[]) : []),
        ...(v.direction === 'outbound' && protocol ? ([['smtpAuth', yesNo(v.smtpAuth)]] as Line[]) : []),
        ...(usesPassword ? ([['password', secret(v.password)]] as Line[]) : []),
        ...(settingApplies(v, 'sasl') ? ([['sasl', choice('sasl', v.sasl)]] as Line[]) : []),
        ...(settingApplies(v, 'oauth.clientId')
          ? ([
              ['oauth.clientId', v.oauth.clientId ?? '-'],
              ['oauth.clientSecret', secret(v.oauth.clientSecret)],
              // A tenant is Microsoft's: a Google account has none to show.
              ...(v.preset === 'gmail' ? [] : ([['oauth.tenantId', v.oauth.tenantId ?? '-']] as Line[])),
              ['oauth.useLoopback', yesNo(v.oauth.useLoopback)],
              ['oauth.useBrowser', yesNo(v.oauth.useBrowser)],
              ['oauth.authority', authorityText(v, lang, authorities)],
              [
                'oauth.tokens',
                Object.keys(v.oauth.tokens)
                  .map((k) => `${k}=*****`)
                  .join(', ') || say(texts.noTokens),
              ],
            ] as Line[])
          : []),
      ],
    ],
  ];
  if (protocol) {
    groups.push([
      texts.tls,
      [
        ['tls.caPem', v.tls.caPem ? '(PEM)' : '-'],
        ['tls.pinSha256', v.tls.pinSha256 ?? '-'],
        ['tls.insecureSkipVerify', yesNo(v.tls.insecureSkipVerify)],
      ],
    ]);
    groups.push([
      texts.proxy,
      v.proxy.type === 'none'
        ? [['proxy', say(texts.none)]]
        : [
            [
              'proxy',
              `${v.proxy.type}://${v.proxy.username ? `${v.proxy.username}@` : ''}${v.proxy.host}:${v.proxy.port}`,
            ],
            ['proxy.password', secret(v.proxy.password)],
          ],
    ]);
  }
  if (inbound) {
    const pop3 = protocol && v.protocol === 'pop3';
    groups.push([
      texts.inboundGroup,
      [
        ['inbound.pollIntervalSeconds', v.inbound.pollIntervalSeconds],
        ['inbound.maxMessagesPerRun', v.inbound.maxMessagesPerRun],
        ['inbound.maxMessageBytes', v.inbound.maxMessageBytes],
        ['inbound.firstRun', choice('firstRun', v.inbound.firstRun)],
        ...(pop3 ? ([['leaveCopy', yesNo(v.leaveCopy)]] as Line[]) : []),
        // IMAP reads a folder, Graph a mail folder, Gmail a label.
        ...(!pop3 ? ([['folder', v.folder]] as Line[]) : []),
        ...(!pop3 ? ([['inbound.afterFetch', choice('afterFetch', v.inbound.afterFetch)]] as Line[]) : []),
        ...(!pop3 && v.inbound.afterFetch === 'move'
          ? ([['inbound.moveToFolder', v.inbound.moveToFolder ?? '-']] as Line[])
          : []),
        ['inbound.acknowledge', yesNo(v.inbound.acknowledge)],
        ['inbound.lang', v.inbound.lang ? choice('lang', v.inbound.lang) : `- (DROBOT_LANG)`],
      ],
    ]);
  } else {
    groups.push([
      texts.outboundGroup,
      [
        ['outbound.fromAddress', senderAddressOf(v)],
        ['outbound.fromName', v.outbound.fromName ?? '-'],
        ['outbound.ratePerMinute', v.outbound.ratePerMinute],
      ],
    ]);
  }
  // Labels in the reader's language, in one column as wide as the longest shown.
  const width = Math.max(...groups.flatMap(([, lines]) => lines.map(([key]) => say(labels[key]).length)));
  return groups
    .map(([title, lines]) =>
      [
        `${say(title)}:`,
        ...lines.map(([key, value]) => `  ${say(labels[key]).padEnd(width)}   ${String(value)}`),
      ].join('\n'),
    )
    .join('\n\n');
}
