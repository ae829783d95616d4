import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseErrors } from '../../src/cases/case.errors.js';
import type { ErrorDef } from '../../src/errors/drobot-error.js';
import type { Text } from '../../src/i18n/lang.js';
import { inboundErrors } from '../../src/inbound/inbound.errors.js';
import { quarantineDetailTexts } from '../../src/inbound/quarantine/quarantine.labels.js';
import { imapErrors } from '../../src/transports/imap/imap.errors.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function checkText(where: string, text: Text | undefined): void {
  assert.ok(text, `${where}: missing`);
  assert.ok(text.es.trim().length > 0, `${where}: no Spanish`);
  assert.ok(text.en.trim().length > 0, `${where}: no English`);
  assert.deepEqual(placeholders(text.es), placeholders(text.en), `${where}: placeholders differ`);
}

const catalogues: Record<string, Record<string, ErrorDef>> = { caseErrors, inboundErrors, imapErrors };

describe('case store and inbound error catalogues', () => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    test(`${name}: every entry has a message and a hint in Spanish and English, and an HTTP status`, () => {
      for (const [key, def] of Object.entries(catalogue)) {
        checkText(`${name}.${key}.message`, def.message);
        checkText(`${name}.${key}.hint`, def.hint);
        assert.match(def.code, /^[a-z0-9_]+$/);
        assert.ok(def.status && def.status >= 400, `${name}.${key}: status`);
      }
    });
  }

  test('quarantine details: every one in Spanish and English, a technical detail quoted in both', () => {
    for (const [key, text] of Object.entries(quarantineDetailTexts)) {
      checkText(`quarantineDetailTexts.${key}`, text);
      if (text.es.includes('{technical}')) {
        assert.ok(text.es.includes('«{technical}»'), `${key}: quoted in Spanish`);
        assert.ok(text.en.includes('"{technical}"'), `${key}: quoted in English`);
      }
    }
  });

  test('codes are unique', () => {
    const codes = Object.values(catalogues).flatMap((c) => Object.values(c).map((d) => d.code));
    assert.equal(new Set(codes).size, codes.length);
  });
});
