import fs from 'node:fs';
import path from 'node:path';
import { DrobotError, type FieldIssue } from '../../errors/drobot-error.js';
import { isLang, LANGS } from '../../i18n/lang.js';
import { notificationErrors, templateTexts } from '../notification.errors.js';
import { isNotificationType, NOTIFICATION_TYPES } from '../notification.types.js';
import { BUILTIN_TEMPLATES } from './builtin.templates.js';
import { checkTemplate } from './template.engine.js';
import type { TemplateSet, TemplateTable } from './template.layout.js';
import { allowedVariables } from './template.schemas.js';

/**
 * Templates an administrator overrides live in a directory, one folder per type and one file per part:
 * `case-created/es.subject.txt`, `case-created/es.txt`, `case-created/es.html`. Any part left out keeps
 * the built-in one. Every file is checked when loaded, and every problem is reported at once.
 */

const PART_FILES: Record<string, keyof TemplateSet> = {
  'subject.txt': 'subject',
  txt: 'text',
  html: 'html',
};

function problemsOf(table: TemplateTable): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const type of NOTIFICATION_TYPES) {
    const allowed = allowedVariables(type);
    for (const lang of LANGS) {
      const set = table[type][lang];
      for (const part of ['subject', 'text', 'html'] as const) {
        const field = `${type}/${lang}.${part === 'subject' ? 'subject.txt' : part === 'text' ? 'txt' : 'html'}`;
        for (const problem of checkTemplate(set[part], allowed)) {
          issues.push({
            field,
            code: problem.code,
            message: templateTexts[problem.code],
            params: { name: problem.name },
          });
        }
        if (part === 'subject' && /[\r\n]/.test(set.subject)) {
          issues.push({ field, code: 'multiline_subject', message: templateTexts.multiline_subject });
        }
      }
    }
  }
  return issues;
}

function copyTable(): Record<string, Record<string, TemplateSet>> {
  const table: Record<string, Record<string, TemplateSet>> = {};
  for (const type of NOTIFICATION_TYPES) table[type] = { ...BUILTIN_TEMPLATES[type] };
  return table;
}

/** The built-in templates with the directory's overrides applied; throws listing every problem. */
export function loadTemplates(dir: string | undefined): TemplateTable {
  if (!dir) return BUILTIN_TEMPLATES;
  const table = copyTable();
  const issues: FieldIssue[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !isNotificationType(entry.name)) {
      issues.push({ field: entry.name, code: 'unknown_file', message: templateTexts.unknown_file });
      continue;
    }
    const type = entry.name;
    for (const file of fs.readdirSync(path.join(dir, type))) {
      const field = `${type}/${file}`;
      const dot = file.indexOf('.');
      const lang = file.slice(0, dot);
      const part = PART_FILES[file.slice(dot + 1)];
      const set = table[type];
      if (dot <= 0 || !isLang(lang) || !part || !set) {
        issues.push({ field, code: 'unknown_file', message: templateTexts.unknown_file });
        continue;
      }
      let content: string;
      try {
        content = fs.readFileSync(path.join(dir, type, file), 'utf8');
      } catch (error) {
        const detail = (error as Error).message;
        issues.push({ field, code: 'unreadable', message: templateTexts.unreadable, params: { detail } });
        continue;
      }
      const current = set[lang] ?? BUILTIN_TEMPLATES[type][lang];
      // An editor's final newline is no part of a subject.
      set[lang] = { ...current, [part]: part === 'subject' ? content.replace(/\r?\n$/, '') : content };
    }
  }
  const loaded = table as TemplateTable;
  issues.push(...problemsOf(loaded));
  if (issues.length > 0) {
    throw new DrobotError(notificationErrors.templatesInvalid, {
      issues,
      field: issues[0]?.field,
      params: { dir, summary: [...new Set(issues.map((i) => i.field))].join(', ') },
    });
  }
  return loaded;
}
