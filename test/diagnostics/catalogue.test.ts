import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnosticsErrors, replyHints, stepTexts } from '../../src/diagnostics/index.js';
import type { ErrorDef } from '../../src/errors/drobot-error.js';
import type { Text } from '../../src/i18n/lang.js';
import { gmailErrors } from '../../src/transports/gmail/gmail.errors.js';
import { graphErrors } from '../../src/transports/graph/graph.errors.js';
import { httpErrors } from '../../src/transports/http/http.errors.js';
import { imapProbeErrors } from '../../src/transports/imap/imap-probe.errors.js';
import { netErrors } from '../../src/transports/net/net.errors.js';
import { smtpProbeErrors } from '../../src/transports/smtp/smtp-probe.errors.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function checkText(where: string, text: Text | undefined): void {
  assert.ok(text, `${where}: missing`);
  assert.ok(text.es.trim().length > 0, `${where}: no Spanish`);
  assert.ok(text.en.trim().length > 0, `${where}: no English`);
  assert.deepEqual(placeholders(text.es), placeholders(text.en), `${where}: placeholders differ`);
}

const catalogues: Record<string, Record<string, ErrorDef>> = {
  netErrors,
  imapProbeErrors,
  smtpProbeErrors,
  diagnosticsErrors,
  httpErrors,
  graphErrors,
  gmailErrors,
};

describe('connection test catalogues', () => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    it(`${name}: every entry has a message and a hint in Spanish and English`, () => {
      for (const [key, def] of Object.entries(catalogue)) {
        checkText(`${name}.${key}.message`, def.message);
        if (name === 'netErrors' || name === 'diagnosticsErrors' || key !== 'commandFailed') {
          checkText(`${name}.${key}.hint`, def.hint);
        }
        assert.match(def.code, /^[a-z0-9_]+$/);
      }
    });
  }

  it('codes are unique within each catalogue', () => {
    for (const catalogue of Object.values(catalogues)) {
      const codes = Object.values(catalogue).map((d) => d.code);
      assert.equal(new Set(codes).size, codes.length);
    }
  });

  it('reply hints and step texts exist in both languages', () => {
    for (const entry of replyHints) checkText(`replyHints.${entry.id}`, entry.hint);
    for (const [key, text] of Object.entries(stepTexts)) checkText(`stepTexts.${key}`, text);
  });

  it('the timeout hints name the timeout used', () => {
    for (const def of [netErrors.connectTimeout, netErrors.replyTimeout, netErrors.tlsHandshakeTimeout]) {
      assert.ok(def.hint?.es.includes('{timeoutMs}') && def.hint.en.includes('{timeoutMs}'), def.code);
    }
  });
});
