import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { LANGS } from '../../src/i18n/lang.js';
import { NOTIFICATION_TYPES } from '../../src/notifications/notification.types.js';
import { BUILTIN_TEMPLATES } from '../../src/notifications/templates/builtin.templates.js';
import { checkTemplate, renderTemplate } from '../../src/notifications/templates/template.engine.js';
import { loadTemplates } from '../../src/notifications/templates/template.loader.js';
import { renderNotification } from '../../src/notifications/templates/template.render.js';
import { allowedVariables } from '../../src/notifications/templates/template.schemas.js';
import { SAMPLE_DATA } from './outbox.fixture.js';

test('the engine fills values, keeps or drops sections, and escapes only in HTML', () => {
  const source = '{{#name}}Hi {{name}}{{/name}}{{^name}}Hi{{/name}}: {{v}}';
  assert.equal(renderTemplate(source, { name: 'A&B', v: '<x>' }, false), 'Hi A&B: <x>');
  assert.equal(renderTemplate(source, { name: 'A&B', v: '<x>' }, true), 'Hi A&amp;B: &lt;x&gt;');
  assert.equal(renderTemplate(source, { v: '"q"' }, true), 'Hi: &quot;q&quot;');
  assert.equal(renderTemplate('{{#a}}[{{#b}}{{b}}{{/b}}]{{/a}}', { a: 1, b: 'in' }, false), '[in]');
  assert.equal(renderTemplate('{{v}}', { v: '{{v}}' }, false), '{{v}}', 'a value is never a template');
});

test('a section closes the innermost open one of its name; one never closed keeps its content', () => {
  const nested = '{{#a}}A{{^a}}B{{/a}}C{{#b}}D{{/b}}E{{/a}}F';
  assert.equal(renderTemplate(nested, { a: 'x', b: 'y' }, false), 'ACDEF');
  assert.equal(renderTemplate(nested, {}, false), 'F');
  assert.equal(renderTemplate('{{#a}}X{{/b}}Y', {}, false), 'XY', 'unclosed: kept; a stray close: dropped');
  assert.equal(renderTemplate('{{#a}}{{#b}}X{{/a}}Y', { a: 1 }, false), 'XY');
});

test(
  'a hostile template (200,000 opened sections and as many closes of another name) renders in one pass',
  { timeout: 60_000 },
  () => {
    // Scanning ahead from each open for its close took minutes on this: each scan went to the end.
    const n = 200_000;
    const source = `${'{{#a}}x'.repeat(n)}${'{{/b}}'.repeat(n)}`;
    assert.equal(renderTemplate(source, {}, false), 'x'.repeat(n));
    const deep = `${'{{#a}}'.repeat(n)}y${'{{/a}}'.repeat(n)}`;
    assert.equal(renderTemplate(deep, { a: 1 }, false), 'y', 'nested 200,000 deep');
    assert.equal(renderTemplate(deep, {}, false), '');
  },
);

test('template checks find unknown variables and unbalanced sections', () => {
  const allowed = new Set(['a', 'b']);
  assert.deepEqual(checkTemplate('{{a}} {{#b}}x{{/b}}', allowed), []);
  assert.deepEqual(checkTemplate('{{c}}', allowed), [{ code: 'unknown_variable', name: 'c' }]);
  assert.deepEqual(checkTemplate('{{#a}}x', allowed), [{ code: 'unbalanced_section', name: 'a' }]);
});

test('every built-in template only uses its own variables, in every language', () => {
  for (const type of NOTIFICATION_TYPES) {
    for (const lang of LANGS) {
      const set = BUILTIN_TEMPLATES[type][lang];
      for (const part of [set.subject, set.text, set.html]) {
        assert.deepEqual(checkTemplate(part, allowedVariables(type)), [], `${type}/${lang}`);
      }
    }
  }
});

test('every type renders in both languages, with different words', () => {
  for (const type of NOTIFICATION_TYPES) {
    const es = renderNotification(BUILTIN_TEMPLATES, type, 'es', SAMPLE_DATA[type]);
    const en = renderNotification(BUILTIN_TEMPLATES, type, 'en', SAMPLE_DATA[type]);
    assert.notEqual(es.subject, en.subject, type);
    assert.notEqual(es.text, en.text, type);
    assert.doesNotMatch(es.text + es.html + es.subject, /\{\{/, `${type}: no placeholder is left`);
  }
});

test('a status change, and a verification with a code only', () => {
  const status = renderNotification(BUILTIN_TEMPLATES, 'case-updated', 'es', {
    caseId: 5,
    caseSubject: 'VPN',
    change: 'status',
    status: 'Resuelto',
  });
  assert.match(status.text, /El caso 5 ha cambiado de estado: Resuelto\./);
  assert.doesNotMatch(status.text, /respondido/);
  const code = renderNotification(BUILTIN_TEMPLATES, 'account-verification', 'en', {
    code: '123456',
    expiresAt: '2026-05-01T08:30:00Z',
  });
  assert.match(code.text, /enter this code: 123456/);
  assert.match(code.text, /1 May 2026/);
  assert.throws(
    () =>
      renderNotification(BUILTIN_TEMPLATES, 'account-verification', 'en', {
        expiresAt: '2026-05-01T08:30:00Z',
      }),
    (e: unknown) =>
      isDrobotError(e) && e.issues.some((i) => i.field === 'data.link' && i.code === 'required'),
  );
});

function templateDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-templates-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('a template directory overrides parts of the built-in templates', () => {
  const dir = templateDir({
    'alarm/en.subject.txt': 'ALARM {{severityText}} {{source}}\n',
    'alarm/en.txt': 'Custom: {{message}}\n',
  });
  const table = loadTemplates(dir);
  const rendered = renderNotification(table, 'alarm', 'en', SAMPLE_DATA.alarm);
  assert.equal(rendered.subject, 'ALARM Critical mail fetcher');
  assert.equal(rendered.text, `Custom: ${SAMPLE_DATA.alarm.message}\n`);
  assert.equal(rendered.html, renderNotification(BUILTIN_TEMPLATES, 'alarm', 'en', SAMPLE_DATA.alarm).html);
  assert.equal(table.alarm.es, BUILTIN_TEMPLATES.alarm.es);
});

test('bad template files are all reported when loaded', () => {
  const dir = templateDir({
    'alarm/es.txt': 'Hola {{nombre}}',
    'case-created/en.html': '{{#caseUrl}}open',
    'case-created/fr.txt': 'Bonjour',
    'newsletter/es.txt': 'x',
    'password-recovery/es.subject.txt': 'Línea 1\nLínea 2',
  });
  try {
    loadTemplates(dir);
    assert.fail('expected the templates to be refused');
  } catch (error) {
    assert.ok(isDrobotError(error));
    assert.equal(error.code, 'templates_invalid');
    const found = error.issues.map((i) => `${i.field}:${i.code}`).sort();
    assert.deepEqual(found, [
      'alarm/es.txt:unknown_variable',
      'case-created/en.html:unbalanced_section',
      'case-created/fr.txt:unknown_file',
      'newsletter:unknown_file',
      'password-recovery/es.subject.txt:multiline_subject',
    ]);
    assert.ok(error.render('es').issues?.every((i) => i.message.length > 0));
  }
});

test('a status key is named in the reader language: "resuelto" in Spanish', () => {
  const data = { caseId: 5, caseSubject: 'VPN', change: 'status', status: 'resolved' };
  const es = renderNotification(BUILTIN_TEMPLATES, 'case-updated', 'es', data);
  assert.match(es.text, /El caso 5 ha cambiado de estado: resuelto\./);
  assert.doesNotMatch(es.text + es.html, /resolved/);
  const en = renderNotification(BUILTIN_TEMPLATES, 'case-updated', 'en', data);
  assert.match(en.text, /Case 5 changed its status: resolved\./);
});
