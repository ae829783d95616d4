import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch, computeState, draftFromCreate } from '../../src/accounts/account.draft.js';
import { checkAccountRules } from '../../src/accounts/account.rules.js';
import { accountSchemas } from '../../src/accounts/account.schema.js';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { parseOrThrow } from '../../src/errors/validation.js';
import { defaultPort, effectivePort } from '../../src/accounts/presets.js';

const none = { password: false, proxyPassword: false, clientSecret: false, tokens: [] };

describe('presets', () => {
  it('fill the documented defaults', () => {
    const o365 = draftFromCreate({ name: 'a', direction: 'inbound', protocol: 'pop3', preset: 'office365' });
    assert.equal(o365.host, 'outlook.office365.com');
    assert.equal(o365.security, 'implicit');
    assert.equal(o365.auth, 'oauth2');
    assert.equal(o365.timeoutMs, 5000);
    const o365smtp = draftFromCreate({
      name: 'b',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'office365',
    });
    assert.equal(o365smtp.host, 'smtp.office365.com');
    assert.equal(effectivePort('smtp', o365smtp.security, o365smtp.port), 587);
    const gmail = draftFromCreate({ name: 'c', direction: 'inbound', protocol: 'imap', preset: 'gmail' });
    assert.equal(gmail.host, 'imap.gmail.com');
    assert.equal(
      draftFromCreate({ name: 'd', direction: 'inbound', protocol: 'pop3', preset: 'gmail' }).host,
      'pop.gmail.com',
    );
    const domainPop = draftFromCreate({
      name: 'e',
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'domain',
    });
    assert.equal(domainPop.security, 'implicit');
    assert.equal(effectivePort('pop3', domainPop.security, 0), 995);
    assert.equal(domainPop.sasl, 'auto');
    assert.equal(domainPop.proxy.type, 'none');
    const domainSmtp = draftFromCreate({
      name: 'f',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
    });
    assert.equal(domainSmtp.security, 'starttls');
    assert.equal(effectivePort('smtp', 'starttls', 0), 587);
    assert.equal(defaultPort('imap', 'implicit'), 993);
    assert.equal(defaultPort('pop3', 'starttls'), 110);
  });

  it('follow a change of preset when the host was the default', () => {
    const d = draftFromCreate({ name: 'a', direction: 'inbound', protocol: 'imap', preset: 'gmail' });
    assert.equal(applyPatch(d, { preset: 'office365' }).host, 'outlook.office365.com');
    const custom = applyPatch(d, { host: 'imap.example.org' });
    assert.equal(applyPatch(custom, { preset: 'office365' }).host, 'imap.example.org');
  });
});

describe('account rules', () => {
  const fields = (draft: ReturnType<typeof draftFromCreate>) => checkAccountRules(draft).map((i) => i.field);

  it('refuse an Office 365 OAuth account without tenant id, naming the field', () => {
    const d = draftFromCreate({
      name: 'a',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'office365',
      username: 'help@contoso.com',
      oauth: { clientId: 'app' },
    });
    assert.deepEqual(fields(d), ['oauth.tenantId']);
    assert.deepEqual(fields(applyPatch(d, { oauth: { tenantId: 'tenant' } })), []);
  });

  it('require a host for domain accounts and an e-mail username for providers', () => {
    const domain = draftFromCreate({
      name: 'a',
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'domain',
      username: 'u',
    });
    assert.deepEqual(fields(domain), ['host']);
    const gmail = draftFromCreate({
      name: 'b',
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'gmail',
      auth: 'password',
      username: 'not-an-address',
    });
    assert.deepEqual(fields(gmail), ['username']);
  });

  it('tie direction, protocol, connection, SASL and proxy together', () => {
    const bad = draftFromCreate({
      name: 'a',
      direction: 'inbound',
      protocol: 'smtp',
      preset: 'domain',
      host: 'h',
      username: 'u',
      sasl: 'xoauth2',
      connection: 'graph',
      proxy: { type: 'socks5' },
    });
    assert.deepEqual(fields(bad).sort(), ['connection', 'protocol', 'proxy.host', 'sasl']);
  });
});

describe('a user name', () => {
  const fields = (draft: ReturnType<typeof draftFromCreate>) => checkAccountRules(draft).map((i) => i.field);
  const smtp = (preset: 'domain' | 'office365', smtpAuth: boolean) =>
    draftFromCreate({
      name: 's',
      direction: 'outbound',
      protocol: 'smtp',
      preset,
      host: 'smtp.example.test',
      smtpAuth,
      oauth: { clientId: 'app', tenantId: 'contoso' },
      outbound: { fromAddress: 'soporte@helpdesk.test' },
    });

  it('is required of an account that logs in, and of no SMTP account without authentication, whatever its type', () => {
    for (const preset of ['domain', 'office365'] as const) {
      assert.deepEqual(fields(smtp(preset, true)), ['username'], preset);
      assert.deepEqual(fields(smtp(preset, false)), [], preset);
    }
  });
});

describe('an SMTP account without authentication', () => {
  const o365 = (smtpAuth: boolean, fromAddress: string | null = 'soporte@helpdesk.test') =>
    draftFromCreate({
      name: 's',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'office365',
      smtpAuth,
      outbound: { fromAddress },
    });

  it('needs no app registration, and is ready without any authorization, though its preset uses OAuth 2.0', () => {
    assert.deepEqual(
      checkAccountRules(o365(true)).map((i) => i.field),
      ['username', 'oauth.clientId', 'oauth.tenantId'],
    );
    assert.equal(computeState(o365(true), none).state, 'authorization_required');
    assert.deepEqual(checkAccountRules(o365(false)), []);
    assert.equal(computeState(o365(false), none).state, 'ready');
  });

  it('needs a sender address of its own: it has no user name to send from', () => {
    for (const fromAddress of [null, '']) {
      const issues = checkAccountRules(o365(false, fromAddress));
      assert.deepEqual(
        issues.map((i) => [i.field, i.code]),
        [['outbound.fromAddress', 'required']],
      );
    }
    // An account that logs in sends from its user name; a missing one is told as such, not twice.
    assert.deepEqual(
      checkAccountRules(o365(true, null)).map((i) => i.field),
      ['username', 'oauth.clientId', 'oauth.tenantId'],
    );
  });
});

describe('Graph and Gmail API connections', () => {
  const fields = (draft: ReturnType<typeof draftFromCreate>) => checkAccountRules(draft).map((i) => i.field);
  const api = (preset: 'office365' | 'gmail', direction: 'inbound' | 'outbound', extra = {}) =>
    draftFromCreate({
      name: 'api',
      direction,
      protocol: direction === 'inbound' ? 'imap' : 'smtp',
      preset,
      connection: preset === 'office365' ? 'graph' : 'gmail-api',
      host: '',
      username: `desk@${preset === 'office365' ? 'contoso' : 'gmail'}.test`,
      oauth: { clientId: 'app', tenantId: preset === 'office365' ? 'contoso' : null },
      ...extra,
    });

  it('are accepted inbound and outbound without host or port', () => {
    for (const preset of ['office365', 'gmail'] as const) {
      for (const direction of ['inbound', 'outbound'] as const) {
        assert.deepEqual(fields(api(preset, direction)), [], `${preset} ${direction}`);
      }
    }
    assert.deepEqual(fields(api('office365', 'inbound', { apiUrl: 'https://graph.microsoft.us/v1.0' })), []);
  });

  it('still need OAuth, the right preset, a mailbox address and (Office 365) a tenant', () => {
    assert.deepEqual(fields(api('office365', 'inbound', { auth: 'password' })), ['connection']);
    assert.deepEqual(fields(api('gmail', 'inbound', { connection: 'graph' })), ['connection']);
    assert.deepEqual(fields(api('gmail', 'outbound', { username: 'desk' })), ['username']);
    assert.deepEqual(fields(api('office365', 'inbound', { oauth: { clientId: 'app', tenantId: null } })), [
      'oauth.tenantId',
    ]);
  });
});

describe('account state', () => {
  const pop = draftFromCreate({
    name: 'a',
    direction: 'inbound',
    protocol: 'pop3',
    preset: 'domain',
    host: 'h',
    username: 'u',
  });

  it('is password_required until a password is set', () => {
    assert.equal(computeState(pop, none).state, 'password_required');
    assert.equal(computeState(pop, { ...none, password: true }).state, 'ready');
  });

  it('does not need a password for SMTP without authentication', () => {
    const smtp = draftFromCreate({
      name: 'b',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: 'h',
      smtpAuth: false,
      outbound: { fromAddress: 'soporte@helpdesk.test' },
    });
    assert.equal(computeState(smtp, none).state, 'ready');
  });

  it('keeps an OAuth account in authorization_required until tokens exist', () => {
    const o = draftFromCreate({
      name: 'c',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'gmail',
      username: 'a@b.co',
    });
    assert.equal(computeState(o, none).state, 'authorization_required');
    assert.equal(computeState(o, { ...none, tokens: ['google'] }).state, 'ready');
  });
});

describe('an OAuth authority', () => {
  const create = (authority: string) =>
    parseOrThrow(accountSchemas().create, {
      name: 'mesa365',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'office365',
      username: 'help@contoso.com',
      oauth: { clientId: 'app', tenantId: 'contoso', authority },
    });

  it('is https, or http only to this machine: the token requests carry the client secret and the tokens', () => {
    for (const authority of [
      'https://login.example.org',
      'http://127.0.0.1:9/microsoft',
      'http://localhost:8080',
    ]) {
      assert.doesNotThrow(() => create(authority), authority);
    }
    for (const authority of [
      'http://idp.example.org',
      'https://user:pw@idp.example.org',
      'ftp://idp.example.org',
    ]) {
      assert.throws(
        () => create(authority),
        (error: unknown) => {
          assert.ok(error instanceof DrobotError, String(error));
          const rendered = JSON.stringify(error.render('es'));
          assert.match(rendered, /oauth\.authority/);
          return true;
        },
        authority,
      );
    }
    assert.throws(
      () => create('http://idp.example.org'),
      (error: unknown) =>
        error instanceof DrobotError &&
        /"code":"insecure_url","message":"must be an https address \(http only to this machine\)/.test(
          JSON.stringify(error.render('en')),
        ),
    );
  });
});
