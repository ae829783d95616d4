/**
 * The reply stripper alone, in this process: today's against the email-reply-parser package it replaced
 * (same output, see test/inbound/reply-stripper.test.ts), on the text parts of corpus mails.
 */
import EmailReplyParser from 'email-reply-parser';
import { simpleParser } from 'mailparser';
import { stripQuotedHistory } from '../src/inbound/parse/reply.stripper.js';
import { corpusMail } from './corpus.js';

export interface StripperFigure {
  readonly texts: number;
  readonly kbPerText: number;
  readonly referenceMsPerText: number;
  readonly currentMsPerText: number;
}

function perText(texts: readonly string[], strip: (t: string) => string): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (const text of texts) strip(text);
    best = Math.min(best, (performance.now() - started) / texts.length);
  }
  return best;
}

export async function measureStripper(count = 300): Promise<StripperFigure> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const parsed = await simpleParser(corpusMail(i, { tag: 'strip' }).raw);
    if (parsed.text) texts.push(parsed.text);
  }
  const reference = (text: string) => new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  return {
    texts: texts.length,
    kbPerText: texts.reduce((n, t) => n + t.length, 0) / texts.length / 1024,
    referenceMsPerText: perText(texts, reference),
    currentMsPerText: perText(texts, stripQuotedHistory),
  };
}
