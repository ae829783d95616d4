import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { DEFAULT_SMTP_POOL } from '../../src/notifications/outbound-accounts.js';
import { OutboxService, type OutboxServiceOptions } from '../../src/notifications/outbox.service.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/notifications/outbox.worker.js';
import { BUILTIN_TEMPLATES } from '../../src/notifications/templates/builtin.templates.js';
import type { Database } from '../../src/storage/database.js';
import { createSmtpSender, type SmtpSender } from '../support/smtp-sender.js';
import type { TestPki } from '../support/pki.js';
import type { TestSmtpServer } from '../support/smtp-server.js';

export const ACCOUNT_ID = 7;
export const FROM = 'helpdesk@drobot.test';
export const INSTANCE = 'drobot-test-instance';

/** A controllable clock for outbox tests. */
export function fakeClock(start = '2026-03-02T10:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export function makeService(
  database: Database,
  key: Buffer,
  extra: Partial<OutboxServiceOptions> = {},
): OutboxService {
  return new OutboxService({
    database,
    templates: BUILTIN_TEMPLATES,
    threadingKey: key,
    routing: { defaultAccountId: ACCOUNT_ID },
    instanceId: INSTANCE,
    messageIdDomain: 'drobot.test',
    ownAddresses: () => [FROM],
    ...extra,
  });
}

/** A pooled SMTP sender to the test server over STARTTLS, trusting the test CA, pooled as accounts are. */
export function makeSender(server: TestSmtpServer, pki: TestPki): SmtpSender {
  return createSmtpSender({
    endpoint: {
      host: server.host,
      port: server.port,
      security: 'starttls',
      timeoutMs: 5000,
      tls: { caPem: pki.caPem, insecureSkipVerify: false },
    },
    credentials: { kind: 'none' },
    pool: DEFAULT_SMTP_POOL,
  });
}

/** Queues `count` alarms to `${prefix}${i}@example.test`, each one checked queued; their ids in order. */
export async function queueAlarms(service: OutboxService, count: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = await service.enqueue({
      type: 'alarm',
      to: `${prefix}${i}@example.test`,
      data: SAMPLE_DATA.alarm,
    });
    assert.equal(result.status, 'queued');
    if (result.status === 'queued') ids.push(result.id);
  }
  return ids;
}

export function makeWorker(
  database: Database,
  sender: SmtpSender,
  extra: Partial<OutboxWorkerOptions> = {},
): OutboxWorker {
  return new OutboxWorker({
    database,
    transportFor: () => Promise.resolve({ from: FROM, fromName: 'Mesa de servicio', sink: sender.sink }),
    rateLimitOf: () => 100_000,
    owner: `test-${crypto.randomBytes(3).toString('hex')}`,
    leaseMs: 60_000,
    batchSize: 50,
    ...extra,
  });
}

export const SAMPLE_DATA = {
  'case-created': { caseId: 123, caseSubject: 'La impresora no imprime', requesterName: 'Ana Pérez' },
  'case-updated': {
    caseId: 123,
    caseSubject: 'La impresora no imprime',
    change: 'reply',
    agentName: 'Luis',
    message: 'Hemos cambiado el tóner <b>hoy</b>.',
  },
  'account-verification': {
    userName: 'Ana',
    link: 'https://desk.example.test/verify?t=abc',
    code: '482913',
    expiresAt: '2026-03-03T10:00:00Z',
  },
  'password-recovery': {
    userName: 'Ana',
    link: 'https://desk.example.test/reset?t=xyz',
    expiresAt: '2026-03-02T11:00:00Z',
  },
  alarm: {
    severity: 'critical',
    source: 'mail fetcher',
    time: '2026-03-02T09:59:00Z',
    message: 'The inbound account "soporte" failed 5 times in a row.',
  },
} as const;
