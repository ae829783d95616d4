import type { NotificationType } from '../notification.types.js';
import type { Lang } from '../../i18n/lang.js';

/** The three parts of one notification in one language. */
export interface TemplateSet {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type TemplateTable = Record<NotificationType, Record<Lang, TemplateSet>>;

/** The plain HTML frame of the built-in templates: inline styles only, as mail clients require. */
export function htmlFrame(lang: Lang, body: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>{{productName}}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;line-height:1.5">',
    body.trim(),
    '<hr style="border:0;border-top:1px solid #ddd;margin-top:24px">',
    lang === 'es'
      ? '<p style="font-size:12px;color:#777">Mensaje automático de {{productName}}.</p>'
      : '<p style="font-size:12px;color:#777">Automatic message from {{productName}}.</p>',
    '</body></html>',
    '',
  ].join('\n');
}
