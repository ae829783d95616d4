import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NewAttachment } from '../../src/cases/case.types.js';
import { inboundOf } from '../../src/inbound/inbound.factory.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { rawHttp, type RawResponse } from './raw-http.js';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Attachment names and types as a hostile mail may leave them in the store, and what must be sent. */
const FILES = [
  { filename: 'captura.png', contentType: 'image/png\u0000', type: 'application/octet-stream' },
  { filename: 'a.txt', contentType: 'text/plain\r\nSet-Cookie: x=1', type: 'application/octet-stream' },
  { filename: 'b.bin', contentType: 'image/png\u0001', type: 'application/octet-stream' },
  { filename: 'c.bin', contentType: 'text/\u00e9t\u00e9', type: 'application/octet-stream' },
  { filename: 'd.bin', contentType: '', type: 'application/octet-stream' },
  { filename: 'e.bin', contentType: 'image png', type: 'application/octet-stream' },
  { filename: 'página.html', contentType: 'TEXT/HTML; charset="utf-8"', type: 'text/html' },
  { filename: 'informe "final"\r\n.pdf', contentType: 'application/pdf', type: 'application/pdf' },
  { filename: '../../etc/passwd', contentType: 'text/plain', type: 'text/plain' },
  { filename: 'résumé 100% (v2)*.pdf', contentType: 'application/pdf', type: 'application/pdf' },
  { filename: '\u0000', contentType: 'image/svg+xml', type: 'image/svg+xml' },
] as const;

/** RFC 5987: `UTF-8''` then percent-encoded bytes, only attr-chars left bare. */
function filenameStar(disposition: string): string {
  const value = /filename\*=UTF-8''([^;\s]+)/.exec(disposition)?.[1];
  assert.ok(value, `no filename* in ${disposition}`);
  assert.match(value, /^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  return decodeURIComponent(value);
}

describe('attachment downloads and the security headers of every answer', () => {
  let api: ApiFixture;
  let caseId: number;
  const ids: number[] = [];

  before(async () => {
    api = await startApi();
    const { cases, blobs } = await inboundOf(api.ctx);
    const attachments: NewAttachment[] = [];
    for (const [i, file] of FILES.entries()) {
      const blob = await blobs.putBuffer(Buffer.from(`contenido ${i} <script>alert(1)</script>`));
      attachments.push({ ...blob, filename: file.filename, contentType: file.contentType, inline: i === 0 });
    }
    const opened = await cases.openCase(api.ctx.database.db, {
      subject: 'adjuntos hostiles',
      requester: { address: 'requester@example.test' },
      sourceAccountId: null,
      message: {
        direction: 'in',
        classification: 'normal',
        from: { address: 'requester@example.test' },
        to: [],
        cc: [],
        subject: 'adjuntos hostiles',
        sentAt: null,
        messageId: null,
        inReplyTo: null,
        references: [],
        text: '',
        textReply: '',
        html: null,
        rawHash: null,
        attachments,
      },
    });
    caseId = opened.caseId;
    const { messages } = await cases.get(caseId);
    ids.push(...(messages[0]?.attachments.map((a) => a.id) ?? []));
    assert.equal(ids.length, FILES.length);
  });
  after(() => api.close());

  it('names what is missing in the language of the answer', async () => {
    const { cases: store } = await inboundOf(api.ctx);
    const messageId = (await store.get(caseId)).messages[0]?.id ?? 0;
    const cases = [
      ['/api/nope', 'No existe la ruta «/api/nope».', 'There is no route "/api/nope".'],
      ['/assets/nope.js', 'No existe el archivo «nope.js».', 'There is no file "nope.js".'],
      [
        `/api/cases/${caseId}/messages/${messageId}/html`,
        `No existe el mensaje HTML «${messageId}».`,
        `There is no HTML message "${messageId}".`,
      ],
      [
        `/api/cases/${caseId}/attachments/99999`,
        'No existe el adjunto «99999».',
        'There is no attachment "99999".',
      ],
    ] as const;
    for (const [target, es, en] of cases) {
      for (const [lang, text] of [
        ['es', es],
        ['en', en],
      ] as const) {
        const response = await rawHttp(api.port, {
          method: 'GET',
          target,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': lang },
        });
        assert.equal(response.status, 404, `${target}: ${response.body}`);
        const { error } = JSON.parse(response.body) as { error: { code: string; message: string } };
        assert.deepEqual(error, { code: 'not_found', message: text });
      }
    }
  });

  it('sends every stored attachment, with a safe type, as a sandboxed download with its exact name', async () => {
    for (const [i, file] of FILES.entries()) {
      const target = `/api/cases/${caseId}/attachments/${ids[i]}`;
      const response = await rawHttp(api.port, { method: 'GET', target, headers: auth });
      assert.equal(response.status, 200, `${JSON.stringify(file)}: ${response.body}`);
      assert.equal(response.body, `contenido ${i} <script>alert(1)</script>`);
      assert.equal(response.headers['content-type'], file.type, JSON.stringify(file));
      const disposition = response.headers['content-disposition'] ?? '';
      assert.match(disposition, /^attachment; filename="[\x20-\x7e]*"; filename\*=/);
      assert.doesNotMatch(/filename="([^"]*)"/.exec(disposition)?.[1] ?? '', /["\\/%]/);
      const expected = file.filename.replace(/[\p{Cc}/\\]/gu, '_');
      assert.equal(filenameStar(disposition), expected);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.match(response.headers['content-security-policy'] ?? '', /sandbox/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['set-cookie'], undefined);
    }
  });

  it('puts nosniff, no-store, no-referrer and a closed CSP on API answers, errors included', async () => {
    const check = (what: string, response: RawResponse) => {
      assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
      assert.equal(response.headers['cache-control'], 'no-store', what);
      assert.match(response.headers['content-security-policy'] ?? '', /default-src 'none'/, what);
      assert.match(response.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, what);
    };
    const answers: Array<[string, RawResponse]> = [
      ['list', await rawHttp(api.port, { method: 'GET', target: '/api/cases', headers: auth })],
      ['401', await rawHttp(api.port, { method: 'GET', target: '/api/cases' })],
      ['403', await rawHttp(api.port, { method: 'GET', target: '/api/cases', host: 'evil.example' })],
      ['404', await rawHttp(api.port, { method: 'GET', target: '/api/nothing', headers: auth })],
      ['health', await rawHttp(api.port, { method: 'GET', target: '/api/health' })],
      ['callback', await rawHttp(api.port, { method: 'GET', target: '/api/oauth/callback?state=x' })],
    ];
    for (const [what, response] of answers) {
      check(what, response);
      if (what !== 'callback') assert.match(response.headers['content-type'] ?? '', /^application\/json/);
    }
    const page = answers.find(([what]) => what === 'callback')?.[1];
    assert.doesNotMatch(page?.headers['content-security-policy'] ?? '', /script-src/);
  });
});
