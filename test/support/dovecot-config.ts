/**
 * The configuration text of a private Dovecot instance. Pure: the harness in dovecot.ts does the I/O.
 */

export interface DovecotPorts {
  readonly pop3: number;
  readonly pop3s: number;
  readonly imap: number;
  readonly imaps: number;
}

export interface DovecotConfigInput {
  readonly instanceName: string;
  readonly root: string;
  readonly ports: DovecotPorts;
  readonly uid: number;
  readonly gid: number;
  readonly certFile: string;
  readonly keyFile: string;
  readonly dhFile: string;
  readonly passwdFile: string;
  /** The oauth2 passdb's args file, when XOAUTH2/OAUTHBEARER are wanted. */
  readonly oauth2ArgsFile?: string | undefined;
  /** IMAP offers COMPRESS=DEFLATE (RFC 4978), as Gmail does. */
  readonly compress?: boolean | undefined;
}

/** The Maildir home of a user, as the static userdb below computes it (`%Lu`). */
export function homeOf(root: string, user: string): string {
  return `${root}/mail/${user.toLowerCase()}`;
}

export function dovecotConfig(c: DovecotConfigInput): string {
  const oauth = c.oauth2ArgsFile !== undefined;
  const lines = [
    `instance_name = ${c.instanceName}`,
    `base_dir = ${c.root}/run`,
    `state_dir = ${c.root}/state`,
    `log_path = ${c.root}/dovecot.log`,
    `info_log_path = ${c.root}/dovecot.log`,
    'listen = 127.0.0.1',
    'protocols = pop3 imap',
    'ssl = yes',
    `ssl_cert = <${c.certFile}`,
    `ssl_key = <${c.keyFile}`,
    `ssl_dh = <${c.dhFile}`,
    'disable_plaintext_auth = no',
    `auth_mechanisms = plain login${oauth ? ' xoauth2 oauthbearer' : ''}`,
    'auth_verbose = yes',
    'mail_location = maildir:~/Maildir',
    `first_valid_uid = ${c.uid}`,
    `last_valid_uid = ${c.uid}`,
    `first_valid_gid = ${c.gid}`,
    `last_valid_gid = ${c.gid}`,
    'mail_max_userip_connections = 1000',
    'pop3_uidl_format = %08Xu%08Xv',
    // Tests log in many times in a row from one address: no penalty delays.
    'auth_failure_delay = 0',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%Lu ${c.passwdFile}`,
    ...(oauth ? ['  mechanisms = plain login'] : []),
    '}',
    ...(oauth
      ? [
          'passdb {',
          '  driver = oauth2',
          '  mechanisms = xoauth2 oauthbearer',
          `  args = ${c.oauth2ArgsFile}`,
          '}',
        ]
      : []),
    'userdb {',
    '  driver = static',
    `  args = uid=${c.uid} gid=${c.gid} home=${c.root}/mail/%Lu allow_all_users=yes`,
    '}',
    'service imap-login {',
    `  inet_listener imap {\n    port = ${c.ports.imap}\n  }`,
    `  inet_listener imaps {\n    port = ${c.ports.imaps}\n    ssl = yes\n  }`,
    '}',
    'service pop3-login {',
    `  inet_listener pop3 {\n    port = ${c.ports.pop3}\n  }`,
    `  inet_listener pop3s {\n    port = ${c.ports.pop3s}\n    ssl = yes\n  }`,
    '}',
    ...(c.compress ? ['protocol imap {', '  mail_plugins = $mail_plugins imap_zlib', '}'] : []),
    // No anvil penalty, no stats writer noise: a throw-away instance.
    'service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
    '',
  ];
  return lines.join('\n');
}

export interface OAuth2PassdbOptions {
  readonly introspectionUrl: string;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
}

/** The oauth2 passdb's args file: RFC 7662 introspection by POST, `active: true` and `username` checked. */
export function oauth2Args(o: OAuth2PassdbOptions): string {
  const lines = [
    `introspection_url = ${o.introspectionUrl}`,
    'introspection_mode = post',
    'username_attribute = username',
    'active_attribute = active',
    'active_value = true',
    ...(o.clientId !== undefined ? [`client_id = ${o.clientId}`] : []),
    ...(o.clientSecret !== undefined ? [`client_secret = ${o.clientSecret}`] : []),
    '',
  ];
  return lines.join('\n');
}
